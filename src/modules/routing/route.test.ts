import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignQueue, totalScore } from './assign-queue.ts';
import { type Candidate, CONTINUITY_POINTS, evaluate, fits, type Need, rank } from './route.ts';

const person = (id: string, over: Partial<Candidate> = {}): Candidate => ({
  id,
  roles: ['fasttrack-engineer', 'fasttrack-manager'],
  languages: ['en', 'de'],
  regions: ['emea'],
  workloads: ['exchange', 'teams', 'sharepoint'],
  capacity: 10,
  load: 2,
  away: [],
  lastAssignedAt: null,
  customers: new Set(),
  ...over,
});

const need = (over: Partial<Need> = {}): Need => ({
  kind: 'person',
  role: 'fasttrack-engineer',
  customerId: 'org_c1',
  language: 'de',
  region: 'emea',
  country: 'DE',
  workloads: ['exchange'],
  from: '2026-12-01',
  until: '2026-12-03',
  ...over,
});

describe('rank', () => {
  it('puts the eligible first, best score first, and says why each was excluded', () => {
    const ranked = rank(need(), [
      person('busy', { load: 9 }),
      person('free', { load: 0 }),
      person('french', { languages: ['fr'] }),
      person('full', { load: 10, capacity: 10 }),
      person('away', { away: [{ from: '2026-12-02', to: '2026-12-20' }] }),
      person('apac', { regions: ['apac'] }),
      person('no-exchange', { workloads: ['teams'] }),
    ]);
    expect(ranked.map((r) => r.id).slice(0, 2)).toEqual(['free', 'busy']);
    const failed = Object.fromEntries(
      ranked.filter((r) => !r.eligible).map((r) => [r.id, r.reasons.filter((x) => !x.ok).map((x) => x.code)]),
    );
    expect(failed).toEqual({
      french: ['language'],
      full: ['capacity'],
      away: ['away'],
      apac: ['region'],
      'no-exchange': ['skill'],
    });
    const free = ranked[0]!;
    expect(free.reasons.find((r) => r.code === 'load')).toMatchObject({ points: 40 });
    expect(ranked.find((r) => r.id === 'away')!.reasons.find((r) => r.code === 'away')!.values).toEqual({
      from: '2026-12-02',
      to: '2026-12-20',
    });
  });

  it('prefers the person who worked with the customer before, then the least recently assigned', () => {
    const ranked = rank(need(), [
      person('recent', { load: 0, lastAssignedAt: 2000 }),
      person('earlier', { load: 0, lastAssignedAt: 1000 }),
      person('known', { load: 5, customers: new Set(['org_c1']) }),
    ]);
    expect(ranked.map((r) => r.id)).toEqual(['known', 'earlier', 'recent']);
    expect(ranked[0]!.reasons.find((r) => r.code === 'continuity')).toMatchObject({
      ok: true,
      points: CONTINUITY_POINTS,
    });
  });

  it('checks partners on country, size and pause, and scores industry', () => {
    const partner = (id: string, over: Partial<Candidate> = {}): Candidate => ({
      id,
      languages: ['pt-BR'],
      countries: ['BR'],
      workloads: ['exchange'],
      industries: ['retail'],
      minSeats: 150,
      maxSeats: 5000,
      capacity: 5,
      load: 0,
      pausedUntil: null,
      lastAssignedAt: null,
      customers: new Set(),
      ...over,
    });
    const ranked = rank(
      need({
        kind: 'partner',
        role: undefined,
        language: 'pt-BR',
        country: 'BR',
        seats: 600,
        industry: 'retail',
      }),
      [
        partner('fit'),
        partner('paused', { pausedUntil: '2026-12-10' }),
        partner('small-only', { maxSeats: 300 }),
        partner('mexico', { countries: ['MX'] }),
        partner('other-industry', { industries: ['health'] }),
      ],
    );
    expect(ranked.map((r) => [r.id, r.eligible])).toEqual([
      ['fit', true],
      ['other-industry', true],
      ['mexico', false],
      ['paused', false],
      ['small-only', false],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// properties: nobody over capacity, away, paused or without the language is ever chosen
// ---------------------------------------------------------------------------------------------------------------

const LANGS = ['en', 'de', 'ja', 'pt-BR'];
const REGIONS = ['americas', 'emea', 'apac'];
const WORKLOADS = ['exchange', 'teams', 'sharepoint', 'intune'];
const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-12-${String(d).padStart(2, '0')}`);
const range = fc.tuple(day, day).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a }));

const candidateArb = (id: number) =>
  fc
    .record({
      roles: fc.subarray(['fasttrack-manager', 'fasttrack-engineer'], { minLength: 1 }),
      languages: fc.subarray(LANGS, { minLength: 1 }),
      regions: fc.subarray(REGIONS, { minLength: 1 }),
      workloads: fc.subarray(WORKLOADS),
      capacity: fc.integer({ min: 0, max: 4 }),
      load: fc.integer({ min: 0, max: 5 }),
      away: fc.array(range, { maxLength: 2 }),
      lastAssignedAt: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
      customers: fc.subarray(['c1', 'c2', 'c3']).map((x) => new Set(x)),
    })
    .map((c): Candidate => ({ id: `p${id}`, ...c }));

const needArb = fc
  .record({
    role: fc.constantFrom('fasttrack-manager', 'fasttrack-engineer'),
    customerId: fc.constantFrom('c1', 'c2', 'c3'),
    language: fc.constantFrom(...LANGS),
    region: fc.constantFrom(...REGIONS),
    workloads: fc.subarray(WORKLOADS, { minLength: 1, maxLength: 2 }),
    window: range,
  })
  .map(
    (n): Need => ({
      kind: 'person',
      role: n.role,
      customerId: n.customerId,
      language: n.language,
      region: n.region,
      country: 'XX',
      workloads: n.workloads,
      from: n.window.from,
      until: n.window.to,
    }),
  );

const people = fc
  .integer({ min: 1, max: 12 })
  .chain((k) => fc.tuple(...Array.from({ length: k }, (_, i) => candidateArb(i))));

function allowed(n: Need, c: Candidate, load: number): boolean {
  return (
    c.languages.includes(n.language) &&
    !!c.regions?.includes(n.region) &&
    !!c.roles?.includes(n.role!) &&
    load < c.capacity &&
    !(c.away ?? []).some((a) => a.from <= n.until && a.to >= n.from) &&
    (n.role === 'fasttrack-manager' || n.workloads.every((w) => c.workloads.includes(w)))
  );
}

describe('routing properties', () => {
  it('rank never offers an over-capacity, away, wrong-language, wrong-region or unskilled person', () => {
    fc.assert(
      fc.property(needArb, people, (n, cs) => {
        const byId = new Map(cs.map((c) => [c.id, c]));
        for (const r of rank(n, cs)) {
          const c = byId.get(r.id)!;
          expect(r.eligible).toBe(allowed(n, c, c.load));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the quick check used for whole queues agrees with the explained constraints', () => {
    fc.assert(
      fc.property(needArb, people, (n, cs) => {
        for (const c of cs) {
          const roomy = { ...c, load: 0, capacity: 1 };
          expect(fits(n, roomy)).toBe(evaluate(n, roomy).eligible);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the quick check agrees for partner referrals too (country, size, pause)', () => {
    const partnerArb = fc.record({
      id: fc.string({ minLength: 1, maxLength: 4 }),
      languages: fc.subarray(LANGS, { minLength: 1 }),
      countries: fc.subarray(['DE', 'FR', 'JP', 'BR']),
      workloads: fc.subarray(WORKLOADS),
      minSeats: fc.integer({ min: 0, max: 500 }),
      maxSeats: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }),
      pausedUntil: fc.option(day, { nil: null }),
    });
    const referral = fc.record({
      language: fc.constantFrom(...LANGS),
      country: fc.constantFrom('DE', 'FR', 'JP', 'BR'),
      workloads: fc.subarray(WORKLOADS, { minLength: 1, maxLength: 2 }),
      seats: fc.option(fc.integer({ min: 0, max: 6000 }), { nil: undefined }),
      from: day,
    });
    fc.assert(
      fc.property(referral, partnerArb, (r, p) => {
        const n: Need = { kind: 'partner', customerId: 'c1', region: 'emea', until: r.from, ...r };
        const c: Candidate = { ...p, capacity: 1, load: 0, lastAssignedAt: null, customers: new Set() };
        expect(fits(n, c)).toBe(evaluate(n, c).eligible);
      }),
      { numRuns: 500 },
    );
  });

  it('a whole queue never fills anyone past capacity nor gives work to someone not allowed', () => {
    fc.assert(
      fc.property(fc.array(needArb, { maxLength: 25 }), people, (needs, cs) => {
        const result = assignQueue(needs, cs);
        const count = new Map<string, number>();
        for (const r of result) {
          if (!r.candidate) {
            // left unassigned only when nobody allowed has room at the end
            continue;
          }
          const c = cs.find((x) => x.id === r.candidate)!;
          expect(allowed(needs[r.need]!, c, c.load)).toBe(true);
          count.set(c.id, (count.get(c.id) ?? 0) + 1);
        }
        for (const c of cs)
          expect(c.load + (count.get(c.id) ?? 0) <= Math.max(c.capacity, c.load)).toBe(true);
        for (const r of result.filter((x) => !x.candidate)) {
          const n = needs[r.need]!;
          const room = cs.some((c) => allowed(n, c, c.load + (count.get(c.id) ?? 0)));
          expect(room).toBe(false);
        }
        expect(totalScore(needs, cs, result)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 200 },
    );
  });

  it('local improvement never lowers the total of the greedy assignment', () => {
    fc.assert(
      fc.property(fc.array(needArb, { maxLength: 20 }), people, (needs, cs) => {
        const greedy = totalScore(needs, cs, assignQueue(needs, cs, { improve: false }));
        const improved = totalScore(needs, cs, assignQueue(needs, cs));
        expect(improved).toBeGreaterThanOrEqual(greedy - 1e-6);
      }),
      { numRuns: 150 },
    );
  });
});
