/**
 * Messages on an open request: either side writes without moving it, the other side hears of it,
 * a retry with the same Idempotency-Key posts once, and bad or out-of-scope writes change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultProgramme } from '../../src/modules/programme/load-programme.ts';
import { t } from '../../src/platform/i18n/i18n.ts';
import { as, type Client } from '../client.ts';
import { auditCount, lastAudit, orgIds, snapshot } from '../db-snapshot.ts';
import { makeUser, requestBody, uniq } from '../factories.ts';
import { type Harness, startHarness } from '../harness.ts';

let h: Harness;
let ids: Record<string, string>;
let customer: Client;
let lead: Client;

const key = () => `msg-${uniq()}-${uniq()}`;
const write = (c: Client, id: string, text: unknown, k: string | null = key()) =>
  c.request('POST', `/api/requests/${id}/messages`, { text }, k ? { 'idempotency-key': k } : {});
const send = (c: Client, id: string, body: Record<string, unknown>, k = key()) =>
  c.request('POST', `/api/requests/${id}/messages`, body, { 'idempotency-key': k });
const file = async () => {
  const res = await customer.request(
    'POST',
    '/api/requests',
    requestBody(ids.contoso!, { projectName: `Msg ${uniq()}` }),
    {
      'idempotency-key': key(),
    },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; number: string };
};
const { notes } = loadDefaultProgramme();
/** The latest notification `userId` received, if any. */
const latestNotification = (userId: string) =>
  h.db
    .selectFrom('notifications')
    .select(['title', 'body', 'link'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
/** A saved reply's text in `locale`, from the shipped programme. */
const reasonIn = (locale: string, id: string) =>
  (notes.requestReasons.message ?? []).find((r) => r.id === id)!.text[locale as 'en'];
const messages = (detail: { history: { kind: string; note: string | null }[] }) =>
  detail.history.filter((x) => x.kind === 'message').map((x) => x.note);

beforeAll(async () => {
  h = await startHarness();
  ids = await orgIds(h.db);
  customer = await as(h.app, 'it.admin@contoso.example');
  lead = await as(h.app, 'lead@fasttrack.example'); // reads German
});
afterAll(() => h.close());

describe('messages on a request', () => {
  it('the requester asks; the reviewer who claimed it is told; the status stays; audited', async () => {
    const filed = await file();
    expect((await lead.post(`/api/requests/${filed.id}/claim`)).status).toBe(200);
    const res = await write(customer, filed.id, '  When will someone contact us?  ');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.status).toBe('submitted');
    expect(messages(res.body)).toEqual(['When will someone contact us?']);
    const entry = res.body.history.at(-1);
    expect(entry).toMatchObject({ kind: 'message', fromStatus: 'submitted', toStatus: 'submitted' });
    expect(entry.actorName).toBe(customer.me.user.name);
    expect(entry.byCenter).toBe(false);
    expect(await lastAudit(h.db)).toMatchObject({ action: 'request.message', target_id: filed.id });
    const told = (await latestNotification(lead.me.user.id))!;
    expect(told.title).toBe(t('de', 'notification.requestMessage.title', { number: filed.number }));
    expect(told.body).toContain('When will someone contact us?');
    // the reviewer sees it too, and the queue shows a message waits for the center
    expect(messages((await lead.get(`/api/requests/${filed.id}`)).body)).toEqual([
      'When will someone contact us?',
    ]);
    const inQueue = async (c: Client) =>
      (await c.get(`/api/requests?q=${filed.number}`)).body.items.find(
        (x: { id: string }) => x.id === filed.id,
      );
    expect((await inQueue(lead)).lastEntry).toMatchObject({ kind: 'message', byCenter: false });
    // the reviewer answers: now the customer's list shows FastTrack's message
    const answer = await write(lead, filed.id, 'Tomorrow morning.');
    expect(answer.status).toBe(201);
    expect(answer.body.history.at(-1)).toMatchObject({ kind: 'message', byCenter: true });
    expect((await inQueue(customer)).lastEntry).toMatchObject({ kind: 'message', byCenter: true });
  });

  it("lists and the center's dashboard find the messages waiting for the reader's side to answer", async () => {
    const waiting = async () => {
      const d = await lead.get('/api/reports/dashboard');
      expect(d.status).toBe(200);
      const list = await lead.get('/api/requests?messages=waiting&limit=200');
      return {
        count: d.body.triage.messages as number,
        ids: list.body.items.map((x: { id: string }) => x.id),
      };
    };
    const filed = await file();
    const before = await waiting();
    expect(before.ids).not.toContain(filed.id);
    // for the customer, a message waits when FastTrack wrote last
    const forCustomer = async () =>
      (await customer.get('/api/requests?messages=waiting&limit=200')).body.items.map(
        (x: { id: string }) => x.id,
      );
    expect((await write(customer, filed.id, 'Is the kickoff confirmed?')).status).toBe(201);
    const asked = await waiting();
    expect(asked.count).toBe(before.count + 1);
    expect(asked.ids).toContain(filed.id);
    expect(await forCustomer()).not.toContain(filed.id);
    expect((await write(lead, filed.id, 'Yes, Tuesday at 10.')).status).toBe(201);
    const answered = await waiting();
    expect(answered.count).toBe(before.count);
    expect(answered.ids).not.toContain(filed.id);
    expect(await forCustomer()).toContain(filed.id);
  });

  it('the center answers: the requester is emailed the message in their language', async () => {
    const filed = await file();
    const text = `We call you on Monday ${uniq()}.`;
    expect((await write(lead, filed.id, text)).status).toBe(201);
    const mail = await h.smtp.waitForTo(
      'it.admin@contoso.example',
      (m) => m.subject === t('en', 'email.requestMessage.subject', { number: filed.number }),
    );
    expect(mail.text).toContain(text);
    expect(mail.text).toContain(lead.me.user.name);
  });

  it('a retry with the same key posts once, even at the same time', async () => {
    const filed = await file();
    const k = key();
    const [a, b] = await Promise.all([
      write(customer, filed.id, 'Once only', k),
      write(customer, filed.id, 'Once only', k),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    const again = await write(customer, filed.id, 'Once only', k);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(messages(again.body)).toEqual(['Once only']);
  });

  it('refuses bad input, other customers, and closed requests, changing nothing', async () => {
    const filed = await file();
    const partner = await as(h.app, 'lead@fabrikam-partners.example');
    expect((await write(partner, filed.id, 'The partner may write too')).status).toBe(201);
    const lamna = await as(h.app, 'admin@lamna.example'); // signing in is audited: before the snapshot
    const before = await snapshot(h.db, { includeAudit: true });
    const audits = await auditCount(h.db);
    for (const [text, k] of [
      ['   ', key()],
      ['', key()],
      ['x'.repeat(4001), key()],
      [42, key()],
      ['no key', null],
      ['short key', 'abc'],
    ] as const) {
      const res = await write(customer, filed.id, text, k);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    // saved replies: only the writer's own side's, known ones, and something must be said
    for (const [body, path] of [
      [{ reasonId: 'status-under-review' }, '/body/reasonId'], // the center's reply
      [{ reasonId: 'no-such-reply' }, '/body/reasonId'],
      [{ reasonId: 'duplicate' }, '/body/reasonId'], // a cancellation reason, not a reply
      [{ reasonId: '' }, '/body/reasonId'],
      [{}, '/body/text'],
      [{ text: '  ' }, '/body/text'],
      [{ reasonId: 'requester-status-inquiry', extra: 1 }, '/body/extra'],
    ] as const) {
      const res = await send(customer, filed.id, body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const wrongSide = await send(lead, filed.id, { reasonId: 'requester-status-inquiry' });
    expect(wrongSide.status).toBe(400);
    expect((await write(lamna, filed.id, 'Not mine')).status).toBe(404);
    expect(await auditCount(h.db)).toBe(audits);
    expect(await snapshot(h.db, { includeAudit: true })).toEqual(before);

    const cancelled = await lead.post(`/api/requests/${filed.id}/transition`, {
      to: 'cancelled',
      reasonId: 'duplicate',
    });
    expect(cancelled.status).toBe(200);
    expect((await write(customer, filed.id, 'Too late')).status).toBe(409);
  });

  it("a saved reply reads in each reader's language: the history, the email and the notification", async () => {
    const tailspin = await as(h.app, 'admin@tailspin.example'); // reads Japanese
    const res = await tailspin.request(
      'POST',
      '/api/requests',
      requestBody(ids.tailspin!, { projectName: `Saved ${uniq()}`, preferredLanguage: 'ja' }),
      { 'idempotency-key': key() },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const filed = res.body as { id: string; number: string };
    expect((await lead.post(`/api/requests/${filed.id}/claim`)).status).toBe(200);
    const programme = (await lead.get('/api/requests/reasons')).body;
    // the bank as each side reads it: Lena reads German
    const mine = programme.message.filter((r: { from: string }) => r.from === 'center');
    expect(mine.map((r: { id: string }) => r.id)).toContain('status-under-review');
    expect(programme.message.find((r: { id: string }) => r.id === 'status-under-review').text).toBe(
      reasonIn('de', 'status-under-review'),
    );

    // Lena (German) answers with a saved reply and a line of her own; the requester reads Japanese
    const line = `Kickoff ${uniq()}`;
    const sent = await send(lead, filed.id, { reasonId: 'status-under-review', text: line });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.history.at(-1)).toMatchObject({
      kind: 'message',
      reasonId: 'status-under-review',
      reason: reasonIn('de', 'status-under-review'),
      note: line,
    });
    const seen = (await tailspin.get(`/api/requests/${filed.id}`)).body.history.at(-1);
    expect(seen.reason).toBe(reasonIn('ja', 'status-under-review'));
    const mail = await h.smtp.waitForTo(
      'admin@tailspin.example',
      (m) => m.subject === t('ja', 'email.requestMessage.subject', { number: filed.number }),
    );
    expect(mail.text).toContain(reasonIn('ja', 'status-under-review'));
    expect(mail.text).toContain(line);
    expect(mail.text).not.toContain(reasonIn('de', 'status-under-review'));

    // the requester asks with a saved reply alone; Lena is told in German
    const asked = await send(tailspin, filed.id, { reasonId: 'requester-status-inquiry' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body.history.at(-1)).toMatchObject({
      kind: 'message',
      reason: reasonIn('ja', 'requester-status-inquiry'),
      note: null,
    });
    const told = (await latestNotification(lead.me.user.id))!;
    expect(told.title).toBe(t('de', 'notification.requestMessage.title', { number: filed.number }));
    expect(told.body).toContain(reasonIn('de', 'requester-status-inquiry'));
    expect(await lastAudit(h.db)).toMatchObject({ action: 'request.message', target_id: filed.id });
  });

  it('an internal note is read by the center only: not the customer, its partner, lists or emails', async () => {
    const filed = await file();
    const partner = await as(h.app, 'lead@fabrikam-partners.example');
    const manager = await as(h.app, 'manager@fasttrack.example');
    expect((await manager.post(`/api/requests/${filed.id}/claim`)).status).toBe(200);
    expect((await write(customer, filed.id, 'Any news?')).status).toBe(201);
    const note = `Waiting for the partner manager ${uniq()}`;
    const res = await send(lead, filed.id, { text: note, internal: true });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.history.at(-1)).toMatchObject({ kind: 'internal', note, byCenter: true });
    expect(await lastAudit(h.db)).toMatchObject({ action: 'request.message', target_id: filed.id });
    // the reviewer who claimed it is told, in Spanish
    expect(await latestNotification(manager.me.user.id)).toMatchObject({
      title: t('es', 'notification.requestNote.title', { number: filed.number }),
      link: `/requests/${filed.id}`,
    });
    // the customer and its partner: not in the history, not in their lists
    for (const reader of [customer, partner]) {
      const detail = (await reader.get(`/api/requests/${filed.id}`)).body;
      expect(detail.history.map((x: { kind: string }) => x.kind)).not.toContain('internal');
      expect(JSON.stringify(detail)).not.toContain(note);
    }
    // the center still sees the requester's message waiting: a note is not an answer
    const queued = (await lead.get(`/api/requests?q=${filed.number}`)).body.items[0];
    expect(queued.lastEntry).toMatchObject({ kind: 'message', byCenter: false });
    const waiting = (await lead.get('/api/requests?messages=waiting&limit=200')).body.items;
    expect(waiting.map((x: { id: string }) => x.id)).toContain(filed.id);
    // no email carries it outside the center
    const mails = await h.db
      .selectFrom('emails')
      .select('to_address')
      .where('text_body', 'like', `%${note}%`)
      .execute();
    expect(mails.map((m) => m.to_address).filter((a) => !a.endsWith('@fasttrack.example'))).toEqual([]);
  });

  it('an internal note tells the colleagues its author names, and only center people', async () => {
    const filed = await file();
    const engineer = await as(h.app, 'engineer@fasttrack.example');
    const migration = await as(h.app, 'migration@fasttrack.example');
    const note = `Can you check the tenant? ${uniq()}`;
    const before = await snapshot(h.db, { includeAudit: true });
    // a customer's person is not a colleague: refused on the field, nothing written
    const outsider = await send(lead, filed.id, {
      text: note,
      internal: true,
      notify: [engineer.me.user.id, customer.me.user.id],
    });
    expect(outsider.status).toBe(400);
    expect(outsider.body.errors[0]).toMatchObject({ path: '/body/notify/1' });
    const notNote = await send(lead, filed.id, { text: note, notify: [engineer.me.user.id] });
    expect(notNote.status).toBe(400);
    expect(notNote.body.errors[0]).toMatchObject({ path: '/body/notify' });
    expect(await snapshot(h.db, { includeAudit: true })).toEqual(before);

    const res = await send(lead, filed.id, {
      text: note,
      internal: true,
      notify: [engineer.me.user.id, migration.me.user.id, lead.me.user.id],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // each in their own language (Korean, Vietnamese); the author is not told of her own note
    expect(await latestNotification(engineer.me.user.id)).toMatchObject({
      title: t('ko', 'notification.requestNote.title', { number: filed.number }),
    });
    expect((await latestNotification(migration.me.user.id))?.title).toBe(
      t('vi', 'notification.requestNote.title', { number: filed.number }),
    );
    expect((await latestNotification(lead.me.user.id))?.link ?? '').not.toBe(`/requests/${filed.id}`);
  });

  it('only the center writes internal notes; a saved reply is not one', async () => {
    const filed = await file();
    const before = await snapshot(h.db, { includeAudit: true });
    const asCustomer = await send(customer, filed.id, { text: 'Secret?', internal: true });
    expect(asCustomer.status).toBe(400);
    expect(asCustomer.body.errors[0]).toMatchObject({ path: '/body/internal' });
    const withReply = await send(lead, filed.id, { reasonId: 'status-under-review', internal: true });
    expect(withReply.status).toBe(400);
    expect(withReply.body.errors[0]).toMatchObject({ path: '/body/reasonId' });
    expect((await send(lead, filed.id, { text: 'x', internal: 'yes' })).status).toBe(400);
    expect(await snapshot(h.db, { includeAudit: true })).toEqual(before);
  });

  it("a message on a request nobody owns goes to the leads who cover the customer's region", async () => {
    const filed = await file();
    // nobody claimed or moved it: the only lead (no profile: covers no region) hears of it
    expect((await write(customer, filed.id, 'Is anyone looking at this?')).status).toBe(201);
    expect(await latestNotification(lead.me.user.id)).toMatchObject({
      title: t('de', 'notification.requestMessage.title', { number: filed.number }),
      link: `/requests/${filed.id}`,
    });
    // a manager is not a lead: not told
    const manager = await as(h.app, 'manager@fasttrack.example');
    expect((await latestNotification(manager.me.user.id))?.link ?? '').not.toBe(`/requests/${filed.id}`);

    // two more leads, one covering the Americas (Contoso is in the US), one Asia-Pacific only
    const lead2 = await makeUser(h.db, ids.center!, 'lead', { language: 'fr' });
    const apj = await makeUser(h.db, ids.center!, 'lead');
    for (const [user, regions] of [
      [lead2, ['americas']],
      [apj, ['apj']],
    ] as const)
      await h.db
        .insertInto('person_profiles')
        .values({ user_id: user.id, organisation_id: ids.center!, regions: [...regions] })
        .execute();
    const other = await file();
    expect((await write(customer, other.id, 'Hello? We are still waiting.')).status).toBe(201);
    expect(await latestNotification(lead2.id)).toMatchObject({
      title: t('fr', 'notification.requestMessage.title', { number: other.number }),
      link: `/requests/${other.id}`,
    });
    expect((await latestNotification(apj.id))?.link ?? '').not.toBe(`/requests/${other.id}`);
    expect((await latestNotification(lead.me.user.id))?.link).not.toBe(`/requests/${other.id}`);
    // once a reviewer claims it, only she hears of the next message
    const claimer = await as(h.app, lead2.email);
    expect((await claimer.post(`/api/requests/${other.id}/claim`)).status).toBe(200);
    const before = await h.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('link', '=', `/requests/${other.id}`)
      .executeTakeFirstOrThrow();
    expect((await write(customer, other.id, 'Thanks for taking it.')).status).toBe(201);
    const after = await h.db
      .selectFrom('notifications')
      .select(['user_id'])
      .where('link', '=', `/requests/${other.id}`)
      .execute();
    expect(after).toHaveLength(Number(before.n) + 1);
    expect(after.filter((n) => n.user_id === lead2.id)).toHaveLength(2);
  });
});
