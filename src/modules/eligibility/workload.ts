/**
 * Per-workload evaluation. A workload is eligible only if the customer is (floor.ts), some counted subscription
 * with seats has a plan that includes it (`workload-in-plans`), and every `workload-plan-restriction` for it in
 * effect passes: counted seats of the listed plans (aliases resolved) must reach `minSeats` (default 1); a failure
 * offers the rule's `fallback` as an alternative. Migration (migration.ts) is only evaluated for eligible
 * workloads. Ineligible workloads always get alternatives, ending with an exception request.
 */
import type { EligibilityRule, Plan } from '../programme/programme.schema.ts';
import { belowFloorAlternatives, evaluateRoutes } from './alternatives.ts';
import type {
  Alternative,
  AlternativeKind,
  EligibilityInput,
  RuleFired,
  WorkloadEligibility,
} from './eligibility.types.ts';
import {
  ALTERNATIVE_KEYS,
  alternative,
  CHECK_KEYS,
  check,
  dedupeAlternatives,
  fired,
  inEffect,
  notInEffect,
  sum,
} from './explain.ts';
import type { FloorResult } from './floor.ts';
import { evaluateMigration, type MigrationFacts, type MigrationRules } from './migration.ts';
import type { SeatInfo } from './seats.ts';

type RuleOfKind<K extends EligibilityRule['kind']> = Extract<EligibilityRule, { kind: K }>;

export const planNames = (skus: readonly string[], plans: ReadonlyMap<string, { name: string }>): string =>
  skus.map((sku) => plans.get(sku)?.name ?? sku).join(', ');

/** The requested workloads (deduplicated), or every workload of the customer's plans in catalogue order. */
export function requestedWorkloads(input: EligibilityInput, seats: readonly SeatInfo[]): string[] {
  if (input.workloads.length > 0) return [...new Set(input.workloads)];
  const counted = seats.filter((s) => s.counted && s.sub.paidSeats > 0);
  const holders = counted.length > 0 ? counted : seats;
  const included = new Set(holders.flatMap((s) => s.plan?.workloads ?? []));
  return input.programme.workloads.filter((w) => included.has(w.id)).map((w) => w.id);
}

export interface WorkloadContext {
  input: EligibilityInput;
  seats: readonly SeatInfo[];
  floor: FloorResult;
  renewed: FloorResult;
  hasUnpaidSeats: boolean;
  plans: ReadonlyMap<string, Plan>;
  restrictions: readonly RuleOfKind<'workload-plan-restriction'>[];
  routeRules: readonly RuleOfKind<'below-minimum-route'>[];
  migrationRules: MigrationRules;
  facts: MigrationFacts;
}

export function evaluateWorkload(id: string, ctx: WorkloadContext): WorkloadEligibility {
  const { input, seats, floor, plans } = ctx;
  const { asOf } = input;
  const workload = input.programme.workloads.find((w) => w.id === id);
  if (!workload) {
    return {
      workload: id,
      eligible: false,
      migration: 'none',
      rules: [
        check('workload-known', CHECK_KEYS.unknownWorkload, 'fail', { workload: id }, { workload: id }),
      ],
      alternatives: [alternative('exception-request')],
    };
  }

  const rules: RuleFired[] = [];
  const floorValues = { countedSeats: floor.countedSeats, minSeats: floor.minSeats };
  const customerOutcome = floor.eligible ? 'pass' : 'fail';
  rules.push(
    check('customer-eligible', CHECK_KEYS.customerEligible, customerOutcome, floorValues, {
      ...floorValues,
      segment: input.customer.segment,
    }),
  );

  const holders = seats.filter((s) => s.counted && s.sub.paidSeats > 0 && s.plan?.workloads.includes(id));
  const inPlans = holders.length > 0;
  const holderSkus = [...new Set(holders.map((s) => s.sku))];
  rules.push(
    check(
      'workload-in-plans',
      CHECK_KEYS.workloadInPlans,
      inPlans ? 'pass' : 'fail',
      { plans: planNames(holderSkus, plans) },
      { workload: id, plans: holderSkus, countedSeats: sum(holders.map((s) => s.sub.paidSeats)) },
    ),
  );

  let restrictionsPass = true;
  let migrationAllowed = true;
  const fallbacks: Alternative[] = [];
  for (const rule of ctx.restrictions.filter((r) => r.workload === id)) {
    if (!inEffect(rule, asOf)) {
      rules.push(notInEffect(rule, asOf));
      continue;
    }
    const skus = new Set(rule.planSkus.map((sku) => plans.get(sku)?.sku ?? sku));
    const count = sum(seats.filter((s) => s.counted && skus.has(s.sku)).map((s) => s.sub.paidSeats));
    const minSeats = rule.minSeats ?? 1;
    const pass = count >= minSeats;
    if (!pass) {
      restrictionsPass = false;
      fallbacks.push(alternative(asAlternativeKind(rule.fallback)));
    }
    if (!rule.migrationAllowed) migrationAllowed = false;
    rules.push(
      fired(
        rule,
        pass ? 'pass' : 'fail',
        { countedSeats: count, minSeats, plans: planNames(rule.planSkus, plans) },
        {
          planSkus: [...skus],
          countedSeats: count,
          minSeats,
          migrationAllowed: rule.migrationAllowed,
          ...(rule.fallback ? { fallback: rule.fallback } : {}),
        },
      ),
    );
  }

  const eligible = floor.eligible && inPlans && restrictionsPass;
  let migration: WorkloadEligibility['migration'] = 'none';
  if (eligible && input.dataMigration) {
    const result = evaluateMigration(id, ctx.migrationRules, ctx.facts, asOf, migrationAllowed);
    migration = result.level;
    rules.push(...result.rules);
  }

  let alternatives: Alternative[] = [];
  if (!eligible) {
    const candidates: Alternative[] = [];
    if (!floor.eligible) {
      const route = evaluateRoutes(
        ctx.routeRules,
        seats,
        input.customer.segment,
        asOf,
        floor,
        workload.family,
      );
      rules.push(...route.rules);
      const below = belowFloorAlternatives({
        floor,
        route: route.alternative,
        renewed: ctx.renewed,
        hasUnpaidSeats: ctx.hasUnpaidSeats,
      });
      candidates.push(...below.filter((a) => a.kind !== 'exception-request'));
    }
    candidates.push(...fallbacks);
    if (floor.eligible) {
      candidates.push(alternative('buy-eligible-plan', { reason: 'workload', ...floorValues }));
    }
    candidates.push(alternative('exception-request'));
    alternatives = dedupeAlternatives(candidates);
  }

  return { workload: id, eligible, migration, rules, alternatives };
}

function asAlternativeKind(fallback: string | undefined): AlternativeKind {
  return fallback !== undefined && Object.hasOwn(ALTERNATIVE_KEYS, fallback)
    ? (fallback as AlternativeKind)
    : 'exception-request';
}
