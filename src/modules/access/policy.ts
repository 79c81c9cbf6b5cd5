/**
 * Authorisation in one place. `can` answers whether the actor may do an action on an organisation;
 * `visibleOrganisations` is the scope every repository query is filtered by.
 * A resource outside the scope answers 404; one in scope the actor may not change answers 403.
 */
import { type ExpressionBuilder, sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Database, OrganisationKind } from '../../platform/db/schema.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import type { Actor } from './actor.ts';

export type Action =
  | 'organisation.read'
  | 'organisation.update'
  | 'members.read'
  | 'members.invite'
  | 'customer.create'
  | 'relationship.request'
  | 'relationship.decide'
  | 'relationship.revoke'
  | 'token.manage'
  | 'audit.read'
  | 'programme.edit'
  | 'outbox.read'
  | 'reports.read';

export interface Target {
  id: string;
  kind: OrganisationKind;
}

export function requireUser(actor: Actor): asserts actor is Actor & { userId: string } {
  if (!actor.userId) throw new AppError('unauthenticated', 'errors.detail.unauthenticated');
}

export function requireOrganisation(
  actor: Actor,
): asserts actor is Actor & { organisationId: string; orgKind: OrganisationKind; role: string } {
  if (!actor.organisationId || !actor.orgKind || !actor.role) {
    if (!actor.userId && !actor.tokenId)
      throw new AppError('unauthenticated', 'errors.detail.unauthenticated');
    throw new AppError('forbidden', 'errors.detail.noOrganisation');
  }
}

const isCenterStaff = (a: Actor) => a.orgKind === 'center';
const isCenterAdmin = (a: Actor) => a.orgKind === 'center' && (a.role === 'admin' || a.role === 'lead');
const isAdminOf = (a: Actor, orgId: string) => a.organisationId === orgId && a.role === 'admin';

/** Decides an action on an organisation the actor can already see. */
export function can(actor: Actor, action: Action, target?: Target): boolean {
  if (!actor.organisationId) return false;
  const own = target ? actor.organisationId === target.id : false;
  switch (action) {
    case 'organisation.read':
      return true; // visibility is decided by scope
    case 'members.read':
      return own || isCenterStaff(actor);
    case 'organisation.update':
    case 'members.invite':
      if (!target) return false;
      if (isAdminOf(actor, target.id)) return true;
      // the center's admins and leads look after customer and partner organisations too
      return isCenterAdmin(actor) && (target.kind !== 'center' || actor.role === 'admin');
    case 'customer.create':
      return isCenterAdmin(actor);
    case 'relationship.request':
      return actor.orgKind === 'partner' && actor.role === 'admin';
    case 'relationship.decide':
      return !!target && target.kind === 'customer' && isAdminOf(actor, target.id);
    case 'relationship.revoke':
      return !!target && isAdminOf(actor, target.id);
    case 'token.manage':
      return actor.role === 'admin' && !!actor.userId;
    case 'audit.read':
      return actor.role === 'admin' || isCenterAdmin(actor);
    case 'programme.edit':
      return isCenterAdmin(actor);
    case 'outbox.read':
      return actor.orgKind === 'center' && actor.role === 'admin';
    case 'reports.read':
      return isCenterStaff(actor);
  }
}

export function authorise(actor: Actor, action: Action, target?: Target): void {
  if (!can(actor, action, target)) throw forbidden();
}

/**
 * The organisations the actor can see: their own; for center staff every organisation; for a
 * customer the partners it has a relationship with; for a partner the customers that approved it.
 */
export function visibleOrganisations(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'organisations'>) => {
    if (!actor.organisationId) return sql<boolean>`false`;
    if (actor.orgKind === 'center') return sql<boolean>`true`;
    const me = actor.organisationId;
    if (actor.orgKind === 'customer') {
      return eb.or([
        eb('organisations.id', '=', me),
        eb(
          'organisations.id',
          'in',
          eb
            .selectFrom('partner_relationships')
            .select('partner_id')
            .where('customer_id', '=', me)
            .where('status', 'in', ['requested', 'approved']),
        ),
      ]);
    }
    return eb.or([
      eb('organisations.id', '=', me),
      eb(
        'organisations.id',
        'in',
        eb
          .selectFrom('partner_relationships')
          .select('customer_id')
          .where('partner_id', '=', me)
          .where('status', '=', 'approved'),
      ),
    ]);
  };
}

/** Loads an organisation inside the actor's scope, or answers 404. */
export async function findVisibleOrganisation(
  db: Db,
  actor: Actor,
  id: string,
): Promise<Target & { name: string }> {
  requireOrganisation(actor);
  const org = await db
    .selectFrom('organisations')
    .select(['id', 'kind', 'name'])
    .where('id', '=', id)
    .where(visibleOrganisations(actor))
    .executeTakeFirst();
  if (!org) throw notFound('organisation');
  return org;
}
