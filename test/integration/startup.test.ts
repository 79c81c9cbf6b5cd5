/**
 * The real server process: zero-setup start on the embedded PostgreSQL, data that survives a
 * restart, a refused second server on the same data directory, and two app servers sharing one
 * PostgreSQL server that migrate exactly once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/platform/db/embedded.ts';
import { createTestDatabase } from '../harness.ts';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitReady(port: number, timeoutMs = 90_000, proc?: { child: ChildProcess }): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (proc && proc.child.exitCode !== null)
      throw new Error(`the server exited with ${proc.child.exitCode} before it was ready`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not ready on ${port} within ${timeoutMs} ms`);
}

async function signIn(port: number) {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@fasttrack.example', password: 'FastTrack-demo-1' }),
  });
  return {
    status: res.status,
    cookie: res.headers.get('set-cookie')?.split(';')[0] ?? '',
    body: (await res.json()) as any,
  };
}

describe('server process', () => {
  it('starts on the embedded PostgreSQL with demo data, keeps data across a restart, refuses a second server on the same data', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftc-start-'));
    fs.chmodSync(dataDir, 0o777);
    const port = await freePort();
    const first = start({ DATA_DIR: dataDir, PORT: String(port) });
    await waitReady(port);
    expect(first.output()).toContain('admin@fasttrack.example');

    const session = await signIn(port);
    expect(session.status).toBe(200);
    const renamed = await fetch(`http://127.0.0.1:${port}/api/me`, {
      method: 'PATCH',
      headers: {
        'content-type': 'application/json',
        cookie: session.cookie,
        'x-csrf-token': session.body.csrfToken,
      },
      body: JSON.stringify({ name: 'Avery Survives-Restart' }),
    });
    expect(renamed.status).toBe(200);

    const second = start({ DATA_DIR: dataDir, PORT: String(await freePort()) });
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toMatch(/already running on the data directory/);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('Stopped cleanly');

    const again = start({ DATA_DIR: dataDir, PORT: String(port) });
    await waitReady(port);
    const me = await fetch(`http://127.0.0.1:${port}/api/me`, { headers: { cookie: session.cookie } });
    expect(((await me.json()) as any).user.name).toBe('Avery Survives-Restart');
    expect(again.output()).not.toContain('Demo data created');
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 240_000);

  it('two app servers on one PostgreSQL server both become ready and migrate once', async () => {
    const url = await createTestDatabase();
    // start from an empty database, not the migrated template
    const { default: pg } = await import('pg');
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query('drop schema public cascade; create schema public; drop schema if exists pgboss cascade');
    await c.end();

    const [p1, p2] = [await freePort(), await freePort()];
    const a = start({ DATABASE_URL: url, PORT: String(p1), LOG_LEVEL: 'warn' });
    const b = start({ DATABASE_URL: url, PORT: String(p2), LOG_LEVEL: 'warn' });
    await Promise.all([waitReady(p1, 90_000, a), waitReady(p2, 90_000, b)]).catch((e) => {
      throw new Error(`${(e as Error).message}\n--- a ---\n${a.output()}\n--- b ---\n${b.output()}`);
    });
    const applied = [a.output(), b.output()].filter((o) => o.includes('Applied migrations')).length;
    expect(applied).toBe(1);
    const seeded = [a.output(), b.output()].filter((o) => o.includes('Demo data created')).length;
    expect(seeded).toBe(1);

    // a session made on one server works on the other: they share the database
    const s = await signIn(p1);
    const me = await fetch(`http://127.0.0.1:${p2}/api/me`, { headers: { cookie: s.cookie } });
    expect(me.status).toBe(200);

    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    expect([await a.exited, await b.exited], a.output() + b.output()).toEqual([0, 0]);
  }, 240_000);

  it('stops with a message that says what to set when configuration is wrong', async () => {
    const bad = start({ PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    expect(await bad.exited).toBe(78);
    expect(bad.output()).toContain('PORT="eighty"');
    expect(bad.output()).toContain('DATABASE_URL must start with postgres://');
  });
});
