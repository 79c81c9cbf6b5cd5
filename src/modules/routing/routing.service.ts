/**
 * Routing against the database: the need of an engagement (its customer's language, region, country, size and
 * workloads), the candidates (center people with their profiles and current load; partners with theirs), ranked
 * with reasons in the reader's language; auto-assignment of one engagement or of a whole queue.
 */
import { sql } from 'kysely';
import type { Deps } from '../../app.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { conflict, forbidden } from '../../platform/errors.ts';
import { type Locale, t } from '../../platform/i18n/i18n.ts';
import type { Actor } from '../access/actor.ts';
import { addBusinessDaysToDate, localDate } from '../calendar/business-calendar.ts';
import {
  type EngagementRef,
  isCenter,
  isCenterLead,
  loadEngagement,
} from '../engagements/engagement-access.ts';
import { type AssignmentRole, assign } from '../engagements/engagement-people.ts';
import type { Programme } from '../programme/programme.schema.ts';
import { getProgramme } from '../programme/programme.service.ts';
import { loadRegionCalendar } from '../scheduling/calendars.ts';
import { assignQueue } from './assign-queue.ts';
import { type Candidate, type Need, type Ranked, rank, type Reason } from './route.ts';

export const ROUTABLE_ROLES = ['fasttrack-manager', 'fasttrack-engineer', 'migration-manager'] as const;
export type RoutableRole = (typeof ROUTABLE_ROLES)[number];

export async function needOf(
  db: Db | Tx,
  e: Pick<EngagementRef, 'id' | 'customer_id' | 'region'>,
  kind: 'person' | 'partner',
  role?: string,
  now = new Date(),
): Promise<Need> {
  const c = await db
    .selectFrom('customers as c')
    .select([
      'c.country',
      'c.language',
      'c.segment',
      sql<string | null>`(select r.preferred_language from requests r where r.engagement_id = ${e.id}
        order by r.created_at desc limit 1)`.as('preferred_language'),
      sql<string>`coalesce((select sum(s.paid_seats) from subscriptions s where s.customer_id = c.organisation_id
        and s.status = 'active' and s.licence_kind = 'paid'), 0)::text`.as('seats'),
      sql<string[]>`coalesce((select array_agg(distinct sr.workload) from service_records sr
        where sr.engagement_id = ${e.id}), '{}')`.as('workloads'),
    ])
    .where('c.organisation_id', '=', e.customer_id)
    .executeTakeFirstOrThrow();
  const programme = await getProgramme(db as Db);
  const cal = await loadRegionCalendar(db, programme, e.region);
  const from = localDate(cal, now);
  return {
    kind,
    role,
    customerId: e.customer_id,
    language: c.preferred_language ?? c.language,
    region: e.region ?? programme.regions[0]!.id,
    country: c.country,
    workloads: c.workloads,
    seats: Number(c.seats),
    industry: null,
    from,
    until: addBusinessDaysToDate(cal, from, programme.thresholds?.firstContactBusinessDays ?? 2),
  };
}

export interface NamedCandidate extends Candidate {
  name: string;
}

/** Center people with a routing profile, with their load (active engagements) and earlier customers. */
export async function personCandidates(db: Db | Tx): Promise<NamedCandidate[]> {
  const rows = await db
    .selectFrom('person_profiles as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select([
      'p.user_id',
      'u.name',
      'p.roles',
      'p.languages',
      'p.regions',
      'p.workloads',
      'p.capacity',
      'p.away',
      'p.last_assigned_at',
      sql<string>`(select count(distinct a.engagement_id) from engagement_assignments a
        join engagements e on e.id = a.engagement_id where a.user_id = p.user_id and e.status = 'active')::text`.as(
        'load',
      ),
      sql<string[]>`coalesce((select array_agg(distinct e.customer_id) from engagement_assignments a
        join engagements e on e.id = a.engagement_id where a.user_id = p.user_id), '{}')`.as('customers'),
    ])
    .orderBy('p.user_id')
    .execute();
  return rows.map((r) => ({
    id: r.user_id,
    name: r.name,
    roles: r.roles,
    languages: r.languages,
    regions: r.regions,
    workloads: r.workloads,
    capacity: r.capacity,
    load: Number(r.load),
    away: r.away,
    lastAssignedAt: r.last_assigned_at?.getTime() ?? null,
    customers: new Set(r.customers),
  }));
}

/** Partners with a routing profile; load = open offers and accepted referrals on active engagements. */
export async function partnerCandidates(db: Db | Tx): Promise<NamedCandidate[]> {
  const rows = await db
    .selectFrom('partner_profiles as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select([
      'p.organisation_id',
      'o.name',
      'p.languages',
      'p.countries',
      'p.industries',
      'p.min_seats',
      'p.max_seats',
      'p.workloads',
      'p.capacity',
      'p.paused_until',
      'p.last_offered_at',
      sql<string>`(select count(*) from referrals f join engagements e on e.id = f.engagement_id
        where f.partner_id = p.organisation_id and f.status in ('offered', 'accepted') and e.status = 'active')::text`.as(
        'load',
      ),
      sql<string[]>`coalesce((select array_agg(pr.customer_id) from partner_relationships pr
        where pr.partner_id = p.organisation_id and pr.status = 'approved'), '{}')`.as('customers'),
    ])
    .orderBy('p.organisation_id')
    .execute();
  return rows.map((r) => ({
    id: r.organisation_id,
    name: r.name,
    languages: r.languages,
    countries: r.countries,
    industries: r.industries,
    minSeats: r.min_seats,
    maxSeats: r.max_seats,
    workloads: r.workloads,
    capacity: r.capacity,
    load: Number(r.load),
    pausedUntil: r.paused_until,
    lastAssignedAt: r.last_offered_at?.getTime() ?? null,
    customers: new Set(r.customers),
  }));
}

export interface ReasonView extends Reason {
  text: string;
}

export interface CandidateView {
  id: string;
  name: string;
  eligible: boolean;
  score: number;
  reasons: ReasonView[];
}

/** Ids and dates in a reason's values, in the reader's words: role, region, workload, language, country names. */
function readable(locale: Locale, programme: Programme, r: Reason): Record<string, string | number> {
  const list = (v: string | number, one: (x: string) => string) =>
    String(v).split(', ').filter(Boolean).map(one).join(', ');
  const named = (items: { id: string; name: unknown }[], id: string) => {
    const names = (items.find((x) => x.id === id)?.name ?? {}) as Record<string, string>;
    return names[locale] ?? names.en ?? id;
  };
  const language = new Intl.DisplayNames([locale === 'en-XA' ? 'en' : locale], { type: 'language' });
  const country = new Intl.DisplayNames([locale === 'en-XA' ? 'en' : locale], { type: 'region' });
  const date = new Intl.DateTimeFormat(locale === 'en-XA' ? 'en' : locale, {
    dateStyle: 'medium',
    timeZone: 'UTC',
  });
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(r.values)) {
    if (k === 'role') out[k] = t(locale, `ui.engagement.role.${v}`);
    else if (k === 'region' || k === 'regions') out[k] = list(v, (x) => named(programme.regions, x));
    else if (k === 'workloads' || k === 'missing') out[k] = list(v, (x) => named(programme.workloads, x));
    else if (k === 'language' || k === 'languages') out[k] = list(v, (x) => language.of(x) ?? x);
    else if (k === 'country' || k === 'countries') out[k] = list(v, (x) => country.of(x) ?? x);
    else if ((k === 'from' || k === 'to' || k === 'until') && /^\d{4}-\d{2}-\d{2}$/.test(String(v)))
      out[k] = date.format(new Date(`${v}T00:00:00Z`));
    else out[k] = v;
  }
  return out;
}

/** A reason in words: `routing.reason.<code>.ok|fail`, with names instead of ids. */
export function reasonText(locale: Locale, programme: Programme, r: Reason): string {
  return t(locale, `routing.reason.${r.code}.${r.ok ? 'ok' : 'fail'}`, {
    ...readable(locale, programme, r),
    points: r.points ?? 0,
  });
}

export function view(
  locale: Locale,
  programme: Programme,
  ranked: Ranked[],
  names: Map<string, string>,
): CandidateView[] {
  return ranked.map((r) => ({
    id: r.id,
    name: names.get(r.id) ?? r.id,
    eligible: r.eligible,
    score: r.score,
    reasons: r.reasons.map((x) => ({ ...x, text: reasonText(locale, programme, x) })),
  }));
}

export async function suggestPeople(
  deps: Deps,
  actor: Actor,
  engagementId: string,
  role: RoutableRole,
  limit = 50,
) {
  if (!isCenter(actor)) throw forbidden('errors.detail.routingCenterOnly');
  const e = await loadEngagement(deps.db, actor, engagementId);
  const need = await needOf(deps.db, e, 'person', role);
  const candidates = await personCandidates(deps.db);
  return suggestions(deps, actor, need, candidates, limit);
}

/** The ranked answer: the need, how many were considered and eligible, the first `limit` explained. */
export async function suggestions(
  deps: Deps,
  actor: Actor,
  need: Need,
  candidates: NamedCandidate[],
  limit: number,
) {
  const ranked = rank(need, candidates);
  return {
    need: { ...need, workloads: [...need.workloads] },
    total: ranked.length,
    eligible: ranked.filter((r) => r.eligible).length,
    candidates: view(
      actor.locale,
      await getProgramme(deps.db),
      ranked.slice(0, limit),
      new Map(candidates.map((c) => [c.id, c.name])),
    ),
  };
}

/** Assigns the best eligible person for the role (the manager becomes primary when there is none). */
export async function autoAssign(deps: Deps, actor: Actor, engagementId: string, role: RoutableRole) {
  const { candidates } = await suggestPeople(deps, actor, engagementId, role);
  // "the best person for the role" fills an empty role: a retried call does not add a second person
  const taken = await deps.db
    .selectFrom('engagement_assignments')
    .select('id')
    .where('engagement_id', '=', engagementId)
    .where('role', '=', role)
    .where('workload', 'is', null)
    .executeTakeFirst();
  if (taken) throw conflict('errors.detail.roleTaken');
  const best = candidates.find((c) => c.eligible);
  if (!best) throw conflict('errors.detail.noCandidate');
  const primary =
    role === 'fasttrack-manager' &&
    !(await deps.db
      .selectFrom('engagement_assignments')
      .select('id')
      .where('engagement_id', '=', engagementId)
      .where('is_primary', '=', true)
      .executeTakeFirst());
  const { id, meetings } = await assign(deps, actor, engagementId, {
    role: role as AssignmentRole,
    userId: best.id,
    primary,
  });
  return {
    assignmentId: id,
    userId: best.id,
    name: best.name,
    score: best.score,
    reasons: best.reasons,
    meetings: meetings ?? null,
  };
}

/**
 * Assigns every active engagement that has nobody in the role yet, oldest first, maximising the total score
 * (see assignQueue). Each assignment is its own transaction (and books the series for a primary manager).
 */
export async function assignWholeQueue(deps: Deps, actor: Actor, role: RoutableRole, limit = 200) {
  if (!isCenterLead(actor)) throw forbidden('errors.detail.assignCenter');
  const open = await deps.db
    .selectFrom('engagements as e')
    .select(['e.id', 'e.customer_id', 'e.region'])
    .where('e.status', '=', 'active')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('engagement_assignments as a')
            .select('a.id')
            .whereRef('a.engagement_id', '=', 'e.id')
            .where('a.role', '=', role),
        ),
      ),
    )
    .orderBy('e.created_at')
    .orderBy('e.id')
    .limit(limit)
    .execute();
  const needs: Need[] = [];
  for (const e of open) needs.push(await needOf(deps.db, e, 'person', role));
  const candidates = await personCandidates(deps.db);
  const names = new Map(candidates.map((c) => [c.id, c.name]));
  const result = assignQueue(needs, candidates);
  const out: { engagementId: string; userId: string | null; name: string | null; score: number }[] = [];
  for (const r of result) {
    const e = open[r.need]!;
    if (r.candidate) {
      await assign(deps, actor, e.id, {
        role: role as AssignmentRole,
        userId: r.candidate,
        primary: role === 'fasttrack-manager',
      });
    }
    out.push({
      engagementId: e.id,
      userId: r.candidate,
      name: r.candidate ? (names.get(r.candidate) ?? null) : null,
      score: r.score,
    });
  }
  return {
    assigned: out.filter((o) => o.userId).length,
    unassigned: out.filter((o) => !o.userId).length,
    items: out,
  };
}
