/**
 * Idempotency keys for creates: the first request with a key does the work and stores its response
 * in the same transaction; a retry (even a concurrent one, which waits on the key's row) gets the
 * stored response back. The same key with a different body is refused.
 */
import { createHash } from 'node:crypto';
import type { Db, Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';

export interface Replay<T> {
  status: number;
  body: T;
  replayed: boolean;
}

export async function withIdempotency<T>(
  db: Db,
  scope: string,
  key: string,
  payload: unknown,
  work: (tx: Tx) => Promise<{ status: number; body: T }>,
): Promise<Replay<T>> {
  const hash = createHash('sha256').update(JSON.stringify(payload)).digest('hex');
  return db.transaction().execute(async (tx) => {
    const claimed = await tx
      .insertInto('idempotency_keys')
      .values({ scope, key, request_hash: hash })
      .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!claimed) {
      const stored = await tx
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'response_status', 'response_body'])
        .where('scope', '=', scope)
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
      if (stored.request_hash !== hash) {
        throw new AppError('conflict', 'errors.detail.idempotencyMismatch', {}, [
          { path: '/headers/idempotency-key', key: 'errors.field.idempotencyReused' },
        ]);
      }
      return { status: stored.response_status ?? 200, body: stored.response_body as T, replayed: true };
    }
    const result = await work(tx);
    await tx
      .updateTable('idempotency_keys')
      .set({ response_status: result.status, response_body: JSON.stringify(result.body) })
      .where('scope', '=', scope)
      .where('key', '=', key)
      .execute();
    return { ...result, replayed: false };
  });
}
