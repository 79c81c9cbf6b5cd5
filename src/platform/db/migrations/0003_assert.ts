import { type Kysely, sql } from 'kysely';

/**
 * ftc_assert(ok, message): raises P0001 with the message when ok is not true — a guard inside batched
 * writes; and an index for the open-project-name check at intake.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function ftc_assert(ok boolean, message text) returns void language plpgsql as $$
    begin
      if ok is not true then
        raise exception using errcode = 'P0001', message = message;
      end if;
    end $$;
    create index requests_open_project on requests (customer_id, lower(project_name))
      where status in ('submitted', 'on-hold', 'on-hold-pending-requestor-response');
  `.execute(db);
}
