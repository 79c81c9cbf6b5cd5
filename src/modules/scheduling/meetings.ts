/**
 * Meetings of an engagement: the list (everyone who sees the engagement), and the center's changes — confirm
 * proposed meetings, reschedule (same UID, higher SEQUENCE; later one-off conversations re-flow) and cancel
 * (METHOD:CANCEL). Each change is audited, notifies the people and sends updated invites by job.
 */
import { sql } from 'kysely';
import type { Deps } from '../../app.ts';
import { type Db, type Tx, transactionWithRetry } from '../../platform/db/database.ts';
import type { MeetingStatus } from '../../platform/db/schema.ts';
import { conflict, fieldError, forbidden, notFound } from '../../platform/errors.ts';
import type { Actor } from '../access/actor.ts';
import { audit } from '../audit/audit.ts';
import { businessSpans } from '../calendar/business-calendar.ts';
import { isCenter, loadEngagement } from '../engagements/engagement-access.ts';
import { notify } from '../notifications/notifications.ts';
import type { Programme } from '../programme/programme.schema.ts';
import { getProgramme } from '../programme/programme.service.ts';
import { clashes, DAY, lockAttendees, lockPeople, writeBookings } from './booking.ts';
import { customerCalendar } from './calendars.ts';
import { reflow } from './reflow.ts';

// ---------------------------------------------------------------------------------------------------------------
// reads
// ---------------------------------------------------------------------------------------------------------------

export interface MeetingView {
  id: string;
  engagementId: string;
  kind: string;
  name: string;
  seriesIndex: number;
  status: MeetingStatus;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  sequence: number;
  onlineUrl: string | null;
  attendees: { name: string; email: string; role: string }[];
}

function meetingName(programme: Programme, kind: string, language: string): string {
  const t = programme.meetings?.find((m) => m.id === kind);
  const names = (t?.name ?? {}) as Record<string, string>;
  return names[language] ?? names.en ?? kind;
}

export async function listMeetings(deps: Deps, actor: Actor, engagementId: string): Promise<MeetingView[]> {
  await loadEngagement(deps.db, actor, engagementId);
  const programme = await getProgramme(deps.db);
  const rows = await deps.db
    .selectFrom('meetings as m')
    .select([
      'm.id',
      'm.engagement_id',
      'm.kind',
      'm.series_index',
      'm.status',
      'm.starts_at',
      'm.ends_at',
      'm.time_zone',
      'm.sequence',
      'm.online_url',
      sql<{ name: string; email: string; role: string }[]>`coalesce((select json_agg(json_build_object(
        'name', a.name, 'email', a.email, 'role', a.role) order by a.role, a.name)
        from meeting_attendees a where a.meeting_id = m.id), '[]'::json)`.as('attendees'),
    ])
    .where('m.engagement_id', '=', engagementId)
    .orderBy('m.starts_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    engagementId: r.engagement_id,
    kind: r.kind,
    name: meetingName(programme, r.kind, actor.locale),
    seriesIndex: r.series_index,
    status: r.status,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    timeZone: r.time_zone,
    sequence: r.sequence,
    onlineUrl: r.online_url,
    attendees: r.attendees,
  }));
}

async function loadMeeting(tx: Db | Tx, actor: Actor, meetingId: string, lock = false) {
  let q = tx.selectFrom('meetings').selectAll().where('id', '=', meetingId);
  if (lock) q = q.forUpdate() as typeof q;
  const m = await q.executeTakeFirst();
  if (!m) throw notFound('meeting');
  const e = await loadEngagement(tx, actor, m.engagement_id); // 404 when out of scope
  return { m, e };
}

/** Center people change meetings (the customer and partners see them and get the invites). */
function mayChange(actor: Actor) {
  if (!isCenter(actor)) throw forbidden('errors.detail.meetingsCenterOnly');
}

// ---------------------------------------------------------------------------------------------------------------
// changes: confirm proposed meetings, reschedule (same UID, higher SEQUENCE), cancel (METHOD:CANCEL)
// ---------------------------------------------------------------------------------------------------------------

export async function confirmMeetings(deps: Deps, actor: Actor, engagementId: string) {
  mayChange(actor);
  return transactionWithRetry(deps.db, async (tx) => {
    const e = await loadEngagement(tx, actor, engagementId, true);
    const proposed = await tx
      .selectFrom('meetings')
      .selectAll()
      .where('engagement_id', '=', engagementId)
      .where('status', '=', 'proposed')
      .orderBy('starts_at')
      .execute();
    const attendees = await tx
      .selectFrom('meeting_attendees')
      .select(['meeting_id', 'user_id'])
      .where('meeting_id', 'in', proposed.length ? proposed.map((m) => m.id) : [''])
      .execute();
    await lockPeople(
      tx,
      attendees.flatMap((a) => (a.user_id ? [a.user_id] : [])),
    );
    let confirmed = 0;
    const skipped: string[] = [];
    for (const m of proposed) {
      const who = attendees.filter((a) => a.meeting_id === m.id).map((a) => ({ userId: a.user_id }));
      const ids = who.flatMap((w) => (w.userId ? [w.userId] : []));
      if ((await clashes(tx, ids, m.id, m.starts_at, m.ends_at)).length > 0) {
        skipped.push(m.id);
        continue;
      }
      await tx
        .updateTable('meetings')
        .set({ status: 'scheduled', updated_at: sql`now()` })
        .where('id', '=', m.id)
        .execute();
      await writeBookings(tx, m.id, who, m.starts_at.getTime(), m.ends_at.getTime());
      await deps.jobs.enqueue(tx, 'meeting.invite', { meetingId: m.id });
      confirmed++;
    }
    await audit(tx, actor, {
      action: 'meeting.confirm',
      targetType: 'engagement',
      targetId: engagementId,
      organisationId: e.customer_id,
      after: { confirmed, skipped },
    });
    return { confirmed, skipped };
  });
}

export async function rescheduleMeeting(
  deps: Deps,
  actor: Actor,
  meetingId: string,
  input: { startsAt: string; reason?: string },
) {
  mayChange(actor);
  const start = new Date(input.startsAt);
  if (Number.isNaN(start.getTime())) throw fieldError('/body/startsAt', 'errors.field.dateTime');
  if (start.getTime() < Date.now()) throw fieldError('/body/startsAt', 'errors.field.dateInPast');
  return transactionWithRetry(deps.db, async (tx) => {
    const { m, e } = await loadMeeting(tx, actor, meetingId, true);
    if (m.status === 'cancelled') throw conflict('errors.detail.meetingCancelled');
    // already there (e.g. a retried request): nothing changes, no second update goes out
    if (start.getTime() === m.starts_at.getTime())
      return { id: m.id, sequence: m.sequence, startsAt: start.toISOString(), moved: 0 };
    const end = new Date(start.getTime() + (m.ends_at.getTime() - m.starts_at.getTime()));
    const ids = await lockAttendees(tx, m.id);
    const busy = await clashes(tx, ids, m.id, start, end);
    if (busy.length > 0) throw fieldError('/body/startsAt', 'errors.field.personBusy');
    // the customer's business hours still apply
    const programme = await getProgramme(deps.db);
    const customerTz = m.time_zone;
    const cal = await customerCalendar(tx, programme, e.region, customerTz);
    const inHours = businessSpans(cal, new Date(start.getTime() - DAY), new Date(end.getTime() + DAY)).some(
      (s) => s.start <= start.getTime() && end.getTime() <= s.end,
    );
    if (!inHours) throw fieldError('/body/startsAt', 'errors.field.outsideBusinessHours');
    await tx
      .updateTable('meetings')
      .set({
        starts_at: start,
        ends_at: end,
        sequence: m.sequence + 1,
        reason: input.reason ?? null,
        updated_at: sql`now()`,
      })
      .where('id', '=', m.id)
      .execute();
    if (m.status === 'scheduled') {
      await tx
        .updateTable('bookings')
        .set({ starts_at: start, ends_at: end })
        .where('meeting_id', '=', m.id)
        .execute();
      await deps.jobs.enqueue(tx, 'meeting.invite', { meetingId: m.id });
    }
    const moved = await reflow(deps, tx, m.engagement_id, m.id, end);
    await notify(tx, ids, 'meeting', 'meetingMoved', { customer: e.customer_name }, `/engagements/${e.id}`);
    await audit(tx, actor, {
      action: 'meeting.reschedule',
      targetType: 'meeting',
      targetId: m.id,
      organisationId: e.customer_id,
      before: { startsAt: m.starts_at.toISOString(), sequence: m.sequence },
      after: { startsAt: start.toISOString(), sequence: m.sequence + 1, reason: input.reason ?? null, moved },
    });
    return { id: m.id, sequence: m.sequence + 1, startsAt: start.toISOString(), moved };
  });
}

export async function cancelMeeting(deps: Deps, actor: Actor, meetingId: string, input: { reason?: string }) {
  mayChange(actor);
  return transactionWithRetry(deps.db, async (tx) => {
    const { m, e } = await loadMeeting(tx, actor, meetingId, true);
    if (m.status === 'cancelled') throw conflict('errors.detail.meetingCancelled');
    await tx
      .updateTable('meetings')
      .set({
        status: 'cancelled',
        sequence: m.sequence + 1,
        reason: input.reason ?? null,
        updated_at: sql`now()`,
      })
      .where('id', '=', m.id)
      .execute();
    const people = await tx.selectFrom('bookings').select('user_id').where('meeting_id', '=', m.id).execute();
    await notify(
      tx,
      people.map((p) => p.user_id),
      'meeting',
      'meetingCancelled',
      { customer: e.customer_name },
      `/engagements/${e.id}`,
    );
    await tx.deleteFrom('bookings').where('meeting_id', '=', m.id).execute();
    if (m.status === 'scheduled') await deps.jobs.enqueue(tx, 'meeting.invite', { meetingId: m.id });
    await audit(tx, actor, {
      action: 'meeting.cancel',
      targetType: 'meeting',
      targetId: m.id,
      organisationId: e.customer_id,
      before: { status: m.status, sequence: m.sequence },
      after: { status: 'cancelled', sequence: m.sequence + 1, reason: input.reason ?? null },
    });
    return { id: m.id, sequence: m.sequence + 1, status: 'cancelled' as const };
  });
}
