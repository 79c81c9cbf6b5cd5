/**
 * The center's dashboard: requests created per ISO week by their current status, the active pipeline
 * by phase, motion and region, requests by preferred language, and the overdue clocks. One statement,
 * aggregated in PostgreSQL; center staff only (a customer or partner gets 403).
 * Weeks start on Monday 00:00 UTC, as the lists' "today" is a UTC date.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { RequestStatus } from '../../platform/db/schema.ts';
import type { Language } from '../../platform/i18n/i18n.ts';
import type { Actor } from '../access/actor.ts';
import { authorise, requireOrganisation } from '../access/policy.ts';
import { firstContactOverdue, notesOverdue } from '../engagements/engagement-views.ts';
import { getProgramme } from '../programme/programme.service.ts';
import { messageWaitingFor } from '../requests/request-views.ts';
import {
  awaitingResponse,
  type ResponseCalendars,
  responseCalendars,
  responseClock,
} from '../requests/response-clock.ts';
import { OPEN_STATUSES, REMINDERS, STATUSES } from '../requests/request.model.ts';

export const DEFAULT_WEEKS = 12;
export const MAX_WEEKS = 52;

export interface WeekCounts {
  /** Monday of the week, YYYY-MM-DD (UTC) */
  weekStart: string;
  /** ISO 8601 week, e.g. 2026-W05 */
  isoWeek: string;
  total: number;
  byStatus: Record<RequestStatus, number>;
}

export interface Dashboard {
  generatedAt: string;
  weeks: number;
  requestsByWeek: WeekCounts[];
  requestsByLanguage: { language: Language; requests: number }[];
  activeEngagements: number;
  engagementsByPhase: { phase: string; engagements: number; workloads: number }[];
  engagementsByMotion: { motion: string; engagements: number }[];
  engagementsByRegion: { region: string | null; engagements: number }[];
  overdue: { firstContact: number; notes: number };
  /**
   * open requests: nobody claimed them; waiting for the requester; no answer after every reminder; a message
   * from the requester's side waits; the center's first answer is past its response time
   */
  triage: { unclaimed: number; waiting: number; unanswered: number; messages: number; late: number };
  /**
   * the first-response clocks of the requests filed in the period: answered in time, answered late,
   * still unanswered past their response time, and still within it
   */
  firstAnswers: { inTime: number; late: number; overdue: number; waiting: number };
}

interface Row {
  by_week: { week: string; iso_week: string; counts: Partial<Record<RequestStatus, number>> }[];
  by_language: { language: Language; n: number }[];
  by_phase: { phase: string; engagements: number; workloads: number }[];
  by_motion: { motion: string; n: number }[];
  by_region: { region: string | null; n: number }[];
  active: number;
  first_contact_overdue: number;
  notes_overdue: number;
  triage: { unclaimed: number; waiting: number; unanswered: number; messages: number; late: number };
}

/** The dashboard's statement: every figure in one round trip (the pipeline counts active engagements, as the lists do). */
export function dashboardSql(weeks: number, now: Date, calendars: ResponseCalendars) {
  return sql<Row>`
    with bounds as (
      select date_trunc('week', ${now}::timestamptz at time zone 'UTC') - ${weeks - 1}::int * interval '1 week' as first_week,
             date_trunc('week', ${now}::timestamptz at time zone 'UTC') as last_week),
    weeks as (select generate_series(first_week, last_week, interval '1 week') as week from bounds),
    recent as (
      select r.status, r.preferred_language, date_trunc('week', r.created_at at time zone 'UTC') as week
      from requests r, bounds b
      where r.created_at >= b.first_week at time zone 'UTC'),
    per_week as (select week, status, count(*)::int as n from recent group by 1, 2),
    active as (select e.* from engagements e where e.status = 'active')
    select
      (select coalesce(json_agg(x order by x.week), '[]') from (
        select to_char(w.week, 'YYYY-MM-DD') as week, to_char(w.week, 'IYYY-"W"IW') as iso_week,
          coalesce(json_object_agg(p.status, p.n) filter (where p.status is not null), '{}') as counts
        from weeks w left join per_week p on p.week = w.week group by w.week) x) as by_week,
      (select coalesce(json_agg(x order by x.n desc, x.language), '[]') from (
        select preferred_language as language, count(*)::int as n from recent group by 1) x) as by_language,
      (select coalesce(json_agg(x order by x.engagements desc, x.phase), '[]') from (
        select s.phase, count(distinct s.engagement_id)::int as engagements, count(*)::int as workloads
        from service_records s join active e on e.id = s.engagement_id group by 1) x) as by_phase,
      (select coalesce(json_agg(x order by x.n desc, x.motion), '[]') from (
        select m.motion, count(*)::int as n from active e cross join unnest(e.motions) as m(motion) group by 1) x)
        as by_motion,
      (select coalesce(json_agg(x order by x.n desc, x.region nulls last), '[]') from (
        select e.region, count(*)::int as n from active e group by 1) x) as by_region,
      c.active, c.first_contact_overdue, c.notes_overdue,
      (select json_build_object(
         'unclaimed', count(*) filter (where requests.status = 'submitted' and requests.claimed_by is null),
         'waiting', count(*) filter (where requests.status = 'on-hold-pending-requestor-response'),
         'unanswered', count(*) filter (where requests.status = 'on-hold-pending-requestor-response'
           and requests.reminders_sent >= ${REMINDERS} and requests.next_reminder_at is null),
         'messages', count(*) filter (where ${messageWaitingFor(true)}),
         'late', count(*) filter (where ${awaitingResponse(calendars, now, true)}))
       from requests join customers c on c.organisation_id = requests.customer_id
       where requests.status in ('submitted', 'on-hold', 'on-hold-pending-requestor-response'))
       as triage
    from (
      select count(*)::int as active,
        (count(*) filter (where ${firstContactOverdue(now)}))::int as first_contact_overdue,
        (count(*) filter (where ${notesOverdue(now)}))::int as notes_overdue
      from active e) c`;
}

export async function getDashboard(
  db: Db,
  actor: Actor,
  weeks = DEFAULT_WEEKS,
  now = new Date(),
): Promise<Dashboard> {
  requireOrganisation(actor);
  authorise(actor, 'reports.read');
  const calendars = await responseCalendars(db, await getProgramme(db));
  const [{ rows }, firstAnswers] = await Promise.all([
    dashboardSql(weeks, now, calendars).execute(db),
    firstAnswersSince(db, calendars, periodStart(weeks, now), now),
  ]);
  const r = rows[0]!;
  return {
    generatedAt: now.toISOString(),
    weeks,
    requestsByWeek: r.by_week.map((w) => {
      const byStatus = Object.fromEntries(STATUSES.map((s) => [s, w.counts[s] ?? 0])) as Record<
        RequestStatus,
        number
      >;
      return {
        weekStart: w.week,
        isoWeek: w.iso_week,
        total: Object.values(byStatus).reduce((a, b) => a + b, 0),
        byStatus,
      };
    }),
    requestsByLanguage: r.by_language.map((l) => ({ language: l.language, requests: l.n })),
    activeEngagements: r.active,
    engagementsByPhase: r.by_phase,
    engagementsByMotion: r.by_motion.map((m) => ({ motion: m.motion, engagements: m.n })),
    engagementsByRegion: r.by_region.map((g) => ({ region: g.region, engagements: g.n })),
    overdue: { firstContact: r.first_contact_overdue, notes: r.notes_overdue },
    triage: r.triage,
    firstAnswers,
  };
}

/** Monday 00:00 UTC of the period's first week, as the weekly counts start. */
export function periodStart(weeks: number, now: Date): Date {
  const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7) - (weeks - 1) * 7);
  return monday;
}

/** How the first answers went for the requests filed since `from` (each clock read as the lists read it). */
async function firstAnswersSince(db: Db, calendars: ResponseCalendars, from: Date, now: Date) {
  const rows = await db
    .selectFrom('requests')
    .innerJoin('customers as c', 'c.organisation_id', 'requests.customer_id')
    .select(['requests.status', 'requests.created_at', 'requests.responded_at', 'c.country'])
    .where('requests.created_at', '>=', from)
    .where((eb) =>
      eb.or([eb('requests.responded_at', 'is not', null), eb('requests.status', 'in', OPEN_STATUSES)]),
    )
    .execute();
  const counts = { inTime: 0, late: 0, overdue: 0, waiting: 0 };
  const key = { met: 'inTime', missed: 'late', overdue: 'overdue', due: 'waiting' } as const;
  for (const row of rows) {
    const state = responseClock(calendars, row, now)?.state;
    if (state) counts[key[state]]++;
  }
  return counts;
}
