/** API tokens for automation: scoped to one organisation and a role, shown once, stored hashed. */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { fieldError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { type Actor, ROLES } from '../access/actor.ts';
import { authorise, requireOrganisation } from '../access/policy.ts';
import { audit } from '../audit/audit.ts';
import { hashToken, newSecret } from './secrets.ts';

export interface TokenView {
  id: string;
  name: string;
  role: string;
  organisationId: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export async function createApiToken(
  db: Db,
  actor: Actor,
  input: { name: string; role: string; expiresInDays?: number },
): Promise<TokenView & { token: string }> {
  requireOrganisation(actor);
  authorise(actor, 'token.manage');
  if (!ROLES[actor.orgKind].includes(input.role)) {
    throw fieldError('/body/role', 'errors.field.oneOf', { allowed: ROLES[actor.orgKind].join(', ') });
  }
  const token = newSecret('ftc');
  const id = newId('tok');
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('api_tokens')
      .values({
        id,
        token_hash: hashToken(token),
        name: input.name,
        organisation_id: actor.organisationId,
        role: input.role,
        created_by: actor.userId!,
        expires_at: expiresAt,
      })
      .returning(['created_at'])
      .executeTakeFirstOrThrow();
    await audit(tx, actor, {
      action: 'api_token.create',
      targetType: 'api_token',
      targetId: id,
      after: { name: input.name, role: input.role },
    });
    return {
      id,
      token,
      name: input.name,
      role: input.role,
      organisationId: actor.organisationId,
      createdAt: iso(row.created_at)!,
      expiresAt: iso(expiresAt),
      lastUsedAt: null,
      revokedAt: null,
    };
  });
}

export async function listApiTokens(db: Db, actor: Actor): Promise<TokenView[]> {
  requireOrganisation(actor);
  authorise(actor, 'token.manage');
  const rows = await db
    .selectFrom('api_tokens')
    .select([
      'id',
      'name',
      'role',
      'organisation_id',
      'created_at',
      'expires_at',
      'last_used_at',
      'revoked_at',
    ])
    .where('organisation_id', '=', actor.organisationId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role,
    organisationId: r.organisation_id,
    createdAt: iso(r.created_at)!,
    expiresAt: iso(r.expires_at),
    lastUsedAt: iso(r.last_used_at),
    revokedAt: iso(r.revoked_at),
  }));
}

export async function revokeApiToken(db: Db, actor: Actor, id: string): Promise<void> {
  requireOrganisation(actor);
  await db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('api_tokens')
      .select(['id', 'revoked_at'])
      .where('id', '=', id)
      .where('organisation_id', '=', actor.organisationId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('api_token');
    authorise(actor, 'token.manage');
    if (row.revoked_at) return; // already revoked: nothing changes, nothing to audit
    await tx.updateTable('api_tokens').set({ revoked_at: sql`now()` }).where('id', '=', id).execute();
    await audit(tx, actor, { action: 'api_token.revoke', targetType: 'api_token', targetId: id });
  });
}
