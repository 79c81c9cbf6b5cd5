/**
 * Partner referrals: the center offers an engagement to the best eligible partner; the partner accepts or
 * declines within 2 of its own business days (its zone, hours and holidays); an unanswered offer expires and
 * goes to the next candidate that was not offered yet. Accepting approves the partner's relationship with the
 * customer. Every step is audited; the partner's admins hear of offers and expiries by email.
 */
import { sql } from 'kysely';
import type { Deps } from '../../app.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import type { ReferralStatus } from '../../platform/db/schema.ts';
import { conflict, forbidden, notFound } from '../../platform/errors.ts';
import { isLocale } from '../../platform/i18n/i18n.ts';
import { newId } from '../../platform/ids.ts';
import type { Jobs } from '../../platform/jobs/queue.ts';
import { queueEmail } from '../../platform/mail/mailer.ts';
import { type Actor, systemActor } from '../access/actor.ts';
import { audit } from '../audit/audit.ts';
import { businessDeadline } from '../calendar/business-calendar.ts';
import { isCenter, loadEngagement } from '../engagements/engagement-access.ts';
import { notify, preferenceOf } from '../notifications/notifications.ts';
import { partnerCalendar } from '../scheduling/calendars.ts';
import { rank } from './route.ts';
import { needOf, partnerCandidates, suggestions } from './routing.service.ts';

export const REFERRAL_ANSWER_BUSINESS_DAYS = 2;

export const SYSTEM = systemActor('referral.expire');

export async function suggestPartners(deps: Deps, actor: Actor, engagementId: string, limit = 50) {
  if (!isCenter(actor)) throw forbidden('errors.detail.routingCenterOnly');
  const e = await loadEngagement(deps.db, actor, engagementId);
  const need = await needOf(deps.db, e, 'partner');
  const candidates = await partnerCandidates(deps.db);
  const tried = await triedPartners(deps.db, engagementId);
  return suggestions(
    deps,
    actor,
    need,
    candidates.filter((c) => !tried.has(c.id)),
    limit,
  );
}

async function triedPartners(db: Db | Tx, engagementId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('referrals')
    .select('partner_id')
    .where('engagement_id', '=', engagementId)
    .execute();
  return new Set(rows.map((r) => r.partner_id));
}

/**
 * Offers the engagement to `partnerId` or to the best eligible partner not offered before. Returns null when no
 * partner is left. Runs inside the caller's transaction (the engagement row is locked by the caller).
 */
async function offerNext(
  deps: { db: Db; jobs: Jobs; config: Deps['config'] },
  tx: Tx,
  actor: Actor,
  e: { id: string; customer_id: string; region: string | null },
  now: Date,
  partnerId?: string,
  /** false when the caller's audit record carries the offer (a decline that moves on to the next partner) */
  auditIt = true,
) {
  const need = await needOf(tx, e, 'partner', undefined, now);
  const candidates = await partnerCandidates(tx);
  const tried = await triedPartners(tx, e.id);
  const ranked = rank(
    need,
    candidates.filter((c) => !tried.has(c.id)),
  );
  const pick = partnerId ? ranked.find((r) => r.id === partnerId) : ranked.find((r) => r.eligible);
  if (!pick) return null;
  if (!pick.eligible) throw conflict('errors.detail.partnerNotEligible');
  const profile = await tx
    .selectFrom('partner_profiles')
    .select(['time_zone', 'business_hours', 'holidays'])
    .where('organisation_id', '=', pick.id)
    .executeTakeFirstOrThrow();
  const due = businessDeadline(partnerCalendar(profile), now, REFERRAL_ANSWER_BUSINESS_DAYS);
  const id = newId('ref');
  const position = ranked.indexOf(pick) + 1;
  await tx
    .insertInto('referrals')
    .values({
      id,
      engagement_id: e.id,
      partner_id: pick.id,
      status: 'offered',
      rank: tried.size + position,
      score: pick.score,
      reasons: JSON.stringify(pick.reasons),
      offered_by: actor.userId,
      offered_at: now,
      due_at: due,
    })
    .execute();
  await tx
    .updateTable('partner_profiles')
    .set({ last_offered_at: now })
    .where('organisation_id', '=', pick.id)
    .execute();
  if (auditIt)
    await audit(tx, actor, {
      action: 'referral.offer',
      targetType: 'referral',
      targetId: id,
      organisationId: e.customer_id,
      after: { engagementId: e.id, partnerId: pick.id, dueAt: due.toISOString(), score: pick.score },
    });
  await mailPartnerAdmins(deps, tx, pick.id, 'referralOffered', e, due);
  return { id, partnerId: pick.id, dueAt: due.toISOString(), score: pick.score };
}

async function mailPartnerAdmins(
  deps: { jobs: Jobs; config: Deps['config'] },
  tx: Tx,
  partnerId: string,
  template: 'referralOffered' | 'referralExpired',
  e: { id: string; customer_id: string },
  due: Date,
) {
  const admins = await tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.language', 'u.time_zone', 'u.name'])
    .where('m.organisation_id', '=', partnerId)
    .where('m.role', '=', 'admin')
    .execute();
  const customer = await tx
    .selectFrom('organisations')
    .select('name')
    .where('id', '=', e.customer_id)
    .executeTakeFirstOrThrow();
  await notify(
    tx,
    admins.map((a) => a.id),
    'referral',
    template,
    { customer: customer.name },
    '/referrals',
  );
  for (const a of admins) {
    if (!(await preferenceOf(tx, a.id, 'referral')).email) continue;
    const locale = a.language && isLocale(a.language) ? a.language : 'en';
    const when = new Intl.DateTimeFormat(locale, {
      dateStyle: 'full',
      timeStyle: 'short',
      timeZone: a.time_zone,
    }).format(due);
    await queueEmail(tx, deps.jobs, {
      template,
      to: a.email,
      locale,
      values: {
        name: a.name,
        customer: customer.name,
        due: when,
        link: `${deps.config.publicUrl}/referrals`,
      },
    });
  }
}

export async function offerReferral(
  deps: Deps,
  actor: Actor,
  engagementId: string,
  input: { partnerId?: string },
) {
  if (!isCenter(actor)) throw forbidden('errors.detail.routingCenterOnly');
  return deps.db.transaction().execute(async (tx) => {
    const e = await loadEngagement(tx, actor, engagementId, true);
    const open = await tx
      .selectFrom('referrals')
      .select('id')
      .where('engagement_id', '=', e.id)
      .where('status', 'in', ['offered', 'accepted'])
      .executeTakeFirst();
    if (open) throw conflict('errors.detail.referralOpen');
    const offer = await offerNext(deps, tx, actor, e, new Date(), input.partnerId);
    if (!offer) throw conflict('errors.detail.noCandidate');
    return offer;
  });
}

export async function answerReferral(
  deps: Deps,
  actor: Actor,
  referralId: string,
  answer: 'accept' | 'decline',
  reason?: string,
) {
  return deps.db.transaction().execute(async (tx) => {
    const r = await tx
      .selectFrom('referrals')
      .selectAll()
      .where('id', '=', referralId)
      .forUpdate()
      .executeTakeFirst();
    // only the partner it was offered to sees it
    if (!r || actor.orgKind !== 'partner' || actor.organisationId !== r.partner_id)
      throw notFound('referral');
    if (actor.role !== 'admin') throw forbidden('errors.detail.partnerAdminOnly');
    if (r.status !== 'offered') throw conflict('errors.detail.referralClosed');
    const e = await tx
      .selectFrom('engagements')
      .select(['id', 'customer_id', 'region'])
      .where('id', '=', r.engagement_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const now = new Date();
    const status: ReferralStatus = answer === 'accept' ? 'accepted' : 'declined';
    await tx
      .updateTable('referrals')
      .set({ status, answered_at: now, answered_by: actor.userId, reason: reason ?? null })
      .where('id', '=', r.id)
      .execute();
    if (status === 'accepted') {
      await tx
        .insertInto('partner_relationships')
        .values({
          id: newId('rel'),
          partner_id: r.partner_id,
          customer_id: e.customer_id,
          status: 'approved',
          message: 'referral',
          requested_by: actor.userId ?? r.partner_id,
          decided_by: r.offered_by,
        })
        .onConflict((oc) =>
          oc
            .columns(['partner_id', 'customer_id'])
            .where('status', 'in', ['requested', 'approved'])
            .doUpdateSet({ status: 'approved', updated_at: sql`now()` }),
        )
        .execute();
    }
    const next = status === 'declined' ? await offerNext(deps, tx, SYSTEM, e, now, undefined, false) : null;
    await audit(tx, actor, {
      action: `referral.${answer}`,
      targetType: 'referral',
      targetId: r.id,
      organisationId: e.customer_id,
      before: { status: r.status },
      after: { status, reason: reason ?? null, next },
    });
    return { id: r.id, status, next };
  });
}

/** Expires offers past their due time and offers each engagement to the next partner (the scheduled job). */
export async function expireReferrals(
  deps: { db: Db; jobs: Jobs; config: Deps['config'] },
  now = new Date(),
) {
  return deps.db.transaction().execute(async (tx) => {
    const due = await tx
      .selectFrom('referrals')
      .selectAll()
      .where('status', '=', 'offered')
      .where('due_at', '<', now)
      .orderBy('due_at')
      .forUpdate()
      .skipLocked()
      .execute();
    const out: { id: string; next: string | null }[] = [];
    for (const r of due) {
      const e = await tx
        .selectFrom('engagements')
        .select(['id', 'customer_id', 'region'])
        .where('id', '=', r.engagement_id)
        .executeTakeFirstOrThrow();
      await tx
        .updateTable('referrals')
        .set({ status: 'expired', answered_at: now })
        .where('id', '=', r.id)
        .execute();
      await audit(tx, SYSTEM, {
        action: 'referral.expire',
        targetType: 'referral',
        targetId: r.id,
        organisationId: e.customer_id,
        before: { status: 'offered', dueAt: r.due_at.toISOString() },
        after: { status: 'expired' },
      });
      await mailPartnerAdmins(deps, tx, r.partner_id, 'referralExpired', e, r.due_at);
      const next = await offerNext(deps, tx, SYSTEM, e, now);
      out.push({ id: r.id, next: next?.partnerId ?? null });
    }
    return out;
  });
}

export interface ReferralView {
  id: string;
  engagementId: string;
  customerName: string;
  partnerId: string;
  partnerName: string;
  status: ReferralStatus;
  rank: number;
  score: number;
  offeredAt: string;
  dueAt: string;
  answeredAt: string | null;
  reason: string | null;
}

/** Referrals of an engagement (center) or the partner's own offers (partner). */
export async function listReferrals(
  deps: Deps,
  actor: Actor,
  engagementId?: string,
): Promise<ReferralView[]> {
  let q = deps.db
    .selectFrom('referrals as r')
    .innerJoin('engagements as e', 'e.id', 'r.engagement_id')
    .innerJoin('organisations as c', 'c.id', 'e.customer_id')
    .innerJoin('organisations as p', 'p.id', 'r.partner_id')
    .select([
      'r.id',
      'r.engagement_id',
      'c.name as customer_name',
      'r.partner_id',
      'p.name as partner_name',
      'r.status',
      'r.rank',
      'r.score',
      'r.offered_at',
      'r.due_at',
      'r.answered_at',
      'r.reason',
    ])
    .orderBy('r.offered_at', 'desc')
    .limit(200);
  if (engagementId) {
    await loadEngagement(deps.db, actor, engagementId);
    q = q.where('r.engagement_id', '=', engagementId);
  }
  if (actor.orgKind === 'partner') q = q.where('r.partner_id', '=', actor.organisationId!);
  else if (actor.orgKind !== 'center') q = q.where('e.customer_id', '=', actor.organisationId ?? '');
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    engagementId: r.engagement_id,
    customerName: r.customer_name,
    partnerId: r.partner_id,
    partnerName: r.partner_name,
    status: r.status,
    rank: r.rank,
    score: Number(r.score),
    offeredAt: r.offered_at.toISOString(),
    dueAt: r.due_at.toISOString(),
    answeredAt: r.answered_at?.toISOString() ?? null,
    reason: r.reason,
  }));
}
