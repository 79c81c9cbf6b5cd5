/**
 * Partner ↔ customer relationships in the browser: a partner admin (Portuguese) asks a demo customer
 * for access by domain — a malformed and an unknown domain are answered on the field — the customer's
 * admin (Japanese) approves, and the partner now finds the customer in My customers; revoking, after
 * the confirmation dialog, takes it away again.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/platform/i18n/i18n.ts';
import { type Served, serve, signIn } from './browser.ts';

const pt = (key: string, values?: Record<string, string | number>) => t('pt-BR', key, values);
const ja = (key: string, values?: Record<string, string | number>) => t('ja', key, values);
const TAILSPIN = 'Tailspin 株式会社';
const FABRIKAM = 'Fabrikam Partners';

let s: Served;
beforeAll(async () => {
  s = await serve();
});
afterAll(() => s?.close());

async function myCustomers(page: Page): Promise<string[]> {
  await page.goto(s.url);
  await page.getByRole('heading', { level: 1, name: pt('ui.partner.myCustomers') }).waitFor();
  await page.getByTestId('customer-row').first().waitFor();
  await page.waitForLoadState('networkidle');
  return page.getByTestId('customer-row').allTextContents();
}

describe('partner relationships', () => {
  it('partner asks by domain, customer admin approves, the customer shows in My customers', async () => {
    const partner = await s.page('pt-BR');
    await signIn(partner, s.url, 'lead@fabrikam-partners.example');
    expect((await myCustomers(partner)).some((c) => c.includes(TAILSPIN))).toBe(false);

    // the partner workspace's navigation leads to the relationships page
    await partner
      .getByRole('navigation')
      .getByRole('link', { name: pt('ui.nav.relationships') })
      .click();
    await partner.getByRole('heading', { level: 1, name: pt('ui.relationships.title') }).waitFor();
    const domain = partner.getByRole('textbox', { name: pt('ui.relationships.form.domain') });
    const send = partner.getByRole('button', { name: pt('ui.relationships.form.submit') });

    // the server's field-level answers are shown on the field
    await domain.fill('not a domain');
    await send.click();
    await partner.getByText(pt('errors.field.pattern')).waitFor();
    expect(await domain.getAttribute('aria-invalid')).toBe('true');
    await domain.fill('nobody-here.example');
    await send.click();
    await partner.getByText(t('pt-BR', 'errors.detail.notFound', { what: 'customer' })).waitFor();
    expect(await domain.getAttribute('aria-invalid')).toBe('true');

    await domain.fill('tailspin-jp.example');
    await partner.getByRole('textbox', { name: pt('ui.relationships.form.message') }).fill('Olá!');
    await send.click();
    await partner.getByText(pt('ui.relationships.sent', { customer: TAILSPIN })).waitFor();
    const row = partner.getByTestId('relationship-row').filter({ hasText: TAILSPIN });
    await row.waitFor();
    expect(await row.textContent()).toContain(pt('ui.relationships.status.requested'));

    // the request's date is shown in the partner's time zone (America/Sao_Paulo), not the browser's
    const created = (
      await s.h.db
        .selectFrom('partner_relationships as r')
        .innerJoin('organisations as c', 'c.id', 'r.customer_id')
        .select('r.created_at')
        .where('c.name', '=', TAILSPIN)
        .executeTakeFirstOrThrow()
    ).created_at;
    const expected = await partner.evaluate(
      (iso) =>
        new Intl.DateTimeFormat('pt-BR', {
          dateStyle: 'medium',
          timeStyle: 'short',
          timeZone: 'America/Sao_Paulo',
        }).format(new Date(iso)),
      new Date(created).toISOString(),
    );
    expect(await row.textContent()).toContain(expected);

    // asking again while the request is pending is answered on the field
    await domain.fill('tailspin.example');
    await send.click();
    await partner
      .getByText(t('pt-BR', 'errors.detail.relationshipExists', { status: 'requested' }))
      .waitFor();

    // the customer's admin approves
    const customer = await s.page('ja-JP');
    await signIn(customer, s.url, 'admin@tailspin.example');
    await customer
      .getByRole('navigation')
      .getByRole('link', { name: ja('ui.nav.partners') })
      .click();
    await customer.getByRole('heading', { level: 1, name: ja('ui.partners.title') }).waitFor();
    const incoming = customer.getByTestId('incoming-row').filter({ hasText: FABRIKAM });
    expect(await incoming.textContent()).toContain('Olá!');
    await incoming.getByRole('button', { name: ja('ui.request.approve') }).click();
    await customer.getByTestId('partner-row').filter({ hasText: FABRIKAM }).waitFor();
    expect(await customer.getByTestId('incoming-row').count()).toBe(0);

    // the partner now sees the customer in My customers, and the request as approved
    expect((await myCustomers(partner)).some((c) => c.includes(TAILSPIN))).toBe(true);
    await partner.goto(`${s.url}/relationships`);
    await partner
      .getByTestId('relationship-row')
      .filter({ hasText: TAILSPIN })
      .filter({ hasText: pt('ui.relationships.status.approved') })
      .waitFor();

    // revoking asks for confirmation first
    const approved = customer.getByTestId('partner-row').filter({ hasText: FABRIKAM });
    await approved.getByRole('button', { name: ja('ui.partners.revokeAction') }).click();
    const dialog = customer.getByRole('alertdialog');
    await dialog.getByText(ja('ui.partners.revoke.title', { partner: FABRIKAM })).waitFor();
    await dialog.getByRole('button', { name: ja('ui.engagement.cancel') }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await approved.count()).toBe(1);
    await approved.getByRole('button', { name: ja('ui.partners.revokeAction') }).click();
    await customer
      .getByRole('alertdialog')
      .getByRole('button', { name: ja('ui.partners.revoke.confirm') })
      .click();
    await approved.waitFor({ state: 'detached' });
    await customer.getByRole('heading', { level: 2, name: ja('ui.partners.earlier.title') }).waitFor();
    expect((await myCustomers(partner)).some((c) => c.includes(TAILSPIN))).toBe(false);

    await partner.context().close();
    await customer.context().close();
  });

  it('only partners see Relationships and only customer admins see Partners', async () => {
    const member = await s.page('en-US');
    await signIn(member, s.url, 'user@contoso.example');
    const nav = member.getByRole('navigation');
    await nav.getByRole('link', { name: t('en', 'ui.nav.home') }).waitFor();
    expect(await nav.getByRole('link', { name: t('en', 'ui.nav.partners') }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: t('en', 'ui.nav.relationships') }).count()).toBe(0);
    await member.context().close();
  });
});
