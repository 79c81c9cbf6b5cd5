/**
 * The first-response clock of a request: due by the end of the next business day in the customer's
 * region (the programme's response time), stopped only by an answer the requester hears — a status move,
 * a message or a correction by the center — and the queue's filters for requests still waiting for one.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEEKS, periodStart } from '../../src/modules/reporting/dashboard.ts';
import { alertLateFirstAnswers } from '../../src/modules/requests/response-alerts.ts';
import { fillFirstResponses } from '../../src/platform/db/migrations/0016_first_response.ts';
import { t } from '../../src/platform/i18n/i18n.ts';
import { as, type Client } from '../client.ts';
import { orgIds } from '../db-snapshot.ts';
import { requestBody, uniq } from '../factories.ts';
import { type Harness, startHarness } from '../harness.ts';

let h: Harness;
let ids: Record<string, string>;
let customer: Client;
let lamna: Client;
let lead: Client;

const key = () => `clock-${uniq()}-${uniq()}`;
const file = async (c: Client, customerId: string, over: Record<string, unknown> = {}) => {
  const res = await c.request(
    'POST',
    '/api/requests',
    requestBody(customerId, { projectName: `Clock ${uniq()}`, ...over }),
    { 'idempotency-key': key() },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; number: string };
};
/** Moves a request's filing back in time (the clock counts from it). */
const filedAt = (id: string, at: string | Date) =>
  h.db
    .updateTable('requests')
    .set({ created_at: new Date(at) })
    .where('id', '=', id)
    .execute();
const clockOf = async (c: Client, id: string) => {
  const res = await c.get(`/api/requests/${id}`);
  expect(res.status).toBe(200);
  return res.body.response;
};
const listed = async (c: Client, query: string) => {
  const res = await c.get(`/api/requests?${query}&limit=200`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as { id: string; response: { state: string } | null }[];
};
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);

beforeAll(async () => {
  h = await startHarness();
  ids = await orgIds(h.db);
  customer = await as(h.app, 'it.admin@contoso.example');
  lamna = await as(h.app, 'admin@lamna.example');
  lead = await as(h.app, 'lead@fasttrack.example');
});
afterAll(() => h.close());

describe('first-response clock', () => {
  it("is due at the end of the next business day of the customer's region, skipping its holidays", async () => {
    // Contoso is in the United States (americas, America/Chicago): filed the day before Thanksgiving,
    // the answer is due on Monday 17:00 Chicago time
    const filed = await file(customer, ids.contoso!);
    await filedAt(filed.id, '2026-11-25T16:00:00Z');
    expect((await clockOf(customer, filed.id)).due).toBe('2026-11-30T23:00:00.000Z');
    // Lamna is in France, served by the emea center (Europe/Dublin): filed on a Friday, due Monday 17:00 Dublin time
    const french = await file(lead, ids.lamna!, { channel: 'center-on-behalf' });
    await filedAt(french.id, '2026-06-05T09:00:00Z');
    expect((await clockOf(lamna, french.id)).due).toBe('2026-06-08T16:00:00.000Z');
    // a fresh request is due, and nobody has answered; intake's answer says so already
    const fresh = await file(customer, ids.contoso!);
    expect(await clockOf(customer, fresh.id)).toMatchObject({ state: 'due', respondedAt: null });
    expect((fresh as { response?: { due: string } }).response?.due).toBe(
      (await clockOf(customer, fresh.id)).due,
    );
    expect((await clockOf(customer, fresh.id)).businessDaysLeft).toBeGreaterThanOrEqual(0);
  });

  it("claims, internal notes and the requester's own messages do not stop it; the center's answer does", async () => {
    const filed = await file(customer, ids.contoso!);
    expect((await lead.post(`/api/requests/${filed.id}/claim`)).status).toBe(200);
    const note = await lead.request(
      'POST',
      `/api/requests/${filed.id}/messages`,
      { text: 'Checking the licences first.', internal: true },
      { 'idempotency-key': key() },
    );
    expect(note.status).toBe(201);
    const asked = await customer.request(
      'POST',
      `/api/requests/${filed.id}/messages`,
      { text: 'Any news?' },
      { 'idempotency-key': key() },
    );
    expect(asked.status).toBe(201);
    expect(await clockOf(lead, filed.id)).toMatchObject({ state: 'due', respondedAt: null });
    const answer = await lead.request(
      'POST',
      `/api/requests/${filed.id}/messages`,
      { text: 'We look at it today.' },
      { 'idempotency-key': key() },
    );
    expect(answer.status).toBe(201);
    const met = await clockOf(customer, filed.id);
    expect(met.state).toBe('met');
    expect(Date.parse(met.respondedAt)).toBeLessThanOrEqual(Date.now());
    // a later answer does not move the first one
    await lead.post(`/api/requests/${filed.id}/transition`, {
      to: 'on-hold',
      reasonId: 'awaiting-licence-verification',
    });
    expect((await clockOf(customer, filed.id)).respondedAt).toBe(met.respondedAt);
  });

  it('a late answer is missed, and an unanswered old request is overdue by business days', async () => {
    const old = await file(customer, ids.contoso!);
    await filedAt(old.id, daysAgo(30));
    const overdue = await clockOf(lead, old.id);
    expect(overdue.state).toBe('overdue');
    // 30 calendar days hold at least 15 business days after the due day, whatever the holidays
    expect(overdue.businessDaysLeft).toBeLessThan(-14);
    // the center's status move is its first answer: late
    const held = await lead.post(`/api/requests/${old.id}/transition`, {
      to: 'on-hold',
      reasonId: 'awaiting-licence-verification',
    });
    expect(held.status).toBe(200);
    expect(await clockOf(customer, old.id)).toMatchObject({ state: 'missed' });
  });

  it('a request closed without an answer owes none: withdrawn, or a duplicate', async () => {
    const body = requestBody(ids.contoso!, { projectName: `Withdrawn ${uniq()}` });
    const first = await customer.request('POST', '/api/requests', body, { 'idempotency-key': key() });
    // the same request again: cancelled at once as a duplicate, with nothing to answer
    const again = await customer.request('POST', '/api/requests', body, { 'idempotency-key': key() });
    expect(again.status).toBe(201);
    expect(again.body.status).toBe('cancelled');
    expect(again.body.response).toBeNull();
    expect(await clockOf(customer, again.body.id)).toBeNull();
    expect(await clockOf(customer, first.body.id)).toMatchObject({ state: 'due' });
    const withdrawn = await customer.post(`/api/requests/${first.body.id}/transition`, {
      to: 'cancelled',
      reasonId: 'withdrawn-by-requester',
    });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(await clockOf(customer, first.body.id)).toBeNull();
  });

  it('the queue finds the requests awaiting a first answer and those overdue, as their clocks say', async () => {
    const fresh = await file(customer, ids.contoso!);
    const old = await file(customer, ids.contoso!);
    await filedAt(old.id, daysAgo(10));
    const japanese = await file(lead, ids.tailspin!, {
      channel: 'center-on-behalf',
      preferredLanguage: 'ja',
    });
    await filedAt(japanese.id, daysAgo(10));
    const answered = await file(customer, ids.contoso!);
    await filedAt(answered.id, daysAgo(10));
    // Monday 1 June 2026 20:00 UTC is already Tuesday in Singapore (apj's zone), still Monday in Chicago
    const tuesday = await file(lead, ids.tailspin!, { channel: 'center-on-behalf', preferredLanguage: 'ja' });
    await filedAt(tuesday.id, '2026-06-01T20:00:00Z');
    expect(
      (
        await lead.request(
          'POST',
          `/api/requests/${answered.id}/messages`,
          { text: 'Sorry for the wait.' },
          { 'idempotency-key': key() },
        )
      ).status,
    ).toBe(201);

    const awaiting = await listed(lead, 'response=awaiting');
    const overdue = await listed(lead, 'response=overdue');
    const idsOf = (items: { id: string }[]) => items.map((x) => x.id);
    expect(idsOf(awaiting)).toEqual(expect.arrayContaining([fresh.id, old.id, japanese.id]));
    expect(idsOf(awaiting)).not.toContain(answered.id);
    expect(idsOf(overdue)).toEqual(expect.arrayContaining([old.id, japanese.id]));
    expect(idsOf(overdue)).not.toContain(fresh.id);
    // the database's filter and each request's clock agree, in every region
    expect(awaiting.every((x) => x.response && ['due', 'overdue'].includes(x.response.state))).toBe(true);
    expect(idsOf(overdue)).toEqual(idsOf(awaiting.filter((x) => x.response?.state === 'overdue')));
    // a list's clocks (the filing's local date worked out by the database) match the request's own
    expect(awaiting.find((x) => x.id === tuesday.id)!.response).toMatchObject({
      due: '2026-06-03T09:00:00.000Z',
    });
    for (const r of [fresh, old, japanese, tuesday]) {
      const inList = awaiting.find((x) => x.id === r.id)!.response;
      expect(inList).toEqual(await clockOf(lead, r.id));
    }
    // the center's dashboard counts the late ones
    const dashboard = await lead.get('/api/reports/dashboard');
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.triage.late).toBe(overdue.length);
    // the same filter for a customer: its own requests only
    const own = await listed(lamna, 'response=overdue');
    expect(idsOf(own)).not.toContain(old.id);
    expect(idsOf(own)).not.toContain(japanese.id);
    // the CSV export says when each answer is due and when it came
    const csv = await h.app.inject({
      method: 'GET',
      url: '/api/requests/export.csv?response=overdue',
      headers: { cookie: lead.cookie! },
    });
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]!.endsWith(',respondBy,respondedAt')).toBe(true);
    const row = lines.find((l) => l.includes(old.id))!;
    const due = (await clockOf(lead, old.id)).due as string;
    expect(row.endsWith(`,${due},`)).toBe(true);
  });

  it('a holiday the center adds to a region moves the due moment', async () => {
    const filed = await file(customer, ids.contoso!);
    // Monday 1 June 2026, 10:00 Chicago: due Tuesday 2 June 17:00
    await filedAt(filed.id, '2026-06-01T15:00:00Z');
    expect((await clockOf(lead, filed.id)).due).toBe('2026-06-02T22:00:00.000Z');
    const added = await lead.post('/api/calendars/regions/americas/holidays', {
      holidays: [{ date: '2026-06-02', name: 'Company day' }],
    });
    expect(added.status, JSON.stringify(added.body)).toBeLessThan(300);
    expect((await clockOf(lead, filed.id)).due).toBe('2026-06-03T22:00:00.000Z');
  });

  it('tells the center once when a first answer is late: the claimer, or the leads while nobody claimed it', async () => {
    const admin = await as(h.app, 'admin@fasttrack.example');
    const unclaimed = await file(customer, ids.contoso!);
    const claimed = await file(customer, ids.contoso!);
    const answered = await file(customer, ids.contoso!);
    const onTime = await file(customer, ids.contoso!);
    expect((await admin.post(`/api/requests/${claimed.id}/claim`)).status).toBe(200);
    expect(
      (
        await lead.post(`/api/requests/${answered.id}/transition`, {
          to: 'on-hold',
          reasonId: 'awaiting-licence-verification',
        })
      ).status,
    ).toBe(200);
    for (const r of [unclaimed, claimed, answered]) await filedAt(r.id, daysAgo(10));
    const titled = (userId: string, locale: string, number: string) =>
      h.db
        .selectFrom('notifications')
        .select('body')
        .where('user_id', '=', userId)
        .where('title', '=', t(locale as 'en', 'notification.requestResponseLate.title', { number }))
        .execute();

    const alerted = await alertLateFirstAnswers(h);
    expect(alerted).toEqual(expect.arrayContaining([unclaimed.id, claimed.id]));
    // audited, as every change is
    const audited = await h.db
      .selectFrom('audit_log')
      .select('target_id')
      .where('action', '=', 'request.response_late')
      .execute();
    expect(audited.map((a) => a.target_id)).toEqual(expect.arrayContaining([unclaimed.id, claimed.id]));
    expect(alerted).not.toContain(answered.id);
    expect(alerted).not.toContain(onTime.id);
    // nobody claimed it: the lead hears of it, in German, in-app and by email
    const told = await titled(lead.me.user.id, 'de', unclaimed.number);
    expect(told).toHaveLength(1);
    expect(told[0]!.body).toContain('Contoso Ltd');
    await h.smtp.waitForTo(
      'lead@fasttrack.example',
      (m) => m.subject === t('de', 'notification.requestResponseLate.title', { number: unclaimed.number }),
    );
    // claimed: the reviewer who took it, not the leads
    expect(await titled(admin.me.user.id, 'en', claimed.number)).toHaveLength(1);
    expect(await titled(lead.me.user.id, 'de', claimed.number)).toHaveLength(0);
    // once only
    const again = await alertLateFirstAnswers(h);
    expect(again).not.toContain(unclaimed.id);
    expect(again).not.toContain(claimed.id);
    expect(await titled(lead.me.user.id, 'de', unclaimed.number)).toHaveLength(1);
  });

  it("the dashboard says how the period's first answers went, as each request's clock says", async () => {
    const all: { createdAt: string; response: { state: string } | null }[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: any } = await lead.get(
        `/api/requests?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      );
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    const from = periodStart(DEFAULT_WEEKS, new Date()).getTime();
    const inPeriod = all.filter((r) => Date.parse(r.createdAt) >= from && r.response);
    const count = (state: string) => inPeriod.filter((r) => r.response!.state === state).length;
    const dashboard = await lead.get('/api/reports/dashboard');
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.firstAnswers).toEqual({
      inTime: count('met'),
      late: count('missed'),
      overdue: count('overdue'),
      waiting: count('due'),
    });
    // the tests above answered some in time, some late, and left some waiting past their time
    expect(dashboard.body.firstAnswers.inTime).toBeGreaterThan(0);
    expect(dashboard.body.firstAnswers.late).toBeGreaterThan(0);
    expect(dashboard.body.firstAnswers.overdue).toBeGreaterThan(0);
    // a customer gets no dashboard
    expect((await customer.get('/api/reports/dashboard')).status).toBe(403);
  });

  it("an upgrade reads each request's first answer back from its history, as the writes record it", async () => {
    // everything the tests above answered, moved, corrected or left waiting
    const recorded = async () =>
      Object.fromEntries(
        (await h.db.selectFrom('requests').select(['id', 'responded_at']).execute()).map((r) => [
          r.id,
          r.responded_at?.toISOString() ?? null,
        ]),
      );
    const before = await recorded();
    expect(Object.values(before).filter(Boolean).length).toBeGreaterThan(3);
    await h.db.updateTable('requests').set({ responded_at: null }).execute();
    await fillFirstResponses(h.db as never);
    expect(await recorded()).toEqual(before);
  });

  it("a requester's message waits for the center's reply: due, then overdue, until the center writes", async () => {
    const filed = await file(customer, ids.contoso!);
    const say = (c: Client, text: string) =>
      c.request('POST', `/api/requests/${filed.id}/messages`, { text }, { 'idempotency-key': key() });
    expect((await say(customer, 'Can we start next week?')).status).toBe(201);
    const inList = async (query: string) => (await listed(lead, query)).find((x) => x.id === filed.id);
    expect(((await inList('messages=waiting')) as any)?.reply).toMatchObject({ state: 'due' });
    expect(await inList('messages=overdue')).toBeUndefined();
    // the same conversation, ten days earlier
    await h.db
      .updateTable('request_history')
      .set({ created_at: sql`created_at - interval '10 days'` })
      .where('request_id', '=', filed.id)
      .execute();
    expect(((await inList('messages=overdue')) as any)?.reply).toMatchObject({ state: 'overdue' });
    expect((await lead.get(`/api/requests/${filed.id}`)).body.reply).toMatchObject({ state: 'overdue' });
    // an internal note is no reply; the center's message is
    const note = await lead.request(
      'POST',
      `/api/requests/${filed.id}/messages`,
      { text: 'Asking the engineer.', internal: true },
      { 'idempotency-key': key() },
    );
    expect(note.status).toBe(201);
    expect(await inList('messages=overdue')).toBeDefined();
    expect((await say(lead, 'Yes, Tuesday works.')).status).toBe(201);
    expect(await inList('messages=overdue')).toBeUndefined();
    expect((await lead.get(`/api/requests/${filed.id}`)).body.reply).toBeNull();
  });

  it('refuses an unknown filter on the field', async () => {
    const res = await lead.get('/api/requests?response=late');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('/querystring/response');
  });
});
