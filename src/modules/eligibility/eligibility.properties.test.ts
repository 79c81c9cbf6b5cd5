/** Properties of the eligibility engine over generated customers (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDefaultProgramme } from '../programme/load-programme.ts';
import {
  ENGINE_KEYS,
  type EligibilityAnswer,
  type EligibilityInput,
  evaluateEligibility,
  type MigrationLevel,
  type SubscriptionInput,
} from './evaluate-eligibility.ts';

const programme = loadDefaultProgramme();
const RUNS = { numRuns: 300 };

const serviceRule = programme.eligibilityRules.find((r) => r.kind === 'migration-service-threshold');
if (serviceRule?.kind !== 'migration-service-threshold') throw new Error('no migration-service rule');
const SERVICE = serviceRule;

const RANK: Record<MigrationLevel, number> = { none: 0, guidance: 1, service: 2 };
const MIGRATION_KINDS = new Set([
  'migration-service-threshold',
  'migration-guidance-threshold',
  'migration-seat-restriction',
  'migration-not-allowed',
]);
const RULE_KEYS = new Set(programme.eligibilityRules.map((r) => r.explanation));

// ----- arbitraries ----------------------------------------------------------------------------------------------

const EPOCH = Date.UTC(2015, 0, 1);
const DAY = 86_400_000;
const day = (offset: number) => new Date(EPOCH + offset * DAY).toISOString().slice(0, 10);
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const dateArb = (min: number, max: number) => fc.integer({ min, max }).map(day);

/** asOf between mid-2021 and 2026; "current" subscriptions start before it, some before the 2017 cut-over. */
const AS_OF_FROM = 2400;
const asOfArb = dateArb(AS_OF_FROM, 4300);

const allSkus = programme.plans.map((p) => p.sku);
const eligiblePaidSkus = programme.plans
  .filter((p) => p.eligible && p.licenceKind === 'paid')
  .map((p) => p.sku);
const workloadIds = programme.workloads.map((w) => w.id);
const channelArb = fc.constantFrom('direct', 'direct', 'Contoso', 'Fabrikam');
const seatKindArb = fc.constantFrom<SubscriptionInput['educationSeatKind']>(null, 'faculty', 'student');

/** Any subscription, including trials, free, expired, suspended, future and unknown plans. */
const anySubArb: fc.Arbitrary<SubscriptionInput> = fc
  .record({
    planSku: fc.constantFrom(...allSkus, 'SPE_E3', 'UNKNOWN_SKU'),
    paidSeats: fc.integer({ min: 0, max: 700 }),
    status: fc.constantFrom<SubscriptionInput['status']>('active', 'expired', 'suspended'),
    licenceKind: fc.constantFrom<SubscriptionInput['licenceKind']>('paid', 'trial', 'free'),
    startsOn: dateArb(0, 4300),
    length: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null }),
    purchaseChannel: channelArb,
    educationSeatKind: seatKindArb,
  })
  .map(({ length, ...s }) => ({ ...s, endsOn: length === null ? null : addDays(s.startsOn, length) }));

/** An active, open-ended paid subscription of an eligible plan that started before any generated asOf. */
const currentPaidArb = (
  skus: readonly string[] = eligiblePaidSkus,
  seats = fc.integer({ min: 0, max: 600 }),
) =>
  fc.record<SubscriptionInput>({
    planSku: fc.constantFrom(...skus),
    paidSeats: seats,
    status: fc.constant('active'),
    licenceKind: fc.constant('paid'),
    startsOn: dateArb(0, AS_OF_FROM),
    endsOn: fc.constant(null),
    purchaseChannel: channelArb,
    educationSeatKind: seatKindArb,
  });

const scenarioArb: fc.Arbitrary<EligibilityInput> = fc.record({
  programme: fc.constant(programme),
  customer: fc.record({
    segment: fc.constantFrom<EligibilityInput['customer']['segment']>(
      'commercial',
      'government',
      'education',
      'nonprofit',
    ),
    country: fc.constantFrom('US', 'FR', 'JP'),
  }),
  subscriptions: fc.array(
    fc.oneof({ weight: 3, arbitrary: currentPaidArb() }, { weight: 2, arbitrary: anySubArb }),
    { maxLength: 6 },
  ),
  workloads: fc.subarray(workloadIds, { minLength: 1, maxLength: 6 }),
  dataMigration: fc.boolean(),
  asOf: asOfArb,
});

// ----- helpers --------------------------------------------------------------------------------------------------

const verdicts = (answer: EligibilityAnswer) =>
  answer.workloads.map((w) => ({ workload: w.workload, eligible: w.eligible, migration: w.migration }));

function expectNeverWorse(before: EligibilityAnswer, after: EligibilityAnswer) {
  if (before.eligible) expect(after.eligible).toBe(true);
  before.workloads.forEach((b, i) => {
    const a = after.workloads[i]!;
    expect(a.workload).toBe(b.workload);
    if (b.eligible) expect(a.eligible, b.workload).toBe(true);
    expect(RANK[a.migration], b.workload).toBeGreaterThanOrEqual(RANK[b.migration]);
  });
}

/** The same subscription shape with a licence kind that never counts. */
const unpaidArb = fc
  .tuple(anySubArb, fc.constantFrom<SubscriptionInput['licenceKind']>('trial', 'free'))
  .map(([s, licenceKind]) => ({ ...s, licenceKind }));

// ----- properties -----------------------------------------------------------------------------------------------

describe('eligibility properties', () => {
  it('adding paid seats to an active eligible subscription never makes a workload less eligible or lowers its migration level', () => {
    fc.assert(
      fc.property(scenarioArb, currentPaidArb(), fc.integer({ min: 1, max: 1000 }), (input, base, extra) => {
        const before = evaluateEligibility({ ...input, subscriptions: [...input.subscriptions, base] });
        const after = evaluateEligibility({
          ...input,
          subscriptions: [...input.subscriptions, { ...base, paidSeats: base.paidSeats + extra }],
        });
        expect(after.paidEligibleSeats).toBe(before.paidEligibleSeats + extra);
        expectNeverWorse(before, after);
      }),
      RUNS,
    );
  });

  it('trial and free subscriptions never change eligibility or migration', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(unpaidArb, { minLength: 1, maxLength: 3 }), (input, unpaid) => {
        const before = evaluateEligibility(input);
        const after = evaluateEligibility({ ...input, subscriptions: [...input.subscriptions, ...unpaid] });
        expect(after.eligible).toBe(before.eligible);
        expect(after.paidEligibleSeats).toBe(before.paidEligibleSeats);
        expect(verdicts(after)).toEqual(verdicts(before));
      }),
      RUNS,
    );
  });

  it('expired subscriptions never change eligibility or migration (when they end before the current term)', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        anySubArb,
        fc.integer({ min: 2, max: 400 }),
        fc.integer({ min: 0, max: 2000 }),
        (input, shape, gap, length) => {
          const starts = input.subscriptions.map((s) => s.startsOn).sort();
          const endsOn = addDays(starts[0] ?? input.asOf, -gap);
          const expired: SubscriptionInput = {
            ...shape,
            status: 'expired',
            startsOn: addDays(endsOn, -length),
            endsOn,
          };
          const before = evaluateEligibility(input);
          const after = evaluateEligibility({ ...input, subscriptions: [expired, ...input.subscriptions] });
          expect(after.eligible).toBe(before.eligible);
          expect(after.paidEligibleSeats).toBe(before.paidEligibleSeats);
          expect(verdicts(after)).toEqual(verdicts(before));
        },
      ),
      RUNS,
    );
  });

  it('any expired subscription leaves eligibility unchanged and can only keep or raise migration (continuity)', () => {
    fc.assert(
      fc.property(scenarioArb, anySubArb, (input, shape) => {
        const expired: SubscriptionInput = {
          ...shape,
          status: 'expired',
          endsOn: shape.endsOn ?? shape.startsOn,
        };
        const before = evaluateEligibility(input);
        const after = evaluateEligibility({ ...input, subscriptions: [...input.subscriptions, expired] });
        expect(after.eligible).toBe(before.eligible);
        expect(after.workloads.map((w) => w.eligible)).toEqual(before.workloads.map((w) => w.eligible));
        expectNeverWorse(before, after);
      }),
      RUNS,
    );
  });

  it('is deterministic, does not mutate its input, and ignores the order of subscriptions', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const snapshot = JSON.stringify({ ...input, programme: undefined });
        const first = evaluateEligibility(input);
        const second = evaluateEligibility(structuredClone(input));
        expect(second).toEqual(first);
        expect(JSON.stringify({ ...input, programme: undefined })).toBe(snapshot);
        const reversed = evaluateEligibility({ ...input, subscriptions: [...input.subscriptions].reverse() });
        expect(reversed.eligible).toBe(first.eligible);
        expect(reversed.paidEligibleSeats).toBe(first.paidEligibleSeats);
        expect(verdicts(reversed)).toEqual(verdicts(first));
      }),
      RUNS,
    );
  });

  it('explains itself: ineligible means a failed rule and at least one alternative; keys are known', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const answer = evaluateEligibility(input);
        expect(answer.eligible).toBe(answer.workloads.some((w) => w.eligible));
        if (!answer.eligible) expect(answer.alternatives.length).toBeGreaterThan(0);
        else expect(answer.alternatives).toEqual([]);
        for (const w of answer.workloads) {
          const failed = w.rules.filter((r) => r.outcome === 'fail' && !MIGRATION_KINDS.has(r.kind));
          if (w.eligible) {
            expect(failed).toEqual([]);
            expect(w.alternatives).toEqual([]);
          } else {
            expect(failed.length).toBeGreaterThan(0);
            expect(w.alternatives.length).toBeGreaterThan(0);
            expect(w.alternatives.map((a) => a.kind)).toContain('exception-request');
            expect(w.migration).toBe('none');
          }
        }
        const explained = [
          ...answer.rules,
          ...answer.alternatives,
          ...answer.seats,
          ...answer.workloads.flatMap((w) => [...w.rules, ...w.alternatives]),
        ];
        for (const x of explained) {
          expect(
            RULE_KEYS.has(x.explanation.key) || ENGINE_KEYS.includes(x.explanation.key),
            x.explanation.key,
          ).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it(`${SERVICE.minSeats}+ counted seats with data migration requested: migration service for the migration workloads`, () => {
    const migrationPlans = programme.plans.filter(
      (p) =>
        p.eligible &&
        p.licenceKind === 'paid' &&
        p.segment === 'commercial' &&
        p.workloads.some((w) => SERVICE.workloads.includes(w)),
    );
    const bigArb = currentPaidArb(
      migrationPlans.map((p) => p.sku),
      fc.integer({ min: SERVICE.minSeats, max: SERVICE.minSeats + 5000 }),
    ).map((s) => ({ ...s, educationSeatKind: null }));
    fc.assert(
      fc.property(
        bigArb,
        fc.array(fc.oneof(currentPaidArb(), unpaidArb), { maxLength: 4 }),
        asOfArb,
        fc.context(),
        (big, others, asOf, ctx) => {
          const plan = migrationPlans.find((p) => p.sku === big.planSku)!;
          const workloads = plan.workloads.filter((w) => SERVICE.workloads.includes(w));
          const answer = evaluateEligibility({
            programme,
            customer: { segment: 'commercial', country: 'FR' },
            subscriptions: [big, ...others],
            workloads,
            dataMigration: true,
            asOf,
          });
          ctx.log(JSON.stringify(verdicts(answer)));
          expect(answer.eligible).toBe(true);
          for (const w of answer.workloads) expect(w.migration, w.workload).toBe('service');
        },
      ),
      RUNS,
    );
  });
});
