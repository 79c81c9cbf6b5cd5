/**
 * The programme (playbook) as versioned data. Version 1 is the shipped default; every edit makes a
 * new version with a change-log entry (date, who, what) — the "refresh summary".
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Actor } from '../access/actor.ts';
import { authorise, requireOrganisation } from '../access/policy.ts';
import { audit } from '../audit/audit.ts';
import { validateProgramme } from './load-programme.ts';
import type { Programme, TaskTemplate } from './programme.schema.ts';

export interface ProgrammeChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface ProgrammeVersion {
  key: string;
  version: number;
  createdAt: string;
  createdBy: string | null;
  summary: string;
  changes: ProgrammeChange[];
}

/** JSON with sorted keys: jsonb does not keep key order, so documents are compared in this form. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

/**
 * Stores the shipped programme as version 1 when the database has none. When a newer release ships
 * a different default and nobody has edited the programme since, the new default becomes the next
 * version ("shipped programme updated"); edits made by people are never overwritten.
 * Safe to run from several servers at once.
 */
export async function ensureProgramme(db: Db, programme: Programme): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`programme:${programme.key}`}))`.execute(tx);
    const latest = await tx
      .selectFrom('programme_versions')
      .select(['version', 'content', 'created_by'])
      .where('programme_key', '=', programme.key)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (latest && (latest.created_by !== null || canonical(latest.content) === canonical(programme))) return;
    await tx
      .insertInto('programme_versions')
      .values({
        id: newId('prg'),
        programme_key: programme.key,
        version: (latest?.version ?? 0) + 1,
        content: JSON.stringify(programme),
        created_by: null,
        summary: latest ? 'Shipped programme updated' : 'Initial programme (shipped defaults)',
        changes: '[]',
      })
      .execute();
  });
}

export async function currentProgramme(
  db: Db,
  key = 'microsoft-365',
): Promise<{ version: number; programme: Programme; createdAt: string }> {
  const row = await db
    .selectFrom('programme_versions')
    .select(['version', 'content', 'created_at'])
    .where('programme_key', '=', key)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) throw notFound('programme');
  return {
    version: row.version,
    programme: row.content as Programme,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

let cache: {
  key: string;
  version: number;
  programme: Programme;
  createdAt: string;
  checkedAt: number;
} | null = null;
/** how long this server trusts its copy before checking the version again (edits on another server) */
const RECHECK_MS = 1000;

/** The current programme, parsed once per version; the version is re-checked at most once a second. */
export async function getProgramme(db: Db, key = 'microsoft-365'): Promise<Programme> {
  if (cache && cache.key === key && Date.now() - cache.checkedAt < RECHECK_MS) return cache.programme;
  const latest = await db
    .selectFrom('programme_versions')
    .select(['version'])
    .where('programme_key', '=', key)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest) throw notFound('programme');
  if (cache && cache.key === key && cache.version === latest.version) {
    cache.checkedAt = Date.now();
    return cache.programme;
  }
  const current = await currentProgramme(db, key);
  cache = { key, ...current, checkedAt: Date.now() };
  return current.programme;
}

export async function listVersions(db: Db, key = 'microsoft-365'): Promise<ProgrammeVersion[]> {
  const rows = await db
    .selectFrom('programme_versions')
    .select(['programme_key', 'version', 'created_at', 'created_by', 'summary', 'changes'])
    .where('programme_key', '=', key)
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({
    key: r.programme_key,
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
    createdBy: r.created_by,
    summary: r.summary,
    changes: r.changes as ProgrammeChange[],
  }));
}

export type TaskTemplatePatch = Partial<Omit<TaskTemplate, 'id'>>;

/** Edits one task template: validates the whole programme, then stores it as the next version. */
export async function updateTaskTemplate(
  db: Db,
  actor: Actor,
  taskId: number,
  patch: TaskTemplatePatch,
  summary: string,
  key = 'microsoft-365',
): Promise<ProgrammeVersion> {
  requireOrganisation(actor);
  authorise(actor, 'programme.edit');
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`programme:${key}`}))`.execute(tx);
    const row = await tx
      .selectFrom('programme_versions')
      .select(['version', 'content'])
      .where('programme_key', '=', key)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row) throw notFound('programme');
    const programme = structuredClone(row.content as Programme);
    const index = programme.tasks.findIndex((t) => t.id === taskId);
    if (index < 0) throw notFound('task_template');
    const before = programme.tasks[index]!;
    const after = { ...before, ...patch, id: before.id } as TaskTemplate;
    programme.tasks[index] = after;

    const checked = validateProgramme(programme);
    if (!checked.ok) {
      throw new AppError(
        'validation',
        'errors.detail.programmeInvalid',
        {},
        checked.errors.map((e) => ({
          path: `/body${e.path.replace(new RegExp(`^/tasks/${index}`), '')}`,
          key: 'errors.field.programme',
          values: { problem: e.message },
        })),
      );
    }
    const changes: ProgrammeChange[] = Object.keys(patch)
      .filter(
        (k) =>
          JSON.stringify((before as Record<string, unknown>)[k]) !==
          JSON.stringify((after as Record<string, unknown>)[k]),
      )
      .map((k) => ({
        path: `/tasks/${taskId}/${k}`,
        before: (before as Record<string, unknown>)[k] ?? null,
        after: (after as Record<string, unknown>)[k],
      }));
    if (changes.length === 0) throw new AppError('conflict', 'errors.detail.noChange');
    const version = row.version + 1;
    const created = await tx
      .insertInto('programme_versions')
      .values({
        id: newId('prg'),
        programme_key: key,
        version,
        content: JSON.stringify(programme),
        created_by: actor.userId,
        summary,
        changes: JSON.stringify(changes),
      })
      .returning(['created_at'])
      .executeTakeFirstOrThrow();
    await audit(tx, actor, {
      action: 'programme.task_template.update',
      targetType: 'task_template',
      targetId: String(taskId),
      before: Object.fromEntries(changes.map((c) => [c.path, c.before])),
      after: { version, summary, ...Object.fromEntries(changes.map((c) => [c.path, c.after])) },
    });
    return {
      key,
      version,
      createdAt: new Date(created.created_at).toISOString(),
      createdBy: actor.userId,
      summary,
      changes,
    };
  });
}
