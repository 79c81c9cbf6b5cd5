import { type Kysely, sql } from 'kysely';

/**
 * Internal notes on a request (request-messages.ts): center staff write for each other — what they
 * checked, whom they wait for — in the request's history, where the customer and its partner never
 * read them. A fourth kind of history entry.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table request_history drop constraint request_history_kind;
    alter table request_history add constraint request_history_kind
      check (kind in ('status', 'correction', 'message', 'internal'));
  `.execute(db);
}
