/** Sign-in, sign-out, sign-out everywhere and switching the organisation a person acts for. */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Actor } from '../access/actor.ts';
import { requireUser } from '../access/policy.ts';
import { audit } from '../audit/audit.ts';
import { hashToken, newSecret, verifyPassword } from './secrets.ts';

export interface NewSession {
  id: string;
  csrfToken: string;
  token: string;
  expiresAt: Date;
  userId: string;
  organisationId: string | null;
}

/** Creates a session for a user, acting for `organisationId` or their first organisation. */
export async function createSession(
  tx: Tx,
  actor: Actor,
  userId: string,
  days: number,
  organisationId?: string,
  opts: { audited: boolean } = { audited: true },
): Promise<NewSession> {
  const memberships = await tx
    .selectFrom('memberships')
    .select(['organisation_id'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  let org: string | null = memberships[0]?.organisation_id ?? null;
  if (organisationId) {
    if (!memberships.some((m) => m.organisation_id === organisationId)) {
      throw fieldError('/body/organisationId', 'errors.field.notMember');
    }
    org = organisationId;
  }
  const token = newSecret('ftcs');
  const id = newId('ses');
  const expiresAt = new Date(Date.now() + days * 86_400_000);
  const csrfToken = randomBytes(24).toString('base64url');
  await tx
    .insertInto('sessions')
    .values({
      id,
      token_hash: hashToken(token),
      csrf_token: csrfToken,
      user_id: userId,
      organisation_id: org,
      expires_at: expiresAt,
    })
    .execute();
  if (opts.audited)
    await audit(
      tx,
      { ...actor, userId, organisationId: org },
      {
        action: 'session.create',
        targetType: 'session',
        targetId: id,
        organisationId: org,
        after: { user_id: userId, organisation_id: org, expires_at: expiresAt },
      },
    );
  return { id, csrfToken, token, expiresAt, userId, organisationId: org };
}

export async function signIn(
  db: Db,
  actor: Actor,
  input: { email: string; password: string; organisationId?: string },
  days: number,
): Promise<NewSession> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where(sql`lower(email)`, '=', input.email.toLowerCase())
    .executeTakeFirst();
  const ok = await verifyPassword(input.password, user?.password_hash);
  if (!user || !ok) throw new AppError('invalid_credentials', 'errors.detail.invalidCredentials');
  return db.transaction().execute((tx) => createSession(tx, actor, user.id, days, input.organisationId));
}

export async function signOut(db: Db, actor: Actor): Promise<void> {
  requireUser(actor);
  if (!actor.sessionId) throw new AppError('forbidden', 'errors.detail.notASession');
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('sessions')
      .set({ revoked_at: sql`now()` })
      .where('id', '=', actor.sessionId!)
      .execute();
    await audit(tx, actor, { action: 'session.revoke', targetType: 'session', targetId: actor.sessionId! });
  });
}

export async function signOutEverywhere(db: Db, actor: Actor): Promise<number> {
  requireUser(actor);
  return db.transaction().execute(async (tx) => {
    const revoked = await tx
      .updateTable('sessions')
      .set({ revoked_at: sql`now()` })
      .where('user_id', '=', actor.userId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .execute();
    await audit(tx, actor, {
      action: 'session.revoke_all',
      targetType: 'user',
      targetId: actor.userId,
      after: { sessions_revoked: revoked.length },
    });
    return revoked.length;
  });
}

export async function switchOrganisation(db: Db, actor: Actor, organisationId: string): Promise<void> {
  requireUser(actor);
  if (!actor.sessionId) throw new AppError('forbidden', 'errors.detail.notASession');
  await db.transaction().execute(async (tx) => {
    const m = await tx
      .selectFrom('memberships')
      .select('role')
      .where('user_id', '=', actor.userId)
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst();
    if (!m) throw notFound('organisation');
    await tx
      .updateTable('sessions')
      .set({ organisation_id: organisationId })
      .where('id', '=', actor.sessionId!)
      .execute();
    await audit(tx, actor, {
      action: 'session.switch_organisation',
      targetType: 'session',
      targetId: actor.sessionId!,
      organisationId,
      before: { organisation_id: actor.organisationId },
      after: { organisation_id: organisationId },
    });
  });
}
