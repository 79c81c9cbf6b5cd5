import { type Kysely, sql } from 'kysely';

/**
 * Messages on a request (request-messages.ts): either side writes while it is open, without moving
 * its status. A history entry says what it is — a status move, a correction or a message — and a
 * message carries the Idempotency-Key it was sent with, so a retry does not post it twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table request_history add column kind text not null default 'status';
    update request_history set kind = 'correction' where changes is not null;
    alter table request_history add constraint request_history_kind
      check (kind in ('status', 'correction', 'message'));
    alter table request_history add column client_key text;
    create unique index request_history_client_key on request_history (request_id, client_key)
      where client_key is not null;
  `.execute(db);
}
