/**
 * Job queue on PostgreSQL (pg-boss) in both embedded and server mode. Jobs are enqueued inside the
 * business transaction, so a rolled-back change never sends its email and a committed one always does.
 */
import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type { Tx } from '../db/database.ts';

export const QUEUES = [
  'email.send',
  'maintenance.cleanup',
  'migration.idle',
  'meeting.invite',
  'referral.expire',
  'request.remind',
] as const;
export type QueueName = (typeof QUEUES)[number];

export interface Jobs {
  boss: PgBoss;
  enqueue(tx: Tx, name: QueueName, data: object): Promise<void>;
  /** several jobs of one queue in one statement */
  enqueueMany(tx: Tx, name: QueueName, data: readonly object[]): Promise<void>;
  work(name: QueueName, handler: (data: Record<string, unknown>) => Promise<void>): Promise<void>;
  /** a cron schedule; several servers may declare it at once */
  schedule(name: QueueName, cron: string): Promise<void>;
  stop(): Promise<void>;
}

/** Retries an operation that can lose a start-up race with another server (duplicate key, deadlock). */
async function raceSafe(op: () => Promise<unknown>, done: () => Promise<boolean>): Promise<void> {
  for (let attempt = 1; !(await done()); attempt++) {
    try {
      await op();
      return;
    } catch (e) {
      if (attempt >= 10) throw e;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200 * attempt));
    }
  }
}

/** pg-boss writing through the business transaction. */
const within = (tx: Tx) => ({
  executeSql: async (text: string, values: unknown[]) =>
    tx.executeQuery(CompiledQuery.raw(text, values)) as Promise<{ rows: unknown[] }>,
});

export async function startJobs(
  url: string,
  opts: { supervise?: boolean; pollingIntervalSeconds?: number; schedule?: boolean } = {},
): Promise<Jobs> {
  const boss = new PgBoss({
    connectionString: url,
    max: 4,
    supervise: opts.supervise ?? true,
    schedule: opts.schedule ?? false,
    application_name: 'fasttrack-center-jobs',
  });
  boss.on('error', () => {
    /* transient connection errors are retried by pg-boss */
  });
  await boss.start();
  for (const q of QUEUES) {
    // several servers starting together may race to create a queue (duplicate key or deadlock):
    // the loser waits a moment and finds the queue the winner created
    await raceSafe(
      () => boss.createQueue(q, { name: q, retryLimit: 5, retryDelay: 5, retryBackoff: true }),
      async () => !!(await boss.getQueue(q)),
    );
  }
  const polling = opts.pollingIntervalSeconds ?? 1;
  return {
    boss,
    async enqueue(tx, name, data) {
      await boss.send(name, data, { db: within(tx) });
    },
    async enqueueMany(tx, name, data) {
      if (!data.length) return;
      await boss.insert(
        data.map((d) => ({ name, data: d })),
        { db: within(tx) },
      );
    },
    async work(name, handler) {
      await boss.work<Record<string, unknown>>(
        name,
        { pollingIntervalSeconds: polling, batchSize: 20 },
        async (jobs) => {
          for (const job of jobs) await handler(job.data);
        },
      );
    },
    async schedule(name, cron) {
      let scheduled = false;
      await raceSafe(
        async () => {
          await boss.schedule(name, cron);
          scheduled = true;
        },
        async () => scheduled,
      );
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
