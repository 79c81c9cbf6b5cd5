import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BusinessHours, Region, TimeInterval } from '../programme/programme.schema.ts';
import {
  type BusinessCalendar,
  addBusinessDaysToDate,
  addDays,
  businessDaysBetween,
  businessDeadline,
  calendarOf,
  clock,
  deadlineOfDate,
  isBusinessDay,
  lastDateDueBefore,
  localDate,
} from './business-calendar.ts';

// ---------------------------------------------------------------------------------------------------------------
// Fixtures and an independent oracle (Intl + UTC date arithmetic, no Temporal)
// ---------------------------------------------------------------------------------------------------------------

const KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const NINE_TO_FIVE: TimeInterval[] = [{ start: '08:00', end: '17:00' }];
const WEEKDAYS_ONLY: BusinessHours = {
  mon: NINE_TO_FIVE,
  tue: NINE_TO_FIVE,
  wed: NINE_TO_FIVE,
  thu: NINE_TO_FIVE,
  fri: NINE_TO_FIVE,
  sat: [],
  sun: [],
};
const SEVEN_DAYS: BusinessHours = { ...WEEKDAYS_ONLY, sat: NINE_TO_FIVE, sun: NINE_TO_FIVE };

function cal(timeZone: string, businessHours: BusinessHours = WEEKDAYS_ONLY, holidays: string[] = []) {
  return calendarOf({ timeZone, businessHours, holidays: holidays.map((date) => ({ date, name: date })) });
}

const programme = JSON.parse(
  readFileSync(new URL('../../../programme/microsoft-365/programme.json', import.meta.url), 'utf8'),
) as { regions: Region[] };
const americasRegion = programme.regions.find((region) => region.id === 'americas')!;
const americas = calendarOf(americasRegion);

const at = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();

const DAY_MS = 86_400_000;
const epochDay = (date: string) =>
  Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY_MS;
const dateOfEpochDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** Monday-first key of a date, from UTC arithmetic (getUTCDay: 0 = Sunday). */
const weekdayKey = (date: string) => KEYS[(new Date(epochDay(date) * DAY_MS).getUTCDay() + 6) % 7]!;

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Local date and wall time of an instant according to Intl (ICU), not Temporal. */
function wall(timeZone: string, instant: Date): { date: string; time: string } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  return { date: `${part.year}-${part.month}-${part.day}`, time: `${part.hour}:${part.minute}` };
}

const opensOn = (c: BusinessCalendar, date: string) =>
  c.businessHours[weekdayKey(date)].length > 0 && !c.holidays.has(date);
const closingOf = (c: BusinessCalendar, date: string) =>
  c.businessHours[weekdayKey(date)]
    .map((i) => i.end)
    .sort()
    .at(-1)!;

/** Naive day-by-day business-day arithmetic on local dates. */
function naiveAdd(c: BusinessCalendar, date: string, days: number): string {
  let day = epochDay(date);
  if (days === 0) {
    while (!opensOn(c, dateOfEpochDay(day))) day += 1;
    return dateOfEpochDay(day);
  }
  for (let counted = 0; counted < days; ) {
    day += 1;
    if (opensOn(c, dateOfEpochDay(day))) counted += 1;
  }
  return dateOfEpochDay(day);
}
function naiveBetween(c: BusinessCalendar, from: string, to: string): number {
  let count = 0;
  for (let day = epochDay(from) + 1; day <= epochDay(to); day += 1)
    if (opensOn(c, dateOfEpochDay(day))) count += 1;
  return count;
}

// ---------------------------------------------------------------------------------------------------------------
// Examples a user would notice
// ---------------------------------------------------------------------------------------------------------------

describe('businessDeadline: examples', () => {
  it('Friday 16:00 Chicago + 2 business days is Tuesday 17:00 Chicago', () => {
    expect(iso(businessDeadline(americas, at('2026-05-15T21:00:00Z'), 2))).toBe('2026-05-19T22:00:00.000Z');
  });

  it('skips US Thanksgiving (Thu 26 and Fri 27 Nov 2026) from the real americas holidays', () => {
    // Wed 25 Nov 10:00 CST + 1 → Mon 30 Nov 17:00 CST.
    expect(iso(businessDeadline(americas, at('2026-11-25T16:00:00Z'), 1))).toBe('2026-11-30T23:00:00.000Z');
    expect(businessDaysBetween(americas, at('2026-11-25T16:00:00Z'), at('2026-11-30T23:00:00Z'))).toBe(1);
  });

  it('skips Christmas and New Year across the year end', () => {
    // Thu 24 Dec + 5: Mon 28, Tue 29, Wed 30, Thu 31, (Fri 1 Jan holiday, weekend) Mon 4 Jan 2027.
    expect(iso(businessDeadline(americas, at('2026-12-24T15:00:00Z'), 5))).toBe('2027-01-04T23:00:00.000Z');
    expect(addBusinessDaysToDate(americas, '2026-12-24', 1)).toBe('2026-12-28');
    expect(addBusinessDaysToDate(americas, '2026-12-31', 1)).toBe('2027-01-04');
  });

  it('across the DST weekend the deadline stays at 17:00 wall time (Chicago, Mon–Fri)', () => {
    // Fri 6 Mar 2026 16:00 CST (UTC-6) + 1 → Mon 9 Mar 17:00 CDT (UTC-5); a naive +72 h would say 23:00Z.
    expect(iso(businessDeadline(americas, at('2026-03-06T22:00:00Z'), 1))).toBe('2026-03-09T22:00:00.000Z');
  });

  it.each([
    ['America/Chicago DST start', 'America/Chicago', '2026-03-07T18:00:00Z', '2026-03-08T22:00:00.000Z'],
    ['America/Chicago DST end', 'America/Chicago', '2026-10-31T18:00:00Z', '2026-11-01T23:00:00.000Z'],
    ['Europe/Paris DST start', 'Europe/Paris', '2026-03-28T10:00:00Z', '2026-03-29T15:00:00.000Z'],
    ['Europe/Paris DST end', 'Europe/Paris', '2026-10-24T10:00:00Z', '2026-10-25T16:00:00.000Z'],
  ])('a deadline on the %s day is 17:00 local wall time', (_label, zone, from, expected) => {
    const sevenDays = cal(zone, SEVEN_DAYS);
    const deadline = businessDeadline(sevenDays, at(from), 1);
    expect(iso(deadline)).toBe(expected);
    expect(wall(zone, deadline).time).toBe('17:00');
  });

  it('Asia/Tokyo (no DST): Friday → Tuesday, and an early-UTC Saturday instant counts from Saturday', () => {
    const tokyo = cal('Asia/Tokyo');
    expect(iso(businessDeadline(tokyo, at('2026-05-15T07:00:00Z'), 2))).toBe('2026-05-19T08:00:00.000Z');
    // 20:00Z Friday is 05:00 Saturday in Tokyo: the first business day after it is Monday.
    expect(localDate(tokyo, at('2026-05-15T20:00:00Z'))).toBe('2026-05-16');
    expect(iso(businessDeadline(tokyo, at('2026-05-15T20:00:00Z'), 1))).toBe('2026-05-18T08:00:00.000Z');
  });

  it('extreme offsets: Pacific/Kiritimati (UTC+14) and Pacific/Pago_Pago (UTC-11)', () => {
    const friNoonUtc = at('2026-03-06T12:00:00Z');
    const kiritimati = cal('Pacific/Kiritimati');
    const pagoPago = cal('Pacific/Pago_Pago');
    expect(localDate(kiritimati, friNoonUtc)).toBe('2026-03-07'); // already Saturday
    expect(localDate(pagoPago, friNoonUtc)).toBe('2026-03-06'); // still Friday 01:00
    expect(iso(businessDeadline(kiritimati, friNoonUtc, 1))).toBe('2026-03-09T03:00:00.000Z'); // Mon 17:00 +14
    expect(iso(businessDeadline(pagoPago, friNoonUtc, 1))).toBe('2026-03-10T04:00:00.000Z'); // Mon 17:00 -11
  });

  it('uses the end of the last interval of a split day, whatever the order of the intervals', () => {
    const split: BusinessHours = {
      ...WEEKDAYS_ONLY,
      tue: [
        { start: '13:00', end: '18:30' },
        { start: '08:00', end: '12:00' },
      ],
    };
    expect(iso(businessDeadline(cal('Europe/Paris', split), at('2026-05-15T10:00:00Z'), 2))).toBe(
      '2026-05-19T16:30:00.000Z',
    );
  });

  it('0 days: the close of the same business day, or of the next one from a weekend or holiday', () => {
    expect(iso(businessDeadline(americas, at('2026-05-14T15:00:00Z'), 0))).toBe('2026-05-14T22:00:00.000Z');
    expect(iso(businessDeadline(americas, at('2026-05-16T15:00:00Z'), 0))).toBe('2026-05-18T22:00:00.000Z');
    expect(addBusinessDaysToDate(americas, '2026-11-26', 0)).toBe('2026-11-30');
    // From a Saturday, 1 business day is Monday (the first business day after it), not Tuesday.
    expect(addBusinessDaysToDate(americas, '2026-05-16', 1)).toBe('2026-05-18');
  });

  it('a closing time inside a DST gap or fold resolves like RFC 5545 (later across a gap, earlier of a fold)', () => {
    const night = (interval: TimeInterval) => cal('America/Chicago', { ...SEVEN_DAYS, sun: [interval] });
    // 02:30 does not exist on 8 Mar 2026 in Chicago → 03:30 CDT.
    expect(
      iso(businessDeadline(night({ start: '00:30', end: '02:30' }), at('2026-03-07T18:00:00Z'), 1)),
    ).toBe('2026-03-08T08:30:00.000Z');
    // 01:30 happens twice on 1 Nov 2026 → the first, 01:30 CDT.
    expect(
      iso(businessDeadline(night({ start: '00:30', end: '01:30' }), at('2026-10-31T18:00:00Z'), 1)),
    ).toBe('2026-11-01T06:30:00.000Z');
  });
});

describe('lastDateDueBefore: examples', () => {
  it('a request filed before Thanksgiving is due Monday: overdue from Monday 17:00 Chicago, not before', () => {
    // filed Wed 25 Nov 2026 → due Mon 30 Nov 17:00 CST (23:00Z), as is anything filed Thursday to Sunday
    expect(lastDateDueBefore(americas, at('2026-11-30T22:59:00Z'), 1)).toBe('2026-11-24');
    expect(lastDateDueBefore(americas, at('2026-11-30T23:01:00Z'), 1)).toBe('2026-11-29');
    // Monday's filings are due Tuesday 17:00
    expect(lastDateDueBefore(americas, at('2026-12-01T23:30:00Z'), 1)).toBe('2026-11-30');
  });
});

describe('calendar helpers', () => {
  it('isBusinessDay: weekdays with hours that are not holidays', () => {
    expect(isBusinessDay(americas, '2026-11-25')).toBe(true);
    expect(isBusinessDay(americas, '2026-11-26')).toBe(false); // Thanksgiving
    expect(isBusinessDay(americas, '2026-11-28')).toBe(false); // Saturday
    expect(isBusinessDay(americas, '2026-11-29')).toBe(false); // Sunday
  });

  it('businessDaysBetween counts local dates strictly after from up to and including to', () => {
    expect(businessDaysBetween(americas, at('2026-05-15T21:00:00Z'), at('2026-05-19T22:00:00Z'))).toBe(2);
    expect(businessDaysBetween(americas, at('2026-05-15T14:00:00Z'), at('2026-05-15T21:00:00Z'))).toBe(0);
    expect(businessDaysBetween(americas, at('2026-05-19T22:00:00Z'), at('2026-05-15T21:00:00Z'))).toBe(0);
    // The whole of 2027 in the americas: 261 weekdays minus 10 weekday holidays.
    expect(businessDaysBetween(americas, at('2027-01-01T12:00:00Z'), at('2027-12-31T12:00:00Z'))).toBe(
      naiveBetween(americas, '2027-01-01', '2027-12-31'),
    );
    expect(businessDaysBetween(americas, at('2026-12-31T12:00:00Z'), at('2027-12-31T12:00:00Z'))).toBe(251);
  });

  it('addDays crosses month, year and leap-day boundaries', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-11-25', 90)).toBe('2027-02-23');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('refuses bad input with clear errors', () => {
    expect(() => cal('Mars/Olympus_Mons')).toThrow(/time zone/);
    expect(() => cal('UTC', { ...WEEKDAYS_ONLY, mon: [{ start: '17:00', end: '08:00' }] })).toThrow(/mon/);
    expect(() => cal('UTC', WEEKDAYS_ONLY, ['2026-02-30'])).toThrow();
    expect(() => addDays('26-1-1', 1)).toThrow(/YYYY-MM-DD/);
    expect(() => addBusinessDaysToDate(americas, '2026-05-15', -1)).toThrow(RangeError);
    expect(() => addBusinessDaysToDate(americas, '2026-05-15', 1.5)).toThrow(RangeError);
    expect(() => businessDeadline(americas, new Date(Number.NaN), 1)).toThrow(/invalid Date/);
  });

  it('never loops forever: no business hours at all, or holidays on every working day', () => {
    const closed = cal('UTC', { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] });
    expect(() => businessDeadline(closed, at('2026-05-15T12:00:00Z'), 1)).toThrow(/no business hours/);
    const mondays = Array.from({ length: 600 }, (_, i) => dateOfEpochDay(epochDay('2026-05-18') + 7 * i));
    const mondaysOnly = cal(
      'UTC',
      { mon: NINE_TO_FIVE, tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      mondays,
    );
    expect(() => addBusinessDaysToDate(mondaysOnly, '2026-05-15', 1)).toThrow(/within 3700 days/);
  });
});

describe('clock', () => {
  const due = at('2026-05-19T22:00:00Z'); // Tue 19 May 2026 17:00 Chicago

  it('is due before the deadline, counting business days left', () => {
    expect(clock(americas, due, at('2026-05-15T21:00:00Z'))).toEqual({
      state: 'due',
      due: '2026-05-19T22:00:00.000Z',
      businessDaysLeft: 2,
    });
    expect(clock(americas, due, at('2026-05-19T15:00:00Z'), null)).toMatchObject({
      state: 'due',
      businessDaysLeft: 0,
    });
    expect(clock(americas, due, due).state).toBe('due');
  });

  it('is overdue after the deadline: 0 on the due day, then negative business days', () => {
    expect(clock(americas, due, at('2026-05-19T22:30:00Z'))).toMatchObject({
      state: 'overdue',
      businessDaysLeft: 0,
    });
    expect(clock(americas, due, at('2026-05-20T14:00:00Z'))).toMatchObject({
      state: 'overdue',
      businessDaysLeft: -1,
    });
    // Wed 20, Thu 21, Fri 22; Mon 25 May 2026 is Memorial Day.
    expect(clock(americas, due, at('2026-05-26T14:00:00Z'))).toMatchObject({
      state: 'overdue',
      businessDaysLeft: -4,
    });
    expect(clock(americas, due, at('2026-05-25T14:00:00Z'))).toMatchObject({
      state: 'overdue',
      businessDaysLeft: -3,
    });
  });

  it('is met when done at or before the deadline and missed after it, whatever now is', () => {
    expect(clock(americas, due, at('2026-06-30T12:00:00Z'), due).state).toBe('met');
    expect(clock(americas, due, at('2026-05-18T12:00:00Z'), at('2026-05-18T12:00:00Z')).state).toBe('met');
    expect(clock(americas, due, at('2026-06-30T12:00:00Z'), new Date(due.getTime() + 1)).state).toBe(
      'missed',
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties in several zones, random business hours, holidays and instants across 2024–2030
// ---------------------------------------------------------------------------------------------------------------

const ZONES = [
  'America/Chicago',
  'Europe/Paris',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
];
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Intervals open between 04:00 and 23:59, clear of the 02:00–03:00 DST gaps of these zones. */
const intervalArb = fc
  .tuple(fc.integer({ min: 4 * 60, max: 20 * 60 }), fc.integer({ min: 15, max: 12 * 60 }))
  .map(([start, length]) => ({ start: hhmm(start), end: hhmm(Math.min(start + length, 23 * 60 + 59)) }));
const randomHoursArb = fc
  .record(
    Object.fromEntries(KEYS.map((key) => [key, fc.array(intervalArb, { maxLength: 2 })])) as {
      [K in keyof BusinessHours]: fc.Arbitrary<TimeInterval[]>;
    },
  )
  .filter((hours) => KEYS.some((key) => hours[key].length > 0));
const hoursArb = fc.oneof(fc.constant(WEEKDAYS_ONLY), fc.constant(SEVEN_DAYS), randomHoursArb);

const instantArb = fc.date({
  min: new Date('2024-01-01T00:00:00Z'),
  max: new Date('2030-12-31T23:59:59Z'),
  noInvalidDate: true,
});
const FIRST_DAY = epochDay('2024-01-01');
const LAST_DAY = epochDay('2031-12-31');
const scenarioArb = fc.record({
  hours: hoursArb,
  from: instantArb,
  days: fc.integer({ min: 0, max: 30 }),
  /** Holidays near `from` (so they matter) and anywhere in the range. */
  nearHolidays: fc.array(fc.integer({ min: -3, max: 45 }), { maxLength: 15 }),
  farHolidays: fc.array(fc.integer({ min: FIRST_DAY, max: LAST_DAY }), { maxLength: 20 }),
});

describe.each(ZONES)('properties in %s', (zone) => {
  it('deadlines land on business days at closing time, agree with a naive walk and count back to `days`', () => {
    fc.assert(
      fc.property(scenarioArb, ({ hours, from, days, nearHolidays, farHolidays }) => {
        const fromDate = wall(zone, from).date;
        const holidays = [
          ...nearHolidays.map((offset) => dateOfEpochDay(epochDay(fromDate) + offset)),
          ...farHolidays.map(dateOfEpochDay),
        ];
        const c = cal(zone, hours, holidays);
        expect(localDate(c, from)).toBe(fromDate);

        const deadline = businessDeadline(c, from, days);
        const local = wall(zone, deadline);
        // A business day: a weekday with hours and not a holiday, the one a naive walk finds.
        expect(c.holidays.has(local.date)).toBe(false);
        expect(c.businessHours[weekdayKey(local.date)].length).toBeGreaterThan(0);
        expect(isBusinessDay(c, local.date)).toBe(true);
        expect(local.date).toBe(naiveAdd(c, fromDate, days));
        expect(localDate(c, deadline)).toBe(local.date);
        // The end of that weekday's last interval, as local wall time.
        expect(local.time).toBe(closingOf(c, local.date));
        // Same answer as the date-only arithmetic.
        expect(addBusinessDaysToDate(c, fromDate, days)).toBe(local.date);
        // Counting back gives `days` (0 days from a closed day lands on the next business day: 1).
        const expected = days === 0 && !opensOn(c, fromDate) ? 1 : days;
        expect(businessDaysBetween(c, from, deadline)).toBe(expected);
        // Monotonic in days; strictly, except that 0 and 1 day from a closed day both mean the next business day.
        const next = businessDeadline(c, from, days + 1).getTime();
        if (days === 0 && !opensOn(c, fromDate)) expect(next).toBe(deadline.getTime());
        else expect(next).toBeGreaterThan(deadline.getTime());
      }),
      { numRuns: 200 },
    );
  });

  it('businessDaysBetween matches a day-by-day count over spans of up to two years', () => {
    fc.assert(
      fc.property(
        hoursArb,
        instantArb,
        fc.integer({ min: -5 * DAY_MS, max: 730 * DAY_MS }),
        fc.array(fc.integer({ min: FIRST_DAY, max: LAST_DAY }), { maxLength: 40 }),
        (hours, from, span, holidayDays) => {
          const c = cal(zone, hours, holidayDays.map(dateOfEpochDay));
          const to = new Date(from.getTime() + span);
          const a = wall(zone, from).date;
          const b = wall(zone, to).date;
          expect(businessDaysBetween(c, from, to)).toBe(naiveBetween(c, a, b));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('lastDateDueBefore splits start dates into those already due before now and the rest', () => {
    fc.assert(
      fc.property(
        hoursArb,
        instantArb,
        instantArb,
        fc.integer({ min: 0, max: 5 }),
        (hours, now, from, days) => {
          const c = cal(zone, hours);
          const last = lastDateDueBefore(c, now, days);
          expect(deadlineOfDate(c, last, days).getTime()).toBeLessThan(now.getTime());
          expect(deadlineOfDate(c, addDays(last, 1), days).getTime()).toBeGreaterThanOrEqual(now.getTime());
          // what a database filter on the start's local date decides is what the deadline says
          expect(localDate(c, from) <= last).toBe(businessDeadline(c, from, days) < now);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('clock states and the sign of businessDaysLeft follow now, due and doneAt', () => {
    fc.assert(
      fc.property(instantArb, instantArb, fc.option(instantArb), (due, now, doneAt) => {
        const c = cal(zone);
        const result = clock(c, due, now, doneAt);
        if (doneAt === null) expect(result.state).toBe(now <= due ? 'due' : 'overdue');
        else expect(result.state).toBe(doneAt <= due ? 'met' : 'missed');
        if (now <= due) expect(result.businessDaysLeft).toBe(businessDaysBetween(c, now, due));
        else expect(result.businessDaysLeft).toBe(-businessDaysBetween(c, due, now) || 0);
        expect(result.due).toBe(due.toISOString());
      }),
      { numRuns: 50 },
    );
  });
});
