/**
 * What a customer below the floor can do instead.
 *
 * `below-minimum-route` rules are tried in ascending `priority` (then id); the first whose conditions hold wins
 * (`pass`), the ones tried before it are `info` (not applicable), later ones are not evaluated. Conditions:
 * the customer's segment is in `segments`; with `families`, the workload (if any) is of one of them and only
 * counted seats of plans of those families are considered; with `purchaseChannel: reseller`, some considered
 * seat was bought through a reseller (channel other than `direct`; the reseller with most seats is named),
 * with `direct`, all were bought directly; the considered seats are within `minSeats..maxSeats`.
 * Routes are only tried when the governing floor rule says `belowMinimumOutcome: route`.
 */
import type { BelowMinimumRouteRule, Family, Segment } from '../programme/programme.schema.ts';
import type { Alternative, RuleFired } from './eligibility.types.ts';
import { alternative, fired, inEffect, notInEffect, sum } from './explain.ts';
import type { FloorResult } from './floor.ts';
import type { SeatInfo } from './seats.ts';

export interface RouteResult {
  rules: RuleFired[];
  /** The chosen route as an alternative (null when none matched or the route is `cancel`). */
  alternative: Alternative | null;
}

export function evaluateRoutes(
  routes: readonly BelowMinimumRouteRule[],
  seats: readonly SeatInfo[],
  segment: Segment,
  asOf: string,
  floor: FloorResult,
  workloadFamily?: Family,
): RouteResult {
  if (floor.eligible || floor.belowMinimumOutcome !== 'route') return { rules: [], alternative: null };
  const rules: RuleFired[] = [];
  const ordered = [...routes].sort(
    (a, b) => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  for (const route of ordered) {
    if (!inEffect(route, asOf)) {
      rules.push(notInEffect(route, asOf));
      continue;
    }
    const segmentOk = !route.segments || route.segments.includes(segment);
    const familyOk =
      !route.families || workloadFamily === undefined || route.families.includes(workloadFamily);
    const pool = seats.filter(
      (s) => s.counted && (!route.families || (s.plan && route.families.includes(s.plan.family))),
    );
    const poolSeats = sum(pool.map((s) => s.sub.paidSeats));
    const bySeller = new Map<string, number>();
    for (const s of pool) {
      if (s.sub.purchaseChannel !== 'direct') {
        bySeller.set(s.sub.purchaseChannel, (bySeller.get(s.sub.purchaseChannel) ?? 0) + s.sub.paidSeats);
      }
    }
    const resellers = [...bySeller]
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
      .map(([n]) => n);
    const channelOk =
      route.purchaseChannel === undefined ||
      (route.purchaseChannel === 'reseller'
        ? resellers.length > 0
        : pool.length > 0 && resellers.length === 0);
    const rangeOk = poolSeats >= route.minSeats && poolSeats <= route.maxSeats;
    const matched = segmentOk && familyOk && channelOk && rangeOk;
    const reseller = route.purchaseChannel === 'reseller' ? (resellers[0] ?? '') : '';
    rules.push(
      fired(
        route,
        matched ? 'pass' : 'info',
        { seats: poolSeats, minSeats: route.minSeats, maxSeats: route.maxSeats, reseller },
        {
          route: route.route,
          priority: route.priority,
          seats: poolSeats,
          minSeats: route.minSeats,
          maxSeats: route.maxSeats,
          segment,
          ...(route.segments ? { segments: [...route.segments] } : {}),
          ...(route.families ? { families: [...route.families] } : {}),
          ...(workloadFamily ? { workloadFamily } : {}),
          ...(route.purchaseChannel ? { purchaseChannel: route.purchaseChannel } : {}),
          resellers,
          matched,
        },
      ),
    );
    if (matched) return { rules, alternative: routeAlternative(route, poolSeats, reseller) };
  }
  return { rules, alternative: null };
}

function routeAlternative(route: BelowMinimumRouteRule, seats: number, reseller: string): Alternative | null {
  switch (route.route) {
    case 'reseller':
      return alternative('reseller', { reseller });
    case 'concierge':
      return alternative('concierge', { seats });
    case 'admin-portal':
      return alternative('admin-portal');
    case 'cancel':
      return null;
  }
}

export interface BelowFloorFacts {
  floor: FloorResult;
  route: Alternative | null;
  /** The floor as it would be if expired, suspended and ended subscriptions were renewed. */
  renewed: FloorResult;
  /** Some seats are trial or free licences. */
  hasUnpaidSeats: boolean;
}

/** Alternatives for a customer below the floor, most useful first; always ends with an exception request. */
export function belowFloorAlternatives({
  floor,
  route,
  renewed,
  hasUnpaidSeats,
}: BelowFloorFacts): Alternative[] {
  const alternatives: Alternative[] = [];
  if (route) alternatives.push(route);
  if (renewed.eligible) {
    alternatives.push(
      alternative('renew-subscription', { seats: renewed.countedSeats, minSeats: renewed.minSeats }),
    );
  }
  alternatives.push(
    alternative('buy-eligible-plan', {
      reason: hasUnpaidSeats ? 'trial' : 'more',
      countedSeats: floor.countedSeats,
      minSeats: floor.minSeats,
    }),
  );
  if (!route) alternatives.push(alternative('self-service'));
  alternatives.push(alternative('exception-request'));
  return alternatives;
}
