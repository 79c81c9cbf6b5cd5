/** Organisations (center, customer, partner) the caller can see, and their members. */
import { type SelectQueryBuilder, sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Database, OrganisationKind } from '../../platform/db/schema.ts';
import { containsText, idsWhenFew, searchText, unionOf } from '../../platform/db/text-search.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';
import type { Actor } from '../access/actor.ts';
import {
  authorise,
  findVisibleOrganisation,
  requireOrganisation,
  visibleOrganisations,
} from '../access/policy.ts';
import { audit } from '../audit/audit.ts';

export interface CustomerProfile {
  domains: string[];
  tenantId: string | null;
  country: string;
  language: string;
  timeZone: string;
  segment: string;
}

export interface OrganisationView {
  id: string;
  kind: OrganisationKind;
  name: string;
  createdAt: string;
  customer: CustomerProfile | null;
}

const baseQuery = (db: Db, actor: Actor) =>
  db
    .selectFrom('organisations')
    .leftJoin('customers as c', 'c.organisation_id', 'organisations.id')
    .select([
      'organisations.id',
      'organisations.kind',
      'organisations.name',
      'organisations.created_at',
      'c.domains',
      'c.tenant_id',
      'c.country',
      'c.language',
      'c.time_zone',
      'c.segment',
    ])
    .where(visibleOrganisations(actor));

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

export function toView(r: Row): OrganisationView {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    createdAt: new Date(r.created_at).toISOString(),
    customer:
      r.kind === 'customer'
        ? {
            domains: r.domains ?? [],
            tenantId: r.tenant_id ?? null,
            country: r.country ?? '',
            language: r.language ?? 'en',
            timeZone: r.time_zone ?? 'UTC',
            segment: r.segment ?? 'commercial',
          }
        : null,
  };
}

/**
 * The ways an organisation matches a search text (lower case), each served by an index: its name
 * contains the text (trigram index), or its id is the text, or — a customer — its tenant id or one of
 * its domains is the text.
 */
export function organisationWays(db: Db, s: string, kind?: OrganisationKind) {
  const ofKind = <Q extends SelectQueryBuilder<Database, 'organisations', { id: string }>>(q: Q) =>
    kind ? q.where('organisations.kind', '=', kind) : q;
  const ways = [
    ofKind(
      db
        .selectFrom('organisations')
        .select('organisations.id')
        .where(containsText(sql.ref('organisations.name'), s)),
    ),
    ofKind(db.selectFrom('organisations').select('organisations.id').where('organisations.id', '=', s)),
  ];
  if (kind && kind !== 'customer') return ways;
  return [
    ...ways,
    db
      .selectFrom('customers')
      .select('customers.organisation_id as id')
      .where(sql`lower(customers.tenant_id)`, '=', s),
    db
      .selectFrom('customers')
      .select('customers.organisation_id as id')
      .where('customers.domains', '@>', sql<string[]>`array[${s}]::text[]`),
  ];
}

export async function listOrganisations(
  db: Db,
  actor: Actor,
  q: { kind?: OrganisationKind; search?: string; cursor?: string; limit?: number },
): Promise<{ items: OrganisationView[]; nextCursor: string | null }> {
  requireOrganisation(actor);
  const limit = q.limit ?? 50;
  const after = decodeCursor(q.cursor, 2);
  let query = baseQuery(db, actor);
  if (q.kind) query = query.where('organisations.kind', '=', q.kind);
  if (q.search) {
    const ways = organisationWays(db, searchText(q.search), q.kind);
    const ids = await idsWhenFew(ways);
    query = query.where((eb) =>
      ids
        ? eb('organisations.id', '=', sql<string>`any(${ids}::text[])`)
        : eb('organisations.id', 'in', unionOf(ways)),
    );
  }
  if (after) {
    const [name, id] = after as [string, string];
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(organisations.name)`, '>', name),
        eb.and([eb(sql`lower(organisations.name)`, '=', name), eb('organisations.id', '>', id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy(sql`lower(organisations.name)`)
    .orderBy('organisations.id')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toView),
    nextCursor: rows.length > limit && last ? encodeCursor([last.name.toLowerCase(), last.id]) : null,
  };
}

export async function getOrganisation(db: Db, actor: Actor, id: string): Promise<OrganisationView> {
  requireOrganisation(actor);
  const row = await baseQuery(db, actor).where('organisations.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('organisation');
  return toView(row);
}

export async function renameOrganisation(
  db: Db,
  actor: Actor,
  id: string,
  name: string,
): Promise<OrganisationView> {
  const org = await findVisibleOrganisation(db, actor, id);
  authorise(actor, 'organisation.update', org);
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('organisations')
      .set({ name, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute();
    await audit(tx, actor, {
      action: 'organisation.update',
      targetType: 'organisation',
      targetId: id,
      organisationId: id,
      before: { name: org.name },
      after: { name },
    });
  });
  return getOrganisation(db, actor, id);
}

export interface MemberView {
  userId: string;
  name: string;
  email: string;
  role: string;
  since: string;
}

export async function listMembers(db: Db, actor: Actor, id: string): Promise<MemberView[]> {
  const org = await findVisibleOrganisation(db, actor, id);
  authorise(actor, 'members.read', org);
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name', 'u.email', 'm.role', 'm.created_at'])
    .where('m.organisation_id', '=', org.id)
    .orderBy('u.name')
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    name: r.name,
    email: r.email,
    role: r.role,
    since: new Date(r.created_at).toISOString(),
  }));
}

export async function removeMember(db: Db, actor: Actor, id: string, userId: string): Promise<void> {
  const org = await findVisibleOrganisation(db, actor, id);
  authorise(actor, 'members.invite', org);
  await db.transaction().execute(async (tx) => {
    const m = await tx
      .selectFrom('memberships')
      .select('role')
      .where('organisation_id', '=', org.id)
      .where('user_id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!m) throw notFound('member');
    if (m.role === 'admin') {
      const admins = await tx
        .selectFrom('memberships')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('organisation_id', '=', org.id)
        .where('role', '=', 'admin')
        .executeTakeFirstOrThrow();
      if (admins.n <= 1) throw conflict('errors.detail.lastAdmin');
    }
    await tx
      .deleteFrom('memberships')
      .where('organisation_id', '=', org.id)
      .where('user_id', '=', userId)
      .execute();
    // sessions acting for this organisation lose it
    await tx
      .updateTable('sessions')
      .set({ organisation_id: null })
      .where('user_id', '=', userId)
      .where('organisation_id', '=', org.id)
      .execute();
    await audit(tx, actor, {
      action: 'membership.delete',
      targetType: 'membership',
      targetId: `${org.id}:${userId}`,
      organisationId: org.id,
      before: { user_id: userId, role: m.role },
    });
  });
}
