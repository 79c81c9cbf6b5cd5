/** Message keys owned by the engine, date helpers, and builders for explained rule outcomes. */
import { isCalendarDate } from '../../platform/time/calendar-date.ts';
import type { EligibilityRule } from '../programme/programme.schema.ts';
import type {
  Alternative,
  AlternativeKind,
  Explanation,
  RuleFired,
  SeatReason,
} from './eligibility.types.ts';

/** Source cited by the engine's own checks (the public eligibility page of the service description). */
export const ENGINE_SOURCE = 'isabella232/OfficeDocs-FastTrack-pr.vi-VN:fasttrack/eligibility.md';

export const CHECK_KEYS = {
  customerEligible: 'eligibility.check.customerEligible',
  workloadInPlans: 'eligibility.check.workloadInPlans',
  unknownWorkload: 'eligibility.check.unknownWorkload',
  noMinimumRule: 'eligibility.check.noMinimumRule',
  migrationNotAllowed: 'eligibility.check.migrationNotAllowed',
  notYetInEffect: 'eligibility.ruleStatus.notYetInEffect',
  noLongerInEffect: 'eligibility.ruleStatus.noLongerInEffect',
} as const;

export const ALTERNATIVE_KEYS: Record<AlternativeKind, string> = {
  'self-service': 'eligibility.alternative.selfService',
  reseller: 'eligibility.alternative.reseller',
  concierge: 'eligibility.alternative.concierge',
  'admin-portal': 'eligibility.alternative.adminPortal',
  'exception-request': 'eligibility.alternative.exceptionRequest',
  'limited-scope-ems-request': 'eligibility.alternative.limitedScopeEmsRequest',
  'renew-subscription': 'eligibility.alternative.renewSubscription',
  'buy-eligible-plan': 'eligibility.alternative.buyEligiblePlan',
};

export const SEAT_REASONS: readonly SeatReason[] = [
  'counted',
  'trial',
  'free',
  'expired',
  'suspended',
  'not-started',
  'ended',
  'plan-not-eligible',
  'unknown-plan',
  'student-seats',
  'faculty-seats',
];

/** `eligibility.seat.<reason>` (the reason verbatim), values `{ seats, plan }`. */
export const seatKey = (reason: SeatReason): string => `eligibility.seat.${reason}`;

/** Every key the engine itself may emit (rule explanations come from the programme data). */
export const ENGINE_KEYS: readonly string[] = [
  ...Object.values(CHECK_KEYS),
  ...Object.values(ALTERNATIVE_KEYS),
  ...SEAT_REASONS.map(seatKey),
];

// ---------------------------------------------------------------------------------------------------------------
// Dates (YYYY-MM-DD strings compare correctly as text)
// ---------------------------------------------------------------------------------------------------------------

export function assertIsoDate(value: string, what: string): void {
  if (typeof value !== 'string' || !isCalendarDate(value)) {
    throw new RangeError(`${what} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------------------------
// Rule outcomes
// ---------------------------------------------------------------------------------------------------------------

type RuleLike = Pick<
  EligibilityRule,
  'id' | 'kind' | 'source' | 'explanation' | 'effectiveFrom' | 'effectiveTo'
>;

export function inEffect(rule: RuleLike, asOf: string): boolean {
  return (
    (!rule.effectiveFrom || rule.effectiveFrom <= asOf) && (!rule.effectiveTo || asOf <= rule.effectiveTo)
  );
}

/** A programme rule's outcome, explained with the rule's own message key. */
export function fired(
  rule: RuleLike,
  outcome: RuleFired['outcome'],
  values: Explanation['values'],
  inputs: RuleFired['inputs'],
): RuleFired {
  return {
    ruleId: rule.id,
    kind: rule.kind,
    outcome,
    explanation: { key: rule.explanation, values: { outcome, ...values } },
    inputs,
    source: rule.source,
  };
}

/** A rule that does not apply on `asOf` (before `effectiveFrom` or after `effectiveTo`). */
export function notInEffect(rule: RuleLike, asOf: string): RuleFired {
  const early = rule.effectiveFrom !== undefined && asOf < rule.effectiveFrom;
  const date = (early ? rule.effectiveFrom : rule.effectiveTo) ?? '';
  return {
    ruleId: rule.id,
    kind: rule.kind,
    outcome: 'info',
    explanation: { key: early ? CHECK_KEYS.notYetInEffect : CHECK_KEYS.noLongerInEffect, values: { date } },
    inputs: {
      asOf,
      inEffect: false,
      ...(rule.effectiveFrom ? { effectiveFrom: rule.effectiveFrom } : {}),
      ...(rule.effectiveTo ? { effectiveTo: rule.effectiveTo } : {}),
    },
    source: rule.source,
  };
}

/** One of the engine's own checks (not a programme rule); like `fired`, the values carry `outcome`. */
export function check(
  ruleId: string,
  key: string,
  outcome: RuleFired['outcome'],
  values: Explanation['values'],
  inputs: RuleFired['inputs'],
): RuleFired {
  return {
    ruleId,
    kind: ruleId,
    outcome,
    explanation: { key, values: { outcome, ...values } },
    inputs,
    source: ENGINE_SOURCE,
  };
}

export function alternative(kind: AlternativeKind, values: Explanation['values'] = {}): Alternative {
  return { kind, explanation: { key: ALTERNATIVE_KEYS[kind], values } };
}

/** Keeps the first alternative of each kind, in order. */
export function dedupeAlternatives(alternatives: readonly Alternative[]): Alternative[] {
  const seen = new Set<string>();
  return alternatives.filter((a) => {
    if (seen.has(a.kind)) return false;
    seen.add(a.kind);
    return true;
  });
}

export const sum = (values: Iterable<number>): number => {
  let total = 0;
  for (const v of values) total += v;
  return total;
};
