/**
 * Intake of a request for assistance (RFA) from any channel. Requests that arrive together are
 * taken together ("group commit", see intake-queue.ts): a batch costs two round trips whatever
 * its size —
 *  1. one read (intake-read.ts): per request the customer (in the caller's scope), its
 *     subscriptions and open requests, the people to notify, the Idempotency-Key's earlier result
 *     and the next RFA number;
 *  2. the decisions, in memory and per request: validation against the programme, the eligibility
 *     snapshot, duplicate/sibling detection, the emails in each recipient's language;
 *  3. one batched transaction (platform/db/batch.ts): one statement for the idempotency rows,
 *     requests, history, links, audit records and emails, one for the emails' jobs.
 * A batch never holds two requests for one customer or one Idempotency-Key, so its decisions do not
 * depend on each other. Another server may decide on the same customer at the same moment: the
 * database then refuses the later writer (the key's primary key, or the unique project name of a
 * customer's open requests), nothing of that batch is committed, and each of its requests runs again
 * on its own, reading again, until it wins — a retry with the same key then replays the stored
 * result, an identical request becomes the winner's duplicate.
 */
import { createHash } from 'node:crypto';
import type { Deps } from '../../app.ts';
import { insertAll, recordWrites, runBatch } from '../../platform/db/batch.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { ContactJson } from '../../platform/db/schema.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { isLocale, type Locale } from '../../platform/i18n/i18n.ts';
import { type EmailRequest, emailRowsWithJobs } from '../../platform/mail/mailer.ts';
import type { Actor } from '../access/actor.ts';
import { requireOrganisation } from '../access/policy.ts';
import { type AuditEntry, auditRecords } from '../audit/audit.ts';
import { today } from '../eligibility/customer-eligibility.ts';
import { evaluateEligibility } from '../eligibility/evaluate-eligibility.ts';
import { getProgramme } from '../programme/programme.service.ts';
import type { Programme } from '../programme/programme.schema.ts';
import { fieldsOf, type SubscriptionRow } from '../subscriptions/subscriptions.ts';
import { checkIntake, type CreateRequestInput, requestFingerprint, resolveContact } from './intake-checks.ts';
import { intakeQueue } from './intake-queue.ts';
import { type IntakeRow, readIntakes } from './intake-read.ts';
import { getRequest, localised, type RequestDetail, toDetail } from './request-views.ts';
import { formatNumber } from './request.model.ts';
import { type ResponseCalendars, responseCalendars, responseClock } from './response-clock.ts';

type Recipient = { email: string; locale: Locale };
const localeOr = (l: string | null | undefined, fallback: Locale): Locale =>
  l && isLocale(l) ? l : fallback;

export type IntakeActor = Actor & { organisationId: string; orgKind: string };
export type IntakeOutcome = { detail: RequestDetail; replayed: boolean };

/** One request to take in: who files it, under which key, what it asks. */
export interface IntakeItem {
  actor: IntakeActor;
  /** the key's owner: the signed-in person or the API token */
  scope: string;
  key: string;
  /** hash of the body: a key reused with another body is refused */
  hash: string;
  input: CreateRequestInput;
  requester: { name: string; email: string; language: string | null };
  primaryContact: ContactJson;
  businessSponsor: ContactJson;
  /** identical = same requester, project, workloads and dates, options and contacts (domain §3.8) */
  fingerprint: string;
}

export async function intakeRequest(
  deps: Deps,
  actor: Actor,
  key: string,
  input: CreateRequestInput,
): Promise<IntakeOutcome> {
  requireOrganisation(actor);
  const scope = actor.userId ?? actor.tokenId;
  if (!scope) throw new AppError('unauthenticated', 'errors.detail.unauthenticated');
  // the requester: the signed-in person, or the person who made the API token
  const requester =
    actor.profile ??
    (await deps.db
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', 'u.id', 't.created_by')
      .select(['u.name', 'u.email', 'u.language'])
      .where('t.id', '=', actor.tokenId!)
      .executeTakeFirstOrThrow());
  const contact = (c: CreateRequestInput['primaryContact']) => resolveContact(c, requester, input.requester);
  const primaryContact = contact(input.primaryContact);
  const businessSponsor = contact(input.businessSponsor);
  const fingerprint = requestFingerprint(scope, input, primaryContact, businessSponsor);
  return intakeQueue(deps).submit({
    actor,
    scope,
    key,
    hash: createHash('sha256').update(JSON.stringify(input)).digest('hex'),
    input,
    requester,
    primaryContact,
    businessSponsor,
    fingerprint,
  });
}

/** A lost race: another server used the key, or opened a request with this project name, first. */
export function isIntakeConflict(e: unknown): boolean {
  const { code, constraint } = e as { code?: string; constraint?: string };
  return (
    code === '23505' &&
    (constraint === 'idempotency_keys_pkey' || constraint === 'requests_open_project_unique')
  );
}

/** One request on its own, retried while it loses races (each attempt reads again). */
export async function intakeAlone(deps: Deps, item: IntakeItem): Promise<IntakeOutcome> {
  for (let attempt = 1; ; attempt++) {
    const [result] = await runIntakes(deps, [item]);
    if (result!.status === 'fulfilled') return result!.value;
    if (!isIntakeConflict(result!.reason) || attempt >= 8) throw result!.reason;
    await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
  }
}

/** What one accepted request writes. */
interface Plan {
  item: IntakeItem;
  record: ReturnType<typeof requestRecord>;
  history: ReturnType<typeof historyRows>;
  links: { request_id: string; linked_request_id: string; kind: 'duplicate-of' }[];
  audit: AuditEntry;
  emails: EmailRequest[];
  detail: RequestDetail;
  /** the customer's country: its region's calendar times the first answer */
  country: string;
}

/**
 * Takes in a batch (at most one request per customer and per key): one read, the decisions, one
 * transaction. Settles each request on its own; a request that lost a race is settled with the
 * conflict (see isIntakeConflict) when it was alone, and retried alone when it was in a batch.
 */
export async function runIntakes(
  deps: Deps,
  items: readonly IntakeItem[],
): Promise<PromiseSettledResult<IntakeOutcome>[]> {
  const results: PromiseSettledResult<IntakeOutcome>[] = new Array(items.length);
  let rows: IntakeRow[];
  let programme: Programme;
  let calendars: ResponseCalendars;
  try {
    [programme, rows] = await Promise.all([getProgramme(deps.db), readIntakes(deps.db, items)]);
    // kept between batches: read again at most once a second
    calendars = await responseCalendars(deps.db, programme);
  } catch (e) {
    return items.map(() => ({ status: 'rejected', reason: e }));
  }
  const plans: { index: number; plan: Plan }[] = [];
  const replays: Promise<void>[] = [];
  items.forEach((item, index) => {
    try {
      const row = rows[index]!;
      if (row.previous) {
        if (row.previous.request_hash !== item.hash) {
          throw new AppError('conflict', 'errors.detail.idempotencyMismatch', {}, [
            { path: '/headers/idempotency-key', key: 'errors.field.idempotencyReused' },
          ]);
        }
        const id = (row.previous.response_body as { id: string }).id;
        replays.push(
          getRequest(deps.db, item.actor, id).then(
            (detail) => {
              results[index] = { status: 'fulfilled', value: { detail, replayed: true } };
            },
            (reason) => {
              results[index] = { status: 'rejected', reason };
            },
          ),
        );
        return;
      }
      plans.push({ index, plan: decide(deps, programme, item, row) });
    } catch (reason) {
      results[index] = { status: 'rejected', reason };
    }
  });
  await Promise.all(replays);
  if (!plans.length) return results;

  try {
    const statements = await recordWrites((tx) =>
      recordIntakes(
        tx,
        deps,
        plans.map((p) => p.plan),
      ),
    );
    await runBatch(deps.db, statements);
    // the answer says by when the first answer is due, as the request page will
    const now = new Date();
    for (const { index, plan } of plans) {
      const { status, created_at } = plan.record;
      const row = { country: plan.country, status, created_at, responded_at: null };
      const response = responseClock(calendars, row, now);
      results[index] = {
        status: 'fulfilled',
        value: { detail: { ...plan.detail, response }, replayed: false },
      };
    }
  } catch (reason) {
    if (plans.length === 1) {
      results[plans[0]!.index] = { status: 'rejected', reason };
    } else {
      // nothing was committed: each request again on its own, so a lost race or a fault is its own
      const alone = await Promise.allSettled(plans.map((p) => intakeAlone(deps, p.plan.item)));
      plans.forEach((p, i) => {
        results[p.index] = alone[i]!;
      });
    }
  }
  return results;
}

function requestRecord(
  item: IntakeItem,
  row: IntakeRow & { id: string },
  eligibility: unknown,
  first: boolean,
) {
  const { actor, input } = item;
  const at = new Date();
  return {
    id: newId('rfa'),
    number: row.next_number!,
    customer_id: row.id,
    filed_by_user_id: actor.userId,
    filed_by_token_id: actor.tokenId,
    filed_by_organisation_id: actor.organisationId,
    channel: input.channel,
    status: (first ? 'cancelled' : 'submitted') as 'submitted' | 'cancelled',
    project_name: input.projectName,
    service_location: input.serviceLocation,
    preferred_language: input.preferredLanguage,
    comments: input.comments ?? null,
    requester_name: item.requester.name,
    requester_email: item.requester.email,
    requester_phone: input.requester.phone,
    requester_title: input.requester.title,
    primary_contact: item.primaryContact,
    business_sponsor: item.businessSponsor,
    workloads: input.workloads,
    options: {
      dataMigration: input.options.dataMigration,
      migrationSources: input.options.migrationSources ?? [],
    },
    eligibility,
    fingerprint: item.fingerprint,
    duplicate_of: null as string | null,
    created_at: at,
    updated_at: at,
  };
}

function historyRows(actor: Actor, requestId: string, at: Date, duplicate: boolean) {
  const rows = [
    {
      id: newId('rfh'),
      request_id: requestId,
      from_status: null as string | null,
      to_status: 'submitted',
      reason_id: null as string | null,
      note: null as string | null,
      actor_user_id: actor.userId,
      created_at: at,
    },
  ];
  if (duplicate)
    rows.push({
      id: newId('rfh'),
      request_id: requestId,
      from_status: 'submitted',
      to_status: 'cancelled',
      reason_id: 'duplicate',
      note: null,
      actor_user_id: null,
      created_at: new Date(at.getTime() + 1),
    });
  return rows;
}

/** The decisions for one request, in memory: what it writes and what the caller is answered. */
function decide(deps: Deps, programme: Programme, item: IntakeItem, row: IntakeRow): Plan {
  const { actor, input } = item;
  if (row?.kind !== 'customer' || !row.id) throw notFound('customer');
  if (actor.orgKind === 'customer' && row.id !== actor.organisationId) throw notFound('customer');
  const customer = row as IntakeRow & { id: string };

  const now = today();
  const problems = checkIntake(programme, actor.orgKind, input, now);
  const first = row.first;
  if (!first && row.name_taken) {
    problems.push({ path: '/body/projectName', key: 'errors.field.projectNameTaken' });
  }
  if (problems.length) throw new AppError('validation', 'errors.detail.validation', {}, problems);

  const eligibility = evaluateEligibility({
    programme,
    customer: { segment: row.segment as 'commercial', country: row.country! },
    subscriptions: (row.subscriptions as unknown as SubscriptionRow[]).map(fieldsOf),
    workloads: input.workloads.map((w) => w.workload),
    dataMigration: input.options.dataMigration,
    asOf: now,
  });

  const record = requestRecord(item, customer, eligibility, !!first);
  record.duplicate_of = first?.id ?? null;
  const id = record.id;
  const history = historyRows(actor, id, record.created_at, !!first);
  const links = first ? [{ request_id: id, linked_request_id: first.id, kind: 'duplicate-of' as const }] : [];

  const { requester, primaryContact } = item;
  const fallback = localeOr(input.preferredLanguage, 'en');
  const recipients: Recipient[] = [
    { email: requester.email, locale: localeOr(requester.language, fallback) },
  ];
  if (actor.orgKind !== 'customer') {
    // someone else filed: the customer hears too — its named contact, or its admins when the filer named itself
    if (primaryContact.email.toLowerCase() !== requester.email.toLowerCase()) {
      recipients.push({
        email: primaryContact.email,
        locale: localeOr(row.contact_language, localeOr(row.customer_language, fallback)),
      });
    } else {
      for (const a of row.admins) recipients.push({ email: a.email, locale: localeOr(a.language, 'en') });
    }
  }
  const number = formatNumber(record.number);
  const seen = new Set<string>();
  const emails: EmailRequest[] = [];
  for (const r of recipients) {
    if (seen.has(r.email.toLowerCase())) continue;
    seen.add(r.email.toLowerCase());
    emails.push({
      template: first ? 'requestCancelled' : 'requestReceived',
      to: r.email,
      locale: r.locale,
      values: {
        number,
        project: input.projectName,
        customer: customer.name!,
        workloads: input.workloads
          .map(
            (w) =>
              localised(
                programme.workloads.find((x) => x.id === w.workload)?.name as Record<string, string>,
                r.locale,
              ) || w.workload,
          )
          .join(', '),
        reason: '',
        note: '',
        hasNote: 'no',
        link: `${deps.config.publicUrl}/requests/${id}`,
      },
    });
  }

  const detail = toDetail(
    {
      ...record,
      customer_name: customer.name!,
      claimed_by: null,
      claimed_by_name: null,
      engagement_id: null,
      decision: null,
    },
    history.map((h) => ({
      ...h,
      actor_name: h.actor_user_id ? requester.name : null,
      by_center: !!h.actor_user_id && actor.orgKind === 'center',
    })),
    first
      ? [{ linked_request_id: first.id, kind: 'duplicate-of', number: first.number, status: first.status }]
      : row.siblings.map((o) => ({
          linked_request_id: o.id,
          kind: 'sibling',
          number: o.number,
          status: o.status,
        })),
    programme,
    actor.locale,
  );
  return {
    item,
    record,
    history,
    links,
    audit: {
      action: first ? 'request.create_duplicate' : 'request.create',
      targetType: 'request',
      targetId: id,
      organisationId: customer.id,
      after: {
        status: record.status,
        channel: input.channel,
        workloads: input.workloads,
        duplicate_of: first?.id ?? null,
        eligible: eligibility.eligible,
      },
    },
    emails,
    detail,
    country: row.country ?? '',
  };
}

/** The writes of a batch: every row in one statement, and one for the email jobs. */
async function recordIntakes(tx: Tx, deps: Deps, plans: readonly Plan[]): Promise<void> {
  const emails = await emailRowsWithJobs(
    tx,
    deps.jobs,
    plans.flatMap((p) => p.emails),
  );
  await insertAll(tx, [
    {
      table: 'idempotency_keys',
      rows: plans.map((p) => ({
        scope: p.item.scope,
        key: p.item.key,
        request_hash: p.item.hash,
        response_status: 201,
        response_body: { id: p.record.id },
      })),
    },
    { table: 'requests', rows: plans.map((p) => p.record) },
    { table: 'request_history', rows: plans.flatMap((p) => p.history) },
    { table: 'request_links', rows: plans.flatMap((p) => p.links) },
    { table: 'audit_log', rows: auditRecords(plans.map((p) => ({ actor: p.item.actor, entry: p.audit }))) },
    { table: 'emails', rows: emails },
  ]);
}
