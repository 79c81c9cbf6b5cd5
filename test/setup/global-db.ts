/**
 * Once per test run: a PostgreSQL (embedded by default; the server in TEST_DATABASE_URL when
 * TEST_DB=server) and a migrated template database that every test file clones.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDb, migrate } from '../../src/platform/db/database.ts';
import { type EmbeddedServer, startEmbeddedPostgres } from '../../src/platform/db/embedded.ts';
import { startJobs } from '../../src/platform/jobs/queue.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** server URL without a database name: append `/<db>` */
    pgBase: string;
    template: string;
    dbMode: string;
  }
}

export default async function setup(project: TestProject) {
  let embedded: EmbeddedServer | null = null;
  let tmp: string | null = null;
  let base: string;
  const mode = process.env.TEST_DB === 'server' ? 'server' : 'embedded';
  if (mode === 'server') {
    const url = process.env.TEST_DATABASE_URL;
    if (!url)
      throw new Error(
        'TEST_DB=server needs TEST_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/postgres',
      );
    const u = new URL(url);
    u.pathname = '';
    base = u.toString().replace(/\/$/, '');
  } else {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ftc-test-'));
    fs.chmodSync(tmp, 0o777);
    embedded = await startEmbeddedPostgres(tmp, () => {});
    base = embedded.url('').replace(/\/$/, '');
  }
  const template = `ftc_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  const { db } = createDb(`${base}/${template}`, 2);
  await migrate(db);
  await db.destroy();
  const jobs = await startJobs(`${base}/${template}`, { supervise: false });
  await jobs.stop();
  // no connections may remain to a template while it is cloned
  await admin.query(
    'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
    [template],
  );

  project.provide('pgBase', base);
  project.provide('template', template);
  project.provide('dbMode', mode);

  return async () => {
    const dbs = await admin.query<{ datname: string }>(
      'select datname from pg_database where datname like $1 or datname = $2',
      [`ftc_t_${process.pid}_%`, template],
    );
    for (const { datname } of dbs.rows) {
      await admin.query(`drop database if exists ${datname} with (force)`).catch(() => {});
    }
    await admin.end();
    if (embedded) await embedded.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  };
}
