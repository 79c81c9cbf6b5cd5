/** A fingerprint of every business table, to prove that a refused or failed request changed nothing. */
import { sql } from 'kysely';
import type { Db } from '../src/platform/db/database.ts';

const VOLATILE = ['last_used_at', 'last_seen_at'];
/** delivery progress made by the email worker in the background is not a change made by a request */
const VOLATILE_BY_TABLE: Record<string, string[]> = {
  emails: ['status', 'sent_at', 'text_body', 'transport', 'error'],
};

export async function snapshot(
  db: Db,
  opts: { includeAudit?: boolean } = {},
): Promise<Record<string, string>> {
  await settleInvites(db);
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'schema_migrations%'
    order by table_name`.execute(db);
  const out: Record<string, string> = {};
  for (const { table_name } of tables.rows) {
    if (table_name === 'audit_log' && !opts.includeAudit) continue;
    const strip = [...VOLATILE, ...(VOLATILE_BY_TABLE[table_name] ?? [])].map((c) => ` - '${c}'`).join('');
    const r = await sql<{ h: string | null; n: string }>`
      select md5(coalesce(string_agg((to_jsonb(t)${sql.raw(strip)})::text, '|' order by (to_jsonb(t)${sql.raw(strip)})::text), '')) as h,
             count(*)::text as n
      from ${sql.table(table_name)} t`.execute(db);
    out[table_name] = `${r.rows[0]?.n}:${r.rows[0]?.h}`;
  }
  return out;
}

/**
 * Waits until the invite jobs of earlier changes are done: they add emails and mark meetings invited in the
 * background, which is not a change made by the request under test.
 */
export async function settleInvites(db: Db, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await sql<{ n: number }>`select count(*)::int as n from pgboss.job
      where name = 'meeting.invite' and state in ('created', 'retry', 'active')`.execute(db);
    if (r.rows[0]!.n === 0 || Date.now() > end) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function auditCount(db: Db): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(db);
  return r.rows[0]!.n;
}

export async function lastAudit(db: Db) {
  return db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

/** Ids of the demo organisations by name. */
export async function orgIds(db: Db): Promise<Record<string, string>> {
  const rows = await db.selectFrom('organisations').select(['id', 'name']).execute();
  const by = (n: string) => rows.find((r) => r.name === n)!.id;
  return {
    center: by('FastTrack Center'),
    contoso: by('Contoso Ltd'),
    lamna: by('Lamna Santé'),
    tailspin: by('Tailspin 株式会社'),
    partner: by('Fabrikam Partners'),
  };
}
