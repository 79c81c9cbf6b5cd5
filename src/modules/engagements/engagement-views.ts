/** Reading engagements: detail, tasks, timeline and lists, scoped to the reader and in their language. */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Selectable } from 'kysely';
import type { Bucket, TasksTable } from '../../platform/db/schema.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { Actor } from '../access/actor.ts';
import { type ClockState, calendarOf, clock } from '../calendar/business-calendar.ts';
import type { Programme } from '../programme/programme.schema.ts';
import { localised } from '../requests/request-views.ts';
import { loadEngagement, visibleEngagements } from './engagement-access.ts';
import { notesDue } from './engagement-notes.ts';
import { phasesFor, phaseWindows } from './plan-work.ts';

type Loc = Record<string, string> | string | undefined;
const name = (text: unknown, locale: Locale) => localised(text as Loc, locale);
const iso = (d: Date | string | null) => (d === null ? null : d instanceof Date ? d.toISOString() : d);

export function workloadName(programme: Programme, id: string, locale: Locale): string {
  return name(programme.workloads.find((w) => w.id === id)?.name, locale) || id;
}
export function phaseName(programme: Programme, id: string, locale: Locale): string {
  return name(programme.phases.find((p) => p.id === id)?.name, locale) || id;
}
export function motionName(programme: Programme, id: string, locale: Locale): string {
  return name(programme.motions.find((m) => m.id === id)?.name, locale) || id;
}
export function taskName(programme: Programme, templateId: number): string {
  return programme.tasks.find((t) => t.id === templateId)?.name ?? String(templateId);
}

export function regionCalendar(programme: Programme, region: string | null) {
  const r = programme.regions.find((x) => x.id === region) ?? programme.regions[0]!;
  return calendarOf(r);
}

export interface TaskView {
  id: string;
  templateId: number;
  name: string;
  workload: string | null;
  workstream: string;
  phase: string;
  mandatory: boolean;
  gate: boolean;
  owner: 'center' | 'customer';
  role: string;
  assigneeUserId: string | null;
  status: string;
  naReason: string | null;
  dueOn: string | null;
  dependsOn: string[];
  guidance: { text: string; link: string | null; authorName: string | null; at: string }[];
  completedAt: string | null;
}

type TaskRow = Pick<Selectable<TasksTable>, (typeof TASK_COLUMNS)[number]>;

export function toTaskView(programme: Programme, t: TaskRow): TaskView {
  return {
    id: t.id,
    templateId: t.template_id,
    name: taskName(programme, t.template_id),
    workload: t.workload,
    workstream: t.workstream,
    phase: t.phase,
    mandatory: t.mandatory,
    gate: t.gate,
    owner: t.owner,
    role: t.role,
    assigneeUserId: t.assignee_user_id,
    status: t.status,
    naReason: t.na_reason,
    dueOn: t.due_on,
    dependsOn: t.depends_on,
    guidance: (t.guidance as TaskView['guidance']).map((g) => ({
      text: g.text,
      link: g.link,
      authorName: g.authorName,
      at: g.at,
    })),
    completedAt: iso(t.completed_at as Date | null),
  };
}

const TASK_COLUMNS = [
  'id',
  'template_id',
  'workload',
  'workstream',
  'phase',
  'mandatory',
  'gate',
  'owner',
  'role',
  'assignee_user_id',
  'status',
  'na_reason',
  'due_on',
  'depends_on',
  'guidance',
  'completed_at',
] as const;

export interface TaskFilter {
  workstream?: string;
  phase?: string;
  workload?: string;
  status?: string;
}

export async function listTasks(db: Db, programme: Programme, actor: Actor, id: string, f: TaskFilter) {
  await loadEngagement(db, actor, id);
  let q = db.selectFrom('tasks').select(TASK_COLUMNS).where('engagement_id', '=', id);
  if (f.workstream) q = q.where('workstream', '=', f.workstream);
  if (f.phase) q = q.where('phase', '=', f.phase);
  if (f.workload) q = q.where('workload', '=', f.workload);
  if (f.status) q = q.where('status', '=', f.status as 'complete');
  const rows = await q.orderBy('position').execute();
  return rows.map((t) => toTaskView(programme, t as TaskRow));
}

const done = (s: string) => s === 'complete' || s === 'not-applicable';

export async function getEngagement(
  db: Db,
  programme: Programme,
  actor: Actor,
  id: string,
  now = new Date(),
) {
  const e = await loadEngagement(db, actor, id);
  const locale = actor.locale;
  const [full, records, counts, assignments, motionHistory] = await Promise.all([
    db.selectFrom('engagements').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    db
      .selectFrom('service_records')
      .selectAll()
      .where('engagement_id', '=', id)
      .orderBy('created_at')
      .orderBy('workload')
      .execute(),
    db
      .selectFrom('tasks')
      .select(['service_record_id', 'workstream', 'status', sql<number>`count(*)::int`.as('n')])
      .where('engagement_id', '=', id)
      .groupBy(['service_record_id', 'workstream', 'status'])
      .execute(),
    db
      .selectFrom('engagement_assignments as a')
      .innerJoin('users as u', 'u.id', 'a.user_id')
      .select([
        'a.id',
        'a.workload',
        'a.role',
        'a.user_id',
        'u.name',
        'u.email',
        'a.organisation_id',
        'a.is_primary',
      ])
      .where('a.engagement_id', '=', id)
      .orderBy('a.created_at')
      .execute(),
    db
      .selectFrom('motion_history')
      .select(['motion', 'change', 'created_at'])
      .where('engagement_id', '=', id)
      .orderBy('created_at')
      .execute(),
  ]);
  const cal = regionCalendar(programme, full.region);
  const notes = await notesDue(db, programme, full, now);
  const workstreams = new Map<string, { complete: number; total: number }>();
  for (const c of counts) {
    const w = workstreams.get(c.workstream) ?? { complete: 0, total: 0 };
    w.total += c.n;
    if (done(c.status)) w.complete += c.n;
    workstreams.set(c.workstream, w);
  }
  const firstContact = full.first_contact_due_at
    ? clock(cal, full.first_contact_due_at, now, full.first_contact_at)
    : null;
  return {
    id: e.id,
    customer: { id: e.customer_id, name: e.customer_name },
    status: full.status,
    region: full.region,
    motions: full.motions.map((m) => ({ id: m, name: motionName(programme, m, locale) })),
    createdAt: iso(full.created_at)!,
    nextActionOn: full.next_action_on,
    closedAt: iso(full.closed_at),
    workloads: records.map((r) => {
      const mine = counts.filter((c) => c.service_record_id === r.id);
      const total = mine.reduce((s, c) => s + c.n, 0);
      const complete = mine.filter((c) => done(c.status)).reduce((s, c) => s + c.n, 0);
      return {
        serviceRecordId: r.id,
        workload: r.workload,
        name: workloadName(programme, r.workload, locale),
        phase: r.phase,
        phaseName: phaseName(programme, r.phase, locale),
        phaseStartedAt: iso(r.phase_started_at)!,
        phases: phasesFor(
          programme,
          full.motions.includes('rfa') ? 'rfa' : (full.motions[0] ?? 'rfa'),
          r.migration,
        ),
        entitlementSeats: r.entitlement_seats,
        l1: r.l1,
        buckets: r.buckets as Bucket[],
        targetDate: r.target_date,
        engagementStartDate: r.engagement_start_date,
        scenario: r.scenario,
        deliveryOwner: r.delivery_owner,
        migration: r.migration,
        migrationLevel: r.migration_level,
        migrationSources: r.migration_sources,
        activeUsers: r.active_users,
        completedAt: iso(r.completed_at),
        progress: { complete, total, percent: total ? Math.round((100 * complete) / total) : 0 },
      };
    }),
    workstreams: [...workstreams].map(([id, w]) => ({ id, ...w })),
    assignments: assignments.map((a) => ({
      id: a.id,
      workload: a.workload,
      role: a.role,
      userId: a.user_id,
      name: a.name,
      email: a.email,
      organisationId: a.organisation_id,
      primary: a.is_primary,
    })),
    clocks: {
      firstContact,
      delay: full.delay_until ? { until: full.delay_until, reason: full.delay_reason } : null,
    },
    notes,
    motionHistory: motionHistory.map((m) => ({ motion: m.motion, change: m.change, at: iso(m.created_at)! })),
  };
}

export async function getTimeline(db: Db, programme: Programme, actor: Actor, id: string) {
  const e = await loadEngagement(db, actor, id);
  const locale = actor.locale;
  const [records, history, tasks, batches] = await Promise.all([
    db
      .selectFrom('service_records')
      .selectAll()
      .where('engagement_id', '=', id)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('phase_history')
      .select(['service_record_id', 'phase', 'started_at', 'ended_at'])
      .where('engagement_id', '=', id)
      .orderBy('started_at')
      .execute(),
    db
      .selectFrom('tasks')
      .select(TASK_COLUMNS)
      .select('service_record_id')
      .where('engagement_id', '=', id)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('migration_batches as b')
      .innerJoin('migration_projects as p', 'p.id', 'b.project_id')
      .select([
        'b.id',
        'b.project_id',
        'p.source',
        'p.destination',
        'b.name',
        'b.scheduled_on',
        'b.status',
        'b.user_count',
        'b.migrated',
        'b.failed',
        'b.skipped',
        'b.completed_at',
      ])
      .where('p.engagement_id', '=', id)
      .orderBy('b.scheduled_on')
      .execute(),
  ]);
  const motion = e.motions.includes('rfa') ? 'rfa' : (e.motions[0] ?? 'rfa');
  return {
    engagementId: e.id,
    workloads: records.map((r) => {
      const start = r.engagement_start_date ?? iso(r.created_at)!.slice(0, 10);
      const windows = phaseWindows(phasesFor(programme, motion, r.migration), start, r.target_date);
      return {
        serviceRecordId: r.id,
        workload: r.workload,
        name: workloadName(programme, r.workload, locale),
        currentPhase: r.phase,
        phases: windows.map((w) => {
          const h = history.filter((x) => x.service_record_id === r.id && x.phase === w.phase);
          return {
            phase: w.phase,
            name: phaseName(programme, w.phase, locale),
            plannedStart: w.plannedStart,
            plannedEnd: w.plannedEnd,
            actualStart: h[0] ? iso(h[0].started_at) : null,
            actualEnd: h.length && h[h.length - 1]!.ended_at ? iso(h[h.length - 1]!.ended_at) : null,
          };
        }),
        tasks: tasks
          .filter((t) => t.service_record_id === r.id)
          .map((t) => toTaskView(programme, t as TaskRow)),
        batches: batches
          .filter((b) =>
            programme.migrationSources.find((s) => s.id === b.source)?.destinations.includes(r.workload),
          )
          .map((b) => ({
            id: b.id,
            projectId: b.project_id,
            name: b.name,
            scheduledOn: b.scheduled_on,
            status: b.status,
            users: b.user_count,
            migrated: b.migrated,
            failed: b.failed,
            skipped: b.skipped,
            completedAt: iso(b.completed_at),
          })),
      };
    }),
    engagementTasks: tasks
      .filter((t) => !t.service_record_id)
      .map((t) => toTaskView(programme, t as TaskRow)),
  };
}

export interface ListFilter {
  status?: 'active' | 'inactive';
  motion?: string;
  phase?: string;
  workload?: string;
  region?: string;
  customerId?: string;
  /** a user id, or "me" */
  owner?: string;
  sla?: 'overdue';
  notes?: 'overdue';
  cursor?: string;
  limit?: number;
}

export interface EngagementSummary {
  id: string;
  customerId: string;
  customerName: string;
  status: string;
  region: string | null;
  motions: string[];
  workloads: { workload: string; phase: string }[];
  primaryManager: string | null;
  firstContact: ClockState | null;
  firstContactDueAt: string | null;
  noteDueOn: string | null;
  notesOverdue: boolean;
  createdAt: string;
}

export async function listEngagements(
  db: Db,
  actor: Actor,
  f: ListFilter,
  now = new Date(),
): Promise<{ items: EngagementSummary[]; nextCursor: string | null }> {
  const limit = f.limit ?? 50;
  const after = decodeCursor(f.cursor, 1);
  let q = db
    .selectFrom('engagements as e')
    .innerJoin('organisations as o', 'o.id', 'e.customer_id')
    .select([
      'e.id',
      'e.customer_id',
      'o.name as customer_name',
      'e.status',
      'e.region',
      'e.motions',
      'e.first_contact_at',
      'e.first_contact_due_at',
      'e.note_due_on',
      'e.created_at',
    ])
    .select((eb) => [
      sql<
        { workload: string; phase: string }[]
      >`(select coalesce(json_agg(json_build_object('workload', s.workload, 'phase', s.phase) order by s.workload), '[]') from service_records s where s.engagement_id = e.id)`.as(
        'workloads',
      ),
      eb
        .selectFrom('engagement_assignments as a')
        .innerJoin('users as u', 'u.id', 'a.user_id')
        .select('u.name')
        .whereRef('a.engagement_id', '=', 'e.id')
        .where('a.is_primary', '=', true)
        .limit(1)
        .as('primary_manager'),
    ])
    .where(visibleEngagements(actor))
    .where('e.status', '=', f.status ?? 'active');
  if (f.motion) q = q.where(sql<boolean>`${f.motion} = any(e.motions)`);
  if (f.region) q = q.where('e.region', '=', f.region);
  if (f.customerId) q = q.where('e.customer_id', '=', f.customerId);
  if (f.phase || f.workload) {
    q = q.where(({ exists, selectFrom }) => {
      let s = selectFrom('service_records as s')
        .select(sql`1`.as('one'))
        .whereRef('s.engagement_id', '=', 'e.id');
      if (f.phase) s = s.where('s.phase', '=', f.phase);
      if (f.workload) s = s.where('s.workload', '=', f.workload);
      return exists(s);
    });
  }
  if (f.owner) {
    const owner = f.owner === 'me' ? (actor.userId ?? '') : f.owner;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('engagement_assignments as a')
          .select(sql`1`.as('one'))
          .whereRef('a.engagement_id', '=', 'e.id')
          .where('a.user_id', '=', owner),
      ),
    );
  }
  if (f.sla === 'overdue')
    q = q.where('e.first_contact_at', 'is', null).where('e.first_contact_due_at', '<', now);
  if (f.notes === 'overdue') q = q.where('e.note_due_on', '<', now.toISOString().slice(0, 10));
  if (after) q = q.where('e.id', '>', String(after[0]));
  const rows = await q
    .orderBy('e.id')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const today = now.toISOString().slice(0, 10);
  return {
    items: page.map((r) => ({
      id: r.id,
      customerId: r.customer_id,
      customerName: r.customer_name,
      status: r.status,
      region: r.region,
      motions: r.motions,
      workloads: r.workloads,
      primaryManager: r.primary_manager,
      firstContact: !r.first_contact_due_at
        ? null
        : r.first_contact_at
          ? r.first_contact_at <= r.first_contact_due_at
            ? 'met'
            : 'missed'
          : r.first_contact_due_at < now
            ? 'overdue'
            : 'due',
      firstContactDueAt: iso(r.first_contact_due_at),
      noteDueOn: r.note_due_on,
      notesOverdue: !!r.note_due_on && r.note_due_on < today,
      createdAt: iso(r.created_at)!,
    })),
    nextCursor: rows.length > limit ? encodeCursor([page[page.length - 1]!.id]) : null,
  };
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  // a leading =, +, - or @ would be a formula in a spreadsheet
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The list as CSV (every page, up to 50,000 rows), for spreadsheets. */
export async function exportEngagementsCsv(db: Db, actor: Actor, f: ListFilter): Promise<string> {
  const lines = [
    'id,customer,status,region,motions,workloads,primaryManager,firstContact,firstContactDueAt,noteDueOn,notesOverdue,createdAt',
  ];
  let cursor: string | undefined;
  for (let n = 0; n < 250; n++) {
    const page = await listEngagements(db, actor, { ...f, cursor, limit: 200 });
    for (const e of page.items)
      lines.push(
        [
          e.id,
          e.customerName,
          e.status,
          e.region,
          e.motions.join(' '),
          e.workloads.map((w) => `${w.workload}:${w.phase}`).join(' '),
          e.primaryManager,
          e.firstContact,
          e.firstContactDueAt,
          e.noteDueOn,
          e.notesOverdue,
          e.createdAt,
        ]
          .map(csvCell)
          .join(','),
      );
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return `${lines.join('\r\n')}\r\n`;
}
