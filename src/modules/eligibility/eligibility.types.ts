/**
 * Input and answer types of the pure eligibility engine (`evaluate-eligibility.ts` re-exports them).
 * Every decision carries message-catalogue keys with ICU values so that a reader sees why, in their language.
 */
import type { Programme } from '../programme/programme.schema.ts';

export interface SubscriptionInput {
  planSku: string;
  paidSeats: number;
  status: 'active' | 'expired' | 'suspended';
  licenceKind: 'paid' | 'trial' | 'free';
  /** YYYY-MM-DD, first day of the term (inclusive). */
  startsOn: string;
  /** YYYY-MM-DD, last day of the term (inclusive); null = open-ended. */
  endsOn: string | null;
  /** `direct` or the reseller's name. */
  purchaseChannel: string;
  educationSeatKind: 'faculty' | 'student' | null;
}

export interface EligibilityInput {
  programme: Programme;
  customer: { segment: 'commercial' | 'government' | 'education' | 'nonprofit'; country: string };
  subscriptions: SubscriptionInput[];
  /** Requested workload ids; empty = every workload the customer's plans include. */
  workloads: string[];
  /** Is data migration requested? */
  dataMigration: boolean;
  /** YYYY-MM-DD: the date of the decision. */
  asOf: string;
}

/** A message-catalogue key and its ICU values. */
export interface Explanation {
  key: string;
  values: Record<string, string | number>;
}

export interface RuleFired {
  ruleId: string;
  kind: string;
  /** `info` = evaluated but not decisive (not in effect, replaced, not applicable, informative). */
  outcome: 'pass' | 'fail' | 'info';
  explanation: Explanation;
  inputs: Record<string, string | number | boolean | string[]>;
  source: string;
}

export type MigrationLevel = 'service' | 'guidance' | 'none';

export type AlternativeKind =
  | 'self-service'
  | 'reseller'
  | 'concierge'
  | 'admin-portal'
  | 'exception-request'
  | 'limited-scope-ems-request'
  | 'renew-subscription'
  | 'buy-eligible-plan';

export interface Alternative {
  kind: AlternativeKind;
  explanation: Explanation;
}

export interface WorkloadEligibility {
  workload: string;
  eligible: boolean;
  migration: MigrationLevel;
  rules: RuleFired[];
  /** Non-empty whenever `eligible` is false. */
  alternatives: Alternative[];
}

export type SeatReason =
  | 'counted'
  | 'trial'
  | 'free'
  | 'expired'
  | 'suspended'
  | 'not-started'
  | 'ended'
  | 'plan-not-eligible'
  | 'unknown-plan'
  | 'student-seats'
  | 'faculty-seats';

export interface SeatCount {
  planSku: string;
  seats: number;
  /** Counted towards eligibility. */
  counted: boolean;
  /**
   * Why (not) counted. `student-seats` (or `faculty-seats`): counted for eligibility, but excluded from the
   * data-migration count by a migration-seat-restriction rule.
   */
  reason: SeatReason;
  /** `eligibility.seat.<reason>` with `{ seats, plan }`. */
  explanation: Explanation;
}

export interface EligibilityAnswer {
  asOf: string;
  /** At least one requested workload is eligible. */
  eligible: boolean;
  /** Sum of the counted seats. */
  paidEligibleSeats: number;
  /** One entry per input subscription, in input order. */
  seats: SeatCount[];
  /** Customer-level rules. */
  rules: RuleFired[];
  workloads: WorkloadEligibility[];
  /** What the customer can do instead; non-empty whenever `eligible` is false. */
  alternatives: Alternative[];
}
