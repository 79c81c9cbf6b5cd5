/** Correcting an open request: who may, when, what it re-evaluates, its history, audit and ETag. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, type Client } from '../client.ts';
import { auditCount, lastAudit, orgIds, snapshot } from '../db-snapshot.ts';
import { followUp, REMINDERS, sendDueReminders } from '../../src/modules/requests/pending-reminders.ts';
import { getProgramme } from '../../src/modules/programme/programme.service.ts';
import { t } from '../../src/platform/i18n/i18n.ts';
import { requestBody, uniq } from '../factories.ts';
import { type Harness, startHarness } from '../harness.ts';

let h: Harness;
let ids: Record<string, string>;
let customer: Client;
let partner: Client;
let lead: Client;
let engineer: Client;
let lamna: Client;

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const file = async (c: Client, body: unknown) => {
  const res = await c.request('POST', '/api/requests', body, {
    'idempotency-key': `key-${uniq()}-${uniq()}`,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; number: string; updatedAt: string };
};
/** The numbers of the reminders in a request's history, in order. */
const reminders = (detail: { history: { kind: string; reminder: number | null }[] }) =>
  detail.history.filter((x) => x.kind === 'reminder').map((x) => x.reminder);
const patch = (c: Client, id: string, body: unknown, headers: Record<string, string> = {}) =>
  c.request('PATCH', `/api/requests/${id}`, body, headers);
const ask = async (id: string) => {
  const res = await lead.post(`/api/requests/${id}/transition`, {
    to: 'on-hold-pending-requestor-response',
    reasonId: 'clarify-services',
    note: 'Which date do you plan for Teams?',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
};

beforeAll(async () => {
  h = await startHarness();
  ids = await orgIds(h.db);
  customer = await as(h.app, 'it.admin@contoso.example');
  partner = await as(h.app, 'lead@fabrikam-partners.example');
  lead = await as(h.app, 'lead@fasttrack.example');
  engineer = await as(h.app, 'engineer@fasttrack.example');
  lamna = await as(h.app, 'admin@lamna.example');
});
afterAll(() => h.close());

describe('correcting a request', () => {
  it('the requester changes dates and products: eligibility again, history names the fields, audit, new ETag', async () => {
    const filed = await file(customer, requestBody(ids.contoso!));
    const got = await customer.get(`/api/requests/${filed.id}`);
    const etag = got.headers.etag as string;
    expect(etag).toMatch(/^"\d+"$/);
    const audits = await auditCount(h.db);

    const res = await patch(
      customer,
      filed.id,
      {
        workloads: [
          { workload: 'exchange-online', plannedDate: inDays(30) },
          { workload: 'sharepoint-online', plannedDate: inDays(60) },
        ],
        comments: 'Teams later; SharePoint first.',
      },
      { 'if-match': etag },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe('submitted');
    expect(res.body.workloads.map((w: { workload: string }) => w.workload)).toEqual([
      'exchange-online',
      'sharepoint-online',
    ]);
    expect(res.body.comments).toBe('Teams later; SharePoint first.');
    // the snapshot answers for the products now asked for
    expect(res.body.eligibility.workloads.map((w: { workload: string }) => w.workload).sort()).toEqual([
      'exchange-online',
      'sharepoint-online',
    ]);
    const last = res.body.history.at(-1);
    expect(last).toMatchObject({ fromStatus: 'submitted', toStatus: 'submitted', reason: null });
    expect(last.changes).toEqual(['comments', 'workloads']);
    expect(last.changeLabels).toEqual([t('en', 'ui.request.comments'), t('en', 'ui.request.workloads')]);
    // the German-speaking reviewer reads the same entry in German
    const german = (await lead.get(`/api/requests/${filed.id}`)).body.history.at(-1);
    expect(german.changeLabels).toEqual([t('de', 'ui.request.comments'), t('de', 'ui.request.workloads')]);
    expect(last.actorName).toBe(customer.me.user.name);
    expect(res.headers.etag).toMatch(/^"\d+"$/);
    expect(res.headers.etag).not.toBe(etag);

    expect(await auditCount(h.db)).toBe(audits + 1);
    const record = await lastAudit(h.db);
    expect(record).toMatchObject({
      action: 'request.update',
      target_id: filed.id,
      organisation_id: ids.contoso,
    });
    expect(
      (record!.before as { workloads: { workload: string }[] }).workloads.map((w) => w.workload),
    ).toEqual(['exchange-online', 'teams']);
    expect(Object.keys(record!.after as object).sort()).toEqual(['comments', 'eligible', 'workloads']);
  });

  it('a change made on a stale copy is refused with 412 and changes nothing', async () => {
    const filed = await file(customer, requestBody(ids.contoso!));
    const stale = (await customer.get(`/api/requests/${filed.id}`)).headers.etag as string;
    expect((await patch(lead, filed.id, { comments: 'Reviewer fixed the typo.' })).status).toBe(200);
    // the requester hears that FastTrack changed its request, and what
    const subject = t('en', 'email.requestCorrectedByCenter.subject', { number: filed.number });
    const mail = await h.smtp.waitForTo('it.admin@contoso.example', (m) => m.subject === subject);
    expect(mail.text).toContain(`${t('en', 'ui.request.comments')}.`);
    const before = await snapshot(h.db, { includeAudit: true });
    const res = await patch(customer, filed.id, { comments: 'Mine.' }, { 'if-match': stale });
    expect(res.status).toBe(412);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('precondition_failed');
    expect(await snapshot(h.db, { includeAudit: true })).toEqual(before);
    expect((await customer.get(`/api/requests/${filed.id}`)).body.comments).toBe('Reviewer fixed the typo.');
  });

  it('a partner corrects the request it filed when asked; contacts "same as requester" resolve to the filer', async () => {
    const filed = await file(partner, requestBody(ids.contoso!, { channel: 'partner-my-customers' }));
    await ask(filed.id);
    const res = await patch(partner, filed.id, {
      businessSponsor: 'same-as-requester',
      requester: { phone: '+44 20 7946 0000', title: 'Delivery lead' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe('on-hold-pending-requestor-response');
    expect(res.body.businessSponsor).toMatchObject({
      email: 'lead@fabrikam-partners.example',
      phone: '+44 20 7946 0000',
      title: 'Delivery lead',
    });
    expect(res.body.history.at(-1).changes).toEqual(['requester', 'businessSponsor']);
    // the customer sees the correction in its history too
    const seen = await customer.get(`/api/requests/${filed.id}`);
    expect(seen.body.history.at(-1).changes).toEqual(['requester', 'businessSponsor']);
    // the reviewer who asked (nobody claimed it) hears of it, in German, in the portal and by email
    const title = t('de', 'notification.requestCorrected.title', { number: filed.number });
    const inbox = await lead.get('/api/notifications');
    expect(inbox.body.items.map((n: { title: string }) => n.title)).toContain(title);
    const mail = await h.smtp.waitForTo('lead@fasttrack.example', (m) => m.subject === title);
    expect(mail.text).toContain(partner.me.user.name);
  });

  it('who may not: another customer (404), a center engineer (403), the requester while on hold or once decided (409)', async () => {
    const filed = await file(customer, requestBody(ids.contoso!));
    expect((await patch(lamna, filed.id, { comments: 'x' })).status).toBe(404);
    expect((await patch(engineer, filed.id, { comments: 'x' })).status).toBe(403);

    const hold = await lead.post(`/api/requests/${filed.id}/transition`, {
      to: 'on-hold',
      reasonId: 'awaiting-licence-verification',
    });
    expect(hold.status).toBe(200);
    const before = await snapshot(h.db, { includeAudit: true });
    const held = await patch(customer, filed.id, { comments: 'x' });
    expect(held.status).toBe(409);
    expect(await snapshot(h.db, { includeAudit: true })).toEqual(before);
    // the reviewer still may, while it is open
    expect((await patch(lead, filed.id, { comments: 'Noted by the reviewer.' })).status).toBe(200);

    const cancel = await lead.post(`/api/requests/${filed.id}/transition`, {
      to: 'cancelled',
      reasonId: 'duplicate',
    });
    expect(cancel.status).toBe(200);
    expect((await patch(lead, filed.id, { comments: 'late' })).status).toBe(409);
  });

  it('bad corrections get field errors and change nothing; unchanged past dates are kept', async () => {
    const filed = await file(customer, requestBody(ids.contoso!));
    const before = await snapshot(h.db, { includeAudit: true });
    const bad = await patch(customer, filed.id, {
      workloads: [
        { workload: 'exchange-online', plannedDate: '2020-01-01' },
        { workload: 'no-such-product', plannedDate: inDays(10) },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      '/body/workloads/0/plannedDate',
      '/body/workloads/1/workload',
    ]);
    expect((await patch(customer, filed.id, {})).status).toBe(400);
    expect((await patch(customer, filed.id, { status: 'approved' })).status).toBe(400);
    expect(await snapshot(h.db, { includeAudit: true })).toEqual(before);

    // a date that has passed since filing does not block another correction
    await sql`update requests set workloads = jsonb_set(workloads, '{0,plannedDate}', '"2024-05-01"') where id = ${filed.id}`.execute(
      h.db,
    );
    const later = await patch(customer, filed.id, { comments: 'Still planned; the date slipped.' });
    expect(later.status, JSON.stringify(later.body)).toBe(200);
    expect(later.body.workloads[0].plannedDate).toBe('2024-05-01');
  });

  it('a project name another open request of the customer uses is refused on the field', async () => {
    const first = await file(customer, requestBody(ids.contoso!, { projectName: `Taken ${uniq()}` }));
    const second = await file(customer, requestBody(ids.contoso!));
    const name = (await customer.get(`/api/requests/${first.id}`)).body.projectName as string;
    const res = await patch(customer, second.id, { projectName: name.toUpperCase() });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/body/projectName' })]);
  });

  it('sending what the request already says changes nothing and writes no history or audit', async () => {
    const filed = await file(customer, requestBody(ids.contoso!));
    const current = (await customer.get(`/api/requests/${filed.id}`)).body;
    const before = await snapshot(h.db, { includeAudit: true });
    const res = await patch(customer, filed.id, {
      projectName: current.projectName,
      primaryContact: 'same-as-requester',
      options: { migrationSources: ['gmail'], dataMigration: true },
    });
    expect(res.status).toBe(200);
    expect(res.body.history).toHaveLength(1);
    expect(await snapshot(h.db, { includeAudit: true })).toEqual(before);
  });

  it('the reviewer hears when the requester answers the question or withdraws the request', async () => {
    const asked = await file(customer, requestBody(ids.contoso!));
    await ask(asked.id);
    const reply = await customer.post(`/api/requests/${asked.id}/transition`, {
      to: 'submitted',
      note: 'Teams in March, after the pilot.',
    });
    expect(reply.status).toBe(200);
    const answered = t('de', 'notification.requestAnswered.title', { number: asked.number });
    const mail = await h.smtp.waitForTo('lead@fasttrack.example', (m) => m.subject === answered);
    expect(mail.text).toContain('Teams in March, after the pilot.');
    expect(mail.text).toContain(customer.me.user.name);

    // claimed by a manager: the manager hears of the withdrawal, not the lead
    const claimed = await file(customer, requestBody(ids.contoso!));
    const manager = await as(h.app, 'manager@fasttrack.example');
    expect((await manager.post(`/api/requests/${claimed.id}/claim`)).status).toBe(200);
    // the requester withdraws; a reviewer's reason is not its to give
    const wrong = await customer.post(`/api/requests/${claimed.id}/transition`, {
      to: 'cancelled',
      reasonId: 'below-minimum-seats',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].path).toBe('/body/reasonId');
    const cancel = await customer.post(`/api/requests/${claimed.id}/transition`, {
      to: 'cancelled',
      reasonId: 'withdrawn-by-requester',
    });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    const inbox = await manager.get('/api/notifications');
    const withdrawn = t(manager.me.user.language ?? 'en', 'notification.requestWithdrawn.title', {
      number: claimed.number,
    });
    expect(inbox.body.items.map((n: { title: string }) => n.title)).toContain(withdrawn);
    const leadInbox = await lead.get('/api/notifications');
    expect(leadInbox.body.items.map((n: { title: string }) => n.title)).not.toContain(
      t('de', 'notification.requestWithdrawn.title', { number: claimed.number }),
    );
  });
});

describe('approval by exception', () => {
  it('a lead approves a product that is not eligible when an exception was granted; the decision says so', async () => {
    // Lamna has 120 paid seats: under the 150 minimum, nothing is eligible
    const filed = await file(lamna, requestBody(ids.lamna!));
    const manager = await as(h.app, 'manager@fasttrack.example');
    const before = await snapshot(h.db, { includeAudit: true });
    const approve = (c: Client, body: Record<string, unknown>) =>
      c.post(`/api/requests/${filed.id}/approve`, { reasonId: 'eligible-standard', ...body });

    // a manager may approve, but not by exception
    const byManager = await approve(manager, { exceptions: ['exchange-online'], note: 'FPM said yes' });
    expect(byManager.status).toBe(403);
    // the exception needs a note saying who granted it
    const noNote = await approve(lead, { exceptions: ['exchange-online'] });
    expect(noNote.status).toBe(400);
    expect(noNote.body.errors[0].path).toBe('/body/note');
    // only requested products
    const other = await approve(lead, { exceptions: ['intune'], note: 'x' });
    expect(other.status).toBe(400);
    expect(other.body.errors[0].path).toBe('/body/exceptions/0');
    // without an exception nothing can be approved
    expect((await approve(lead, {})).status).toBe(409);
    expect(await snapshot(h.db, { includeAudit: true })).toEqual(before);

    const ok = await approve(lead, {
      exceptions: ['exchange-online'],
      note: 'Exception granted by the FastTrack programme manager (ticket 4046).',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.status).toBe('approved');
    const { approved, refused } = ok.body.decision;
    expect(approved).toEqual([
      expect.objectContaining({
        workload: 'exchange-online',
        exception: true,
        reasons: expect.arrayContaining([{ key: 'requests.exception.granted', values: {} }]),
      }),
    ]);
    expect(refused.map((r: { workload: string }) => r.workload)).toEqual(['teams']);
    const record = await lastAudit(h.db);
    expect(record?.action).toBe('request.approved');
    expect((record!.after as { exceptions?: string[] }).exceptions).toEqual(['exchange-online']);
    const service = await h.db
      .selectFrom('service_records')
      .select(['workload', 'request_id'])
      .where('request_id', '=', filed.id)
      .execute();
    expect(service).toEqual([{ workload: 'exchange-online', request_id: filed.id }]);
  });

  it('an exception for a product that is eligible is refused on the field', async () => {
    const filed = await file(customer, requestBody(ids.contoso!));
    const res = await lead.post(`/api/requests/${filed.id}/approve`, {
      reasonId: 'eligible-standard',
      exceptions: ['teams'],
      note: 'not needed',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({
      path: '/body/exceptions/0',
      message: t('de', 'errors.field.eligibleNoException'),
    });
  });
});

describe('following up an unanswered question', () => {
  const state = (id: string) =>
    h.db
      .selectFrom('requests')
      .select(['reminders_sent', 'next_reminder_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('reminds the requester every 2 business days, 3 times, then tells the reviewer; each step audited', async () => {
    const filed = await file(customer, requestBody(ids.contoso!));
    await ask(filed.id);
    const first = await state(filed.id);
    expect(first.reminders_sent).toBe(0);
    expect(first.next_reminder_at).not.toBeNull();
    // nothing is due before its time
    const early = await sendDueReminders(h, new Date(first.next_reminder_at!.getTime() - 60_000));
    expect(early.reminded).not.toContain(filed.id);

    let at = first.next_reminder_at!;
    for (let n = 1; n <= REMINDERS; n++) {
      const run = await sendDueReminders(h, new Date(at.getTime() + 1000));
      expect(run.reminded).toContain(filed.id);
      const subject = t('en', 'email.requestReminder.subject', { n, of: REMINDERS, number: filed.number });
      const mail = await h.smtp.waitForTo('it.admin@contoso.example', (m) => m.subject === subject);
      expect(mail.text).toContain('Which date do you plan for Teams?');
      const now = await state(filed.id);
      expect(now.reminders_sent).toBe(n);
      // the customer sees how the follow-up stands
      const detail = (await customer.get(`/api/requests/${filed.id}`)).body;
      expect(detail.reminders).toEqual({
        sent: n,
        of: REMINDERS,
        nextAt: now.next_reminder_at!.toISOString(),
      });
      // each reminder is in the history both sides read, numbered
      expect(reminders(detail)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      // the next one comes at least 2 days later (2 business days)
      expect(now.next_reminder_at!.getTime() - at.getTime()).toBeGreaterThanOrEqual(
        2 * 86_400_000 - 3_600_000,
      );
      at = now.next_reminder_at!;
    }
    const last = await sendDueReminders(h, new Date(at.getTime() + 1000));
    expect(last.unanswered).toContain(filed.id);
    expect((await state(filed.id)).next_reminder_at).toBeNull();
    const title = t('de', 'notification.requestUnanswered.title', {
      reminders: REMINDERS,
      number: filed.number,
    });
    expect(
      (await lead.get('/api/notifications')).body.items.map((n: { title: string }) => n.title),
    ).toContain(title);
    const audits = await h.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', filed.id)
      .where('action', 'in', ['request.remind', 'request.unanswered'])
      .execute();
    expect(audits.map((a) => a.action).sort()).toEqual([
      'request.remind',
      'request.remind',
      'request.remind',
      'request.unanswered',
    ]);
    // nothing more afterwards
    const after = await sendDueReminders(h, new Date(at.getTime() + 30 * 86_400_000));
    expect([...after.reminded, ...after.unanswered]).not.toContain(filed.id);
    // a reminder is not an answer: the list's latest entry is still the question
    const listed = (await customer.get('/api/requests?limit=200')).body.items.find(
      (x: { id: string }) => x.id === filed.id,
    );
    expect(listed.lastEntry).toMatchObject({ kind: 'status', byCenter: true });
  });

  it('an answer or a correction stops the reminders; asking again starts them afresh', async () => {
    const filed = await file(customer, requestBody(ids.contoso!));
    await ask(filed.id);
    const reply = await customer.post(`/api/requests/${filed.id}/transition`, {
      to: 'submitted',
      note: 'Teams in March.',
    });
    expect(reply.status).toBe(200);
    expect(await state(filed.id)).toEqual({ reminders_sent: 0, next_reminder_at: null });
    // asked again after one reminder: its reminders count from 1 again
    await ask(filed.id);
    const due = (await state(filed.id)).next_reminder_at!;
    expect((await sendDueReminders(h, new Date(due.getTime() + 1000))).reminded).toContain(filed.id);
    expect(
      (await customer.post(`/api/requests/${filed.id}/transition`, { to: 'submitted', note: 'Answered.' }))
        .status,
    ).toBe(200);
    await ask(filed.id);
    const again = (await state(filed.id)).next_reminder_at!;
    expect((await sendDueReminders(h, new Date(again.getTime() + 1000))).reminded).toContain(filed.id);
    expect(reminders((await lead.get(`/api/requests/${filed.id}`)).body)).toEqual([1, 1]);
    expect(
      (
        await customer.post(`/api/requests/${filed.id}/transition`, {
          to: 'submitted',
          note: 'Answered again.',
        })
      ).status,
    ).toBe(200);
    const run = await sendDueReminders(h, new Date(Date.now() + 30 * 86_400_000));
    expect(run.reminded).not.toContain(filed.id);
    await ask(filed.id);
    expect((await state(filed.id)).next_reminder_at).not.toBeNull();
    // a correction by the requester answers it too
    expect((await patch(customer, filed.id, { comments: 'Teams in March, dates corrected.' })).status).toBe(
      200,
    );
    expect((await state(filed.id)).next_reminder_at).toBeNull();
  });

  it('counts business days in the customer region: asked on a Friday, first reminder on Tuesday', async () => {
    const filed = await file(customer, requestBody(ids.contoso!));
    const programme = await getProgramme(h.db);
    // Friday 27 November 2026, 15:00 in New York (Contoso is in the United States)
    await h.db
      .transaction()
      .execute((tx) =>
        followUp(
          tx,
          programme,
          { id: filed.id, customer_id: ids.contoso! },
          'on-hold-pending-requestor-response',
          new Date('2026-11-27T20:00:00Z'),
        ),
      );
    const due = (await state(filed.id)).next_reminder_at!;
    const region = programme.regions.find((r) => r.countries?.includes('US'))!;
    const local = new Intl.DateTimeFormat('en-US', {
      timeZone: region.timeZone,
      weekday: 'long',
      day: 'numeric',
    }).format(due);
    expect(local).toBe('1 Tuesday');
  });
});

describe('taking the next request', () => {
  it('claims the oldest unclaimed submitted request that matches; two reviewers at once never get the same', async () => {
    // a queue of our own: every submitted request claimed first, so only the new ones are unclaimed
    await h.db
      .updateTable('requests')
      .set({
        claimed_by: (
          await h.db
            .selectFrom('users')
            .select('id')
            .where('email', '=', 'admin@fasttrack.example')
            .executeTakeFirstOrThrow()
        ).id,
      })
      .where('claimed_by', 'is', null)
      .execute();
    const oldest = await file(customer, requestBody(ids.contoso!));
    const japanese = await file(customer, requestBody(ids.contoso!, { preferredLanguage: 'ja' }));
    const third = await file(customer, requestBody(ids.contoso!));
    const manager = await as(h.app, 'manager@fasttrack.example');
    const engineer2 = await as(h.app, 'engineer@fasttrack.example');

    // in Japanese only: the Japanese one, though it is not the oldest
    const ja = await lead.post('/api/requests/claim-next', { language: 'ja' });
    expect(ja.status, JSON.stringify(ja.body)).toBe(200);
    expect(ja.body.id).toBe(japanese.id);
    expect(ja.body.claimedBy).toBe(lead.me.user.id);

    // two at once: the two remaining, oldest first, each to one reviewer
    const [a, b] = await Promise.all([
      manager.post('/api/requests/claim-next', {}),
      engineer2.post('/api/requests/claim-next', {}),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(new Set([a.body.id, b.body.id])).toEqual(new Set([oldest.id, third.id]));

    // none left: a clear 404, nothing claimed
    const none = await manager.post('/api/requests/claim-next', {});
    expect(none.status).toBe(404);
    expect(none.body.detail).toBe(t('es', 'errors.detail.noRequestWaiting'));
    // customers do not take requests; an unknown region is a field error
    expect((await customer.post('/api/requests/claim-next', {})).status).toBe(403);
    const region = await lead.post('/api/requests/claim-next', { region: 'atlantis' });
    expect(region.status).toBe(400);
    expect(region.body.errors[0].path).toBe('/body/region');
  });
});
