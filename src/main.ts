/**
 * config → database → migrations → programme → app → listen → workers.
 * SIGTERM/SIGINT: stop accepting, drain in-flight requests and jobs, close the database.
 */
import { buildApp } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { seedDemo } from './modules/demo/seed-demo.ts';
import { CLEANUP_CRON, cleanup } from './modules/maintenance/cleanup.ts';
import { checkIdleProjects, MIGRATION_IDLE_CRON } from './modules/migration/migration-projects.ts';
import { ensureProgramme } from './modules/programme/programme.service.ts';
import { loadDefaultProgramme } from './modules/programme/load-programme.ts';
import { createDb, migrate } from './platform/db/database.ts';
import {
  DataDirInUseError,
  ensureDatabase,
  type EmbeddedServer,
  startEmbeddedPostgres,
} from './platform/db/embedded.ts';
import { startJobs } from './platform/jobs/queue.ts';
import { emailWorker, smtpTransport } from './platform/mail/mailer.ts';
import { REFERRAL_EXPIRY_CRON, schedulingWorkers } from './modules/scheduling/invites.ts';
import { REMINDER_CRON, sendDueReminders } from './modules/requests/pending-reminders.ts';
import { alertLateFirstAnswers } from './modules/requests/response-alerts.ts';

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  const say = (msg: string) => console.log(`[fasttrack] ${msg}`);

  let embedded: EmbeddedServer | null = null;
  let url = config.databaseUrl;
  if (!url) {
    try {
      embedded = await startEmbeddedPostgres(config.dataDir, say);
    } catch (e) {
      if (e instanceof DataDirInUseError) {
        console.error(e.message);
        process.exit(75);
      }
      throw e;
    }
    url = embedded.url('fasttrack');
    await ensureDatabase(url);
    say(`Embedded PostgreSQL running on 127.0.0.1:${embedded.port} (data in ${config.dataDir})`);
  } else {
    try {
      await ensureDatabase(url);
    } catch (e) {
      console.error(
        `Cannot reach the database in DATABASE_URL (${(e as Error).message}). Check that PostgreSQL runs and the URL is right, or unset DATABASE_URL to use the embedded PostgreSQL.`,
      );
      process.exit(69);
    }
  }

  try {
    await run(config, url, embedded, say);
  } catch (e) {
    if (embedded) await embedded.stop().catch(() => {});
    throw e;
  }
}

async function run(config: Config, url: string, embedded: EmbeddedServer | null, say: (m: string) => void) {
  const { db } = createDb(url, 20);
  const { applied } = await migrate(db);
  if (applied.length > 0) say(`Applied migrations: ${applied.join(', ')}`);
  const jobs = await startJobs(url, { schedule: true });
  const programme = loadDefaultProgramme();
  await ensureProgramme(db, programme);
  if (config.demoData) {
    const demo = await seedDemo(db);
    if (demo.created) say('Demo data created.');
  }

  const state = { draining: false };
  // `npm run dev` passes --dev: the portal is served by Vite with hot reload
  const devPortal = process.argv.includes('--dev');
  const app = await buildApp({ db, jobs, config, state, devPortal });
  const transport = config.smtpUrl ? smtpTransport(config.smtpUrl) : null;
  await jobs.work(
    'email.send',
    emailWorker(db, transport, config.mailFrom, (m) => app.log.info(m)),
  );

  await jobs.schedule('maintenance.cleanup', CLEANUP_CRON);
  await jobs.work('maintenance.cleanup', async () => {
    const removed = await cleanup(db);
    app.log.info({ removed }, 'housekeeping done');
  });
  await schedulingWorkers({ db, jobs, config }, (m) => app.log.info(m));
  await jobs.schedule('referral.expire', REFERRAL_EXPIRY_CRON);
  await jobs.schedule('migration.idle', MIGRATION_IDLE_CRON);
  await jobs.schedule('request.remind', REMINDER_CRON);
  await jobs.work('request.remind', async () => {
    const { reminded, unanswered } = await sendDueReminders({ db, jobs, config });
    const late = await alertLateFirstAnswers({ db, jobs, config });
    if (reminded.length || unanswered.length || late.length)
      app.log.info(
        { reminded: reminded.length, unanswered: unanswered.length, lateFirstAnswers: late.length },
        'requests followed up',
      );
  });
  await jobs.work('migration.idle', async () => {
    const result = await checkIdleProjects(db);
    app.log.info({ result }, 'idle migration projects checked');
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal} received: draining…`);
    state.draining = true;
    const timer = setTimeout(() => process.exit(1), 25_000);
    try {
      await app.close(); // stops accepting, waits for in-flight requests
      await jobs.stop();
      await db.destroy();
      if (embedded) await embedded.stop();
      say('Stopped cleanly.');
    } finally {
      clearTimeout(timer);
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  say(`FastTrack Center is ready at ${config.publicUrl}  (API docs: ${config.publicUrl}/api/docs)`);
  if (devPortal)
    say('Development mode: the portal reloads on save (web/), the server restarts on changes in src/.');
  if (config.demoData) {
    say('Sign in with a demo account, for example:');
    say('  center admin    admin@fasttrack.example      / FastTrack-demo-1');
    say('  customer admin  it.admin@contoso.example     / FastTrack-demo-1');
    say('  partner admin   lead@fabrikam-partners.example / FastTrack-demo-1');
    say('  (every demo account is listed in README.md)');
  }
  if (!transport) say('No SMTP_URL set: emails are kept in the local outbox and written to this log.');
}

main().catch((e) => {
  console.error('FastTrack Center failed to start:', e);
  process.exit(1);
});
