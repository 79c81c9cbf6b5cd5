/**
 * Partner ↔ customer relationships. A partner admin asks (naming the customer by tenant id or
 * domain); a customer admin approves or refuses; either side's admin may revoke. Only an approved
 * relationship lets the partner see the customer.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { RelationshipStatus } from '../../platform/db/schema.ts';
import { conflict, fieldError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Actor } from '../access/actor.ts';
import { authorise, requireOrganisation } from '../access/policy.ts';
import { audit } from '../audit/audit.ts';

export interface RelationshipView {
  id: string;
  partnerId: string;
  partnerName: string;
  customerId: string;
  customerName: string;
  status: RelationshipStatus;
  message: string | null;
  createdAt: string;
  updatedAt: string;
}

const select = (db: Db) =>
  db
    .selectFrom('partner_relationships as r')
    .innerJoin('organisations as p', 'p.id', 'r.partner_id')
    .innerJoin('organisations as c', 'c.id', 'r.customer_id')
    .select([
      'r.id',
      'r.partner_id',
      'p.name as partner_name',
      'r.customer_id',
      'c.name as customer_name',
      'r.status',
      'r.message',
      'r.created_at',
      'r.updated_at',
    ]);

type Row = Awaited<ReturnType<ReturnType<typeof select>['executeTakeFirstOrThrow']>>;

const view = (r: Row): RelationshipView => ({
  id: r.id,
  partnerId: r.partner_id,
  partnerName: r.partner_name,
  customerId: r.customer_id,
  customerName: r.customer_name,
  status: r.status,
  message: r.message,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** Relationships the actor is a party to (center staff see all). */
function scoped(db: Db, actor: Actor) {
  requireOrganisation(actor);
  const q = select(db);
  if (actor.orgKind === 'center') return q;
  return q.where((eb) =>
    eb.or([eb('r.partner_id', '=', actor.organisationId), eb('r.customer_id', '=', actor.organisationId)]),
  );
}

export async function listRelationships(
  db: Db,
  actor: Actor,
  status?: RelationshipStatus,
): Promise<RelationshipView[]> {
  let q = scoped(db, actor);
  if (status) q = q.where('r.status', '=', status);
  return (await q.orderBy('r.created_at', 'desc').limit(500).execute()).map(view);
}

export async function requestRelationship(
  db: Db,
  actor: Actor,
  input: { tenantId?: string; domain?: string; message?: string },
): Promise<RelationshipView> {
  requireOrganisation(actor);
  authorise(actor, 'relationship.request');
  if (!input.tenantId && !input.domain) throw fieldError('/body/tenantId', 'errors.field.tenantOrDomain');
  const customer = await db
    .selectFrom('customers')
    .select('organisation_id')
    .$if(!!input.tenantId, (q) => q.where(sql`lower(tenant_id)`, '=', input.tenantId!.toLowerCase()))
    .$if(!input.tenantId && !!input.domain, (q) =>
      q.where(sql`${input.domain!.toLowerCase()}`, '=', sql`any(domains)`),
    )
    .executeTakeFirst();
  if (!customer) throw notFound('customer');
  const id = newId('rel');
  await db.transaction().execute(async (tx) => {
    const open = await tx
      .selectFrom('partner_relationships')
      .select('status')
      .where('partner_id', '=', actor.organisationId)
      .where('customer_id', '=', customer.organisation_id)
      .where('status', 'in', ['requested', 'approved'])
      .executeTakeFirst();
    if (open) throw conflict('errors.detail.relationshipExists', { status: open.status });
    await tx
      .insertInto('partner_relationships')
      .values({
        id,
        partner_id: actor.organisationId,
        customer_id: customer.organisation_id,
        status: 'requested',
        message: input.message ?? null,
        requested_by: actor.userId ?? (await tokenOwner(db, actor)),
      })
      .execute();
    await audit(tx, actor, {
      action: 'relationship.request',
      targetType: 'partner_relationship',
      targetId: id,
      after: { customer_id: customer.organisation_id, status: 'requested' },
    });
  });
  return view(await select(db).where('r.id', '=', id).executeTakeFirstOrThrow());
}

async function tokenOwner(db: Db, actor: Actor): Promise<string> {
  const t = await db
    .selectFrom('api_tokens')
    .select('created_by')
    .where('id', '=', actor.tokenId!)
    .executeTakeFirstOrThrow();
  return t.created_by;
}

type Decision = 'approve' | 'refuse' | 'revoke';
const NEXT: Record<Decision, { from: RelationshipStatus[]; to: RelationshipStatus }> = {
  approve: { from: ['requested'], to: 'approved' },
  refuse: { from: ['requested'], to: 'refused' },
  revoke: { from: ['requested', 'approved'], to: 'revoked' },
};

export async function decideRelationship(
  db: Db,
  actor: Actor,
  id: string,
  decision: Decision,
): Promise<RelationshipView> {
  requireOrganisation(actor);
  await db.transaction().execute(async (tx) => {
    const rel = await tx
      .selectFrom('partner_relationships')
      .select(['id', 'partner_id', 'customer_id', 'status'])
      .where('id', '=', id)
      .where((eb) =>
        eb.or([eb('partner_id', '=', actor.organisationId), eb('customer_id', '=', actor.organisationId)]),
      )
      .forUpdate()
      .executeTakeFirst();
    if (!rel) throw notFound('partner_relationship');
    const side = rel.customer_id === actor.organisationId ? 'customer' : 'partner';
    if (decision === 'revoke')
      authorise(actor, 'relationship.revoke', { id: actor.organisationId, kind: actor.orgKind });
    else
      authorise(actor, 'relationship.decide', {
        id: actor.organisationId,
        kind: side === 'customer' ? 'customer' : 'partner',
      });
    const step = NEXT[decision];
    if (!step.from.includes(rel.status))
      throw conflict('errors.detail.relationshipState', { status: rel.status });
    await tx
      .updateTable('partner_relationships')
      .set({ status: step.to, decided_by: actor.userId, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute();
    await audit(tx, actor, {
      action: `relationship.${decision}`,
      targetType: 'partner_relationship',
      targetId: id,
      before: { status: rel.status },
      after: { status: step.to },
    });
  });
  return view(await select(db).where('r.id', '=', id).executeTakeFirstOrThrow());
}
