/**
 * The center's triage queue (GET /api/requests, oldest first) as the request history grows: p50/p95
 * of the open queue, "submitted" only, the first page without a filter, the requests awaiting a first answer
 * and those whose first answer is overdue, and searches (by customer name,
 * by project name, texts that match nothing — two letters, Japanese — and one that matches everything),
 * and the customer search (GET /api/organisations), with 2,000 open requests and 10,000 closed ones,
 * again after growing to 200,000 closed ones, and again after adding 100,000 customers. Each load is
 * followed by VACUUM ANALYZE, as autovacuum would do after it: the text-search (GIN) indexes keep
 * a bulk load's entries in a pending list, which every search reads, until a vacuum merges them.
 * Reported as the p95 growth of each step, measured in the same run.
 *   npm run bench:triage
 *   BENCH_SECONDS=10 BENCH_LARGE=200000 npm run bench:triage
 */
import { sql } from 'kysely';
import { benchApp, benchCustomers, percentiles } from './lib.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const OPEN = Number(process.env.BENCH_OPEN ?? 2_000);
const SMALL = Number(process.env.BENCH_SMALL ?? 10_000);
const LARGE = Number(process.env.BENCH_LARGE ?? 200_000);
const CUSTOMERS = 200;
const MORE_CUSTOMERS = Number(process.env.BENCH_MORE_CUSTOMERS ?? 100_000);

const bench = await benchApp();
const { db, app, port } = bench;

const signIn = await app.inject({
  method: 'POST',
  url: '/api/auth/sign-in',
  payload: { email: 'lead@fasttrack.example', password: 'FastTrack-demo-1' },
});
if (signIn.statusCode !== 200) throw new Error(`sign-in: ${signIn.body}`);
const auth = { cookie: `ftc_session=${signIn.cookies.find((c) => c.name === 'ftc_session')!.value}` };
const csrf = signIn.json().csrfToken as string;

// customers, and one request filed through the API: the template of every synthetic request
const customerIds = await benchCustomers(db, CUSTOMERS);
const filed = await app.inject({
  method: 'POST',
  url: '/api/requests',
  headers: { ...auth, 'x-csrf-token': csrf, 'idempotency-key': 'bench-triage-template' },
  payload: {
    customerId: customerIds[0],
    channel: 'center-on-behalf',
    projectName: 'Template',
    serviceLocation: 'US',
    preferredLanguage: 'en',
    workloads: [{ workload: 'teams', plannedDate: '2099-01-01' }],
    options: { dataMigration: false },
    requester: { phone: '+1 425 555 0100', title: 'Engineer' },
    primaryContact: { name: 'Pat Primary', email: 'pat@bench.example' },
    businessSponsor: 'same-as-requester',
  },
});
if (filed.statusCode !== 201) throw new Error(`template: ${filed.body}`);
const templateId = filed.json().id as string;

/**
 * Copies of the template: `count` requests from the `from`-th on, spread over the customers, with ids
 * and dates in filing order (closed history first, then the open ones, as in a real center).
 */
async function copies(from: number, count: number, status: 'open' | 'closed') {
  const columns = (
    await sql<{ c: string }>`
      select column_name as c from information_schema.columns
      where table_name = 'requests'
        and column_name not in ('id', 'number', 'customer_id', 'status', 'project_name', 'created_at', 'updated_at')`.execute(
      db,
    )
  ).rows.map((r) => r.c);
  const list = sql.join(columns.map((c) => sql.id(c)));
  const fromTemplate = sql.join(columns.map((c) => sql.ref(`t.${c}`)));
  const prefix = status === 'open' ? 'rfa_01f' : 'rfa_00';
  for (let start = from; start < from + count; start += 20_000) {
    const end = Math.min(from + count, start + 20_000) - 1;
    await sql`
      insert into requests (id, number, customer_id, status, project_name, created_at, updated_at, ${list})
      select ${prefix} || lpad(to_hex(g), 10, '0'), 1000000 + g,
        (${customerIds}::text[])[1 + g % ${CUSTOMERS}],
        ${status === 'open' ? sql`'submitted'` : sql`case when g % 10 = 0 then 'cancelled' else 'approved' end`},
        'Project ' || g,
        now() - make_interval(mins => ${from + count} - g), now() - make_interval(mins => ${from + count} - g),
        ${fromTemplate}
      from generate_series(${start}::int, ${end}::int) g, requests t
      where t.id = ${templateId}`.execute(db);
  }
  await sql`vacuum analyze requests`.execute(db);
}

const urls = {
  'open queue (3 open statuses)':
    '/api/requests?status=submitted&status=on-hold&status=on-hold-pending-requestor-response',
  'submitted only': '/api/requests?status=submitted',
  'first page, no filter': '/api/requests',
  'awaiting a first answer': '/api/requests?response=awaiting',
  'first answer overdue': '/api/requests?response=overdue',
  'search by customer name': `/api/requests?q=${encodeURIComponent('bench customer 17')}`,
  'search by project name': `/api/requests?q=${encodeURIComponent(`project ${LARGE + 17}`)}`,
  'search matching nothing': `/api/requests?q=${encodeURIComponent('no such project')}`,
  'search, two letters matching nothing': '/api/requests?q=zq',
  'search, Japanese matching nothing': `/api/requests?q=${encodeURIComponent('株式会社')}`,
  'search matching every project': '/api/requests?q=project',
  'customers: search by name': `/api/organisations?kind=customer&q=${encodeURIComponent('bench customer 17')}`,
  'customers: search matching nothing': `/api/organisations?kind=customer&q=${encodeURIComponent('no such customer')}`,
};
async function measure() {
  const out: Record<string, { n: number; p50: number; p95: number }> = {};
  for (const [name, path] of Object.entries(urls)) {
    await percentiles(`http://127.0.0.1:${port}${path}`, auth, 1);
    out[name] = await percentiles(`http://127.0.0.1:${port}${path}`, auth, seconds);
  }
  return out;
}

/** `count` more customers (no requests): a center that serves many customers, most of them quiet. */
async function moreCustomers(count: number) {
  await sql`
    insert into organisations (id, kind, name)
    select 'org_grown' || lpad(g::text, 8, '0'), 'customer', 'Grown customer ' || g
    from generate_series(1, ${count}::int) g`.execute(db);
  await sql`
    insert into customers (organisation_id, domains, tenant_id, country, language, time_zone, segment)
    select 'org_grown' || lpad(g::text, 8, '0'), array['grown' || g || '.example'], null, 'US', 'en',
      'America/New_York', 'commercial'
    from generate_series(1, ${count}::int) g`.execute(db);
  await sql`vacuum analyze organisations`.execute(db);
  await sql`vacuum analyze customers`.execute(db);
}

const stages: { closed: number; customers: number; out: Awaited<ReturnType<typeof measure>> }[] = [];
await copies(0, SMALL, 'closed');
await copies(LARGE + 1, OPEN, 'open');
stages.push({ closed: SMALL, customers: CUSTOMERS, out: await measure() });
await copies(SMALL, LARGE - SMALL, 'closed');
stages.push({ closed: LARGE, customers: CUSTOMERS, out: await measure() });
await moreCustomers(MORE_CUSTOMERS);
stages.push({ closed: LARGE, customers: CUSTOMERS + MORE_CUSTOMERS, out: await measure() });

console.log(`\n${OPEN} open requests; ${seconds}s per list, 4 clients\n`);
console.log(
  '| list | closed requests | customers | answers | p50 ms | p95 ms |\n|---|---:|---:|---:|---:|---:|',
);
for (const name of Object.keys(urls))
  for (const { closed, customers, out } of stages) {
    const r = out[name]!;
    console.log(
      `| ${name} | ${closed} | ${customers} | ${r.n} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} |`,
    );
  }
console.log('');
const [first, second, third] = stages as [(typeof stages)[0], (typeof stages)[0], (typeof stages)[0]];
for (const name of Object.keys(urls))
  console.log(
    `p95 ${name}: closed ${LARGE} / ${SMALL} = ${(second.out[name]!.p95 / first.out[name]!.p95).toFixed(2)}×, ` +
      `customers ${third.customers} / ${second.customers} = ${(third.out[name]!.p95 / second.out[name]!.p95).toFixed(2)}×`,
  );

await bench.close();
process.exit(0);
