/** Loads a customer's subscriptions, asks the pure engine, and localises its explanations. */
import type { Static } from 'typebox';
import type { Db } from '../../platform/db/database.ts';
import { fieldError, notFound } from '../../platform/errors.ts';
import { type Locale, t } from '../../platform/i18n/i18n.ts';
import type { Actor } from '../access/actor.ts';
import { findVisibleOrganisation } from '../access/policy.ts';
import { getProgramme } from '../programme/programme.service.ts';
import { fieldsOf, SUBSCRIPTION_COLUMNS, type SubscriptionRow } from '../subscriptions/subscriptions.ts';
import type { Programme } from '../programme/programme.schema.ts';
import type { EligibilityAnswerSchema } from './eligibility.schema.ts';
import {
  type EligibilityAnswer,
  evaluateEligibility,
  type RuleFired,
  type SubscriptionInput,
} from './evaluate-eligibility.ts';

export type EligibilityView = Static<typeof EligibilityAnswerSchema>;

export const today = () => new Date().toISOString().slice(0, 10);

export async function loadEligibilityInputs(db: Db, customerId: string) {
  const [customer, subs] = await Promise.all([
    db
      .selectFrom('customers')
      .select(['segment', 'country'])
      .where('organisation_id', '=', customerId)
      .executeTakeFirst(),
    db
      .selectFrom('subscriptions')
      .select(SUBSCRIPTION_COLUMNS)
      .where('customer_id', '=', customerId)
      .execute(),
  ]);
  if (!customer) throw notFound('customer');
  const subscriptions: SubscriptionInput[] = subs.map((s) => fieldsOf(s as SubscriptionRow));
  return {
    customer: { segment: customer.segment as 'commercial', country: customer.country },
    subscriptions,
  };
}

const pick = (text: Record<string, string> | string | undefined, locale: Locale) =>
  typeof text === 'string' ? text : (text?.[locale === 'en-XA' ? 'en' : locale] ?? text?.en ?? '');

export function localiseAnswer(
  answer: EligibilityAnswer,
  customerId: string,
  programme: Programme,
  locale: Locale,
): EligibilityView {
  const rule = (r: RuleFired) => ({
    ruleId: r.ruleId,
    kind: r.kind,
    outcome: r.outcome,
    key: r.explanation.key,
    values: r.explanation.values,
    message: t(locale, r.explanation.key, r.explanation.values),
    inputs: r.inputs as Record<string, unknown>,
    source: r.source,
  });
  return {
    customerId,
    asOf: answer.asOf,
    eligible: answer.eligible,
    paidEligibleSeats: answer.paidEligibleSeats,
    seats: answer.seats.map((s) => ({
      ...s,
      message: t(locale, `eligibility.seat.${s.reason}`, { seats: s.seats, plan: s.planSku }),
    })),
    rules: answer.rules.map(rule),
    workloads: answer.workloads.map((w) => ({
      workload: w.workload,
      name:
        pick(
          programme.workloads.find((x) => x.id === w.workload)?.name as Record<string, string> | undefined,
          locale,
        ) || w.workload,
      eligible: w.eligible,
      migration: w.migration,
      rules: w.rules.map(rule),
      alternatives: w.alternatives.map((a) => ({
        kind: a.kind,
        key: a.explanation.key,
        values: a.explanation.values,
        message: t(locale, a.explanation.key, a.explanation.values),
      })),
    })),
  };
}

export async function evaluateForCustomer(
  db: Db,
  customerId: string,
  q: { workloads: string[]; dataMigration: boolean; asOf?: string },
): Promise<{ answer: EligibilityAnswer; programme: Programme }> {
  const programme = await getProgramme(db);
  const { customer, subscriptions } = await loadEligibilityInputs(db, customerId);
  const answer = evaluateEligibility({
    programme,
    customer,
    subscriptions,
    workloads: q.workloads,
    dataMigration: q.dataMigration,
    asOf: q.asOf ?? today(),
  });
  return { answer, programme };
}

export async function customerEligibility(
  db: Db,
  actor: Actor,
  customerId: string,
  q: { workloads: string[]; dataMigration: boolean; asOf?: string },
): Promise<EligibilityView> {
  const org = await findVisibleOrganisation(db, actor, customerId);
  if (org.kind !== 'customer') throw notFound('customer');
  const programme0 = await getProgramme(db);
  q.workloads.forEach((w, i) => {
    if (!programme0.workloads.some((x) => x.id === w))
      throw fieldError(`/querystring/workloads/${i}`, 'errors.field.unknownWorkload');
  });
  const { answer, programme } = await evaluateForCustomer(db, org.id, q);
  return localiseAnswer(answer, org.id, programme, actor.locale);
}
