/** Invitations by email link: an admin invites an address into their organisation with a role. */
import { sql } from 'kysely';
import type { Deps } from '../../app.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { isLocale } from '../../platform/i18n/i18n.ts';
import { queueEmail } from '../../platform/mail/mailer.ts';
import { type Actor, ROLES } from '../access/actor.ts';
import { authorise, findVisibleOrganisation, requireUser } from '../access/policy.ts';
import { audit } from '../audit/audit.ts';
import { hashPassword, hashToken, newSecret, verifyPassword } from './secrets.ts';
import { createSession, type NewSession } from './sessions.ts';

const INVITE_DAYS = 7;

export interface InvitationView {
  id: string;
  organisationId: string;
  email: string;
  role: string;
  status: 'pending' | 'accepted' | 'revoked' | 'expired';
  createdAt: string;
  expiresAt: string;
}

type Row = {
  id: string;
  organisation_id: string;
  email: string;
  role: string;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
};

function view(r: Row): InvitationView {
  const status = r.accepted_at
    ? 'accepted'
    : r.revoked_at
      ? 'revoked'
      : new Date(r.expires_at) < new Date()
        ? 'expired'
        : 'pending';
  return {
    id: r.id,
    organisationId: r.organisation_id,
    email: r.email,
    role: r.role,
    status,
    createdAt: new Date(r.created_at).toISOString(),
    expiresAt: new Date(r.expires_at).toISOString(),
  };
}

const COLUMNS = [
  'id',
  'organisation_id',
  'email',
  'role',
  'created_at',
  'expires_at',
  'accepted_at',
  'revoked_at',
] as const;

export async function createInvitation(
  deps: Deps,
  actor: Actor,
  organisationId: string,
  input: { email: string; role: string; language?: string },
): Promise<InvitationView> {
  requireUser(actor);
  const { db, jobs, config } = deps;
  const org = await findVisibleOrganisation(db, actor, organisationId);
  authorise(actor, 'members.invite', org);
  if (!ROLES[org.kind].includes(input.role)) {
    throw fieldError('/body/role', 'errors.field.oneOf', { allowed: ROLES[org.kind].join(', ') });
  }
  const existing = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('u.id')
    .where('m.organisation_id', '=', org.id)
    .where(sql`lower(u.email)`, '=', input.email.toLowerCase())
    .executeTakeFirst();
  if (existing)
    throw conflict('errors.detail.alreadyMember', {}, [
      { path: '/body/email', key: 'errors.field.alreadyMember' },
    ]);
  const inviter = await db
    .selectFrom('users')
    .select('name')
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  const invitee = await db
    .selectFrom('users')
    .select('language')
    .where(sql`lower(email)`, '=', input.email.toLowerCase())
    .executeTakeFirst();
  const locale =
    (invitee?.language && isLocale(invitee.language) && invitee.language) ||
    (input.language && isLocale(input.language) && input.language) ||
    actor.locale;

  return db.transaction().execute(async (tx) => {
    const token = newSecret('ftci');
    const id = newId('inv');
    const row = await tx
      .insertInto('invitations')
      .values({
        id,
        token_hash: hashToken(token),
        organisation_id: org.id,
        email: input.email,
        role: input.role,
        invited_by: actor.userId,
        expires_at: new Date(Date.now() + INVITE_DAYS * 86_400_000),
      })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    await queueEmail(tx, jobs, {
      template: 'invitation',
      to: input.email,
      locale,
      values: {
        inviter: inviter.name,
        organisation: org.name,
        role: input.role.replace(/-/g, '_'),
        days: String(INVITE_DAYS),
        link: `${config.publicUrl}/invitations/accept?token=${encodeURIComponent(token)}`,
      },
    });
    await audit(tx, actor, {
      action: 'invitation.create',
      targetType: 'invitation',
      targetId: id,
      organisationId: org.id,
      after: { email: input.email, role: input.role },
    });
    return view(row);
  });
}

export async function listInvitations(
  db: Db,
  actor: Actor,
  organisationId: string,
): Promise<InvitationView[]> {
  const org = await findVisibleOrganisation(db, actor, organisationId);
  authorise(actor, 'members.invite', org);
  const rows = await db
    .selectFrom('invitations')
    .select(COLUMNS)
    .where('organisation_id', '=', org.id)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(view);
}

export async function revokeInvitation(db: Db, actor: Actor, id: string): Promise<void> {
  requireUser(actor);
  const inv = await db
    .selectFrom('invitations')
    .select(['organisation_id', 'accepted_at', 'revoked_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!inv) throw notFound('invitation');
  const org = await findVisibleOrganisation(db, actor, inv.organisation_id).catch(() => {
    throw notFound('invitation');
  });
  authorise(actor, 'members.invite', org);
  if (inv.accepted_at) throw conflict('errors.detail.invitationAccepted');
  if (inv.revoked_at) return;
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('invitations').set({ revoked_at: sql`now()` }).where('id', '=', id).execute();
    await audit(tx, actor, {
      action: 'invitation.revoke',
      targetType: 'invitation',
      targetId: id,
      organisationId: org.id,
    });
  });
}

async function openInvitation(db: Db, token: string) {
  const inv = await db
    .selectFrom('invitations as i')
    .innerJoin('organisations as o', 'o.id', 'i.organisation_id')
    .select(['i.id', 'i.email', 'i.role', 'i.organisation_id', 'o.name as organisation_name', 'o.kind'])
    .where('i.token_hash', '=', hashToken(token))
    .where('i.accepted_at', 'is', null)
    .where('i.revoked_at', 'is', null)
    .where('i.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  if (!inv)
    throw new AppError('token_invalid', 'errors.detail.invitationInvalid', {}, [
      { path: '/body/token', key: 'errors.field.tokenInvalid' },
    ]);
  return inv;
}

/** What an invitee sees before accepting: organisation, role, and whether they already have an account. */
export async function previewInvitation(db: Db, token: string) {
  const inv = await openInvitation(db, token);
  const user = await db
    .selectFrom('users')
    .select('id')
    .where(sql`lower(email)`, '=', inv.email.toLowerCase())
    .executeTakeFirst();
  return {
    email: inv.email,
    role: inv.role,
    organisationName: inv.organisation_name,
    organisationKind: inv.kind,
    hasAccount: !!user,
  };
}

/**
 * Accepts an invitation. A new person sets their name and password; an existing account proves
 * itself with its password. Either way they are signed in, acting for the inviting organisation.
 */
export async function acceptInvitation(
  deps: Deps,
  actor: Actor,
  input: { token: string; name?: string; password: string },
): Promise<NewSession> {
  const { db, config } = deps;
  const inv = await openInvitation(db, input.token);
  const existing = await db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where(sql`lower(email)`, '=', inv.email.toLowerCase())
    .executeTakeFirst();
  if (existing && !(await verifyPassword(input.password, existing.password_hash))) {
    throw new AppError('invalid_credentials', 'errors.detail.invalidCredentials', {}, [
      { path: '/body/password', key: 'errors.field.passwordWrong' },
    ]);
  }
  if (!existing && !input.name) throw fieldError('/body/name', 'errors.field.required');
  const passwordHash = existing ? null : await hashPassword(input.password);

  return db.transaction().execute(async (tx) => {
    // lock the invitation so two concurrent accepts cannot both succeed
    const locked = await tx
      .updateTable('invitations')
      .set({ accepted_at: sql`now()` })
      .where('id', '=', inv.id)
      .where('accepted_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!locked) throw new AppError('token_invalid', 'errors.detail.invitationInvalid');
    let userId = existing?.id;
    if (!userId) {
      userId = newId('usr');
      await tx
        .insertInto('users')
        .values({
          id: userId,
          email: inv.email,
          name: input.name!,
          password_hash: passwordHash,
          language: actor.locale === 'en-XA' ? null : actor.locale,
        })
        .execute();
    }
    await tx
      .insertInto('memberships')
      .values({ user_id: userId, organisation_id: inv.organisation_id, role: inv.role })
      .onConflict((oc) => oc.columns(['user_id', 'organisation_id']).doUpdateSet({ role: inv.role }))
      .execute();
    const who = { ...actor, userId, organisationId: inv.organisation_id };
    await audit(tx, who, {
      action: 'invitation.accept',
      targetType: 'invitation',
      targetId: inv.id,
      organisationId: inv.organisation_id,
      after: { user_id: userId, role: inv.role, new_account: !existing },
    });
    // the session is part of accepting; its own audit row is not written twice
    return createSession(tx, who, userId, config.sessionDays, inv.organisation_id, { audited: false });
  });
}
