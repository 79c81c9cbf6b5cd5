/**
 * One driver (pg) and one dialect for embedded and server PostgreSQL.
 * Migrations run at start-up; Kysely's Migrator holds a PostgreSQL advisory lock while it runs,
 * so several app servers starting together migrate exactly once.
 */
import {
  Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  PostgresDialect,
  sql,
  type Transaction,
} from 'kysely';
import { createHash } from 'node:crypto';
import pg from 'pg';
import * as m0001 from './migrations/0001_foundation.ts';
import * as m0002 from './migrations/0002_requests.ts';
import * as m0003 from './migrations/0003_assert.ts';
import * as m0004 from './migrations/0004_engagements.ts';
import * as m0005 from './migrations/0005_scheduling.ts';
import * as m0006 from './migrations/0006_open_project_unique.ts';
import * as m0007 from './migrations/0007_open_requests_queue.ts';
import * as m0008 from './migrations/0008_request_search.ts';
import * as m0009 from './migrations/0009_short_text_search.ts';
import * as m0010 from './migrations/0010_request_changes.ts';
import * as m0011 from './migrations/0011_pending_reminders.ts';
import * as m0012 from './migrations/0012_engagement_requests.ts';
import * as m0013 from './migrations/0013_request_messages.ts';
import * as m0014 from './migrations/0014_internal_notes.ts';
import * as m0015 from './migrations/0015_reminders_in_history.ts';
import * as m0016 from './migrations/0016_first_response.ts';
import type { Database } from './schema.ts';

// timestamptz → Date (default), bigint (int8) → string is kept: ids of bigserial never reach JSON as numbers.

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_requests': m0002,
  '0003_assert': m0003,
  '0004_engagements': m0004,
  '0005_scheduling': m0005,
  '0006_open_project_unique': m0006,
  '0007_open_requests_queue': m0007,
  '0008_request_search': m0008,
  '0009_short_text_search': m0009,
  '0010_request_changes': m0010,
  '0011_pending_reminders': m0011,
  '0012_engagement_requests': m0012,
  '0013_request_messages': m0013,
  '0014_internal_notes': m0014,
  '0015_reminders_in_history': m0015,
  '0016_first_response': m0016,
};

class StaticProvider implements MigrationProvider {
  async getMigrations() {
    return migrations;
  }
}

const DATE_OID = 1082;

/**
 * Statements with parameters run as named prepared statements: PostgreSQL parses and plans each
 * distinct statement once per connection instead of on every call. Statements without parameters
 * (DDL, batches with inlined values) run as they are. Up to 2,000 distinct statements are named.
 * A statement whose best plan depends on its values (a search: a rare text wants the indexes, a
 * common one the table in order) carries CUSTOM_PLAN and runs unnamed, planned for its values each time.
 */
const CUSTOM_PLAN_TEXT = '/* custom plan */';
export const CUSTOM_PLAN = sql.raw(CUSTOM_PLAN_TEXT);
const statementNames = new Map<string, string>();
function statementName(text: string): string | null {
  let name = statementNames.get(text);
  if (name) return name;
  if (statementNames.size >= 2000) return null;
  name = `ftc_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  statementNames.set(text, name);
  return name;
}
function preparedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (text: unknown, values?: unknown, ...rest: unknown[]) => {
    if (
      typeof text === 'string' &&
      Array.isArray(values) &&
      values.length > 0 &&
      rest.length === 0 &&
      !text.endsWith(CUSTOM_PLAN_TEXT)
    ) {
      const name = statementName(text);
      if (name) return query({ name, text, values });
    }
    return query(text, values, ...rest);
  };
}

export function createDb(url: string, poolSize = 10): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    application_name: 'fasttrack-center',
    // calendar dates stay 'YYYY-MM-DD' strings: a Date would shift them by the server's time zone
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === DATE_OID
          ? (v: string) => v
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('error', () => {
    /* an idle client lost its connection; the pool replaces it */
  });
  pool.on('connect', preparedStatements);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool };
}

/**
 * Runs a transaction, again (up to 3 times) when PostgreSQL chose it as the victim of a deadlock or a
 * serialization failure: nothing of the failed attempt was kept, so the retry is safe.
 */
export async function transactionWithRetry<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(fn);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (attempt >= 3 || (code !== '40P01' && code !== '40001')) throw e;
      await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 50));
    }
  }
}

export async function migrate(db: Db): Promise<{ applied: string[] }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrateOnce(db);
    } catch (e) {
      // two servers creating the migration bookkeeping tables at the same instant: the loser retries
      const code = (e as { code?: string }).code;
      if (attempt >= 5 || (code !== '23505' && code !== '42P07' && code !== '40P01')) throw e;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

async function migrateOnce(db: Db): Promise<{ applied: string[] }> {
  const migrator = new Migrator({
    db,
    provider: new StaticProvider(),
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

export async function pendingMigrations(db: Db): Promise<number> {
  const migrator = new Migrator({
    db,
    provider: new StaticProvider(),
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  const all = await migrator.getMigrations();
  return all.filter((m) => !m.executedAt).length;
}
