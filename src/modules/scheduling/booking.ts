/**
 * Booking an engagement's meeting series. When the primary FastTrack Manager is first assigned, the series is
 * planned for everyone assigned and the customer (kickoff within 2 business days in both parties' hours, the
 * security conversation, a workshop, weekly checkpoints, governance for Customer Health) and booked — or proposed
 * when MEETING_BOOKING=propose. Bookings of a person are written under a per-person advisory lock after reading
 * their busy time, so concurrent assignments never double-book anyone. Invites go out by job after commit.
 */
import { sql } from 'kysely';
import type { Deps } from '../../app.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { MeetingStatus } from '../../platform/db/schema.ts';
import { newId } from '../../platform/ids.ts';
import { businessDeadline } from '../calendar/business-calendar.ts';
import type { Programme } from '../programme/programme.schema.ts';
import { getProgramme } from '../programme/programme.service.ts';
import { customerCalendar, loadRegionCalendar, personCalendar } from './calendars.ts';
import { type Party, type PlannedMeeting, planSeries, type Span } from './slots.ts';

export const DAY = 86_400_000;

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
export async function lockAttendees(tx: Tx, meetingId: string): Promise<string[]> {
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

export async function writeBookings(
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
export async function clashes(
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

/** Busy time of these people from `from` on, except the meeting being moved (the caller holds their locks). */
export async function othersBusy(tx: Tx, userIds: string[], meetingId: string, from: Date): Promise<Span[]> {
  if (userIds.length === 0) return [];
  const rows = await tx
    .selectFrom('bookings')
    .select(['starts_at', 'ends_at'])
    .where('user_id', 'in', userIds)
    .where('meeting_id', '!=', meetingId)
    .where('ends_at', '>', from)
    .execute();
  return rows.map((b) => ({ start: b.starts_at.getTime(), end: b.ends_at.getTime() }));
}
