import { type Kysely, sql } from 'kysely';

/**
 * An engagement shows the requests approved into it (engagement-views.ts, domain §3.10's approval
 * note) and a request the requests that duplicate it: both are read by these columns.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index requests_engagement on requests (engagement_id) where engagement_id is not null;
    create index requests_duplicate_of on requests (duplicate_of) where duplicate_of is not null;
  `.execute(db);
}
