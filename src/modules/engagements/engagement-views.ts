/** Reading engagements: detail, tasks, timeline and lists, scoped to the reader and in their language. */
import type { Db } from '../../platform/db/database.ts';
import { type RawBuilder, type Selectable, sql } from 'kysely';
import type { Bucket, ContactJson, RequestsTable, TasksTable } from '../../platform/db/schema.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';
import { csvOfPages } from '../../platform/http/csv.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { notFound } from '../../platform/errors.ts';
import type { Actor } from '../access/actor.ts';
import { type BusinessCalendar, type ClockState, calendarOf, clock } from '../calendar/business-calendar.ts';
import type { Programme } from '../programme/programme.schema.ts';
import { formatNumber } from '../requests/request.model.ts';
import { localised, reasonText } from '../requests/request-views.ts';
import { loadEngagement, visibleEngagements } from './engagement-access.ts';
import { cadenceOf, LAST_NOTES_SQL, type LastNote } from './engagement-notes.ts';
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
/** A playbook task's name in the reader's language (English when the catalogue has none). */
export function taskName(programme: Programme, templateId: number, locale: Locale = 'en'): string {
  const t = programme.tasks.find((x) => x.id === templateId);
  if (!t) return String(templateId);
  return (t.names as Partial<Record<string, string>> | undefined)?.[locale] ?? t.name;
}

const calendars = new WeakMap<object, BusinessCalendar>();
/** The business calendar of a programme region (the first region when unknown), built once per programme version. */
export function regionCalendar(programme: Programme, region: string | null): BusinessCalendar {
  const r = programme.regions.find((x) => x.id === region) ?? programme.regions[0]!;
  const cached = calendars.get(r);
  if (cached) return cached;
  const cal = calendarOf(r);
  calendars.set(r, cal);
  return cal;
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

export function toTaskView(programme: Programme, t: TaskRow, locale: Locale): TaskView {
  return {
    id: t.id,
    templateId: t.template_id,
    name: taskName(programme, t.template_id, locale),
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
  return rows.map((t) => toTaskView(programme, t as TaskRow, actor.locale));
}

const done = (s: string) => s === 'complete' || s === 'not-applicable';

interface DetailRow {
  id: string;
  customer_id: string;
  customer_name: string;
  status: string;
  motions: string[];
  region: string | null;
  created_at: Date;
  next_action_on: string | null;
  closed_at: Date | null;
  first_contact_at: Date | null;
  first_contact_due_at: Date | null;
  delay_until: string | null;
  delay_reason: string | null;
  records: {
    id: string;
    workload: string;
    phase: string;
    phase_started_at: string;
    migration: boolean;
    entitlement_seats: number;
    l1: string;
    buckets: Bucket[];
    target_date: string | null;
    engagement_start_date: string | null;
    scenario: string;
    delivery_owner: string;
    migration_level: string;
    migration_sources: string[];
    active_users: number | null;
    completed_at: string | null;
  }[];
  counts: { service_record_id: string | null; workstream: string; status: string; n: number }[];
  assignments: {
    id: string;
    workload: string | null;
    role: string;
    user_id: string;
    name: string;
    email: string;
    organisation_id: string;
    is_primary: boolean;
  }[];
  motion_history: { motion: string; change: string; created_at: string }[];
  last_notes: LastNote[];
  requests: OriginRow[];
}

/** A request approved into the engagement, with its approval (domain §3.10's approval note). */
type OriginRow = Pick<
  RequestsTable,
  | 'id'
  | 'channel'
  | 'project_name'
  | 'service_location'
  | 'preferred_language'
  | 'comments'
  | 'requester_name'
  | 'requester_email'
  | 'requester_phone'
  | 'requester_title'
> & {
  number: string;
  primary_contact: ContactJson;
  business_sponsor: ContactJson;
  options: { dataMigration: boolean; migrationSources: string[] };
  decision: Record<string, unknown> | null;
  filed_by_name: string;
  filed_by_kind: string;
  approved_at: string | null;
  approved_by: string | null;
  reason_id: string | null;
  note: string | null;
  partners: Record<string, string> | null;
  duplicates: string[];
};

/**
 * Everything the engagement page shows, in one round trip: the engagement in the reader's scope,
 * its workloads, task counts per workload, workstream and status, assignments, motion history and
 * the last notes with a cadence, and the requests approved into it with their approval. (The benchmark's bare-SQL baseline runs the same statement.)
 */
export function engagementDetailSql(id: string, scope: RawBuilder<boolean> = sql<boolean>`true`) {
  return sql<DetailRow>`
    select e.id, e.customer_id, o.name as customer_name, e.status, e.motions, e.region, e.created_at,
      e.next_action_on, e.closed_at, e.first_contact_at, e.first_contact_due_at, e.delay_until, e.delay_reason,
      (select coalesce(json_agg(s order by s.created_at, s.workload), '[]') from (
        select id, workload, phase, phase_started_at, migration, entitlement_seats, l1, buckets, target_date,
          engagement_start_date, scenario, delivery_owner, migration_level, migration_sources, active_users,
          completed_at, created_at
        from service_records where engagement_id = e.id) s) as records,
      (select coalesce(json_agg(c), '[]') from (
        select service_record_id, workstream, status, count(*)::int as n
        from tasks where engagement_id = e.id group by 1, 2, 3) c) as counts,
      (select coalesce(json_agg(a order by a.created_at), '[]') from (
        select a.id, a.workload, a.role, a.user_id, u.name, u.email, a.organisation_id, a.is_primary, a.created_at
        from engagement_assignments a join users u on u.id = a.user_id where a.engagement_id = e.id) a) as assignments,
      (select coalesce(json_agg(m order by m.created_at), '[]') from (
        select motion, change, created_at from motion_history where engagement_id = e.id) m) as motion_history,
      ${LAST_NOTES_SQL(sql.ref('e.id'))} as last_notes,
      (select coalesce(json_agg(q order by q.number), '[]') from (
        select r.id, r.number, r.channel, r.project_name, r.service_location, r.preferred_language, r.comments,
          r.requester_name, r.requester_email, r.requester_phone, r.requester_title, r.primary_contact,
          r.business_sponsor, r.options, r.decision, f.name as filed_by_name, f.kind as filed_by_kind,
          h.created_at as approved_at, h.reason_id, h.note, u.name as approved_by,
          (select json_object_agg(p.id, p.name) from organisations p where p.id in (
            select a->>'partnerId' from jsonb_array_elements(r.decision->'approved') a)) as partners,
          (select coalesce(json_agg(d.number order by d.number), '[]') from requests d
            where d.duplicate_of = r.id) as duplicates
        from requests r join organisations f on f.id = r.filed_by_organisation_id
        left join lateral (select created_at, reason_id, note, actor_user_id from request_history
          where request_id = r.id and to_status = 'approved' and kind = 'status'
          order by created_at desc limit 1) h on true
        left join users u on u.id = h.actor_user_id
        where r.engagement_id = e.id) q) as requests
    from engagements e join organisations o on o.id = e.customer_id
    where e.id = ${id} and ${scope}`;
}

export async function getEngagement(
  db: Db,
  programme: Programme,
  actor: Actor,
  id: string,
  now = new Date(),
) {
  const { rows } = await engagementDetailSql(id, visibleEngagements(actor)).execute(db);
  const e = rows[0];
  if (!e) throw notFound('engagement');
  const locale = actor.locale;
  const cal = regionCalendar(programme, e.region);
  const workstreams = new Map<string, { complete: number; total: number }>();
  for (const c of e.counts) {
    const w = workstreams.get(c.workstream) ?? { complete: 0, total: 0 };
    w.total += c.n;
    if (done(c.status)) w.complete += c.n;
    workstreams.set(c.workstream, w);
  }
  const motion = e.motions.includes('rfa') ? 'rfa' : (e.motions[0] ?? 'rfa');
  return {
    id: e.id,
    customer: { id: e.customer_id, name: e.customer_name },
    status: e.status,
    region: e.region,
    motions: e.motions.map((m) => ({ id: m, name: motionName(programme, m, locale) })),
    createdAt: iso(e.created_at)!,
    nextActionOn: e.next_action_on,
    closedAt: iso(e.closed_at),
    workloads: e.records.map((r) => {
      const mine = e.counts.filter((c) => c.service_record_id === r.id);
      const total = mine.reduce((s, c) => s + c.n, 0);
      const complete = mine.filter((c) => done(c.status)).reduce((s, c) => s + c.n, 0);
      return {
        serviceRecordId: r.id,
        workload: r.workload,
        name: workloadName(programme, r.workload, locale),
        phase: r.phase,
        phaseName: phaseName(programme, r.phase, locale),
        phaseStartedAt: new Date(r.phase_started_at).toISOString(),
        phases: phasesFor(programme, motion, r.migration),
        entitlementSeats: r.entitlement_seats,
        l1: r.l1,
        buckets: r.buckets,
        targetDate: r.target_date,
        engagementStartDate: r.engagement_start_date,
        scenario: r.scenario,
        deliveryOwner: r.delivery_owner,
        migration: r.migration,
        migrationLevel: r.migration_level,
        migrationSources: r.migration_sources,
        activeUsers: r.active_users,
        completedAt: r.completed_at ? new Date(r.completed_at).toISOString() : null,
        progress: { complete, total, percent: total ? Math.round((100 * complete) / total) : 0 },
      };
    }),
    workstreams: [...workstreams].map(([id, w]) => ({ id, ...w })),
    assignments: e.assignments.map((a) => ({
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
      firstContact: e.first_contact_due_at
        ? clock(cal, e.first_contact_due_at, now, e.first_contact_at)
        : null,
      delay: e.delay_until ? { until: e.delay_until, reason: e.delay_reason } : null,
    },
    notes: cadenceOf(programme, e.created_at, e.last_notes, now, locale),
    requests: e.requests.map((r) => ({
      id: r.id,
      number: formatNumber(r.number),
      projectName: r.project_name,
      channel: r.channel,
      filedBy: { name: r.filed_by_name, kind: r.filed_by_kind },
      requester: {
        name: r.requester_name,
        email: r.requester_email,
        phone: r.requester_phone,
        title: r.requester_title,
      },
      primaryContact: r.primary_contact,
      businessSponsor: r.business_sponsor,
      serviceLocation: r.service_location,
      preferredLanguage: r.preferred_language,
      comments: r.comments,
      options: r.options,
      approvedAt: iso(r.approved_at),
      approvedBy: r.approved_by,
      reason: reasonText(programme, r.reason_id, locale),
      note: r.note,
      decision: r.decision,
      partners: r.partners ?? {},
      duplicates: r.duplicates.map(formatNumber),
    })),
    motionHistory: e.motion_history.map((m) => ({
      motion: m.motion,
      change: m.change,
      at: new Date(m.created_at).toISOString(),
    })),
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
          .map((t) => toTaskView(programme, t as TaskRow, actor.locale)),
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
      .map((t) => toTaskView(programme, t as TaskRow, actor.locale)),
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

/** The lists' "first contact overdue" filter on `engagements as e` (the center dashboard counts the same). */
export const firstContactOverdue = (now: Date) =>
  sql<boolean>`(e.first_contact_at is null and e.first_contact_due_at < ${now})`;
/** The lists' "notes overdue" filter on `engagements as e`: the earliest note due is before today (UTC). */
export const notesOverdue = (now: Date) => sql<boolean>`e.note_due_on < ${now.toISOString().slice(0, 10)}`;

/** The list's query (the benchmark's bare-SQL baseline runs the same statement). */
export function listQuery(db: Db, actor: Actor, f: ListFilter, now: Date) {
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
    // driven from the person's assignments (indexed), not by scanning engagements
    const owner = f.owner === 'me' ? (actor.userId ?? '') : f.owner;
    q = q.where('e.id', 'in', (eb) =>
      eb.selectFrom('engagement_assignments as a').select('a.engagement_id').where('a.user_id', '=', owner),
    );
  }
  if (f.sla === 'overdue') q = q.where(firstContactOverdue(now));
  if (f.notes === 'overdue') q = q.where(notesOverdue(now));
  if (after) q = q.where('e.id', '>', String(after[0]));
  return q.orderBy('e.id').limit((f.limit ?? 50) + 1);
}

export async function listEngagements(
  db: Db,
  actor: Actor,
  f: ListFilter,
  now = new Date(),
): Promise<{ items: EngagementSummary[]; nextCursor: string | null }> {
  const limit = f.limit ?? 50;
  const rows = await listQuery(db, actor, f, now).execute();
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

/** The list as CSV (every page, up to 50,000 rows), for spreadsheets. */
export function exportEngagementsCsv(db: Db, actor: Actor, f: ListFilter): Promise<string> {
  return csvOfPages(
    [
      'id',
      'customer',
      'status',
      'region',
      'motions',
      'workloads',
      'primaryManager',
      'firstContact',
      'firstContactDueAt',
      'noteDueOn',
      'notesOverdue',
      'createdAt',
    ],
    (q) => listEngagements(db, actor, { ...f, ...q }),
    (e) => [
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
    ],
  );
}
