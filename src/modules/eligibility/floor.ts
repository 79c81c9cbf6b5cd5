/**
 * The customer-level floor: `minimum-paid-seats` (default) and the customer's `segment-minimum` rule.
 *
 * - Default: the sum of seats that count (see seats.ts) must reach `minSeats`.
 * - Segment rule (replaces the default for its segment): counts the seats that count and whose licence kind is
 *   in its `countedLicenceKinds`, restricted to `qualifyingPlanSkus` when given; `countMode: sum` adds them up,
 *   `per-plan` needs one single plan to reach `minSeats`. With `allowDefaultMinimum` the default rule can
 *   qualify the customer too; otherwise the default rule is reported as `info` (replaced).
 * - With neither rule in effect, any counted seat qualifies.
 */
import type {
  LicenceKind,
  MinimumPaidSeatsRule,
  Plan,
  SegmentMinimumRule,
} from '../programme/programme.schema.ts';
import type { RuleFired } from './eligibility.types.ts';
import { CHECK_KEYS, check, fired, sum } from './explain.ts';
import type { SeatInfo } from './seats.ts';

export interface FloorResult {
  eligible: boolean;
  /** The floor that governs the customer (segment rule if any, else the default). */
  minSeats: number;
  /** The count compared with `minSeats` (for `per-plan`: the largest qualifying plan). */
  countedSeats: number;
  belowMinimumOutcome: 'route' | 'cancel';
  rules: RuleFired[];
}

export interface FloorRules {
  base: MinimumPaidSeatsRule | undefined;
  segment: SegmentMinimumRule | undefined;
}

/** `current` overrides the seats' currency (to ask "would the customer qualify if these were renewed?"). */
export function evaluateFloor(
  seats: readonly SeatInfo[],
  { base, segment }: FloorRules,
  plans: ReadonlyMap<string, Plan>,
  country: string,
  current: (seat: SeatInfo) => boolean = (seat) => seat.current,
): FloorResult {
  const counts = (seat: SeatInfo, kinds: readonly LicenceKind[]) =>
    seat.planOk && current(seat) && kinds.includes(seat.kind);
  const rules: RuleFired[] = [];

  let basePass = false;
  let baseCount = 0;
  if (base) {
    baseCount = sum(seats.filter((s) => counts(s, base.countedLicenceKinds)).map((s) => s.sub.paidSeats));
    basePass = baseCount >= base.minSeats;
    const applies = !segment || segment.allowDefaultMinimum;
    rules.push(
      fired(
        base,
        applies ? (basePass ? 'pass' : 'fail') : 'info',
        { countedSeats: baseCount, minSeats: base.minSeats },
        {
          countedSeats: baseCount,
          minSeats: base.minSeats,
          countedLicenceKinds: [...base.countedLicenceKinds],
          families: [...base.families],
          applies,
        },
      ),
    );
  }

  if (segment) {
    const qualifying = segment.qualifyingPlanSkus
      ? new Set(segment.qualifyingPlanSkus.map((sku) => plans.get(sku)?.sku ?? sku))
      : null;
    const pool = seats.filter(
      (s) => counts(s, segment.countedLicenceKinds) && (qualifying === null || qualifying.has(s.sku)),
    );
    let count: number;
    let bestPlan = '';
    let bestSku = '';
    if (segment.countMode === 'per-plan') {
      const bySku = new Map<string, number>();
      for (const s of pool) bySku.set(s.sku, (bySku.get(s.sku) ?? 0) + s.sub.paidSeats);
      count = 0;
      for (const [sku, n] of [...bySku].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        if (n > count || bestSku === '') {
          count = n;
          bestSku = sku;
        }
      }
      bestPlan = bestSku ? (plans.get(bestSku)?.name ?? bestSku) : '';
    } else {
      count = sum(pool.map((s) => s.sub.paidSeats));
    }
    const pass = count >= segment.minSeats;
    rules.push(
      fired(
        segment,
        pass ? 'pass' : 'fail',
        {
          countedSeats: count,
          minSeats: segment.minSeats,
          bestPlan,
          countMode: segment.countMode === 'per-plan' ? 'perPlan' : 'sum',
        },
        {
          segment: segment.segment,
          country,
          countMode: segment.countMode,
          countedSeats: count,
          minSeats: segment.minSeats,
          countedLicenceKinds: [...segment.countedLicenceKinds],
          ...(qualifying ? { qualifyingPlanSkus: [...qualifying] } : {}),
          ...(bestSku ? { bestPlanSku: bestSku } : {}),
          allowDefaultMinimum: segment.allowDefaultMinimum,
          belowMinimumOutcome: segment.belowMinimumOutcome,
        },
      ),
    );
    return {
      eligible: pass || (segment.allowDefaultMinimum && basePass),
      minSeats: segment.minSeats,
      countedSeats: count,
      belowMinimumOutcome: segment.belowMinimumOutcome,
      rules,
    };
  }

  if (base) {
    return {
      eligible: basePass,
      minSeats: base.minSeats,
      countedSeats: baseCount,
      belowMinimumOutcome: 'route',
      rules,
    };
  }

  // No floor rule in effect: any counted seat qualifies.
  const pool = seats.filter((s) => counts(s, ['paid']));
  const counted = sum(pool.map((s) => s.sub.paidSeats));
  const anyCounted = counted > 0;
  rules.push(
    check(
      'no-minimum-rule',
      CHECK_KEYS.noMinimumRule,
      anyCounted ? 'pass' : 'fail',
      { countedSeats: counted },
      {
        countedSeats: counted,
      },
    ),
  );
  return { eligible: anyCounted, minSeats: 1, countedSeats: counted, belowMinimumOutcome: 'route', rules };
}
