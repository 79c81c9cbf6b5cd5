/**
 * The work of an engagement, planned from the programme (pure): which phases each workload goes
 * through under a motion, and which playbook tasks it gets, in which workstream, with which
 * dependencies and planned dates.
 *
 * Rules (domain §4–§6):
 *  - a workload goes through the motion's delivery phases (Migrate only when it has data migration),
 *    then Adoption and Operate;
 *  - a task applies when it is not archived, belongs to the motion (or to every motion) and to one
 *    of those phases; tasks for "all" workloads or tenant-wide core onboarding are made once per
 *    engagement, except gate (milestone) tasks for "all", which each workload passes on its own;
 *  - data-migration tasks appear only for workloads with migration, and tasks tied to migration
 *    sources only for the sources chosen;
 *  - user adoption starts with the first phase (no dependencies); service onboarding waits for the
 *    core-onboarding gates of the workload's earlier phases.
 */
import type { Programme, TaskTemplate } from '../programme/programme.schema.ts';

export const WORKSTREAM_ORDER = [
  'engagement-management',
  'core-onboarding',
  'service-onboarding',
  'data-migration',
  'user-adoption',
] as const;
export const AFTER_DELIVERY = ['adoption', 'operate'] as const;

export interface RecordInput {
  serviceRecordId: string;
  workload: string;
  migration: boolean;
  migrationSources: readonly string[];
  /** planned dates of the record's delivery: start (approval) and target (planned deployment) */
  startOn: string;
  targetOn: string | null;
}

export interface PlannedTask {
  /** a key unique in the plan: `${templateId}` or `${templateId}:${serviceRecordId}` */
  key: string;
  templateId: number;
  serviceRecordId: string | null;
  workload: string | null;
  workstream: string;
  phase: string;
  mandatory: boolean;
  gate: boolean;
  owner: 'center' | 'customer';
  role: string;
  dependsOn: string[];
  dueOn: string;
}

export interface PhaseWindow {
  phase: string;
  plannedStart: string;
  plannedEnd: string;
}

const DAY = 86_400_000;
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** The phases a workload goes through under a motion, in order. */
export function phasesFor(programme: Programme, motion: string, migration: boolean): string[] {
  const m = programme.motions.find((x) => x.id === motion);
  const delivery = new Set(programme.phases.filter((p) => p.delivery).map((p) => p.id));
  const phases = (m?.phases ?? []).filter((p) => delivery.has(p) && (p !== 'migrate' || migration));
  return [...phases, ...AFTER_DELIVERY];
}

/** Gate task ids of a phase: the phase's own gates plus tasks marked as milestones. */
export function gateIds(programme: Programme, phase: string): Set<number> {
  const ids = new Set(programme.phases.find((p) => p.id === phase)?.gateTaskIds ?? []);
  for (const t of programme.tasks) if (t.gate && t.phase === phase) ids.add(t.id);
  return ids;
}

/**
 * Planned windows of the delivery phases: from the start to the target date (at least 5 days per
 * phase; 90 days when there is no target), split evenly; Adoption and Operate follow.
 */
export function phaseWindows(
  phases: readonly string[],
  startOn: string,
  targetOn: string | null,
): PhaseWindow[] {
  const delivery = phases.filter((p) => !(AFTER_DELIVERY as readonly string[]).includes(p));
  const span = Math.max(
    delivery.length * 5,
    targetOn ? Math.round((Date.parse(targetOn) - Date.parse(startOn)) / DAY) : 90,
  );
  const each = Math.floor(span / Math.max(1, delivery.length));
  const out: PhaseWindow[] = [];
  let cursor = startOn;
  delivery.forEach((phase, i) => {
    const end = i === delivery.length - 1 ? addDays(startOn, span) : addDays(cursor, each);
    out.push({ phase, plannedStart: cursor, plannedEnd: end });
    cursor = end;
  });
  out.push({ phase: 'adoption', plannedStart: cursor, plannedEnd: addDays(cursor, 90) });
  out.push({ phase: 'operate', plannedStart: addDays(cursor, 90), plannedEnd: addDays(cursor, 180) });
  return out;
}

function applies(t: TaskTemplate, motion: string): boolean {
  return !t.archived && (!t.motions || t.motions.includes(motion));
}

const engagementWide = (t: TaskTemplate) =>
  t.workloads.includes('core-onboarding') || (t.workloads.includes('all') && !t.gate);

/** The tasks an engagement gets for its records under a motion. */
export function planTasks(
  programme: Programme,
  motion: string,
  records: readonly RecordInput[],
): PlannedTask[] {
  const planned: PlannedTask[] = [];
  const windows = new Map(
    records.map((r) => [
      r.serviceRecordId,
      phaseWindows(phasesFor(programme, motion, r.migration), r.startOn, r.targetOn),
    ]),
  );
  const phasesOf = new Map(
    records.map((r) => [r.serviceRecordId, phasesFor(programme, motion, r.migration)]),
  );
  const dueFor = (recordId: string, phase: string) =>
    windows.get(recordId)?.find((w) => w.phase === phase)?.plannedEnd;

  for (const t of programme.tasks) {
    if (!applies(t, motion)) continue;
    const base = {
      templateId: t.id,
      workstream: t.workstream,
      phase: t.phase,
      mandatory: t.mandatory,
      gate: t.gate,
      owner: t.owner,
      role: t.role,
      dependsOn: [] as string[],
    };
    const wanted = records.filter((r) => {
      if (!phasesOf.get(r.serviceRecordId)?.includes(t.phase)) return false;
      if (t.workstream === 'data-migration' && !r.migration) return false;
      if (t.migrationSources && !t.migrationSources.some((s) => r.migrationSources.includes(s))) return false;
      return engagementWide(t) || t.workloads.includes('all') || t.workloads.includes(r.workload);
    });
    if (wanted.length === 0) continue;
    if (engagementWide(t)) {
      const due = wanted.map((r) => dueFor(r.serviceRecordId, t.phase) ?? r.startOn).sort()[0] as string;
      planned.push({ ...base, key: `${t.id}`, serviceRecordId: null, workload: null, dueOn: due });
    } else {
      for (const r of wanted)
        planned.push({
          ...base,
          key: `${t.id}:${r.serviceRecordId}`,
          serviceRecordId: r.serviceRecordId,
          workload: r.workload,
          dueOn: dueFor(r.serviceRecordId, t.phase) ?? r.startOn,
        });
    }
  }

  // service onboarding waits for the core-onboarding gates of the workload's earlier phases
  const order = new Map(programme.phases.map((p) => [p.id, p.order]));
  for (const task of planned) {
    if (task.workstream !== 'service-onboarding' || !task.serviceRecordId) continue;
    task.dependsOn = planned
      .filter(
        (g) =>
          g.gate &&
          g.workstream === 'core-onboarding' &&
          g.serviceRecordId === task.serviceRecordId &&
          (order.get(g.phase) ?? 0) < (order.get(task.phase) ?? 0),
      )
      .map((g) => g.key);
  }

  const ws = (w: string) => (WORKSTREAM_ORDER as readonly string[]).indexOf(w);
  return planned.sort(
    (a, b) =>
      (order.get(a.phase) ?? 0) - (order.get(b.phase) ?? 0) ||
      ws(a.workstream) - ws(b.workstream) ||
      (a.workload ?? '').localeCompare(b.workload ?? '') ||
      a.templateId - b.templateId,
  );
}
