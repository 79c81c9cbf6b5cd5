/**
 * The reviewer's choices when approving, in a real browser: a product that is not eligible approved by
 * exception (ticked, with the note saying who granted it; the decision marks it), and an eligible
 * product left out with the delivery scenario chosen; the reason proposed for the choices; the
 * engagement shows the approval note; Teams First Pitch asked from "Before you decide".
 */
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/platform/i18n/i18n.ts';
import { as } from '../client.ts';
import { orgIds } from '../db-snapshot.ts';
import { requestBody, uniq } from '../factories.ts';
import { type Served, screenshot, serve, signIn } from './browser.ts';

let s: Served;
const en = (key: string, values?: Record<string, string | number>) => t('en', key, values);

beforeAll(async () => {
  s = await serve();
});
afterAll(() => s?.close());

/**
 * The customer's admin files a request through the API; the center admin opens it and starts
 * approving. Returns the customer's client, the request, the approve dialog and the English text of
 * the approval reason the programme proposes for a case.
 */
async function startApproval(customerEmail: string, customer: 'lamna' | 'contoso') {
  const ids = await orgIds(s.h.db);
  const client = await as(s.h.app, customerEmail);
  const filed = await client.request('POST', '/api/requests', requestBody(ids[customer]!), {
    'idempotency-key': `approval-${uniq()}-${uniq()}`,
  });
  expect(filed.status).toBe(201);
  const page = await s.page();
  await signIn(page, s.url, 'admin@fasttrack.example');
  await page.goto(`${s.url}/requests/${filed.body.id}`);
  // before deciding, the reviewer sees what approving would do
  const review = page.getByRole('region', { name: en('ui.request.review.title') });
  await review.getByRole('heading', { level: 3 }).first().waitFor();
  await page.getByRole('button', { name: en('ui.request.approve') }).click();
  const dialog = page.getByRole('dialog');
  // in the reviewer's language (the customer's admin may read another)
  const reviewer = await as(s.h.app, 'admin@fasttrack.example');
  const reasons = (await reviewer.get('/api/requests/reasons')).body.approve as {
    id: string;
    text: string;
    suggestedFor?: string;
  }[];
  const proposedFor = (c: string) => reasons.find((r) => r.suggestedFor === c)!;
  return { client, id: filed.body.id as string, page, dialog, proposedFor, review };
}

/** The reason the dialog shows, and that it says it was proposed. */
async function proposed(dialog: Locator) {
  await dialog.getByText(en('ui.request.dialog.reasonSuggested')).waitFor();
  return dialog.getByRole('combobox', { name: en('ui.request.dialog.reason') }).textContent();
}

describe('approval choices', () => {
  it('Skype for Business asked for: the reviewer asks about Teams from "Before you decide", the reason chosen', async () => {
    const ids = await orgIds(s.h.db);
    const contoso = await as(s.h.app, 'it.admin@contoso.example');
    const filed = await contoso.request(
      'POST',
      '/api/requests',
      requestBody(ids.contoso!, {
        workloads: [
          { workload: 'exchange-online', plannedDate: '2099-01-01' },
          { workload: 'skype-for-business', plannedDate: '2099-01-01' },
        ],
      }),
      { 'idempotency-key': `pitch-${uniq()}` },
    );
    expect(filed.status).toBe(201);
    const page = await s.page();
    await signIn(page, s.url, 'lead@fasttrack.example');
    await page.goto(`${s.url}/requests/${filed.body.id}`);
    const de = (key: string) => t('de', key); // the lead reads German
    const review = page.getByRole('region', { name: de('ui.request.review.title') });
    await review.locator('[data-check=teamsFirstPitch]').waitFor();
    await review.getByRole('button', { name: de('ui.request.review.askAboutTeams') }).click();
    const dialog = page.getByRole('dialog');
    const pitch = (await as(s.h.app, 'lead@fasttrack.example')).get('/api/requests/reasons');
    const reason = (await pitch).body['pending-requestor-response'].find(
      (r: { id: string }) => r.id === 'teams-first-pitch',
    );
    expect(await dialog.getByRole('combobox', { name: de('ui.request.dialog.reason') }).textContent()).toBe(
      reason.text,
    );
    await dialog.getByRole('button', { name: de('ui.request.dialog.confirm') }).click();
    await dialog.waitFor({ state: 'detached' });
    const after = (await contoso.get(`/api/requests/${filed.body.id}`)).body;
    expect(after.status).toBe('on-hold-pending-requestor-response');
    expect(after.history.at(-1).reasonId).toBe('teams-first-pitch');
  });

  it('the admin approves Exchange Online for a customer under the minimum, with the exception noted', async () => {
    // Lamna has 120 paid seats: nothing it asks for is eligible
    const {
      client: lamna,
      id,
      page,
      dialog,
      proposedFor,
      review,
    } = await startApproval('admin@lamna.example', 'lamna');
    // nothing Lamna asks for is eligible: the panel says so, and that an admin may grant an exception
    expect(await review.textContent()).toContain(en('ui.request.review.wouldRefuse'));
    expect(await review.locator('[data-check=ineligible]').count()).toBe(1);
    await dialog.getByRole('checkbox', { name: 'Exchange Online' }).check();
    // the reason proposed follows the choice: an approval by exception
    expect(await proposed(dialog)).toBe(proposedFor('exception').text);
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
    const decision = (await lamna.get(`/api/requests/${id}`)).body.decision;
    expect(decision.approved.map((a: { workload: string }) => a.workload)).toEqual(['exchange-online']);
    expect(decision.refused.map((r: { workload: string }) => r.workload)).toEqual(['teams']);

    // the engagement shows the approval note: the request, the exception and its note, what was left out
    const number = (await lamna.get(`/api/requests/${id}`)).body.number as string;
    await page.getByTestId('engagement-link').click();
    await page.getByRole('heading', { name: en('ui.engagement.origin.title') }).waitFor();
    const origin = page.getByRole('region', { name: new RegExp(number) });
    await origin.waitFor();
    await origin.getByText('Granted by the FastTrack programme manager, ticket 4046.').waitFor();
    const exchange = origin.getByRole('listitem').filter({ hasText: 'Exchange Online' }).first();
    expect(await exchange.textContent()).toContain(en('ui.request.byException'));
    await origin.getByRole('heading', { name: en('ui.request.refusedWorkloads') }).waitFor();
    expect(await origin.textContent()).toContain('Microsoft Teams');
    expect(await origin.textContent()).toContain(en('ui.requests.channel.portal-quick-action'));
    await screenshot(page, 'engagement-approval-note', page.locator('section[aria-labelledby=ov-requests]'));
    await origin.getByRole('link', { name: new RegExp(number) }).click();
    await page.waitForURL(`**/requests/${id}`);
  });

  it('the reviewer approves one product of two and chooses who delivers it', async () => {
    const {
      client: contoso,
      id,
      page,
      dialog,
      proposedFor,
      review,
    } = await startApproval('it.admin@contoso.example', 'contoso');
    // Contoso works with Fabrikam: the products would be partner-led, by Fabrikam
    expect(await review.textContent()).toContain(
      `${en('requests.scenario.partner-led')} (Fabrikam Partners)`,
    );
    await dialog.getByRole('checkbox', { name: 'Microsoft Teams' }).uncheck();
    await dialog.getByRole('combobox', { name: en('ui.request.dialog.scenario') }).click();
    await page.getByRole('option', { name: en('requests.scenario.customer-led') }).click();
    // Contoso's 1,500 seats and the migration asked for: the migration service is proposed; a partner
    // chosen to deliver would change it, and the reviewer's own pick stays
    expect(await proposed(dialog)).toBe(proposedFor('migration-service').text);
    await dialog.getByRole('combobox', { name: en('ui.request.dialog.scenario') }).click();
    await page.getByRole('option', { name: en('requests.scenario.partner-led') }).click();
    expect(await proposed(dialog)).toBe(proposedFor('partner-assigned').text);
    await dialog.getByRole('combobox', { name: en('ui.request.dialog.reason') }).click();
    await page.getByRole('option', { name: proposedFor('standard').text }).click();
    await dialog.getByText(en('ui.request.dialog.reasonSuggested')).waitFor({ state: 'detached' });
    await dialog.getByRole('combobox', { name: en('ui.request.dialog.scenario') }).click();
    await page.getByRole('option', { name: en('requests.scenario.customer-led') }).click();
    expect(await dialog.getByRole('combobox', { name: en('ui.request.dialog.reason') }).textContent()).toBe(
      proposedFor('standard').text,
    );
    await dialog.getByRole('button', { name: en('ui.request.dialog.confirm') }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByTestId('engagement-link').waitFor();
    await page.getByText(en('requests.refusal.notChosen')).waitFor();
    const decision = (await contoso.get(`/api/requests/${id}`)).body.decision;
    expect(decision.approved).toEqual([
      expect.objectContaining({ workload: 'exchange-online', scenario: 'customer-led' }),
    ]);
    expect(decision.refused.map((r: { workload: string }) => r.workload)).toEqual(['teams']);
    const history = (await contoso.get(`/api/requests/${id}`)).body.history;
    expect(history.at(-1)).toMatchObject({ toStatus: 'approved', reasonId: proposedFor('standard').id });
  });
});
