import { type Kysely, sql } from 'kysely';

/**
 * A customer's open requests have distinct project names (an identical resubmission is stored
 * cancelled, so it never competes): the database enforces it, so intake needs no lock — a request
 * that loses the race to another server fails on this index, reads again and is answered as a
 * duplicate or with "project name taken". Replaces the plain index of 0003, and drops 0003's
 * ftc_assert, the guard intake no longer needs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create unique index requests_open_project_unique on requests (customer_id, lower(project_name))
      where status in ('submitted', 'on-hold', 'on-hold-pending-requestor-response');
    drop index requests_open_project;
    drop function ftc_assert(boolean, text);
  `.execute(db);
}
