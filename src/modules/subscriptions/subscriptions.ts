/**
 * A customer's subscriptions (plan, paid seats, status, dates, channel): created, updated and bulk
 * imported from CSV by center admins/leads and the customer's admins. Eligibility reads them.
 */
import { parse } from 'csv-parse/sync';
import type { Db, Tx } from '../../platform/db/database.ts';
import { AppError, type FieldProblem, fieldError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { isCalendarDate } from '../../platform/time/calendar-date.ts';
import type { Actor } from '../access/actor.ts';
import { authorise, findVisibleOrganisation } from '../access/policy.ts';
import { audit } from '../audit/audit.ts';
import type { SubscriptionInput } from '../eligibility/eligibility.types.ts';
import type { Programme } from '../programme/programme.schema.ts';

/** The fields of a subscription: exactly what the eligibility engine reads. */
export type SubscriptionFields = SubscriptionInput;

export interface SubscriptionView extends SubscriptionFields {
  id: string;
  customerId: string;
  planName: string | null;
  createdAt: string;
}

export const SUBSCRIPTION_COLUMNS = [
  'id',
  'customer_id',
  'plan_sku',
  'paid_seats',
  'status',
  'licence_kind',
  'starts_on',
  'ends_on',
  'purchase_channel',
  'education_seat_kind',
  'created_at',
] as const;

export type SubscriptionRow = {
  id: string;
  customer_id: string;
  plan_sku: string;
  paid_seats: number;
  status: SubscriptionFields['status'];
  licence_kind: SubscriptionFields['licenceKind'];
  starts_on: string;
  ends_on: string | null;
  purchase_channel: string;
  education_seat_kind: SubscriptionFields['educationSeatKind'];
  created_at: Date;
};

const day = (d: unknown): string =>
  d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10);

/** The stored fields of a subscription, as the eligibility engine reads them. */
export function fieldsOf(r: SubscriptionRow): SubscriptionFields {
  return {
    planSku: r.plan_sku,
    paidSeats: r.paid_seats,
    status: r.status,
    licenceKind: r.licence_kind,
    startsOn: day(r.starts_on),
    endsOn: r.ends_on ? day(r.ends_on) : null,
    purchaseChannel: r.purchase_channel,
    educationSeatKind: r.education_seat_kind,
  };
}

export function toView(r: SubscriptionRow, programme: Programme): SubscriptionView {
  return {
    id: r.id,
    customerId: r.customer_id,
    planName: programme.plans.find((p) => p.sku === r.plan_sku)?.name ?? null,
    createdAt: new Date(r.created_at).toISOString(),
    ...fieldsOf(r),
  };
}

/** Rules every subscription must meet beyond its JSON shape. Returns problems under `base`. */
export function checkSubscription(s: SubscriptionFields, programme: Programme, base: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const plan = programme.plans.find((p) => p.sku === s.planSku || (p.aliases ?? []).includes(s.planSku));
  if (!plan) problems.push({ path: `${base}/planSku`, key: 'errors.field.unknownPlan' });
  if (s.endsOn && s.endsOn < s.startsOn)
    problems.push({ path: `${base}/endsOn`, key: 'errors.field.endBeforeStart' });
  if (!isCalendarDate(s.startsOn))
    problems.push({ path: `${base}/startsOn`, key: 'errors.field.format', values: { format: 'date' } });
  if (s.endsOn && !isCalendarDate(s.endsOn))
    problems.push({ path: `${base}/endsOn`, key: 'errors.field.format', values: { format: 'date' } });
  return problems;
}

function canonicalSku(sku: string, programme: Programme): string {
  return programme.plans.find((p) => p.sku === sku || (p.aliases ?? []).includes(sku))?.sku ?? sku;
}

async function customerForChange(db: Db, actor: Actor, customerId: string) {
  const org = await findVisibleOrganisation(db, actor, customerId);
  if (org.kind !== 'customer') throw fieldError('/params/id', 'errors.field.notCustomer');
  authorise(actor, 'organisation.update', org);
  return org;
}

async function insert(
  tx: Tx,
  customerId: string,
  s: SubscriptionFields,
  programme: Programme,
): Promise<string> {
  const id = newId('sub');
  await tx
    .insertInto('subscriptions')
    .values({
      id,
      customer_id: customerId,
      plan_sku: canonicalSku(s.planSku, programme),
      paid_seats: s.paidSeats,
      status: s.status,
      licence_kind: s.licenceKind,
      starts_on: s.startsOn,
      ends_on: s.endsOn,
      purchase_channel: s.purchaseChannel,
      education_seat_kind: s.educationSeatKind,
    })
    .execute();
  return id;
}

async function readView(db: Db, id: string, programme: Programme): Promise<SubscriptionView> {
  const row = await db
    .selectFrom('subscriptions')
    .select(SUBSCRIPTION_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return toView(row as SubscriptionRow, programme);
}

export async function listSubscriptions(db: Db, actor: Actor, customerId: string, programme: Programme) {
  const org = await findVisibleOrganisation(db, actor, customerId);
  if (org.kind !== 'customer') throw notFound('customer');
  const rows = await db
    .selectFrom('subscriptions')
    .select(SUBSCRIPTION_COLUMNS)
    .where('customer_id', '=', org.id)
    .orderBy('starts_on')
    .execute();
  return rows.map((r) => toView(r as SubscriptionRow, programme));
}

export async function createSubscription(
  db: Db,
  actor: Actor,
  customerId: string,
  input: SubscriptionFields,
  programme: Programme,
) {
  const org = await customerForChange(db, actor, customerId);
  const problems = checkSubscription(input, programme, '/body');
  if (problems.length) throw new AppError('validation', 'errors.detail.validation', {}, problems);
  const id = await db.transaction().execute(async (tx) => {
    const id = await insert(tx, org.id, input, programme);
    await audit(tx, actor, {
      action: 'subscription.create',
      targetType: 'subscription',
      targetId: id,
      organisationId: org.id,
      after: input,
    });
    return id;
  });
  return readView(db, id, programme);
}

export async function updateSubscription(
  db: Db,
  actor: Actor,
  id: string,
  patch: Partial<SubscriptionFields>,
  programme: Programme,
) {
  const existing = await db
    .selectFrom('subscriptions')
    .select(SUBSCRIPTION_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!existing) throw notFound('subscription');
  const org = await customerForChange(db, actor, existing.customer_id).catch((e) => {
    throw e instanceof AppError && e.code === 'not_found' ? notFound('subscription') : e;
  });
  const merged = { ...toView(existing as SubscriptionRow, programme), ...patch };
  const problems = checkSubscription(merged, programme, '/body');
  if (problems.length) throw new AppError('validation', 'errors.detail.validation', {}, problems);
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('subscriptions')
      .set({
        plan_sku: canonicalSku(merged.planSku, programme),
        paid_seats: merged.paidSeats,
        status: merged.status,
        licence_kind: merged.licenceKind,
        starts_on: merged.startsOn,
        ends_on: merged.endsOn,
        purchase_channel: merged.purchaseChannel,
        education_seat_kind: merged.educationSeatKind,
      })
      .where('id', '=', id)
      .execute();
    await audit(tx, actor, {
      action: 'subscription.update',
      targetType: 'subscription',
      targetId: id,
      organisationId: org.id,
      before: toView(existing as SubscriptionRow, programme),
      after: patch,
    });
  });
  return readView(db, id, programme);
}

const CSV_COLUMNS = [
  'planSku',
  'paidSeats',
  'status',
  'licenceKind',
  'startsOn',
  'endsOn',
  'purchaseChannel',
  'educationSeatKind',
] as const;

/**
 * Imports subscriptions from CSV (header row with the column names above). Every row is checked
 * first; one bad row refuses the whole file with the row's problems, and nothing is imported.
 */
export async function importSubscriptionsCsv(
  db: Db,
  actor: Actor,
  customerId: string,
  csv: string,
  programme: Programme,
) {
  const org = await customerForChange(db, actor, customerId);
  let records: Record<string, string>[];
  try {
    records = parse(csv, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<
      string,
      string
    >[];
  } catch (e) {
    throw new AppError(
      'validation',
      'errors.detail.csvUnreadable',
      { problem: (e as Error).message.slice(0, 200) },
      [{ path: '/body', key: 'errors.field.csv' }],
    );
  }
  if (records.length === 0) throw fieldError('/body', 'errors.field.csvEmpty');
  const header = Object.keys(records[0]!);
  const problems: FieldProblem[] = [];
  for (const col of header)
    if (!(CSV_COLUMNS as readonly string[]).includes(col))
      problems.push({ path: `/body/columns/${col}`, key: 'errors.field.unknown' });
  for (const col of ['planSku', 'paidSeats', 'status', 'licenceKind', 'startsOn'])
    if (!header.includes(col)) problems.push({ path: `/body/columns/${col}`, key: 'errors.field.required' });
  if (problems.length) throw new AppError('validation', 'errors.detail.csvRows', { rows: 0 }, problems);

  const rows: SubscriptionFields[] = [];
  records.forEach((r, i) => {
    const base = `/body/rows/${i + 2}`; // line number in the file (header is line 1)
    const seats = Number(r.paidSeats);
    if (!/^\d+$/.test(r.paidSeats ?? '') || seats > 10_000_000)
      problems.push({ path: `${base}/paidSeats`, key: 'errors.field.type', values: { type: 'integer' } });
    const status = r.status as SubscriptionFields['status'];
    if (!['active', 'expired', 'suspended'].includes(status))
      problems.push({
        path: `${base}/status`,
        key: 'errors.field.oneOf',
        values: { allowed: 'active, expired, suspended' },
      });
    const kind = r.licenceKind as SubscriptionFields['licenceKind'];
    if (!['paid', 'trial', 'free'].includes(kind))
      problems.push({
        path: `${base}/licenceKind`,
        key: 'errors.field.oneOf',
        values: { allowed: 'paid, trial, free' },
      });
    const edu = (r.educationSeatKind || null) as SubscriptionFields['educationSeatKind'];
    if (edu && !['faculty', 'student'].includes(edu))
      problems.push({
        path: `${base}/educationSeatKind`,
        key: 'errors.field.oneOf',
        values: { allowed: 'faculty, student' },
      });
    const s: SubscriptionFields = {
      planSku: r.planSku ?? '',
      paidSeats: seats,
      status,
      licenceKind: kind,
      startsOn: r.startsOn ?? '',
      endsOn: r.endsOn || null,
      purchaseChannel: r.purchaseChannel || 'direct',
      educationSeatKind: edu,
    };
    problems.push(...checkSubscription(s, programme, base));
    rows.push(s);
  });
  if (problems.length)
    throw new AppError(
      'validation',
      'errors.detail.csvRows',
      { rows: new Set(problems.map((p) => p.path.split('/')[3])).size },
      problems,
    );

  return db.transaction().execute(async (tx) => {
    const ids: string[] = [];
    for (const s of rows) ids.push(await insert(tx, org.id, s, programme));
    await audit(tx, actor, {
      action: 'subscription.import',
      targetType: 'organisation',
      targetId: org.id,
      organisationId: org.id,
      after: { imported: ids.length, subscription_ids: ids },
    });
    return { imported: ids.length, ids };
  });
}
