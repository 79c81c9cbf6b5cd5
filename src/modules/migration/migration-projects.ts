/**
 * Data-migration tracking (domain §6.4): projects per engagement (source, destination, scope),
 * batches imported from a CSV schedule (all rows or none), per-batch status and counts, progress.
 * A daily job pauses a project after 30 days without progress and flags it for decommissioning after
 * 30 more; post-migration issues are accepted only within 5 days of their batch.
 */
import { sql } from 'kysely';
import type { Deps } from '../../app.ts';
import type { Db } from '../../platform/db/database.ts';
import { conflict, fieldError, forbidden, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { type Actor, systemActor } from '../access/actor.ts';
import { audit } from '../audit/audit.ts';
import { loadEngagement, mayDeliver } from '../engagements/engagement-access.ts';
import { getProgramme } from '../programme/programme.service.ts';
import { parseBatchSchedule } from './batch-schedule.ts';

export const MIGRATION_IDLE_CRON = '23 3 * * *';
const DAY = 86_400_000;

export interface ProjectInput {
  source: string;
  destination: string;
  scopeUsers?: number;
  scopeMailboxes?: number;
  scopeGb?: number;
}

export async function createProject(deps: Deps, actor: Actor, engagementId: string, input: ProjectInput) {
  const programme = await getProgramme(deps.db);
  return deps.db.transaction().execute(async (tx) => {
    const e = await loadEngagement(tx, actor, engagementId, true);
    mayDeliver(actor);
    const source = programme.migrationSources.find((s) => s.id === input.source);
    if (!source) throw fieldError('/body/source', 'errors.field.unknownSource');
    if (!source.destinations.includes(input.destination))
      throw fieldError('/body/destination', 'errors.field.unsupportedDestination');
    const record = await tx
      .selectFrom('service_records')
      .select(['id', 'migration'])
      .where('engagement_id', '=', e.id)
      .where('workload', '=', input.destination)
      .executeTakeFirst();
    if (!record?.migration) throw fieldError('/body/destination', 'errors.field.noMigrationForWorkload');
    const id = newId('mig');
    await tx
      .insertInto('migration_projects')
      .values({
        id,
        engagement_id: e.id,
        customer_id: e.customer_id,
        source: input.source,
        destination: input.destination,
        scope_users: input.scopeUsers ?? 0,
        scope_mailboxes: input.scopeMailboxes ?? 0,
        scope_gb: input.scopeGb ?? 0,
      })
      .execute();
    await audit(tx, actor, {
      action: 'migration.project_create',
      targetType: 'migration_project',
      targetId: id,
      organisationId: e.customer_id,
      after: input,
    });
    return { id };
  });
}

/** A project and its engagement, inside the actor's scope (404 otherwise). */
async function loadProject(db: Db, actor: Actor, projectId: string) {
  const p = await db
    .selectFrom('migration_projects')
    .selectAll()
    .where('id', '=', projectId)
    .executeTakeFirst();
  if (!p) throw notFound('migration_project');
  const e = await loadEngagement(db, actor, p.engagement_id).catch(() => {
    throw notFound('migration_project');
  });
  return { p, e };
}

export async function listProjects(db: Db, actor: Actor, engagementId: string) {
  await loadEngagement(db, actor, engagementId);
  const projects = await db
    .selectFrom('migration_projects')
    .selectAll()
    .where('engagement_id', '=', engagementId)
    .orderBy('created_at')
    .execute();
  const batches = projects.length
    ? await db
        .selectFrom('migration_batches')
        .select([
          'id',
          'project_id',
          'name',
          'scheduled_on',
          'user_count',
          'total_gb',
          'status',
          'migrated',
          'failed',
          'skipped',
          'completed_at',
        ])
        .where(
          'project_id',
          'in',
          projects.map((p) => p.id),
        )
        .orderBy('scheduled_on')
        .orderBy('name')
        .execute()
    : [];
  return projects.map((p) => {
    const mine = batches.filter((b) => b.project_id === p.id);
    const users = mine.reduce((s, b) => s + b.user_count, 0);
    const processed = mine.reduce((s, b) => s + b.migrated + b.failed + b.skipped, 0);
    return {
      id: p.id,
      source: p.source,
      destination: p.destination,
      scope: { users: p.scope_users, mailboxes: p.scope_mailboxes, gb: Number(p.scope_gb) },
      status: p.status,
      lastProgressAt: (p.last_progress_at as Date).toISOString(),
      pausedAt: p.paused_at ? (p.paused_at as Date).toISOString() : null,
      flaggedAt: p.flagged_at ? (p.flagged_at as Date).toISOString() : null,
      progress: {
        users,
        migrated: mine.reduce((s, b) => s + b.migrated, 0),
        failed: mine.reduce((s, b) => s + b.failed, 0),
        skipped: mine.reduce((s, b) => s + b.skipped, 0),
        percent: users ? Math.round((100 * processed) / users) : 0,
      },
      batches: mine.map((b) => ({
        id: b.id,
        name: b.name,
        scheduledOn: b.scheduled_on,
        users: b.user_count,
        totalGb: Number(b.total_gb),
        status: b.status,
        migrated: b.migrated,
        failed: b.failed,
        skipped: b.skipped,
        completedAt: b.completed_at ? (b.completed_at as Date).toISOString() : null,
      })),
    };
  });
}

/** Imports a batch schedule: every row valid, or nothing imported. */
export async function importBatches(deps: Deps, actor: Actor, projectId: string, csv: string) {
  const { p, e } = await loadProject(deps.db, actor, projectId);
  mayDeliver(actor);
  return deps.db.transaction().execute(async (tx) => {
    await tx.selectFrom('migration_projects').select('id').where('id', '=', p.id).forUpdate().execute();
    const [customer, existing] = await Promise.all([
      tx
        .selectFrom('customers')
        .select(['domains', 'time_zone'])
        .where('organisation_id', '=', e.customer_id)
        .executeTakeFirstOrThrow(),
      tx.selectFrom('migration_batches').select(['name', 'users']).where('project_id', '=', p.id).execute(),
    ]);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: customer.time_zone }).format(new Date());
    const batches = parseBatchSchedule(csv, {
      today,
      domains: customer.domains,
      existingUsers: new Set(existing.flatMap((b) => b.users.map((u) => u.user.toLowerCase()))),
      existingBatches: new Set(existing.map((b) => b.name.toLowerCase())),
    });
    const rows = batches.map((b) => ({
      id: newId('bat'),
      project_id: p.id,
      name: b.name,
      scheduled_on: b.scheduledOn,
      users: JSON.stringify(b.users),
      user_count: b.users.length,
      total_gb: b.totalGb,
    }));
    await tx.insertInto('migration_batches').values(rows).execute();
    await audit(tx, actor, {
      action: 'migration.batches_import',
      targetType: 'migration_project',
      targetId: p.id,
      organisationId: e.customer_id,
      after: {
        batches: rows.map((r) => ({
          id: r.id,
          name: r.name,
          users: r.user_count,
          scheduled_on: r.scheduled_on,
        })),
      },
    });
    return {
      imported: rows.length,
      users: rows.reduce((s, r) => s + r.user_count, 0),
      batchIds: rows.map((r) => r.id),
    };
  });
}

export interface BatchPatch {
  status?: 'scheduled' | 'in-progress' | 'complete' | 'failed';
  migrated?: number;
  failed?: number;
  skipped?: number;
}

async function loadBatch(db: Db, actor: Actor, batchId: string) {
  const b = await db.selectFrom('migration_batches').selectAll().where('id', '=', batchId).executeTakeFirst();
  if (!b) throw notFound('migration_batch');
  const { p, e } = await loadProject(db, actor, b.project_id).catch(() => {
    throw notFound('migration_batch');
  });
  return { b, p, e };
}

/** Status and counts of a batch; progress resumes a paused project. */
export async function updateBatch(deps: Deps, actor: Actor, batchId: string, patch: BatchPatch) {
  const { b, p, e } = await loadBatch(deps.db, actor, batchId);
  mayDeliver(actor);
  const next = {
    migrated: patch.migrated ?? b.migrated,
    failed: patch.failed ?? b.failed,
    skipped: patch.skipped ?? b.skipped,
  };
  if (next.migrated + next.failed + next.skipped > b.user_count)
    throw fieldError('/body', 'errors.field.countsExceedUsers', { users: b.user_count });
  const progressed =
    next.migrated + next.failed + next.skipped > b.migrated + b.failed + b.skipped ||
    (patch.status !== undefined && patch.status !== b.status);
  return deps.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('migration_batches')
      .set({
        ...next,
        status: patch.status ?? b.status,
        completed_at:
          patch.status === 'complete' ? (b.completed_at ?? new Date()) : patch.status ? null : b.completed_at,
      })
      .where('id', '=', b.id)
      .execute();
    if (progressed)
      await tx
        .updateTable('migration_projects')
        .set({
          last_progress_at: sql`now()`,
          status: p.status === 'complete' ? 'complete' : 'active',
          paused_at: null,
          flagged_at: null,
        })
        .where('id', '=', p.id)
        .execute();
    await audit(tx, actor, {
      action: 'migration.batch_update',
      targetType: 'migration_batch',
      targetId: b.id,
      organisationId: e.customer_id,
      before: { status: b.status, migrated: b.migrated, failed: b.failed, skipped: b.skipped },
      after: { status: patch.status ?? b.status, ...next },
    });
    return { id: b.id, status: patch.status ?? b.status, ...next };
  });
}

/** A post-migration issue: accepted within 5 days of the batch's completion. */
export async function reportIssue(
  deps: Deps,
  actor: Actor,
  batchId: string,
  input: { description: string },
  now = new Date(),
) {
  const { b, e } = await loadBatch(deps.db, actor, batchId);
  if (actor.orgKind !== 'customer' && actor.orgKind !== 'partner' && actor.orgKind !== 'center')
    throw forbidden();
  const programme = await getProgramme(deps.db);
  const days = programme.thresholds?.postMigrationIssueDays ?? 5;
  if (!b.completed_at) throw conflict('errors.detail.batchNotComplete');
  if (now.getTime() - (b.completed_at as Date).getTime() > days * DAY)
    throw conflict('errors.detail.issueWindowClosed', { days });
  return deps.db.transaction().execute(async (tx) => {
    const id = newId('iss');
    await tx
      .insertInto('migration_issues')
      .values({ id, batch_id: b.id, description: input.description, reported_by: actor.userId })
      .execute();
    await audit(tx, actor, {
      action: 'migration.issue',
      targetType: 'migration_batch',
      targetId: b.id,
      organisationId: e.customer_id,
      after: { issue_id: id, description: input.description },
    });
    return { id };
  });
}

const SYSTEM = systemActor('migration.idle');

/** The daily job: pause idle projects, flag long-paused ones for decommissioning. Audited. */
export async function checkIdleProjects(db: Db, now = new Date()) {
  const programme = await getProgramme(db);
  const idle = programme.thresholds?.migrationIdlePauseDays ?? 30;
  const decommission = programme.thresholds?.migrationDecommissionDays ?? 30;
  return db.transaction().execute(async (tx) => {
    const paused = await tx
      .updateTable('migration_projects')
      .set({ status: 'paused', paused_at: now })
      .where('status', '=', 'active')
      .where('last_progress_at', '<', new Date(now.getTime() - idle * DAY))
      .returning(['id', 'customer_id'])
      .execute();
    const flagged = await tx
      .updateTable('migration_projects')
      .set({ status: 'decommission-flagged', flagged_at: now })
      .where('status', '=', 'paused')
      .where('paused_at', '<', new Date(now.getTime() - decommission * DAY))
      .returning(['id', 'customer_id'])
      .execute();
    for (const [rows, action] of [
      [paused, 'migration.project_pause'],
      [flagged, 'migration.project_flag'],
    ] as const)
      for (const r of rows)
        await audit(tx, SYSTEM, {
          action,
          targetType: 'migration_project',
          targetId: r.id,
          organisationId: r.customer_id,
          after: {
            reason:
              action === 'migration.project_pause'
                ? `no progress for ${idle} days`
                : `paused for ${decommission} days`,
          },
        });
    return { paused: paused.length, flagged: flagged.length };
  });
}
