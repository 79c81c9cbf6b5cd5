/** Reading requests: scoped to what the caller may see, localised for the reader. */
import { type ExpressionBuilder, sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { containsText, idsWhenFew, searchText, unionOf } from '../../platform/db/text-search.ts';
import type { ContactJson, Database, RequestStatus } from '../../platform/db/schema.ts';
import { fieldError, notFound } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';
import { csvOfPages } from '../../platform/http/csv.ts';
import { type Locale, t } from '../../platform/i18n/i18n.ts';
import type { Actor } from '../access/actor.ts';
import { requireOrganisation } from '../access/policy.ts';
import { organisationWays } from '../organisations/organisations.ts';
import { localiseAnswer } from '../eligibility/customer-eligibility.ts';
import type { EligibilityAnswer } from '../eligibility/evaluate-eligibility.ts';
import { getProgramme } from '../programme/programme.service.ts';
import type { Programme } from '../programme/programme.schema.ts';
import {
  awaitingResponse,
  dueBefore,
  type ResponseClock,
  replyClock,
  responseCalendars,
  responseClock,
} from './response-clock.ts';
import {
  CHANGE_LABELS,
  type ChangeField,
  formatNumber,
  OPEN_STATUSES,
  REMINDERS,
  SIBLING_LIMIT,
} from './request.model.ts';

/** Requests the actor may see: center all; customer its own; partner those of customers that approved it. */
export function visibleRequests(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'requests'>) => {
    if (actor.orgKind === 'center') return sql<boolean>`true`;
    if (actor.orgKind === 'customer') return eb('requests.customer_id', '=', actor.organisationId!);
    if (actor.orgKind === 'partner') {
      return eb(
        'requests.customer_id',
        'in',
        eb
          .selectFrom('partner_relationships')
          .select('customer_id')
          .where('partner_id', '=', actor.organisationId!)
          .where('status', '=', 'approved'),
      );
    }
    return sql<boolean>`false`;
  };
}

/** A programme region by id, or a field error at `path` naming the regions there are. */
export function namedRegion(programme: Programme, id: string, path: string) {
  const region = programme.regions.find((r) => r.id === id);
  if (!region)
    throw fieldError(path, 'errors.field.oneOf', { allowed: programme.regions.map((r) => r.id).join(', ') });
  return region;
}

/** Requests that ask for a product. */
export const asksFor = (workload: string) =>
  sql<boolean>`requests.workloads @> ${JSON.stringify([{ workload }])}::jsonb`;

export const localised = (text: Record<string, string> | string | undefined, locale: Locale) =>
  typeof text === 'string' ? text : (text?.[locale === 'en-XA' ? 'en' : locale] ?? text?.en ?? '');

export function reasonText(programme: Programme, reasonId: string | null, locale: Locale): string | null {
  if (!reasonId) return null;
  for (const bank of Object.values(programme.notes.requestReasons)) {
    const r = ((bank ?? []) as { id: string; text: unknown }[]).find((x) => x.id === reasonId);
    if (r) return localised(r.text as Record<string, string> | string, locale);
  }
  return reasonId;
}

const summaryColumns = [
  'requests.id',
  'requests.number',
  'requests.customer_id',
  'o.name as customer_name',
  'requests.status',
  'requests.channel',
  'requests.project_name',
  'requests.preferred_language',
  'requests.service_location',
  'requests.workloads',
  'requests.claimed_by',
  'claimer.name as claimed_by_name',
  'requests.duplicate_of',
  'requests.engagement_id',
  'requests.responded_at',
  'requests.created_at',
  'requests.updated_at',
] as const;

export interface SummaryRow {
  id: string;
  number: string;
  customer_id: string;
  customer_name: string;
  status: RequestStatus;
  channel: string;
  project_name: string;
  preferred_language: string;
  service_location: string;
  workloads: unknown;
  claimed_by: string | null;
  claimed_by_name: string | null;
  duplicate_of: string | null;
  engagement_id: string | null;
  /** absent for a request just taken in: not answered yet */
  responded_at?: Date | null;
  created_at: Date;
  updated_at: Date;
  /** lists only: the latest history entry (LAST_ENTRY) */
  last_entry?: { kind: 'status' | 'correction' | 'message'; by_center: boolean; at: string } | null;
}

/** Whether someone at the center made history entry `h`. */
const BY_CENTER = sql<boolean>`exists (select 1 from memberships m join organisations mo on mo.id = m.organisation_id
  where m.user_id = h.actor_user_id and mo.kind = 'center')`;
/**
 * The latest entry `h` of the request's conversation: internal notes are the center's own, and a reminder
 * only repeats the question, so neither is an answer.
 */
const LATEST_ENTRY = sql`from request_history h where h.request_id = requests.id
  and h.kind in ('status', 'correction', 'message')
  order by h.created_at desc, h.id desc limit 1`;

/**
 * The latest history entry of the request in the row, and whether someone at the center made it —
 * so a list shows where a message waits for the other side. Evaluated for the page's rows only.
 */
const LAST_ENTRY = sql<SummaryRow['last_entry']>`(
  select json_build_object('kind', h.kind, 'at', h.created_at, 'by_center', ${BY_CENTER})
  ${LATEST_ENTRY})`;

/**
 * The request's latest entry is a message waiting for the reader's side: for the center, one from the
 * requester's side; for the customer and its partner, one from the center.
 */
export const messageWaitingFor = (center: boolean) =>
  sql<boolean>`coalesce((select h.kind = 'message' and ${center ? sql`not ` : sql``}${BY_CENTER}
  ${LATEST_ENTRY}), false)`;

/** When the requester's side wrote the conversation's latest entry, if it is their message (else null). */
function requesterWrote(last: { kind: string; by_center: boolean; at: string | Date } | null | undefined) {
  return last?.kind === 'message' && !last.by_center ? new Date(last.at) : null;
}

/** A request in a list; `center`: the reader is center staff, who see who claimed it. */
function summary(r: SummaryRow, programme: Programme, locale: Locale, center: boolean) {
  return {
    id: r.id,
    number: formatNumber(r.number),
    customerId: r.customer_id,
    customerName: r.customer_name,
    status: r.status,
    statusLabel: t(locale, `requests.status.${r.status}`),
    channel: r.channel,
    projectName: r.project_name,
    preferredLanguage: r.preferred_language,
    serviceLocation: r.service_location,
    workloads: (r.workloads as { workload: string; plannedDate: string; businessReason?: string }[]).map(
      (w) => ({
        workload: w.workload,
        name:
          localised(
            programme.workloads.find((x) => x.id === w.workload)?.name as Record<string, string> | undefined,
            locale,
          ) || w.workload,
        plannedDate: w.plannedDate,
        ...(w.businessReason ? { businessReason: w.businessReason } : {}),
      }),
    ),
    claimedBy: r.claimed_by,
    claimedByName: center ? r.claimed_by_name : null,
    duplicateOf: r.duplicate_of,
    engagementId: r.engagement_id,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    ...(r.last_entry
      ? {
          lastEntry: {
            kind: r.last_entry.kind,
            byCenter: r.last_entry.by_center,
            at: new Date(r.last_entry.at).toISOString(),
          },
        }
      : {}),
  };
}

export type RequestSummary = ReturnType<typeof summary>;

export interface ListQuery {
  status?: RequestStatus[];
  channel?: string;
  customerId?: string;
  language?: string;
  workload?: string;
  country?: string;
  region?: string;
  q?: string;
  mine?: boolean;
  /** who claimed the request: the caller, nobody, or anybody */
  claimed?: 'me' | 'nobody' | 'someone';
  /**
   * `waiting`: open, and the latest entry is a message for the caller's side to answer; `overdue`: one
   * waiting past the response time
   */
  messages?: 'waiting' | 'overdue';
  /** waiting for the center's first answer (`awaiting`), or past its response time (`overdue`) */
  response?: 'awaiting' | 'overdue';
  cursor?: string;
  limit?: number;
}

/** Up to this many matching customers a search looks their requests up through the customer index. */
const FEW_CUSTOMERS = 200;

/**
 * Which requests a search text finds: those of the customers it matches (name, tenant id, domain,
 * id), those whose project name contains it, and the one with that RFA number. As every search here
 * (platform/db/text-search.ts), it finds out first how much it matches: the customers (up to
 * FEW_CUSTOMERS), then the requests each way through its index (up to FEW_MATCHES); more than
 * that, and the requests are read in id order, where the page fills at once.
 */
async function searchCondition(db: Db, actor: Actor, text: string) {
  const s = searchText(text);
  const number = /^(rfa-)?0*(\d+)$/.exec(s)?.[2];
  const customerWays = organisationWays(db, s, 'customer');
  const customers = await idsWhenFew(customerWays, FEW_CUSTOMERS);
  const byProject = containsText(sql.ref('requests.project_name'), s);
  const byNumber = number ? [sql<boolean>`requests.number = ${number}`] : [];
  if (customers) {
    const ways = [
      ...(customers.length ? [sql<boolean>`requests.customer_id = any(${customers}::text[])`] : []),
      byProject,
      ...byNumber,
    ].map((way) => db.selectFrom('requests').select('requests.id').where(visibleRequests(actor)).where(way));
    const ids = await idsWhenFew(ways);
    if (ids)
      return (eb: ExpressionBuilder<Database, 'requests'>) =>
        eb('requests.id', '=', sql<string>`any(${ids}::text[])`);
  }
  return (eb: ExpressionBuilder<Database, 'requests'>) =>
    eb.or([
      customers
        ? eb('requests.customer_id', '=', sql<string>`any(${customers}::text[])`)
        : eb('requests.customer_id', 'in', unionOf(customerWays)),
      byProject,
      ...byNumber,
    ]);
}

/** The triage queue and "my requests": oldest first, filterable, searchable, cursor-paginated. */
export async function listRequests(db: Db, actor: Actor, q: ListQuery) {
  requireOrganisation(actor);
  const programme = await getProgramme(db);
  // read beside the page (awaited first only when the list is filtered by the clock)
  const calendarsRead = responseCalendars(db, programme);
  calendarsRead.catch(() => {});
  const now = new Date();
  const limit = q.limit ?? 50;
  const after = decodeCursor(q.cursor, 1);
  let query = db
    .selectFrom('requests')
    .innerJoin('organisations as o', 'o.id', 'requests.customer_id')
    .leftJoin('users as claimer', 'claimer.id', 'requests.claimed_by')
    .innerJoin('customers as c', 'c.organisation_id', 'requests.customer_id')
    .select(summaryColumns)
    .select(['c.country', LAST_ENTRY.as('last_entry')])
    .where(visibleRequests(actor));
  if (q.status?.length) query = query.where('requests.status', 'in', q.status);
  if (q.channel) query = query.where('requests.channel', '=', q.channel);
  if (q.customerId) query = query.where('requests.customer_id', '=', q.customerId);
  if (q.language) query = query.where('requests.preferred_language', '=', q.language);
  if (q.country) query = query.where('c.country', '=', q.country);
  if (q.region)
    query = query.where('c.country', 'in', namedRegion(programme, q.region, '/querystring/region').countries);
  if (q.workload) query = query.where(asksFor(q.workload));
  if (q.mine && actor.userId) query = query.where('requests.filed_by_user_id', '=', actor.userId);
  if (q.claimed === 'me') query = query.where('requests.claimed_by', '=', actor.userId ?? '');
  if (q.claimed === 'nobody') query = query.where('requests.claimed_by', 'is', null);
  if (q.claimed === 'someone') query = query.where('requests.claimed_by', 'is not', null);
  if (q.messages)
    query = query
      .where('requests.status', 'in', OPEN_STATUSES)
      .where(messageWaitingFor(actor.orgKind === 'center'));
  if (q.messages === 'overdue')
    query = query.where(dueBefore(await calendarsRead, now, sql`(select h.created_at ${LATEST_ENTRY})`));
  if (q.response) query = query.where(awaitingResponse(await calendarsRead, now, q.response === 'overdue'));
  if (q.q) query = query.where(await searchCondition(db, actor, q.q));
  // ids are time-ordered (UUIDv7), so id order is filing order: oldest first
  if (after) query = query.where('requests.id', '>', String(after[0]));
  const [rows, calendars] = await Promise.all([
    query
      .orderBy('requests.id')
      .limit(limit + 1)
      .execute(),
    calendarsRead,
  ]);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      ...summary(r, programme, actor.locale, actor.orgKind === 'center'),
      response: responseClock(calendars, r, now),
      reply: replyClock(calendars, r, requesterWrote(r.last_entry), now),
    })),
    nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null,
  };
}

/** The queue as CSV (the same filters, every page up to 50,000 rows), for spreadsheets. */
export function exportRequestsCsv(db: Db, actor: Actor, q: ListQuery): Promise<string> {
  return csvOfPages(
    [
      'number',
      'id',
      'project',
      'customer',
      'status',
      'channel',
      'language',
      'workloads',
      'plannedDates',
      'claimedBy',
      'engagementId',
      'createdAt',
      'respondBy',
      'respondedAt',
    ],
    (page) => listRequests(db, actor, { ...q, ...page }),
    (r) => [
      r.number,
      r.id,
      r.projectName,
      r.customerName,
      r.status,
      r.channel,
      r.preferredLanguage,
      r.workloads.map((w) => w.workload).join(' '),
      r.workloads.map((w) => w.plannedDate).join(' '),
      r.claimedByName,
      r.engagementId,
      r.createdAt,
      r.response?.due ?? null,
      r.response?.respondedAt ?? null,
    ],
  );
}

export async function getRequest(db: Db, actor: Actor, id: string): Promise<RequestDetail> {
  requireOrganisation(actor);
  const programme = await getProgramme(db);
  const r = await db
    .selectFrom('requests')
    .innerJoin('organisations as o', 'o.id', 'requests.customer_id')
    .innerJoin('customers as c', 'c.organisation_id', 'requests.customer_id')
    .leftJoin('users as claimer', 'claimer.id', 'requests.claimed_by')
    .select([
      ...summaryColumns,
      'c.country',
      'requests.comments',
      'requests.requester_name',
      'requests.requester_email',
      'requests.requester_phone',
      'requests.requester_title',
      'requests.primary_contact',
      'requests.business_sponsor',
      'requests.options',
      'requests.eligibility',
      'requests.decision',
      'requests.filed_by_organisation_id',
      'requests.reminders_sent',
      'requests.next_reminder_at',
    ])
    .where('requests.id', '=', id)
    .where(visibleRequests(actor))
    .executeTakeFirst();
  if (!r) throw notFound('request');
  const [history, links, calendars] = await Promise.all([
    db
      .selectFrom('request_history as h')
      .leftJoin('users as u', 'u.id', 'h.actor_user_id')
      .select([
        'h.from_status',
        'h.to_status',
        'h.reason_id',
        'h.note',
        'h.changes',
        'h.kind',
        'h.created_at',
        'u.name as actor_name',
        BY_CENTER.as('by_center'),
      ])
      .where('h.request_id', '=', id)
      // internal notes: center staff only
      .$if(actor.orgKind !== 'center', (q) => q.where('h.kind', '<>', 'internal'))
      .orderBy('h.created_at')
      .orderBy('h.id')
      .execute(),
    linksOf(db, id, r.customer_id, r.status),
    responseCalendars(db, programme),
  ]);
  const now = new Date();
  const last = history.findLast(
    (h) => h.kind === 'status' || h.kind === 'correction' || h.kind === 'message',
  );
  return {
    ...toDetail(r as DetailRow, history, links, programme, actor.locale, actor.orgKind === 'center'),
    response: responseClock(calendars, r, now),
    reply: replyClock(
      calendars,
      r,
      requesterWrote(last && { kind: last.kind!, by_center: last.by_center, at: last.created_at }),
      now,
    ),
  };
}

/**
 * A request's links: the request it duplicates, the requests that duplicate it, and — while it is
 * open — the customer's other open requests (siblings, for the reviewer). Links never cross customers.
 */
async function linksOf(db: Db, id: string, customerId: string, status: RequestStatus): Promise<LinkRow[]> {
  const [explicit, duplicates, siblings] = await Promise.all([
    db
      .selectFrom('request_links as l')
      .innerJoin('requests as other', 'other.id', 'l.linked_request_id')
      .select(['l.linked_request_id', 'l.kind', 'other.number', 'other.status'])
      .where('l.request_id', '=', id)
      .where('other.customer_id', '=', customerId)
      .execute(),
    db
      .selectFrom('requests')
      .select(['id as linked_request_id', sql<string>`'duplicate'`.as('kind'), 'number', 'status'])
      .where('duplicate_of', '=', id)
      .where('customer_id', '=', customerId)
      .orderBy('id')
      .limit(SIBLING_LIMIT)
      .execute(),
    OPEN_STATUSES.includes(status)
      ? db
          .selectFrom('requests')
          .select(['id as linked_request_id', sql<string>`'sibling'`.as('kind'), 'number', 'status'])
          .where('customer_id', '=', customerId)
          .where('status', 'in', OPEN_STATUSES)
          .where('id', '!=', id)
          .orderBy('id')
          .limit(SIBLING_LIMIT)
          .execute()
      : [],
  ]);
  return [...explicit, ...duplicates, ...siblings];
}

export interface DetailRow extends SummaryRow {
  comments: string | null;
  requester_name: string;
  requester_email: string;
  requester_phone: string;
  requester_title: string;
  primary_contact: unknown;
  business_sponsor: unknown;
  options: unknown;
  eligibility: unknown;
  decision: unknown;
  filed_by_organisation_id: string;
  /** pending-reminders.ts (absent for a request just taken in: none yet) */
  reminders_sent?: number;
  next_reminder_at?: Date | null;
}

export interface HistoryRow {
  from_status: string | null;
  to_status: string;
  reason_id: string | null;
  note: string | null;
  /** a correction's changed fields (update-request.ts); absent or null for a status move */
  changes?: string[] | null;
  /** absent for an entry just written by intake: a status move */
  kind?: 'status' | 'correction' | 'message' | 'internal' | 'reminder';
  created_at: Date;
  actor_name: string | null;
  /** someone at the center made the entry (false: the requester's side, or the system) */
  by_center: boolean;
}

export interface LinkRow {
  linked_request_id: string;
  kind: string;
  number: string;
  status: string;
}

/** Which reminder entry `i` is: its count since the last status move (the question it follows up). */
function reminderNumber(history: HistoryRow[], i: number): number {
  let n = 0;
  for (let j = i; j >= 0 && history[j]!.kind !== 'status'; j--) if (history[j]!.kind === 'reminder') n++;
  return n;
}

/** The detail view of a request from its rows (read back, or just written by intake). */
export function toDetail(
  r: DetailRow,
  history: HistoryRow[],
  links: LinkRow[],
  programme: Programme,
  locale: Locale,
  center = false,
) {
  return {
    ...summary(r, programme, locale, center),
    comments: r.comments,
    requester: {
      name: r.requester_name,
      email: r.requester_email,
      phone: r.requester_phone,
      title: r.requester_title,
    },
    primaryContact: r.primary_contact as ContactJson,
    businessSponsor: r.business_sponsor as ContactJson,
    options: r.options as { dataMigration: boolean; migrationSources: string[] },
    filedByOrganisationId: r.filed_by_organisation_id,
    reminders: {
      sent: r.reminders_sent ?? 0,
      of: REMINDERS,
      nextAt: r.next_reminder_at ? new Date(r.next_reminder_at).toISOString() : null,
    },
    eligibility: localiseAnswer(r.eligibility as EligibilityAnswer, r.customer_id, programme, locale),
    decision: (r.decision as Record<string, unknown> | null) ?? null,
    links: links.map((l) => ({
      id: l.linked_request_id,
      number: formatNumber(l.number),
      kind: l.kind,
      status: l.status,
    })),
    history: history.map((h, i) => ({
      fromStatus: h.from_status,
      toStatus: h.to_status,
      statusLabel: t(locale, `requests.status.${h.to_status}`),
      reasonId: h.reason_id,
      reason: reasonText(programme, h.reason_id, locale),
      note: h.note,
      changes: (h.changes ?? null) as ChangeField[] | null,
      changeLabels: h.changes ? h.changes.map((f) => t(locale, CHANGE_LABELS[f as ChangeField] ?? f)) : null,
      kind: h.kind ?? (h.changes ? 'correction' : 'status'),
      reminder: h.kind === 'reminder' ? reminderNumber(history, i) : null,
      actorName: h.actor_name ?? null,
      byCenter: h.by_center,
      at: new Date(h.created_at).toISOString(),
    })),
  };
}

/** A request as read; intake's answer has no `response` clock yet (it counts from the filing). */
export type RequestDetail = ReturnType<typeof toDetail> & {
  response?: ResponseClock | null;
  reply?: ResponseClock | null;
};
