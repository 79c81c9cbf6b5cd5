/**
 * Data-migration level of an eligible workload.
 *
 * Migration seats = counted seats, minus seats whose education seat kind a `migration-seat-restriction` rule for
 * the customer's segment excludes (education: students; seats without a seat kind are not excluded).
 *
 * - `migration-service-threshold`: `service` when migration seats >= `minSeats`, or >= `legacyMinSeats` for a
 *   legacy customer. Legacy = the customer's current continuous subscription started before
 *   `legacyPurchasedBefore`. "Continuous" is computed from the history of paid subscriptions of eligible plans:
 *   active ones cover `startsOn..endsOn` (open-ended when null), expired ones cover `startsOn..endsOn` when
 *   `endsOn` is known; terms that overlap or follow each other the next day form one continuous term, any gap is
 *   a lapse. The term that covers `asOf` must start before the cut-over. With `lapsedPurchaseCountsAsNew: false`
 *   the earliest such purchase counts instead, gaps or not (still requiring a current subscription).
 * - `migration-guidance-threshold`: `guidance` when migration seats >= `minSeats`.
 * Only for workloads listed in the rules' `workloads`, only when migration is requested, and never when a
 * `workload-plan-restriction` for the workload says `migrationAllowed: false`.
 */
import type {
  MigrationGuidanceThresholdRule,
  MigrationSeatRestrictionRule,
  MigrationServiceThresholdRule,
} from '../programme/programme.schema.ts';
import type { MigrationLevel, RuleFired } from './eligibility.types.ts';
import { addDays, CHECK_KEYS, check, fired, inEffect, notInEffect, sum } from './explain.ts';
import type { CountingPolicy, SeatInfo } from './seats.ts';

export interface MigrationFacts {
  migrationSeats: number;
  excludedSeats: number;
  /** Start of the continuous term covering asOf, or null when no subscription is current. */
  continuousSince: string | null;
  /** Earliest purchase in the history, or null when no subscription is current. */
  earliestPurchase: string | null;
}

export interface MigrationRules {
  service: readonly MigrationServiceThresholdRule[];
  guidance: readonly MigrationGuidanceThresholdRule[];
  seatRestriction: MigrationSeatRestrictionRule | undefined;
}

export function migrationFacts(seats: readonly SeatInfo[], policy: CountingPolicy): MigrationFacts {
  const { asOf } = policy;
  const migrationSeats = sum(seats.filter((s) => s.migrationCounted).map((s) => s.sub.paidSeats));
  const excludedSeats = sum(
    seats.filter((s) => s.counted && !s.migrationCounted).map((s) => s.sub.paidSeats),
  );

  const terms: Array<[string, string]> = [];
  const yesterday = addDays(asOf, -1);
  for (const s of seats) {
    if (!s.planOk || !policy.kinds.has(s.kind) || s.sub.startsOn > asOf) continue;
    if (s.sub.status === 'active') {
      const end = s.sub.endsOn === null ? asOf : earlierDate(s.sub.endsOn, asOf);
      terms.push([s.sub.startsOn, end]);
    } else if (s.sub.status === 'expired' && s.sub.endsOn !== null) {
      terms.push([s.sub.startsOn, earlierDate(s.sub.endsOn, yesterday)]);
    }
  }
  terms.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let continuousSince: string | null = null;
  let blockStart = '';
  let blockEnd = '';
  for (const [start, end] of terms) {
    if (blockStart === '' || start > addDays(blockEnd, 1)) {
      blockStart = start;
      blockEnd = end;
    } else if (end > blockEnd) {
      blockEnd = end;
    }
    if (blockEnd >= asOf && continuousSince === null) continuousSince = blockStart;
  }
  const earliestPurchase = continuousSince === null ? null : (terms[0]?.[0] ?? null);
  return { migrationSeats, excludedSeats, continuousSince, earliestPurchase };
}

/** The earlier of two YYYY-MM-DD dates. */
const earlierDate = (a: string, b: string): string => (a <= b ? a : b);

export function evaluateMigration(
  workload: string,
  rules: MigrationRules,
  facts: MigrationFacts,
  asOf: string,
  allowed: boolean,
): { level: MigrationLevel; rules: RuleFired[] } {
  const fires: RuleFired[] = [];
  const service = rules.service.filter((r) => r.workloads.includes(workload));
  const guidance = rules.guidance.filter((r) => r.workloads.includes(workload));
  for (const r of [...service, ...guidance]) if (!inEffect(r, asOf)) fires.push(notInEffect(r, asOf));
  const serviceRule = service.find((r) => inEffect(r, asOf));
  const guidanceRule = guidance.find((r) => inEffect(r, asOf));
  if (!serviceRule && !guidanceRule) return { level: 'none', rules: fires };
  if (!allowed) {
    fires.push(check('migration-not-allowed', CHECK_KEYS.migrationNotAllowed, 'info', {}, { workload }));
    return { level: 'none', rules: fires };
  }

  const { migrationSeats } = facts;
  const restriction = rules.seatRestriction;
  if (restriction) {
    fires.push(
      fired(
        restriction,
        'info',
        { migrationSeats, excludedSeats: facts.excludedSeats },
        {
          segment: restriction.segment,
          countedEducationSeatKinds: [...restriction.countedEducationSeatKinds],
          migrationSeats,
          excludedSeats: facts.excludedSeats,
        },
      ),
    );
  }

  let level: MigrationLevel = 'none';
  if (serviceRule) {
    const since = serviceRule.lapsedPurchaseCountsAsNew ? facts.continuousSince : facts.earliestPurchase;
    const legacyCustomer = since !== null && since < serviceRule.legacyPurchasedBefore;
    const threshold = legacyCustomer
      ? Math.min(serviceRule.minSeats, serviceRule.legacyMinSeats)
      : serviceRule.minSeats;
    const pass = migrationSeats >= threshold;
    const viaLegacy = pass && migrationSeats < serviceRule.minSeats;
    if (pass) level = 'service';
    fires.push(
      fired(
        serviceRule,
        pass ? 'pass' : 'fail',
        {
          migrationSeats,
          minSeats: serviceRule.minSeats,
          legacyMinSeats: serviceRule.legacyMinSeats,
          legacyPurchasedBefore: serviceRule.legacyPurchasedBefore,
          legacy: viaLegacy ? 'yes' : 'no',
          continuousSince: since ?? '',
        },
        {
          migrationSeats,
          minSeats: serviceRule.minSeats,
          legacyMinSeats: serviceRule.legacyMinSeats,
          legacyPurchasedBefore: serviceRule.legacyPurchasedBefore,
          lapsedPurchaseCountsAsNew: serviceRule.lapsedPurchaseCountsAsNew,
          legacyCustomer,
          appliedMinSeats: threshold,
          ...(since !== null ? { continuousSince: since } : {}),
        },
      ),
    );
  }
  if (guidanceRule) {
    const pass = migrationSeats >= guidanceRule.minSeats;
    if (pass && level === 'none') level = 'guidance';
    fires.push(
      fired(
        guidanceRule,
        pass ? 'pass' : 'fail',
        { migrationSeats, minSeats: guidanceRule.minSeats },
        { migrationSeats, minSeats: guidanceRule.minSeats },
      ),
    );
  }
  return { level, rules: fires };
}
