/**
 * Approving a product that is not eligible, by exception, in a real browser: the center admin ticks it,
 * must say who granted the exception, and the decision marks it; the other product is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/platform/i18n/i18n.ts';
import { as } from '../client.ts';
import { orgIds } from '../db-snapshot.ts';
import { requestBody, uniq } from '../factories.ts';
import { type Served, serve, signIn } from './browser.ts';

let s: Served;
const en = (key: string, values?: Record<string, string | number>) => t('en', key, values);

beforeAll(async () => {
  s = await serve();
});
afterAll(() => s?.close());

describe('approval by exception', () => {
  it('the admin approves Exchange Online for a customer under the minimum, with the exception noted', async () => {
    const ids = await orgIds(s.h.db);
    // Lamna has 120 paid seats: nothing it asks for is eligible
    const lamna = await as(s.h.app, 'admin@lamna.example');
    const filed = await lamna.request('POST', '/api/requests', requestBody(ids.lamna!), {
      'idempotency-key': `exception-${uniq()}-${uniq()}`,
    });
    expect(filed.status).toBe(201);

    const page = await s.page();
    await signIn(page, s.url, 'admin@fasttrack.example');
    await page.goto(`${s.url}/requests/${filed.body.id}`);
    await page.getByRole('button', { name: en('ui.request.approve') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: en('ui.request.dialog.reason') }).click();
    await page.getByRole('option').first().click();
    await dialog.getByRole('checkbox', { name: 'Exchange Online' }).check();
    await dialog.getByRole('button', { name: en('ui.request.dialog.confirm') }).click();
    // the exception needs its note
    await dialog.getByText(en('ui.request.dialog.exceptionNoteRequired')).waitFor();
    await dialog
      .getByLabel(en('ui.request.dialog.exceptionNote'))
      .fill('Granted by the FastTrack programme manager, ticket 4046.');
    await dialog.getByRole('button', { name: en('ui.request.dialog.confirm') }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByTestId('engagement-link').waitFor();
    const approved = page.getByRole('listitem').filter({ hasText: en('ui.request.byException') });
    await approved.first().waitFor();
    expect(await approved.first().textContent()).toContain('Exchange Online');
    await page.getByText(en('requests.exception.granted')).waitFor();
    const decision = (await lamna.get(`/api/requests/${filed.body.id}`)).body.decision;
    expect(decision.approved.map((a: { workload: string }) => a.workload)).toEqual(['exchange-online']);
    expect(decision.refused.map((r: { workload: string }) => r.workload)).toEqual(['teams']);
  });

  it('the reviewer approves one product of two and chooses who delivers it', async () => {
    const ids = await orgIds(s.h.db);
    const contoso = await as(s.h.app, 'it.admin@contoso.example');
    const filed = await contoso.request('POST', '/api/requests', requestBody(ids.contoso!), {
      'idempotency-key': `choice-${uniq()}-${uniq()}`,
    });
    expect(filed.status).toBe(201);

    const page = await s.page();
    await signIn(page, s.url, 'admin@fasttrack.example');
    await page.goto(`${s.url}/requests/${filed.body.id}`);
    await page.getByRole('button', { name: en('ui.request.approve') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: en('ui.request.dialog.reason') }).click();
    await page.getByRole('option').first().click();
    await dialog.getByRole('checkbox', { name: 'Microsoft Teams' }).uncheck();
    await dialog.getByRole('combobox', { name: en('ui.request.dialog.scenario') }).click();
    await page.getByRole('option', { name: en('requests.scenario.customer-led') }).click();
    await dialog.getByRole('button', { name: en('ui.request.dialog.confirm') }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByTestId('engagement-link').waitFor();
    await page.getByText(en('requests.refusal.notChosen')).waitFor();
    const decision = (await contoso.get(`/api/requests/${filed.body.id}`)).body.decision;
    expect(decision.approved).toEqual([
      expect.objectContaining({ workload: 'exchange-online', scenario: 'customer-led' }),
    ]);
    expect(decision.refused.map((r: { workload: string }) => r.workload)).toEqual(['teams']);
  });
});
