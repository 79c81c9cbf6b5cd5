/**
 * Meetings in people's own calendars: one meeting as an .ics file for the reader, and a per-person feed
 * (PUBLISH, the person's zone and language) reached by a secret URL; creating a new URL retires the old one.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Deps } from '../../app.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import type { Actor } from '../access/actor.ts';
import { audit } from '../audit/audit.ts';
import { loadEngagement } from '../engagements/engagement-access.ts';
import { getProgramme } from '../programme/programme.service.ts';
import { buildCalendar } from './icalendar.ts';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function rotateCalendarFeed(deps: Deps, actor: Actor) {
  if (!actor.userId) throw forbidden();
  const token = randomBytes(24).toString('base64url');
  await deps.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ calendar_token_hash: hash(token) })
      .where('id', '=', actor.userId!)
      .execute();
    await audit(tx, actor, { action: 'calendar.feed_rotate', targetType: 'user', targetId: actor.userId! });
  });
  return { url: `${deps.config.publicUrl}/api/calendar/${token}.ics` };
}

/** The person's meetings (from 30 days ago) as a PUBLISH calendar in their zone and language; null if unknown. */
export async function calendarFeed(deps: Deps, token: string): Promise<string | null> {
  const user = await deps.db
    .selectFrom('users')
    .select(['id', 'language', 'time_zone'])
    .where('calendar_token_hash', '=', hash(token))
    .executeTakeFirst();
  if (!user) return null;
  const programme = await getProgramme(deps.db);
  const rows = await deps.db
    .selectFrom('meetings as m')
    .innerJoin('meeting_attendees as a', 'a.meeting_id', 'm.id')
    .innerJoin('engagements as e', 'e.id', 'm.engagement_id')
    .innerJoin('organisations as c', 'c.id', 'e.customer_id')
    .leftJoin('users as o', 'o.id', 'm.organiser_id')
    .select([
      'm.id',
      'm.uid',
      'm.sequence',
      'm.kind',
      'm.status',
      'm.starts_at',
      'm.ends_at',
      'm.online_url',
      'm.engagement_id',
      'c.name as customer',
      'o.name as organiser_name',
      'o.email as organiser_email',
    ])
    .where('a.user_id', '=', user.id)
    .where('m.status', '!=', 'proposed')
    .where('m.ends_at', '>', new Date(Date.now() - 30 * 86_400_000))
    .orderBy('m.starts_at')
    .limit(1000)
    .execute();
  const language = user.language ?? 'en';
  return buildCalendar({
    method: 'PUBLISH',
    timeZone: user.time_zone,
    language,
    events: rows.map((m) => {
      const names = (programme.meetings.find((t) => t.id === m.kind)?.name ?? {}) as Record<string, string>;
      return {
        uid: m.uid,
        sequence: m.sequence,
        start: m.starts_at,
        end: m.ends_at,
        summary: `${names[language] ?? names.en ?? m.kind}: ${m.customer}`,
        description: `${deps.config.publicUrl}/engagements/${m.engagement_id}`,
        url: m.online_url,
        location: m.online_url ? 'Microsoft Teams' : undefined,
        organiser: {
          name: m.organiser_name ?? 'FastTrack Center',
          email: m.organiser_email ?? 'no-reply@fasttrack.local',
        },
        attendees: [],
        cancelled: m.status === 'cancelled',
        stamp: new Date(),
      };
    }),
  });
}

/** One meeting as an .ics file for the caller (in their zone and language). */
export async function meetingIcs(deps: Deps, actor: Actor, meetingId: string): Promise<string> {
  const m = await deps.db.selectFrom('meetings').selectAll().where('id', '=', meetingId).executeTakeFirst();
  if (!m) throw notFound('meeting');
  const e = await loadEngagement(deps.db, actor, m.engagement_id);
  const programme = await getProgramme(deps.db);
  const names = (programme.meetings.find((t) => t.id === m.kind)?.name ?? {}) as Record<string, string>;
  const attendees = await deps.db
    .selectFrom('meeting_attendees')
    .select(['name', 'email'])
    .where('meeting_id', '=', m.id)
    .execute();
  const organiser = m.organiser_id
    ? await deps.db
        .selectFrom('users')
        .select(['name', 'email'])
        .where('id', '=', m.organiser_id)
        .executeTakeFirst()
    : undefined;
  return buildCalendar({
    method: 'PUBLISH',
    timeZone: actor.profile?.timeZone ?? m.time_zone,
    language: actor.locale,
    events: [
      {
        uid: m.uid,
        sequence: m.sequence,
        start: m.starts_at,
        end: m.ends_at,
        summary: `${names[actor.locale] ?? names.en ?? m.kind}: ${e.customer_name}`,
        description: `${deps.config.publicUrl}/engagements/${m.engagement_id}`,
        url: m.online_url,
        location: m.online_url ? 'Microsoft Teams' : undefined,
        organiser: organiser ?? { name: 'FastTrack Center', email: 'no-reply@fasttrack.local' },
        attendees,
        cancelled: m.status === 'cancelled',
        stamp: new Date(),
      },
    ],
  });
}
