/**
 * Who hears about a request, in their own language (domain §3.9): the requester always; the
 * customer's primary contact when someone else filed; the partner's admins when a partner filed
 * or delivers. Emails are queued in the same transaction as the change and sent after commit.
 */
import { sql } from 'kysely';
import type { Deps } from '../../app.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { ContactJson, RequestStatus } from '../../platform/db/schema.ts';
import { isLocale, type Locale, t } from '../../platform/i18n/i18n.ts';
import { queueEmail } from '../../platform/mail/mailer.ts';
import { notify } from '../notifications/notifications.ts';
import { getProgramme } from '../programme/programme.service.ts';
import { regionOfCountry } from '../programme/regions.ts';
import { localised, reasonText } from './request-views.ts';
import { CHANGE_LABELS, type ChangeField, formatNumber } from './request.model.ts';

interface Recipient {
  email: string;
  locale: Locale;
}

const TEMPLATE: Partial<Record<RequestStatus, string>> = {
  approved: 'requestApproved',
  'on-hold': 'requestOnHold',
  'on-hold-pending-requestor-response': 'requestPending',
  cancelled: 'requestCancelled',
  submitted: 'requestResubmitted',
};

async function context(deps: Deps, tx: Tx, requestId: string) {
  const r = await tx
    .selectFrom('requests as r')
    .innerJoin('organisations as c', 'c.id', 'r.customer_id')
    .innerJoin('customers as cp', 'cp.organisation_id', 'r.customer_id')
    .innerJoin('organisations as f', 'f.id', 'r.filed_by_organisation_id')
    .leftJoin('users as u', 'u.id', 'r.filed_by_user_id')
    .leftJoin('users as pc', (j) => j.on(sql`lower(pc.email)`, '=', sql`lower(r.primary_contact->>'email')`))
    .select([
      'r.id',
      'r.number',
      'r.project_name',
      'r.preferred_language',
      'r.requester_email',
      'r.primary_contact',
      'r.workloads',
      'r.decision',
      'r.options',
      'r.filed_by_organisation_id',
      'r.customer_id',
      'c.name as customer_name',
      'cp.language as customer_language',
      'f.kind as filer_kind',
      'u.language as requester_language',
      'pc.language as contact_language',
    ])
    .where('r.id', '=', requestId)
    .executeTakeFirstOrThrow();
  const fallback: Locale = isLocale(r.preferred_language) ? r.preferred_language : 'en';
  const requester: Recipient = {
    email: r.requester_email,
    locale: r.requester_language && isLocale(r.requester_language) ? r.requester_language : fallback,
  };
  const primary = r.primary_contact as unknown as ContactJson;
  const customerContact: Recipient = {
    email: primary.email,
    locale:
      r.contact_language && isLocale(r.contact_language)
        ? r.contact_language
        : isLocale(r.customer_language)
          ? r.customer_language
          : fallback,
  };
  const link = `${deps.config.publicUrl}/requests/${r.id}`;
  // when a partner or the center filed and named itself as the contact, the customer's admins hear instead
  const customerContacts =
    primary.email.toLowerCase() === r.requester_email.toLowerCase() && r.filer_kind !== 'customer'
      ? await organisationAdmins(tx, r.customer_id)
      : [customerContact];
  return { r, requester, customerContacts, link };
}

async function organisationAdmins(tx: Tx, organisationId: string): Promise<Recipient[]> {
  const rows = await tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.email', 'u.language'])
    .where('m.organisation_id', '=', organisationId)
    .where('m.role', '=', 'admin')
    .execute();
  return rows.map((u) => ({
    email: u.email,
    locale: u.language && isLocale(u.language) ? u.language : 'en',
  }));
}

/**
 * Who hears of the request's news: the requester; the customer when someone else filed; with
 * `partnerAdmins`, a filing partner's admins too (status moves and messages; a reminder or a
 * correction goes to whoever was asked).
 */
async function requesterSide(
  tx: Tx,
  ctx: Awaited<ReturnType<typeof context>>,
  { partnerAdmins = true } = {},
): Promise<Recipient[]> {
  const recipients: Recipient[] = [ctx.requester];
  // someone other than the customer filed: the customer hears too (§3.9)
  if (ctx.r.filer_kind !== 'customer') recipients.push(...ctx.customerContacts);
  if (partnerAdmins && ctx.r.filer_kind === 'partner')
    recipients.push(...(await organisationAdmins(tx, ctx.r.filed_by_organisation_id)));
  return recipients;
}

/** The people among the recipients who use FastTrack Center also see it in the portal (they had the email already). */
async function inPortal(
  tx: Tx,
  recipients: Recipient[],
  fallback: Locale,
  template: string,
  values: (l: Locale) => Record<string, string>,
  requestId: string,
) {
  const users = await tx
    .selectFrom('users')
    .select(['id', 'language'])
    .where(
      sql<string>`lower(email)`,
      'in',
      recipients.map((x) => x.email.toLowerCase()),
    )
    .execute();
  for (const u of users) {
    const l: Locale = u.language && isLocale(u.language) ? u.language : fallback;
    await notify(tx, [u.id], 'request', 'request', values(l), `/requests/${requestId}`, {
      titleKey: `email.${template}.subject`,
    });
  }
}

/** Someone at the center wrote on the request: its requester's side reads the message, in their language. */
export async function notifyRequesterOfMessage(
  deps: Deps,
  tx: Tx,
  requestId: string,
  name: string,
  note: (l: Locale) => string,
) {
  const ctx = await context(deps, tx, requestId);
  const recipients = await requesterSide(tx, ctx);
  const values = (l: Locale) => ({
    number: formatNumber(ctx.r.number),
    project: ctx.r.project_name,
    customer: ctx.r.customer_name,
    name,
    note: note(l),
    link: ctx.link,
  });
  await send(deps, tx, 'requestMessage', recipients, values);
  await inPortal(tx, recipients, ctx.requester.locale, 'requestMessage', values, requestId);
}

async function send(
  deps: Deps,
  tx: Tx,
  template: string,
  to: Recipient[],
  values: (l: Locale) => Record<string, string>,
) {
  const seen = new Set<string>();
  for (const rcpt of to) {
    const key = rcpt.email.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    await queueEmail(tx, deps.jobs, {
      template,
      to: rcpt.email,
      locale: rcpt.locale,
      values: values(rcpt.locale),
    });
  }
}

export async function notifyStatusChange(
  deps: Deps,
  tx: Tx,
  requestId: string,
  to: RequestStatus,
  reasonId: string | null,
  note: string | null,
) {
  const template = TEMPLATE[to];
  if (!template) return;
  const ctx = await context(deps, tx, requestId);
  const { r, requester, link } = ctx;
  const programme = await getProgramme(deps.db);
  const recipients = await requesterSide(tx, ctx);
  const decision = r.decision as Decision | null;
  const deliveringPartners = [
    ...new Set((decision?.approved ?? []).map((a) => a.partnerId).filter((p): p is string => !!p)),
  ];
  const workloadNames = (l: Locale, ids: string[]) =>
    ids
      .map(
        (id) =>
          localised(programme.workloads.find((x) => x.id === id)?.name as Record<string, string>, l) || id,
      )
      .join(', ');
  const approvedIds = (decision?.approved ?? []).map((a) => a.workload);
  const migratable = (id: string) =>
    (programme.workloads.find((x) => x.id === id)?.migrationSources?.length ?? 0) > 0;
  const values = (l: Locale) => ({
    number: formatNumber(r.number),
    project: r.project_name,
    customer: r.customer_name,
    reason: reasonText(programme, reasonId, l) ?? '',
    note: note ?? '',
    hasNote: note ? 'yes' : 'no',
    workloads: workloadNames(l, approvedIds),
    details:
      to === 'approved'
        ? approvalDetails(decision, r.options as RequestOptions, l, workloadNames, migratable)
        : '',
    link,
  });
  await send(deps, tx, template, recipients, values);
  await inPortal(tx, recipients, requester.locale, template, values, r.id);
  if (to === 'approved') {
    for (const partnerId of deliveringPartners) {
      if (partnerId === r.filed_by_organisation_id) continue; // the filing partner already heard
      await send(deps, tx, 'partnerAssigned', await organisationAdmins(tx, partnerId), (l) => ({
        ...values(l),
        workloads: workloadNames(
          l,
          (decision?.approved ?? []).filter((a) => a.partnerId === partnerId).map((a) => a.workload),
        ),
      }));
    }
  }
}

interface Reason {
  key: string;
  values?: Record<string, string | number>;
}
interface Decision {
  approved?: { workload: string; partnerId: string | null; migrationLevel?: string }[];
  refused?: { workload: string; reasons?: Reason[] }[];
}
interface RequestOptions {
  dataMigration?: boolean;
}
const MIGRATION_LEVELS = ['service', 'guidance', 'none'] as const;

/**
 * What an approval did not give (domain §3.9's variants "approved except …" and "approved for
 * onboarding but not data migration"): the data-migration level of the approved workloads that
 * have data to move, when migration was asked for, and each workload left out with its reasons — so nobody reads the
 * approval as covering more than it does. Empty when there is nothing to add.
 */
export function approvalDetails(
  decision: Decision | null,
  options: RequestOptions | null,
  l: Locale,
  workloadNames: (l: Locale, ids: string[]) => string,
  migratable: (workload: string) => boolean,
): string {
  const lines: string[] = [];
  if (options?.dataMigration) {
    const approved = decision?.approved ?? [];
    for (const level of MIGRATION_LEVELS) {
      const ids = approved
        .filter((a) => migratable(a.workload) && (a.migrationLevel ?? 'none') === level)
        .map((a) => a.workload);
      if (ids.length)
        lines.push(t(l, `email.requestApproved.migration.${level}`, { workloads: workloadNames(l, ids) }));
    }
  }
  for (const x of decision?.refused ?? []) {
    const reasons = (x.reasons ?? []).map((r) => t(l, r.key, r.values ?? {})).join(' ');
    lines.push(t(l, 'email.requestApproved.refused', { workload: workloadNames(l, [x.workload]), reasons }));
  }
  return lines.map((line) => `\n\n${line}`).join('');
}

/**
 * The requester's side acted (corrected, answered, cancelled, wrote): the reviewer who claimed the
 * request hears of it — or, if nobody claimed it, the center person who last moved it (who asked the
 * question) — in the portal and by email, as their preferences say, in their language. A message on
 * a request nobody owns yet goes to the center's leads (those whose profile covers the customer's
 * region, or every lead when none does): someone waits for an answer, not only for the queue.
 */
export async function notifyReviewer(
  deps: Deps,
  tx: Tx,
  actor: { userId: string | null },
  requestId: string,
  key: 'requestCorrected' | 'requestAnswered' | 'requestWithdrawn' | 'requestUnanswered' | 'requestMessage',
  values: { name: string; note?: string | ((l: Locale) => string); reminders?: string },
) {
  const r = await tx
    .selectFrom('requests as r')
    .innerJoin('organisations as o', 'o.id', 'r.customer_id')
    .innerJoin('customers as cp', 'cp.organisation_id', 'r.customer_id')
    .select([
      'r.number',
      'r.claimed_by',
      'r.project_name',
      'r.requester_name',
      'o.name as customer',
      'cp.country',
    ])
    .where('r.id', '=', requestId)
    .executeTakeFirstOrThrow();
  const asker = r.claimed_by
    ? null
    : await tx
        .selectFrom('request_history as h')
        .innerJoin('memberships as m', 'm.user_id', 'h.actor_user_id')
        .innerJoin('organisations as c', (j) =>
          j.onRef('c.id', '=', 'm.organisation_id').on('c.kind', '=', 'center'),
        )
        .select('h.actor_user_id')
        .where('h.request_id', '=', requestId)
        .where('h.changes', 'is', null)
        .where('h.from_status', 'is not', null)
        .orderBy('h.created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
  const reviewer = r.claimed_by ?? asker?.actor_user_id;
  const people = reviewer ? [reviewer] : key === 'requestMessage' ? await leadsFor(deps, tx, r.country) : [];
  const to = people.filter((id) => id !== actor.userId);
  if (!to.length) return;
  await notify(
    tx,
    to,
    'request',
    key,
    (l) => ({
      number: formatNumber(r.number),
      project: r.project_name,
      customer: r.customer,
      note: typeof values.note === 'function' ? values.note(l) : (values.note ?? ''),
      reminders: values.reminders ?? '',
      // an API token has no name of its own: the person it files for
      name: values.name || r.requester_name,
    }),
    `/requests/${requestId}`,
    { email: { jobs: deps.jobs, publicUrl: deps.config.publicUrl } },
  );
}

/**
 * A colleague wrote an internal note on the request: the reviewer who claimed it and the colleagues the
 * author named hear of it (not the author), in the portal and by email as their preferences say, in
 * their language.
 */
export async function notifyCenterOfNote(
  deps: Deps,
  tx: Tx,
  actor: { userId: string | null },
  requestId: string,
  name: string,
  note: string,
  colleagues: readonly string[] = [],
) {
  const r = await tx
    .selectFrom('requests as r')
    .innerJoin('organisations as o', 'o.id', 'r.customer_id')
    .select(['r.number', 'r.claimed_by', 'r.project_name', 'o.name as customer'])
    .where('r.id', '=', requestId)
    .executeTakeFirstOrThrow();
  const to = [...new Set([...(r.claimed_by ? [r.claimed_by] : []), ...colleagues])].filter(
    (userId) => userId !== actor.userId,
  );
  if (!to.length) return;
  await notify(
    tx,
    to,
    'request',
    'requestNote',
    { number: formatNumber(r.number), project: r.project_name, customer: r.customer, name, note },
    `/requests/${requestId}`,
    { email: { jobs: deps.jobs, publicUrl: deps.config.publicUrl } },
  );
}

/** The center's leads for a customer in `country`: those whose profile covers its region, else all. */
export async function leadsFor(deps: Pick<Deps, 'db'>, tx: Tx, country: string | null): Promise<string[]> {
  const programme = await getProgramme(deps.db);
  const region = country ? (regionOfCountry(programme, country)?.id ?? null) : null;
  const leads = await tx
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', (j) =>
      j.onRef('o.id', '=', 'm.organisation_id').on('o.kind', '=', 'center'),
    )
    .leftJoin('person_profiles as p', 'p.user_id', 'm.user_id')
    .select(['m.user_id', sql<boolean>`coalesce(${region}::text = any(p.regions), false)`.as('covers')])
    .where('m.role', '=', 'lead')
    .orderBy('m.user_id')
    .execute();
  const covering = leads.filter((l) => l.covers);
  return [...new Set((covering.length ? covering : leads).map((l) => l.user_id))];
}

/**
 * Reminder `n` of `of` for a request waiting for its requester: to whoever was asked (the requester,
 * and the customer's contacts when someone else filed), with the question, in their language.
 */
export async function remindRequester(deps: Deps, tx: Tx, requestId: string, n: number, of: number) {
  const ctx = await context(deps, tx, requestId);
  const { r, link } = ctx;
  const programme = await getProgramme(deps.db);
  const asked = await tx
    .selectFrom('request_history')
    .select(['reason_id', 'note'])
    .where('request_id', '=', requestId)
    .where('to_status', '=', 'on-hold-pending-requestor-response')
    .where('kind', '=', 'status')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const recipients = await requesterSide(tx, ctx, { partnerAdmins: false });
  await send(deps, tx, 'requestReminder', recipients, (l) => ({
    number: formatNumber(r.number),
    project: r.project_name,
    customer: r.customer_name,
    reason: reasonText(programme, asked?.reason_id ?? null, l) ?? '',
    note: asked?.note ?? '',
    hasNote: asked?.note ? 'yes' : 'no',
    n: String(n),
    of: String(of),
    link,
  }));
}

/**
 * A reviewer corrected the request: the requester — and the customer's contacts when someone else
 * filed — hear which fields changed, in their language.
 */
export async function notifyRequesterOfCorrection(
  deps: Deps,
  tx: Tx,
  requestId: string,
  changed: readonly ChangeField[],
) {
  const ctx = await context(deps, tx, requestId);
  const { r, link } = ctx;
  const recipients = await requesterSide(tx, ctx, { partnerAdmins: false });
  await send(deps, tx, 'requestCorrectedByCenter', recipients, (l) => ({
    number: formatNumber(r.number),
    project: r.project_name,
    customer: r.customer_name,
    fields: changed.map((f) => t(l, CHANGE_LABELS[f])).join(', '),
    link,
  }));
}
