/**
 * Hourly housekeeping (a pg-boss cron job; one server runs each occurrence): forgets idempotency keys
 * after their retry window and one-time secrets that can no longer be used. Audit records, requests
 * and emails are kept.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

export const CLEANUP_CRON = '7 * * * *';

export interface CleanupResult {
  idempotencyKeys: number;
  sessions: number;
  passwordResets: number;
  invitations: number;
}

export async function cleanup(
  db: Db,
  opts: { idempotencyDays?: number; graceDays?: number } = {},
): Promise<CleanupResult> {
  const keepKeys = sql.lit(opts.idempotencyDays ?? 7);
  const grace = sql.lit(opts.graceDays ?? 30);
  const count = (r: { numDeletedRows: bigint }[]) => Number(r[0]?.numDeletedRows ?? 0n);
  return {
    idempotencyKeys: count(
      await db
        .deleteFrom('idempotency_keys')
        .where('created_at', '<', sql<Date>`now() - make_interval(days => ${keepKeys})`)
        .execute(),
    ),
    sessions: count(
      await db
        .deleteFrom('sessions')
        .where((eb) =>
          eb.or([
            eb('expires_at', '<', sql<Date>`now() - make_interval(days => ${grace})`),
            eb('revoked_at', '<', sql<Date>`now() - make_interval(days => ${grace})`),
          ]),
        )
        .execute(),
    ),
    passwordResets: count(
      await db
        .deleteFrom('password_resets')
        .where('expires_at', '<', sql<Date>`now() - make_interval(days => ${grace})`)
        .execute(),
    ),
    // invitations stay while accepted or revoked (their history is useful); only stale pending ones go
    invitations: count(
      await db
        .deleteFrom('invitations')
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '<', sql<Date>`now() - make_interval(days => ${grace})`)
        .execute(),
    ),
  };
}
