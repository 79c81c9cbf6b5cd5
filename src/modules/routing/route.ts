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
 * Assigning a whole queue maximises the total score: greedy in queue order, then moves and swaps while they
 * improve it, then (queues up to 2,000 needs) exchange cycles until none does — which is the exact optimum
 * (bench/routing.bench.ts compares it with a Hungarian-algorithm solution).
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

export interface QueueAssignment {
  need: number;
  candidate: string | null;
  score: number;
}

/**
 * Assigns a queue (oldest first) maximising the total score: each need to its best candidate given the loads so
 * far, then single moves, pairwise swaps and exchange cycles while one improves the total. Each served need is
 * worth {@link SERVE_POINTS} on top, so as many needs as possible are served; when people are full, which needs
 * wait is decided by score (a returning customer before a new one), then by age. Needs nobody eligible can take
 * stay unassigned.
 */
export function assignQueue(
  needs: readonly Need[],
  candidates: readonly Candidate[],
  opts: { improve?: boolean; now?: number } = {},
): QueueAssignment[] {
  const n = needs.length;
  const load = candidates.map((c) => c.load);
  const last = candidates.map((c) => c.lastAssignedAt);
  // eligibility and pair points do not change with load except for capacity, which is checked on the counts
  const options: { c: number; pair: number }[][] = needs.map((need) => {
    const list: { c: number; pair: number }[] = [];
    candidates.forEach((c, ci) => {
      if (c.capacity > 0 && fits(need, c)) list.push({ c: ci, pair: SERVE_POINTS + pairPoints(need, c) });
    });
    return list;
  });
  const at: number[] = new Array(n).fill(-1);
  const pairOf: number[] = new Array(n).fill(0);
  const clock = opts.now ?? 0;
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    let bestPair = 0;
    for (const { c, pair } of options[i]!) {
      const cand = candidates[c]!;
      if (load[c]! >= cand.capacity) continue;
      const s = pair + loadPoints(cand.capacity, load[c]!);
      const better =
        s > bestScore ||
        (s === bestScore &&
          best >= 0 &&
          (last[c] ?? Number.NEGATIVE_INFINITY) < (last[best] ?? Number.NEGATIVE_INFINITY));
      if (better) {
        best = c;
        bestScore = s;
        bestPair = pair;
      }
    }
    if (best >= 0) {
      at[i] = best;
      pairOf[i] = bestPair;
      load[best]! += 1;
      last[best] = clock + i + 1;
    }
  }
  if (opts.improve !== false) improve(options, candidates, load, at, pairOf);
  // report each need's score as its pair points plus the load points of the slot it took
  const seen = candidates.map((c) => c.load);
  return at.map((c, i) => {
    if (c < 0) return { need: i, candidate: null, score: 0 };
    const cand = candidates[c]!;
    const s = pairOf[i]! - SERVE_POINTS + loadPoints(cand.capacity, seen[c]!);
    seen[c]! += 1;
    return { need: i, candidate: cand.id, score: Math.round(s * 100) / 100 };
  });
}

/** Local search on a complete assignment: move a need to a candidate with room, or swap two needs' candidates. */
function improve(
  options: { c: number; pair: number }[][],
  candidates: readonly Candidate[],
  load: number[],
  at: number[],
  pairOf: number[],
): void {
  const n = at.length;
  const pairIndex = options.map((list) => new Map(list.map((o) => [o.c, o.pair])));
  const EPS = 1e-9;
  const swaps = n <= 2000;
  for (let pass = 0; pass < 20; pass++) {
    let changed = false;
    for (let i = 0; i < n; i++) {
      const a = at[i]!;
      for (const { c: b, pair } of options[i]!) {
        if (b === a) continue;
        const cb = candidates[b]!;
        if (load[b]! >= cb.capacity) continue;
        const gain = pair + loadPoints(cb.capacity, load[b]!);
        const loss = a < 0 ? 0 : pairOf[i]! + loadPoints(candidates[a]!.capacity, load[a]! - 1);
        if (gain - loss > EPS) {
          if (a >= 0) load[a]! -= 1;
          load[b]! += 1;
          at[i] = b;
          pairOf[i] = pair;
          changed = true;
          break;
        }
      }
    }
    if (swaps) {
      for (let i = 0; i < n; i++) {
        const a = at[i]!;
        if (a < 0) continue;
        for (let j = i + 1; j < n; j++) {
          const b = at[j]!;
          if (b < 0 || b === a) continue;
          const ib = pairIndex[i]!.get(b);
          const ja = pairIndex[j]!.get(a);
          if (ib === undefined || ja === undefined) continue;
          if (ib + ja - pairOf[i]! - pairOf[j]! > EPS) {
            at[i] = b;
            at[j] = a;
            pairOf[i] = ib;
            pairOf[j] = ja;
            changed = true;
            break;
          }
        }
      }
    }
    if (!changed) break;
  }
  if (swaps) cancelCycles(options, candidates, load, at, pairOf);
}

/**
 * The exchanges moves and swaps miss: chains where each need takes the place of the next (a full candidate takes
 * a returning customer because one of its needs moves on to someone with room), rotations of three or more, and
 * a need giving up its place to one that scores more there. They are the positive-gain cycles of a graph whose
 * nodes are the candidates, "unassigned" (U) and "one more or one fewer on someone's load" (T): an arc x → y is
 * the best need at x that may go to y. Bellman–Ford passes find cycles in the predecessor graph; applying them
 * raises the total, and when a pass changes nothing the assignment is optimal (no positive cycle is left).
 * Points are counted in hundredths so gains are exact integers.
 */
function cancelCycles(
  options: { c: number; pair: number }[][],
  candidates: readonly Candidate[],
  load: number[],
  at: number[],
  pairOf: number[],
): void {
  const m = candidates.length;
  const U = m;
  const T = m + 1;
  const V = m + 2;
  const cents = (x: number) => Math.round(x * 100);
  const slot = new Map<number, number>(); // x * V + y → arc index this round
  const from: number[] = [];
  const to: number[] = [];
  const gain: number[] = [];
  const need: number[] = [];
  const pairTo: number[] = [];
  const dist = new Float64Array(V);
  const pred = new Int32Array(V);
  const mark = new Int32Array(V);
  for (let round = 0; round < 10 * at.length + 10; round++) {
    slot.clear();
    from.length = to.length = gain.length = need.length = pairTo.length = 0;
    const arc = (x: number, y: number, g: number, i: number, pair: number) => {
      const k = x * V + y;
      const e = slot.get(k);
      if (e === undefined) {
        slot.set(k, from.length);
        from.push(x);
        to.push(y);
        gain.push(g);
        need.push(i);
        pairTo.push(pair);
      } else if (g > gain[e]!) {
        gain[e] = g;
        need[e] = i;
        pairTo[e] = pair;
      }
    };
    at.forEach((a, i) => {
      const x = a < 0 ? U : a;
      const here = a < 0 ? 0 : cents(pairOf[i]!);
      for (const { c: y, pair } of options[i]!) if (y !== x) arc(x, y, cents(pair) - here, i, pair);
      if (x !== U) arc(x, U, -here, i, 0);
    });
    candidates.forEach((c, ci) => {
      if (load[ci]! < c.capacity) arc(ci, T, cents(loadPoints(c.capacity, load[ci]!)), -1, 0);
      if (load[ci]! > c.load) arc(T, ci, -cents(loadPoints(c.capacity, load[ci]! - 1)), -1, 0);
    });
    arc(U, T, 0, -1, 0);
    arc(T, U, 0, -1, 0);
    dist.fill(0);
    pred.fill(-1);
    let applied = false;
    for (let pass = 0; pass <= V && !applied; pass++) {
      let relaxed = false;
      for (let e = 0; e < from.length; e++) {
        const d = dist[from[e]!]! + gain[e]!;
        if (d > dist[to[e]!]!) {
          dist[to[e]!] = d;
          pred[to[e]!] = e;
          relaxed = true;
        }
      }
      if (!relaxed) return;
      // cycles of the predecessor graph (each node has one predecessor) are disjoint: apply every positive one
      mark.fill(-1);
      for (let s = 0; s < V; s++) {
        let v = s;
        while (v >= 0 && mark[v] === -1) {
          mark[v] = s;
          v = pred[v]! < 0 ? -1 : from[pred[v]!]!;
        }
        if (v < 0 || mark[v] !== s) continue;
        let total = 0;
        let u = v;
        do {
          total += gain[pred[u]!]!;
          u = from[pred[u]!]!;
        } while (u !== v);
        if (total <= 0) continue;
        do {
          const e = pred[u]!;
          const x = from[e]!;
          const i = need[e]!;
          if (i >= 0) {
            if (x < m) load[x]! -= 1;
            if (u < m) load[u]! += 1;
            at[i] = u < m ? u : -1;
            pairOf[i] = pairTo[e]!;
          }
          u = x;
        } while (u !== v);
        applied = true;
      }
    }
    if (!applied) return;
  }
}

/** Total score of a queue assignment: per served need SERVE_POINTS, its pair points and the load points of its slot. */
export function totalScore(
  needs: readonly Need[],
  candidates: readonly Candidate[],
  result: readonly QueueAssignment[],
): number {
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const count = new Map<string, number>();
  let total = 0;
  for (const r of result) {
    if (!r.candidate) continue;
    const c = byId.get(r.candidate)!;
    const k = count.get(c.id) ?? 0;
    total += SERVE_POINTS + pairPoints(needs[r.need]!, c) + loadPoints(c.capacity, c.load + k);
    count.set(c.id, k + 1);
  }
  return Math.round(total * 100) / 100;
}
