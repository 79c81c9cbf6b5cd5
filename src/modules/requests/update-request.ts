/**
 * Correcting an open request: a reviewer asks the requester for a fix ("On hold – pending requestor
 * response"), or the requester spots a mistake before review. The requester's side may change its
 * request while it is Submitted or waiting for its answer; center reviewers while it is open.
 * Only the fields sent change (workloads and contacts are replaced whole); the eligibility snapshot
 * is evaluated again, the duplicate fingerprint follows the new content, and the history gets one
 * entry naming the fields that changed. `If-Match` with the request's ETag refuses a change made on
 * a stale copy (412) instead of overwriting someone else's.
 */
import { sql } from 'kysely';
import type { Deps } from '../../app.ts';
import type { ContactJson } from '../../platform/db/schema.ts';
import { AppError, conflict, fieldError, forbidden } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Actor } from '../access/actor.ts';
import { requireOrganisation } from '../access/policy.ts';
import { audit } from '../audit/audit.ts';
import { loadEligibilityInputs, today } from '../eligibility/customer-eligibility.ts';
import { evaluateEligibility } from '../eligibility/evaluate-eligibility.ts';
import { getProgramme } from '../programme/programme.service.ts';
import { checkIntake, type CreateRequestInput, requestFingerprint, resolveContact } from './intake-checks.ts';
import { stopReminders } from './pending-reminders.ts';
import { notifyRequesterOfCorrection, notifyReviewer } from './request-notifications.ts';
import { CHANGE_FIELDS, type ChangeField, type ContactInput } from './request.model.ts';
import { isReviewer, lockRequest } from './transition-request.ts';
import { markResponded } from './response-clock.ts';

/** The fields a correction may send (any of them, at least one). */
export type RequestChanges = Partial<
  Pick<
    CreateRequestInput,
    'projectName' | 'serviceLocation' | 'preferredLanguage' | 'workloads' | 'options' | 'requester'
  > & {
    comments: string | null;
    primaryContact: ContactInput;
    businessSponsor: ContactInput;
  }
>;

/**
 * A request's version as an HTTP entity tag: the millisecond of its last change (`updatedAt`). A
 * correction moves it on by at least a millisecond, so every correction makes a new tag.
 */
export const etagOf = (updatedAt: Date | string) => `"${new Date(updatedAt).getTime()}"`;

/** Same content, whatever the key order of the JSON it came from. */
function same(a: unknown, b: unknown): boolean {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .filter(([, x]) => x !== undefined)
              .sort(([x], [y]) => x.localeCompare(y))
              .map(([k, x]) => [k, canonical(x)]),
          )
        : v;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Applies a correction. Returns the fields that changed (none: nothing was written). */
export async function updateRequest(
  deps: Deps,
  actor: Actor,
  id: string,
  changes: RequestChanges,
  ifMatch?: string,
): Promise<ChangeField[]> {
  requireOrganisation(actor);
  const programme = await getProgramme(deps.db);
  return deps.db
    .transaction()
    .execute(async (tx) => {
      const r = await lockRequest(tx, actor, id);
      const extra = await tx
        .selectFrom('requests')
        .select([
          'channel',
          'project_name',
          'service_location',
          'preferred_language',
          'comments',
          'requester_name',
          'requester_email',
          'requester_phone',
          'requester_title',
          'filed_by_user_id',
          'filed_by_token_id',
          'updated_at',
        ])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();

      const requesterSide =
        actor.orgKind !== 'center' &&
        (r.filed_by_organisation_id === actor.organisationId || r.customer_id === actor.organisationId);
      const reviewer = isReviewer(actor);
      if (!reviewer && !requesterSide) throw forbidden();
      const editable = reviewer
        ? ['submitted', 'on-hold', 'on-hold-pending-requestor-response']
        : ['submitted', 'on-hold-pending-requestor-response'];
      if (!editable.includes(r.status))
        throw conflict('errors.detail.requestState', { status: r.status.replace(/-/g, '_') });
      if (
        ifMatch !== undefined &&
        ifMatch !== '*' &&
        !ifMatch.split(/\s*,\s*/).includes(etagOf(extra.updated_at))
      )
        throw new AppError('precondition_failed', 'errors.detail.requestChanged');

      const before = {
        projectName: extra.project_name,
        serviceLocation: extra.service_location,
        preferredLanguage: extra.preferred_language,
        comments: extra.comments,
        workloads: r.workloads,
        options: r.options,
        requester: { phone: extra.requester_phone, title: extra.requester_title },
        primaryContact: r.primary_contact as ContactJson,
        businessSponsor: r.business_sponsor as ContactJson,
      };
      const requester = { name: extra.requester_name, email: extra.requester_email };
      const details = changes.requester ?? before.requester;
      const contact = (c: ContactInput | undefined, was: ContactJson) =>
        c === undefined ? was : resolveContact(c, requester, details);
      const after = {
        projectName: changes.projectName ?? before.projectName,
        serviceLocation: changes.serviceLocation ?? before.serviceLocation,
        preferredLanguage: changes.preferredLanguage ?? before.preferredLanguage,
        comments: changes.comments === undefined ? before.comments : changes.comments || null,
        workloads: changes.workloads ?? before.workloads,
        options: changes.options
          ? {
              dataMigration: changes.options.dataMigration,
              migrationSources: changes.options.migrationSources ?? [],
            }
          : before.options,
        requester: details,
        primaryContact: contact(changes.primaryContact, before.primaryContact),
        businessSponsor: contact(changes.businessSponsor, before.businessSponsor),
      };
      const changed = CHANGE_FIELDS.filter((f) => !same(before[f], after[f]));
      if (!changed.length) return [];

      const now = today();
      const kept = new Set(before.workloads.map((w) => `${w.workload}@${w.plannedDate}`));
      const problems = checkIntake(
        programme,
        actor.orgKind ?? '',
        {
          customerId: r.customer_id,
          channel: extra.channel as CreateRequestInput['channel'],
          ...after,
          comments: after.comments ?? undefined,
        },
        now,
        kept,
      ).filter((p) => p.path !== '/body/channel'); // the channel is the filer's, not the editor's
      if (problems.length) throw new AppError('validation', 'errors.detail.validation', {}, problems);

      if (changed.includes('projectName')) {
        const taken = await tx
          .selectFrom('requests')
          .select('id')
          .where('customer_id', '=', r.customer_id)
          .where('status', 'in', ['submitted', 'on-hold', 'on-hold-pending-requestor-response'])
          .where('id', '!=', id)
          .where(sql<boolean>`lower(project_name) = lower(${after.projectName})`)
          .executeTakeFirst();
        if (taken) throw fieldError('/body/projectName', 'errors.field.projectNameTaken');
      }

      const inputs = await loadEligibilityInputs(tx, r.customer_id);
      const eligibility = evaluateEligibility({
        programme,
        ...inputs,
        workloads: after.workloads.map((w) => w.workload),
        dataMigration: after.options.dataMigration,
        asOf: now,
      });
      const filer = extra.filed_by_user_id ?? extra.filed_by_token_id ?? '';
      await tx
        .updateTable('requests')
        .set({
          project_name: after.projectName,
          service_location: after.serviceLocation,
          preferred_language: after.preferredLanguage,
          comments: after.comments,
          workloads: JSON.stringify(after.workloads),
          options: JSON.stringify(after.options),
          requester_phone: after.requester.phone,
          requester_title: after.requester.title,
          primary_contact: JSON.stringify(after.primaryContact),
          business_sponsor: JSON.stringify(after.businessSponsor),
          eligibility: JSON.stringify(eligibility),
          fingerprint: requestFingerprint(filer, after, after.primaryContact, after.businessSponsor),
          updated_at: sql`greatest(now(), updated_at + interval '1 millisecond')`,
        })
        .where('id', '=', id)
        .execute();
      await tx
        .insertInto('request_history')
        .values({
          id: newId('rfh'),
          request_id: id,
          from_status: r.status,
          to_status: r.status,
          reason_id: null,
          note: null,
          actor_user_id: actor.userId,
          changes: changed,
          kind: 'correction',
        })
        .execute();
      const pick = (o: Record<string, unknown>) => Object.fromEntries(changed.map((f) => [f, o[f]]));
      await audit(tx, actor, {
        action: 'request.update',
        targetType: 'request',
        targetId: id,
        organisationId: r.customer_id,
        before: pick(before),
        after: { ...pick(after), eligible: eligibility.eligible },
      });
      if (requesterSide) {
        await notifyReviewer(deps, tx, actor, id, 'requestCorrected', {
          name: actor.profile?.name ?? requester.name,
        });
        // a correction answers the question as much as a reply does: the reminders stop
        await stopReminders(tx, id);
      }
      // FastTrack changed what the requester wrote: the requester's side is told what changed
      else {
        await notifyRequesterOfCorrection(deps, tx, id, changed);
        await markResponded(tx, actor, id);
      }
      return changed;
    })
    .catch((e: { code?: string; constraint?: string }) => {
      // another open request of the customer took the name meanwhile
      if (e.code === '23505' && e.constraint === 'requests_open_project_unique')
        throw fieldError('/body/projectName', 'errors.field.projectNameTaken');
      throw e;
    });
}
