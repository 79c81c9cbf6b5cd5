/**
 * Approval: each eligible requested workload becomes a service record of the customer's active
 * engagement (motion RFA; created when there is none) with intent (target date = planned date,
 * business reason, success owner = business sponsor, migration flag and level) and a scenario with
 * its reasons. Workloads that are not eligible are refused in the same decision, with the reason —
 * unless a center admin or lead approves them by exception (domain §3.4: an exception request was
 * granted), which needs a note saying who granted it and why, and is marked in the decision.
 */
import { sql } from 'kysely';
import type { Deps } from '../../app.ts';
import type { ContactJson } from '../../platform/db/schema.ts';
import { conflict, fieldError, forbidden } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Actor } from '../access/actor.ts';
import { requireOrganisation } from '../access/policy.ts';
import { evaluateForCustomer, today } from '../eligibility/customer-eligibility.ts';
import { getProgramme } from '../programme/programme.service.ts';
import { chooseScenario, type Scenario } from './choose-scenario.ts';
import type { RecordInput } from '../engagements/plan-work.ts';
import { startWork } from '../engagements/start-work.ts';
import { regionOfCountry } from '../programme/regions.ts';
import { addBusinessDaysToDate, localDate } from '../calendar/business-calendar.ts';
import { regionCalendar } from '../engagements/engagement-views.ts';
import { notifyStatusChange } from './request-notifications.ts';
import { EXCEPTION_ROLES, refusalReasons, scenarioInputs } from './review-request.ts';
import { checkReason, isReviewer, lockRequest, recordTransition } from './transition-request.ts';

export interface ApproveInput {
  reasonId: string;
  note?: string;
  /** workloads to approve; default: every eligible requested workload */
  workloads?: string[];
  /** a reviewer's choice overrides the rules for every approved workload */
  scenario?: Scenario;
  scenarioPartnerId?: string;
  /** requested workloads that are not eligible, approved by exception (center admins and leads) */
  exceptions?: string[];
}

/** Who may approve a workload by exception. */

export interface Decision {
  decidedAt: string;
  decidedBy: string | null;
  reasonId: string;
  engagementId: string;
  approved: {
    workload: string;
    serviceRecordId: string;
    scenario: Scenario;
    partnerId: string | null;
    migrationLevel: string;
    reasons: { key: string; values: Record<string, string | number> }[];
    /** approved although not eligible (an exception was granted) */
    exception?: boolean;
  }[];
  refused: { workload: string; reasons: { key: string; values: Record<string, string | number> }[] }[];
}

export async function approveRequest(
  deps: Deps,
  actor: Actor,
  id: string,
  input: ApproveInput,
): Promise<Decision> {
  requireOrganisation(actor);
  if (!isReviewer(actor)) throw forbidden();
  const programme = await getProgramme(deps.db);
  checkReason(programme, 'approved', input.reasonId);
  return deps.db.transaction().execute(async (tx) => {
    const r = await lockRequest(tx, actor, id);
    if (r.status !== 'submitted' && r.status !== 'on-hold')
      throw conflict('errors.detail.requestState', { status: r.status.replace(/-/g, '_') });
    const requested = r.workloads as unknown as {
      workload: string;
      plannedDate: string;
      businessReason?: string;
    }[];
    const options = r.options as unknown as { dataMigration: boolean; migrationSources: string[] };
    const chosen = input.workloads ?? requested.map((w) => w.workload);
    chosen.forEach((w, i) => {
      if (!requested.some((x) => x.workload === w))
        throw fieldError(`/body/workloads/${i}`, 'errors.field.notRequested');
    });
    if (input.scenarioPartnerId && input.scenario !== 'partner-led')
      throw fieldError('/body/scenarioPartnerId', 'errors.field.partnerNeedsPartnerLed');
    const exceptions = input.exceptions ?? [];
    if (exceptions.length) {
      if (!EXCEPTION_ROLES.includes(actor.role ?? '')) throw forbidden('errors.detail.exceptionRole');
      exceptions.forEach((w, i) => {
        if (!chosen.includes(w)) throw fieldError(`/body/exceptions/${i}`, 'errors.field.notRequested');
      });
      if (!input.note?.trim()) throw fieldError('/body/note', 'errors.field.exceptionNote');
    }

    // eligibility is decided again now: subscriptions may have changed since intake
    const { answer } = await evaluateForCustomer(deps.db, r.customer_id, {
      workloads: requested.map((w) => w.workload),
      dataMigration: options.dataMigration,
      asOf: today(),
    });
    exceptions.forEach((w, i) => {
      if (answer.workloads.find((x) => x.workload === w)?.eligible)
        throw fieldError(`/body/exceptions/${i}`, 'errors.field.eligibleNoException');
    });
    const inputs = await scenarioInputs(tx, r.customer_id, r.filed_by_organisation_id);
    const { partners } = inputs;
    if (input.scenarioPartnerId && !partners.some((p) => p.partner_id === input.scenarioPartnerId)) {
      throw fieldError('/body/scenarioPartnerId', 'errors.field.partnerNotApproved');
    }

    let engagement = await tx
      .selectFrom('engagements')
      .select(['id', 'motions', 'region'])
      .where('customer_id', '=', r.customer_id)
      .where('status', '=', 'active')
      .forUpdate()
      .executeTakeFirst();
    if (!engagement) {
      const customer = await tx
        .selectFrom('customers')
        .select('country')
        .where('organisation_id', '=', r.customer_id)
        .executeTakeFirstOrThrow();
      engagement = {
        id: newId('eng'),
        motions: ['rfa'],
        region: regionOfCountry(programme, customer.country)?.id ?? null,
      };
      await tx
        .insertInto('engagements')
        .values({
          id: engagement.id,
          customer_id: r.customer_id,
          status: 'active',
          motions: ['rfa'],
          region: engagement.region,
        })
        .execute();
      await tx
        .insertInto('motion_history')
        .values({
          id: newId('mot'),
          engagement_id: engagement.id,
          motion: 'rfa',
          change: 'joined',
          actor_user_id: actor.userId,
        })
        .execute();
    } else if (!engagement.motions.includes('rfa')) {
      // Customer Health excludes RFA for the same customer: joining RFA leaves the motions it excludes
      const rfa = programme.motions.find((m) => m.id === 'rfa');
      const left = engagement.motions.filter(
        (m) =>
          rfa?.excludes.includes(m) || programme.motions.find((x) => x.id === m)?.excludes.includes('rfa'),
      );
      await tx
        .updateTable('engagements')
        .set({
          motions: [...engagement.motions.filter((m) => !left.includes(m)), 'rfa'],
          updated_at: sql`now()`,
        })
        .where('id', '=', engagement.id)
        .execute();
      await tx
        .insertInto('motion_history')
        .values([
          ...left.map((m) => ({
            id: newId('mot'),
            engagement_id: engagement!.id,
            motion: m,
            change: 'left' as const,
            actor_user_id: actor.userId,
          })),
          {
            id: newId('mot'),
            engagement_id: engagement.id,
            motion: 'rfa',
            change: 'joined' as const,
            actor_user_id: actor.userId,
          },
        ])
        .execute();
    }

    const decision: Decision = {
      decidedAt: new Date().toISOString(),
      decidedBy: actor.userId,
      reasonId: input.reasonId,
      engagementId: engagement.id,
      approved: [],
      refused: [],
    };
    const sponsor = r.business_sponsor as unknown as ContactJson;
    const fresh: RecordInput[] = [];
    for (const w of requested) {
      const verdict = answer.workloads.find((x) => x.workload === w.workload);
      if (!chosen.includes(w.workload)) {
        decision.refused.push({
          workload: w.workload,
          reasons: [{ key: 'requests.refusal.notChosen', values: {} }],
        });
        continue;
      }
      const byException = !verdict?.eligible && exceptions.includes(w.workload);
      if (!verdict?.eligible && !byException) {
        decision.refused.push({ workload: w.workload, reasons: refusalReasons(verdict) });
        continue;
      }
      const seats = answer.paidEligibleSeats;
      const auto = chooseScenario(
        programme,
        inputs.context(
          w.workload,
          seats,
          requested.map((x) => x.workload),
        ),
      );
      const chosenScenario = input.scenario
        ? {
            scenario: input.scenario,
            partnerId:
              input.scenario === 'partner-led'
                ? (input.scenarioPartnerId ?? auto.partnerId ?? partners[0]?.partner_id ?? null)
                : null,
            reasons: [{ key: 'requests.scenario.reason.reviewerChoice', values: {} }, ...auto.reasons],
          }
        : auto;
      const choice = byException
        ? {
            ...chosenScenario,
            reasons: [{ key: 'requests.exception.granted', values: {} }, ...chosenScenario.reasons],
          }
        : chosenScenario;
      if (choice.scenario === 'partner-led' && !choice.partnerId)
        throw fieldError('/body/scenario', 'errors.field.partnerNotApproved');
      const migrationLevel = options.dataMigration ? (verdict?.migration ?? 'none') : 'none';
      const serviceId = newId('svc');
      const existing = await tx
        .selectFrom('service_records')
        .select('id')
        .where('engagement_id', '=', engagement.id)
        .where('workload', '=', w.workload)
        .executeTakeFirst();
      const values = {
        request_id: r.id,
        entitlement_seats: seats,
        target_date: w.plannedDate,
        business_reason: w.businessReason ?? null,
        success_owner: JSON.stringify(sponsor),
        migration: options.dataMigration && migrationLevel !== 'none',
        migration_level: migrationLevel,
        migration_sources: options.migrationSources,
        scenario: choice.scenario,
        scenario_partner_id: choice.partnerId,
        scenario_reasons: JSON.stringify(choice.reasons),
        delivery_owner:
          choice.scenario === 'partner-led' || choice.scenario === 'partner-referral'
            ? 'partner'
            : choice.scenario === 'customer-led'
              ? 'customer'
              : 'center',
      };
      if (existing) {
        await tx.updateTable('service_records').set(values).where('id', '=', existing.id).execute();
      } else {
        await tx
          .insertInto('service_records')
          .values({
            id: serviceId,
            engagement_id: engagement.id,
            customer_id: r.customer_id,
            workload: w.workload,
            ...values,
            buckets: JSON.stringify([
              { l1: 'in-progress', l2: 'technical-onboarding-and-deployment', count: seats },
            ]),
          })
          .execute();
        fresh.push({
          serviceRecordId: serviceId,
          workload: w.workload,
          migration: values.migration,
          migrationSources: options.migrationSources,
          startOn: today(),
          targetOn: w.plannedDate,
        });
      }
      decision.approved.push({
        workload: w.workload,
        serviceRecordId: existing?.id ?? serviceId,
        scenario: choice.scenario,
        partnerId: choice.partnerId,
        migrationLevel,
        reasons: choice.reasons,
        ...(byException ? { exception: true } : {}),
      });
    }
    if (decision.approved.length === 0) throw conflict('errors.detail.nothingToApprove');
    // the next action after approval is due the next business day in the customer's region (domain
    // §3.3: assignment to a FastTrack Manager); an earlier next action stays
    const cal = regionCalendar(programme, engagement.region);
    const nextAction = addBusinessDaysToDate(cal, localDate(cal, new Date()), 1);
    await tx
      .updateTable('engagements')
      .set({
        next_action_on: sql`least(coalesce(next_action_on, ${nextAction}::date), ${nextAction}::date)`,
        updated_at: sql`now()`,
      })
      .where('id', '=', engagement.id)
      .execute();
    await startWork(tx, programme, { id: engagement.id, customerId: r.customer_id, motion: 'rfa' }, fresh);

    await tx
      .updateTable('requests')
      .set({
        decision: JSON.stringify(decision),
        engagement_id: engagement.id,
        claimed_by: r.claimed_by ?? actor.userId,
      })
      .where('id', '=', r.id)
      .execute();
    await recordTransition(tx, actor, r, 'approved', input.reasonId, input.note ?? null, {
      engagement_id: engagement.id,
      approved: decision.approved.map((a) => ({
        workload: a.workload,
        scenario: a.scenario,
        partner_id: a.partnerId,
      })),
      refused: decision.refused.map((x) => x.workload),
      ...(exceptions.length ? { exceptions } : {}),
    });
    await notifyStatusChange(deps, tx, r.id, 'approved', input.reasonId, input.note ?? null);
    return decision;
  });
}
