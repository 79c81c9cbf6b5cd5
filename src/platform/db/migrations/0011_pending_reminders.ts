import { type Kysely, sql } from 'kysely';

/**
 * A request waiting for its requester's answer is followed up (pending-reminders.ts, domain §3.5):
 * how many reminders went out, and when the next one — or, after the last, the reviewer's alert — is
 * due. Partial index: the scheduled job reads only the requests with something due.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table requests add column reminders_sent integer not null default 0;
    alter table requests add column next_reminder_at timestamptz;
    create index requests_reminder_due on requests (next_reminder_at) where next_reminder_at is not null;
  `.execute(db);
}
