import { type Kysely, sql } from 'kysely';

/**
 * Searches by text (platform/db/text-search.ts) used to read whole tables: the requests' project names
 * (and every search that matched nothing, as the page never filled), and the organisations' names,
 * tenant ids and domains. Each way of matching now has an index: trigrams for "contains" on project
 * and organisation names, the lower-cased tenant id, and the name order of the organisations list
 * (bench/triage.bench.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create extension if not exists pg_trgm;
    create index requests_project_trgm on requests using gin (lower(project_name) gin_trgm_ops);
    create index organisations_name_trgm on organisations using gin (lower(name) gin_trgm_ops);
    create index organisations_name_order on organisations (lower(name), id);
    create index customers_tenant_lower on customers (lower(tenant_id));
  `.execute(db);
}
