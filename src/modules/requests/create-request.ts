/**
 * Intake of a request for assistance (RFA) from any channel: validates against the programme,
 * snapshots eligibility, detects identical resubmissions (cancelled at once, linked to the first)
 * and links siblings, all in one transaction with its audit record and history.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Deps } from '../../app.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { ContactJson } from '../../platform/db/schema.ts';
import { AppError, type FieldProblem, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Actor } from '../access/actor.ts';
import { requireOrganisation, visibleOrganisations } from '../access/policy.ts';
import { audit } from '../audit/audit.ts';
import { today } from '../eligibility/customer-eligibility.ts';
import { evaluateEligibility } from '../eligibility/evaluate-eligibility.ts';
import { loadEligibilityInputs } from '../eligibility/customer-eligibility.ts';
import { getProgramme } from '../programme/programme.service.ts';
import { notifyRequestFiled } from './request-notifications.ts';
import { type Channel, type ContactInput, OPEN_STATUSES } from './request.model.ts';

export interface CreateRequestInput {
  customerId: string;
  channel: Channel;
  projectName: string;
  serviceLocation: string;
  preferredLanguage: string;
  comments?: string;
  workloads: { workload: string; plannedDate: string; businessReason?: string }[];
  options: { dataMigration: boolean; migrationSources?: string[] };
  requester: { phone: string; title: string };
  primaryContact: ContactInput;
  businessSponsor: ContactInput;
}

function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function channelAllowed(channel: Channel, kind: string): boolean {
  if (channel === 'center-on-behalf') return kind === 'center';
  if (channel === 'partner-my-customers') return kind === 'partner';
  if (kind === 'center') return channel === 'api';
  if (kind === 'partner') return channel === 'api';
  return true;
}

export async function createRequest(
  deps: Deps,
  tx: Tx,
  actor: Actor,
  input: CreateRequestInput,
): Promise<string> {
  requireOrganisation(actor);
  const programme = await getProgramme(deps.db);

  // the customer must be the actor's own, an approving partner's customer, or any (center)
  const customer = await tx
    .selectFrom('organisations')
    .select(['id', 'kind', 'name'])
    .where('id', '=', input.customerId)
    .where(visibleOrganisations(actor))
    .executeTakeFirst();
  if (customer?.kind !== 'customer') throw notFound('customer');
  if (actor.orgKind === 'customer' && customer.id !== actor.organisationId) throw notFound('customer');

  const problems: FieldProblem[] = [];
  if (!channelAllowed(input.channel, actor.orgKind))
    problems.push({ path: '/body/channel', key: 'errors.field.channelNotYours' });
  const now = today();
  const seen = new Set<string>();
  input.workloads.forEach((w, i) => {
    if (!programme.workloads.some((x) => x.id === w.workload && x.kind === 'service'))
      problems.push({ path: `/body/workloads/${i}/workload`, key: 'errors.field.unknownWorkload' });
    if (seen.has(w.workload))
      problems.push({ path: `/body/workloads/${i}/workload`, key: 'errors.field.duplicate' });
    seen.add(w.workload);
    if (!isRealDate(w.plannedDate))
      problems.push({
        path: `/body/workloads/${i}/plannedDate`,
        key: 'errors.field.format',
        values: { format: 'date' },
      });
    else if (w.plannedDate < now)
      problems.push({ path: `/body/workloads/${i}/plannedDate`, key: 'errors.field.dateInPast' });
  });
  const sources = input.options.migrationSources ?? [];
  if (sources.length > 0 && !input.options.dataMigration)
    problems.push({ path: '/body/options/migrationSources', key: 'errors.field.sourcesWithoutMigration' });
  if (input.options.dataMigration && sources.length === 0)
    problems.push({ path: '/body/options/migrationSources', key: 'errors.field.required' });
  sources.forEach((s, i) => {
    if (!programme.migrationSources.some((m) => m.id === s))
      problems.push({
        path: `/body/options/migrationSources/${i}`,
        key: 'errors.field.unknownMigrationSource',
      });
  });

  const requester = actor.profile
    ? { name: actor.profile.name, email: actor.profile.email }
    : actor.userId
      ? await tx
          .selectFrom('users')
          .select(['name', 'email'])
          .where('id', '=', actor.userId)
          .executeTakeFirstOrThrow()
      : await tx
          .selectFrom('api_tokens as t')
          .innerJoin('users as u', 'u.id', 't.created_by')
          .select(['u.name', 'u.email'])
          .where('t.id', '=', actor.tokenId!)
          .executeTakeFirstOrThrow();
  const contact = (c: ContactInput): ContactJson =>
    c === 'same-as-requester'
      ? {
          name: requester.name,
          email: requester.email,
          phone: input.requester.phone,
          title: input.requester.title,
        }
      : c;
  const primaryContact = contact(input.primaryContact);
  const businessSponsor = contact(input.businessSponsor);

  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify({
        by: actor.userId ?? actor.tokenId,
        project: input.projectName.trim().toLowerCase(),
        workloads: input.workloads.map((w) => `${w.workload}@${w.plannedDate}`).sort(),
        options: { dataMigration: input.options.dataMigration, sources: [...sources].sort() },
        contacts: [primaryContact.email.toLowerCase(), businessSponsor.email.toLowerCase()],
      }),
    )
    .digest('hex');

  // serialise intake per customer so duplicate detection and project-name uniqueness hold under concurrency
  await sql`select pg_advisory_xact_lock(hashtext(${`rfa:${customer.id}`}))`.execute(tx);
  const open = await tx
    .selectFrom('requests')
    .select(['id', 'fingerprint', 'project_name'])
    .where('customer_id', '=', customer.id)
    .where('status', 'in', OPEN_STATUSES)
    .orderBy('created_at')
    .execute();
  const first = open.find((r) => r.fingerprint === fingerprint);
  if (!first && open.some((r) => r.project_name.toLowerCase() === input.projectName.toLowerCase())) {
    problems.push({ path: '/body/projectName', key: 'errors.field.projectNameTaken' });
  }
  if (problems.length) throw new AppError('validation', 'errors.detail.validation', {}, problems);

  const { customer: profile, subscriptions } = await loadEligibilityInputs(deps.db, customer.id);
  const eligibility = evaluateEligibility({
    programme,
    customer: profile,
    subscriptions,
    workloads: input.workloads.map((w) => w.workload),
    dataMigration: input.options.dataMigration,
    asOf: now,
  });

  const id = newId('rfa');
  const status = first ? 'cancelled' : 'submitted';
  await tx
    .insertInto('requests')
    .values({
      id,
      customer_id: customer.id,
      filed_by_user_id: actor.userId,
      filed_by_token_id: actor.tokenId,
      filed_by_organisation_id: actor.organisationId,
      channel: input.channel,
      status,
      project_name: input.projectName,
      service_location: input.serviceLocation,
      preferred_language: input.preferredLanguage,
      comments: input.comments ?? null,
      requester_name: requester.name,
      requester_email: requester.email,
      requester_phone: input.requester.phone,
      requester_title: input.requester.title,
      primary_contact: JSON.stringify(primaryContact),
      business_sponsor: JSON.stringify(businessSponsor),
      workloads: JSON.stringify(input.workloads),
      options: JSON.stringify({ dataMigration: input.options.dataMigration, migrationSources: sources }),
      eligibility: JSON.stringify(eligibility),
      fingerprint,
      duplicate_of: first?.id ?? null,
    })
    .execute();
  await tx
    .insertInto('request_history')
    .values({
      id: newId('rfh'),
      request_id: id,
      from_status: null,
      to_status: 'submitted',
      reason_id: null,
      note: null,
      actor_user_id: actor.userId,
    })
    .execute();
  if (first) {
    await tx
      .insertInto('request_history')
      .values({
        id: newId('rfh'),
        request_id: id,
        from_status: 'submitted',
        to_status: 'cancelled',
        reason_id: 'duplicate',
        note: null,
        actor_user_id: null,
      })
      .execute();
    await tx
      .insertInto('request_links')
      .values({ request_id: id, linked_request_id: first.id, kind: 'duplicate-of' })
      .execute();
  } else {
    if (open.length > 0) {
      await tx
        .insertInto('request_links')
        .values(
          open.flatMap((sibling) => [
            { request_id: id, linked_request_id: sibling.id, kind: 'sibling' as const },
            { request_id: sibling.id, linked_request_id: id, kind: 'sibling' as const },
          ]),
        )
        .execute();
    }
  }
  await audit(tx, actor, {
    action: first ? 'request.create_duplicate' : 'request.create',
    targetType: 'request',
    targetId: id,
    organisationId: customer.id,
    after: {
      status,
      channel: input.channel,
      workloads: input.workloads,
      duplicate_of: first?.id ?? null,
      eligible: eligibility.eligible,
    },
  });
  await notifyRequestFiled(deps, tx, id);
  return id;
}
