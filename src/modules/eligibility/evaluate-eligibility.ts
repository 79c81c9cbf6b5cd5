/**
 * The FastTrack eligibility engine: a pure function from (programme, customer, subscriptions, request, date) to
 * an explained answer. No I/O, no clock: the same input always gives the same answer.
 *
 * Every rule evaluated appears in the answer with its outcome, its numbers (`inputs`), its source and a
 * message key with ICU values, so that a reader can see why. Rules are data (`programme.eligibilityRules`);
 * thresholds are never hard-coded. How each rule kind is evaluated:
 * - `plan-never-eligible` (customer level): seats of the listed plans never count (seat reason
 *   `plan-not-eligible`); `fail` when some subscription uses such a plan, else `pass`.
 * - `minimum-paid-seats`, `segment-minimum` (customer level): see floor.ts. Which seats count: see seats.ts.
 * - `below-minimum-route` (customer level and per ineligible workload): see alternatives.ts.
 * - `unsupported-migration-scenario` (customer level, when migration is requested): `info`.
 * - `workload-plan-restriction` (per workload): see workload.ts.
 * - `migration-*` (per eligible workload, when migration is requested): see migration.ts.
 * A rule outside its `effectiveFrom`..`effectiveTo` window is reported as `info` and otherwise ignored.
 * The engine adds its own checks: `customer-eligible` and `workload-in-plans` per workload (a workload is
 * eligible only if the customer is, some counted plan with seats includes it, and its restrictions pass),
 * `workload-known` for ids that are not in the programme, and `no-minimum-rule` when no floor rule is in effect.
 */
import type { EligibilityRule } from '../programme/programme.schema.ts';
import { belowFloorAlternatives, evaluateRoutes } from './alternatives.ts';
import type {
  Alternative,
  EligibilityAnswer,
  EligibilityInput,
  RuleFired,
  SeatCount,
} from './eligibility.types.ts';
import {
  alternative,
  assertIsoDate,
  dedupeAlternatives,
  fired,
  inEffect,
  notInEffect,
  seatKey,
  sum,
} from './explain.ts';
import { evaluateFloor } from './floor.ts';
import { type MigrationRules, migrationFacts } from './migration.ts';
import { classifySeat, countingPolicy, planIndex, renewable, type SeatInfo } from './seats.ts';
import { evaluateWorkload, type WorkloadContext, requestedWorkloads } from './workload.ts';

export type {
  Alternative,
  AlternativeKind,
  EligibilityAnswer,
  EligibilityInput,
  Explanation,
  MigrationLevel,
  RuleFired,
  SeatCount,
  SeatReason,
  SubscriptionInput,
  WorkloadEligibility,
} from './eligibility.types.ts';
export { ENGINE_KEYS } from './explain.ts';

type RuleOfKind<K extends EligibilityRule['kind']> = Extract<EligibilityRule, { kind: K }>;

function ofKind<K extends EligibilityRule['kind']>(
  rules: readonly EligibilityRule[],
  kind: K,
): RuleOfKind<K>[] {
  return rules.filter((rule): rule is RuleOfKind<K> => rule.kind === kind);
}

export function evaluateEligibility(input: EligibilityInput): EligibilityAnswer {
  validateInput(input);
  const { programme, customer, asOf } = input;
  const plans = planIndex(programme);
  const all = programme.eligibilityRules;
  const active = all.filter((rule) => inEffect(rule, asOf));
  const isCustomerFloor = (rule: EligibilityRule) =>
    rule.kind === 'minimum-paid-seats' ||
    (rule.kind === 'segment-minimum' && rule.segment === customer.segment);

  const base = ofKind(active, 'minimum-paid-seats')[0];
  const segmentRule = ofKind(active, 'segment-minimum').find((r) => r.segment === customer.segment);
  const never = ofKind(active, 'plan-never-eligible');
  const seatRestriction = ofKind(active, 'migration-seat-restriction').find(
    (r) => r.segment === customer.segment,
  );
  const policy = countingPolicy(asOf, base, segmentRule, never, seatRestriction, plans);
  const seats = input.subscriptions.map((sub) => classifySeat(sub, plans, policy));

  // ----- customer level -------------------------------------------------------------------------------------
  const rules: RuleFired[] = [];
  for (const rule of all) {
    if (!inEffect(rule, asOf) && (rule.kind === 'plan-never-eligible' || isCustomerFloor(rule))) {
      rules.push(notInEffect(rule, asOf));
    }
  }
  for (const rule of never) rules.push(evaluateNeverEligible(rule, seats));
  const floorRules = { base, segment: segmentRule };
  const floor = evaluateFloor(seats, floorRules, plans, customer.country);
  rules.push(...floor.rules);
  const renewed = evaluateFloor(
    seats,
    floorRules,
    plans,
    customer.country,
    (s) => s.current || renewable(s, policy),
  );
  const hasUnpaidSeats = seats.some((s) => s.reason === 'trial' || s.reason === 'free');
  const routeRules = ofKind(all, 'below-minimum-route');
  const customerRoute = evaluateRoutes(routeRules, seats, customer.segment, asOf, floor);
  rules.push(...customerRoute.rules);
  if (input.dataMigration) {
    for (const rule of ofKind(all, 'unsupported-migration-scenario')) {
      rules.push(
        inEffect(rule, asOf) ? fired(rule, 'info', {}, { scenario: rule.scenario }) : notInEffect(rule, asOf),
      );
    }
  }
  const belowFloor = floor.eligible
    ? []
    : belowFloorAlternatives({ floor, route: customerRoute.alternative, renewed, hasUnpaidSeats });

  // ----- workloads --------------------------------------------------------------------------------------------
  const migrationRules: MigrationRules = {
    service: ofKind(all, 'migration-service-threshold'),
    guidance: ofKind(all, 'migration-guidance-threshold'),
    seatRestriction,
  };
  const facts = migrationFacts(seats, policy);
  const context: WorkloadContext = {
    input,
    seats,
    floor,
    renewed,
    hasUnpaidSeats,
    plans,
    restrictions: ofKind(all, 'workload-plan-restriction'),
    routeRules,
    migrationRules,
    facts,
  };
  const workloads = requestedWorkloads(input, seats).map((id) => evaluateWorkload(id, context));

  const eligible = workloads.some((w) => w.eligible);
  let alternatives: Alternative[] = [];
  if (!eligible) {
    alternatives = floor.eligible ? dedupeAlternatives(workloads.flatMap((w) => w.alternatives)) : belowFloor;
    if (alternatives.length === 0) alternatives = [alternative('exception-request')];
  }

  return {
    asOf,
    eligible,
    paidEligibleSeats: sum(seats.filter((s) => s.counted).map((s) => s.sub.paidSeats)),
    seats: seats.map(seatCount),
    rules,
    workloads,
    alternatives,
  };
}

// ---------------------------------------------------------------------------------------------------------------

function validateInput(input: EligibilityInput): void {
  assertIsoDate(input.asOf, 'asOf');
  input.subscriptions.forEach((sub, i) => {
    assertIsoDate(sub.startsOn, `subscriptions[${i}].startsOn`);
    if (sub.endsOn !== null) assertIsoDate(sub.endsOn, `subscriptions[${i}].endsOn`);
    if (!Number.isSafeInteger(sub.paidSeats) || sub.paidSeats < 0) {
      throw new RangeError(`subscriptions[${i}].paidSeats must be a whole number >= 0, got ${sub.paidSeats}`);
    }
  });
}

function seatCount(seat: SeatInfo): SeatCount {
  return {
    planSku: seat.sub.planSku,
    seats: seat.sub.paidSeats,
    counted: seat.counted,
    reason: seat.reason,
    explanation: { key: seatKey(seat.reason), values: { seats: seat.sub.paidSeats, plan: seat.name } },
  };
}
function evaluateNeverEligible(
  rule: RuleOfKind<'plan-never-eligible'>,
  seats: readonly SeatInfo[],
): RuleFired {
  const hit = seats.filter((s) => s.neverRule === rule);
  const skus = [...new Set(hit.map((s) => s.sku))];
  const names = [...new Set(hit.map((s) => s.name))].join(', ');
  const seatTotal = sum(hit.map((s) => s.sub.paidSeats));
  return fired(
    rule,
    hit.length > 0 ? 'fail' : 'pass',
    { seats: seatTotal, plans: names },
    { planSkus: skus, seats: seatTotal, reason: rule.reason },
  );
}
