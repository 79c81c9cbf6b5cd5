import { type Kysely, sql } from 'kysely';

/**
 * Searching the requests by project name (part of it, any case) used to read the whole history, and
 * so did every search that matched nothing: the page never fills. A trigram index finds the project
 * names that contain the text without reading the requests (bench/triage.bench.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create extension if not exists pg_trgm;
    create index requests_project_trgm on requests using gin (lower(project_name) gin_trgm_ops);
  `.execute(db);
}
