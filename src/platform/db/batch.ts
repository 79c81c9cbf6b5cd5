/**
 * Statement batching: a use-case records its writes with ordinary Kysely code (and the helpers that
 * take a transaction: audit, emails, jobs), then sends them to PostgreSQL as ONE round trip —
 * `BEGIN; …; COMMIT` in the simple query protocol, each statement prepared once per connection
 * and executed with its values as literals. Either every statement commits or none does. Used where a write path's cost is dominated by round trips.
 */
import { createHash } from 'node:crypto';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  sql,
} from 'kysely';
import pg from 'pg';
import type { Db, Tx } from './database.ts';
import type { Database } from './schema.ts';

class RecordingConnection implements DatabaseConnection {
  constructor(private readonly out: CompiledQuery[]) {}
  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    this.out.push(query);
    return { rows: [] };
  }
  // biome-ignore lint/correctness/useYield: recording never streams
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('a recorded batch cannot stream');
  }
}

class RecordingDriver implements Driver {
  constructor(private readonly out: CompiledQuery[]) {}
  async init() {}
  async acquireConnection() {
    return new RecordingConnection(this.out);
  }
  async beginTransaction() {}
  async commitTransaction() {}
  async rollbackTransaction() {}
  async releaseConnection() {}
  async destroy() {}
}

/**
 * Runs `record` against a transaction that only records statements (reads return no rows: read
 * before, record writes here). Returns the recorded statements in order.
 */
export async function recordWrites(record: (tx: Tx) => Promise<void>): Promise<CompiledQuery[]> {
  const statements: CompiledQuery[] = [];
  const recorder = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new RecordingDriver(statements),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  await recorder.transaction().execute(record);
  await recorder.destroy();
  return statements;
}

/** A value in the text form PostgreSQL reads for a parameter (as node-postgres sends it). */
function textValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v)) return `\\x${v.toString('hex')}`;
  if (Array.isArray(v)) {
    const items = v.map((x) => {
      const t = textValue(x);
      return t === null ? 'NULL' : `"${t.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    });
    return `{${items.join(',')}}`;
  }
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * A literal for a value's text: dollar-quoted when it does not contain the tag (PostgreSQL reads
 * the text as it is, no escaping to do, which matters for large JSON), escaped otherwise.
 */
function literal(value: string): string {
  // the tag must close where the value ends, not inside it (nor across its end: "…$ftc" + "$ftc$")
  return `${value}$ftc$`.indexOf('$ftc$') === value.length ? `$ftc$${value}$ftc$` : pg.escapeLiteral(value);
}

/** The statement with its $n parameters replaced by literals (typed by context, as parameters are). */
export function inline(query: { sql: string; parameters: readonly unknown[] }): string {
  return query.sql.replace(/\$(\d+)/g, (_m, n: string) => valueLiteral(query.parameters[Number(n) - 1]));
}

function valueLiteral(v: unknown): string {
  const value = textValue(v);
  return value === null ? 'NULL' : literal(value);
}

/**
 * Statements with parameters run as server-side prepared statements (`PREPARE` once per
 * connection, then `EXECUTE name(literals)`): PostgreSQL parses and plans each distinct statement
 * once per connection instead of in every batch. Prepared statements outlive a rolled-back
 * transaction, so after a failed batch the connection's list is read back from the server.
 */
const preparedOn = new WeakMap<DatabaseConnection, Set<string>>();
const MAX_PREPARED = 200;
const batchNames = new Map<string, string>();
const batchName = (text: string) => {
  let name = batchNames.get(text);
  if (!name) {
    name = `ftcb_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    if (batchNames.size < 10_000) batchNames.set(text, name);
  }
  return name;
};

/** The statement as the batch sends it: EXECUTE of a prepared statement (prepared first if new), or inlined. */
function batchStatement(
  query: { sql: string; parameters: readonly unknown[] },
  prepared: Set<string>,
): string {
  if (!query.parameters.length || prepared.size >= MAX_PREPARED) return `${inline(query)};`;
  const name = batchName(query.sql);
  const execute = `EXECUTE ${name}(${query.parameters.map(valueLiteral).join(', ')});`;
  if (prepared.has(name)) return execute;
  prepared.add(name);
  return `PREPARE ${name} AS ${query.sql};\n${execute}`;
}

/** Sends the statements as one transaction in one round trip. On any error nothing is committed. */
export async function runBatch(
  db: Db,
  statements: readonly { sql: string; parameters: readonly unknown[] }[],
): Promise<void> {
  // the connection itself (one per pooled client), which is what holds the prepared statements
  await db.getExecutor().provideConnection(async (conn) => {
    const prepared = preparedOn.get(conn) ?? new Set<string>();
    preparedOn.set(conn, prepared);
    const text = `BEGIN;\n${statements.map((s) => batchStatement(s, prepared)).join('\n')}\nCOMMIT;`;
    try {
      // no parameters: node-postgres uses the simple query protocol, which accepts several statements
      await conn.executeQuery(CompiledQuery.raw(text, []));
    } catch (e) {
      await conn.executeQuery(CompiledQuery.raw('ROLLBACK', []));
      // the statements prepared before the failure stay prepared, the others were never made
      const { rows } = await conn.executeQuery<{ name: string }>(
        CompiledQuery.raw("select name from pg_prepared_statements where name like 'ftcb\\_%'", []),
      );
      preparedOn.set(conn, new Set(rows.map((r) => r.name)));
      throw e;
    }
  });
}

/** Rows for one table: every row has the same keys, the columns written (the others take their defaults). */
export interface TableRows {
  table: keyof Database & string;
  rows: readonly Record<string, unknown>[];
}

/**
 * Records ONE statement that inserts many rows into several tables (one data-modifying WITH part
 * per table; foreign keys between them are checked at the end of the statement). The rows travel
 * as JSON documents (`jsonb_populate_recordset`): no per-row query building, and in a batch each
 * table is one dollar-quoted literal that needs no escaping. JSON columns take objects (not
 * strings); timestamps take Dates or ISO strings.
 */
export async function insertAll(tx: Tx, parts: readonly TableRows[]): Promise<void> {
  const present = parts.filter((p) => p.rows.length);
  if (!present.length) return;
  const writes = present.map((p, i) => {
    const columns = sql.join(Object.keys(p.rows[0]!).map((c) => sql.id(c)));
    const table = sql.table(p.table);
    return sql`${sql.id(`w${i}`)} as (insert into ${table} (${columns})
      select ${columns} from jsonb_populate_recordset(null::${table}, ${JSON.stringify(p.rows)}::jsonb))`;
  });
  await sql`with ${sql.join(writes)} select 1`.execute(tx);
}
