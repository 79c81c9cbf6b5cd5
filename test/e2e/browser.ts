/** A served app (test database, real HTTP) and a Chromium page on it, for the browser suite. */
import fs from 'node:fs';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { type Harness, startHarness } from '../harness.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Served {
  h: Harness;
  url: string;
  browser: Browser;
  page(language?: string): Promise<Page>;
  close(): Promise<void>;
}

export async function serve(): Promise<Served> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  const h = await startHarness();
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(h.app.server.address() as { port: number }).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  return {
    h,
    url,
    browser,
    async page(language = 'en-US') {
      const context = await browser.newContext({ locale: language, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      return page;
    },
    async close() {
      await browser.close();
      await h.close();
    },
  };
}

/** Signs in through the sign-in page (reached by the portal's own redirect when already on its way). */
export async function signIn(page: Page, url: string, email: string) {
  if (!new URL(page.url(), url).pathname.startsWith('/signin')) await page.goto(`${url}/signin`);
  await page
    .getByLabel(/email|e-mail|courriel|メール|이메일|correo|อีเมล|電子郵件|电子邮件/i)
    .first()
    .fill(email);
  await page.locator('input[type=password]').fill('FastTrack-demo-1');
  await page.locator('form button[type=submit]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
}

/**
 * README screenshots: taken when SCREENSHOTS=1 (so an ordinary test run leaves the tree as it was);
 * of the page's viewport, or of one element of it.
 */
export async function screenshot(page: Page, name: string, element?: Locator) {
  if (process.env.SCREENSHOTS !== '1') return;
  fs.mkdirSync('docs/screenshots', { recursive: true });
  await (element ?? page).screenshot({ path: `docs/screenshots/${name}.png` });
}

/**
 * Every animation that ends (a drawer sliding in, a dialog fading in) has finished: colours are then
 * what the reader sees. A spinner turns for ever and is not waited for.
 */
export async function settled(page: Page) {
  await page.evaluate(() =>
    Promise.all(
      (globalThis as any).document
        .getAnimations()
        .filter((a: any) => a.effect?.getComputedTiming().iterations !== Number.POSITIVE_INFINITY)
        .map((a: { finished: Promise<unknown> }) => a.finished),
    ),
  );
}

/** How many pixels the page is wider than its window (0 or less: nothing scrolls sideways). */
export function overflowX(page: Page): Promise<number> {
  return page.evaluate(() => {
    const d = (
      globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
    ).document.documentElement;
    return d.scrollWidth - d.clientWidth;
  });
}
