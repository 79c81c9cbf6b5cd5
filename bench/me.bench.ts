/**
 * GET /api/me (session lookup + scope + memberships) against a bare Fastify route that runs the
 * same session lookup in raw SQL, in the same process run, on the same database. Reports the ratio.
 *   npm run bench            (embedded PostgreSQL)
 *   BENCH_SECONDS=10 npm run bench
 */
import Fastify from 'fastify';
import { hashToken } from '../src/modules/identity/secrets.ts';
import { benchApp, load, type Result, report } from './lib.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const bench = await benchApp();
const { bdb, app, port: appPort } = bench;

const signIn = await app.inject({
  method: 'POST',
  url: '/api/auth/sign-in',
  payload: { email: 'it.admin@contoso.example', password: 'FastTrack-demo-1' },
});
const cookie = `ftc_session=${signIn.cookies.find((c) => c.name === 'ftc_session')!.value}`;
const token = cookie.split('=')[1]!;

// baseline: the same session lookup, by hand, on a bare Fastify route with the same pool size
const { default: pg } = await import('pg');
const pool = new pg.Pool({ connectionString: bdb.url, max: 20 });
// the database stops at the end of the run: an idle client losing its connection is not a failure
pool.on('error', () => {});
const bare = Fastify();
bare.get('/me', async (req) => {
  const t = String(req.headers.cookie ?? '').split('=')[1] ?? '';
  const r = await pool.query(
    `select s.id, s.user_id, u.email, u.name, m.organisation_id, m.role
       from sessions s join users u on u.id = s.user_id
       left join memberships m on m.user_id = s.user_id and m.organisation_id = s.organisation_id
      where s.token_hash = $1 and s.revoked_at is null and s.expires_at > now()`,
    [hashToken(t)],
  );
  return r.rows[0];
});
await bare.listen({ port: 0, host: '127.0.0.1' });
const barePort = (bare.server.address() as { port: number }).port;
if (token.length < 10) throw new Error('sign-in failed');

const results: Result[] = [];
await load('warm-up', `http://127.0.0.1:${appPort}/api/me`, { cookie }, 2);
await load('warm-up', `http://127.0.0.1:${barePort}/me`, { cookie }, 2);
for (let round = 1; round <= 2; round++) {
  results.push(
    await load(
      `baseline: bare Fastify + same SQL (round ${round})`,
      `http://127.0.0.1:${barePort}/me`,
      { cookie },
      seconds,
    ),
  );
  results.push(
    await load(`GET /api/me (round ${round})`, `http://127.0.0.1:${appPort}/api/me`, { cookie }, seconds),
  );
}
report(results, 'GET /api/me', 'baseline', `${seconds}s per run, 10 connections`);

await bare.close();
await pool.end();
await bench.close();
process.exit(0);
