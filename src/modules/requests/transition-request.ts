/**
 * Triage moves: claim, hold, ask the requester, cancel, return to review. Every move needs a reason
 * from the programme's notes bank (free text may be added), is audited and lands in the history.
 */
import { sql } from 'kysely';
import type { Deps } from '../../app.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { RequestStatus } from '../../platform/db/schema.ts';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Actor } from '../access/actor.ts';
import { requireOrganisation } from '../access/policy.ts';
import { audit } from '../audit/audit.ts';
import { getProgramme } from '../programme/programme.service.ts';
import type { Programme } from '../programme/programme.schema.ts';
import { followUp } from './pending-reminders.ts';
import { notifyReviewer, notifyStatusChange } from './request-notifications.ts';
import { markResponded } from './response-clock.ts';
import { asksFor, namedRegion, visibleRequests } from './request-views.ts';
import { REASON_BANK, TRANSITIONS } from './request.model.ts';

export const REVIEWER_ROLES = ['admin', 'lead', 'manager'];
/** The cancellation reason of a request its requester withdrew (the programme's notes bank). */
export const WITHDRAWN = 'withdrawn-by-requester';
export const isReviewer = (a: Actor) => a.orgKind === 'center' && REVIEWER_ROLES.includes(a.role ?? '');

/** Locks a request the actor can see, or answers 404. */
export async function lockRequest(tx: Tx, actor: Actor, id: string) {
  const r = await tx
    .selectFrom('requests')
    .select([
      'id',
      'status',
      'customer_id',
      'filed_by_user_id',
      'filed_by_organisation_id',
      'claimed_by',
      'workloads',
      'options',
      'eligibility',
      'business_sponsor',
      'primary_contact',
    ])
    .where('id', '=', id)
    .where(visibleRequests(actor))
    .forUpdate()
    .executeTakeFirst();
  if (!r) throw notFound('request');
  return r;
}

export function checkReason(programme: Programme, to: RequestStatus, reasonId: string) {
  const bank = REASON_BANK[to];
  const reasons = bank ? (programme.notes.requestReasons[bank] as { id: string }[]) : [];
  if (bank && !reasons.some((r) => r.id === reasonId)) {
    throw fieldError('/body/reasonId', 'errors.field.oneOf', {
      allowed: reasons.map((r) => r.id).join(', '),
    });
  }
}

export async function recordTransition(
  tx: Tx,
  actor: Actor,
  r: { id: string; status: RequestStatus; customer_id: string },
  to: RequestStatus,
  reasonId: string | null,
  note: string | null,
  extraAudit: Record<string, unknown> = {},
) {
  await tx
    .updateTable('requests')
    .set({ status: to, updated_at: sql`now()` })
    .where('id', '=', r.id)
    .execute();
  // waiting for the requester starts the reminders; any other move stops them
  await followUp(tx, await getProgramme(tx), r, to);
  await tx
    .insertInto('request_history')
    .values({
      id: newId('rfh'),
      request_id: r.id,
      from_status: r.status,
      to_status: to,
      reason_id: reasonId,
      note,
      actor_user_id: actor.userId,
    })
    .execute();
  await markResponded(tx, actor, r.id);
  await audit(tx, actor, {
    action: `request.${to === 'submitted' ? 'resubmit' : to.replace(/-/g, '_')}`,
    targetType: 'request',
    targetId: r.id,
    organisationId: r.customer_id,
    before: { status: r.status },
    after: { status: to, reason_id: reasonId, note, ...extraAudit },
  });
}

/**
 * Moves a request. Center reviewers may hold, ask, cancel and return to review. The requester's side
 * (the customer, or the partner that filed it) may cancel its own request and answer a pending
 * question (back to review).
 */
export async function transitionRequest(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { to: Exclude<RequestStatus, 'approved'>; reasonId?: string; note?: string },
) {
  requireOrganisation(actor);
  const programme = await getProgramme(deps.db);
  await deps.db.transaction().execute(async (tx) => {
    const r = await lockRequest(tx, actor, id);
    const requesterSide =
      actor.orgKind !== 'center' &&
      (r.filed_by_organisation_id === actor.organisationId || r.customer_id === actor.organisationId);
    const allowed =
      isReviewer(actor) ||
      (requesterSide &&
        (input.to === 'cancelled' ||
          (input.to === 'submitted' && r.status === 'on-hold-pending-requestor-response')));
    if (!allowed) throw forbidden();
    if (!TRANSITIONS[r.status].includes(input.to))
      throw conflict('errors.detail.requestState', { status: r.status.replace(/-/g, '_') });
    const reasonId = input.reasonId ?? null;
    if (REASON_BANK[input.to]) {
      if (!reasonId) throw fieldError('/body/reasonId', 'errors.field.required');
      checkReason(programme, input.to, reasonId);
    } else if (reasonId) {
      throw fieldError('/body/reasonId', 'errors.field.unknown');
    }
    // the requester's side cancels by withdrawing, not with one of the reviewers' reasons
    if (input.to === 'cancelled' && !isReviewer(actor) && reasonId !== WITHDRAWN)
      throw fieldError('/body/reasonId', 'errors.field.oneOf', { allowed: WITHDRAWN });
    if (input.to === 'submitted' && !isReviewer(actor) && !input.note)
      throw fieldError('/body/note', 'errors.field.required');
    await recordTransition(tx, actor, r, input.to, reasonId, input.note ?? null);
    await notifyStatusChange(deps, tx, id, input.to, reasonId, input.note ?? null);
    // the requester's side answered or withdrew: the reviewer hears of it
    if (requesterSide && !isReviewer(actor))
      await notifyReviewer(
        deps,
        tx,
        actor,
        id,
        input.to === 'cancelled' ? 'requestWithdrawn' : 'requestAnswered',
        {
          name: actor.profile?.name ?? '',
          note: input.note ?? '',
        },
      );
  });
}

/** Reviewers and engineers claim requests, each for themselves (a signed-in person, not a token). */
function mustClaim(actor: Actor) {
  if (!isReviewer(actor) && !(actor.orgKind === 'center' && actor.role === 'engineer')) throw forbidden();
  if (!actor.userId) throw new AppError('forbidden', 'errors.detail.notASession');
}

export async function claimRequest(deps: Deps, actor: Actor, id: string, release = false) {
  requireOrganisation(actor);
  mustClaim(actor);
  await deps.db.transaction().execute(async (tx) => {
    const r = await lockRequest(tx, actor, id);
    if (r.status === 'approved' || r.status === 'cancelled')
      throw conflict('errors.detail.requestState', { status: r.status.replace(/-/g, '_') });
    if (!release && r.claimed_by && r.claimed_by !== actor.userId)
      throw conflict('errors.detail.requestClaimed');
    if (release && r.claimed_by !== actor.userId && !['admin', 'lead'].includes(actor.role))
      throw forbidden();
    const claimedBy = release ? null : actor.userId;
    await tx
      .updateTable('requests')
      .set({ claimed_by: claimedBy, claimed_at: release ? null : sql`now()`, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute();
    await audit(tx, actor, {
      action: release ? 'request.release' : 'request.claim',
      targetType: 'request',
      targetId: id,
      organisationId: r.customer_id,
      before: { claimed_by: r.claimed_by },
      after: { claimed_by: claimedBy },
    });
  });
}

/** What a reviewer takes next: optionally only requests in a language, a region or for a product. */
export interface NextFilter {
  language?: string;
  region?: string;
  workload?: string;
}

/**
 * "Take the next request" (domain §3.4: pick the oldest unassigned Submitted request, assign it to
 * yourself): claims the oldest unclaimed submitted request that matches, atomically — two reviewers
 * asking at once never get the same one (row lock, skip locked). Returns its id, or answers 404 when
 * none waits.
 */
export async function claimNext(deps: Deps, actor: Actor, filter: NextFilter): Promise<string> {
  requireOrganisation(actor);
  mustClaim(actor);
  const region = filter.region
    ? namedRegion(await getProgramme(deps.db), filter.region, '/body/region')
    : undefined;
  return deps.db.transaction().execute(async (tx) => {
    let query = tx
      .selectFrom('requests')
      .select(['requests.id', 'requests.customer_id'])
      .where('requests.status', '=', 'submitted')
      .where('requests.claimed_by', 'is', null);
    if (filter.language) query = query.where('requests.preferred_language', '=', filter.language);
    if (filter.workload) query = query.where(asksFor(filter.workload));
    if (region)
      query = query.where(
        'requests.customer_id',
        'in',
        tx.selectFrom('customers').select('organisation_id').where('country', 'in', region.countries),
      );
    // ids are time-ordered: the oldest first
    const next = await query.orderBy('requests.id').limit(1).forUpdate().skipLocked().executeTakeFirst();
    if (!next) throw new AppError('not_found', 'errors.detail.noRequestWaiting');
    await tx
      .updateTable('requests')
      .set({ claimed_by: actor.userId, claimed_at: sql`now()`, updated_at: sql`now()` })
      .where('id', '=', next.id)
      .execute();
    await audit(tx, actor, {
      action: 'request.claim',
      targetType: 'request',
      targetId: next.id,
      organisationId: next.customer_id,
      before: { claimed_by: null },
      after: { claimed_by: actor.userId, next: true },
    });
    return next.id;
  });
}
