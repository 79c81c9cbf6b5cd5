/**
 * The center's triage queue in a real browser: who claimed each request, the region and "claimed"
 * filters, kept in the address and in the CSV download; on a phone, cards and folded filters.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/platform/i18n/i18n.ts';
import { as } from '../client.ts';
import { orgIds } from '../db-snapshot.ts';
import { requestBody, uniq } from '../factories.ts';
import { overflowX, type Served, screenshot, serve, signIn } from './browser.ts';

let s: Served;
const numbers: Record<'contoso' | 'tailspin' | 'claimed' | 'lenas' | 'late', string> = {
  contoso: '',
  tailspin: '',
  claimed: '',
  lenas: '',
  late: '',
};
let lateId = '';

beforeAll(async () => {
  s = await serve();
  const ids = await orgIds(s.h.db);
  const file = async (email: string, customerId: string) => {
    const res = await (await as(s.h.app, email)).request(
      'POST',
      '/api/requests',
      requestBody(customerId, { projectName: `Queue ${uniq()}` }),
      { 'idempotency-key': `queue-${uniq()}-${uniq()}` },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; number: string };
  };
  numbers.contoso = (await file('it.admin@contoso.example', ids.contoso!)).number;
  numbers.tailspin = (await file('admin@tailspin.example', ids.tailspin!)).number;
  const claimed = await file('it.admin@contoso.example', ids.contoso!);
  numbers.claimed = claimed.number;
  const admin = await as(s.h.app, 'admin@fasttrack.example');
  expect((await admin.post(`/api/requests/${claimed.id}/claim`)).status).toBe(200);
  const lenas = await file('it.admin@contoso.example', ids.contoso!);
  numbers.lenas = lenas.number;
  const lena = await as(s.h.app, 'lead@fasttrack.example');
  expect((await lena.post(`/api/requests/${lenas.id}/claim`)).status).toBe(200);
  // filed ten days ago and never answered: its first answer is overdue
  const late = await file('it.admin@contoso.example', ids.contoso!);
  numbers.late = late.number;
  lateId = late.id;
  await s.h.db
    .updateTable('requests')
    .set({ created_at: new Date(Date.now() - 10 * 86_400_000) })
    .where('id', '=', late.id)
    .execute();
  // and its requester asked something then, still unanswered
  const asked = await (await as(s.h.app, 'it.admin@contoso.example')).request(
    'POST',
    `/api/requests/${late.id}/messages`,
    { text: 'Any news?' },
    { 'idempotency-key': `queue-ask-${uniq()}-${uniq()}` },
  );
  expect(asked.status).toBe(201);
  await s.h.db
    .updateTable('request_history')
    .set({ created_at: sql`created_at - interval '10 days'` })
    .where('request_id', '=', late.id)
    .execute();
});
afterAll(() => s?.close());

describe('triage queue', () => {
  it('filters by region and by who claimed a request, and clears back to every request', async () => {
    const page = await s.page();
    await signIn(page, s.url, 'admin@fasttrack.example');
    await page.goto(`${s.url}/requests`);
    for (const n of Object.values(numbers)) await page.getByRole('link', { name: n }).waitFor();
    // who claimed each: the reader, a colleague by name, nobody
    const row = (n: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name: n }) });
    await expect(row(numbers.claimed).textContent()).resolves.toContain(t('en', 'ui.requests.claimedByYou'));
    await expect(row(numbers.lenas).textContent()).resolves.toContain('Lena Lead');
    await expect(row(numbers.contoso).textContent()).resolves.toContain(t('en', 'ui.requests.unclaimed'));

    const choose = async (label: string, option: string) => {
      await page.getByRole('combobox', { name: label }).click();
      await page.getByRole('option', { name: option, exact: true }).click();
    };
    // APJ: Tailspin (Japan), not Contoso (United States)
    await choose(t('en', 'ui.requests.filter.region'), 'Asia Pacific and Japan');
    await page.waitForURL((u) => u.searchParams.get('region') === 'apj');
    await page.getByRole('link', { name: numbers.tailspin }).waitFor();
    await page.getByRole('link', { name: numbers.contoso }).waitFor({ state: 'detached' });
    expect(await page.getByRole('link', { name: numbers.claimed }).count()).toBe(0);

    await page.getByRole('button', { name: t('en', 'ui.requests.filter.clear') }).click();
    await page.getByRole('link', { name: numbers.contoso }).waitFor();

    // claimed by me: the one request the reviewer claimed
    await choose(t('en', 'ui.requests.col.claimed'), t('en', 'ui.requests.claimedByYou'));
    await page.waitForURL((u) => u.searchParams.get('claimed') === 'me');
    await page.getByRole('link', { name: numbers.contoso }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: numbers.claimed }).waitFor();
    expect(await page.getByRole('link', { name: /^RFA-/ }).count()).toBe(1);

    // the CSV download holds the same list
    const href = await page
      .getByRole('link', { name: t('en', 'ui.requests.downloadCsv') })
      .getAttribute('href');
    expect(href).toContain('claimed=me');
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href!);
    expect(csv).toContain(numbers.claimed);
    expect(csv).not.toContain(numbers.contoso);

    // the address keeps the filter: opened again, the list is the same
    await page.reload();
    await page.getByRole('link', { name: numbers.claimed }).waitFor();
    expect(await page.getByRole('link', { name: /^RFA-/ }).count()).toBe(1);
    await page.context().close();
  });

  it('shows each first answer due or overdue, and filters those overdue', async () => {
    const page = await s.page();
    await signIn(page, s.url, 'admin@fasttrack.example');
    await page.goto(`${s.url}/requests`);
    const row = (n: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name: n }) });
    await page.getByRole('link', { name: numbers.late }).waitFor();
    const clockIn = (n: string) => row(n).getByTestId('first-answer');
    expect(await clockIn(numbers.late).getAttribute('data-state')).toBe('overdue');
    await expect(clockIn(numbers.late).textContent()).resolves.toContain(
      t('en', 'ui.request.firstAnswer.overdue'),
    );
    expect(await clockIn(numbers.contoso).getAttribute('data-state')).toBe('due');
    await screenshot(page, 'queue-first-answer');

    // the requester's question waits past the response time too
    await row(numbers.late).getByTestId('reply-overdue').waitFor();
    expect(await row(numbers.contoso).getByTestId('reply-overdue').count()).toBe(0);

    await page.getByRole('combobox', { name: t('en', 'ui.request.firstAnswer.label') }).click();
    await page.getByRole('option', { name: t('en', 'ui.requests.response.overdue'), exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('response') === 'overdue');
    await page.getByRole('link', { name: numbers.contoso }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: numbers.late }).waitFor();
    await page.context().close();

    // the customer reads on the request when FastTrack's answer was due
    const customer = await s.page();
    await signIn(customer, s.url, 'it.admin@contoso.example');
    // their own list says it too
    await customer.goto(`${s.url}/requests`);
    const mine = customer
      .getByRole('row')
      .filter({ has: customer.getByRole('link', { name: numbers.late }) });
    expect(await mine.getByTestId('first-answer').getAttribute('data-state')).toBe('overdue');
    await customer.goto(`${s.url}/requests/${lateId}`);
    const clock = customer.getByTestId('first-answer');
    await clock.waitFor();
    expect(await clock.getAttribute('data-state')).toBe('overdue');
    await expect(clock.textContent()).resolves.toContain('Was due');
    await screenshot(customer, 'request-first-answer', customer.locator('dl').first());
    await customer.context().close();
    // taken by a reviewer (a claim alone is no answer): out of the way of "take the next request" below
    const admin = await as(s.h.app, 'admin@fasttrack.example');
    expect((await admin.post(`/api/requests/${lateId}/claim`)).status).toBe(200);
    expect((await admin.get(`/api/requests/${lateId}`)).body.response.state).toBe('overdue');
  });

  it('on a phone the lists read as cards and the queue folds its filters behind one button', async () => {
    const en = (key: string, values?: Record<string, number>) => t('en', key, values);
    const page = await s.page();
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, s.url, 'admin@fasttrack.example');
    await page.goto(`${s.url}/requests`);
    const list = page.getByRole('list', { name: en('ui.requests.queueTitle') });
    const card = (n: string) =>
      list.getByRole('listitem').filter({ has: page.getByRole('link', { name: n }) });
    await card(numbers.lenas).waitFor();
    // a card says what the table's columns said: status, project, customer, who claimed it
    const lenas = await card(numbers.lenas).textContent();
    expect(lenas).toContain(en('requests.status.submitted'));
    expect(lenas).toContain('Lena Lead');
    expect(lenas).toContain('Contoso');
    expect(await page.getByRole('table').count()).toBe(0);
    // the search shows; the other filters wait behind the button
    await page.getByRole('searchbox').waitFor();
    const region = page.getByRole('combobox', { name: en('ui.requests.filter.region') });
    expect(await region.count()).toBe(0);
    const closed = page.getByRole('button', { name: en('ui.requests.filter.toggle', { count: 0 }) });
    expect(await closed.getAttribute('aria-expanded')).toBe('false');
    await closed.click();
    await region.click();
    await page.getByRole('option', { name: 'Asia Pacific and Japan', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('region') === 'apj');
    await card(numbers.tailspin).waitFor();
    await card(numbers.contoso).waitFor({ state: 'detached' });
    // folded again, the button counts the filter that is set
    const set = page.getByRole('button', { name: en('ui.requests.filter.toggle', { count: 1 }) });
    expect(await set.getAttribute('aria-expanded')).toBe('true');
    await set.click();
    expect(await region.count()).toBe(0);
    expect(await overflowX(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'queue-phone');
    await page.context().close();

    // the customer's own list: each request's status in sight
    const customer = await s.page();
    await customer.setViewportSize({ width: 390, height: 844 });
    await signIn(customer, s.url, 'it.admin@contoso.example');
    await customer.goto(`${s.url}/requests`);
    const mine = customer
      .getByRole('list', { name: en('ui.requests.title') })
      .getByRole('listitem')
      .filter({ has: customer.getByRole('link', { name: numbers.contoso }) });
    await mine.getByText(en('requests.status.submitted')).waitFor();
    expect(await mine.getByText(en('requests.status.submitted')).isVisible()).toBe(true);
    await customer.context().close();
  });

  it('"take the next request" opens the oldest unclaimed one, claimed, within the filters', async () => {
    const page = await s.page();
    await signIn(page, s.url, 'admin@fasttrack.example');
    // Japan only (APJ): Tailspin's, though Contoso's is older
    await page.goto(`${s.url}/requests?region=apj`);
    await page.getByRole('button', { name: t('en', 'ui.requests.takeNext') }).click();
    await page.getByRole('heading', { name: new RegExp(numbers.tailspin) }).waitFor();
    await page.getByText(t('en', 'ui.requests.claimedByYou')).first().waitFor();
    // nothing more in APJ: the queue says so
    await page.goto(`${s.url}/requests?region=apj`);
    await page.getByRole('button', { name: t('en', 'ui.requests.takeNext') }).click();
    await page.getByRole('status').getByText(t('en', 'errors.detail.noRequestWaiting')).waitFor();
    // without a filter: Contoso's, the oldest left
    await page.goto(`${s.url}/requests`);
    await page.getByRole('button', { name: t('en', 'ui.requests.takeNext') }).click();
    await page.getByRole('heading', { name: new RegExp(numbers.contoso) }).waitFor();
    await page.context().close();
  });

  it('the center home offers "take the next request" too', async () => {
    const ids = await orgIds(s.h.db);
    const customer = await as(s.h.app, 'it.admin@contoso.example');
    const filed = await customer.request('POST', '/api/requests', requestBody(ids.contoso!), {
      'idempotency-key': `home-next-${uniq()}-${uniq()}`,
    });
    expect(filed.status).toBe(201);
    const page = await s.page();
    await signIn(page, s.url, 'admin@fasttrack.example');
    await page.getByRole('button', { name: t('en', 'ui.requests.takeNext') }).click();
    await page.getByRole('heading', { name: new RegExp(filed.body.number) }).waitFor();
    await page.context().close();
  });
});
