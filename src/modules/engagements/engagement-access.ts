/**
 * Who may see and change an engagement. Scope: center staff see every engagement, a customer its
 * own, a partner those of the customers that approved it; anything else answers 404.
 * Guidance only (domain §1.1): tasks that change the customer's environment are done by the
 * customer or its approved partner; FastTrack people may guide but never complete them.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import type { Actor } from '../access/actor.ts';
import { requireOrganisation } from '../access/policy.ts';

export type ScopedActor = Actor & {
  organisationId: string;
  orgKind: 'center' | 'customer' | 'partner';
  role: string;
};

export interface EngagementRef {
  id: string;
  customer_id: string;
  customer_name: string;
  status: 'active' | 'inactive';
  motions: string[];
  region: string | null;
}

/** Engagements the actor may see, as a where-clause on `engagements as e`. */
export function visibleEngagements(actor: Actor) {
  requireOrganisation(actor);
  if (actor.orgKind === 'center') return sql<boolean>`true`;
  if (actor.orgKind === 'customer') return sql<boolean>`e.customer_id = ${actor.organisationId}`;
  return sql<boolean>`exists (select 1 from partner_relationships pr
    where pr.customer_id = e.customer_id and pr.partner_id = ${actor.organisationId} and pr.status = 'approved')`;
}

export async function loadEngagement(
  db: Db | Tx,
  actor: Actor,
  id: string,
  lock = false,
): Promise<EngagementRef> {
  let q = db
    .selectFrom('engagements as e')
    .innerJoin('organisations as o', 'o.id', 'e.customer_id')
    .select(['e.id', 'e.customer_id', 'o.name as customer_name', 'e.status', 'e.motions', 'e.region'])
    .where('e.id', '=', id)
    .where(visibleEngagements(actor));
  if (lock) q = q.forUpdate('e') as typeof q;
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('engagement');
  return row;
}

/** The partners a customer approved, as a sub-query for `in`. */
export const approvedPartnerIds = (customerId: string) =>
  sql<string>`(select partner_id from partner_relationships where customer_id = ${customerId} and status = 'approved')`;

export const isCenter = (actor: Actor) => actor.orgKind === 'center';
export const isCenterLead = (actor: Actor) =>
  actor.orgKind === 'center' && (actor.role === 'lead' || actor.role === 'admin');
/** The customer itself or a partner it approved (scope was checked when loading). */
export const actsForCustomer = (actor: Actor) => actor.orgKind === 'customer' || actor.orgKind === 'partner';

/** May the actor change the status of a task with this owner on a record delivered by `deliveryOwner`? */
export function mayWorkOnTask(
  actor: Actor,
  owner: 'center' | 'customer',
  deliveryOwner: string | null,
): void {
  if (owner === 'customer') {
    if (isCenter(actor)) throw new AppError('forbidden', 'errors.detail.guidanceOnly');
    return;
  }
  if (isCenter(actor)) return;
  // a partner delivering the workload does the center's part of the work
  if (actor.orgKind === 'partner' && deliveryOwner === 'partner') return;
  throw forbidden('errors.detail.centerTask');
}

/** Phase moves, entitlement status and notes: the delivering side (center staff, or the partner). */
export function mayDeliver(actor: Actor): void {
  if (isCenter(actor) || actor.orgKind === 'partner') return;
  throw forbidden();
}
