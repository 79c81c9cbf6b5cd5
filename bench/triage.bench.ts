/**
 * The center's triage queue (GET /api/requests, oldest first) as the request history grows: p50/p95
 * of the open queue, "submitted" only, the first page without a filter and searches (by customer name,
 * by project name, texts that match nothing — two letters, Japanese — and one that matches everything),
 * with 2,000 open requests and 10,000 closed ones, then again after growing to 200,000 closed ones.
 * Reported as the p95 growth (large / small), measured in the same run.
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
  await sql`analyze requests`.execute(db);
}

const urls = {
  'open queue (3 open statuses)':
    '/api/requests?status=submitted&status=on-hold&status=on-hold-pending-requestor-response',
  'submitted only': '/api/requests?status=submitted',
  'first page, no filter': '/api/requests',
  'search by customer name': `/api/requests?q=${encodeURIComponent('bench customer 17')}`,
  'search by project name': `/api/requests?q=${encodeURIComponent(`project ${LARGE + 17}`)}`,
  'search matching nothing': `/api/requests?q=${encodeURIComponent('no such project')}`,
  'search, two letters matching nothing': '/api/requests?q=zq',
  'search, Japanese matching nothing': `/api/requests?q=${encodeURIComponent('株式会社')}`,
  'search matching every project': '/api/requests?q=project',
};
async function measure() {
  const out: Record<string, { n: number; p50: number; p95: number }> = {};
  for (const [name, path] of Object.entries(urls)) {
    await percentiles(`http://127.0.0.1:${port}${path}`, auth, 1);
    out[name] = await percentiles(`http://127.0.0.1:${port}${path}`, auth, seconds);
  }
  return out;
}

await copies(0, SMALL, 'closed');
await copies(LARGE + 1, OPEN, 'open');
const small = await measure();
await copies(SMALL, LARGE - SMALL, 'closed');
const large = await measure();

console.log(
  `\n${OPEN} open requests; closed history ${SMALL} then ${LARGE}; ${seconds}s per list, 4 clients\n`,
);
console.log('| list | closed requests | answers | p50 ms | p95 ms |\n|---|---:|---:|---:|---:|');
for (const name of Object.keys(urls)) {
  const s = small[name]!;
  const l = large[name]!;
  console.log(`| ${name} | ${SMALL} | ${s.n} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} |`);
  console.log(`| ${name} | ${LARGE} | ${l.n} | ${l.p50.toFixed(1)} | ${l.p95.toFixed(1)} |`);
}
console.log('');
for (const name of Object.keys(urls))
  console.log(`p95 ${name}: ${LARGE} / ${SMALL} = ${(large[name]!.p95 / small[name]!.p95).toFixed(2)}×`);

await bench.close();
process.exit(0);
