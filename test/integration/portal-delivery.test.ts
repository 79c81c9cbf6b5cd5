/**
 * How the portal is delivered: in production, precompressed files (Brotli, gzip) with a year's cache
 * for hashed assets and revalidation for index.html; with `npm run dev`, Vite's dev server on the
 * same port (modules, index.html with the hot-reload client) while the API keeps its answers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { precompress } from '../../scripts/precompress.ts';
import { type App, buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { registerPortal } from '../../src/modules/portal/portal.ts';
import { createDb } from '../../src/platform/db/database.ts';
import type { Jobs } from '../../src/platform/jobs/queue.ts';

describe('built portal', () => {
  const dir = `${fs.mkdtempSync(path.join(os.tmpdir(), 'ftc-portal-'))}/`;
  fs.mkdirSync(`${dir}assets`);
  const script = `console.log(${JSON.stringify('FastTrack '.repeat(200))});`;
  fs.writeFileSync(`${dir}index.html`, '<!doctype html><div id="root"></div>');
  fs.writeFileSync(`${dir}assets/index-AbCd1234.js`, script);
  const written = precompress(dir);
  const app = Fastify() as unknown as App;
  afterAll(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a Brotli and a gzip copy of each text file', () => {
    expect(written.files).toBe(2);
    expect(fs.existsSync(`${dir}assets/index-AbCd1234.js.br`)).toBe(true);
    expect(fs.existsSync(`${dir}assets/index-AbCd1234.js.gz`)).toBe(true);
    expect(written.brotli).toBeLessThan(written.bytes);
  });

  it('sends the compressed copy the browser accepts, hashed assets cached for a year', async () => {
    expect(await registerPortal(app, { dir })).toBe(true);
    const url = '/assets/index-AbCd1234.js';
    const br = await app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toContain('javascript');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script);
    const gz = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await app.inject({ url });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
    const index = await app.inject({ url: '/', headers: { 'accept-encoding': 'br' } });
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(brotliDecompressSync(index.rawPayload).toString()).toContain('<div id="root">');
  });
});

describe('npm run dev: the portal through Vite on the API port', () => {
  const { db } = createDb('postgres://dev@127.0.0.1:1/none', 1);
  let app: App;
  afterAll(async () => {
    await app?.close();
    await db.destroy();
  });

  it('serves index.html with the hot-reload client, the modules, and the API as before', async () => {
    app = await buildApp({
      db,
      jobs: {} as Jobs,
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      devPortal: true,
    });
    await app.ready();
    const index = await app.inject({ url: '/requests/new', headers: { accept: 'text/html' } });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('/@vite/client');
    expect(index.body).toContain('/src/main.tsx');
    const main = await app.inject({ url: '/src/main.tsx' });
    expect(main.statusCode).toBe(200);
    expect(main.headers['content-type']).toContain('javascript');
    expect(main.body).toContain('createRoot');
    const api = await app.inject({ url: '/api/nothing-here' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
  }, 60_000);
});
