/**
 * Invites for a meeting, sent by the `meeting.invite` job after the change committed: for each attendee an
 * email in their language with the times in their zone and an iCalendar REQUEST (new or changed; the same UID,
 * SEQUENCE = the meeting's) or CANCEL. The online-meeting link is a Microsoft Teams meeting made through Graph
 * `onlineMeetings/createOrGet` (keyed by the meeting id, so a retried job gets the same meeting) when Graph is
 * configured, else the configured link template. A meeting's invites go out once per sequence number.
 */
import type { Config } from '../../config.ts';
import type { Db } from '../../platform/db/database.ts';
import { isLocale, type Locale } from '../../platform/i18n/i18n.ts';
import type { Jobs } from '../../platform/jobs/queue.ts';
import { queueEmail } from '../../platform/mail/mailer.ts';
import { getProgramme } from '../programme/programme.service.ts';
import { alertOverdueFirstContacts } from '../notifications/notifications.ts';
import { expireReferrals } from '../routing/referrals.ts';
import { buildCalendar } from './icalendar.ts';

export interface InviteDeps {
  db: Db;
  jobs: Jobs;
  config: Config;
  fetch?: typeof fetch;
}

/** "Monday, 30 November 2026, 15:00–16:00" in the reader's language and zone, with the zone's name. */
export function formatWhen(locale: string, timeZone: string, start: Date, end: Date): string {
  const fmt = new Intl.DateTimeFormat(locale, {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone,
  });
  const zone =
    new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'longGeneric' })
      .formatToParts(start)
      .find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  return `${fmt.formatRange(start, end)} (${zone})`;
}

/** Graph is called while the meeting row is locked: a slow answer fails the job (retried later) instead. */
const GRAPH_TIMEOUT_MS = 10_000;

let token: { value: string; until: number } | null = null;

async function graphToken(g: NonNullable<Config['graph']>, f: typeof fetch): Promise<string> {
  if (token && token.until > Date.now() + 60_000) return token.value;
  const res = await f(g.tokenUrl, {
    signal: AbortSignal.timeout(GRAPH_TIMEOUT_MS),
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: g.clientId,
      client_secret: g.clientSecret,
      scope: `${g.url}/.default`,
    }),
  });
  if (!res.ok) throw new Error(`Graph sign-in failed: ${res.status}`);
  const body = (await res.json()) as { access_token: string; expires_in: number };
  token = { value: body.access_token, until: Date.now() + body.expires_in * 1000 };
  return token.value;
}

/** A Teams meeting through Graph, or the link template, or nothing. */
export async function onlineMeeting(
  config: Config,
  f: typeof fetch,
  m: { id: string; starts_at: Date; ends_at: Date },
  organiserEmail: string | null,
  subject: string,
): Promise<{ url: string; id: string | null } | null> {
  if (config.graph && organiserEmail) {
    const g = config.graph;
    const res = await f(
      `${g.url}/v1.0/users/${encodeURIComponent(organiserEmail)}/onlineMeetings/createOrGet`,
      {
        signal: AbortSignal.timeout(GRAPH_TIMEOUT_MS),
        method: 'POST',
        headers: { authorization: `Bearer ${await graphToken(g, f)}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          externalId: m.id,
          startDateTime: m.starts_at.toISOString(),
          endDateTime: m.ends_at.toISOString(),
          subject,
        }),
      },
    );
    if (!res.ok) throw new Error(`Graph onlineMeetings failed: ${res.status}`);
    const body = (await res.json()) as { id: string; joinWebUrl: string };
    return { url: body.joinWebUrl, id: body.id };
  }
  if (config.meetingLinkTemplate)
    return { url: config.meetingLinkTemplate.replace('{meetingId}', encodeURIComponent(m.id)), id: null };
  return null;
}

export function inviteWorker(deps: InviteDeps) {
  const f = deps.fetch ?? fetch;
  return async (data: Record<string, unknown>) => {
    const meetingId = String(data.meetingId);
    const programme = await getProgramme(deps.db);
    await deps.db.transaction().execute(async (tx) => {
      const m = await tx
        .selectFrom('meetings as m')
        .innerJoin('engagements as e', 'e.id', 'm.engagement_id')
        .innerJoin('organisations as c', 'c.id', 'e.customer_id')
        .leftJoin('users as o', 'o.id', 'm.organiser_id')
        .select([
          'm.id',
          'm.kind',
          'm.status',
          'm.starts_at',
          'm.ends_at',
          'm.uid',
          'm.sequence',
          'm.online_url',
          'm.online_meeting_id',
          'm.engagement_id',
          'm.invited_sequence',
          'c.name as customer_name',
          'o.name as organiser_name',
          'o.email as organiser_email',
        ])
        .where('m.id', '=', meetingId)
        .forUpdate('m')
        .executeTakeFirst();
      if (!m || m.status === 'proposed') return;
      if (m.invited_sequence !== null && m.invited_sequence >= m.sequence) return; // sent already
      const cancelled = m.status === 'cancelled';
      const template = programme.meetings.find((t) => t.id === m.kind);
      const names = (template?.name ?? {}) as Record<string, string>;
      let url = m.online_url;
      if (!cancelled && !url) {
        const online = await onlineMeeting(
          deps.config,
          f,
          m,
          m.organiser_email,
          `${names.en ?? m.kind}: ${m.customer_name}`,
        );
        if (online) {
          url = online.url;
          await tx
            .updateTable('meetings')
            .set({ online_url: online.url, online_meeting_id: online.id })
            .where('id', '=', m.id)
            .execute();
        }
      }
      const attendees = await tx
        .selectFrom('meeting_attendees')
        .selectAll()
        .where('meeting_id', '=', m.id)
        .orderBy('email')
        .execute();
      const organiser = {
        name: m.organiser_name ?? 'FastTrack Center',
        email: m.organiser_email ?? deps.config.mailFrom.replace(/^.*<|>.*$/g, ''),
      };
      for (const a of attendees) {
        const locale: Locale = isLocale(a.language) ? a.language : 'en';
        const name = names[locale] ?? names.en ?? m.kind;
        const when = formatWhen(locale, a.time_zone, m.starts_at, m.ends_at);
        const link = `${deps.config.publicUrl}/engagements/${m.engagement_id}`;
        const ics = buildCalendar({
          method: cancelled ? 'CANCEL' : 'REQUEST',
          timeZone: a.time_zone,
          language: locale,
          events: [
            {
              uid: m.uid,
              sequence: m.sequence,
              start: m.starts_at,
              end: m.ends_at,
              summary: `${name}: ${m.customer_name}`,
              description: url ? `${url}\n\n${link}` : link,
              location: url ? 'Microsoft Teams' : undefined,
              url,
              organiser,
              attendees: attendees.map((x) => ({ name: x.name, email: x.email })),
              cancelled,
              stamp: new Date(),
            },
          ],
        });
        await queueEmail(tx, deps.jobs, {
          template: cancelled ? 'meetingCancelled' : m.sequence > 0 ? 'meetingUpdated' : 'meetingInvite',
          to: a.email,
          locale,
          values: {
            name: a.name,
            meeting: name,
            customer: m.customer_name,
            when,
            joinUrl: url ?? '',
            link,
          },
          ics: { method: cancelled ? 'CANCEL' : 'REQUEST', content: ics },
        });
      }
      await tx.updateTable('meetings').set({ invited_sequence: m.sequence }).where('id', '=', m.id).execute();
    });
  };
}

/** The scheduling jobs: invites after each meeting change; referral expiry and SLA alerts every 5 minutes. */
export async function schedulingWorkers(deps: InviteDeps, log: (msg: string) => void = () => {}) {
  await deps.jobs.work('meeting.invite', inviteWorker(deps));
  // every 5 minutes: unanswered referrals expire; overdue first contacts are announced once
  await deps.jobs.work('referral.expire', async () => {
    const expired = await expireReferrals(deps);
    if (expired.length > 0) log(`referrals expired: ${expired.length}`);
    const overdue = await alertOverdueFirstContacts(deps);
    if (overdue.length > 0) log(`first contacts overdue: ${overdue.length}`);
  });
}

export const REFERRAL_EXPIRY_CRON = '*/5 * * * *';
