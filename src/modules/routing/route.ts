/**
 * Routing: who should take a piece of work — a center person for a role on an engagement, or a partner for a
 * referral. Pure (no clock, no I/O).
 *
 * First the hard constraints: role, language, region (people) or country (partners), skill, capacity, not away
 * (people) or paused (partners), customer size (partners). Anyone failing one is never chosen; the answer still
 * lists them with the constraint they failed. The others are scored:
 *   - load balance: up to {@link LOAD_POINTS}, less as the candidate fills up (the k-th extra engagement of a
 *     candidate with capacity C and load L is worth LOAD_POINTS × (1 − (L + k − 1) / C));
 *   - continuity: {@link CONTINUITY_POINTS} when the candidate worked with this customer before;
 *   - industry: {@link INDUSTRY_POINTS} when a partner lists the customer's industry.
 * Among equal scores the least recently assigned comes first (fair rotation), then the id (stable).
 *
 * Whole queues are assigned by `assign-queue.ts`.
 */

export const LOAD_POINTS = 40;
export const CONTINUITY_POINTS = 30;
export const INDUSTRY_POINTS = 10;
/**
 * What serving a need is worth in a queue, whoever serves it: more than any pair can add, so a queue never leaves
 * a need waiting to give its place to one that scores more (the most needs are served, then the best pairs).
 */
export const SERVE_POINTS = 100;

export interface DateRange {
  from: string;
  to: string;
}

export interface Need {
  kind: 'person' | 'partner';
  /** the center role asked for (people only) */
  role?: string;
  customerId: string;
  language: string;
  region: string;
  country: string;
  workloads: readonly string[];
  seats?: number;
  industry?: string | null;
  /** the first and last local dates the candidate must be available (`YYYY-MM-DD`) */
  from: string;
  until: string;
}

export interface Candidate {
  id: string;
  roles?: readonly string[];
  languages: readonly string[];
  /** programme regions served (people) */
  regions?: readonly string[];
  /** countries served (partners) */
  countries?: readonly string[];
  workloads: readonly string[];
  industries?: readonly string[];
  minSeats?: number;
  maxSeats?: number | null;
  capacity: number;
  load: number;
  away?: readonly DateRange[];
  pausedUntil?: string | null;
  /** epoch ms of the last assignment or offer; null = never */
  lastAssignedAt: number | null;
  /** customers this candidate worked with before */
  customers: ReadonlySet<string>;
}

export type ReasonCode =
  | 'role'
  | 'language'
  | 'region'
  | 'country'
  | 'skill'
  | 'capacity'
  | 'away'
  | 'paused'
  | 'size'
  | 'load'
  | 'continuity'
  | 'industry';

export interface Reason {
  code: ReasonCode;
  /** hard constraints: met or not; scores: true when they added points */
  ok: boolean;
  points?: number;
  values: Record<string, string | number>;
}

export interface Ranked {
  id: string;
  eligible: boolean;
  score: number;
  lastAssignedAt: number | null;
  reasons: Reason[];
}

const overlaps = (a: DateRange, from: string, until: string) => a.from <= until && a.to >= from;

/** Points of the candidate's next engagement at a given load (decreasing: filling up is worth less). */
export function loadPoints(capacity: number, load: number): number {
  if (capacity <= 0 || load >= capacity) return 0;
  return Math.round(LOAD_POINTS * (1 - load / capacity) * 100) / 100;
}

/** Points of the pair that do not depend on the candidate's load. */
export function pairPoints(need: Need, c: Candidate): number {
  let points = 0;
  if (c.customers.has(need.customerId)) points += CONTINUITY_POINTS;
  if (need.kind === 'partner' && need.industry && c.industries?.includes(need.industry))
    points += INDUSTRY_POINTS;
  return points;
}

/** The hard constraints, each with what it compared. */
function constraints(need: Need, c: Candidate): Reason[] {
  const out: Reason[] = [];
  if (need.kind === 'person' && need.role) {
    out.push({ code: 'role', ok: !!c.roles?.includes(need.role), values: { role: need.role } });
  }
  out.push({
    code: 'language',
    ok: c.languages.includes(need.language),
    values: { language: need.language, languages: c.languages.join(', ') },
  });
  if (need.kind === 'person') {
    out.push({
      code: 'region',
      ok: !!c.regions?.includes(need.region),
      values: { region: need.region, regions: (c.regions ?? []).join(', ') },
    });
  } else {
    out.push({
      code: 'country',
      ok: !!c.countries?.includes(need.country),
      values: { country: need.country, countries: (c.countries ?? []).join(', ') },
    });
  }
  // a FastTrack Manager leads the whole engagement; engineers, migration managers and partners need the skills
  if (!(need.kind === 'person' && need.role === 'fasttrack-manager')) {
    const missing = need.workloads.filter((w) => !c.workloads.includes(w));
    out.push({
      code: 'skill',
      ok: missing.length === 0,
      values: { workloads: need.workloads.join(', '), missing: missing.join(', ') },
    });
  }
  out.push({
    code: 'capacity',
    ok: c.load < c.capacity,
    values: { load: c.load, capacity: c.capacity },
  });
  if (need.kind === 'person') {
    const away = (c.away ?? []).find((a) => overlaps(a, need.from, need.until));
    out.push({
      code: 'away',
      ok: !away,
      values: away ? { from: away.from, to: away.to } : { from: need.from, to: need.until },
    });
  } else {
    const paused = !!c.pausedUntil && c.pausedUntil >= need.from;
    out.push({ code: 'paused', ok: !paused, values: { until: c.pausedUntil ?? '' } });
    if (need.seats !== undefined) {
      const fits = need.seats >= (c.minSeats ?? 0) && (c.maxSeats == null || need.seats <= c.maxSeats);
      out.push({
        code: 'size',
        ok: fits,
        values: { seats: need.seats, min: c.minSeats ?? 0, max: c.maxSeats ?? '∞' },
      });
    }
  }
  return out;
}

/**
 * The hard constraints except capacity, as one boolean without building reasons (for whole queues, where
 * capacity changes as the queue fills). Must agree with {@link constraints}; a property test checks it.
 */
export function fits(need: Need, c: Candidate): boolean {
  if (!c.languages.includes(need.language)) return false;
  if (need.kind === 'person') {
    if (need.role && !c.roles?.includes(need.role)) return false;
    if (!c.regions?.includes(need.region)) return false;
    if (need.role !== 'fasttrack-manager' && !need.workloads.every((w) => c.workloads.includes(w)))
      return false;
    return !(c.away ?? []).some((a) => overlaps(a, need.from, need.until));
  }
  if (!c.countries?.includes(need.country)) return false;
  if (!need.workloads.every((w) => c.workloads.includes(w))) return false;
  if (c.pausedUntil && c.pausedUntil >= need.from) return false;
  if (need.seats !== undefined) {
    if (need.seats < (c.minSeats ?? 0)) return false;
    if (c.maxSeats != null && need.seats > c.maxSeats) return false;
  }
  return true;
}

/** One candidate against one need: constraints, then (when all hold) the score and what made it. */
export function evaluate(need: Need, c: Candidate): Ranked {
  const reasons = constraints(need, c);
  const eligible = reasons.every((r) => r.ok);
  let score = 0;
  if (eligible) {
    const load = loadPoints(c.capacity, c.load);
    reasons.push({ code: 'load', ok: true, points: load, values: { load: c.load, capacity: c.capacity } });
    score += load;
    const continuity = c.customers.has(need.customerId);
    reasons.push({
      code: 'continuity',
      ok: continuity,
      points: continuity ? CONTINUITY_POINTS : 0,
      values: {},
    });
    if (continuity) score += CONTINUITY_POINTS;
    if (need.kind === 'partner' && need.industry) {
      const match = !!c.industries?.includes(need.industry);
      reasons.push({
        code: 'industry',
        ok: match,
        points: match ? INDUSTRY_POINTS : 0,
        values: { industry: need.industry },
      });
      if (match) score += INDUSTRY_POINTS;
    }
  }
  return {
    id: c.id,
    eligible,
    score: Math.round(score * 100) / 100,
    lastAssignedAt: c.lastAssignedAt,
    reasons,
  };
}

/** Best first: eligible by score, then least recently assigned (never assigned first), then id. */
export function compareRanked(a: Ranked, b: Ranked): number {
  if (a.eligible !== b.eligible) return a.eligible ? -1 : 1;
  if (a.score !== b.score) return b.score - a.score;
  const la = a.lastAssignedAt ?? Number.NEGATIVE_INFINITY;
  const lb = b.lastAssignedAt ?? Number.NEGATIVE_INFINITY;
  if (la !== lb) return la - lb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Every candidate ranked for the need, the ineligible last with the constraint they failed. */
export function rank(need: Need, candidates: readonly Candidate[]): Ranked[] {
  return candidates.map((c) => evaluate(need, c)).sort(compareRanked);
}
