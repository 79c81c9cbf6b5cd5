/**
 * The center dashboard in a browser: center staff reach it from the navigation, see the charts with
 * their names and tables (the right counts), move through a chart with the keyboard, and open the
 * engagement list pre-filtered from an overdue tile and the queue from the unclaimed and messages
 * tiles; customers have no link to it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultProgramme } from '../../src/modules/programme/load-programme.ts';
import { t } from '../../src/platform/i18n/i18n.ts';
import { as } from '../client.ts';
import { requestBody } from '../factories.ts';
import { type Served, screenshot, serve, signIn } from './browser.ts';

const en = (key: string, values?: Record<string, string | number>) => t('en', key, values);
let s: Served;

beforeAll(async () => {
  s = await serve();
  const contoso = await s.h.db
    .selectFrom('organisations')
    .select('id')
    .where('name', '=', 'Contoso Ltd')
    .executeTakeFirstOrThrow();
  const customer = await as(s.h.app, 'it.admin@contoso.example');
  const ids: string[] = [];
  for (const key of ['dash-0001', 'dash-0002', 'dash-0003']) {
    const filed = await customer.request('POST', '/api/requests', requestBody(contoso.id), {
      'idempotency-key': key,
    });
    if (filed.status !== 201) throw new Error(`file: ${JSON.stringify(filed.body)}`);
    ids.push(filed.body.id);
  }
  const lead = await as(s.h.app, 'lead@fasttrack.example');
  const approved = await lead.post(`/api/requests/${ids[0]}/approve`, {
    reasonId: 'eligible-with-migration-service',
    scenario: 'center-led',
  });
  if (approved.status !== 200) throw new Error(`approve: ${JSON.stringify(approved.body)}`);
  const held = await lead.post(`/api/requests/${ids[1]}/transition`, {
    to: 'on-hold',
    reasonId: 'awaiting-licence-verification',
  });
  if (held.status !== 200) throw new Error(`hold: ${JSON.stringify(held.body)}`);
  // the customer asks about the held request: a message waits for the center
  const asked = await customer.request(
    'POST',
    `/api/requests/${ids[1]}/messages`,
    { text: 'What licences do you need to see?' },
    { 'idempotency-key': 'dash-message-0001' },
  );
  if (asked.status !== 201) throw new Error(`message: ${JSON.stringify(asked.body)}`);
  // the new engagement's first-contact clock has run out
  await s.h.db
    .updateTable('engagements')
    .set({ first_contact_due_at: new Date(Date.now() - 3_600_000), first_contact_at: null })
    .where('id', '=', approved.body.decision.engagementId)
    .execute();
});
afterAll(() => s?.close());

describe('center dashboard', () => {
  it('shows requests per week by status as a chart and as a table, and opens the overdue list', async () => {
    const page = await s.page();
    await signIn(page, s.url, 'admin@fasttrack.example');
    await page
      .getByRole('navigation')
      .getByRole('link', { name: en('ui.dashboard.nav') })
      .click();
    await page.getByRole('heading', { level: 1, name: en('ui.dashboard.title') }).waitFor();

    const title = en('ui.dashboard.requestsByWeek.title');
    const card = page.getByRole('region', { name: title });
    // the chart has a name and is reached with the keyboard: arrows show each week's figures
    const chart = card.getByRole('application', { name: title });
    await chart.waitFor();
    expect(await card.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    await screenshot(page, 'dashboard');
    await chart.focus();
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(async () => (await card.locator('.recharts-tooltip-wrapper').textContent()) ?? '')
      .toContain(en('ui.dashboard.weekOf', { date: '' }).trim());

    // its table: this week's row has the requests made above, by status
    await card.getByRole('button', { name: en('ui.dashboard.showTable') }).click();
    await expect.poll(() => chart.count()).toBe(0);
    const table = card.getByRole('table', { name: title });
    expect(await table.isVisible()).toBe(true);
    const headers = (await table.locator('thead th').allTextContents()).map((x) => x.trim());
    const row = (await table.locator('tbody tr').last().locator('th, td').allTextContents()).map((x) =>
      x.trim(),
    );
    const cell = (status: string) => row[headers.indexOf(en(`requests.status.${status}`))];
    const monday = new Date();
    monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
    expect(row[0]).toBe(
      en('ui.dashboard.weekOf', {
        date: new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(monday),
      }),
    );
    expect([cell('submitted'), cell('on-hold'), cell('approved'), cell('cancelled')]).toEqual([
      '1',
      '1',
      '1',
      '0',
    ]);
    expect(row.at(-1)).toBe('3');

    // the pipeline by phase: the approved engagement is in Initiate
    const phases = page.getByRole('table', { name: en('ui.dashboard.byPhase.title') });
    const initiate = (await phases.locator('tbody tr').first().locator('th, td').allTextContents()).map((x) =>
      x.trim(),
    );
    const name = loadDefaultProgramme().phases.find((p) => p.id === 'initiate')!.name as Record<
      string,
      string
    >;
    expect(initiate).toEqual([name.en, '1', '2']);

    // an overdue tile opens the engagement list with the same filter
    const tile = page.getByTestId('tile-sla');
    expect((await tile.textContent())?.replace(en('ui.dashboard.firstContactOverdue'), '')).toBe('1');
    await tile.click();
    await page.waitForURL(/\/engagements\?owner=all&sla=overdue/);
    await page.getByTestId('engagement-row').first().waitFor();
    expect(await page.getByTestId('engagement-row').count()).toBe(1);
    expect(
      await page.getByRole('checkbox', { name: en('ui.engagements.filter.slaOverdue') }).isChecked(),
    ).toBe(true);

    // the unclaimed tile opens the queue of submitted requests nobody claimed: as many as it says
    await page.goBack();
    const unclaimed = page.getByTestId('tile-unclaimed');
    const count = Number((await unclaimed.textContent())?.replace(en('ui.dashboard.unclaimed'), ''));
    await unclaimed.click();
    await page.waitForURL(
      (u) => u.searchParams.get('claimed') === 'nobody' && u.searchParams.get('status') === 'submitted',
    );
    expect(count).toBeGreaterThan(0);
    await page.getByRole('link', { name: /^RFA-/ }).first().waitFor();
    expect(await page.getByRole('link', { name: /^RFA-/ }).count()).toBe(count);

    // the messages tile opens the requests whose requester wrote last, each marked
    await page.goBack();
    const messages = page.getByTestId('tile-messages');
    expect((await messages.textContent())?.replace(en('ui.dashboard.messagesWaiting'), '')).toBe('1');
    await messages.click();
    await page.waitForURL((u) => u.searchParams.get('messages') === 'waiting');
    await page.getByTestId('waiting-message').first().waitFor();
    expect(await page.getByRole('link', { name: /^RFA-/ }).count()).toBe(1);

    await page.goBack();
    // two of the three were answered (approved, put on hold) the day they came: all in time
    const answers = page.getByTestId('tile-first-answers');
    await expect(answers.textContent()).resolves.toContain(
      en('ui.dashboard.firstAnswers.caption', { inTime: 2, total: 2, overdue: 0 }),
    );
    await expect(answers.textContent()).resolves.toContain('100%');

    // every request here was filed today: no first answer is late, and the tile's list is empty
    const late = page.getByTestId('tile-late');
    expect((await late.textContent())?.replace(en('ui.dashboard.firstAnswerLate'), '')).toBe('0');
    await late.click();
    await page.waitForURL((u) => u.searchParams.get('response') === 'overdue');
    await page.getByText(en('ui.requests.emptyQueue')).waitFor();
    await page.context().close();
  });

  it('is not offered to a customer', async () => {
    const page = await s.page();
    await signIn(page, s.url, 'it.admin@contoso.example');
    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: en('ui.nav.engagements') }).waitFor();
    expect(await nav.getByRole('link', { name: en('ui.dashboard.nav') }).count()).toBe(0);
    await page.context().close();
  });
});
