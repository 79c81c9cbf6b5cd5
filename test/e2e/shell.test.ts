/**
 * The frame of every page in a real browser: on a desk the navigation and the controls sit in the bar;
 * on a phone the bar keeps the product name, the bell and a menu button, and the menu holds the rest.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/platform/i18n/i18n.ts';
import { as } from '../client.ts';
import { orgIds } from '../db-snapshot.ts';
import { requestBody, uniq } from '../factories.ts';
import { overflowX, type Served, screenshot, serve, signIn } from './browser.ts';

let s: Served;
let requestId: string;
let engagementId: string;
let customerId: string;
const en = (key: string) => t('en', key);

beforeAll(async () => {
  s = await serve();
  const ids = await orgIds(s.h.db);
  customerId = ids.contoso!;
  const customer = await as(s.h.app, 'it.admin@contoso.example');
  const file = async () => {
    const res = await customer.request(
      'POST',
      '/api/requests',
      requestBody(customerId, { projectName: `Phone ${uniq()}` }),
      { 'idempotency-key': `phone-${uniq()}-${uniq()}` },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  requestId = await file();
  const lead = await as(s.h.app, 'lead@fasttrack.example');
  const approved = await lead.post(`/api/requests/${await file()}/approve`, {
    reasonId: 'eligible-with-migration-service',
    scenario: 'center-led',
  });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  engagementId = approved.body.decision.engagementId;
});
afterAll(() => s?.close());

const nav = (page: Page) => page.getByRole('navigation', { name: en('ui.shell.navigation') });
const menuButton = (page: Page) => page.getByRole('button', { name: en('ui.shell.menu') });

describe('the frame of the portal', () => {
  it('on a desk: the navigation and the controls are in the bar, no menu button', async () => {
    const page = await s.page();
    await signIn(page, s.url, 'it.admin@contoso.example');
    await nav(page)
      .getByRole('link', { name: en('ui.nav.myRequests') })
      .waitFor();
    expect(await menuButton(page).count()).toBe(0);
    await page.getByRole('button', { name: en('ui.shell.signOut') }).waitFor();
    await page.context().close();
  });

  it('on a phone: the menu opens the navigation and the controls, and closes on a chosen page', async () => {
    const page = await s.page();
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, s.url, 'it.admin@contoso.example');
    await menuButton(page).waitFor();
    // folded: the bar holds the product name, the bell and the button
    expect(await nav(page).count()).toBe(0);
    expect(await page.getByRole('button', { name: en('ui.shell.signOut') }).count()).toBe(0);
    const bar = await page.locator('header').boundingBox();
    expect(bar!.height).toBeLessThan(80);
    expect(await menuButton(page).getAttribute('aria-expanded')).toBe('false');

    await menuButton(page).click();
    expect(await menuButton(page).getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('combobox', { name: en('ui.shell.language') }).waitFor();
    await page.getByRole('combobox', { name: en('ui.shell.theme') }).waitFor();
    await screenshot(page, 'menu-phone');
    // Escape closes a list open in the menu first, then the menu, and the focus goes back to its button
    await page.getByRole('combobox', { name: en('ui.shell.language') }).click();
    await page.getByRole('listbox').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('listbox').waitFor({ state: 'detached' });
    expect(await nav(page).count()).toBe(1);
    await page.keyboard.press('Escape');
    await nav(page).waitFor({ state: 'detached' });
    expect(await menuButton(page).getAttribute('aria-expanded')).toBe('false');
    expect(
      await menuButton(page).evaluate(
        (b) =>
          b === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
      ),
    ).toBe(true);
    await menuButton(page).click();
    await nav(page)
      .getByRole('link', { name: en('ui.nav.myRequests') })
      .click();
    await page.waitForURL((u) => u.pathname === '/requests');
    await page.getByRole('heading', { name: en('ui.requests.title') }).waitFor();
    expect(await nav(page).count()).toBe(0);
    expect(await menuButton(page).getAttribute('aria-expanded')).toBe('false');

    // signing out is in the menu too
    await menuButton(page).click();
    await page.getByRole('button', { name: en('ui.shell.signOut') }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/signin'));
    await page.context().close();
  });

  it('on a phone no page is wider than the screen', async () => {
    const pages: [string, string][] = [
      ['it.admin@contoso.example', '/'],
      ['it.admin@contoso.example', '/requests/new'],
      ['it.admin@contoso.example', '/requests/REQ'],
      ['it.admin@contoso.example', '/engagements'],
      ['it.admin@contoso.example', '/engagements/ENG'],
      ['it.admin@contoso.example', '/customers/CUS/subscriptions'],
      ['admin@fasttrack.example', '/'],
      ['admin@fasttrack.example', '/requests/REQ'],
      ['admin@fasttrack.example', '/engagements/ENG'],
      ['admin@fasttrack.example', '/engagements/ENG?tab=tasks'],
      ['admin@fasttrack.example', '/engagements/ENG?tab=notes'],
      ['admin@fasttrack.example', '/engagements/ENG?tab=meetings'],
      ['admin@fasttrack.example', '/engagements/ENG?tab=timeline'],
      ['admin@fasttrack.example', '/engagements/ENG?tab=migration'],
      ['admin@fasttrack.example', '/requests'],
      ['admin@fasttrack.example', '/dashboard'],
      ['admin@fasttrack.example', '/people'],
      ['lead@fabrikam-partners.example', '/'],
      ['lead@fabrikam-partners.example', '/referrals'],
    ];
    const wider: string[] = [];
    // one signed-in page per person, taken from page to page
    for (const email of [...new Set(pages.map(([who]) => who))]) {
      const page = await s.page();
      await page.setViewportSize({ width: 390, height: 844 });
      await signIn(page, s.url, email);
      for (const [, path] of pages.filter(([who]) => who === email)) {
        await page.goto(
          `${s.url}${path.replace('REQ', requestId).replace('ENG', engagementId).replace('CUS', customerId)}`,
        );
        await page.locator('h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        const overflow = await overflowX(page);
        if (overflow > 0) wider.push(`${path} for ${email}: ${overflow} px`);
      }
      await page.context().close();
    }
    expect(wider).toEqual([]);
  });
});
