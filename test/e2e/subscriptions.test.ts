/**
 * A customer's licences in a real browser: how the seats count, adding a trial (which does not count),
 * changing seats, a CSV import refused line by line and then accepted; a partner reads them only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/platform/i18n/i18n.ts';
import { orgIds } from '../db-snapshot.ts';
import { type Served, screenshot, serve, signIn } from './browser.ts';

let s: Served;
let ids: Record<string, string>;
const en = (key: string, values?: Record<string, string | number>) => t('en', key, values);

beforeAll(async () => {
  s = await serve();
  ids = await orgIds(s.h.db);
});
afterAll(() => s?.close());

describe('licences and subscriptions', () => {
  it('the customer admin adds a trial, changes seats and imports a CSV file, with eligibility explained', async () => {
    const page = await s.page();
    await signIn(page, s.url, 'it.admin@contoso.example');
    await page.getByRole('link', { name: en('ui.subscriptions.link') }).click();
    await page
      .getByRole('heading', { name: en('ui.subscriptions.title', { customer: 'Contoso Ltd' }) })
      .waitFor();
    const rows = page.getByTestId('subscription-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    const counting = page.getByTestId('seat-counting');
    await page.getByText(en('ui.wizard.eligibility.eligible', { seats: '1,500' })).waitFor();

    // a trial of E3: listed, and explained as not counted; the eligible seats stay 1,500
    await page.getByRole('button', { name: en('ui.subscriptions.add') }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByRole('combobox', { name: en('ui.subscriptions.field.plan') })
      .pressSequentially('E3 (trial');
    await page.getByRole('option', { name: /Microsoft 365 E3 \(trial\)/ }).click();
    await dialog.getByLabel(en('ui.subscriptions.field.seats')).fill('250');
    await dialog.getByRole('combobox', { name: en('ui.subscriptions.field.kind') }).click();
    await page.getByRole('option', { name: en('ui.subscriptions.kind.trial') }).click();
    await dialog.getByRole('button', { name: en('ui.subscriptions.save') }).click();
    await dialog.waitFor({ state: 'detached' });
    await rows.nth(2).waitFor();
    await expect(rows.filter({ hasText: 'Microsoft 365 E3 (trial)' }).textContent()).resolves.toContain(
      en('ui.subscriptions.kind.trial'),
    );
    await counting.getByText(/250/).waitFor();
    await page.getByText(en('ui.wizard.eligibility.eligible', { seats: '1,500' })).waitFor();

    // EMS E3 goes from 300 to 350 seats: 1,550 eligible
    await page
      .getByRole('button', {
        name: en('ui.subscriptions.editLabel', { plan: 'Enterprise Mobility + Security E3' }),
      })
      .click();
    await dialog.getByLabel(en('ui.subscriptions.field.seats')).fill('350');
    await dialog.getByRole('button', { name: en('ui.subscriptions.save') }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(en('ui.wizard.eligibility.eligible', { seats: '1,550' })).waitFor();

    // a file with a bad line is refused whole, the line named; then a good one is imported
    const header = 'planSku,paidSeats,status,licenceKind,startsOn,endsOn,purchaseChannel,educationSeatKind';
    const upload = async (csv: string) => {
      await page.getByRole('button', { name: en('ui.subscriptions.import') }).click();
      await dialog.getByTestId('csv-file').setInputFiles({
        name: 'subscriptions.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv),
      });
      await dialog.getByRole('button', { name: en('ui.subscriptions.importRun') }).click();
    };
    await upload(
      `${header}\nO365_E1,50,active,paid,2025-01-01,,direct,\nO365_E1,lots,active,paid,2025-01-01,,direct,\n`,
    );
    const problems = dialog.getByTestId('import-problems');
    await problems.waitFor();
    expect(await problems.textContent()).toContain(
      en('ui.subscriptions.lineProblem', {
        line: 3,
        column: 'paidSeats',
        message: t('en', 'errors.field.type', { type: 'integer' }),
      }),
    );
    await dialog.getByRole('button', { name: en('ui.request.dialog.close') }).click();
    expect(await rows.count()).toBe(3);

    await upload(
      `${header}\nO365_E1,50,active,paid,2025-01-01,,Contoso Reseller,\nO365_E3,10,expired,paid,2023-01-01,2024-01-01,direct,\n`,
    );
    await dialog.getByText(en('ui.subscriptions.imported', { count: 2 })).waitFor();
    await dialog.getByRole('button', { name: en('ui.request.dialog.close') }).click();
    await rows.nth(4).waitFor();
    await rows.filter({ hasText: 'Contoso Reseller' }).waitFor();
    await screenshot(page, 'subscriptions');

    // the example file the dialog offers is one the import takes
    await page.getByRole('button', { name: en('ui.subscriptions.import') }).click();
    const href = await dialog
      .getByRole('link', { name: en('ui.subscriptions.example') })
      .getAttribute('href');
    const example = decodeURIComponent(href!.replace(/^data:text\/csv;charset=utf-8,/, ''));
    expect(example.split('\n')[0]).toBe(header);
    await dialog.getByRole('button', { name: en('ui.request.dialog.close') }).click();
    await upload(example);
    await dialog.getByText(en('ui.subscriptions.imported', { count: 2 })).waitFor();
    await dialog.getByRole('button', { name: en('ui.request.dialog.close') }).click();
    await rows.nth(6).waitFor();
  });

  it('a partner working for the customer reads its licences but cannot change them', async () => {
    const page = await s.page();
    await signIn(page, s.url, 'lead@fabrikam-partners.example');
    // from My customers
    await page
      .getByRole('link', { name: t('pt-BR', 'ui.subscriptions.title', { customer: 'Contoso Ltd' }) })
      .click();
    await page.waitForURL((u) => u.pathname === `/customers/${ids.contoso}/subscriptions`);
    await page.getByTestId('subscription-row').first().waitFor();
    // Pat reads Portuguese: the page is in it, and offers no change
    await page
      .getByRole('heading', { name: t('pt-BR', 'ui.subscriptions.title', { customer: 'Contoso Ltd' }) })
      .waitFor();
    expect(await page.getByRole('button', { name: t('pt-BR', 'ui.subscriptions.add') }).count()).toBe(0);
    expect(await page.getByRole('button', { name: t('pt-BR', 'ui.subscriptions.import') }).count()).toBe(0);
    expect(await page.getByRole('button', { name: t('pt-BR', 'ui.wizard.review.edit') }).count()).toBe(0);
  });
});
