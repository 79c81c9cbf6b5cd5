/**
 * Assigning a whole queue: maximise the total score over all needs (see route.ts for the score). Greedy in queue
 * order, then moves and swaps, then (queues up to 2,000 needs) exchange cycles until none improves the total —
 * the exact optimum (bench/routing.bench.ts compares it with a Hungarian-algorithm solution).
 */
import { type Candidate, fits, loadPoints, type Need, pairPoints, SERVE_POINTS } from './route.ts';

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
