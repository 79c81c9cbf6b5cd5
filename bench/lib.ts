/** Shared benchmark plumbing: a database for the run, and an autocannon runner (loopback only, bounded). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createDb, type Db, migrate } from '../src/platform/db/database.ts';
import { ensureDatabase, startEmbeddedPostgres } from '../src/platform/db/embedded.ts';

export interface BenchDb {
  url: string;
  db: Db;
  close(): Promise<void>;
}

/** BENCH_DATABASE_URL selects a server; otherwise an embedded PostgreSQL in a temporary folder. */
export async function benchDatabase(): Promise<BenchDb> {
  let stop = async () => {};
  let url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftc-bench-'));
    fs.chmodSync(dir, 0o777);
    const pg = await startEmbeddedPostgres(dir, () => {});
    url = pg.url('bench');
    stop = async () => {
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  await ensureDatabase(url);
  const { db } = createDb(url, 20);
  await migrate(db);
  return {
    url,
    db,
    async close() {
      await db.destroy();
      await stop();
    },
  };
}

export interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export async function load(
  name: string,
  url: string,
  headers: Record<string, string>,
  seconds: number,
  connections = 10,
): Promise<Result> {
  return toResult(name, await autocannon({ url, headers, duration: seconds, connections, pipelining: 1 }));
}

/** The figures of one autocannon run that the tables report. */
export function toResult(name: string, r: autocannon.Result): Result {
  return {
    name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
  };
}

export function table(rows: Result[]): string {
  const lines = ['| run | req/s | p50 ms | p99 ms | errors | non-2xx |', '|---|---:|---:|---:|---:|---:|'];
  for (const r of rows)
    lines.push(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |`);
  return lines.join('\n');
}

/** Prints the table and the ratio of the runs named `subject` to the runs named `baseline`. */
export function report(results: Result[], subject: string, baseline: string, note: string): void {
  const avg = (prefix: string) => {
    const rs = results.filter((r) => r.name.startsWith(prefix));
    return rs.reduce((s, r) => s + r.rps, 0) / rs.length;
  };
  console.log(table(results));
  console.log(
    `\nratio ${subject} / baseline = ${((avg(subject) / avg(baseline)) * 100).toFixed(1)} %  (${note}, Node ${process.version})`,
  );
}
