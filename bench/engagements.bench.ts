/**
 * Engagements (issue: Engagements):
 *  1. the engagement detail read (GET /api/engagements/{id}) against a bare Fastify route running the
 *     same one statement by hand (no authentication, no shaping), in the same run;
 *  2. the "my work" list (GET /api/engagements?owner=me) against a bare route running its SQL;
 *  3. the list's p95 latency at 10,000 engagements and again after growing to 200,000 (2,000,000 tasks).
 *   npm run bench:engagements
 *   BENCH_SECONDS=10 BENCH_LARGE=200000 npm run bench:engagements
 */
import Fastify from 'fastify';
import { sql } from 'kysely';
import type { Actor } from '../src/modules/access/actor.ts';
import { engagementDetailSql, listQuery } from '../src/modules/engagements/engagement-views.ts';
import { benchApp, load, percentiles, type Result, report, table } from './lib.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const SMALL = Number(process.env.BENCH_SMALL ?? 10_000);
const LARGE = Number(process.env.BENCH_LARGE ?? 200_000);
const TASKS_PER_ENGAGEMENT = 10;
const MANAGERS = 50;

const bench = await benchApp();
const { bdb, db, app, port: appPort } = bench;

const signIn = async (email: string) => {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { email, password: 'FastTrack-demo-1' },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in ${email}: ${res.body}`);
  return {
    cookie: `ftc_session=${res.cookies.find((c) => c.name === 'ftc_session')!.value}`,
    csrf: res.json().csrfToken as string,
    userId: res.json().user.id as string,
  };
};

// one real engagement, made the way users make it: a request filed and approved, a manager assigned
const customer = await signIn('it.admin@contoso.example');
const lead = await signIn('lead@fasttrack.example');
const manager = await signIn('manager@fasttrack.example');
const contoso = await db
  .selectFrom('organisations')
  .select('id')
  .where('name', '=', 'Contoso Ltd')
  .executeTakeFirstOrThrow();
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const filed = await app.inject({
  method: 'POST',
  url: '/api/requests',
  headers: {
    cookie: customer.cookie,
    'x-csrf-token': customer.csrf,
    'idempotency-key': 'bench-engagement-1',
  },
  payload: {
    customerId: contoso.id,
    channel: 'portal-quick-action',
    projectName: 'Bench modern work',
    serviceLocation: 'US',
    preferredLanguage: 'en',
    workloads: [
      { workload: 'exchange-online', plannedDate: inDays(60) },
      { workload: 'teams', plannedDate: inDays(90) },
      { workload: 'sharepoint-online', plannedDate: inDays(90) },
    ],
    options: { dataMigration: true, migrationSources: ['gmail'] },
    requester: { phone: '+1 425 555 0100', title: 'IT director' },
    primaryContact: 'same-as-requester',
    businessSponsor: 'same-as-requester',
  },
});
const approved = await app.inject({
  method: 'POST',
  url: `/api/requests/${filed.json().id}/approve`,
  headers: { cookie: lead.cookie, 'x-csrf-token': lead.csrf },
  payload: { reasonId: 'eligible-with-migration-service', scenario: 'center-led' },
});
const engagementId = approved.json().decision?.engagementId as string;
if (!engagementId) throw new Error(`approve: ${approved.body}`);
await app.inject({
  method: 'POST',
  url: `/api/engagements/${engagementId}/assignments`,
  headers: { cookie: lead.cookie, 'x-csrf-token': lead.csrf },
  payload: { role: 'fasttrack-manager', userId: manager.userId, primary: true },
});
await app.inject({
  method: 'POST',
  url: `/api/engagements/${engagementId}/notes`,
  headers: { cookie: manager.cookie, 'x-csrf-token': manager.csrf },
  payload: { type: 'engagement-management', body: 'Kickoff held' },
});
const taskCount = await db
  .selectFrom('tasks')
  .select(sql<number>`count(*)::int`.as('n'))
  .where('engagement_id', '=', engagementId)
  .executeTakeFirstOrThrow();

/** Grows the data to `total` synthetic engagements: 2 workloads and 10 tasks each; one of 50 managers (the demo manager among them) is primary. */
let grown = 0;
async function grow(total: number) {
  const from = grown + 1;
  if (total < from) return;
  const managers = await db
    .selectFrom('users')
    .select('id')
    .where('email', 'like', 'bench.manager.%')
    .execute();
  if (managers.length === 0) {
    const center = await db
      .selectFrom('organisations')
      .select('id')
      .where('kind', '=', 'center')
      .executeTakeFirstOrThrow();
    await sql`insert into users (id, email, name, language)
      select 'usr_bench' || lpad(i::text, 27, '0'), 'bench.manager.' || i || '@fasttrack.example', 'Manager ' || i, 'en'
      from generate_series(1, ${MANAGERS - 1}) i`.execute(db);
    await sql`insert into memberships (user_id, organisation_id, role)
      select id, ${center.id}, 'manager' from users where email like 'bench.manager.%'`.execute(db);
  }
  const ids = [
    manager.userId,
    ...(await db.selectFrom('users').select('id').where('email', 'like', 'bench.manager.%').execute()).map(
      (u) => u.id,
    ),
  ];
  const pad = (col: string) => sql.raw(`lpad(${col}::text, 28, '0')`);
  await sql`insert into organisations (id, kind, name)
    select 'org_b' || ${pad('i')}, 'customer', 'Synthetic customer ' || i from generate_series(${from}::int, ${total}::int) i`.execute(
    db,
  );
  await sql`insert into customers (organisation_id, domains, tenant_id, country, language, time_zone, segment)
    select 'org_b' || ${pad('i')}, array['synthetic' || i || '.example'], null, 'US', 'en', 'America/Chicago', 'commercial'
    from generate_series(${from}::int, ${total}::int) i`.execute(db);
  await sql`insert into engagements (id, customer_id, status, motions, region, note_due_on, created_at)
    select 'eng_b' || ${pad('i')}, 'org_b' || ${pad('i')}, 'active', array['rfa'], 'americas', current_date + (i % 28) - 14,
      now() - make_interval(days => i % 300)
    from generate_series(${from}::int, ${total}::int) i`.execute(db);
  await sql`insert into service_records (id, engagement_id, customer_id, workload, entitlement_seats, migration,
      migration_level, scenario, phase)
    select 'svc_b' || ${pad('i')} || w.n, 'eng_b' || ${pad('i')}, 'org_b' || ${pad('i')}, w.workload, 500 + i % 5000,
      w.n = 1, case when w.n = 1 then 'service' else 'none' end, 'center-led',
      (array['initiate', 'assess', 'remediate', 'enable', 'adoption'])[1 + i % 5]
    from generate_series(${from}::int, ${total}::int) i,
      (values (1, 'exchange-online'), (2, 'teams')) as w(n, workload)`.execute(db);
  await sql`insert into tasks (id, engagement_id, customer_id, service_record_id, workload, template_id, workstream,
      phase, mandatory, gate, owner, role, status, position, due_on)
    select 'tsk_b' || ${pad('i')} || lpad(t::text, 3, '0'), 'eng_b' || ${pad('i')}, 'org_b' || ${pad('i')},
      'svc_b' || ${pad('i')} || (1 + t % 2), case when t % 2 = 0 then 'exchange-online' else 'teams' end,
      1699, (array['core-onboarding', 'service-onboarding', 'data-migration', 'user-adoption'])[1 + t % 4],
      'assess', t % 3 = 0, t = 1, case when t % 4 = 0 then 'customer' else 'center' end, 'fasttrack-engineer',
      (array['not-started', 'in-progress', 'complete'])[1 + (i + t) % 3], t, current_date + t
    from generate_series(${from}::int, ${total}::int) i, generate_series(1, ${TASKS_PER_ENGAGEMENT}) t`.execute(
    db,
  );
  await sql`insert into engagement_assignments (id, engagement_id, role, user_id, organisation_id, is_primary)
    select 'asg_b' || ${pad('i')}, 'eng_b' || ${pad('i')}, 'fasttrack-manager',
      (${sql.val(ids)}::text[])[1 + i % ${ids.length}], m.organisation_id, true
    from generate_series(${from}::int, ${total}::int) i
    join memberships m on m.user_id = (${sql.val(ids)}::text[])[1 + i % ${ids.length}]`.execute(db);
  // as after a bulk load in production: vacuumed (hint bits, visibility map) and analysed
  await sql`vacuum analyze`.execute(db);
  grown = total;
}

// baselines: the same statements on a bare Fastify route and pool
const { default: pg } = await import('pg');
const pool = new pg.Pool({ connectionString: bdb.url, max: 20 });
// the database stops at the end of the run: an idle client losing its connection is not a failure
pool.on('error', () => {});
const bare = Fastify();
const detail = engagementDetailSql(engagementId).compile(db);
bare.get('/detail', async () => (await pool.query(detail.sql, detail.parameters as unknown[])).rows[0]);
// the same statement prepared once per connection, as the app runs it
bare.get(
  '/detail-prepared',
  async () =>
    (await pool.query({ name: 'bench_detail', text: detail.sql, values: detail.parameters as unknown[] }))
      .rows[0],
);
const centerActor = {
  organisationId: 'x',
  orgKind: 'center',
  role: 'manager',
  userId: manager.userId,
} as Actor;
const list = listQuery(db, centerActor, { owner: 'me', limit: 50 }, new Date()).compile();
bare.get('/mine', async () => (await pool.query(list.sql, list.parameters as unknown[])).rows);
await bare.listen({ port: 0, host: '127.0.0.1' });
const barePort = (bare.server.address() as { port: number }).port;

const auth = { cookie: manager.cookie };
const appDetail = `http://127.0.0.1:${appPort}/api/engagements/${engagementId}`;
const appMine = `http://127.0.0.1:${appPort}/api/engagements?owner=me`;
const appAll = `http://127.0.0.1:${appPort}/api/engagements?limit=50`;

const t0 = Date.now();
await grow(SMALL);
console.log(`grown to ${SMALL} engagements in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

const results: Result[] = [];
const prepared: Result[] = [];
await load('warm-up', appDetail, auth, 2);
await load('warm-up', `http://127.0.0.1:${barePort}/detail`, {}, 2);
for (let round = 1; round <= 2; round++) {
  results.push(
    await load(
      `baseline: detail, bare SQL (round ${round})`,
      `http://127.0.0.1:${barePort}/detail`,
      {},
      seconds,
    ),
  );
  prepared.push(
    await load(
      `baseline: detail, bare SQL prepared (round ${round})`,
      `http://127.0.0.1:${barePort}/detail-prepared`,
      {},
      seconds,
    ),
  );
  results.push(await load(`GET /api/engagements/{id} (round ${round})`, appDetail, auth, seconds));
}
prepared.push(...results.filter((r) => r.name.startsWith('GET')));
const mine: Result[] = [];
for (let round = 1; round <= 2; round++) {
  mine.push(
    await load(
      `baseline: my work, bare SQL (round ${round})`,
      `http://127.0.0.1:${barePort}/mine`,
      {},
      seconds,
    ),
  );
  mine.push(await load(`GET /api/engagements?owner=me (round ${round})`, appMine, auth, seconds));
}
const small = {
  mine: await percentiles(appMine, auth, seconds),
  all: await percentiles(appAll, auth, seconds),
};
const t1 = Date.now();
await grow(LARGE);
console.log(
  `grown to ${LARGE} engagements (${LARGE * TASKS_PER_ENGAGEMENT} synthetic tasks) in ${((Date.now() - t1) / 1000).toFixed(0)} s`,
);
await percentiles(appMine, auth, 2);
const large = {
  mine: await percentiles(appMine, auth, seconds),
  all: await percentiles(appAll, auth, seconds),
};

console.log(`\nthe engagement read: ${taskCount.n} tasks, 3 workloads, 1 assignment, 1 note\n`);
report(
  results,
  'GET /api/engagements/{id}',
  'baseline',
  `${seconds}s per run, 10 connections, ${SMALL} engagements`,
);
console.log('');
report(
  prepared,
  'GET /api/engagements/{id}',
  'baseline',
  'against the same statement prepared on the bare route too',
);
console.log('');
report(
  mine,
  'GET /api/engagements?owner=me',
  'baseline',
  `${seconds}s per run, 10 connections, ${SMALL} engagements`,
);
console.log(`\n| list | engagements | requests | p50 ms | p95 ms |\n|---|---:|---:|---:|---:|`);
for (const [name, s, l] of [
  ['my work (owner=me)', small.mine, large.mine],
  ['center list (first page)', small.all, large.all],
] as const) {
  console.log(`| ${name} | ${SMALL} | ${s.n} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} |`);
  console.log(`| ${name} | ${LARGE} | ${l.n} | ${l.p50.toFixed(1)} | ${l.p95.toFixed(1)} |`);
  console.log(`p95 ${name}: ${LARGE} / ${SMALL} = ${(l.p95 / s.p95).toFixed(2)}×`);
}
void table;

await bare.close();
await pool.end();
await bench.close();
process.exit(0);
