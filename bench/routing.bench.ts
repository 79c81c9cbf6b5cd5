/**
 * Routing (issue: assignment):
 *  1. quality — on seeded random queues of 200 needs × 50 people, the total score of `assignQueue` against the
 *     exact optimum (a maximum-weight matching of needs to the people's free slots, bench/hungarian.ts);
 *  2. throughput — 10,000 needs over 1,000 people: `assignQueue` on the whole queue and `rank` one need at a
 *     time (as the API suggests), in needs/s and as a ratio to a baseline in the same run: a plain loop that
 *     takes, for each need, the first person who meets the hard constraints.
 *   npm run bench:routing
 *   BENCH_INSTANCES=20 BENCH_ROUNDS=5 BENCH_NEEDS=10000 BENCH_PEOPLE=1000 npm run bench:routing
 */
import fs from 'node:fs';
import path from 'node:path';
import { assignQueue, type QueueAssignment, totalScore } from '../src/modules/routing/assign-queue.ts';
import {
  type Candidate,
  evaluate,
  loadPoints,
  type Need,
  pairPoints,
  rank,
  SERVE_POINTS,
} from '../src/modules/routing/route.ts';
import { maxWeightMatching } from './hungarian.ts';

const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BIG_NEEDS = Number(process.env.BENCH_NEEDS ?? 10_000);
const BIG_PEOPLE = Number(process.env.BENCH_PEOPLE ?? 1_000);

// ---------------------------------------------------------------------------------------------------------------
// Instances
// ---------------------------------------------------------------------------------------------------------------

const root = path.resolve(import.meta.dirname, '../programme/microsoft-365');
const regions = (
  JSON.parse(fs.readFileSync(path.join(root, 'programme.json'), 'utf8')) as {
    regions: { id: string; countries: string[] }[];
  }
).regions;
const workloadIds = (
  JSON.parse(fs.readFileSync(path.join(root, 'workloads.json'), 'utf8')) as { id: string }[]
).map((w) => w.id);

/** mulberry32: a small seeded PRNG, so every instance can be rebuilt from its seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (rnd: () => number, w: Record<string, number>): string => {
  const entries = Object.entries(w);
  let r = rnd() * entries.reduce((s, [, x]) => s + x, 0);
  for (const [k, x] of entries) {
    r -= x;
    if (r < 0) return k;
  }
  return entries[entries.length - 1]![0];
};
const int = (rnd: () => number, lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));

// customers' and people's languages follow their region; English is the most common overall
const LANGUAGES: Record<string, Record<string, number>> = {
  americas: { en: 60, es: 20, 'pt-BR': 15, fr: 5 },
  emea: { en: 35, de: 20, fr: 20, es: 15, it: 10 },
  apj: { en: 35, ja: 20, 'zh-Hans': 15, ko: 10, 'zh-Hant': 8, th: 6, vi: 6 },
};
const REGION_WEIGHTS = { americas: 40, emea: 35, apj: 25 };
const COMMON: Record<string, number> = {
  'exchange-online': 10,
  teams: 10,
  'sharepoint-online': 8,
  onedrive: 8,
  'microsoft-365-apps': 6,
  intune: 6,
  'entra-id-premium': 5,
  'defender-endpoint': 4,
  'defender-office-365': 4,
};
const WORKLOAD_WEIGHTS = Object.fromEntries(workloadIds.map((id) => [id, COMMON[id] ?? 1]));
const sample = (rnd: () => number, w: Record<string, number>, k: number): string[] => {
  const out = new Set<string>();
  while (out.size < Math.min(k, Object.keys(w).length)) out.add(pick(rnd, w));
  return [...out];
};
const DAY0 = Date.UTC(2027, 0, 4);
const day = (n: number) => new Date(DAY0 + n * 86_400_000).toISOString().slice(0, 10);

interface Instance {
  seed: number;
  needs: Need[];
  people: Candidate[];
}

function makeInstance(seed: number, nNeeds: number, nPeople: number): Instance {
  const rnd = mulberry32(seed);
  const people = Array.from({ length: nPeople }, (_, p): Candidate & { customers: Set<string> } => {
    const home = pick(rnd, REGION_WEIGHTS);
    const served = new Set([home]);
    const r = rnd();
    if (r < 0.05) for (const x of regions) served.add(x.id);
    else if (r < 0.25) served.add(pick(rnd, REGION_WEIGHTS));
    // the center hires for its customers' languages: English nearly always, often a second local language
    const languages = new Set([pick(rnd, LANGUAGES[home]!)]);
    if (rnd() < 0.9) languages.add('en');
    if (rnd() < 0.5) languages.add(pick(rnd, LANGUAGES[home]!));
    if (rnd() < 0.15) languages.add(pick(rnd, LANGUAGES[pick(rnd, REGION_WEIGHTS)]!));
    const role = rnd();
    const capacity = int(rnd, 2, 10);
    const away = rnd() < 0.15 ? int(rnd, 0, 160) : -1;
    return {
      id: `p${String(p).padStart(4, '0')}`,
      roles:
        role < 0.35
          ? ['fasttrack-manager']
          : role < 0.9
            ? ['fasttrack-engineer']
            : ['fasttrack-manager', 'fasttrack-engineer'],
      languages: [...languages],
      regions: [...served],
      workloads: sample(rnd, WORKLOAD_WEIGHTS, int(rnd, 10, 18)),
      capacity,
      load: Math.min(capacity, Math.floor(rnd() * (capacity * 0.6 + 1))),
      away: away < 0 ? [] : [{ from: day(away), to: day(away + int(rnd, 5, 21)) }],
      lastAssignedAt: rnd() < 0.8 ? DAY0 - Math.floor(rnd() * 90 * 86_400_000) : null,
      customers: new Set<string>(),
    };
  });
  const customers = Array.from({ length: Math.round(nNeeds * 0.55) }, (_, k) => {
    const region = pick(rnd, REGION_WEIGHTS);
    const countries = regions.find((x) => x.id === region)!.countries;
    const customer = {
      id: `c${k}`,
      region,
      country: countries[Math.floor(rnd() * countries.length)]!,
      language: pick(rnd, LANGUAGES[region]!),
    };
    // continuity: some customers were served before by one or two people who could serve them again,
    // and a few by someone who no longer could (other region or language)
    if (rnd() < 0.5) {
      const fit = people.filter(
        (x) => x.regions!.includes(region) && x.languages.includes(customer.language),
      );
      for (let n = int(rnd, 1, 2); n > 0 && fit.length > 0; n--)
        fit[Math.floor(rnd() * fit.length)]!.customers.add(customer.id);
    }
    if (rnd() < 0.1) people[Math.floor(rnd() * people.length)]!.customers.add(customer.id);
    return customer;
  });
  const big = Math.max(1, Math.round(customers.length * 0.2));
  const needs = Array.from({ length: nNeeds }, (): Need => {
    const c = customers[rnd() < 0.5 ? Math.floor(rnd() * big) : Math.floor(rnd() * customers.length)]!;
    const from = int(rnd, 0, 150);
    const engineer = rnd() < 0.55;
    return {
      kind: 'person',
      role: engineer ? 'fasttrack-engineer' : 'fasttrack-manager',
      customerId: c.id,
      language: c.language,
      region: c.region,
      country: c.country,
      workloads: sample(rnd, WORKLOAD_WEIGHTS, Number(pick(rnd, { 1: 50, 2: 35, 3: 15 }))),
      from: day(from),
      until: day(from + int(rnd, 14, 70)),
    };
  });
  return { seed, needs, people };
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Quality against the exact optimum
// ---------------------------------------------------------------------------------------------------------------

/** The optimum: needs × free slots (slot k of a person is worth the load points at load + k − 1), in cents. */
function optimum(inst: Instance): { total: number; served: number; continuity: number } {
  const slots: { c: Candidate; load: number }[] = [];
  for (const c of inst.people) for (let l = c.load; l < c.capacity; l++) slots.push({ c, load: l });
  const weight = inst.needs.map((need) => {
    const ok = new Map(inst.people.map((c) => [c, evaluate(need, c).eligible]));
    return slots.map(({ c, load }) =>
      ok.get(c)
        ? Math.round((SERVE_POINTS + pairPoints(need, c) + loadPoints(c.capacity, load)) * 100)
        : null,
    );
  });
  const { column, total } = maxWeightMatching(weight);
  let served = 0;
  let continuity = 0;
  column.forEach((j, i) => {
    if (j < 0) return;
    served++;
    if (pairPoints(inst.needs[i]!, slots[j]!.c) > 0) continuity++;
  });
  return { total: total / 100, served, continuity };
}

/** The heuristic's answer must respect the hard constraints and the capacities. */
function check(inst: Instance, result: readonly QueueAssignment[]): { served: number; continuity: number } {
  const byId = new Map(inst.people.map((c) => [c.id, c]));
  const added = new Map<string, number>();
  let served = 0;
  let continuity = 0;
  for (const r of result) {
    if (!r.candidate) continue;
    const c = byId.get(r.candidate)!;
    const need = inst.needs[r.need]!;
    if (!evaluate(need, c).eligible)
      throw new Error(`seed ${inst.seed}: need ${r.need} given to ineligible ${c.id}`);
    const k = (added.get(c.id) ?? 0) + 1;
    if (c.load + k > c.capacity) throw new Error(`seed ${inst.seed}: ${c.id} over capacity`);
    added.set(c.id, k);
    served++;
    if (pairPoints(need, c) > 0) continuity++;
  }
  return { served, continuity };
}

const pct = (x: number) => `${x.toFixed(2)} %`;
const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
console.log(`## Quality: ${INSTANCES} instances of 200 needs × 50 people (seeds 1..${INSTANCES})\n`);
console.log(
  '| seed | free slots | servable needs | optimum | served | continuity | assignQueue | served | continuity | gap | greedy only gap |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
const gaps: number[] = [];
const greedyGaps: number[] = [];
const queueMs: number[] = [];
const exactMs: number[] = [];
for (let seed = 1; seed <= INSTANCES; seed++) {
  const inst = makeInstance(seed, 200, 50);
  const free = inst.people.reduce((s, c) => s + Math.max(0, c.capacity - c.load), 0);
  const servable = inst.needs.filter((n) => inst.people.some((c) => evaluate(n, c).eligible)).length;
  let t0 = performance.now();
  const opt = optimum(inst);
  exactMs.push(performance.now() - t0);
  t0 = performance.now();
  const result = assignQueue(inst.needs, inst.people);
  queueMs.push(performance.now() - t0);
  const mine = check(inst, result);
  const score = totalScore(inst.needs, inst.people, result);
  const greedy = totalScore(
    inst.needs,
    inst.people,
    assignQueue(inst.needs, inst.people, { improve: false }),
  );
  if (score > opt.total + 1e-6)
    throw new Error(`seed ${seed}: assignQueue ${score} beats the optimum ${opt.total}`);
  const gap = ((opt.total - score) / opt.total) * 100;
  const greedyGap = ((opt.total - greedy) / opt.total) * 100;
  gaps.push(gap);
  greedyGaps.push(greedyGap);
  console.log(
    `| ${seed} | ${free} | ${servable} | ${opt.total.toFixed(2)} | ${opt.served} | ${opt.continuity} | ${score.toFixed(2)} | ${mine.served} | ${mine.continuity} | ${pct(gap)} | ${pct(greedyGap)} |`,
  );
}
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const worst = Math.max(...gaps);
console.log(
  `\ngap to the optimum: mean ${pct(mean(gaps))}, worst ${pct(worst)} (seed ${gaps.indexOf(worst) + 1}); ` +
    `greedy without local search: mean ${pct(mean(greedyGaps))}, worst ${pct(Math.max(...greedyGaps))}`,
);
console.log(
  `time per instance (median): assignQueue ${median(queueMs).toFixed(1)} ms, exact solver ${median(exactMs).toFixed(1)} ms`,
);
const over = gaps.map((g, i) => [i + 1, g] as const).filter(([, g]) => g > 2);
console.log(
  over.length === 0
    ? 'target (within 2 % of the optimum): met on every instance'
    : `target (within 2 % of the optimum): NOT met on seeds ${over.map(([s, g]) => `${s} (${pct(g)})`).join(', ')}`,
);

// ---------------------------------------------------------------------------------------------------------------
// 2. Throughput against the cheapest correct thing
// ---------------------------------------------------------------------------------------------------------------

const overlaps = (a: { from: string; to: string }, from: string, until: string) =>
  a.from <= until && a.to >= from;

/** Baseline: for each need, the first person meeting the hard constraints (loads advance as it goes). */
function firstFit(needs: readonly Need[], people: readonly Candidate[]): (string | null)[] {
  const load = people.map((c) => c.load);
  return needs.map((need) => {
    for (let ci = 0; ci < people.length; ci++) {
      const c = people[ci]!;
      if (load[ci]! >= c.capacity) continue;
      if (!c.roles!.includes(need.role!) || !c.languages.includes(need.language)) continue;
      if (!c.regions!.includes(need.region)) continue;
      if (need.role !== 'fasttrack-manager' && !need.workloads.every((w) => c.workloads.includes(w)))
        continue;
      if (c.away!.some((a) => overlaps(a, need.from, need.until))) continue;
      load[ci]! += 1;
      return c.id;
    }
    return null;
  });
}

const big = makeInstance(1_000_001, BIG_NEEDS, BIG_PEOPLE);
let sink = 0;
/** Needs per second of one pass over the queue, repeated until it has run for at least `min` seconds. */
const rate = (f: () => number, min = 1): number => {
  let reps = 0;
  const t0 = performance.now();
  do {
    sink += f();
    reps++;
  } while (performance.now() - t0 < min * 1000);
  return (BIG_NEEDS * reps * 1000) / (performance.now() - t0);
};
const baseline = () => firstFit(big.needs, big.people).filter((x) => x !== null).length;
const whole = () => assignQueue(big.needs, big.people).filter((r) => r.candidate !== null).length;
const oneByOne = () => {
  let n = 0;
  for (const need of big.needs) if (rank(need, big.people)[0]!.eligible) n++;
  return n;
};
const runs = { baseline: [] as number[], assignQueue: [] as number[], rank: [] as number[] };
const bigFree = big.people.reduce((s, c) => s + Math.max(0, c.capacity - c.load), 0);
console.log(
  `\n## Throughput: ${BIG_NEEDS} needs over ${BIG_PEOPLE} people (${bigFree} free slots), ${ROUNDS} rounds after a warm-up\n`,
);
rate(baseline, 0.5);
rate(whole, 0);
rate(oneByOne, 0);
console.log('| round | baseline needs/s | assignQueue needs/s | rank needs/s |\n|---:|---:|---:|---:|');
for (let round = 1; round <= ROUNDS; round++) {
  const b = rate(baseline);
  const a = rate(whole, 0);
  const r = rate(oneByOne, 0);
  runs.baseline.push(b);
  runs.assignQueue.push(a);
  runs.rank.push(r);
  console.log(`| ${round} | ${b.toFixed(0)} | ${a.toFixed(0)} | ${r.toFixed(0)} |`);
}
const ratios = (k: 'assignQueue' | 'rank') => runs[k].map((x, i) => x / runs.baseline[i]!);
const served = {
  baseline: firstFit(big.needs, big.people).filter((x) => x !== null).length,
  assignQueue: assignQueue(big.needs, big.people).filter((r) => r.candidate !== null).length,
};
console.log(
  `\nmedian of ${ROUNDS}: baseline ${median(runs.baseline).toFixed(0)} needs/s; ` +
    `assignQueue ${median(runs.assignQueue).toFixed(0)} needs/s (ratio ${pct(median(ratios('assignQueue')) * 100)}); ` +
    `rank ${median(runs.rank).toFixed(0)} needs/s (ratio ${pct(median(ratios('rank')) * 100)})`,
);
console.log(
  `served: baseline ${served.baseline}, assignQueue ${served.assignQueue} of ${BIG_NEEDS} (Node ${process.version}, sink ${sink})`,
);
