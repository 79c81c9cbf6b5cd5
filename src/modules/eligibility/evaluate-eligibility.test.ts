/** Examples of the eligibility engine, each asserting the rules and numbers that explain the answer. */
import { describe, expect, it } from 'vitest';
import { loadDefaultProgramme } from '../programme/load-programme.ts';
import type { EligibilityRule } from '../programme/programme.schema.ts';
import {
  ENGINE_KEYS,
  type EligibilityAnswer,
  type EligibilityInput,
  evaluateEligibility,
  type RuleFired,
  type SubscriptionInput,
  type WorkloadEligibility,
} from './evaluate-eligibility.ts';

const programme = loadDefaultProgramme();
const AS_OF = '2024-06-01';

function ruleData<K extends EligibilityRule['kind']>(
  id: string,
  kind: K,
): Extract<EligibilityRule, { kind: K }> {
  const rule = programme.eligibilityRules.find((r) => r.id === id);
  if (!rule || rule.kind !== kind) throw new Error(`no ${kind} rule ${id}`);
  return rule as Extract<EligibilityRule, { kind: K }>;
}
// Thresholds come from the programme data, as in the engine.
const MIN = ruleData('minimum-paid-seats', 'minimum-paid-seats').minSeats;
const SERVICE = ruleData('migration-service', 'migration-service-threshold');
const GUIDANCE = ruleData('migration-guidance', 'migration-guidance-threshold').minSeats;
const GOV = ruleData('us-government-minimum', 'segment-minimum').minSeats;
const CONCIERGE = ruleData('below-minimum-concierge', 'below-minimum-route');

function sub(planSku: string, paidSeats: number, over: Partial<SubscriptionInput> = {}): SubscriptionInput {
  return {
    planSku,
    paidSeats,
    status: 'active',
    licenceKind: 'paid',
    startsOn: '2020-01-01',
    endsOn: null,
    purchaseChannel: 'direct',
    educationSeatKind: null,
    ...over,
  };
}

function evaluate(
  over: Partial<EligibilityInput> & Pick<EligibilityInput, 'subscriptions'>,
): EligibilityAnswer {
  return evaluateEligibility({
    programme,
    customer: { segment: 'commercial', country: 'FR' },
    workloads: ['exchange-online'],
    dataMigration: false,
    asOf: AS_OF,
    ...over,
  });
}

function rule(rules: readonly RuleFired[], id: string): RuleFired {
  const found = rules.find((r) => r.ruleId === id);
  if (!found) throw new Error(`rule ${id} not in ${rules.map((r) => r.ruleId).join(', ')}`);
  return found;
}

function workload(answer: EligibilityAnswer, id: string): WorkloadEligibility {
  const found = answer.workloads.find((w) => w.workload === id);
  if (!found) throw new Error(`workload ${id} not in the answer`);
  return found;
}

const kinds = (w: { alternatives: { kind: string }[] }) => w.alternatives.map((a) => a.kind);

describe('evaluateEligibility: seat minimum', () => {
  it('under the minimum: ineligible, with the Concierge route for 50–149 direct Office 365 seats', () => {
    const answer = evaluate({ subscriptions: [sub('M365_E3', 100)] });
    expect(answer.eligible).toBe(false);
    expect(answer.paidEligibleSeats).toBe(100);
    const floor = rule(answer.rules, 'minimum-paid-seats');
    expect(floor.outcome).toBe('fail');
    expect(floor.inputs).toMatchObject({ countedSeats: 100, minSeats: MIN, applies: true });
    expect(floor.explanation).toEqual({
      key: 'eligibility.rule.minimumPaidSeats',
      values: { outcome: 'fail', countedSeats: 100, minSeats: MIN },
    });
    // routes in priority order: reseller does not apply (bought directly), Concierge does
    expect(rule(answer.rules, 'below-minimum-reseller').outcome).toBe('info');
    const concierge = rule(answer.rules, 'below-minimum-concierge');
    expect(concierge.outcome).toBe('pass');
    expect(concierge.inputs).toMatchObject({
      seats: 100,
      minSeats: CONCIERGE.minSeats,
      maxSeats: CONCIERGE.maxSeats,
    });
    expect(answer.rules.some((r) => r.ruleId === 'below-minimum-admin-portal')).toBe(false);

    const exchange = workload(answer, 'exchange-online');
    expect(exchange.eligible).toBe(false);
    expect(exchange.migration).toBe('none');
    expect(rule(exchange.rules, 'customer-eligible')).toMatchObject({
      outcome: 'fail',
      explanation: { values: { countedSeats: 100, minSeats: MIN } },
    });
    expect(rule(exchange.rules, 'workload-in-plans').outcome).toBe('pass');
    expect(kinds(exchange)).toEqual(['concierge', 'buy-eligible-plan', 'exception-request']);
    expect(exchange.alternatives[0]?.explanation).toEqual({
      key: 'eligibility.alternative.concierge',
      values: { seats: 100 },
    });
    expect(kinds(answer)).toEqual(['concierge', 'buy-eligible-plan', 'exception-request']);
  });

  it('under the minimum through a reseller: routed to that reseller', () => {
    const answer = evaluate({
      subscriptions: [sub('M365_E3', 80, { purchaseChannel: 'Contoso' }), sub('EMS_E3', 40)],
    });
    const reseller = rule(answer.rules, 'below-minimum-reseller');
    expect(reseller.outcome).toBe('pass');
    expect(reseller.inputs).toMatchObject({ seats: 120, resellers: ['Contoso'] });
    expect(answer.alternatives[0]).toEqual({
      kind: 'reseller',
      explanation: { key: 'eligibility.alternative.reseller', values: { reseller: 'Contoso' } },
    });
  });

  it('under the minimum for an EMS workload or under 50 seats: the admin portal, not the Concierge team', () => {
    const ems = evaluate({ subscriptions: [sub('M365_E3', 100)], workloads: ['intune'] });
    const intune = workload(ems, 'intune');
    expect(rule(intune.rules, 'below-minimum-concierge')).toMatchObject({
      outcome: 'info',
      inputs: { workloadFamily: 'ems', matched: false },
    });
    expect(rule(intune.rules, 'below-minimum-admin-portal').outcome).toBe('pass');
    expect(kinds(intune)[0]).toBe('admin-portal');

    const small = evaluate({ subscriptions: [sub('O365_E3', 30)] });
    expect(rule(small.rules, 'below-minimum-concierge').inputs).toMatchObject({ seats: 30, matched: false });
    expect(kinds(workload(small, 'exchange-online'))[0]).toBe('admin-portal');
  });

  it('150+ trial seats only: ineligible, every seat marked trial, buy an eligible plan', () => {
    const answer = evaluate({
      subscriptions: [sub('M365_E3', 300, { licenceKind: 'trial' }), sub('O365_E3_TRIAL', 200)],
    });
    expect(answer.eligible).toBe(false);
    expect(answer.paidEligibleSeats).toBe(0);
    expect(answer.seats.map((s) => [s.planSku, s.counted, s.reason])).toEqual([
      ['M365_E3', false, 'trial'],
      ['O365_E3_TRIAL', false, 'trial'],
    ]);
    expect(answer.seats[0]?.explanation).toEqual({
      key: 'eligibility.seat.trial',
      values: { seats: 300, plan: 'Microsoft 365 E3' },
    });
    expect(rule(answer.rules, 'minimum-paid-seats').inputs).toMatchObject({ countedSeats: 0, minSeats: MIN });
    const exchange = workload(answer, 'exchange-online');
    expect(rule(exchange.rules, 'workload-in-plans').outcome).toBe('fail');
    const buy = exchange.alternatives.find((a) => a.kind === 'buy-eligible-plan');
    expect(buy?.explanation.values).toEqual({ reason: 'trial', countedSeats: 0, minSeats: MIN });
    expect(kinds(exchange)).toEqual(['buy-eligible-plan', 'self-service', 'exception-request']);
  });

  it('an expired subscription is not counted; renewing it is offered', () => {
    const answer = evaluate({
      subscriptions: [
        sub('M365_E3', 300, { status: 'expired', startsOn: '2021-01-01', endsOn: '2023-12-31' }),
      ],
    });
    expect(answer.eligible).toBe(false);
    expect(answer.seats[0]).toMatchObject({ counted: false, reason: 'expired' });
    expect(rule(answer.rules, 'minimum-paid-seats').inputs).toMatchObject({ countedSeats: 0 });
    expect(answer.alternatives[0]).toEqual({
      kind: 'renew-subscription',
      explanation: {
        key: 'eligibility.alternative.renewSubscription',
        values: { seats: 300, minSeats: MIN },
      },
    });
  });

  it('subscription dates are checked against asOf (ended, not started yet)', () => {
    const answer = evaluate({
      subscriptions: [
        sub('M365_E3', 300, { endsOn: '2024-05-31' }),
        sub('M365_E3', 300, { startsOn: '2024-06-02' }),
        sub('M365_E3', 10, { startsOn: AS_OF, endsOn: AS_OF }),
      ],
    });
    expect(answer.seats.map((s) => s.reason)).toEqual(['ended', 'not-started', 'counted']);
    expect(answer.paidEligibleSeats).toBe(10);
    expect(kinds(answer)).toContain('renew-subscription');
  });

  it('resolves plan aliases (SPE_E3 is Microsoft 365 E3) and reports unknown plans', () => {
    const answer = evaluate({ subscriptions: [sub('SPE_E3', 200), sub('NOT_A_PLAN', 500)] });
    expect(answer.eligible).toBe(true);
    expect(answer.seats.map((s) => [s.planSku, s.reason])).toEqual([
      ['SPE_E3', 'counted'],
      ['NOT_A_PLAN', 'unknown-plan'],
    ]);
    expect(answer.paidEligibleSeats).toBe(200);
  });
});

describe('evaluateEligibility: data migration', () => {
  it('150–499 seats: eligible, migration guidance only', () => {
    const answer = evaluate({
      subscriptions: [sub('M365_E3', 300)],
      workloads: ['exchange-online', 'intune'],
      dataMigration: true,
    });
    expect(answer.eligible).toBe(true);
    expect(answer.alternatives).toEqual([]);
    expect(rule(answer.rules, 'minimum-paid-seats')).toMatchObject({
      outcome: 'pass',
      inputs: { countedSeats: 300, minSeats: MIN },
    });
    const exchange = workload(answer, 'exchange-online');
    expect(exchange).toMatchObject({ eligible: true, migration: 'guidance', alternatives: [] });
    expect(rule(exchange.rules, 'migration-service')).toMatchObject({
      outcome: 'fail',
      inputs: {
        migrationSeats: 300,
        minSeats: SERVICE.minSeats,
        appliedMinSeats: SERVICE.minSeats,
        legacyCustomer: false,
        continuousSince: '2020-01-01',
      },
    });
    expect(rule(exchange.rules, 'migration-guidance')).toMatchObject({
      outcome: 'pass',
      inputs: { migrationSeats: 300, minSeats: GUIDANCE },
    });
    // Intune is not a migration destination
    const intune = workload(answer, 'intune');
    expect(intune).toMatchObject({ eligible: true, migration: 'none' });
    expect(intune.rules.some((r) => r.kind.startsWith('migration'))).toBe(false);
    // the tenant-to-tenant scenario is stated whenever migration is requested
    expect(rule(answer.rules, 'tenant-to-tenant-migration-unsupported').outcome).toBe('info');
  });

  it('no migration level when migration is not requested', () => {
    const answer = evaluate({ subscriptions: [sub('M365_E3', 800)], dataMigration: false });
    const exchange = workload(answer, 'exchange-online');
    expect(exchange).toMatchObject({ eligible: true, migration: 'none' });
    expect(exchange.rules.some((r) => r.ruleId === 'migration-service')).toBe(false);
  });

  it('500+ seats: migration service', () => {
    const answer = evaluate({
      subscriptions: [sub('O365_E3', 450), sub('M365_E3', 100)],
      workloads: ['exchange-online', 'sharepoint-online'],
      dataMigration: true,
    });
    for (const w of answer.workloads) {
      expect(w.migration).toBe('service');
      expect(rule(w.rules, 'migration-service')).toMatchObject({
        outcome: 'pass',
        inputs: { migrationSeats: 550, appliedMinSeats: SERVICE.minSeats },
        explanation: { values: { legacy: 'no', migrationSeats: 550, minSeats: SERVICE.minSeats } },
      });
    }
  });

  it('150–499 seats, continuously subscribed since 2016-05-01: migration service under the former threshold', () => {
    const continuous = evaluate({
      subscriptions: [
        sub('O365_E3', 300, { status: 'expired', startsOn: '2016-05-01', endsOn: '2019-04-30' }),
        sub('O365_E3', 300, { startsOn: '2019-05-01' }),
      ],
      dataMigration: true,
    });
    const exchange = workload(continuous, 'exchange-online');
    expect(exchange.migration).toBe('service');
    expect(rule(exchange.rules, 'migration-service')).toMatchObject({
      outcome: 'pass',
      inputs: {
        migrationSeats: 300,
        legacyCustomer: true,
        continuousSince: '2016-05-01',
        appliedMinSeats: SERVICE.legacyMinSeats,
        legacyPurchasedBefore: SERVICE.legacyPurchasedBefore,
      },
      explanation: { values: { legacy: 'yes', continuousSince: '2016-05-01' } },
    });
    // the single long-running subscription is the simplest continuous case
    const single = evaluate({
      subscriptions: [sub('O365_E3', 300, { startsOn: '2016-05-01' })],
      dataMigration: true,
    });
    expect(workload(single, 'exchange-online').migration).toBe('service');
  });

  it('150–499 seats whose 2016 subscription lapsed before the repurchase: counts as new, guidance only', () => {
    const answer = evaluate({
      subscriptions: [
        sub('O365_E3', 300, { status: 'expired', startsOn: '2016-05-01', endsOn: '2018-12-31' }),
        sub('O365_E3', 300, { startsOn: '2019-03-01' }),
      ],
      dataMigration: true,
    });
    const exchange = workload(answer, 'exchange-online');
    expect(exchange.migration).toBe('guidance');
    expect(rule(exchange.rules, 'migration-service')).toMatchObject({
      outcome: 'fail',
      inputs: { legacyCustomer: false, continuousSince: '2019-03-01', appliedMinSeats: SERVICE.minSeats },
    });
    expect(answer.seats.map((s) => s.reason)).toEqual(['expired', 'counted']);
  });
});

describe('evaluateEligibility: segments and special rules', () => {
  it('education: students count for eligibility, only faculty for migration', () => {
    const answer = evaluate({
      customer: { segment: 'education', country: 'DE' },
      subscriptions: [
        sub('M365_A3_FACULTY', 200, { educationSeatKind: 'faculty' }),
        sub('M365_A3_STUDENT', 400, { educationSeatKind: 'student' }),
      ],
      dataMigration: true,
    });
    expect(answer.eligible).toBe(true);
    expect(answer.paidEligibleSeats).toBe(600);
    expect(answer.seats.map((s) => [s.counted, s.reason])).toEqual([
      [true, 'counted'],
      [true, 'student-seats'],
    ]);
    expect(rule(answer.rules, 'education-minimum')).toMatchObject({
      outcome: 'pass',
      inputs: { countMode: 'per-plan', countedSeats: 400, bestPlanSku: 'M365_A3_STUDENT' },
      explanation: { values: { bestPlan: 'Microsoft 365 A3 for students' } },
    });
    const exchange = workload(answer, 'exchange-online');
    // 600 licences, but only the 200 faculty licences count for migration
    expect(exchange.migration).toBe('guidance');
    expect(rule(exchange.rules, 'education-migration-faculty-only')).toMatchObject({
      outcome: 'info',
      inputs: { migrationSeats: 200, excludedSeats: 400 },
    });
    expect(rule(exchange.rules, 'migration-service').inputs).toMatchObject({ migrationSeats: 200 });

    const faculty = evaluate({
      customer: { segment: 'education', country: 'DE' },
      subscriptions: [sub('M365_A3_FACULTY', 600)],
      dataMigration: true,
    });
    expect(workload(faculty, 'exchange-online').migration).toBe('service');
  });

  it('education: under 150 of any one plan but 150+ in total qualifies through the default minimum', () => {
    const answer = evaluate({
      customer: { segment: 'education', country: 'DE' },
      subscriptions: [sub('O365_A3_FACULTY', 100), sub('M365_A3_STUDENT', 100)],
    });
    expect(rule(answer.rules, 'education-minimum')).toMatchObject({
      outcome: 'fail',
      inputs: { countedSeats: 100 },
    });
    expect(rule(answer.rules, 'minimum-paid-seats')).toMatchObject({
      outcome: 'pass',
      inputs: { countedSeats: 200, applies: true },
    });
    expect(answer.eligible).toBe(true);
  });

  it('nonprofit: free grants are not counted, 150+ paid seats are eligible', () => {
    const answer = evaluate({
      customer: { segment: 'nonprofit', country: 'US' },
      subscriptions: [
        sub('O365_E1_NONPROFIT_GRANT', 500, { licenceKind: 'free' }),
        sub('O365_E3_NONPROFIT', 200),
      ],
    });
    expect(answer.eligible).toBe(true);
    expect(answer.paidEligibleSeats).toBe(200);
    expect(answer.seats.map((s) => [s.counted, s.reason])).toEqual([
      [false, 'plan-not-eligible'],
      [true, 'counted'],
    ]);
    expect(rule(answer.rules, 'no-cost-plans-never-eligible')).toMatchObject({
      outcome: 'fail',
      inputs: { planSkus: ['O365_E1_NONPROFIT_GRANT'], seats: 500 },
    });
    expect(rule(answer.rules, 'nonprofit-minimum')).toMatchObject({
      outcome: 'pass',
      inputs: { countedSeats: 200, minSeats: MIN },
    });
    expect(rule(answer.rules, 'minimum-paid-seats').outcome).toBe('info');

    const grantsOnly = evaluate({
      customer: { segment: 'nonprofit', country: 'US' },
      subscriptions: [
        sub('O365_E1_NONPROFIT_GRANT', 500, { licenceKind: 'free' }),
        sub('O365_E3_NONPROFIT', 100),
      ],
    });
    expect(grantsOnly.eligible).toBe(false);
    // the nonprofit rule cancels below its minimum: no below-minimum routes
    expect(grantsOnly.rules.some((r) => r.kind === 'below-minimum-route')).toBe(false);
    expect(kinds(grantsOnly)).toEqual(['buy-eligible-plan', 'self-service', 'exception-request']);
  });

  it('US government: eligible from 50 seats, cancelled below', () => {
    const answer = evaluate({
      customer: { segment: 'government', country: 'US' },
      subscriptions: [sub('O365_G3', 60)],
    });
    expect(answer.eligible).toBe(true);
    expect(rule(answer.rules, 'us-government-minimum')).toMatchObject({
      outcome: 'pass',
      inputs: { countedSeats: 60, minSeats: GOV, countMode: 'sum', country: 'US' },
    });
    // the general minimum is replaced, not failed
    expect(rule(answer.rules, 'minimum-paid-seats')).toMatchObject({
      outcome: 'info',
      inputs: { applies: false },
    });
    expect(rule(workload(answer, 'exchange-online').rules, 'customer-eligible').outcome).toBe('pass');

    const small = evaluate({
      customer: { segment: 'government', country: 'US' },
      subscriptions: [sub('O365_G3', 40)],
    });
    expect(small.eligible).toBe(false);
    expect(rule(small.rules, 'us-government-minimum').outcome).toBe('fail');
    expect(small.rules.some((r) => r.kind === 'below-minimum-route')).toBe(false);
  });

  it('Internal Use Rights plans are never eligible', () => {
    const answer = evaluate({ subscriptions: [sub('M365_E3_IUR', 300)] });
    expect(answer.eligible).toBe(false);
    expect(answer.seats[0]).toMatchObject({ counted: false, reason: 'plan-not-eligible' });
    expect(rule(answer.rules, 'internal-use-rights-never-eligible')).toMatchObject({
      outcome: 'fail',
      inputs: { planSkus: ['M365_E3_IUR'], seats: 300, reason: 'internal-use-rights' },
      explanation: {
        values: { outcome: 'fail', seats: 300, plans: 'Microsoft 365 E3 (Internal Use Rights)' },
      },
    });
    expect(rule(answer.rules, 'separate-programme-plans-never-eligible').outcome).toBe('pass');
    expect(answer.alternatives.length).toBeGreaterThan(0);
  });

  it('Azure Information Protection needs E5-level plans from 10 May 2019', () => {
    const e3 = evaluate({
      subscriptions: [sub('M365_E3', 300)],
      workloads: ['azure-information-protection'],
    });
    const aip = workload(e3, 'azure-information-protection');
    expect(aip.eligible).toBe(false);
    expect(rule(aip.rules, 'customer-eligible').outcome).toBe('pass');
    expect(rule(aip.rules, 'aip-plan-restriction')).toMatchObject({
      outcome: 'fail',
      inputs: {
        countedSeats: 0,
        minSeats: MIN,
        migrationAllowed: false,
        fallback: 'limited-scope-ems-request',
      },
    });
    expect(kinds(aip)).toEqual(['limited-scope-ems-request', 'buy-eligible-plan', 'exception-request']);
    expect(e3.eligible).toBe(false);
    expect(kinds(e3)).toEqual(kinds(aip));

    const e5 = evaluate({
      subscriptions: [sub('M365_E5', 200)],
      workloads: ['azure-information-protection'],
    });
    expect(workload(e5, 'azure-information-protection').eligible).toBe(true);

    const before = evaluate({
      subscriptions: [sub('M365_E3', 300, { startsOn: '2018-01-01' })],
      workloads: ['azure-information-protection'],
      asOf: '2019-05-09',
    });
    const early = workload(before, 'azure-information-protection');
    expect(early.eligible).toBe(true);
    expect(rule(early.rules, 'aip-plan-restriction')).toMatchObject({
      outcome: 'info',
      explanation: { key: 'eligibility.ruleStatus.notYetInEffect', values: { date: '2019-05-10' } },
    });
  });

  it('StaffHub needs one of its listed plans', () => {
    const m365 = evaluate({ subscriptions: [sub('M365_E3', 300)], workloads: ['staffhub'] });
    expect(rule(workload(m365, 'staffhub').rules, 'staffhub-plan-restriction')).toMatchObject({
      outcome: 'fail',
      inputs: { countedSeats: 0, minSeats: 1 },
    });
    const o365 = evaluate({
      subscriptions: [sub('M365_E3', 300), sub('O365_E1', 10)],
      workloads: ['staffhub'],
    });
    expect(workload(o365, 'staffhub').eligible).toBe(true);
  });

  it('a workload that no counted plan includes is not eligible, with the plan to buy', () => {
    const answer = evaluate({
      subscriptions: [sub('EXO_P1', 300)],
      workloads: ['exchange-online', 'intune'],
    });
    expect(answer.eligible).toBe(true);
    const intune = workload(answer, 'intune');
    expect(intune.eligible).toBe(false);
    expect(rule(intune.rules, 'workload-in-plans').outcome).toBe('fail');
    expect(intune.alternatives[0]?.explanation.values).toMatchObject({ reason: 'workload' });
    expect(
      rule(workload(answer, 'exchange-online').rules, 'workload-in-plans').explanation.values,
    ).toMatchObject({
      plans: 'Exchange Online (Plan 1)',
    });
  });

  it('unknown workloads are reported, and an empty request answers for every workload of the plans', () => {
    const unknown = evaluate({ subscriptions: [sub('M365_E3', 300)], workloads: ['no-such-workload'] });
    expect(unknown.workloads[0]).toMatchObject({
      workload: 'no-such-workload',
      eligible: false,
      rules: [{ ruleId: 'workload-known', outcome: 'fail' }],
    });
    const all = evaluate({ subscriptions: [sub('EXO_P1', 300), sub('INTUNE', 10)], workloads: [] });
    expect(all.workloads.map((w) => w.workload)).toEqual(['exchange-online', 'outlook-mobile', 'intune']);
    expect(all.workloads.every((w) => w.eligible)).toBe(true);
  });

  it('rejects malformed dates and seat counts', () => {
    expect(() => evaluate({ subscriptions: [], asOf: '2024-02-30' })).toThrow(RangeError);
    expect(() => evaluate({ subscriptions: [sub('M365_E3', 10, { startsOn: '1/1/2020' })] })).toThrow(
      /startsOn/,
    );
    expect(() => evaluate({ subscriptions: [sub('M365_E3', -1)] })).toThrow(/paidSeats/);
  });

  it('uses only message keys from the rules and the engine', () => {
    const ruleKeys = new Set(programme.eligibilityRules.map((r) => r.explanation));
    const answer = evaluate({
      subscriptions: [sub('M365_E3', 100, { purchaseChannel: 'Contoso' }), sub('M365_E3_IUR', 5)],
      workloads: ['exchange-online', 'azure-information-protection', 'nope'],
      dataMigration: true,
    });
    const keys = [
      ...answer.rules,
      ...answer.workloads.flatMap((w) => [...w.rules, ...w.alternatives]),
      ...answer.alternatives,
      ...answer.seats,
    ].map((x) => x.explanation.key);
    for (const key of keys) expect(ruleKeys.has(key) || ENGINE_KEYS.includes(key), key).toBe(true);
  });
});
