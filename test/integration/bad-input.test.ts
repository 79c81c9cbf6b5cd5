/**
 * Bad input on every route with a body: malformed JSON, wrong types, unknown fields, missing fields
 * and oversize bodies get a 4xx problem+json with field paths and change nothing. Random JSON never
 * produces a 500.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/platform/i18n/i18n.ts';
import { as, type Client } from '../client.ts';
import { orgIds, snapshot } from '../db-snapshot.ts';
import { type Harness, startHarness } from '../harness.ts';

let h: Harness;
let admin: Client;
let ids: Record<string, string>;
let routes: { method: string; path: string; url: string; schema: any }[];

beforeAll(async () => {
  h = await startHarness();
  ids = await orgIds(h.db);
  admin = await as(h.app, 'admin@fasttrack.example', ids.center);
  await admin.patch('/api/me', { language: null }); // follow the browser's Accept-Language
  const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  routes = [];
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
    for (const [method, op] of Object.entries(methods)) {
      const schema = op.requestBody?.content?.['application/json']?.schema;
      if (!schema) continue;
      const url = path
        .replace('{id}', ids.contoso!)
        .replace('{userId}', 'usr_0190aaaaaaaaaaaaaaaaaaaaaaaaaaaa')
        .replace(
          '{taskId}',
          path.startsWith('/api/engagements') ? 'tsk_0190aaaaaaaaaaaaaaaaaaaaaaaaaaaa' : '1699',
        )
        .replace('{assignmentId}', 'asg_0190aaaaaaaaaaaaaaaaaaaaaaaaaaaa')
        .replace('{workload}', 'exchange-online')
        .replace('{region}', 'emea')
        .replace('{date}', '2027-01-01');
      routes.push({ method: method.toUpperCase(), path, url, schema });
    }
  }
});
afterAll(() => h.close());

function send(
  c: Client,
  method: string,
  url: string,
  payload: string | object,
  headers: Record<string, string> = {},
) {
  return c.app.inject({
    method: method as 'POST',
    url,
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    headers: { cookie: c.cookie!, 'x-csrf-token': c.csrf!, 'content-type': 'application/json', ...headers },
  });
}

function wrongType(s: any): unknown {
  switch (s?.type) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return 'not a number';
    case 'boolean':
      return 'yes';
    case 'array':
      return { not: 'a list' };
    case 'object':
      return ['not', 'an', 'object'];
    default:
      return { unexpected: true };
  }
}

describe('bad input', () => {
  it('covers every route that takes a body', () => {
    expect(routes.length).toBeGreaterThanOrEqual(15);
  });

  it('malformed JSON → 400 problem+json at /body, nothing changed', async () => {
    const before = await snapshot(h.db);
    for (const r of routes) {
      const res = await send(admin, r.method, r.url, '{"email": "broken",');
      expect(res.statusCode, `${r.method} ${r.path}`).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors[0].path).toBe('/body');
    }
    expect(await snapshot(h.db)).toEqual(before);
  });

  it('wrong types → 400 naming each field, nothing changed', async () => {
    const before = await snapshot(h.db);
    for (const r of routes) {
      const props = Object.entries((r.schema.properties ?? {}) as Record<string, any>);
      for (const [name, s] of props) {
        const res = await send(admin, r.method, r.url, { [name]: wrongType(s) });
        expect(res.statusCode, `${r.method} ${r.path} ${name}`).toBe(400);
        const paths = (res.json().errors ?? []).map((e: { path: string }) => e.path);
        expect(paths, `${r.method} ${r.path} ${name}`).toContain(`/body/${name}`);
      }
    }
    expect(await snapshot(h.db)).toEqual(before);
  });

  it('unknown fields → 400 naming the field, nothing changed', async () => {
    const before = await snapshot(h.db);
    for (const r of routes) {
      const res = await send(admin, r.method, r.url, { isAdmin: true });
      expect(res.statusCode, `${r.method} ${r.path}`).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain('/body/isAdmin');
    }
    expect(await snapshot(h.db)).toEqual(before);
  });

  it('missing required fields → 400 naming each, in the caller’s language', async () => {
    const before = await snapshot(h.db);
    for (const r of routes) {
      const required: string[] = r.schema.required ?? [];
      if (required.length === 0) continue;
      const res = await send(admin, r.method, r.url, {}, { 'accept-language': 'ja' });
      expect(res.statusCode, `${r.method} ${r.path}`).toBe(400);
      const body = res.json();
      for (const f of required)
        expect(body.errors.map((e: { path: string }) => e.path)).toContain(`/body/${f}`);
      const missing = body.errors.find((e: { code: string }) => e.code === 'required');
      expect(missing.message).toBe(t('ja', 'errors.field.required'));
    }
    expect(await snapshot(h.db)).toEqual(before);
  });

  it('a NUL character in any text → 400 naming the field in the caller’s language, nothing changed', async () => {
    const before = await snapshot(h.db);
    let fields = 0;
    for (const r of routes) {
      for (const [name, s] of Object.entries((r.schema.properties ?? {}) as Record<string, any>)) {
        if (s.type !== 'string' || s.enum) continue;
        fields++;
        const res = await send(admin, r.method, r.url, { [name]: 'a\u0000b' }, { 'accept-language': 'de' });
        expect(res.statusCode, `${r.method} ${r.path} ${name}`).toBe(400);
        const problem = res.json().errors.find((e: { path: string }) => e.path === `/body/${name}`);
        expect(problem?.message, `${r.method} ${r.path} ${name}`).toBe(t('de', 'errors.field.nul'));
      }
    }
    expect(fields).toBeGreaterThan(30);
    const query = await admin.app.inject({
      method: 'GET',
      url: '/api/organisations?q=a%00b',
      headers: { cookie: admin.cookie! },
    });
    expect(query.statusCode).toBe(400);
    expect(query.json().errors[0].path).toBe('/querystring/q');
    expect(await snapshot(h.db)).toEqual(before);
  });

  it('a day that is not on the calendar → 400 naming the field, nothing changed', async () => {
    const before = await snapshot(h.db);
    let fields = 0;
    for (const r of routes) {
      for (const [name, s] of Object.entries((r.schema.properties ?? {}) as Record<string, any>)) {
        if (s.format !== 'date') continue;
        for (const day of ['2026-11-31', '2027-02-29', '0000-01-01']) {
          fields++;
          const res = await send(admin, r.method, r.url, { [name]: day });
          expect(res.statusCode, `${r.method} ${r.path} ${name} ${day}`).toBe(400);
          const problem = res.json().errors.find((e: { path: string }) => e.path === `/body/${name}`);
          expect(problem?.message, `${r.method} ${r.path} ${name}`).toBe(
            t('en', 'errors.field.format', { format: 'date' }),
          );
        }
      }
    }
    expect(fields).toBeGreaterThan(3);
    expect(await snapshot(h.db)).toEqual(before);
  });

  it('a 10 MB body → 413, nothing changed', async () => {
    const before = await snapshot(h.db);
    const big = JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024) });
    for (const r of routes) {
      const res = await send(admin, r.method, r.url, big);
      expect(res.statusCode, `${r.method} ${r.path}`).toBe(413);
      expect(res.json().code).toBe('payload_too_large');
    }
    expect(await snapshot(h.db)).toEqual(before);
  });

  it('a non-JSON content type → 415', async () => {
    const r = routes[0]!;
    const res = await send(admin, r.method, r.url, 'email=a', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.statusCode).toBe(415);
  });

  it('random JSON bodies and query strings never produce a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.jsonValue({ maxDepth: 3 }), async (r, body) => {
        const res = await send(admin, r.method, r.url, JSON.stringify(body));
        expect(res.statusCode, `${r.method} ${r.path} ${JSON.stringify(body)}`).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/api/organisations',
          '/api/audit',
          '/api/programme/tasks',
          '/api/partner-relationships',
        ),
        fc.string(),
        fc.string(),
        async (path, k, v) => {
          const res = await admin.app.inject({
            method: 'GET',
            url: `${path}?${encodeURIComponent(k)}=${encodeURIComponent(v)}`,
            headers: { cookie: admin.cookie! },
          });
          expect(res.statusCode).toBeLessThan(500);
        },
      ),
      { numRuns: 100 },
    );
  });
});
