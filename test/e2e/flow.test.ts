/**
 * The whole journey in a browser, starting from the first address only: a customer files a request
 * through the wizard, center staff approve it in the queue, the customer sees the engagement; and
 * the "Need help?" widget files a request from a host page on another origin.
 */
import http from 'node:http';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/platform/i18n/i18n.ts';
import { type Served, screenshot, serve, signIn } from './browser.ts';

const en = (key: string, values?: Record<string, string | number>) => t('en', key, values);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

let s: Served;
beforeAll(async () => {
  s = await serve();
});
afterAll(() => s?.close());

/** Goes through the wizard's steps for Teams, with everything else as the form suggests. */
async function fileThroughWizard(page: Page, project: string, shots = false): Promise<string> {
  const next = () => page.getByRole('button', { name: en('ui.wizard.next'), exact: true }).click();
  await page.getByRole('heading', { level: 1, name: en('ui.wizard.title') }).waitFor();
  await next(); // overview
  const teams = page.getByRole('checkbox', { name: 'Microsoft Teams' });
  if (!(await teams.isChecked())) await teams.check();
  await page
    .getByLabel(en('ui.wizard.products.plannedDate', { workload: 'Microsoft Teams' }))
    .fill(inDays(40));
  if (shots) await screenshot(page, 'wizard');
  await next(); // products
  await page.getByLabel(en('ui.wizard.details.projectName')).fill(project);
  await next(); // details
  const field = (key: string) => page.getByRole('textbox', { name: new RegExp(`^${en(key)}\\b(?! \\()`) });
  await field('ui.wizard.contacts.phone').fill('+1 425 555 0100');
  await field('ui.wizard.contacts.title').fill('IT director');
  await next(); // contacts
  await page.getByRole('button', { name: en('ui.wizard.submit') }).click();
  const number = page.getByTestId('request-number');
  await number.waitFor();
  // the confirmation says by when FastTrack's first answer is expected
  expect(await page.getByTestId('first-answer').getAttribute('data-state')).toBe('due');
  return (await number.textContent())!.trim();
}

describe('the journey', () => {
  it('customer files through the wizard, center approves, customer sees the engagement', async () => {
    // the only address typed: the portal's; it sends a visitor to sign in
    const customer = await s.page();
    await customer.goto(s.url);
    await customer.waitForURL(/\/signin/);
    await signIn(customer, s.url, 'it.admin@contoso.example');
    await customer.getByTestId('deploy-card').first().waitFor();
    await screenshot(customer, 'customer-home');
    await customer.getByRole('button', { name: en('ui.home.requestAssistance') }).click();
    const number = await fileThroughWizard(customer, `Teams for everyone ${Date.now()}`, true);
    expect(number).toMatch(/^RFA-\d{6}$/);

    const lead = await s.page();
    await lead.goto(s.url);
    await lead.waitForURL(/\/signin/);
    await signIn(lead, s.url, 'admin@fasttrack.example');
    await lead
      .getByRole('navigation')
      .getByRole('link', { name: en('ui.nav.queue'), exact: true })
      .click();
    await lead.getByRole('link', { name: number }).waitFor();
    await screenshot(lead, 'center-queue');
    await lead.getByRole('link', { name: number }).click();
    await lead.getByRole('button', { name: en('ui.request.approve') }).click();
    const dialog = lead.getByRole('dialog');
    await dialog.getByRole('combobox', { name: en('ui.request.dialog.reason') }).click();
    await lead.getByRole('option').first().click();
    await dialog.getByRole('button', { name: en('ui.request.dialog.confirm') }).click();
    await lead.getByTestId('engagement-link').waitFor();

    await customer
      .getByRole('navigation')
      .getByRole('link', { name: en('ui.nav.home'), exact: true })
      .click();
    await customer.getByRole('link', { name: en('ui.home.openEngagement') }).click();
    await customer.getByRole('heading', { level: 1, name: 'Contoso Ltd' }).waitFor();
    const cards = customer.getByTestId('workload-card');
    await cards.first().waitFor();
    expect(await cards.filter({ hasText: 'Microsoft Teams' }).count()).toBe(1);
    await screenshot(customer, 'engagement');
    await customer.context().close();
    await lead.context().close();
  });

  it('the widget on another origin opens the wizard and tells the host page the request number', async () => {
    const html = fs
      .readFileSync('examples/widget-host.html', 'utf8')
      .replace('http://localhost:3000/widget.js', `${s.url}/widget.js`);
    const host = http.createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(html),
    );
    await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
    const hostUrl = `http://localhost:${(host.address() as { port: number }).port}/`;
    try {
      const page = await s.page();
      // signed in to FastTrack Center already (its own origin)
      await signIn(page, s.url, 'it.admin@contoso.example');
      await page.goto(hostUrl);
      const [popup] = await Promise.all([
        page.waitForEvent('popup'),
        page.locator('fasttrack-help').locator('button').click(),
      ]);
      const number = await fileThroughWizard(popup, `Widget request ${Date.now()}`);
      await page.getByRole('status').filter({ hasText: number }).waitFor();
      expect(await page.locator('fasttrack-help').getAttribute('request-id')).toMatch(/^rfa_/);
      await page.context().close();
    } finally {
      host.close();
    }
  });
});
