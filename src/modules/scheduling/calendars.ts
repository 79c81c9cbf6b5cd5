/**
 * The business calendars used by SLAs and scheduling: a region's (programme hours and holidays plus the
 * holidays the center added or imported), a center person's (own zone, own hours or the region's, own and
 * region holidays, away days) and a partner's (own zone, hours and holidays).
 */
import type { Db, Tx } from '../../platform/db/database.ts';
import type { HolidayJson } from '../../platform/db/schema.ts';
import { type BusinessCalendar, calendarOf } from '../calendar/business-calendar.ts';
import type { BusinessHours, Programme, Region } from '../programme/programme.schema.ts';

export const SYSTEM_ID = 'system';

function regionOf(programme: Programme, region: string | null): Region {
  return programme.regions.find((r) => r.id === region) ?? programme.regions[0]!;
}

/** Holidays added to a region (edited or imported), by region. */
export async function addedHolidays(db: Db | Tx, region: string): Promise<HolidayJson[]> {
  return db
    .selectFrom('region_holidays')
    .select(['date', 'name'])
    .where('region', '=', region)
    .orderBy('date')
    .execute();
}

/** A region's calendar: the programme's hours and holidays, plus the holidays the center added. */
function regionCalendar(r: Region, added: readonly HolidayJson[]): BusinessCalendar {
  return calendarOf({
    timeZone: r.timeZone,
    businessHours: r.businessHours,
    holidays: [...r.holidays, ...added],
  });
}

/** Every region's calendar (by region id) with the holidays added to it: `region_holidays` rows. */
export function regionCalendarsOf(
  programme: Programme,
  added: readonly { region: string; date: string; name: string }[],
): ReadonlyMap<string, BusinessCalendar> {
  return new Map(
    programme.regions.map((r) => [
      r.id,
      regionCalendar(
        r,
        added.filter((h) => h.region === r.id),
      ),
    ]),
  );
}

/** how long this server trusts its copy of the region calendars before reading the added holidays again */
const RECHECK_MS = 1000;
let regionCache: {
  programme: Programme;
  rows: string;
  calendars: ReadonlyMap<string, BusinessCalendar>;
  checkedAt: number;
} | null = null;

/**
 * Every region's calendar with its added holidays, as {@link regionCalendarsOf}, kept while the programme is
 * the same and read again at most once a second (another server's edit shows within a second; this
 * server's at once: {@link forgetRegionCalendars}). Lists read a clock on every row.
 */
export async function regionCalendars(
  db: Db | Tx,
  programme: Programme,
): Promise<ReadonlyMap<string, BusinessCalendar>> {
  const now = Date.now();
  if (regionCache?.programme === programme && now - regionCache.checkedAt < RECHECK_MS)
    return regionCache.calendars;
  const added = await db
    .selectFrom('region_holidays')
    .select(['region', 'date', 'name'])
    .orderBy('region')
    .orderBy('date')
    .execute();
  const rows = JSON.stringify(added);
  if (regionCache?.programme !== programme || regionCache.rows !== rows)
    regionCache = { programme, rows, calendars: regionCalendarsOf(programme, added), checkedAt: now };
  else regionCache.checkedAt = now;
  return regionCache.calendars;
}

/** A region's holidays changed here: the next reading builds the calendars again. */
export function forgetRegionCalendars(): void {
  regionCache = null;
}

/** The region's calendar with the added holidays (what SLA clocks and scheduling use). */
export async function loadRegionCalendar(
  db: Db | Tx,
  programme: Programme,
  region: string | null,
): Promise<BusinessCalendar> {
  const r = regionOf(programme, region);
  return regionCalendar(r, await addedHolidays(db, r.id));
}

/** The same region's hours and holidays, lived in another zone (a customer's local business hours). */
export async function customerCalendar(
  db: Db | Tx,
  programme: Programme,
  region: string | null,
  timeZone: string,
): Promise<BusinessCalendar> {
  const r = regionOf(programme, region);
  const added = await addedHolidays(db, r.id);
  return calendarOf({ timeZone, businessHours: r.businessHours, holidays: [...r.holidays, ...added] });
}

export interface PersonCalendarInput {
  timeZone: string;
  workingHours: unknown | null;
  holidays: HolidayJson[];
  away: { from: string; to: string }[];
  region: string | null;
}

/** A person's calendar: own hours (or the region's) in their zone, own and region holidays, away days off. */
export async function personCalendar(
  db: Db | Tx,
  programme: Programme,
  p: PersonCalendarInput,
): Promise<BusinessCalendar> {
  const r = regionOf(programme, p.region);
  const added = await addedHolidays(db, r.id);
  const away: HolidayJson[] = [];
  for (const a of p.away) {
    for (let d = a.from; d <= a.to; d = nextDay(d)) away.push({ date: d, name: 'away' });
  }
  return calendarOf({
    timeZone: p.timeZone,
    businessHours: (p.workingHours as BusinessHours | null) ?? r.businessHours,
    holidays: [...r.holidays, ...added, ...p.holidays, ...away],
  });
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export const DEFAULT_HOURS: BusinessHours = {
  mon: [{ start: '09:00', end: '17:00' }],
  tue: [{ start: '09:00', end: '17:00' }],
  wed: [{ start: '09:00', end: '17:00' }],
  thu: [{ start: '09:00', end: '17:00' }],
  fri: [{ start: '09:00', end: '17:00' }],
  sat: [],
  sun: [],
};

/** A partner's calendar: its zone, hours (Monday–Friday 09–17 unless set) and holidays. */
export function partnerCalendar(p: {
  time_zone: string;
  business_hours: unknown | null;
  holidays: HolidayJson[];
}): BusinessCalendar {
  return calendarOf({
    timeZone: p.time_zone,
    businessHours: (p.business_hours as BusinessHours | null) ?? DEFAULT_HOURS,
    holidays: p.holidays,
  });
}

/**
 * Holidays from an iCalendar feed (e.g. a public-holiday calendar): every VEVENT with a date start, with its
 * SUMMARY. All-day events spanning several days give each day. Lines are unfolded first (RFC 5545 §3.1).
 */
export function parseHolidayFeed(text: string): { holidays: HolidayJson[]; problems: string[] } {
  const lines = text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
  const holidays: HolidayJson[] = [];
  const problems: string[] = [];
  let inEvent = false;
  let start: string | null = null;
  let end: string | null = null;
  let summary = '';
  const date = (v: string) => {
    const m = /^(\d{4})(\d{2})(\d{2})/.exec(v);
    return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
  };
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') {
      inEvent = true;
      start = end = null;
      summary = '';
      continue;
    }
    if (!inEvent) continue;
    if (line === 'END:VEVENT') {
      inEvent = false;
      if (!start) {
        problems.push(`event "${summary}" has no start date`);
        continue;
      }
      const name = summary || start;
      holidays.push({ date: start, name });
      // DTEND of an all-day event is exclusive
      for (let d = nextDay(start); end && d < end && holidays.length < 5000; d = nextDay(d))
        holidays.push({ date: d, name });
      continue;
    }
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).split(';')[0]!.toUpperCase();
    const value = line.slice(colon + 1);
    if (name === 'DTSTART') start = date(value);
    else if (name === 'DTEND') end = date(value);
    else if (name === 'SUMMARY')
      summary = value
        .replace(/\\n/gi, ' ')
        .replace(/\\([,;\\])/g, '$1')
        .trim()
        .slice(0, 200);
  }
  return { holidays, problems };
}
