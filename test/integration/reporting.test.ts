/**
 * The center dashboard: requests per ISO week by current status, the active pipeline by phase, motion
 * and region, requests by language and the overdue clocks match what was made; its overdue counts
 * agree with the engagement list's filters; customers and partners cannot read it.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REMINDERS, sendDueReminders } from '../../src/modules/requests/pending-reminders.ts';
import { as, type Client } from '../client.ts';
import { inDays, type World, world as makeWorld } from '../engagement-world.ts';
import { makeOrganisation, makeSubscription, makeUser, requestBody, uniq } from '../factories.ts';
import { type Harness, startHarness } from '../harness.ts';

let h: Harness;
let lead: Client;
let w: World;
let before: any;

const dashboard = async (c: Client, query = '') => {
  const res = await c.get(`/api/reports/dashboard${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const thisWeek = (d: any) => d.requestsByWeek.at(-1);
const language = (d: any, l: string) =>
  d.requestsByLanguage.find((x: any) => x.language === l)?.requests ?? 0;
const phase = (d: any, p: string) =>
  d.engagementsByPhase.find((x: any) => x.phase === p) ?? { engagements: 0, workloads: 0 };
const motion = (d: any, m: string) =>
  d.engagementsByMotion.find((x: any) => x.motion === m)?.engagements ?? 0;
const region = (d: any, r: string | null) =>
  d.engagementsByRegion.find((x: any) => x.region === r)?.engagements ?? 0;
const mondayUtc = (daysAgo = 0) => {
  const d = new Date(Date.now() - daysAgo * 86_400_000);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
};

beforeAll(async () => {
  h = await startHarness();
  lead = await as(h.app, 'lead@fasttrack.example');
  before = await dashboard(lead);
  // one request approved: an engagement (motion rfa) with Exchange and Teams in Initiate
  w = await makeWorld(h, lead);
  // a second customer's requests in every other status, in French and Japanese
  const customerId = await makeOrganisation(h.db, 'customer', `Reporting ${uniq()}`);
  await makeSubscription(h.db, customerId, { sku: 'M365_E3', seats: 800 });
  const admin = await as(h.app, (await makeUser(h.db, customerId, 'admin')).email);
  const file = async (preferredLanguage: string) => {
    const res = await admin.request(
      'POST',
      '/api/requests',
      requestBody(customerId, { preferredLanguage, projectName: `Project ${uniq()}` }),
      { 'idempotency-key': `k-${uniq()}-${uniq()}` },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const move = async (id: string, to: string, reasonId: string) => {
    const res = await lead.post(`/api/requests/${id}/transition`, { to, reasonId });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  await file('en'); // stays submitted
  await move(await file('fr'), 'on-hold', 'awaiting-licence-verification');
  await move(await file('fr'), 'on-hold-pending-requestor-response', 'clarify-services');
  await move(await file('ja'), 'cancelled', 'duplicate');
});
afterAll(() => h.close());

describe('center dashboard', () => {
  it('counts the requests made this week by their current status and language', async () => {
    const after = await dashboard(lead);
    expect(after.weeks).toBe(12);
    expect(after.requestsByWeek).toHaveLength(12);
    const delta = (s: string) => thisWeek(after).byStatus[s] - thisWeek(before).byStatus[s];
    expect({
      submitted: delta('submitted'),
      approved: delta('approved'),
      onHold: delta('on-hold'),
      pending: delta('on-hold-pending-requestor-response'),
      cancelled: delta('cancelled'),
      total: thisWeek(after).total - thisWeek(before).total,
    }).toEqual({ submitted: 1, approved: 1, onHold: 1, pending: 1, cancelled: 1, total: 5 });
    expect(language(after, 'en') - language(before, 'en')).toBe(2);
    expect(language(after, 'fr') - language(before, 'fr')).toBe(2);
    expect(language(after, 'ja') - language(before, 'ja')).toBe(1);
    // the languages cover the same requests as the weeks
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(after.requestsByLanguage.map((x: any) => x.requests))).toBe(
      sum(after.requestsByWeek.map((x: any) => x.total)),
    );
  });

  it('counts the open requests nobody claimed, those waiting for the requester, and those unanswered after every reminder', async () => {
    const after = await dashboard(lead);
    // one new submitted request, unclaimed; one asked (the approved one was claimed by its approval)
    expect(after.triage.unclaimed - before.triage.unclaimed).toBe(1);
    expect(after.triage.waiting - before.triage.waiting).toBe(1);
    expect(after.triage.unanswered).toBe(before.triage.unanswered);
    // the question goes unanswered through every reminder
    const asked = await h.db
      .selectFrom('requests')
      .select(['id', 'next_reminder_at'])
      .where('status', '=', 'on-hold-pending-requestor-response')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    let at = asked.next_reminder_at!;
    for (let n = 0; n <= REMINDERS; n++) {
      await sendDueReminders(h, new Date(at.getTime() + 1000));
      const next = await h.db
        .selectFrom('requests')
        .select('next_reminder_at')
        .where('id', '=', asked.id)
        .executeTakeFirstOrThrow();
      if (next.next_reminder_at) at = next.next_reminder_at;
    }
    const later = await dashboard(lead);
    expect(later.triage.unanswered - before.triage.unanswered).toBe(1);
    expect(later.triage.waiting).toBe(after.triage.waiting);
  });

  it('has every week, empty ones included, Monday to Monday in UTC with their ISO week', async () => {
    const d = await dashboard(lead, '?weeks=4');
    expect(d.requestsByWeek.map((x: any) => x.weekStart)).toEqual([
      mondayUtc(21),
      mondayUtc(14),
      mondayUtc(7),
      mondayUtc(0),
    ]);
    expect(d.requestsByWeek[0].isoWeek).toMatch(/^\d{4}-W\d{2}$/);
    for (const x of d.requestsByWeek.slice(0, 3)) {
      expect(x.total).toBe(0);
      expect(Object.values(x.byStatus)).toEqual([0, 0, 0, 0, 0]);
    }
  });

  it('puts a request in the week it was made, and leaves older ones out of a shorter range', async () => {
    const [submitted] = await h.db
      .selectFrom('requests')
      .select('id')
      .where('status', '=', 'submitted')
      .orderBy('created_at', 'desc')
      .limit(1)
      .execute();
    const [cancelled] = await h.db
      .selectFrom('requests')
      .select('id')
      .where('status', '=', 'cancelled')
      .where('preferred_language', '=', 'ja')
      .limit(1)
      .execute();
    const now = await dashboard(lead);
    await h.db
      .updateTable('requests')
      .set({ created_at: sql`now() - interval '14 days'` })
      .where('id', '=', submitted!.id)
      .execute();
    await h.db
      .updateTable('requests')
      .set({ created_at: sql`now() - interval '20 weeks'` })
      .where('id', '=', cancelled!.id)
      .execute();
    const later = await dashboard(lead);
    expect(thisWeek(now).byStatus.submitted - thisWeek(later).byStatus.submitted).toBe(1);
    expect(
      later.requestsByWeek.at(-3).byStatus.submitted - now.requestsByWeek.at(-3).byStatus.submitted,
    ).toBe(1);
    expect(thisWeek(now).byStatus.cancelled - thisWeek(later).byStatus.cancelled).toBe(1);
    expect(language(now, 'ja') - language(later, 'ja')).toBe(1);
    // 20 weeks ago is inside a 52-week range
    const year = await dashboard(lead, '?weeks=52');
    expect(year.requestsByWeek).toHaveLength(52);
    expect(year.requestsByWeek.at(-21).byStatus.cancelled).toBeGreaterThanOrEqual(1);
    expect(language(year, 'ja')).toBe(language(now, 'ja'));
  });

  it('counts the active pipeline by phase (engagements and workloads), motion and region', async () => {
    const after = await dashboard(lead);
    const e = await lead.get(`/api/engagements/${w.engagementId}`);
    expect(after.activeEngagements - before.activeEngagements).toBe(1);
    expect(phase(after, 'initiate').engagements - phase(before, 'initiate').engagements).toBe(1);
    expect(phase(after, 'initiate').workloads - phase(before, 'initiate').workloads).toBe(2);
    expect(motion(after, 'rfa') - motion(before, 'rfa')).toBe(1);
    expect(region(after, e.body.region) - region(before, e.body.region)).toBe(1);
    // the pipeline agrees with the engagement list's filters
    const listed = async (q: string) =>
      (await lead.get(`/api/engagements?limit=200&${q}`)).body.items.length as number;
    expect(phase(after, 'initiate').engagements).toBe(await listed('phase=initiate'));
    expect(motion(after, 'rfa')).toBe(await listed('motion=rfa'));
  });

  it('counts overdue first contacts and notes as the engagement list filters them', async () => {
    const start = await dashboard(lead);
    await h.db
      .updateTable('engagements')
      .set({
        first_contact_due_at: sql`now() - interval '1 hour'`,
        first_contact_at: null,
        note_due_on: inDays(-3),
      })
      .where('id', '=', w.engagementId)
      .execute();
    const after = await dashboard(lead);
    expect(after.overdue.firstContact - start.overdue.firstContact).toBe(1);
    expect(after.overdue.notes - start.overdue.notes).toBe(1);
    const sla = await lead.get('/api/engagements?sla=overdue&limit=200');
    const notes = await lead.get('/api/engagements?notes=overdue&limit=200');
    expect(after.overdue.firstContact).toBe(sla.body.items.length);
    expect(after.overdue.notes).toBe(notes.body.items.length);
    // a contact made stops the clock
    await h.db
      .updateTable('engagements')
      .set({ first_contact_at: sql`now()` })
      .where('id', '=', w.engagementId)
      .execute();
    expect((await dashboard(lead)).overdue.firstContact).toBe(start.overdue.firstContact);
  });

  it('is for center staff only: customers and partners are refused, anonymous callers must sign in', async () => {
    for (const c of [w.customer, w.partnerAdmin, w.partnerMember]) {
      const res = await c.get('/api/reports/dashboard');
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const engineer = await as(h.app, 'engineer@fasttrack.example');
    expect((await engineer.get('/api/reports/dashboard')).status).toBe(200);
    const anonymous = await h.app.inject({ method: 'GET', url: '/api/reports/dashboard' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('refuses a bad number of weeks with a field-level problem', async () => {
    for (const q of ['weeks=0', 'weeks=53', 'weeks=abc', 'weeks=2.5', 'other=1']) {
      const res = await lead.get(`/api/reports/dashboard?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors[0].path, q).toBe(`/querystring/${q.split('=')[0]}`);
      expect(res.body.errors[0].message, q).toBeTruthy();
    }
  });
});
