/** Liveness and readiness for load balancers and orchestrators. */
import { sql } from 'kysely';
import Type from 'typebox';
import type { App, Deps } from '../../app.ts';
import { pendingMigrations } from '../../platform/db/database.ts';

const Check = Type.Object({ ok: Type.Boolean(), detail: Type.Optional(Type.String()) });
const Readiness = Type.Object({
  status: Type.String(),
  checks: Type.Object({ database: Check, migrations: Check, queue: Check }),
});

export const healthRoutes = (deps: Deps) => async (app: App) => {
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'The process is alive',
        security: [],
        response: { 200: Type.Object({ status: Type.String() }) },
      },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Database, migrations and job queue are ready',
        security: [],
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_req, reply) => {
      const guard = async (fn: () => Promise<string | undefined>) => {
        try {
          const problem = await fn();
          return problem ? { ok: false, detail: problem } : { ok: true };
        } catch (e) {
          return { ok: false, detail: (e as Error).message };
        }
      };
      const database = await guard(async () => {
        await sql`select 1`.execute(deps.db);
        return undefined;
      });
      const migrations = await guard(async () => {
        const n = await pendingMigrations(deps.db);
        return n > 0 ? `${n} pending` : undefined;
      });
      const queue = await guard(async () => {
        await sql`select version from pgboss.version`.execute(deps.db);
        return undefined;
      });
      const draining = deps.state?.draining ?? false;
      const ok = database.ok && migrations.ok && queue.ok && !draining;
      return reply.status(ok ? 200 : 503).send({
        status: ok ? 'ready' : draining ? 'draining' : 'not ready',
        checks: { database, migrations, queue },
      });
    },
  );
};
