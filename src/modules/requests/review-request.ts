/**
 * Before a reviewer decides (domain §3.4, steps 2–7: the validation pop-up): eligibility checked
 * again today against the customer's current licences, what approving would do per product — who
 * would deliver it and why (the scenario rules), the data-migration level, or the refusal with its
 * reasons — whether the customer is new to FastTrack or already has an engagement, and the checks
 * of the standard flow: the customer's other open requests, Teams First Pitch when Skype for Business
 * is asked for, products not eligible, eligibility changed since filing. Read-only; center reviewers.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { t } from '../../platform/i18n/i18n.ts';
import type { Actor } from '../access/actor.ts';
import { requireOrganisation } from '../access/policy.ts';
import { evaluateForCustomer, localiseAnswer, today } from '../eligibility/customer-eligibility.ts';
import type { RuleFired } from '../eligibility/eligibility.types.ts';
import type { EligibilityAnswer } from '../eligibility/evaluate-eligibility.ts';
import { chooseScenario, type ScenarioContext } from './choose-scenario.ts';
import { localised, reasonText } from './request-views.ts';
import { OPEN_STATUSES } from './request.model.ts';
import { isReviewer } from './transition-request.ts';

const SKYPE = 'skype-for-business';
const TEAMS = 'teams';
export const EXCEPTION_ROLES = ['admin', 'lead'];

/**
 * What the scenario rules need to know about who filed and which partners work with the customer:
 * the approved partners, and `context` — a workload's `ScenarioContext` for `chooseScenario`.
 */
export async function scenarioInputs(db: Db | Tx, customerId: string, filedByOrganisationId: string) {
  const [partners, filer, partnerCount] = await Promise.all([
    db
      .selectFrom('partner_relationships as pr')
      .innerJoin('organisations as p', 'p.id', 'pr.partner_id')
      .select(['pr.partner_id', 'p.name'])
      .where('pr.customer_id', '=', customerId)
      .where('pr.status', '=', 'approved')
      .orderBy('pr.updated_at')
      .execute(),
    db
      .selectFrom('organisations')
      .select('kind')
      .where('id', '=', filedByOrganisationId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('organisations')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('kind', '=', 'partner')
      .executeTakeFirstOrThrow(),
  ]);
  const filedBy = filer.kind as ScenarioContext['filedBy'];
  const context = (
    workload: string,
    entitlementSeats: number,
    requestedWorkloads: string[],
  ): ScenarioContext => ({
    workload,
    entitlementSeats,
    filedBy,
    filedByPartnerId: filedBy === 'partner' ? filedByOrganisationId : null,
    approvedPartnerIds: partners.map((p) => p.partner_id),
    partnersAvailable: partnerCount.n,
    requestedWorkloads,
  });
  return { partners, context };
}

type Reason = { key: string; values: Record<string, string | number> };

/** Why a workload that is not eligible is refused: the rules that failed, or the general reason. */
export function refusalReasons(verdict: { rules: readonly RuleFired[] } | undefined): Reason[] {
  const failed = (verdict?.rules ?? [])
    .filter((x) => x.outcome === 'fail')
    .map((x) => x.explanation as Reason);
  return failed.length ? failed : [{ key: 'requests.refusal.notEligible', values: {} }];
}

export async function reviewRequest(db: Db, actor: Actor, id: string) {
  requireOrganisation(actor);
  if (!isReviewer(actor)) throw forbidden();
  const r = await db
    .selectFrom('requests')
    .select([
      'id',
      'customer_id',
      'status',
      'workloads',
      'options',
      'eligibility',
      'filed_by_organisation_id',
      'service_location',
      sql<string>`(select c.country from customers c where c.organisation_id = requests.customer_id)`.as(
        'customer_country',
      ),
    ])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw notFound('request');
  const locale = actor.locale;
  const requested = (r.workloads as { workload: string }[]).map((w) => w.workload);
  const options = r.options as { dataMigration: boolean };
  const pitch = requested.includes(SKYPE) && !requested.includes(TEAMS);
  const [{ answer, programme }, inputs, engagement, siblings] = await Promise.all([
    evaluateForCustomer(db, r.customer_id, {
      workloads: pitch ? [...requested, TEAMS] : requested,
      dataMigration: options.dataMigration,
      asOf: today(),
    }),
    scenarioInputs(db, r.customer_id, r.filed_by_organisation_id),
    db
      .selectFrom('engagements as e')
      .select([
        'e.id',
        sql<
          string[]
        >`array(select workload from service_records s where s.engagement_id = e.id order by workload)`.as(
          'workloads',
        ),
      ])
      .where('e.customer_id', '=', r.customer_id)
      .where('e.status', '=', 'active')
      .executeTakeFirst(),
    db
      .selectFrom('requests')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('customer_id', '=', r.customer_id)
      .where('status', 'in', OPEN_STATUSES)
      .where('id', '!=', r.id)
      .executeTakeFirstOrThrow(),
  ]);
  const name = (w: string) =>
    localised(programme.workloads.find((x) => x.id === w)?.name as Record<string, string>, locale) || w;
  const partnerName = new Map(inputs.partners.map((p) => [p.partner_id, p.name]));
  const verdict = (w: string) => answer.workloads.find((x) => x.workload === w);

  // what approving every product asked for would decide, without exceptions or a scenario chosen
  const approved = [];
  const refused = [];
  for (const w of requested) {
    const v = verdict(w);
    if (!v?.eligible) {
      refused.push({ workload: w, reasons: refusalReasons(v) });
      continue;
    }
    const choice = chooseScenario(programme, inputs.context(w, answer.paidEligibleSeats, requested));
    approved.push({
      workload: w,
      scenario: choice.scenario,
      partnerId: choice.partnerId,
      migrationLevel: options.dataMigration ? (v.migration ?? 'none') : 'none',
      reasons: choice.reasons,
    });
  }

  const checks: { id: string; level: 'info' | 'warning' | 'action'; message: string }[] = [];
  const check = (id: string, level: 'info' | 'warning' | 'action', values: Record<string, string | number>) =>
    checks.push({ id, level, message: t(locale, `requests.review.${id}`, values) });
  const filed = r.eligibility as EligibilityAnswer;
  for (const w of requested) {
    const then = filed.workloads.find((x) => x.workload === w)?.eligible;
    const now = verdict(w)?.eligible ?? false;
    if (then !== undefined && then !== now)
      check('eligibilityChanged', 'warning', { workload: name(w), now: now ? 'yes' : 'no' });
  }
  if (pitch && verdict(TEAMS)?.eligible)
    check('teamsFirstPitch', 'action', { reason: reasonText(programme, 'teams-first-pitch', locale) ?? '' });
  if (refused.length)
    check('ineligible', 'warning', {
      count: refused.length,
      canExcept: EXCEPTION_ROLES.includes(actor.role ?? '') ? 'yes' : 'no',
    });
  // domain §3.9's "inconsistent country": the service is asked for somewhere the customer is not
  if (r.customer_country && r.service_location !== r.customer_country) {
    const country = new Intl.DisplayNames([locale === 'en-XA' ? 'en' : locale], { type: 'region' });
    check('locationDiffers', 'warning', {
      location: country.of(r.service_location) ?? r.service_location,
      country: country.of(r.customer_country) ?? r.customer_country,
    });
  }
  if (siblings.n > 0) check('siblings', 'info', { count: siblings.n });
  if (engagement)
    check('existingEngagement', 'info', {
      workloads: engagement.workloads.map(name).join(', '),
      hasWorkloads: engagement.workloads.length ? 'yes' : 'no',
    });
  else check('netNew', 'info', {});

  const shown = {
    ...answer,
    workloads: answer.workloads.filter((w) => requested.includes(w.workload)),
  };
  return {
    requestId: r.id,
    asOf: answer.asOf,
    open: OPEN_STATUSES.includes(r.status),
    eligibility: localiseAnswer(shown, r.customer_id, programme, locale),
    proposal: { approved, refused },
    partners: Object.fromEntries(partnerName),
    engagement: engagement ? { id: engagement.id, workloads: engagement.workloads } : null,
    checks,
  };
}
