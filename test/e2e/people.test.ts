/**
 * Routing profiles in the browser: the center lead (German) edits the demo engineer's capacity and away period
 * on /people — an away period ending before it starts is refused on its "to" field — and sees it in the table;
 * the engineer (Korean) sets their own working hours on My availability without seeing the lead-only fields;
 * the partner admin (Portuguese) pauses referrals for 10 days, then tries 45 and is refused on the field; the
 * lead imports an iCalendar file of holidays into a region and sees them listed.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/platform/i18n/i18n.ts';
import { type Served, serve, signIn } from './browser.ts';

const de = (key: string, values?: Record<string, string | number>) => t('de', key, values);
const ko = (key: string, values?: Record<string, string | number>) => t('ko', key, values);
const pt = (key: string, values?: Record<string, string | number>) => t('pt-BR', key, values);
const ENGINEER = 'Eun-ji Engineer';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's serious and critical findings on the page as it is now. */
async function axe(page: Page): Promise<string[]> {
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

/** Today (UTC, as the server counts) plus `days`, as YYYY-MM-DD. */
const day = (days: number) => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
/** A date as the portal shows it, formatted by the browser itself. */
const shown = (page: Page, lang: string, date: string) =>
  page.evaluate(
    ([l, v]) =>
      new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${v}T00:00:00Z`)),
    [lang, date],
  );

let s: Served;
const ids: Record<string, string> = {};
beforeAll(async () => {
  s = await serve();
  for (const u of await s.h.db.selectFrom('users').select(['id', 'email']).execute()) ids[u.email] = u.id;
});
afterAll(() => s?.close());

const profileOf = (email: string) =>
  s.h.db
    .selectFrom('person_profiles')
    .selectAll()
    .where('user_id', '=', ids[email]!)
    .executeTakeFirstOrThrow();

describe('routing profiles', () => {
  let leadPage: Page;

  it('the lead edits the engineer’s capacity and away period; a wrong range is refused on its field', async () => {
    leadPage = await s.page('de-DE');
    await signIn(leadPage, s.url, 'lead@fasttrack.example');
    await leadPage
      .getByRole('navigation')
      .getByRole('link', { name: de('ui.nav.people') })
      .click();
    await leadPage.getByRole('heading', { level: 1, name: de('ui.people.title') }).waitFor();
    const row = leadPage.getByTestId('person-row').filter({ hasText: ENGINEER });
    await row.waitFor();
    // roles and languages by name, in German
    expect(await row.textContent()).toContain(de('ui.engagement.role.fasttrack-engineer'));
    expect(await row.textContent()).toContain('Koreanisch');

    await row.getByRole('button', { name: de('ui.people.editLabel', { name: ENGINEER }) }).click();
    const dialog = leadPage.getByRole('dialog', { name: de('ui.people.edit.title', { name: ENGINEER }) });
    await dialog.waitFor();
    await dialog.getByRole('spinbutton', { name: de('ui.people.field.capacity') }).fill('12');
    await dialog.getByRole('button', { name: de('ui.availability.away.add') }).click();
    const from = dialog.getByLabel(de('ui.availability.away.from'), { exact: true }).last();
    const to = dialog.getByLabel(de('ui.availability.away.to'), { exact: true }).last();
    expect(await axe(leadPage)).toEqual([]);
    await from.fill(day(14));
    await to.fill(day(7));
    await dialog.getByRole('button', { name: de('ui.availability.save') }).click();
    await dialog.getByText(de('errors.field.endBeforeStart')).waitFor();
    expect(await to.getAttribute('aria-invalid')).toBe('true');
    expect(await from.getAttribute('aria-invalid')).not.toBe('true');

    await from.fill(day(7));
    await to.fill(day(14));
    await dialog.getByRole('button', { name: de('ui.availability.save') }).click();
    await dialog.waitFor({ state: 'detached' });
    await leadPage
      .getByRole('status')
      .getByText(de('ui.people.saved', { name: ENGINEER }))
      .waitFor();
    expect(await row.getByTestId('person-capacity').textContent()).toBe('12');
    const away = de('ui.people.awayNext', {
      from: await shown(leadPage, 'de', day(7)),
      to: await shown(leadPage, 'de', day(14)),
    });
    await row.getByTestId('person-away').getByText(away).waitFor();
    const saved = await profileOf('engineer@fasttrack.example');
    expect(saved.capacity).toBe(12);
    expect(saved.away).toEqual([{ from: day(7), to: day(14) }]);
    expect(saved.roles).toEqual(['fasttrack-engineer']);
  });

  it('the engineer sets their own working hours on My availability, without the lead-only fields', async () => {
    const page = await s.page('ko-KR');
    await signIn(page, s.url, 'engineer@fasttrack.example');
    await page
      .getByRole('navigation')
      .getByRole('link', { name: ko('ui.nav.people') })
      .click();
    await page.getByTestId('person-row').first().waitFor();
    // no edit button for a person who is not a lead
    expect(await page.getByRole('button', { name: ko('ui.people.edit') }).count()).toBe(0);
    await page.getByRole('link', { name: ko('ui.people.myAvailability') }).click();
    await page.getByRole('heading', { level: 1, name: ko('ui.availability.title') }).waitFor();
    for (const lead of ['ui.people.field.capacity', 'ui.people.field.roles', 'ui.people.field.regions'])
      expect(await page.getByText(ko(lead), { exact: true }).count()).toBe(0);

    await page.getByRole('switch', { name: ko('ui.availability.hours.own') }).click();
    const monday = await page.evaluate(() =>
      new Intl.DateTimeFormat('ko', { weekday: 'long', timeZone: 'UTC' }).format(
        new Date(Date.UTC(2024, 0, 1)),
      ),
    );
    const sunday = await page.evaluate(() =>
      new Intl.DateTimeFormat('ko', { weekday: 'long', timeZone: 'UTC' }).format(
        new Date(Date.UTC(2024, 0, 7)),
      ),
    );
    await page.getByTestId('hours-mon').waitFor();
    expect(await axe(page)).toEqual([]);
    await page.getByLabel(ko('ui.availability.hours.start', { day: monday })).fill('08:00');
    await page.getByLabel(ko('ui.availability.hours.end', { day: monday })).fill('16:30');
    await page.getByRole('checkbox', { name: sunday }).check();
    await page.getByRole('button', { name: ko('ui.availability.save') }).click();
    await page.getByRole('status').getByText(ko('ui.availability.saved')).waitFor();
    const saved = await profileOf('engineer@fasttrack.example');
    const hours = saved.working_hours as Record<string, { start: string; end: string }[]>;
    expect(hours.mon).toEqual([{ start: '08:00', end: '16:30' }]);
    expect(hours.sun).toEqual([{ start: '09:00', end: '17:00' }]);
    expect(hours.tue).toEqual([{ start: '09:00', end: '17:00' }]);
    // what the lead set stays
    expect(saved.capacity).toBe(12);
    await page.context().close();
  });

  it('the partner admin pauses for 10 days; 45 days is refused on the field', async () => {
    const page = await s.page('pt-BR');
    await signIn(page, s.url, 'lead@fabrikam-partners.example');
    await page
      .getByRole('navigation')
      .getByRole('link', { name: pt('ui.nav.partnerProfile') })
      .click();
    await page.getByRole('heading', { level: 1, name: pt('ui.partnerProfile.title') }).waitFor();
    await page.getByText(pt('ui.partnerProfile.pause.open')).waitFor();
    // countries served by name
    expect(await page.getByText('Brasil', { exact: false }).count()).toBeGreaterThan(0);

    await page.getByRole('switch', { name: pt('ui.partnerProfile.pause.switch') }).click();
    const until = page.getByLabel(pt('ui.partnerProfile.pause.date'), { exact: true });
    await until.fill(day(10));
    const save = page.getByRole('button', { name: pt('ui.availability.save') });
    await save.click();
    await page.getByRole('status').getByText(pt('ui.partnerProfile.saved')).waitFor();
    await page
      .getByText(pt('ui.partnerProfile.pause.until', { date: await shown(page, 'pt-BR', day(10)) }))
      .waitFor();
    const org = await s.h.db
      .selectFrom('organisations')
      .select('id')
      .where('name', '=', 'Fabrikam Partners')
      .executeTakeFirstOrThrow();
    const paused = async () =>
      (
        await s.h.db
          .selectFrom('partner_profiles')
          .select('paused_until')
          .where('organisation_id', '=', org.id)
          .executeTakeFirstOrThrow()
      ).paused_until;
    expect(await paused()).toBe(day(10));

    await until.fill(day(45));
    await save.click();
    await page.getByText(pt('errors.field.pauseTooLong', { days: 30 })).waitFor();
    expect(await until.getAttribute('aria-invalid')).toBe('true');
    expect(await paused()).toBe(day(10));
    await page.context().close();
  });

  it('the lead imports an iCalendar file of holidays into a region and sees them', async () => {
    await leadPage.goto(`${s.url}/people`);
    const section = leadPage.getByTestId('region-calendars');
    await section.getByRole('heading', { level: 2, name: de('ui.calendars.title') }).waitFor();
    const file = section.getByLabel(de('ui.calendars.import.file'));
    await file.waitFor();

    // a file without all-day events is refused on the file field
    await file.setInputFiles({
      name: 'empty.ics',
      mimeType: 'text/calendar',
      buffer: Buffer.from('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n'),
    });
    await leadPage.waitForFunction(
      () =>
        (globalThis as any).document.querySelector('[data-testid=ics-file]')?.getAttribute('aria-invalid') ===
        'true',
    );

    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//FastTrack test//EN',
      'BEGIN:VEVENT',
      'UID:h1@test',
      'DTSTART;VALUE=DATE:20310714',
      'DTEND;VALUE=DATE:20310715',
      'SUMMARY:Sommerfest',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:h2@test',
      'DTSTART;VALUE=DATE:20311231',
      'SUMMARY:Silvester',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    await file.setInputFiles({ name: 'holidays.ics', mimeType: 'text/calendar', buffer: Buffer.from(ics) });
    await section
      .getByRole('status')
      .getByText(de('ui.calendars.imported', { count: 2 }))
      .waitFor();
    const summer = section.getByTestId('region-holiday').filter({ hasText: 'Sommerfest' });
    await summer.waitFor();
    expect(await summer.textContent()).toContain(await shown(leadPage, 'de', '2031-07-14'));
    expect(await summer.textContent()).toContain(de('ui.calendars.source.added'));
    await section.getByTestId('region-holiday').filter({ hasText: 'Silvester' }).waitFor();

    // an added holiday can be removed again
    await summer
      .getByRole('button', {
        name: de('ui.calendars.removeLabel', {
          name: 'Sommerfest',
          date: await shown(leadPage, 'de', '2031-07-14'),
        }),
      })
      .click();
    await summer.waitFor({ state: 'detached' });
    await leadPage.context().close();
  });
});
