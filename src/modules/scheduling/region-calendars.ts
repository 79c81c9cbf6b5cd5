/**
 * Region calendars as the center keeps them: the programme's hours and holidays, plus holidays a center lead adds
 * or imports from an iCalendar feed (all-day events). SLA clocks and scheduling both read the result.
 */
import type { Deps } from '../../app.ts';
import type { HolidayJson } from '../../platform/db/schema.ts';
import { fieldError, forbidden, notFound } from '../../platform/errors.ts';
import type { Actor } from '../access/actor.ts';
import { audit } from '../audit/audit.ts';
import { isCenter, isCenterLead } from '../engagements/engagement-access.ts';
import { getProgramme } from '../programme/programme.service.ts';
import { addedHolidays, forgetRegionCalendars, parseHolidayFeed } from './calendars.ts';

async function regionOrThrow(deps: Deps, region: string) {
  const programme = await getProgramme(deps.db);
  const r = programme.regions.find((x) => x.id === region);
  if (!r) throw notFound('region');
  return r;
}

export async function getRegionCalendar(deps: Deps, actor: Actor, region: string) {
  if (!isCenter(actor)) throw notFound('region');
  const r = await regionOrThrow(deps, region);
  const added = await addedHolidays(deps.db, r.id);
  return {
    region: r.id,
    timeZone: r.timeZone,
    businessHours: r.businessHours,
    holidays: [
      ...r.holidays.map((h) => ({ date: h.date, name: h.name, source: 'programme' })),
      ...added.map((h) => ({ ...h, source: 'added' })),
    ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
  };
}

export async function addRegionHolidays(
  deps: Deps,
  actor: Actor,
  region: string,
  holidays: HolidayJson[],
  source: 'manual' | 'ical',
) {
  if (!isCenter(actor)) throw notFound('region');
  if (!isCenterLead(actor)) throw forbidden('errors.detail.calendarLeadOnly');
  await regionOrThrow(deps, region);
  const result = await deps.db.transaction().execute(async (tx) => {
    for (const h of holidays) {
      await tx
        .insertInto('region_holidays')
        .values({ region, date: h.date, name: h.name, source })
        .onConflict((oc) => oc.columns(['region', 'date']).doUpdateSet({ name: h.name, source }))
        .execute();
    }
    await audit(tx, actor, {
      action: 'calendar.holidays_add',
      targetType: 'region',
      targetId: region,
      organisationId: actor.organisationId,
      after: { source, holidays },
    });
    return { added: holidays.length };
  });
  forgetRegionCalendars();
  return result;
}

export async function importRegionHolidays(deps: Deps, actor: Actor, region: string, ics: string) {
  const { holidays, problems } = parseHolidayFeed(ics);
  if (problems.length > 0 || holidays.length === 0)
    throw fieldError('/body/ics', 'errors.field.icsNoHolidays', {
      problems: problems.slice(0, 3).join('; '),
    });
  return addRegionHolidays(deps, actor, region, holidays, 'ical');
}

export async function removeRegionHoliday(deps: Deps, actor: Actor, region: string, date: string) {
  if (!isCenter(actor)) throw notFound('region');
  if (!isCenterLead(actor)) throw forbidden('errors.detail.calendarLeadOnly');
  await deps.db.transaction().execute(async (tx) => {
    const gone = await tx
      .deleteFrom('region_holidays')
      .where('region', '=', region)
      .where('date', '=', date)
      .returning(['name'])
      .executeTakeFirst();
    if (!gone) throw notFound('holiday');
    await audit(tx, actor, {
      action: 'calendar.holiday_remove',
      targetType: 'region',
      targetId: region,
      organisationId: actor.organisationId,
      before: { date, name: gone.name },
    });
  });
  forgetRegionCalendars();
}
