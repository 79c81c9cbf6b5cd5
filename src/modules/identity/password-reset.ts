/** Password reset by an emailed one-time link. */
import { sql } from 'kysely';
import type { Deps } from '../../app.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { isLocale } from '../../platform/i18n/i18n.ts';
import { queueEmail } from '../../platform/mail/mailer.ts';
import type { Actor } from '../access/actor.ts';
import { audit } from '../audit/audit.ts';
import { hashPassword, hashToken, newSecret } from './secrets.ts';

const RESET_MINUTES = 60;

/** Always succeeds from the caller's point of view: whether an account exists is not revealed. */
export async function requestPasswordReset(deps: Deps, actor: Actor, email: string): Promise<void> {
  const { db, jobs, config } = deps;
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'language'])
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
  if (!user) return;
  await db.transaction().execute(async (tx) => {
    const token = newSecret('ftcr');
    const id = newId('pwr');
    await tx
      .insertInto('password_resets')
      .values({
        id,
        token_hash: hashToken(token),
        user_id: user.id,
        expires_at: new Date(Date.now() + RESET_MINUTES * 60_000),
      })
      .execute();
    const locale = user.language && isLocale(user.language) ? user.language : actor.locale;
    await queueEmail(tx, jobs, {
      template: 'passwordReset',
      to: user.email,
      locale,
      values: {
        name: user.name,
        link: `${config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`,
        minutes: String(RESET_MINUTES),
      },
    });
    await audit(
      tx,
      { ...actor, userId: user.id },
      {
        action: 'password_reset.request',
        targetType: 'user',
        targetId: user.id,
        organisationId: null,
      },
    );
  });
}

export async function confirmPasswordReset(
  deps: Deps,
  actor: Actor,
  token: string,
  password: string,
): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const reset = await tx
      .selectFrom('password_resets')
      .select(['id', 'user_id'])
      .where('token_hash', '=', hashToken(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .forUpdate()
      .executeTakeFirst();
    if (!reset)
      throw new AppError('token_invalid', 'errors.detail.resetTokenInvalid', {}, [
        { path: '/body/token', key: 'errors.field.tokenInvalid' },
      ]);
    await tx.updateTable('password_resets').set({ used_at: sql`now()` }).where('id', '=', reset.id).execute();
    await tx
      .updateTable('users')
      .set({ password_hash: await hashPassword(password), updated_at: sql`now()` })
      .where('id', '=', reset.user_id)
      .execute();
    // a new password ends every existing session
    await tx
      .updateTable('sessions')
      .set({ revoked_at: sql`now()` })
      .where('user_id', '=', reset.user_id)
      .where('revoked_at', 'is', null)
      .execute();
    await audit(
      tx,
      { ...actor, userId: reset.user_id },
      {
        action: 'password_reset.complete',
        targetType: 'user',
        targetId: reset.user_id,
        organisationId: null,
      },
    );
  });
}
