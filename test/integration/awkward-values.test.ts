/**
 * Bodies and query strings that pass every route's schema but carry awkward values — dates that are
 * not on the calendar (31 November, 29 February of a common year), NUL characters, the longest
 * strings allowed in letters of several bytes, integers past 32 bits, real ids of the wrong kind —
 * never produce a 500: the API answers with a problem+json 4xx (naming the fields of a 400) that
 * changed nothing, or does the work — and a request that was accepted, sent again three at once,
 * still gives no 500. Values are drawn from each route's own JSON schema (the OpenAPI document), so
 * a new route is covered as it lands.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, type Client } from '../client.ts';
import { orgIds } from '../db-snapshot.ts';
import { world } from '../engagement-world.ts';
import { type Harness, startHarness } from '../harness.ts';

type Schema = Record<string, any>;
interface Route {
  method: string;
  path: string;
  url: string;
  body?: Schema;
  query: { name: string; schema: Schema; required: boolean }[];
}

let h: Harness;
let admin: Client;
/** the center admin, a customer's admin and its partner's admin: each reaches other code */
let callers: Map<string, Client>;
let routes: Route[];
/** real ids of every kind and the programme's own names (workloads, reasons, phases…) */
let known: string[];

/** Routes that end the caller's session or switch its organisation: the rest of the run needs it. */
const SKIP = /^\/api\/(auth\/|me\/organisation$|invitations\/accept$)/;

/** The table whose id a path's {id} names. */
const ID_TABLE: [RegExp, string][] = [
  [/^\/api\/engagements\//, 'engagements'],
  [/^\/api\/requests\//, 'requests'],
  [/^\/api\/(customers|organisations|partners)\//, 'organisations'],
  [/^\/api\/meetings\//, 'meetings'],
  [/^\/api\/migration-projects\//, 'migration_projects'],
  [/^\/api\/migration-batches\//, 'migration_batches'],
  [/^\/api\/subscriptions\//, 'subscriptions'],
  [/^\/api\/people\//, 'users'],
  [/^\/api\/referrals\//, 'referrals'],
  [/^\/api\/partner-relationships\//, 'partner_relationships'],
  [/^\/api\/invitations\//, 'invitations'],
  [/^\/api\/api-tokens\//, 'api_tokens'],
  [/^\/api\/notifications\//, 'notifications'],
];

const NASTY_TEXT = [
  'a\u0000b',
  '\u0000',
  ' ',
  'Ünïcödé 😀 日本語 עברית ไทย',
  "'; drop table requests; --",
  '%_\\',
  '<script>alert(1)</script>',
  '\u202e\u200b',
];
const NASTY_DATES = ['2026-11-31', '2027-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '0000-01-01'];
const NASTY_TIMES = ['2026-11-31T10:00:00Z', '2027-02-29T00:00:00Z', '9999-12-31T23:59:59Z'];
const NASTY_NUMBERS = [0, -1, 1, 2 ** 31, 2 ** 53 - 1, -(2 ** 31) - 1, 1e15, 0.5];

function inBounds(s: Schema, n: number): boolean {
  if (s.type === 'integer' && !Number.isInteger(n)) return false;
  if (s.minimum !== undefined && n < s.minimum) return false;
  if (s.maximum !== undefined && n > s.maximum) return false;
  if (s.exclusiveMinimum !== undefined && n <= s.exclusiveMinimum) return false;
  if (s.exclusiveMaximum !== undefined && n >= s.exclusiveMaximum) return false;
  return true;
}

/** A string within the schema's length limits (counted in code points, as Ajv counts). */
function fits(s: Schema, v: string): boolean {
  const n = [...v].length;
  return n >= (s.minLength ?? 0) && n <= (s.maxLength ?? Number.POSITIVE_INFINITY);
}

function stringOf(s: Schema): fc.Arbitrary<string> {
  if (s.enum) return fc.constantFrom(...(s.enum as string[]));
  if (s.const !== undefined) return fc.constant(s.const as string);
  const ok = (v: string) => fits(s, v) && (!s.pattern || new RegExp(s.pattern, 'u').test(v));
  const choices: { arbitrary: fc.Arbitrary<string>; weight: number }[] = [];
  const pool = (values: string[], weight = 1) => {
    const good = values.filter(ok);
    if (good.length) choices.push({ arbitrary: fc.constantFrom(...good), weight });
  };
  switch (s.format) {
    case 'date':
      pool([...NASTY_DATES, '2027-01-15']);
      break;
    case 'date-time':
      pool([...NASTY_TIMES, '2027-01-15T09:30:00Z']);
      break;
    case 'email':
      pool(['someone@example.com', 'admin@fasttrack.example', `${'a'.repeat(64)}@example.com`]);
      break;
    default:
      pool([...NASTY_DATES, ...NASTY_TEXT], 3);
      pool(known, 2);
      if (s.maxLength) pool(['😀'.repeat(s.maxLength), 'é'.repeat(s.maxLength)]);
      if (s.pattern) {
        try {
          choices.push({ arbitrary: fc.stringMatching(new RegExp(s.pattern, 'u')).filter(ok), weight: 1 });
        } catch {
          // a pattern fast-check cannot draw from (lookahead): the pools alone
        }
      } else {
        const maxLength = Math.min(s.maxLength ?? 30, 30);
        choices.push({ arbitrary: fc.string({ unit: 'grapheme', maxLength }).filter(ok), weight: 1 });
      }
  }
  return choices.length ? fc.oneof(...choices) : fc.constant('');
}

function arbitraryOf(s: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > 6) return fc.constant(null);
  const branches = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (branches) return fc.oneof(...branches.map((b) => arbitraryOf(b, depth + 1)));
  if (s.enum) return fc.constantFrom(...(s.enum as unknown[]));
  if (s.const !== undefined) return fc.constant(s.const);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return stringOf(s);
    case 'integer':
    case 'number': {
      const good = NASTY_NUMBERS.filter((n) => inBounds({ ...s, type }, n));
      const lo = s.minimum ?? -1_000;
      const hi = s.maximum ?? 1_000_000;
      return fc.oneof(fc.integer({ min: lo, max: hi }), ...(good.length ? [fc.constantFrom(...good)] : []));
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const min = s.minItems ?? 0;
      const max = Math.max(min, Math.min(s.maxItems ?? 3, 3));
      return fc.array(arbitraryOf(s.items, depth + 1), { minLength: min, maxLength: max });
    }
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const required = new Set<string>(s.required ?? []);
      const shape = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, arbitraryOf(v, depth + 1)]));
      const requiredKeys = Object.keys(props).filter((k) => required.has(k));
      if (!Object.keys(props).length && s.additionalProperties && typeof s.additionalProperties === 'object')
        return fc.dictionary(stringOf({ maxLength: 20 }), arbitraryOf(s.additionalProperties, depth + 1), {
          maxKeys: 3,
        });
      return fc.record(shape, { requiredKeys });
    }
    default:
      return fc.constant(null);
  }
}

beforeAll(async () => {
  h = await startHarness();
  const ids = await orgIds(h.db);
  admin = await as(h.app, 'admin@fasttrack.example', ids.center);
  // an approved request: an engagement with tasks, meetings and people
  const w = await world(h, admin);
  callers = new Map([
    ['center admin', admin],
    ['customer admin', w.customer],
    ['partner admin', w.partnerAdmin],
  ]);
  const firstIds = async (table: string) =>
    (
      await sql<{ id: string }>`select id from ${sql.table(table)} order by id limit 3`.execute(h.db)
    ).rows.map((r) => r.id);
  const byTable = new Map<string, string[]>();
  for (const [, table] of ID_TABLE) byTable.set(table, await firstIds(table));
  const programme = (await admin.get('/api/programme')).body;
  const names = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(v) && v.length < 60) names.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v))
        if (k === 'id') walk(x);
        else if (typeof x === 'object') walk(x);
  };
  walk(programme);
  const task = await h.db.selectFrom('tasks').select('id').limit(1).executeTakeFirstOrThrow();
  const assignment = await h.db.selectFrom('engagement_assignments').select('id').limit(1).executeTakeFirst();
  known = [...[...byTable.values()].flat(), ...names, task.id];

  const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  routes = [];
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
    if (SKIP.test(path)) continue;
    for (const [method, op] of Object.entries(methods)) {
      const body = op.requestBody?.content?.['application/json']?.schema;
      const query = ((op.parameters ?? []) as any[])
        .filter((p) => p.in === 'query')
        .map((p) => ({ name: p.name as string, schema: p.schema as Schema, required: !!p.required }));
      if (!body && !query.length) continue;
      const table = ID_TABLE.find(([re]) => re.test(path))?.[1];
      const url = path
        .replace('{id}', (table && byTable.get(table)?.[0]) ?? 'org_0190aaaaaaaaaaaaaaaaaaaaaaaaaaaa')
        .replace('{taskId}', path.startsWith('/api/engagements') ? task.id : '1699')
        .replace('{assignmentId}', assignment?.id ?? 'asg_0190aaaaaaaaaaaaaaaaaaaaaaaaaaaa')
        .replace('{userId}', byTable.get('users')![0]!)
        .replace('{workload}', 'exchange-online')
        .replace('{region}', 'emea')
        .replace('{date}', '2027-01-01');
      routes.push({ method: method.toUpperCase(), path, url, body, query });
    }
  }
}, 60_000);
afterAll(() => h?.close());

function queryString(r: Route, values: Record<string, unknown>): string {
  const parts = Object.entries(values)
    .filter(([, v]) => v !== undefined && v !== null)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}=${encodeURIComponent(String(x))}`));
  return parts.length ? `${r.url}?${parts.join('&')}` : r.url;
}

/**
 * What is wrong with an answer, if anything: a 500; a refusal that is not problem+json, or a 400
 * that names no field; a refusal that wrote an audit record (every change writes one in its own
 * transaction, so a refused request that wrote one changed something).
 */
async function whatIsWrong(res: Awaited<ReturnType<Harness['app']['inject']>>): Promise<string | null> {
  if (res.statusCode >= 500) return `${res.statusCode}`;
  if (res.statusCode < 400) {
    if (await auditedBy(res)) accepted++;
    return null;
  }
  if (!String(res.headers['content-type']).startsWith('application/problem+json'))
    return `${res.statusCode} without problem+json`;
  const problem = res.json();
  if (problem.code === 'validation' && !problem.errors?.length) return '400 naming no field';
  const written = await auditedBy(res);
  if (written.length) return `${res.statusCode} after writing ${written.join(', ')}`;
  return null;
}

/** the actions audited under the answer's request id */
async function auditedBy(res: { headers: Record<string, unknown> }): Promise<string[]> {
  const rows = await h.db
    .selectFrom('audit_log')
    .select('action')
    .where('request_id', '=', String(res.headers['x-request-id']))
    .execute();
  return rows.map((a) => a.action);
}
function send(caller: Client, method: string, url: string, body: unknown) {
  return h.app.inject({
    method: method as 'POST',
    url,
    headers: {
      cookie: caller.cookie!,
      'x-csrf-token': caller.csrf!,
      'idempotency-key': `awkward-${randomUUID()}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
}

/** answers that changed something (and said so in the audit log): proof that the check above can see a change */
let accepted = 0;

describe('awkward values that pass the schema', () => {
  it('reach every route with a body or a query string', () => {
    expect(routes.filter((r) => r.body).length).toBeGreaterThan(35);
    expect(routes.some((r) => r.path === '/api/engagements/{id}/delay')).toBe(true);
  });

  it.each(['center admin', 'customer admin', 'partner admin'])(
    'never produce a 500 for the %s',
    async (who) => {
      const caller = callers.get(who)!;
      const failures: string[] = [];
      accepted = 0;
      for (const r of routes) {
        const before = failures.length;
        const query = fc.record(Object.fromEntries(r.query.map((q) => [q.name, arbitraryOf(q.schema)])), {
          requiredKeys: r.query.filter((q) => q.required).map((q) => q.name),
        });
        const samples = fc.sample(fc.tuple(r.body ? arbitraryOf(r.body) : fc.constant(undefined), query), {
          numRuns: Number(process.env.AWKWARD_RUNS ?? 25),
          seed: Number(process.env.AWKWARD_SEED ?? 20261128) + who.length,
        });
        for (const [body, q] of samples) {
          const url = queryString(r, q as Record<string, unknown>);
          const res = await send(caller, r.method, url, body);
          let wrong = await whatIsWrong(res);
          if (!wrong && r.method !== 'GET' && res.statusCode < 300) {
            // accepted: the same again, three at once (a double click, a retry racing the first)
            const again = await Promise.all([1, 2, 3].map(() => send(caller, r.method, url, body)));
            for (const a of again)
              wrong ??= await whatIsWrong(a).then((w) => w && `sent again at once: ${w}`);
          }
          // the first failure of each route is enough to find it
          if (wrong && failures.length === before)
            failures.push(
              `${who}: ${r.method} ${r.path}${url.slice(r.url.length)} ${JSON.stringify(body)?.slice(0, 300)}: ${wrong}`,
            );
        }
      }
      expect(failures, failures.join('\n')).toEqual([]);
      // some of them were accepted and audited under their request id: the check above can see a write
      expect(accepted).toBeGreaterThan(0);
    },
    240_000,
  );
});
