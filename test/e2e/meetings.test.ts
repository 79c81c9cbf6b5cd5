/**
 * Assignment and meetings in the browser: the center lead (German) assigns the best FastTrack Manager from the
 * assignment panel — the reasons shown with checks and crosses, an ineligible person greyed — which books the
 * meeting series; the Meetings tab lists them in the lead's zone and a reschedule is refused on the field
 * (outside the customer's hours) before it succeeds. The assignee (Spanish) sees the notification arrive live
 * on the bell; a partner admin (Portuguese) accepts the referral the lead offers, on /referrals.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/platform/i18n/i18n.ts';
import { Temporal } from '../../src/platform/time/temporal.ts';
import { as, type Client } from '../client.ts';
import { requestBody } from '../factories.ts';
import { type Served, screenshot, serve, settled, signIn } from './browser.ts';

const de = (key: string, values?: Record<string, string | number>) => t('de', key, values);
const es = (key: string, values?: Record<string, string | number>) => t('es', key, values);
const pt = (key: string, values?: Record<string, string | number>) => t('pt-BR', key, values);
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const CONTOSO = 'Contoso Ltd';
const LEAD_ZONE = 'Europe/Berlin';
const CUSTOMER_ZONE = 'America/New_York';
const hours = (start: string, end: string) => {
  const d = [{ start, end }];
  return { mon: d, tue: d, wed: d, thu: d, fri: d, sat: [], sun: [] };
};

let s: Served;
let lead: Client;
let engagementId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  s = await serve();
  const orgs = await s.h.db.selectFrom('organisations').select(['id', 'name']).execute();
  const org = (name: string) => orgs.find((o) => o.name === name)!.id;
  const users = await s.h.db.selectFrom('users').select(['id', 'email']).execute();
  for (const u of users) ids[u.email] = u.id;

  const customer = await as(s.h.app, 'it.admin@contoso.example');
  const filed = await customer.request('POST', '/api/requests', requestBody(org(CONTOSO)), {
    'idempotency-key': 'meetings-e2e-0001',
  });
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  lead = await as(s.h.app, 'lead@fasttrack.example');
  const approved = await lead.post(`/api/requests/${filed.body.id}/approve`, {
    reasonId: 'eligible-with-migration-service',
    scenario: 'center-led',
  });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  engagementId = approved.body.decision.engagementId;

  // routing profiles: the manager fits the customer; the engineer is not a manager (shown, not assignable)
  const need = (await lead.get(`/api/engagements/${engagementId}/routing?role=fasttrack-manager`)).body.need;
  const manager = await lead.put(`/api/people/${ids['manager@fasttrack.example']}/profile`, {
    roles: ['fasttrack-manager'],
    languages: ['en', 'es'],
    regions: [need.region],
    capacity: 10,
    workingHours: hours('07:00', '23:00'),
    timeZone: 'Europe/Madrid',
  });
  expect(manager.status, JSON.stringify(manager.body)).toBe(200);
  const engineer = await lead.put(`/api/people/${ids['engineer@fasttrack.example']}/profile`, {
    roles: ['fasttrack-engineer'],
    languages: ['en', 'ko'],
    regions: [need.region],
    workloads: ['exchange-online', 'teams'],
  });
  expect(engineer.status, JSON.stringify(engineer.body)).toBe(200);
  const partner = await lead.put(`/api/partners/${org('Fabrikam Partners')}/profile`, {
    languages: ['en', 'pt-BR'],
    countries: ['US', 'BR'],
    workloads: ['exchange-online', 'teams'],
    minSeats: 0,
    capacity: 5,
    timeZone: 'America/Sao_Paulo',
    businessHours: hours('09:00', '18:00'),
  });
  expect(partner.status, JSON.stringify(partner.body)).toBe(200);
});
afterAll(() => s?.close());

async function axe(page: Page): Promise<string[]> {
  // colours are checked once every opening drawer or dialog has finished its animation
  await settled(page);
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const g = globalThis as any;
    const r = await g.axe.run({ exclude: [['[data-tabster-dummy]']] }, { resultTypes: ['violations'] });
    return r.violations
      .filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v: { id: string; nodes: { html: string }[] }) => `${v.id}: ${v.nodes.map((n) => n.html).join(', ')}`,
      );
  });
}

const bell = (page: Page) => page.getByTestId('notification-bell');
const meetingsOf = async () => (await lead.get(`/api/engagements/${engagementId}/meetings`)).body as any[];

describe('assignment and meetings', () => {
  let leadPage: Page;
  let managerPage: Page;

  it('the lead assigns the best FastTrack Manager; the assignee’s bell shows it as it happens', async () => {
    managerPage = await s.page('es-ES');
    const stream = managerPage.waitForResponse((r) => r.url().endsWith('/api/notifications/stream'));
    await signIn(managerPage, s.url, 'manager@fasttrack.example');
    await managerPage.locator('[data-testid=notification-bell][data-unread="0"]').waitFor();
    expect((await stream).status()).toBe(200);

    leadPage = await s.page('de-DE');
    await signIn(leadPage, s.url, 'lead@fasttrack.example');
    await leadPage.goto(`${s.url}/engagements/${engagementId}`);
    const panel = leadPage.getByTestId('assign-panel');
    await panel.getByRole('heading', { level: 2, name: de('ui.assign.title') }).waitFor();
    const mateo = panel.getByTestId('candidate').filter({ hasText: 'Mateo Manager' });
    await mateo.waitFor();
    expect(await mateo.getAttribute('data-eligible')).toBe('true');
    expect(await mateo.locator('li[data-ok=true]').count()).toBeGreaterThan(0);
    expect(await mateo.textContent()).toContain(de('ui.assign.reasonMet'));
    // the engineer is listed with the constraint that fails, greyed and without an Assign button
    const eunji = panel.getByTestId('candidate').filter({ hasText: 'Eun-ji Engineer' });
    expect(await eunji.getAttribute('data-eligible')).toBe('false');
    expect(await eunji.locator('li[data-ok=false]').count()).toBeGreaterThan(0);
    expect(await eunji.textContent()).toContain(de('ui.assign.ineligible'));
    expect(await eunji.getByRole('button').count()).toBe(0);
    expect(await axe(leadPage)).toEqual([]);

    await panel.getByRole('button', { name: de('ui.assign.best') }).click();
    const role = de('ui.engagement.role.fasttrack-manager');
    const outcome = panel.getByRole('status').filter({
      hasText: de('ui.assign.assigned', { name: 'Mateo Manager', role }),
    });
    await outcome.waitFor();
    const meetings = await meetingsOf();
    expect(meetings.length).toBeGreaterThan(3);
    const text = (await outcome.textContent()) ?? '';
    expect(text).toContain(de('ui.assign.meetingsBooked', { count: meetings.length }));
    expect(text.includes(de('ui.assign.kickoffInTime')) || text.includes(de('ui.assign.kickoffLate'))).toBe(
      true,
    );
    await mateo.getByText(de('ui.assign.assignedBadge')).waitFor();
    // the people table of the overview has the primary manager now
    await leadPage
      .getByRole('table', { name: de('ui.engagement.people.title') })
      .getByText('Mateo Manager')
      .waitFor();

    // the assignee's bell counts it without a reload (server-sent events) and the panel lists it
    await managerPage
      .locator('[data-testid=notification-bell][data-unread="1"]')
      .waitFor({ timeout: 15_000 });
    await bell(managerPage).click();
    const drawer = managerPage.getByRole('dialog', { name: es('ui.notifications.title') });
    const title = es('notification.assigned.title', { customer: CONTOSO, role: 'fasttrack-manager' });
    const item = drawer.getByTestId('notification').filter({ hasText: title });
    await item.waitFor();
    expect(await item.getAttribute('data-unread')).toBe('true');
    expect(await axe(managerPage)).toEqual([]);
    await item.getByRole('button', { name: es('ui.notifications.markReadLabel', { title }) }).click();
    await drawer
      .getByTestId('notification')
      .filter({ hasText: title })
      .and(managerPage.locator('[data-unread=false]'))
      .waitFor();
    await managerPage.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    expect(await bell(managerPage).getAttribute('data-unread')).toBe('0');
    expect(await bell(managerPage).evaluate((el) => el === (globalThis as any).document.activeElement)).toBe(
      true,
    );
  });

  it('the Meetings tab lists the series; a reschedule is refused on the field, then moves the meeting', async () => {
    await leadPage.getByRole('tab', { name: de('ui.engagement.tab.meetings') }).click();
    const rows = leadPage.getByTestId('meeting-row');
    await rows.first().waitFor();
    const meetings = await meetingsOf();
    expect(await rows.count()).toBe(meetings.length);
    expect(await leadPage.getByText(de('ui.meetings.timesIn', { zone: LEAD_ZONE })).count()).toBe(1);
    // the kickoff, in German, at the lead's local time, with its .ics file
    const kickoff = meetings.find((m) => m.kind === 'kickoff');
    const kickoffRow = rows.and(leadPage.locator(`[data-meeting-id="${kickoff.id}"]`));
    expect(await kickoffRow.textContent()).toContain(kickoff.name);
    expect(await kickoffRow.textContent()).toContain(de('ui.meetings.status.scheduled'));
    const range = await leadPage.evaluate(
      ([a, b, zone]) =>
        new Intl.DateTimeFormat('de', { dateStyle: 'full', timeStyle: 'short', timeZone: zone }).formatRange(
          new Date(a!),
          new Date(b!),
        ),
      [kickoff.startsAt, kickoff.endsAt, LEAD_ZONE],
    );
    expect(await kickoffRow.textContent()).toContain(range);
    const ics = kickoffRow.locator(`a[href="/api/meetings/${kickoff.id}/ics"]`);
    expect(await ics.textContent()).toBe(de('ui.meetings.ics'));
    expect(await ics.getAttribute('aria-describedby')).toContain(kickoff.id);
    expect(await axe(leadPage)).toEqual([]);
    await screenshot(leadPage, 'meetings');

    // the last meeting moves by an hour within the customer's day (earlier when it is late in the day)
    const last = meetings[meetings.length - 1];
    const start = Temporal.Instant.from(last.startsAt);
    const minutes = (Date.parse(last.endsAt) - Date.parse(last.startsAt)) / 60_000;
    const local = start.toZonedDateTimeISO(CUSTOMER_ZONE);
    const later = local.add({ hours: 1 }).add({ minutes }).toPlainTime().toString() <= '17:00';
    const target = later ? start.add({ hours: 1 }) : start.subtract({ hours: 1 });
    const inLeadZone = (i: Temporal.Instant) => {
      const z = i.toZonedDateTimeISO(LEAD_ZONE);
      return { date: z.toPlainDate().toString(), time: z.toPlainTime().toString().slice(0, 5) };
    };

    const row = rows.and(leadPage.locator(`[data-meeting-id="${last.id}"]`));
    await row.getByRole('button', { name: de('ui.meetings.rescheduleAction') }).click();
    const dialog = leadPage.getByRole('dialog');
    const date = dialog.getByLabel(de('ui.meetings.reschedule.date'));
    const time = dialog.getByLabel(de('ui.meetings.reschedule.time'));
    expect(await date.inputValue()).toBe(inLeadZone(start).date);
    expect(await time.inputValue()).toBe(inLeadZone(start).time);
    // 03:00 in Berlin is the night before in New York: outside the customer's business hours
    await time.fill('03:00');
    await dialog.getByRole('button', { name: de('ui.meetings.reschedule.submit') }).click();
    await dialog.getByText(de('errors.field.outsideBusinessHours')).waitFor();
    expect(await time.getAttribute('aria-invalid')).toBe('true');

    await date.fill(inLeadZone(target).date);
    await time.fill(inLeadZone(target).time);
    await dialog.getByRole('button', { name: de('ui.meetings.reschedule.submit') }).click();
    await dialog.waitFor({ state: 'detached' });
    await leadPage.getByText(de('ui.meetings.rescheduled', { meeting: last.name, moved: 0 })).waitFor();
    const moved = (await meetingsOf()).find((m) => m.id === last.id);
    expect(moved.startsAt).toBe(new Date(target.epochMilliseconds).toISOString());
    expect(moved.sequence).toBe(1);
    await leadPage.context().close();
    await managerPage.context().close();
  });

  it('the lead offers the engagement to a partner; its admin accepts on the Referrals page', async () => {
    const page = await s.page('de-DE');
    await signIn(page, s.url, 'lead@fasttrack.example');
    await page.goto(`${s.url}/engagements/${engagementId}`);
    const refer = page.getByTestId('refer-panel');
    await refer.getByTestId('partner-candidate').filter({ hasText: 'Fabrikam Partners' }).waitFor();
    await refer.getByRole('button', { name: de('ui.assign.refer.best') }).click();
    await refer.getByRole('status').waitFor();
    const row = refer.getByTestId('referral-row').filter({ hasText: 'Fabrikam Partners' });
    await row.getByText(de('ui.referrals.status.offered')).waitFor();
    await page.context().close();

    const partner = await s.page('pt-BR');
    await signIn(partner, s.url, 'lead@fabrikam-partners.example');
    // the offer is a notification for the partner's admins too
    await partner.locator('[data-testid=notification-bell]:not([data-unread="0"])').waitFor();
    await partner
      .getByRole('navigation')
      .getByRole('link', { name: pt('ui.nav.referrals') })
      .click();
    await partner.getByRole('heading', { level: 1, name: pt('ui.referrals.title') }).waitFor();
    const offer = partner.getByTestId('offered-referral').filter({ hasText: CONTOSO });
    await offer.waitFor();
    // the due time in the partner admin's zone (America/Sao_Paulo), not the browser's
    const [referral] = (await lead.get(`/api/engagements/${engagementId}/referrals`)).body;
    const due = await partner.evaluate(
      (iso) =>
        new Intl.DateTimeFormat('pt-BR', {
          dateStyle: 'medium',
          timeStyle: 'short',
          timeZone: 'America/Sao_Paulo',
        }).format(new Date(iso)),
      referral.dueAt,
    );
    expect(await offer.textContent()).toContain(due);
    expect(await axe(partner)).toEqual([]);
    await offer.getByRole('button', { name: pt('ui.referrals.acceptLabel', { customer: CONTOSO }) }).click();
    await partner.getByText(pt('ui.referrals.accepted', { customer: CONTOSO })).waitFor();
    await partner
      .getByTestId('answered-referral')
      .filter({ hasText: CONTOSO })
      .filter({ hasText: pt('ui.referrals.status.accepted') })
      .waitFor();
    expect(await partner.getByTestId('offered-referral').count()).toBe(0);
    const after = (await lead.get(`/api/engagements/${engagementId}/referrals`)).body;
    expect(after[0].status).toBe('accepted');
    await partner.context().close();
  });

  it('notification settings save at once, from the keyboard; a calendar link is shown once', async () => {
    const page = await s.page('es-ES');
    await signIn(page, s.url, 'manager@fasttrack.example');
    // reached from the bell's panel
    await bell(page).click();
    await page.getByRole('link', { name: es('ui.notifications.settings') }).click();
    await page.getByRole('heading', { level: 1, name: es('ui.notifications.prefs.title') }).waitFor();
    const meetings = page.getByRole('group', { name: es('ui.notifications.kind.meeting') });
    const email = meetings.getByRole('switch', { name: es('ui.notifications.prefs.email') });
    expect(await email.isChecked()).toBe(true);
    await email.focus();
    await page.keyboard.press('Space');
    await page.getByText(es('ui.notifications.prefs.saved')).waitFor();
    expect(await email.isChecked()).toBe(false);
    const manager = await as(s.h.app, 'manager@fasttrack.example');
    const prefs = (await manager.get('/api/me/notification-preferences')).body as any[];
    expect(prefs.find((p) => p.kind === 'meeting')).toMatchObject({ email: false, inApp: true });

    await page.getByRole('button', { name: es('ui.notifications.feed.create') }).click();
    const url = page.getByRole('textbox', { name: es('ui.notifications.feed.url') });
    await url.waitFor();
    expect(await url.inputValue()).toMatch(/\/api\/calendar\/[A-Za-z0-9_-]+\.ics$/);
    expect(await axe(page)).toEqual([]);
    await page.context().close();
  });
});
