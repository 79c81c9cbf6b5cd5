import { type Kysely, sql } from 'kysely';

/**
 * A request can be corrected while it is open (update-request.ts): its history then holds an entry
 * without a status move, naming the fields that changed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table request_history add column changes text[]`.execute(db);
}
