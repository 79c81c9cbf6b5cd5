/** axe-core on every page of the portal: no serious or critical violation, in light and dark themes. */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/platform/i18n/i18n.ts';
import { as } from '../client.ts';
import { requestBody } from '../factories.ts';
import { type Served, serve, settled, signIn } from './browser.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let s: Served;
let requestId: string;
let openId: string;
let engagementId: string;
let customerId: string;

beforeAll(async () => {
  s = await serve();
  const contoso = await s.h.db
    .selectFrom('organisations')
    .select('id')
    .where('name', '=', 'Contoso Ltd')
    .executeTakeFirstOrThrow();
  customerId = contoso.id;
  const customer = await as(s.h.app, 'it.admin@contoso.example');
  const filed = await customer.request('POST', '/api/requests', requestBody(contoso.id), {
    'idempotency-key': 'a11y-key-0001',
  });
  const second = await customer.request('POST', '/api/requests', requestBody(contoso.id), {
    'idempotency-key': 'a11y-key-0002',
  });
  requestId = second.body.id;
  const lead = await as(s.h.app, 'lead@fasttrack.example');
  // an open request with a conversation: a message from each side (one a saved reply), an internal note
  const open = await customer.request(
    'POST',
    '/api/requests',
    requestBody(contoso.id, { projectName: 'A11y conversation' }),
    { 'idempotency-key': 'a11y-key-0010' },
  );
  openId = open.body.id;
  await customer.request(
    'POST',
    `/api/requests/${openId}/messages`,
    { reasonId: 'requester-status-inquiry' },
    { 'idempotency-key': 'a11y-key-0011' },
  );
  await lead.request(
    'POST',
    `/api/requests/${openId}/messages`,
    { reasonId: 'status-under-review', text: 'Bis Montag.' },
    { 'idempotency-key': 'a11y-key-0012' },
  );
  await lead.request(
    'POST',
    `/api/requests/${openId}/messages`,
    { text: 'Partner manager asked.', internal: true },
    { 'idempotency-key': 'a11y-key-0013' },
  );
  const approved = await lead.post(`/api/requests/${filed.body.id}/approve`, {
    reasonId: 'eligible-with-migration-service',
    scenario: 'center-led',
  });
  if (!approved.body?.decision)
    throw new Error(
      `approve: ${JSON.stringify(approved.body)} / filed: ${JSON.stringify(filed.body).slice(0, 300)}`,
    );
  engagementId = approved.body.decision.engagementId;
  // a primary manager: the meeting series is booked (Meetings tab)
  const manager = await s.h.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'manager@fasttrack.example')
    .executeTakeFirstOrThrow();
  await lead.post(`/api/engagements/${engagementId}/assignments`, {
    role: 'fasttrack-manager',
    userId: manager.id,
    primary: true,
  });
  // a partner's pending request, for the customer's Partners page
  const partner = await as(s.h.app, 'lead@fabrikam-partners.example');
  await partner.post('/api/partner-relationships', { domain: 'lamna.example' });
});
afterAll(() => s?.close());

async function violations(page: Page, waitFor: string) {
  await page.locator(waitFor).first().waitFor();
  await page.waitForLoadState('networkidle');
  await settled(page);
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const g = globalThis as any;
    const axe = g.axe as { run: (c: unknown, o: unknown) => Promise<any> };
    // Fluent UI's focus-management sentinels (tabster "dummy" elements) are hidden on purpose
    const r = await axe.run({ exclude: [['[data-tabster-dummy]']] }, { resultTypes: ['violations'] });
    return r.violations
      .filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v: { id: string; nodes: { target: string[]; html: string }[] }) =>
          `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 200)}`).join(', ')}`,
      );
  });
  return result as string[];
}

/** Waits until the open dialog has faded in: colours are checked at full opacity, animations done. */
async function shown(page: Page) {
  await page.waitForFunction(() => {
    const d = (globalThis as any).document.querySelector('[role=dialog]');
    return !!d && (globalThis as any).getComputedStyle(d).opacity === '1';
  });
  await settled(page);
}

describe('accessibility (axe)', () => {
  const pages: [string, string, string][] = [
    ['it.admin@contoso.example', '/', '[data-testid=deploy-card]'],
    ['it.admin@contoso.example', '/requests/new', 'h1'],
    ['it.admin@contoso.example', '/requests', 'h1'],
    ['it.admin@contoso.example', '/requests/REQ', 'h1'],
    ['it.admin@contoso.example', '/requests/REQ/edit', 'h1'],
    ['it.admin@contoso.example', '/customers/CUS/subscriptions', '[data-testid=subscription-row]'],
    ['it.admin@contoso.example', '/engagements', 'h1'],
    ['it.admin@contoso.example', '/engagements/ENG', '[data-testid=workload-card]'],
    ['it.admin@contoso.example', '/engagements/ENG?tab=tasks', 'h1'],
    ['it.admin@contoso.example', '/engagements/ENG?tab=notes', 'h1'],
    ['it.admin@contoso.example', '/engagements/ENG?tab=timeline', 'h1'],
    ['it.admin@contoso.example', '/engagements/ENG?tab=migration', 'h1'],
    ['lead@fabrikam-partners.example', '/', 'h1'],
    ['admin@fasttrack.example', '/', 'h1'],
    ['admin@fasttrack.example', '/requests', 'h1'],
    ['admin@fasttrack.example', '/requests/REQ', 'h1'],
    ['admin@fasttrack.example', '/requests/OPEN', 'li[data-kind=message]'],
    ['it.admin@contoso.example', '/requests/OPEN', 'li[data-kind=message]'],
    ['lead@fabrikam-partners.example', '/relationships', '[data-testid=relationship-row]'],
    ['admin@lamna.example', '/partners', '[data-testid=incoming-row]'],
    ['it.admin@contoso.example', '/partners', '[data-testid=partner-row]'],
    ['admin@fasttrack.example', '/dashboard', '[data-testid=chart-requests-by-week] svg'],
    ['admin@fasttrack.example', '/engagements/ENG', '[data-testid=assign-panel]'],
    ['admin@fasttrack.example', '/engagements/ENG?tab=meetings', '[data-testid=meeting-row]'],
    ['lead@fabrikam-partners.example', '/referrals', 'h1'],
    ['it.admin@contoso.example', '/settings/notifications', '[data-testid=preference]'],
    ['lead@fasttrack.example', '/people', '[data-testid=region-holiday]'],
    ['engineer@fasttrack.example', '/settings/availability', '[data-testid=hours-editor]'],
    ['lead@fabrikam-partners.example', '/partner-profile', '[data-testid=pause-card]'],
  ];

  it('the sign-in page', async () => {
    const page = await s.page();
    await page.goto(`${s.url}/signin`);
    expect(await violations(page, 'h1')).toEqual([]);
    await page.context().close();
  });

  for (const [email, path, waitFor] of pages) {
    it(`${path} for ${email}`, async () => {
      const page = await s.page();
      await signIn(page, s.url, email);
      await page.goto(
        `${s.url}${path.replace('REQ', requestId).replace('OPEN', openId).replace('ENG', engagementId).replace('CUS', customerId)}`,
      );
      expect(await violations(page, waitFor)).toEqual([]);
      await page.context().close();
    });
  }

  it('the approve dialog with products to leave out, the scenario and exceptions', async () => {
    const lamna = await s.h.db
      .selectFrom('organisations')
      .select('id')
      .where('name', '=', 'Lamna Santé')
      .executeTakeFirstOrThrow();
    const customer = await as(s.h.app, 'admin@lamna.example');
    const filed = await customer.request('POST', '/api/requests', requestBody(lamna.id), {
      'idempotency-key': 'a11y-key-0003',
    });
    const page = await s.page();
    await signIn(page, s.url, 'admin@fasttrack.example');
    await page.goto(`${s.url}/requests/${filed.body.id}`);
    await page.locator('h1').waitFor();
    await page.getByRole('button', { name: t('en', 'ui.request.approve') }).click();
    await shown(page);
    expect(await violations(page, '[role=dialog] fieldset')).toEqual([]);
    await page.context().close();
  });

  it("on a phone: the queue with its filters unfolded, and a request's conversation", async () => {
    const page = await s.page();
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, s.url, 'admin@fasttrack.example');
    await page.goto(`${s.url}/requests`);
    await page.getByTestId('request-card').first().waitFor();
    await page.getByRole('button', { name: t('en', 'ui.requests.filter.toggle', { count: 0 }) }).click();
    expect(await violations(page, '#queue-filters')).toEqual([]);
    await page.goto(`${s.url}/requests/${openId}`);
    expect(await violations(page, 'li[data-kind=message]')).toEqual([]);
    await page.getByRole('button', { name: t('en', 'ui.shell.menu') }).click();
    expect(await violations(page, '#shell-menu')).toEqual([]);
    await page.context().close();
  });

  it('the dialogs of the licences page: add a subscription, import from CSV', async () => {
    const page = await s.page();
    await signIn(page, s.url, 'it.admin@contoso.example');
    await page.goto(`${s.url}/customers/${customerId}/subscriptions`);
    await page.getByTestId('subscription-row').first().waitFor();
    await page.getByRole('button', { name: t('en', 'ui.subscriptions.add') }).click();
    await shown(page);
    expect(await violations(page, '[role=dialog] input')).toEqual([]);
    await page.getByRole('button', { name: t('en', 'ui.subscriptions.cancel') }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: t('en', 'ui.subscriptions.import') }).click();
    await shown(page);
    expect(await violations(page, '[role=dialog] [data-testid=csv-file]')).toEqual([]);
    await page.context().close();
  });

  it('the dark theme of the customer home', async () => {
    const page = await s.page();
    await page.addInitScript(() => (globalThis as any).localStorage.setItem('ftc.theme', 'dark'));
    await signIn(page, s.url, 'it.admin@contoso.example');
    expect(await violations(page, '[data-testid=deploy-card]')).toEqual([]);
    await page.context().close();
  });
});
