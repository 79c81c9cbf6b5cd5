/**
 * People and clocks of an engagement: assignments (one primary FastTrack Manager; engineers,
 * migration managers; partner managers and engineers), the first-contact SLA (2 business days of
 * the owning region from assignment), a customer-requested delay (up to 90 days) and motion changes.
 * Only the primary manager or a center lead assigns center people; partner admins assign only
 * partner roles on their customers' engagements.
 */
import { sql } from 'kysely';
import type { Deps } from '../../app.ts';
import { type Tx, transactionWithRetry } from '../../platform/db/database.ts';
import { conflict, fieldError, forbidden, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Actor } from '../access/actor.ts';
import { audit } from '../audit/audit.ts';
import { addDays, businessDeadline } from '../calendar/business-calendar.ts';
import type { Programme } from '../programme/programme.schema.ts';
import { getProgramme } from '../programme/programme.service.ts';
import {
  approvedPartnerIds,
  type EngagementRef,
  isCenter,
  isCenterLead,
  loadEngagement,
  mayDeliver,
} from './engagement-access.ts';
import { notify } from '../notifications/notifications.ts';
import { loadRegionCalendar } from '../scheduling/calendars.ts';
import { bookSeries } from '../scheduling/booking.ts';
import { reflowAfterDelay } from '../scheduling/reflow.ts';

export const CENTER_ROLES = ['fasttrack-manager', 'fasttrack-engineer', 'migration-manager'] as const;
export const PARTNER_ROLES = ['partner-manager', 'partner-engineer'] as const;
export const ASSIGNMENT_ROLES = [...CENTER_ROLES, ...PARTNER_ROLES] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];

async function inTx<T>(
  deps: Deps,
  actor: Actor,
  id: string,
  fn: (tx: Tx, e: EngagementRef, p: Programme) => Promise<T>,
) {
  const programme = await getProgramme(deps.db);
  return transactionWithRetry(deps.db, async (tx) =>
    fn(tx, await loadEngagement(tx, actor, id, true), programme),
  );
}

export interface AssignInput {
  role: AssignmentRole;
  userId: string;
  workload?: string;
  primary?: boolean;
}

export async function assign(deps: Deps, actor: Actor, engagementId: string, input: AssignInput) {
  return inTx(deps, actor, engagementId, async (tx, e, programme) => {
    const centerRole = (CENTER_ROLES as readonly string[]).includes(input.role);
    if (centerRole) {
      const primary = await tx
        .selectFrom('engagement_assignments')
        .select('user_id')
        .where('engagement_id', '=', e.id)
        .where('is_primary', '=', true)
        .executeTakeFirst();
      if (!isCenterLead(actor) && !(isCenter(actor) && primary?.user_id === actor.userId))
        throw forbidden('errors.detail.assignCenter');
    } else if (!(actor.orgKind === 'partner' && actor.role === 'admin') && !isCenterLead(actor)) {
      throw forbidden('errors.detail.assignPartner');
    }
    if (input.primary && input.role !== 'fasttrack-manager')
      throw fieldError('/body/primary', 'errors.field.primaryManagerOnly');
    if (input.workload) {
      const r = await tx
        .selectFrom('service_records')
        .select('id')
        .where('engagement_id', '=', e.id)
        .where('workload', '=', input.workload)
        .executeTakeFirst();
      if (!r) throw fieldError('/body/workload', 'errors.field.notInEngagement');
    }
    // the person must belong to the center (center roles) or to a partner the customer approved
    // (partner roles; a partner admin assigns people of its own organisation)
    const member = await tx
      .selectFrom('memberships as m')
      .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
      .select(['m.organisation_id'])
      .where('m.user_id', '=', input.userId)
      .where((eb) =>
        centerRole
          ? eb('o.kind', '=', 'center')
          : actor.orgKind === 'partner'
            ? eb('o.id', '=', actor.organisationId!)
            : eb('o.id', 'in', approvedPartnerIds(e.customer_id)),
      )
      .executeTakeFirst();
    if (!member) throw fieldError('/body/userId', 'errors.field.notAssignable');
    if (input.primary) {
      await tx
        .updateTable('engagement_assignments')
        .set({ is_primary: false })
        .where('engagement_id', '=', e.id)
        .where('is_primary', '=', true)
        .execute();
    }
    const id = newId('asg');
    const inserted = await tx
      .insertInto('engagement_assignments')
      .values({
        id,
        engagement_id: e.id,
        workload: input.workload ?? null,
        role: input.role,
        user_id: input.userId,
        organisation_id: member.organisation_id,
        is_primary: input.primary ?? false,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted && !input.primary) throw conflict('errors.detail.alreadyAssigned');
    if (!inserted && input.primary) {
      await tx
        .updateTable('engagement_assignments')
        .set({ is_primary: true })
        .where('engagement_id', '=', e.id)
        .where('user_id', '=', input.userId)
        .where('role', '=', 'fasttrack-manager')
        .where(sql<boolean>`coalesce(workload, '') = ${input.workload ?? ''}`)
        .execute();
    }
    // the first primary manager starts the first-contact clock
    const full = await tx
      .selectFrom('engagements')
      .select(['assigned_at', 'region'])
      .where('id', '=', e.id)
      .executeTakeFirstOrThrow();
    if (centerRole) {
      await tx
        .updateTable('person_profiles')
        .set({ last_assigned_at: new Date() })
        .where('user_id', '=', input.userId)
        .execute();
    }
    let meetings: Awaited<ReturnType<typeof bookSeries>> | null = null;
    if (input.primary && !full.assigned_at) {
      const now = new Date();
      const due = businessDeadline(
        await loadRegionCalendar(tx, programme, full.region),
        now,
        programme.thresholds?.firstContactBusinessDays ?? 2,
      );
      await tx
        .updateTable('engagements')
        .set({ assigned_at: now, first_contact_due_at: due, updated_at: sql`now()` })
        .where('id', '=', e.id)
        .execute();
      // the first primary manager also gets the meeting series booked (or proposed)
      meetings = await bookSeries(deps, tx, e.id, now);
    }
    await notify(
      tx,
      [input.userId],
      'assignment',
      'assigned',
      { customer: e.customer_name },
      `/engagements/${e.id}`,
      { email: { jobs: deps.jobs, publicUrl: deps.config.publicUrl } },
    );
    await audit(tx, actor, {
      action: 'engagement.assign',
      targetType: 'engagement',
      targetId: e.id,
      organisationId: e.customer_id,
      after: { ...input, assignment_id: inserted?.id ?? null, ...(meetings ? { meetings } : {}) },
    });
    return {
      id: inserted?.id ?? id,
      meetings: meetings && { meetings: meetings.meetings, kickoffInTime: meetings.kickoffInTime },
    };
  });
}

export async function unassign(deps: Deps, actor: Actor, engagementId: string, assignmentId: string) {
  return inTx(deps, actor, engagementId, async (tx, e) => {
    const a = await tx
      .selectFrom('engagement_assignments')
      .selectAll()
      .where('id', '=', assignmentId)
      .where('engagement_id', '=', e.id)
      .executeTakeFirst();
    if (!a) throw notFound('assignment');
    const centerRole = (CENTER_ROLES as readonly string[]).includes(a.role);
    if (
      centerRole
        ? !isCenterLead(actor)
        : !(isCenterLead(actor) || (actor.orgKind === 'partner' && actor.role === 'admin'))
    )
      throw forbidden();
    await tx.deleteFrom('engagement_assignments').where('id', '=', a.id).execute();
    await audit(tx, actor, {
      action: 'engagement.unassign',
      targetType: 'engagement',
      targetId: e.id,
      organisationId: e.customer_id,
      before: { role: a.role, user_id: a.user_id, workload: a.workload },
    });
  });
}

export async function recordFirstContact(deps: Deps, actor: Actor, engagementId: string) {
  return inTx(deps, actor, engagementId, async (tx, e) => {
    mayDeliver(actor);
    const at = new Date();
    const updated = await tx
      .updateTable('engagements')
      .set({ first_contact_at: at, updated_at: sql`now()` })
      .where('id', '=', e.id)
      .where('first_contact_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw conflict('errors.detail.firstContactRecorded');
    await audit(tx, actor, {
      action: 'engagement.first_contact',
      targetType: 'engagement',
      targetId: e.id,
      organisationId: e.customer_id,
      after: { first_contact_at: at },
    });
    return { at: at.toISOString() };
  });
}

/** A delay the customer asked for: up to 90 calendar days; the next action moves to its end. */
export async function requestDelay(
  deps: Deps,
  actor: Actor,
  engagementId: string,
  input: { until: string; reason: string },
) {
  return inTx(deps, actor, engagementId, async (tx, e, programme) => {
    const today = new Date().toISOString().slice(0, 10);
    const max = addDays(today, programme.thresholds?.engagementPauseMaxDays ?? 90);
    if (input.until <= today) throw fieldError('/body/until', 'errors.field.dateInPast');
    if (input.until > max) throw fieldError('/body/until', 'errors.field.delayTooLong', { max });
    await tx
      .updateTable('engagements')
      .set({
        delay_until: input.until,
        delay_reason: input.reason,
        next_action_on: input.until,
        updated_at: sql`now()`,
      })
      .where('id', '=', e.id)
      .execute();
    // meetings that fall in the pause move after it (attendees get updated invites)
    const moved = await reflowAfterDelay(deps, tx, e.id, input.until);
    await audit(tx, actor, {
      action: 'engagement.delay',
      targetType: 'engagement',
      targetId: e.id,
      organisationId: e.customer_id,
      after: { ...input, meetingsMoved: moved },
    });
    return { until: input.until, meetingsMoved: moved };
  });
}

/** Moves the engagement into a motion (e.g. re-engagement back to delivery), leaving those it excludes. */
export async function joinMotion(deps: Deps, actor: Actor, engagementId: string, motion: string) {
  return inTx(deps, actor, engagementId, async (tx, e, programme) => {
    if (!isCenter(actor)) throw forbidden();
    const m = programme.motions.find((x) => x.id === motion);
    if (!m || m.retired) throw fieldError('/body/motion', 'errors.field.unknownMotion');
    if (e.motions.includes(motion)) throw conflict('errors.detail.motionAlready');
    const left = e.motions.filter(
      (x) => m.excludes.includes(x) || programme.motions.find((y) => y.id === x)?.excludes.includes(motion),
    );
    const motions = [...e.motions.filter((x) => !left.includes(x)), motion];
    await tx
      .updateTable('engagements')
      .set({ motions, updated_at: sql`now()` })
      .where('id', '=', e.id)
      .execute();
    await tx
      .insertInto('motion_history')
      .values([
        ...left.map((x) => ({
          id: newId('mot'),
          engagement_id: e.id,
          motion: x,
          change: 'left' as const,
          actor_user_id: actor.userId,
        })),
        {
          id: newId('mot'),
          engagement_id: e.id,
          motion,
          change: 'joined' as const,
          actor_user_id: actor.userId,
        },
      ])
      .execute();
    await audit(tx, actor, {
      action: 'engagement.motion',
      targetType: 'engagement',
      targetId: e.id,
      organisationId: e.customer_id,
      before: { motions: e.motions },
      after: { motions },
    });
    return { motions, left };
  });
}
