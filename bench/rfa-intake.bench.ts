/**
 * Authenticated request creation (eligibility, insert, history, links, audit, email outbox and job)
 * against a bare Fastify route that does one raw INSERT on the same database, in the same run.
 * Prints how intake grouped the requests (intake-queue.ts: requests that arrive together share a
 * read and a transaction), and the CPU each side spends per request (this process — servers and load
 * generator — and PostgreSQL; Linux).
 *   npm run bench:rfa            (embedded PostgreSQL; BENCH_SECONDS=10 for longer runs)
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { intakeQueueOf } from '../src/modules/requests/intake-queue.ts';
import { newId } from '../src/platform/ids.ts';
import { benchApp, benchCustomers, cpuPerRequest, cpuTimes, type Result, report, toResult } from './lib.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const CUSTOMERS = 200;
const bench = await benchApp();
const { bdb, db, app, port: appPort } = bench;

// many customers, so intake is not serialised on one customer's lock
const customerIds = await benchCustomers(db, CUSTOMERS);
for (const [i, id] of customerIds.entries()) {
  await db
    .insertInto('subscriptions')
    .values({
      id: newId('sub'),
      customer_id: id,
      plan_sku: 'M365_E3',
      paid_seats: 300 + i,
      status: 'active',
      licence_kind: 'paid',
      starts_on: '2025-01-01',
      ends_on: null,
    })
    .execute();
}
// an API token (role lead) made by the center admin: center staff file on behalf of any customer
const signIn = await app.inject({
  method: 'POST',
  url: '/api/auth/sign-in',
  payload: { email: 'admin@fasttrack.example', password: 'FastTrack-demo-1' },
});
const cookie = `ftc_session=${signIn.cookies.find((c) => c.name === 'ftc_session')!.value}`;
const tokenRes = await app.inject({
  method: 'POST',
  url: '/api/api-tokens',
  headers: { cookie, 'x-csrf-token': signIn.json().csrfToken },
  payload: { name: 'bench', role: 'lead' },
});
const token = tokenRes.json().token as string;
if (!token) throw new Error(`token: ${tokenRes.body}`);

const bare = Fastify();
const { default: pg } = await import('pg');
const pool = new pg.Pool({ connectionString: bdb.url, max: 20 });
// the database stops at the end of the run: an idle client losing its connection is not a failure
pool.on('error', () => {});
await pool.query(
  'create table if not exists bench_inserts (id text primary key, customer_id text not null, body jsonb not null, created_at timestamptz not null default now())',
);
bare.post('/requests', async (req) => {
  const id = randomUUID();
  await pool.query('insert into bench_inserts (id, customer_id, body) values ($1, $2, $3)', [
    id,
    (req.body as { customerId: string }).customerId,
    req.body,
  ]);
  return { id };
});
await bare.listen({ port: 0, host: '127.0.0.1' });
const barePort = (bare.server.address() as { port: number }).port;

let n = 0;
const body = () => {
  n++;
  return JSON.stringify({
    customerId: customerIds[n % CUSTOMERS],
    channel: 'center-on-behalf',
    projectName: `Bench project ${n}`,
    serviceLocation: 'US',
    preferredLanguage: 'en',
    workloads: [
      { workload: 'exchange-online', plannedDate: '2099-01-01' },
      { workload: 'teams', plannedDate: '2099-02-01' },
    ],
    options: { dataMigration: true, migrationSources: ['gmail'] },
    requester: { phone: '+1 425 555 0100', title: 'Engineer' },
    primaryContact: { name: 'Pat Primary', email: `pat${n}@bench.example` },
    businessSponsor: 'same-as-requester',
  });
};

async function run(name: string, url: string, auth: boolean): Promise<Result> {
  const before = cpuTimes();
  const r = await autocannon({
    url,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) },
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          body: body(),
          headers: { ...req.headers, 'idempotency-key': `bench-${randomUUID()}` },
        }),
      },
    ],
  });
  return { ...toResult(name, r), cpu: cpuPerRequest(before, cpuTimes(), r.requests.total) };
}

const results: Result[] = [];
await run('warm-up', `http://127.0.0.1:${appPort}/api/requests`, true);
await run('warm-up', `http://127.0.0.1:${barePort}/requests`, false);
for (let round = 1; round <= 2; round++) {
  results.push(
    await run(
      `baseline: bare Fastify, one INSERT (round ${round})`,
      `http://127.0.0.1:${barePort}/requests`,
      false,
    ),
  );
  results.push(
    await run(`POST /api/requests (round ${round})`, `http://127.0.0.1:${appPort}/api/requests`, true),
  );
}
const created = await db
  .selectFrom('requests')
  .select(db.fn.countAll<string>().as('n'))
  .executeTakeFirstOrThrow();
const grouping = intakeQueueOf(db)!.stats;
console.log(
  `requests created: ${created.n}; taken in ${grouping.batches} batches (${(grouping.requests / grouping.batches).toFixed(1)} per batch on average, at most ${grouping.largest})`,
);
report(
  results,
  'POST /api/requests',
  'baseline',
  `${seconds}s per run, ${connections} connections, ${CUSTOMERS} customers`,
);

await bare.close();
await pool.end();
await bench.close();
process.exit(0);
