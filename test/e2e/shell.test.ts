/**
 * The frame of every page in a real browser: on a desk the navigation and the controls sit in the bar;
 * on a phone the bar keeps the product name, the bell and a menu button, and the menu holds the rest.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/platform/i18n/i18n.ts';
import { type Served, screenshot, serve, signIn } from './browser.ts';

let s: Served;
const en = (key: string) => t('en', key);

beforeAll(async () => {
  s = await serve();
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
});
