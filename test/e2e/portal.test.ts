/** The portal in a real browser: sign-in, the customer home, languages and local date formats. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/platform/i18n/i18n.ts';
import { type Served, serve, signIn } from './browser.ts';

let s: Served;
beforeAll(async () => {
  s = await serve();
});
afterAll(() => s?.close());

describe('portal', () => {
  it('serves the portal at / and its routes; the API keeps problem+json 404s', async () => {
    const home = await fetch(`${s.url}/requests/new`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<div id="root">');
    const api = await fetch(`${s.url}/api/nothing-here`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
  });

  it('a customer signs in and sees a deploy card per workload with its eligibility', async () => {
    const page = await s.page();
    await signIn(page, s.url, 'it.admin@contoso.example');
    await page
      .getByRole('heading', { level: 1, name: t('en', 'ui.home.welcome', { organisation: 'Contoso Ltd' }) })
      .waitFor();
    const cards = page.getByTestId('deploy-card');
    await cards.first().waitFor();
    expect(await cards.count()).toBeGreaterThan(5);
    await expect(cards.filter({ hasText: 'Exchange Online' }).first().textContent()).resolves.toContain(
      t('en', 'ui.home.eligible'),
    );
    await page.context().close();
  });

  it('a page opened right after signing in stays open while the session finishes loading', async () => {
    const page = await s.page();
    // the session's second read is slow: the person is in and clicks before it answers
    let held: (() => void) | null = null;
    const answered = new Promise<void>((resolve) => {
      held = resolve;
    });
    let meReads = 0;
    await page.route('**/api/me', async (route) => {
      meReads++;
      if (meReads === 2) await answered;
      await route.continue();
    });
    await signIn(page, s.url, 'it.admin@contoso.example');
    await page
      .getByRole('navigation')
      .getByRole('link', { name: t('en', 'ui.nav.myRequests') })
      .click();
    await page.waitForURL((u) => u.pathname === '/requests');
    const late = page.waitForResponse((r) => r.url().endsWith('/api/me'));
    held!();
    await late;
    // the late answer does not take the person back to the home page
    await page.waitForTimeout(500);
    expect(new URL(page.url()).pathname).toBe('/requests');
    await page.context().close();
  });

  for (const [language, email] of [
    ['de', 'lead@fasttrack.example'],
    ['ko', 'engineer@fasttrack.example'],
    ['zh-Hans', 'consultant@fabrikam-partners.example'],
  ] as const) {
    it(`shows the portal in ${language} for a person who prefers it`, async () => {
      const page = await s.page();
      await signIn(page, s.url, email);
      const nav = page.getByRole('navigation');
      await nav.getByRole('link', { name: t(language, 'ui.nav.home') }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe(language);
      await page.context().close();
    });
  }
});
