import { type Kysely, sql } from 'kysely';

/**
 * Reminders in the request's history (pending-reminders.ts): each follow-up sent to the requester is
 * an entry both sides read — "reminder 2 of 3 sent" — beside the question it follows up. A fifth
 * kind of history entry.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table request_history drop constraint request_history_kind;
    alter table request_history add constraint request_history_kind
      check (kind in ('status', 'correction', 'message', 'internal', 'reminder'));
  `.execute(db);
}
