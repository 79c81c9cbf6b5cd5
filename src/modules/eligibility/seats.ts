/**
 * Seat classification: which subscriptions count towards eligibility, and why not.
 *
 * The counting policy comes from the rules: the first `minimum-paid-seats` rule in effect gives the plan
 * families, `eligiblePlansOnly` and `requireCurrentSubscription`; the counted licence kinds are the union of that
 * rule's and the customer's segment rule's `countedLicenceKinds`; `plan-never-eligible` rules exclude plans;
 * a `migration-seat-restriction` rule for the customer's segment marks seats excluded from migration counts.
 */
import type {
  EducationSeatKind,
  Family,
  LicenceKind,
  MigrationSeatRestrictionRule,
  MinimumPaidSeatsRule,
  Plan,
  PlanNeverEligibleRule,
  Programme,
  SegmentMinimumRule,
} from '../programme/programme.schema.ts';
import type { SeatReason, SubscriptionInput } from './eligibility.types.ts';

export interface CountingPolicy {
  asOf: string;
  kinds: ReadonlySet<LicenceKind>;
  /** null = every family. */
  families: ReadonlySet<Family> | null;
  eligiblePlansOnly: boolean;
  requireCurrent: boolean;
  /** Plan SKU → the never-eligible rule (in effect) that lists it. */
  neverEligible: ReadonlyMap<string, PlanNeverEligibleRule>;
  /** Education seat kinds that count for migration; null = no restriction for this customer. */
  migrationSeatKinds: ReadonlySet<EducationSeatKind> | null;
}

export interface SeatInfo {
  sub: SubscriptionInput;
  plan: Plan | undefined;
  /** The catalogue SKU (aliases resolved), or the input SKU when unknown. */
  sku: string;
  /** Display name: the plan's (English, untranslated) product name, or the SKU. */
  name: string;
  /** Effective licence kind: a trial or free plan stays trial/free whatever the subscription says. */
  kind: LicenceKind;
  /** Known, not never-eligible, and (when required) an eligible plan of a counted family. */
  planOk: boolean;
  /** Active and `startsOn <= asOf <= endsOn` (always true when the rule does not require it). */
  current: boolean;
  counted: boolean;
  /** Counted, and not excluded from migration by a seat restriction. */
  migrationCounted: boolean;
  seatKind: EducationSeatKind | null;
  neverRule: PlanNeverEligibleRule | undefined;
  reason: SeatReason;
}

/** Plan lookup by SKU and by alias. */
export function planIndex(programme: Programme): Map<string, Plan> {
  const index = new Map<string, Plan>();
  for (const plan of programme.plans) {
    for (const alias of plan.aliases ?? []) if (!index.has(alias)) index.set(alias, plan);
  }
  for (const plan of programme.plans) index.set(plan.sku, plan);
  return index;
}

export function countingPolicy(
  asOf: string,
  base: MinimumPaidSeatsRule | undefined,
  segment: SegmentMinimumRule | undefined,
  never: readonly PlanNeverEligibleRule[],
  seatRestriction: MigrationSeatRestrictionRule | undefined,
  plans: ReadonlyMap<string, Plan>,
): CountingPolicy {
  const kinds = new Set<LicenceKind>(base?.countedLicenceKinds ?? (segment ? [] : ['paid']));
  for (const k of segment?.countedLicenceKinds ?? []) kinds.add(k);
  const neverEligible = new Map<string, PlanNeverEligibleRule>();
  for (const rule of never) {
    for (const sku of rule.planSkus) {
      const canonical = plans.get(sku)?.sku ?? sku;
      if (!neverEligible.has(canonical)) neverEligible.set(canonical, rule);
    }
  }
  return {
    asOf,
    kinds,
    families: base ? new Set(base.families) : null,
    eligiblePlansOnly: base?.eligiblePlansOnly ?? true,
    requireCurrent: base?.requireCurrentSubscription ?? true,
    neverEligible,
    migrationSeatKinds: seatRestriction ? new Set(seatRestriction.countedEducationSeatKinds) : null,
  };
}

export function classifySeat(
  sub: SubscriptionInput,
  plans: ReadonlyMap<string, Plan>,
  policy: CountingPolicy,
): SeatInfo {
  const plan = plans.get(sub.planSku);
  const sku = plan?.sku ?? sub.planSku;
  const kind: LicenceKind = sub.licenceKind !== 'paid' ? sub.licenceKind : (plan?.licenceKind ?? 'paid');
  const neverRule = policy.neverEligible.get(sku);
  const planOk =
    plan !== undefined &&
    neverRule === undefined &&
    (!policy.eligiblePlansOnly || plan.eligible) &&
    (policy.families === null || policy.families.has(plan.family));
  const { asOf } = policy;
  const current =
    !policy.requireCurrent ||
    (sub.status === 'active' && sub.startsOn <= asOf && (sub.endsOn === null || sub.endsOn >= asOf));
  const counted = planOk && current && policy.kinds.has(kind);
  const seatKind = sub.educationSeatKind ?? plan?.educationSeatKind ?? null;
  const migrationExcluded =
    policy.migrationSeatKinds !== null && seatKind !== null && !policy.migrationSeatKinds.has(seatKind);

  let reason: SeatReason;
  if (plan === undefined) reason = 'unknown-plan';
  else if (neverRule) reason = 'plan-not-eligible';
  else if (!policy.kinds.has(kind)) reason = kind === 'paid' ? 'plan-not-eligible' : kind;
  else if (!planOk) reason = 'plan-not-eligible';
  else if (!current) reason = notCurrentReason(sub, asOf);
  else reason = migrationExcluded ? (seatKind === 'student' ? 'student-seats' : 'faculty-seats') : 'counted';

  return {
    sub,
    plan,
    sku,
    name: plan?.name ?? sub.planSku,
    kind,
    planOk,
    current,
    counted,
    migrationCounted: counted && !migrationExcluded,
    seatKind,
    neverRule,
    reason,
  };
}

function notCurrentReason(sub: SubscriptionInput, asOf: string): SeatReason {
  if (sub.status === 'suspended') return 'suspended';
  if (sub.status === 'expired') return 'expired';
  if (sub.startsOn > asOf) return 'not-started';
  return 'ended';
}

/** Would count if it were current again (renewed or reactivated): expired, suspended or ended. */
export function renewable(seat: SeatInfo, policy: CountingPolicy): boolean {
  return (
    seat.planOk &&
    !seat.current &&
    policy.kinds.has(seat.kind) &&
    (seat.reason === 'expired' || seat.reason === 'suspended' || seat.reason === 'ended')
  );
}
