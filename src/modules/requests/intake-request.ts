/**
 * Intake of a request for assistance (RFA) from any channel, in three round trips:
 *  1. one read: the customer (in the caller's scope), its subscriptions and open requests, the
 *     people to notify, the Idempotency-Key's earlier result and the next RFA number;
 *  2. the decisions, in memory: validation against the programme, the eligibility snapshot,
 *     duplicate/sibling detection, the emails in each recipient's language;
 *  3. one batched transaction (platform/db/batch.ts): a per-customer lock, a guard that the open
 *     requests did not change since the read, the idempotency row, the request, its history, links,
 *     audit record, emails and their jobs. A concurrent writer makes the guard or the key's primary
 *     key fail: the whole batch rolls back and intake starts again (a retry with the same key then
 *     replays the stored result).
 */
import { createHash } from 'node:crypto';
import { type ExpressionBuilder, sql } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { Deps } from '../../app.ts';
import { recordWrites, runBatch } from '../../platform/db/batch.ts';
import type { ContactJson, Database } from '../../platform/db/schema.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { isLocale, type Locale } from '../../platform/i18n/i18n.ts';
import { queueEmail } from '../../platform/mail/mailer.ts';
import type { Actor } from '../access/actor.ts';
import { requireOrganisation, visibleOrganisations } from '../access/policy.ts';
import { audit } from '../audit/audit.ts';
import { today } from '../eligibility/customer-eligibility.ts';
import { evaluateEligibility } from '../eligibility/evaluate-eligibility.ts';
import { getProgramme } from '../programme/programme.service.ts';
import { fieldsOf, SUBSCRIPTION_COLUMNS, type SubscriptionRow } from '../subscriptions/subscriptions.ts';
import { getRequest, localised, type RequestDetail, toDetail } from './request-views.ts';
import { checkIntake, type CreateRequestInput } from './intake-checks.ts';
import { type ContactInput, formatNumber, OPEN_STATUSES, SIBLING_LIMIT } from './request.model.ts';

type Recipient = { email: string; locale: Locale };
const localeOr = (l: string | null | undefined, fallback: Locale): Locale =>
  l && isLocale(l) ? l : fallback;

/** A fingerprint of a set of open requests: changes when any request joins or leaves it. */
const OPEN_SIGNATURE = sql<string>`count(*)::text || ':' || coalesce(bit_xor(hashtext(requests.id)), 0)::text`;

export async function intakeRequest(
  deps: Deps,
  actor: Actor,
  key: string,
  input: CreateRequestInput,
): Promise<{ detail: RequestDetail; replayed: boolean }> {
  requireOrganisation(actor);
  const scope = actor.userId ?? actor.tokenId;
  if (!scope) throw new AppError('unauthenticated', 'errors.detail.unauthenticated');
  const hash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptIntake(
        deps,
        actor as Actor & { organisationId: string; orgKind: string },
        scope,
        key,
        hash,
        input,
      );
    } catch (e) {
      const code = (e as { code?: string }).code;
      const conflict =
        (code === '23505' && String((e as { constraint?: string }).constraint) === 'idempotency_keys_pkey') ||
        (code === 'P0001' && (e as Error).message === 'ftc_stale');
      if (!conflict || attempt >= 8) throw e;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    }
  }
}

async function attemptIntake(
  deps: Deps,
  actor: Actor & { organisationId: string; orgKind: string },
  scope: string,
  key: string,
  hash: string,
  input: CreateRequestInput,
): Promise<{ detail: RequestDetail; replayed: boolean }> {
  const { db } = deps;
  const programme = await getProgramme(db);

  // the requester: the signed-in person, or the person who made the API token
  const requester =
    actor.profile ??
    (await db
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', 'u.id', 't.created_by')
      .select(['u.name', 'u.email', 'u.language'])
      .where('t.id', '=', actor.tokenId!)
      .executeTakeFirstOrThrow());
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
  const sources = input.options.migrationSources ?? [];
  // identical = same requester, project, workloads and dates, options and contacts (domain §3.8)
  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify({
        by: scope,
        project: input.projectName.trim().toLowerCase(),
        workloads: input.workloads.map((w) => `${w.workload}@${w.plannedDate}`).sort(),
        options: { dataMigration: input.options.dataMigration, sources: [...sources].sort() },
        contacts: [primaryContact.email.toLowerCase(), businessSponsor.email.toLowerCase()],
      }),
    )
    .digest('hex');
  const openRequests = (eb: ExpressionBuilder<Database, 'organisations'>) =>
    eb
      .selectFrom('requests')
      .whereRef('requests.customer_id', '=', 'organisations.id')
      .where('requests.status', 'in', OPEN_STATUSES);

  // 1. one read
  const [previous, row] = await Promise.all([
    db
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'response_body'])
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst(),
    db
      .selectFrom('organisations')
      .innerJoin('customers as c', 'c.organisation_id', 'organisations.id')
      .select((eb) => [
        'organisations.id',
        'organisations.kind',
        'organisations.name',
        'c.segment',
        'c.country',
        'c.language as customer_language',
        sql<string>`nextval('request_number_seq')::text`.as('next_number'),
        jsonArrayFrom(
          eb
            .selectFrom('subscriptions')
            .select(SUBSCRIPTION_COLUMNS)
            .whereRef('subscriptions.customer_id', '=', 'organisations.id'),
        ).as('subscriptions'),
        jsonObjectFrom(
          openRequests(eb)
            .select(['requests.id', 'requests.number', 'requests.status'])
            .where('requests.fingerprint', '=', fingerprint)
            .orderBy('requests.id')
            .limit(1),
        ).as('first'),
        eb
          .exists(
            openRequests(eb)
              .select(sql`1`.as('one'))
              .where(sql`lower(requests.project_name)`, '=', input.projectName.toLowerCase()),
          )
          .as('name_taken'),
        jsonArrayFrom(
          openRequests(eb)
            .select(['requests.id', 'requests.number', 'requests.status'])
            .orderBy('requests.id')
            .limit(SIBLING_LIMIT),
        ).as('siblings'),
        openRequests(eb).select(OPEN_SIGNATURE.as('signature')).as('open_signature'),
        jsonArrayFrom(
          eb
            .selectFrom('memberships as m')
            .innerJoin('users as u', 'u.id', 'm.user_id')
            .select(['u.email', 'u.language'])
            .whereRef('m.organisation_id', '=', 'organisations.id')
            .where('m.role', '=', 'admin'),
        ).as('admins'),
        eb
          .selectFrom('users')
          .select('language')
          .where(sql`lower(email)`, '=', primaryContact.email.toLowerCase())
          .limit(1)
          .as('contact_language'),
      ])
      .where('organisations.id', '=', input.customerId)
      .where(visibleOrganisations(actor))
      .executeTakeFirst(),
  ]);

  if (previous) {
    if (previous.request_hash !== hash) {
      throw new AppError('conflict', 'errors.detail.idempotencyMismatch', {}, [
        { path: '/headers/idempotency-key', key: 'errors.field.idempotencyReused' },
      ]);
    }
    const id = (previous.response_body as { id: string }).id;
    return { detail: await getRequest(db, actor, id), replayed: true };
  }
  if (row?.kind !== 'customer') throw notFound('customer');
  if (actor.orgKind === 'customer' && row.id !== actor.organisationId) throw notFound('customer');

  // 2. decisions, in memory
  const now = today();
  const problems = checkIntake(programme, actor.orgKind, input, now);
  const first = row.first as { id: string; number: string; status: string } | null;
  const siblings = row.siblings as { id: string; number: string; status: string }[];
  if (!first && row.name_taken) {
    problems.push({ path: '/body/projectName', key: 'errors.field.projectNameTaken' });
  }
  if (problems.length) throw new AppError('validation', 'errors.detail.validation', {}, problems);

  const eligibility = evaluateEligibility({
    programme,
    customer: { segment: row.segment as 'commercial', country: row.country },
    subscriptions: (row.subscriptions as unknown as SubscriptionRow[]).map(fieldsOf),
    workloads: input.workloads.map((w) => w.workload),
    dataMigration: input.options.dataMigration,
    asOf: now,
  });

  const id = newId('rfa');
  const at = new Date();
  const status = first ? 'cancelled' : 'submitted';
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
      for (const a of row.admins as { email: string; language: string | null }[])
        recipients.push({ email: a.email, locale: localeOr(a.language, 'en') });
    }
  }
  const number = formatNumber(row.next_number);
  type History = {
    id: string;
    from_status: string | null;
    to_status: string;
    reason_id: string | null;
    note: string | null;
    actor_user_id: string | null;
    created_at: Date;
  };
  const history: History[] = [
    {
      id: newId('rfh'),
      from_status: null,
      to_status: 'submitted',
      reason_id: null,
      note: null,
      actor_user_id: actor.userId,
      created_at: at,
    },
  ];
  if (first)
    history.push({
      id: newId('rfh'),
      from_status: 'submitted',
      to_status: 'cancelled',
      reason_id: 'duplicate',
      note: null,
      actor_user_id: null,
      created_at: new Date(at.getTime() + 1),
    });
  const links = first ? [{ request_id: id, linked_request_id: first.id, kind: 'duplicate-of' as const }] : [];
  const record = {
    id,
    number: row.next_number,
    customer_id: row.id,
    filed_by_user_id: actor.userId,
    filed_by_token_id: actor.tokenId,
    filed_by_organisation_id: actor.organisationId,
    channel: input.channel,
    status: status as 'submitted' | 'cancelled',
    project_name: input.projectName,
    service_location: input.serviceLocation,
    preferred_language: input.preferredLanguage,
    comments: input.comments ?? null,
    requester_name: requester.name,
    requester_email: requester.email,
    requester_phone: input.requester.phone,
    requester_title: input.requester.title,
    primary_contact: primaryContact,
    business_sponsor: businessSponsor,
    workloads: input.workloads,
    options: { dataMigration: input.options.dataMigration, migrationSources: sources },
    eligibility,
    fingerprint,
    duplicate_of: first?.id ?? null,
    created_at: at,
    updated_at: at,
  };

  // 3. one batched transaction
  const statements = await recordWrites(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`rfa:${row.id}`}))`.execute(tx);
    // the customer's open requests are the ones the decisions above were made on
    await sql`select ftc_assert(
      (select ${OPEN_SIGNATURE} from requests
        where customer_id = ${row.id} and status in ('submitted', 'on-hold', 'on-hold-pending-requestor-response')) = ${row.open_signature},
      'ftc_stale')`.execute(tx);
    await tx
      .insertInto('idempotency_keys')
      .values({ scope, key, request_hash: hash, response_status: 201, response_body: JSON.stringify({ id }) })
      .execute();
    await tx
      .insertInto('requests')
      .values({
        ...record,
        primary_contact: JSON.stringify(primaryContact),
        business_sponsor: JSON.stringify(businessSponsor),
        workloads: JSON.stringify(record.workloads),
        options: JSON.stringify(record.options),
        eligibility: JSON.stringify(eligibility),
      })
      .execute();
    await tx
      .insertInto('request_history')
      .values(history.map((h) => ({ ...h, request_id: id })))
      .execute();
    if (links.length) await tx.insertInto('request_links').values(links).execute();
    await audit(tx, actor, {
      action: first ? 'request.create_duplicate' : 'request.create',
      targetType: 'request',
      targetId: id,
      organisationId: row.id,
      after: {
        status,
        channel: input.channel,
        workloads: input.workloads,
        duplicate_of: first?.id ?? null,
        eligible: eligibility.eligible,
      },
    });
    const seen = new Set<string>();
    for (const r of recipients) {
      if (seen.has(r.email.toLowerCase())) continue;
      seen.add(r.email.toLowerCase());
      await queueEmail(tx, deps.jobs, {
        template: first ? 'requestCancelled' : 'requestReceived',
        to: r.email,
        locale: r.locale,
        values: {
          number,
          project: input.projectName,
          customer: row.name,
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
  });
  await runBatch(db, statements);

  const detail = toDetail(
    { ...record, customer_name: row.name, claimed_by: null, engagement_id: null, decision: null },
    history.map((h) => ({ ...h, actor_name: h.actor_user_id ? requester.name : null })),
    first
      ? [{ linked_request_id: first.id, kind: 'duplicate-of', number: first.number, status: first.status }]
      : siblings.map((o) => ({
          linked_request_id: o.id,
          kind: 'sibling',
          number: o.number,
          status: o.status,
        })),
    programme,
    actor.locale,
  );
  return { detail, replayed: false };
}
