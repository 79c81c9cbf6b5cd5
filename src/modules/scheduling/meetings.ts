/**
 * Meeting series of an engagement. When the primary FastTrack Manager is first assigned, the series is planned
 * for everyone assigned and the customer (kickoff within 2 business days in both parties' hours, the security
 * conversation, a workshop, weekly or biweekly checkpoints, governance for Customer Health) and booked — or
 * proposed when MEETING_BOOKING=propose. Bookings of a person are written under a per-person advisory lock after
 * reading their busy time, so concurrent assignments never double-book anyone. Invites go out by job after
 * commit: one iCalendar per attendee, in their language and time zone.
 */
import { sql } from 'kysely';
import type { Deps } from '../../app.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import type { MeetingStatus } from '../../platform/db/schema.ts';
import { conflict, fieldError, forbidden, notFound } from '../../platform/errors.ts';
import { Temporal } from '../../platform/time/temporal.ts';
import { newId } from '../../platform/ids.ts';
import type { Actor } from '../access/actor.ts';
import { audit } from '../audit/audit.ts';
import { businessDeadline, businessSpans } from '../calendar/business-calendar.ts';
import { isCenter, loadEngagement } from '../engagements/engagement-access.ts';
import type { Programme } from '../programme/programme.schema.ts';
import { getProgramme } from '../programme/programme.service.ts';
import { notify } from '../notifications/notifications.ts';
import { customerCalendar, loadRegionCalendar, personCalendar } from './calendars.ts';
import { findSlot, type Party, type PlannedMeeting, planSeries, type Span } from './slots.ts';

const DAY = 86_400_000;

/** Engagement roles → the attendee roles of the programme's meeting templates. */
const ATTENDEE_ROLE: Record<string, string> = {
  'fasttrack-manager': 'fasttrack-manager',
  'fasttrack-engineer': 'fasttrack-engineer',
  'migration-manager': 'migration-manager',
  'partner-manager': 'partner',
  'partner-engineer': 'partner',
};

interface Person {
  userId: string | null;
  email: string;
  name: string;
  role: string;
  language: string;
  timeZone: string;
}

/** Takes the per-person booking locks in a fixed order (no deadlocks between concurrent assignments). */
export async function lockPeople(tx: Tx, userIds: readonly string[]): Promise<void> {
  for (const id of [...new Set(userIds)].sort()) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`booking:${id}`}, 0))`.execute(tx);
  }
}

/** Locks the meeting's people (see lockPeople) and returns their ids. */
async function lockAttendees(tx: Tx, meetingId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('meeting_attendees')
    .select(['user_id'])
    .where('meeting_id', '=', meetingId)
    .execute();
  const ids = rows.flatMap((a) => (a.user_id ? [a.user_id] : []));
  await lockPeople(tx, ids);
  return ids;
}

async function busyOf(tx: Tx, userId: string, from: Date): Promise<Span[]> {
  const rows = await tx
    .selectFrom('bookings')
    .select(['starts_at', 'ends_at'])
    .where('user_id', '=', userId)
    .where('ends_at', '>', from)
    .execute();
  return rows.map((r) => ({ start: r.starts_at.getTime(), end: r.ends_at.getTime() }));
}

/** Everyone taking part in the engagement's meetings: assigned people and the customer's contacts. */
export async function participants(
  tx: Tx,
  engagementId: string,
): Promise<{ people: Person[]; customer: Person[] }> {
  const assigned = await tx
    .selectFrom('engagement_assignments as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['u.id', 'u.email', 'u.name', 'u.language', 'u.time_zone', 'a.role'])
    .where('a.engagement_id', '=', engagementId)
    .orderBy('a.created_at')
    .execute();
  const people: Person[] = [];
  for (const a of assigned) {
    if (people.some((p) => p.userId === a.id)) continue;
    people.push({
      userId: a.id,
      email: a.email,
      name: a.name,
      role: ATTENDEE_ROLE[a.role] ?? a.role,
      language: a.language ?? 'en',
      timeZone: a.time_zone,
    });
  }
  const request = await tx
    .selectFrom('requests as r')
    .innerJoin('customers as c', 'c.organisation_id', 'r.customer_id')
    .select([
      'r.requester_name',
      'r.requester_email',
      'r.primary_contact',
      'r.preferred_language',
      'c.time_zone',
    ])
    .where('r.engagement_id', '=', engagementId)
    .orderBy('r.created_at', 'desc')
    .executeTakeFirst();
  const customer: Person[] = [];
  if (request) {
    const contacts = [
      { name: request.primary_contact.name, email: request.primary_contact.email },
      { name: request.requester_name, email: request.requester_email },
    ];
    for (const c of contacts) {
      if (customer.some((x) => x.email.toLowerCase() === c.email.toLowerCase())) continue;
      const user = await tx
        .selectFrom('users')
        .select(['id', 'language', 'time_zone'])
        .where(sql<boolean>`lower(email) = lower(${c.email})`)
        .executeTakeFirst();
      customer.push({
        userId: user?.id ?? null,
        email: c.email,
        name: c.name,
        role: 'customer',
        language: user?.language ?? request.preferred_language,
        timeZone: user?.time_zone ?? request.time_zone,
      });
    }
  }
  return { people, customer };
}

/** Where the series ends: the latest planned deployment date of the engagement's workloads, at least 8 weeks. */
async function seriesEnd(tx: Tx, engagementId: string, now: Date): Promise<Date> {
  const row = await tx
    .selectFrom('service_records')
    .select(sql<string | null>`max(target_date)::text`.as('last'))
    .where('engagement_id', '=', engagementId)
    .executeTakeFirst();
  const planned = row?.last ? Date.parse(`${row.last}T00:00:00Z`) : 0;
  return new Date(Math.max(planned, now.getTime() + 56 * DAY));
}

/**
 * Plans and writes the engagement's meeting series (nothing when it already has meetings). Called inside the
 * assignment's transaction, whose audit record carries what it returns: how many meetings it wrote, whether the
 * kickoff made its deadline and when it is.
 */
export async function bookSeries(
  deps: Deps,
  tx: Tx,
  engagementId: string,
  now = new Date(),
): Promise<{
  meetings: number;
  kickoffInTime: boolean | null;
  kickoffAt: string | null;
  status: MeetingStatus | null;
}> {
  const existing = await tx
    .selectFrom('meetings')
    .select('id')
    .where('engagement_id', '=', engagementId)
    .where('status', '!=', 'cancelled')
    .executeTakeFirst();
  if (existing) return { meetings: 0, kickoffInTime: null, kickoffAt: null, status: null };
  const programme = await getProgramme(deps.db);
  const e = await tx
    .selectFrom('engagements as e')
    .innerJoin('customers as c', 'c.organisation_id', 'e.customer_id')
    .select(['e.id', 'e.region', 'e.motions', 'e.customer_id', 'c.time_zone'])
    .where('e.id', '=', engagementId)
    .executeTakeFirstOrThrow();
  const { people, customer } = await participants(tx, engagementId);
  const personIds = [...people, ...customer].flatMap((p) => (p.userId ? [p.userId] : []));
  await lockPeople(tx, personIds);

  const parties: Party[] = [];
  for (const p of people) {
    const profile = await tx
      .selectFrom('person_profiles')
      .select(['working_hours', 'holidays', 'away', 'regions'])
      .where('user_id', '=', p.userId!)
      .executeTakeFirst();
    const calendar = await personCalendar(tx, programme, {
      timeZone: p.timeZone,
      workingHours: profile?.working_hours ?? null,
      holidays: profile?.holidays ?? [],
      away: profile?.away ?? [],
      region: profile?.regions[0] ?? e.region,
    });
    parties.push({ id: p.userId!, calendar, busy: await busyOf(tx, p.userId!, now) });
  }
  const customerBusy: Span[] = [];
  for (const c of customer) if (c.userId) customerBusy.push(...(await busyOf(tx, c.userId, now)));
  parties.push({
    id: 'customer',
    calendar: await customerCalendar(tx, programme, e.region, e.time_zone),
    busy: customerBusy,
  });

  const region = await loadRegionCalendar(tx, programme, e.region);
  const kickoffDue = businessDeadline(region, now, programme.thresholds?.firstContactBusinessDays ?? 2);
  const plan = planSeries({
    now,
    kickoffDue,
    parties,
    motion: e.motions[0] ?? 'rfa',
    endBy: await seriesEnd(tx, engagementId, now),
    templates: programme.meetings ?? [],
    checkpoint: 'checkpoint-weekly',
  });
  const status: MeetingStatus = deps.config.meetingBooking === 'auto' ? 'scheduled' : 'proposed';
  const organiser = people.find((p) => p.role === 'fasttrack-manager') ?? people[0];
  for (const m of plan)
    await writeMeeting(deps, tx, programme, {
      engagementId,
      m,
      status,
      organiser,
      people,
      customer,
      zone: e.time_zone,
    });
  const kickoff = plan.find((m) => m.kind === 'kickoff');
  return {
    meetings: plan.length,
    kickoffInTime: kickoff?.inTime ?? null,
    kickoffAt: kickoff ? new Date(kickoff.start).toISOString() : null,
    status,
  };
}

async function writeMeeting(
  deps: Deps,
  tx: Tx,
  programme: Programme,
  a: {
    engagementId: string;
    m: PlannedMeeting;
    status: MeetingStatus;
    organiser: Person | undefined;
    people: Person[];
    customer: Person[];
    zone: string;
  },
) {
  const template = programme.meetings?.find((t) => t.id === a.m.kind);
  const roles = new Set<string>(template?.attendeeRoles ?? []);
  const attendees = [...a.people, ...a.customer].filter(
    (p) => roles.has(p.role) || p === a.organiser || (p.role === 'customer' && roles.has('customer')),
  );
  const id = newId('mtg');
  await tx
    .insertInto('meetings')
    .values({
      id,
      engagement_id: a.engagementId,
      kind: a.m.kind,
      series_index: a.m.index,
      status: a.status,
      starts_at: new Date(a.m.start),
      ends_at: new Date(a.m.end),
      time_zone: a.zone,
      uid: `${id}@fasttrack-center`,
      organiser_id: a.organiser?.userId ?? null,
    })
    .execute();
  if (attendees.length > 0) {
    await tx
      .insertInto('meeting_attendees')
      .values(
        attendees.map((p) => ({
          meeting_id: id,
          email: p.email,
          name: p.name,
          user_id: p.userId,
          role: p.role,
          language: p.language,
          time_zone: p.timeZone,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  if (a.status === 'scheduled') {
    await writeBookings(tx, id, attendees, a.m.start, a.m.end);
    await deps.jobs.enqueue(tx, 'meeting.invite', { meetingId: id });
  }
  return id;
}

async function writeBookings(
  tx: Tx,
  meetingId: string,
  attendees: { userId: string | null }[],
  start: number,
  end: number,
) {
  const ids = [...new Set(attendees.flatMap((p) => (p.userId ? [p.userId] : [])))];
  if (ids.length === 0) return;
  await tx
    .insertInto('bookings')
    .values(
      ids.map((user_id) => ({
        user_id,
        meeting_id: meetingId,
        starts_at: new Date(start),
        ends_at: new Date(end),
      })),
    )
    .execute();
}

/** People who already have something else at that time (the caller holds their locks). */
async function clashes(
  tx: Tx,
  userIds: string[],
  meetingId: string,
  start: Date,
  end: Date,
): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await tx
    .selectFrom('bookings')
    .select('user_id')
    .distinct()
    .where('user_id', 'in', userIds)
    .where('meeting_id', '!=', meetingId)
    .where('starts_at', '<', end)
    .where('ends_at', '>', start)
    .execute();
  return rows.map((r) => r.user_id);
}

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
  return deps.db.transaction().execute(async (tx) => {
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
  return deps.db.transaction().execute(async (tx) => {
    const { m, e } = await loadMeeting(tx, actor, meetingId, true);
    if (m.status === 'cancelled') throw conflict('errors.detail.meetingCancelled');
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

/**
 * After a kickoff or a one-off conversation moves later, the one-off conversations that followed it and now
 * come first move after it too (recurring checkpoints keep their dates): same order as planned, first free time.
 */
async function reflow(
  deps: Deps,
  tx: Tx,
  engagementId: string,
  movedId: string,
  after: Date,
): Promise<number> {
  const ORDER = ['kickoff', 'security-conversation', 'workshop'];
  const moved = await tx
    .selectFrom('meetings')
    .select(['kind'])
    .where('id', '=', movedId)
    .executeTakeFirstOrThrow();
  const rank = ORDER.indexOf(moved.kind);
  if (rank < 0 || rank === ORDER.length - 1) return 0;
  const later = await tx
    .selectFrom('meetings')
    .selectAll()
    .where('engagement_id', '=', engagementId)
    .where('status', '!=', 'cancelled')
    .where('kind', 'in', ORDER.slice(rank + 1))
    .where('starts_at', '<', after)
    .orderBy('starts_at')
    .execute();
  let cursor = after.getTime() + DAY / 2;
  for (const m of later) {
    const ids = await lockAttendees(tx, m.id);
    const duration = m.ends_at.getTime() - m.starts_at.getTime();
    const programme = await getProgramme(deps.db);
    const e = await tx
      .selectFrom('engagements')
      .select(['region'])
      .where('id', '=', engagementId)
      .executeTakeFirstOrThrow();
    const cal = await customerCalendar(tx, programme, e.region, m.time_zone);
    const others = ids.length
      ? await tx
          .selectFrom('bookings')
          .select(['starts_at', 'ends_at'])
          .where('user_id', 'in', ids)
          .where('meeting_id', '!=', m.id)
          .where('ends_at', '>', new Date(cursor))
          .execute()
      : [];
    const busy = others.map((b) => ({ start: b.starts_at.getTime(), end: b.ends_at.getTime() }));
    const slot = findSlot(
      [{ id: 'all', calendar: cal, busy }],
      new Date(cursor),
      new Date(cursor + 30 * DAY),
      duration / 60_000,
    );
    if (!slot) continue;
    await tx
      .updateTable('meetings')
      .set({
        starts_at: new Date(slot.start),
        ends_at: new Date(slot.end),
        sequence: m.sequence + 1,
        updated_at: sql`now()`,
      })
      .where('id', '=', m.id)
      .execute();
    if (m.status === 'scheduled') {
      await tx
        .updateTable('bookings')
        .set({ starts_at: new Date(slot.start), ends_at: new Date(slot.end) })
        .where('meeting_id', '=', m.id)
        .execute();
      await deps.jobs.enqueue(tx, 'meeting.invite', { meetingId: m.id });
    }
    cursor = slot.end + DAY / 2;
  }
  return later.length;
}

export async function cancelMeeting(deps: Deps, actor: Actor, meetingId: string, input: { reason?: string }) {
  mayChange(actor);
  return deps.db.transaction().execute(async (tx) => {
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

/**
 * The customer paused the engagement until `until` (its local date): every scheduled meeting before the end of
 * that day moves after it, keeping its wall time in the customer's zone and the spacing between meetings, at the
 * first time free for its people and inside the customer's hours. Returns how many moved (each sends an update).
 */
export async function reflowAfterDelay(
  deps: Deps,
  tx: Tx,
  engagementId: string,
  until: string,
): Promise<number> {
  const e = await tx
    .selectFrom('engagements as e')
    .innerJoin('customers as c', 'c.organisation_id', 'e.customer_id')
    .select(['e.region', 'c.time_zone'])
    .where('e.id', '=', engagementId)
    .executeTakeFirstOrThrow();
  const resume = Temporal.PlainDate.from(until).add({ days: 1 }).toZonedDateTime({ timeZone: e.time_zone });
  const affected = await tx
    .selectFrom('meetings')
    .selectAll()
    .where('engagement_id', '=', engagementId)
    .where('status', '=', 'scheduled')
    .where('starts_at', '>', new Date())
    .where('starts_at', '<', new Date(resume.epochMilliseconds))
    .orderBy('starts_at')
    .execute();
  if (affected.length === 0) return 0;
  const programme = await getProgramme(deps.db);
  const cal = await customerCalendar(tx, programme, e.region, e.time_zone);
  const firstDay = Temporal.Instant.fromEpochMilliseconds(affected[0]!.starts_at.getTime())
    .toZonedDateTimeISO(e.time_zone)
    .toPlainDate();
  const shift = firstDay.until(resume.toPlainDate()).days;
  for (const m of affected) {
    const ids = await lockAttendees(tx, m.id);
    const preferred = Temporal.Instant.fromEpochMilliseconds(m.starts_at.getTime())
      .toZonedDateTimeISO(e.time_zone)
      .add({ days: shift }).epochMilliseconds;
    const others = ids.length
      ? await tx
          .selectFrom('bookings')
          .select(['starts_at', 'ends_at'])
          .where('user_id', 'in', ids)
          .where('meeting_id', '!=', m.id)
          .where('ends_at', '>', new Date(preferred))
          .execute()
      : [];
    const busy = others.map((b) => ({ start: b.starts_at.getTime(), end: b.ends_at.getTime() }));
    const minutes = (m.ends_at.getTime() - m.starts_at.getTime()) / 60_000;
    const slot = findSlot(
      [{ id: 'all', calendar: cal, busy }],
      new Date(preferred),
      new Date(preferred + 30 * DAY),
      minutes,
    );
    if (!slot) continue;
    await tx
      .updateTable('meetings')
      .set({
        starts_at: new Date(slot.start),
        ends_at: new Date(slot.end),
        sequence: m.sequence + 1,
        reason: 'delay',
        updated_at: sql`now()`,
      })
      .where('id', '=', m.id)
      .execute();
    await tx
      .updateTable('bookings')
      .set({ starts_at: new Date(slot.start), ends_at: new Date(slot.end) })
      .where('meeting_id', '=', m.id)
      .execute();
    await deps.jobs.enqueue(tx, 'meeting.invite', { meetingId: m.id });
  }
  return affected.length;
}
