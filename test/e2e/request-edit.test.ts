/**
 * Correcting a request in a real browser: the reviewer asks, the requester edits the planned date and
 * the project name, the history names what changed; a change made meanwhile is reported, not overwritten;
 * a message written on the request, and a saved reply each side reads in its own language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultProgramme } from '../../src/modules/programme/load-programme.ts';
import { REMINDERS, sendDueReminders } from '../../src/modules/requests/pending-reminders.ts';
import { t } from '../../src/platform/i18n/i18n.ts';
import { as, type Client } from '../client.ts';
import { orgIds } from '../db-snapshot.ts';
import { requestBody, uniq } from '../factories.ts';
import { overflowX, type Served, screenshot, serve, signIn } from './browser.ts';

let s: Served;
let ids: Record<string, string>;
let lead: Client;
const en = (key: string, values?: Record<string, string | number>) => t('en', key, values);
const savedReply = (locale: 'en' | 'de', id: string) =>
  loadDefaultProgramme().notes.requestReasons.message!.find((r) => r.id === id)!.text[locale];
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

const file = async () => {
  const customer = await as(s.h.app, 'it.admin@contoso.example');
  const res = await customer.request(
    'POST',
    '/api/requests',
    requestBody(ids.contoso!, { projectName: `Edit ${uniq()}` }),
    { 'idempotency-key': `edit-${uniq()}-${uniq()}` },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; number: string };
};

beforeAll(async () => {
  s = await serve();
  ids = await orgIds(s.h.db);
  lead = await as(s.h.app, 'lead@fasttrack.example');
});
afterAll(() => s?.close());

describe('correcting a request', () => {
  it('the requester writes a message; it shows in the history and the reviewer reads it', async () => {
    const filed = await file();
    const page = await s.page();
    await signIn(page, s.url, 'it.admin@contoso.example');
    await page.goto(`${s.url}/requests/${filed.id}`);
    const box = page.getByLabel(en('ui.request.message.label'));
    // nothing written: said on the field, nothing sent
    await page.getByRole('button', { name: en('ui.request.message.send') }).click();
    await page.getByText(en('ui.request.message.required')).waitFor();
    await box.fill('Our sponsor changed: it is now Robin Vega.');
    await page.getByRole('button', { name: en('ui.request.message.send') }).click();
    const row = page.locator('li[data-kind=message]');
    await row.waitFor();
    expect(await row.textContent()).toContain('Our sponsor changed: it is now Robin Vega.');
    // the reader's own message sits on the reader's side of the conversation
    expect(await row.getAttribute('data-side')).toBe('mine');
    expect(await box.inputValue()).toBe('');
    const seen = (await lead.get(`/api/requests/${filed.id}`)).body;
    expect(seen.status).toBe('submitted');
    expect(seen.history.filter((h: { kind: string }) => h.kind === 'message')).toHaveLength(1);
    // the center's queue marks the request: a message from the requester waits
    const center = await s.page();
    await signIn(center, s.url, 'admin@fasttrack.example');
    await center.goto(`${s.url}/requests?q=${filed.number}`);
    const mark = center.getByRole('row', { name: new RegExp(filed.number) }).getByTestId('waiting-message');
    await mark.waitFor();
    expect(await mark.textContent()).toBe(en('ui.requests.messageFromRequester'));
    // FastTrack answers: the customer's home says so and links the request
    const answered = await lead.request(
      'POST',
      `/api/requests/${filed.id}/messages`,
      { text: 'Noted, thank you.' },
      { 'idempotency-key': `answer-${uniq()}` },
    );
    expect(answered.status).toBe(201);
    await page.goto(`${s.url}/`);
    await page
      .getByTestId('messages-waiting')
      .getByRole('link', { name: new RegExp(filed.number) })
      .click();
    await page.waitForURL((u) => u.pathname === `/requests/${filed.id}`);
    // on a phone the conversation reads in one column: FastTrack's answer on the other side, marked
    // as the FastTrack team's, and nothing wider than the screen
    await page.setViewportSize({ width: 390, height: 844 });
    const history = page.getByRole('list', { name: en('ui.request.history') });
    const answer = history.locator('li[data-kind=message]', { hasText: 'Noted, thank you.' });
    await answer.waitFor();
    expect(await answer.getAttribute('data-side')).toBe('theirs');
    await answer.getByText(en('ui.request.history.center')).waitFor();
    const mine = history.locator('li[data-kind=message]', { hasText: 'Robin Vega' });
    const [own, theirs] = await Promise.all([mine.boundingBox(), answer.boundingBox()]);
    // mine on the right, theirs on the left
    expect(own!.x).toBeGreaterThan(theirs!.x);
    expect(own!.x + own!.width).toBeGreaterThan(theirs!.x + theirs!.width);
    expect(await overflowX(page)).toBeLessThanOrEqual(0);
    await history.scrollIntoViewIfNeeded();
    await screenshot(page, 'request-conversation');
  });

  it('a reviewer sends a saved reply in German; the requester reads it in English', async () => {
    const filed = await file();
    const de = (key: string) => t('de', key);
    const center = await s.page();
    await signIn(center, s.url, 'lead@fasttrack.example'); // Lena reads German
    await center.goto(`${s.url}/requests/${filed.id}`);
    await center.getByRole('combobox', { name: de('ui.request.message.savedReply') }).click();
    await center.getByRole('option', { name: savedReply('de', 'status-under-review') }).click();
    // with a saved reply chosen, her own words are optional
    await center.getByLabel(de('ui.request.message.addLine')).fill('Bis Montag.');
    await center.getByRole('button', { name: de('ui.request.message.send') }).click();
    const sent = center.locator('li[data-kind=message]');
    await sent.getByText(savedReply('de', 'status-under-review')).waitFor();
    await sent.getByText('Bis Montag.').waitFor();
    expect(await sent.getAttribute('data-side')).toBe('mine');
    await screenshot(
      center,
      'request-saved-reply',
      center.getByRole('region', { name: de('ui.request.history') }),
    );
    // the form is ready for the next message: no reply chosen
    expect(
      await center.getByRole('combobox', { name: de('ui.request.message.savedReply') }).textContent(),
    ).toBe(de('ui.request.message.savedReplyNone'));

    const page = await s.page();
    await signIn(page, s.url, 'it.admin@contoso.example');
    await page.goto(`${s.url}/requests/${filed.id}`);
    const read = page.locator('li[data-kind=message]');
    await read.getByText(savedReply('en', 'status-under-review')).waitFor();
    expect(await read.getAttribute('data-side')).toBe('theirs');
    expect(await read.getByText(savedReply('de', 'status-under-review')).count()).toBe(0);
  });

  it('a reminder sent to the requester shows in the history, numbered', async () => {
    const filed = await file();
    const asked = await lead.post(`/api/requests/${filed.id}/transition`, {
      to: 'on-hold-pending-requestor-response',
      reasonId: 'clarify-services',
      note: 'Which services first?',
    });
    expect(asked.status).toBe(200);
    const due = new Date(asked.body.reminders.nextAt);
    expect((await sendDueReminders(s.h, new Date(due.getTime() + 1000))).reminded).toContain(filed.id);
    const page = await s.page();
    await signIn(page, s.url, 'it.admin@contoso.example');
    await page.goto(`${s.url}/requests/${filed.id}`);
    const entry = page.locator('li[data-kind=reminder]');
    await entry.getByText(en('ui.request.history.reminder', { n: 1, of: REMINDERS })).waitFor();
    await entry.getByText(en('ui.request.history.system')).waitFor();
  });

  it('a reviewer adds an internal note; the requester never sees it', async () => {
    const filed = await file();
    const center = await s.page();
    await signIn(center, s.url, 'admin@fasttrack.example');
    await center.goto(`${s.url}/requests/${filed.id}`);
    await center.getByRole('checkbox', { name: en('ui.request.message.internal') }).check();
    // an internal note has no saved reply: those are written to the requester
    expect(await center.getByRole('combobox', { name: en('ui.request.message.savedReply') }).count()).toBe(0);
    // Lena is told too
    await center.getByRole('combobox', { name: en('ui.request.message.tell') }).click();
    // a multiple choice: its options are checkboxes
    await center.getByRole('menuitemcheckbox', { name: 'Lena Lead' }).click();
    await center.keyboard.press('Escape');
    await center.getByLabel(en('ui.request.message.label')).fill('Checked with the partner manager: wait.');
    await center.getByRole('button', { name: en('ui.request.message.addNote') }).click();
    const note = center.locator('li[data-kind=internal]');
    await note.getByText('Checked with the partner manager: wait.').waitFor();
    await note.getByText(en('ui.request.history.internal')).waitFor();
    // the form is back to a message for the requester
    expect(await center.getByRole('checkbox', { name: en('ui.request.message.internal') }).isChecked()).toBe(
      false,
    );
    const told = (await lead.get('/api/notifications')).body.items.map((n: { link: string }) => n.link);
    expect(told).toContain(`/requests/${filed.id}`);

    const page = await s.page();
    await signIn(page, s.url, 'it.admin@contoso.example');
    await page.goto(`${s.url}/requests/${filed.id}`);
    await page.getByRole('list', { name: en('ui.request.history') }).waitFor();
    expect(await page.getByText('Checked with the partner manager').count()).toBe(0);
    expect(await page.locator('li[data-kind=internal]').count()).toBe(0);
    expect(await page.getByRole('checkbox', { name: en('ui.request.message.internal') }).count()).toBe(0);
  });

  it('the requester answers a question by correcting the date and the project name', async () => {
    const filed = await file();
    const asked = await lead.post(`/api/requests/${filed.id}/transition`, {
      to: 'on-hold-pending-requestor-response',
      reasonId: 'clarify-services',
      note: 'Is Teams really planned that early?',
    });
    expect(asked.status).toBe(200);

    const page = await s.page();
    await signIn(page, s.url, 'it.admin@contoso.example');
    // the customer's home says FastTrack waits for its reply, and links the request
    await page
      .getByTestId('waiting-reply')
      .getByRole('link', { name: new RegExp(filed.number) })
      .click();
    await page.waitForURL((u) => u.pathname === `/requests/${filed.id}`);
    // the follow-up of the question shows: no reminder yet, the first one's date
    expect(await page.getByTestId('reminders').textContent()).toMatch(/^0 of 3 sent · next /);
    await page.getByRole('link', { name: en('ui.request.edit') }).click();
    await page.waitForURL((u) => u.pathname === `/requests/${filed.id}/edit`);
    await page.getByRole('heading', { name: en('ui.request.editTitle', { number: filed.number }) }).waitFor();

    const project = `Edited ${uniq()}`;
    const later = inDays(90);
    await page.getByLabel(en('ui.wizard.products.plannedDate', { workload: 'Microsoft Teams' })).fill(later);
    await page.getByLabel(en('ui.wizard.details.projectName')).fill(project);
    await page.evaluate(() =>
      (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
    );
    await screenshot(page, 'request-edit');
    await page.getByRole('button', { name: en('ui.request.save') }).click();

    await page.waitForURL((u) => u.pathname === `/requests/${filed.id}`);
    await page.getByRole('heading', { name: new RegExp(project) }).waitFor();
    const history = page.getByRole('list', { name: en('ui.request.history') });
    await history.getByText(en('ui.request.corrected')).waitFor();
    const fields = [en('ui.wizard.details.projectName'), en('ui.request.workloads')].join(', ');
    await history.getByText(en('ui.request.changed', { fields })).waitFor();
    // the status did not move: the requester still replies to the question
    await page.getByRole('button', { name: en('ui.request.reply') }).waitFor();
    await history.scrollIntoViewIfNeeded();
    await screenshot(page, 'request-corrected');

    const stored = await lead.get(`/api/requests/${filed.id}`);
    expect(stored.body.projectName).toBe(project);
    expect(stored.body.workloads.find((w: { workload: string }) => w.workload === 'teams').plannedDate).toBe(
      later,
    );
  });

  it('a change made while the form was open is reported and nothing is overwritten', async () => {
    const filed = await file();
    const page = await s.page();
    await signIn(page, s.url, 'it.admin@contoso.example');
    await page.goto(`${s.url}/requests/${filed.id}/edit`);
    const comments = page.getByLabel(en('ui.wizard.details.comments'));
    await comments.waitFor();

    // meanwhile the reviewer corrects the comments
    expect((await lead.patch(`/api/requests/${filed.id}`, { comments: 'From the reviewer.' })).status).toBe(
      200,
    );

    await comments.fill('From the requester.');
    await page.getByRole('button', { name: en('ui.request.save') }).click();
    await page.getByRole('alert').getByText(en('errors.detail.requestChanged')).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/requests/${filed.id}/edit`);
    expect((await lead.get(`/api/requests/${filed.id}`)).body.comments).toBe('From the reviewer.');
  });

  it('center engineers, who do not decide on requests, get no edit button', async () => {
    const filed = await file();
    const page = await s.page();
    await signIn(page, s.url, 'engineer@fasttrack.example');
    await page.goto(`${s.url}/requests/${filed.id}`);
    await page.getByRole('heading', { name: new RegExp(filed.number) }).waitFor();
    // Eun-ji reads Korean: she may claim, but not correct
    await page.getByRole('button', { name: t('ko', 'ui.request.claim') }).waitFor();
    expect(await page.getByRole('link', { name: t('ko', 'ui.request.edit') }).count()).toBe(0);
  });

  it('the requester withdraws a request it no longer needs', async () => {
    const filed = await file();
    const page = await s.page();
    await signIn(page, s.url, 'it.admin@contoso.example');
    await page.goto(`${s.url}/requests/${filed.id}`);
    await page.getByRole('button', { name: en('ui.request.withdraw') }).click();
    const dialog = page.getByRole('dialog', { name: en('ui.request.dialog.title.withdraw') });
    await dialog.getByRole('button', { name: en('ui.request.dialog.confirm') }).click();
    await dialog.waitFor({ state: 'detached' });
    const history = page.getByRole('list', { name: en('ui.request.history') });
    await history.getByText(/withdrew the request/).waitFor();
    // closed: nothing more to correct or withdraw
    expect(await page.getByRole('link', { name: en('ui.request.edit') }).count()).toBe(0);
    expect(await page.getByRole('button', { name: en('ui.request.withdraw') }).count()).toBe(0);
    expect((await lead.get(`/api/requests/${filed.id}`)).body.status).toBe('cancelled');
  });

  it('a reviewer correcting sees the requester, not herself, as the requester', async () => {
    const filed = await file();
    const page = await s.page();
    await signIn(page, s.url, 'lead@fasttrack.example');
    await page.goto(`${s.url}/requests/${filed.id}/edit`);
    // Lena reads German
    await page
      .getByRole('heading', { name: t('de', 'ui.request.editTitle', { number: filed.number }) })
      .waitFor();
    const requester = page.getByRole('group', { name: t('de', 'ui.wizard.contacts.requester') });
    await requester.getByText('it.admin@contoso.example').waitFor();
    expect(await requester.getByText('lead@fasttrack.example').count()).toBe(0);
  });
});
