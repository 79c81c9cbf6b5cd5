/**
 * Medium-test harness: a fresh database cloned from the migrated template, the real app (inject),
 * the real job queue and an email worker delivering to a real SMTP sink.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { type App, buildApp } from '../src/app.ts';
import { type Config, loadConfig } from '../src/config.ts';
import { seedDemo } from '../src/modules/demo/seed-demo.ts';
import { loadDefaultProgramme } from '../src/modules/programme/load-programme.ts';
import { ensureProgramme } from '../src/modules/programme/programme.service.ts';
import { createDb, type Db } from '../src/platform/db/database.ts';
import { type Jobs, startJobs } from '../src/platform/jobs/queue.ts';
import { emailWorker, smtpTransport } from '../src/platform/mail/mailer.ts';
import { schedulingWorkers } from '../src/modules/scheduling/invites.ts';
import { type SmtpSink, startSmtpSink } from './fakes/smtp.ts';

export interface Harness {
  app: App;
  db: Db;
  jobs: Jobs;
  smtp: SmtpSink;
  url: string;
  config: Config;
  close(): Promise<void>;
}

export async function createTestDatabase(): Promise<string> {
  const base = inject('pgBase');
  const template = inject('template');
  const name = `ftc_t_${template.split('_').pop()}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${template}`);
        break;
      } catch (e) {
        // another file is cloning the template at this instant (55006): try again shortly
        if ((e as { code?: string }).code !== '55006' || attempt > 50) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  return `${base}/${name}`;
}

export async function startHarness(
  opts: { demo?: boolean; env?: Record<string, string>; outbox?: boolean; fetch?: typeof fetch } = {},
): Promise<Harness> {
  const url = await createTestDatabase();
  const { db } = createDb(url, 10);
  const smtp = await startSmtpSink();
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'http://localhost:3000',
    SMTP_URL: smtp.url,
    DEMO_DATA: 'false',
    ...opts.env,
  });
  const jobs = await startJobs(url, { supervise: false, pollingIntervalSeconds: 0.5 });
  await ensureProgramme(db, loadDefaultProgramme());
  if (opts.demo !== false) await seedDemo(db);
  const app = await buildApp({ db, jobs, config, signInRateLimit: { max: 10_000, timeWindow: '1 minute' } });
  await jobs.work(
    'email.send',
    emailWorker(db, opts.outbox ? null : smtpTransport(smtp.url), config.mailFrom, () => {}),
  );
  await schedulingWorkers({ db, jobs, config, fetch: opts.fetch });
  await app.ready();
  return {
    app,
    db,
    jobs,
    smtp,
    url,
    config,
    async close() {
      await app.close();
      await jobs.stop();
      await db.destroy();
      await smtp.close();
    },
  };
}
