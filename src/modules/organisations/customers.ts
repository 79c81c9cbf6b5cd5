/** Customer and partner organisations: created by the center, profiles kept by their admins. */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { conflict, fieldError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Actor } from '../access/actor.ts';
import { authorise, findVisibleOrganisation, requireOrganisation } from '../access/policy.ts';
import { audit } from '../audit/audit.ts';
import { isTimeZone } from '../identity/profile.ts';
import { type CustomerProfile, getOrganisation, type OrganisationView } from './organisations.ts';

export interface CustomerInput {
  name: string;
  domains: string[];
  tenantId?: string | null;
  country: string;
  language: string;
  timeZone: string;
  segment: string;
}

function checkProfile(input: Partial<CustomerInput>) {
  if (input.timeZone !== undefined && !isTimeZone(input.timeZone))
    throw fieldError('/body/timeZone', 'errors.field.timeZone');
  if (input.domains) {
    const seen = new Set<string>();
    input.domains.forEach((d, i) => {
      const k = d.toLowerCase();
      if (seen.has(k)) throw fieldError(`/body/domains/${i}`, 'errors.field.duplicate');
      seen.add(k);
    });
  }
}

async function assertUnique(db: Db, input: Partial<CustomerInput>, exceptId?: string) {
  if (input.tenantId) {
    const clash = await db
      .selectFrom('customers')
      .select('organisation_id')
      .where(sql`lower(tenant_id)`, '=', input.tenantId.toLowerCase())
      .$if(!!exceptId, (q) => q.where('organisation_id', '!=', exceptId!))
      .executeTakeFirst();
    if (clash)
      throw conflict('errors.detail.tenantTaken', {}, [
        { path: '/body/tenantId', key: 'errors.field.taken' },
      ]);
  }
}

export async function createCustomer(db: Db, actor: Actor, input: CustomerInput): Promise<OrganisationView> {
  requireOrganisation(actor);
  authorise(actor, 'customer.create');
  checkProfile(input);
  await assertUnique(db, input);
  const id = newId('org');
  const domains = input.domains.map((d) => d.toLowerCase());
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('organisations').values({ id, kind: 'customer', name: input.name }).execute();
    await tx
      .insertInto('customers')
      .values({
        organisation_id: id,
        domains,
        tenant_id: input.tenantId ?? null,
        country: input.country,
        language: input.language,
        time_zone: input.timeZone,
        segment: input.segment,
      })
      .execute();
    await audit(tx, actor, {
      action: 'customer.create',
      targetType: 'organisation',
      targetId: id,
      organisationId: id,
      after: { ...input, domains },
    });
  });
  return getOrganisation(db, actor, id);
}

export async function createPartner(
  db: Db,
  actor: Actor,
  input: { name: string },
): Promise<OrganisationView> {
  requireOrganisation(actor);
  authorise(actor, 'customer.create');
  const id = newId('org');
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('organisations').values({ id, kind: 'partner', name: input.name }).execute();
    await audit(tx, actor, {
      action: 'partner.create',
      targetType: 'organisation',
      targetId: id,
      organisationId: id,
      after: input,
    });
  });
  return getOrganisation(db, actor, id);
}

export async function updateCustomer(
  db: Db,
  actor: Actor,
  id: string,
  input: Partial<CustomerInput>,
): Promise<OrganisationView> {
  const org = await findVisibleOrganisation(db, actor, id);
  if (org.kind !== 'customer') throw fieldError('/params/id', 'errors.field.notCustomer');
  authorise(actor, 'organisation.update', org);
  checkProfile(input);
  await assertUnique(db, input, id);
  await db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom('customers')
      .innerJoin('organisations as o', 'o.id', 'customers.organisation_id')
      .select(['o.name', 'domains', 'tenant_id', 'country', 'language', 'time_zone', 'segment'])
      .where('organisation_id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const patch: Partial<Record<string, unknown>> = {};
    if (input.domains !== undefined) patch.domains = input.domains.map((d) => d.toLowerCase());
    if (input.tenantId !== undefined) patch.tenant_id = input.tenantId;
    if (input.country !== undefined) patch.country = input.country;
    if (input.language !== undefined) patch.language = input.language;
    if (input.timeZone !== undefined) patch.time_zone = input.timeZone;
    if (input.segment !== undefined) patch.segment = input.segment;
    if (Object.keys(patch).length > 0)
      await tx.updateTable('customers').set(patch).where('organisation_id', '=', id).execute();
    if (input.name !== undefined) {
      await tx
        .updateTable('organisations')
        .set({ name: input.name, updated_at: sql`now()` })
        .where('id', '=', id)
        .execute();
    }
    await audit(tx, actor, {
      action: 'customer.update',
      targetType: 'organisation',
      targetId: id,
      organisationId: id,
      before,
      after: { ...patch, ...(input.name !== undefined ? { name: input.name } : {}) },
    });
  });
  return getOrganisation(db, actor, id);
}

export type { CustomerProfile };
