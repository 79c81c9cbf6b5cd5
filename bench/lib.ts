/** Shared benchmark plumbing: a database for the run, and an autocannon runner (loopback only, bounded). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { seedDemo } from '../src/modules/demo/seed-demo.ts';
import { loadDefaultProgramme } from '../src/modules/programme/load-programme.ts';
import { ensureProgramme } from '../src/modules/programme/programme.service.ts';
import { createDb, type Db, migrate } from '../src/platform/db/database.ts';
import { ensureDatabase, startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { newId } from '../src/platform/ids.ts';
import { startJobs } from '../src/platform/jobs/queue.ts';

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

/**
 * The app on a bench database holding the programme and the demo data, listening on a free loopback
 * port; `close` stops the app, its jobs and the database.
 */
export async function benchApp() {
  const bdb = await benchDatabase();
  await ensureProgramme(bdb.db, loadDefaultProgramme());
  await seedDemo(bdb.db);
  const jobs = await startJobs(bdb.url, { supervise: false });
  const app = await buildApp({
    db: bdb.db,
    jobs,
    config: loadConfig({ LOG_LEVEL: 'silent', DEMO_DATA: 'false' }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  return {
    bdb,
    db: bdb.db,
    jobs,
    app,
    port,
    async close() {
      await app.close();
      await jobs.stop();
      await bdb.close();
    },
  };
}

/** `count` customers named "Bench customer <i>" (domain bench<i>.example, US): their ids in order. */
export async function benchCustomers(db: Db, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = newId('org');
    ids.push(id);
    await db
      .insertInto('organisations')
      .values({ id, kind: 'customer', name: `Bench customer ${i}` })
      .execute();
    await db
      .insertInto('customers')
      .values({
        organisation_id: id,
        domains: [`bench${i}.example`],
        tenant_id: null,
        country: 'US',
        language: 'en',
        time_zone: 'America/New_York',
        segment: 'commercial',
      })
      .execute();
  }
  return ids;
}

export interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** CPU milliseconds per request served: this process (server and load generator) and PostgreSQL */
  cpu?: { node: number; postgres: number | null };
}

let ticksPerSecond: number | undefined;
/**
 * CPU milliseconds used so far by this process and by every PostgreSQL process on the machine (read
 * from /proc on Linux; `postgres` is null elsewhere). Differences between two readings show which
 * side a run spends its CPU in.
 */
export function cpuTimes(): { node: number; postgres: number | null } {
  const own = process.cpuUsage();
  const node = (own.user + own.system) / 1000;
  if (process.platform !== 'linux') return { node, postgres: null };
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    const close = stat.lastIndexOf(')');
    if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
    const fields = stat.slice(close + 2).split(' '); // from field 3 (state) on
    // utime, stime, and cutime, cstime: the backends that ended, counted in the postmaster that reaped them
    ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  }
  return { node, postgres: (ticks * 1000) / ticksPerSecond };
}

/** CPU per request between two cpuTimes() readings. */
export function cpuPerRequest(
  before: ReturnType<typeof cpuTimes>,
  after: ReturnType<typeof cpuTimes>,
  requests: number,
): NonNullable<Result['cpu']> {
  const per = (a: number, b: number) => (requests ? (b - a) / requests : 0);
  return {
    node: per(before.node, after.node),
    postgres:
      before.postgres === null || after.postgres === null ? null : per(before.postgres, after.postgres),
  };
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
  const withCpu = rows.some((r) => r.cpu);
  const lines = [
    `| run | req/s | p50 ms | p99 ms | errors | non-2xx |${withCpu ? ' Node CPU ms/req | PostgreSQL CPU ms/req |' : ''}`,
    `|---|---:|---:|---:|---:|---:|${withCpu ? '---:|---:|' : ''}`,
  ];
  const ms = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toFixed(2));
  for (const r of rows)
    lines.push(
      `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |${
        withCpu ? ` ${ms(r.cpu?.node)} | ${ms(r.cpu?.postgres)} |` : ''
      }`,
    );
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

/** p50 and p95 of GET requests, 4 in flight, for `secs` seconds (autocannon reports no p95). */
export async function percentiles(url: string, headers: Record<string, string>, secs: number) {
  const lat: number[] = [];
  const end = Date.now() + secs * 1000;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (Date.now() < end) {
        const t0 = performance.now();
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
        lat.push(performance.now() - t0);
      }
    }),
  );
  lat.sort((a, b) => a - b);
  const at = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]!;
  return { n: lat.length, p50: at(0.5), p95: at(0.95) };
}
