/**
 * Changing the work of an engagement: tasks (status, assignee, due date, guidance), phase gates,
 * entitlement status buckets, usage and completion, disengagement. Each change is checked against
 * the guidance-only rule and audited in the same transaction.
 */
import { sql } from 'kysely';
import type { Deps } from '../../app.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { Bucket, GuidanceJson, TaskStatus } from '../../platform/db/schema.ts';
import {
  AppError,
  conflict,
  type FieldProblem,
  fieldError,
  forbidden,
  notFound,
} from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Actor } from '../access/actor.ts';
import { audit } from '../audit/audit.ts';
import type { Programme } from '../programme/programme.schema.ts';
import { getProgramme } from '../programme/programme.service.ts';
import {
  approvedPartnerIds,
  type EngagementRef,
  isCenter,
  loadEngagement,
  mayDeliver,
  mayWorkOnTask,
} from './engagement-access.ts';
import { checkNote, writeNote } from './engagement-notes.ts';
import { taskName } from './engagement-views.ts';
import { AFTER_DELIVERY, phasesFor } from './plan-work.ts';

const closed = (s: string) => s === 'complete' || s === 'not-applicable';
const motionOf = (e: EngagementRef) => (e.motions.includes('rfa') ? 'rfa' : (e.motions[0] ?? 'rfa'));

async function inTx<T>(
  deps: Deps,
  actor: Actor,
  engagementId: string,
  fn: (tx: Tx, e: EngagementRef, p: Programme) => Promise<T>,
) {
  const programme = await getProgramme(deps.db);
  return deps.db.transaction().execute(async (tx) => {
    const e = await loadEngagement(tx, actor, engagementId, true);
    return fn(tx, e, programme);
  });
}

async function recordOf(tx: Tx, e: EngagementRef, workload: string) {
  const r = await tx
    .selectFrom('service_records')
    .selectAll()
    .where('engagement_id', '=', e.id)
    .where('workload', '=', workload)
    .executeTakeFirst();
  if (!r) throw notFound('workload');
  return r;
}

// Tasks ----------------------------------------------------------------------------------------------------------

export interface TaskPatch {
  status?: TaskStatus;
  naReason?: string;
  assigneeUserId?: string | null;
  dueOn?: string | null;
}

export async function updateTask(
  deps: Deps,
  actor: Actor,
  engagementId: string,
  taskId: string,
  patch: TaskPatch,
) {
  return inTx(deps, actor, engagementId, async (tx, e, programme) => {
    const t = await tx
      .selectFrom('tasks as t')
      .leftJoin('service_records as s', 's.id', 't.service_record_id')
      .selectAll('t')
      .select('s.delivery_owner')
      .where('t.id', '=', taskId)
      .where('t.engagement_id', '=', e.id)
      .forUpdate('t')
      .executeTakeFirst();
    if (!t) throw notFound('task');
    const engagementDelivery = await tx
      .selectFrom('service_records')
      .select('delivery_owner')
      .where('engagement_id', '=', e.id)
      .where('delivery_owner', '=', 'partner')
      .executeTakeFirst();
    mayWorkOnTask(actor, t.owner, t.delivery_owner ?? engagementDelivery?.delivery_owner ?? 'center');
    const set: Record<string, unknown> = { updated_at: sql`now()` };
    if (patch.status && patch.status !== t.status) {
      if (patch.status === 'not-applicable') {
        if (t.mandatory) throw fieldError('/body/status', 'errors.field.mandatoryTask');
        if (!patch.naReason) throw fieldError('/body/naReason', 'errors.field.required');
      }
      if (patch.status === 'in-progress' || patch.status === 'complete') {
        const waiting = t.depends_on.length
          ? await tx
              .selectFrom('tasks')
              .select(['template_id'])
              .where('id', 'in', t.depends_on)
              .where('status', 'not in', ['complete', 'not-applicable'])
              .execute()
          : [];
        if (waiting.length)
          throw conflict('errors.detail.taskWaiting', {
            tasks: waiting
              .map((w) => `${w.template_id} ${taskName(programme, w.template_id, actor.locale)}`)
              .join('; '),
          });
      }
      set.status = patch.status;
      set.na_reason = patch.status === 'not-applicable' ? patch.naReason : null;
      set.completed_by = patch.status === 'complete' ? actor.userId : null;
      set.completed_at = patch.status === 'complete' ? sql`now()` : null;
    }
    if (patch.assigneeUserId !== undefined) {
      if (patch.assigneeUserId !== null) {
        const member = await tx
          .selectFrom('memberships as m')
          .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
          .select('m.user_id')
          .where('m.user_id', '=', patch.assigneeUserId)
          .where((eb) =>
            t.owner === 'customer'
              ? eb.or([eb('o.id', '=', e.customer_id), eb('o.id', 'in', approvedPartnerIds(e.customer_id))])
              : eb.or([eb('o.kind', '=', 'center'), eb('o.id', 'in', approvedPartnerIds(e.customer_id))]),
          )
          .executeTakeFirst();
        if (!member) throw fieldError('/body/assigneeUserId', 'errors.field.notAssignable');
      }
      set.assignee_user_id = patch.assigneeUserId;
    }
    if (patch.dueOn !== undefined) set.due_on = patch.dueOn;
    await tx.updateTable('tasks').set(set).where('id', '=', t.id).execute();
    await audit(tx, actor, {
      action: 'task.update',
      targetType: 'task',
      targetId: t.id,
      organisationId: e.customer_id,
      before: { status: t.status, assignee_user_id: t.assignee_user_id, due_on: t.due_on },
      after: patch,
    });
    return { id: t.id };
  });
}

export async function addGuidance(
  deps: Deps,
  actor: Actor,
  engagementId: string,
  taskId: string,
  input: { text: string; link?: string },
) {
  return inTx(deps, actor, engagementId, async (tx, e) => {
    mayDeliver(actor);
    const t = await tx
      .selectFrom('tasks')
      .select(['id', 'guidance'])
      .where('id', '=', taskId)
      .where('engagement_id', '=', e.id)
      .forUpdate()
      .executeTakeFirst();
    if (!t) throw notFound('task');
    const entry: GuidanceJson = {
      text: input.text,
      link: input.link ?? null,
      authorUserId: actor.userId,
      authorName: actor.profile?.name ?? null,
      at: new Date().toISOString(),
    };
    await tx
      .updateTable('tasks')
      .set({ guidance: JSON.stringify([...t.guidance, entry]), updated_at: sql`now()` })
      .where('id', '=', t.id)
      .execute();
    await audit(tx, actor, {
      action: 'task.guidance',
      targetType: 'task',
      targetId: t.id,
      organisationId: e.customer_id,
      after: { text: input.text, link: input.link ?? null },
    });
    return { id: t.id };
  });
}

// Phases ---------------------------------------------------------------------------------------------------------

async function enterPhase(
  tx: Tx,
  actor: Actor,
  e: EngagementRef,
  recordId: string,
  from: string,
  to: string,
) {
  await tx
    .updateTable('phase_history')
    .set({ ended_at: sql`now()`, ended_by: actor.userId })
    .where('service_record_id', '=', recordId)
    .where('ended_at', 'is', null)
    .execute();
  await tx
    .insertInto('phase_history')
    .values({
      id: newId('phh'),
      engagement_id: e.id,
      service_record_id: recordId,
      phase: to,
      started_at: new Date(),
      ended_by: null,
    })
    .execute();
  await tx
    .updateTable('service_records')
    .set({ phase: to, phase_started_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', recordId)
    .execute();
  await audit(tx, actor, {
    action: 'engagement.phase',
    targetType: 'service_record',
    targetId: recordId,
    organisationId: e.customer_id,
    before: { phase: from },
    after: { phase: to },
  });
}

/** Closes the workload's current phase when its gate tasks are complete, and moves it on. */
export async function closePhase(deps: Deps, actor: Actor, engagementId: string, workload: string) {
  return inTx(deps, actor, engagementId, async (tx, e, programme) => {
    mayDeliver(actor);
    const r = await recordOf(tx, e, workload);
    const phases = phasesFor(programme, motionOf(e), r.migration);
    const at = phases.indexOf(r.phase);
    if ((AFTER_DELIVERY as readonly string[]).includes(r.phase))
      throw conflict('errors.detail.phaseByUsage', { phase: r.phase });
    const open = await tx
      .selectFrom('tasks')
      .select(['id', 'template_id', 'status'])
      .where('engagement_id', '=', e.id)
      .where('phase', '=', r.phase)
      .where('gate', '=', true)
      .where((eb) => eb.or([eb('service_record_id', '=', r.id), eb('service_record_id', 'is', null)]))
      .where('status', 'not in', ['complete', 'not-applicable'])
      .execute();
    if (open.length)
      throw conflict('errors.detail.phaseGateOpen', {
        tasks: open
          .map((t) => `${t.template_id} ${taskName(programme, t.template_id, actor.locale)}`)
          .join('; '),
      });
    const next = phases[at + 1] ?? 'adoption';
    await enterPhase(tx, actor, e, r.id, r.phase, next);
    return { workload, from: r.phase, to: next };
  });
}

// Entitlement status -----------------------------------------------------------------------------------------------

export interface EntitlementInput {
  buckets: Bucket[];
  note?: { body: string; fields?: Record<string, string> };
}

/** L1/L2 buckets whose counts sum to the entitlement; a service-intent note is needed when L1 changes. */
export async function setEntitlement(
  deps: Deps,
  actor: Actor,
  engagementId: string,
  workload: string,
  input: EntitlementInput,
) {
  return inTx(deps, actor, engagementId, async (tx, e, programme) => {
    mayDeliver(actor);
    const r = await recordOf(tx, e, workload);
    const problems: FieldProblem[] = [];
    const statuses = programme.notes.entitlementStatus;
    const seen = new Set<string>();
    input.buckets.forEach((b, i) => {
      const l1 = statuses.find((s) => s.l1 === b.l1);
      if (!l1) problems.push({ path: `/body/buckets/${i}/l1`, key: 'errors.field.unknownStatus' });
      else if (b.l2 && !l1.l2.some((x) => x.id === b.l2))
        problems.push({ path: `/body/buckets/${i}/l2`, key: 'errors.field.unknownStatus' });
      const key = `${b.l1}/${b.l2 ?? ''}`;
      if (seen.has(key)) problems.push({ path: `/body/buckets/${i}`, key: 'errors.field.duplicate' });
      seen.add(key);
    });
    const sum = input.buckets.reduce((s, b) => s + b.count, 0);
    if (sum !== r.entitlement_seats)
      problems.push({
        path: '/body/buckets',
        key: 'errors.field.bucketsSum',
        values: { sum, entitlement: r.entitlement_seats },
      });
    if (problems.length) throw new AppError('validation', 'errors.detail.validation', {}, problems);
    const l1 = [...input.buckets].sort((a, b) => b.count - a.count)[0]!.l1;
    if (l1 !== r.l1 && !input.note) throw fieldError('/body/note', 'errors.field.intentNoteRequired');
    if (input.note) {
      const note = { type: 'service-intent', workload, body: input.note.body, fields: input.note.fields };
      checkNote(programme, actor, note, [workload], '/body/note');
      await writeNote(tx, programme, actor, e, note, r.id);
    }
    await tx
      .updateTable('service_records')
      .set({ buckets: JSON.stringify(input.buckets), l1, updated_at: sql`now()` })
      .where('id', '=', r.id)
      .execute();
    await audit(tx, actor, {
      action: 'engagement.entitlement',
      targetType: 'service_record',
      targetId: r.id,
      organisationId: e.customer_id,
      before: { l1: r.l1, buckets: r.buckets },
      after: { l1, buckets: input.buckets },
    });
    return { workload, l1, buckets: input.buckets };
  });
}

// Usage, completion, disengagement ----------------------------------------------------------------------------------

/** Active users of a workload: after delivery, Adoption (1–10 % active) moves to Operate (> 10 %). */
export async function recordUsage(
  deps: Deps,
  actor: Actor,
  engagementId: string,
  workload: string,
  activeUsers: number,
) {
  return inTx(deps, actor, engagementId, async (tx, e, programme) => {
    mayDeliver(actor);
    const r = await recordOf(tx, e, workload);
    if (activeUsers > r.entitlement_seats)
      throw fieldError('/body/activeUsers', 'errors.field.maximum', { limit: r.entitlement_seats });
    await tx
      .updateTable('service_records')
      .set({ active_users: activeUsers, updated_at: sql`now()` })
      .where('id', '=', r.id)
      .execute();
    await audit(tx, actor, {
      action: 'engagement.usage',
      targetType: 'service_record',
      targetId: r.id,
      organisationId: e.customer_id,
      before: { active_users: r.active_users },
      after: { active_users: activeUsers },
    });
    const percent = r.entitlement_seats ? (100 * activeUsers) / r.entitlement_seats : 0;
    let phase = r.phase;
    if (r.phase === 'adoption' && percent > (programme.thresholds?.operateMinPercent ?? 10)) {
      await enterPhase(tx, actor, e, r.id, r.phase, 'operate');
      phase = 'operate';
    }
    return { workload, activeUsers, percent: Math.round(percent * 10) / 10, phase };
  });
}

/**
 * Completion criteria (domain §9.3): 100 active users, or 10 % of seats under 1,000 seats, or the
 * customer confirms that no blockers remain.
 */
export function completionMet(
  programme: Programme,
  seats: number,
  activeUsers: number | null,
  confirmed: boolean,
) {
  const t = programme.thresholds;
  if (confirmed) return 'customer-confirmed';
  const users = activeUsers ?? 0;
  if (users >= (t?.enablementCompleteActiveUsers ?? 100)) return 'active-users';
  if (
    seats < (t?.enablementSmallTenantSeats ?? 1000) &&
    users * 100 >= seats * (t?.enablementCompletePercent ?? 10)
  )
    return 'active-percent';
  return null;
}

export async function completeWorkload(
  deps: Deps,
  actor: Actor,
  engagementId: string,
  workload: string,
  input: { customerConfirmedNoBlockers?: boolean },
) {
  return inTx(deps, actor, engagementId, async (tx, e, programme) => {
    const confirmed = input.customerConfirmedNoBlockers === true;
    // the customer's own confirmation, or its record by the delivering side
    if (!(confirmed && actor.orgKind === 'customer')) mayDeliver(actor);
    const r = await recordOf(tx, e, workload);
    if (r.completed_at) throw conflict('errors.detail.workloadComplete');
    const basis = completionMet(programme, r.entitlement_seats, r.active_users, confirmed);
    if (!basis)
      throw conflict('errors.detail.completionNotMet', {
        users: r.active_users ?? 0,
        needed: Math.min(
          programme.thresholds?.enablementCompleteActiveUsers ?? 100,
          r.entitlement_seats < (programme.thresholds?.enablementSmallTenantSeats ?? 1000)
            ? Math.ceil(r.entitlement_seats / 10)
            : Number.POSITIVE_INFINITY,
        ),
      });
    await tx
      .updateTable('service_records')
      .set({
        completed_at: sql`now()`,
        completion: JSON.stringify({ basis, by: actor.userId }),
        updated_at: sql`now()`,
      })
      .where('id', '=', r.id)
      .execute();
    await audit(tx, actor, {
      action: 'engagement.workload_complete',
      targetType: 'service_record',
      targetId: r.id,
      organisationId: e.customer_id,
      after: { basis },
    });
    return { workload, basis };
  });
}

/** After the last workload: the disengagement gates done, the engagement rests until 31 Dec next year. */
export async function disengage(deps: Deps, actor: Actor, engagementId: string) {
  return inTx(deps, actor, engagementId, async (tx, e, programme) => {
    if (!isCenter(actor)) throw forbidden();
    if (e.status !== 'active') throw conflict('errors.detail.engagementInactive');
    const open = await tx
      .selectFrom('service_records')
      .select('workload')
      .where('engagement_id', '=', e.id)
      .where('completed_at', 'is', null)
      .execute();
    if (open.length)
      throw conflict('errors.detail.workloadsOpen', { workloads: open.map((o) => o.workload).join(', ') });
    const gates = await tx
      .selectFrom('tasks')
      .select(['template_id'])
      .where('engagement_id', '=', e.id)
      .where('template_id', 'in', [4058, 4060])
      .where('status', 'not in', ['complete', 'not-applicable'])
      .execute();
    if (gates.length)
      throw conflict('errors.detail.phaseGateOpen', {
        tasks: gates
          .map((t) => `${t.template_id} ${taskName(programme, t.template_id, actor.locale)}`)
          .join('; '),
      });
    const next = `${new Date().getUTCFullYear() + 1}-12-31`;
    await tx
      .updateTable('engagements')
      .set({ status: 'inactive', closed_at: sql`now()`, next_action_on: next, updated_at: sql`now()` })
      .where('id', '=', e.id)
      .execute();
    await audit(tx, actor, {
      action: 'engagement.disengage',
      targetType: 'engagement',
      targetId: e.id,
      organisationId: e.customer_id,
      before: { status: 'active' },
      after: { status: 'inactive', next_action_on: next },
    });
    return { status: 'inactive' as const, nextActionOn: next };
  });
}

export { closed as isClosedStatus };
