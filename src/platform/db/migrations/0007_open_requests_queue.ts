import { type Kysely, sql } from 'kysely';

/**
 * The triage queue lists open requests oldest first (id order). Without this index PostgreSQL walks
 * every request in id order and skips the closed ones, which grows with the center's history (about
 * 1 s at 200,000 closed requests); with it the queue reads only the open requests (bench/triage.bench.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index requests_open_queue on requests (id)
      where status in ('submitted', 'on-hold', 'on-hold-pending-requestor-response');
  `.execute(db);
}
