/**
 * Business calendar of a programme region: SLA clocks and scheduling on the owning region's business days.
 *
 * A region has an IANA time zone, weekly business hours as local wall times and holidays as local dates.
 * Everything here is pure (no clock, no I/O): instants come in as `Date`, local dates as `YYYY-MM-DD`.
 * Time-zone arithmetic goes through Temporal, so DST changes, year ends and extreme offsets
 * (Pacific/Kiritimati UTC+14, Pacific/Pago_Pago UTC-11) are handled by the zone rules, never by adding hours.
 */
import { Temporal } from '../../platform/time/temporal.ts';
import type { BusinessHours, Region, TimeInterval } from '../programme/programme.schema.ts';

export type { BusinessHours };

export interface BusinessCalendar {
  timeZone: string;
  businessHours: BusinessHours;
  /** Holidays as local dates `YYYY-MM-DD` in `timeZone`. */
  holidays: ReadonlySet<string>;
}

export type ClockState = 'due' | 'overdue' | 'met' | 'missed';

/**
 * How many calendar days a scan may walk before giving up (about ten years). A real calendar finds its next
 * business day within days; hitting this means the calendar has (almost) no business days.
 */
export const MAX_SCAN_DAYS = 3700;

/** Business-hours keys, Monday first (index = ISO weekday - 1). */
const WEEKDAY_KEYS = [
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
] as const satisfies readonly (keyof BusinessHours)[];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
const DAY_MS = 86_400_000;

// Local dates are walked as whole days since 1970-01-01 (proleptic Gregorian, no time zone involved): stepping
// day by day with plain integers is exact and much cheaper than Temporal objects. Temporal is used only where a
// local date meets an instant, which is where the zone rules matter.

/** Days since 1970-01-01 of a valid `YYYY-MM-DD`; throws on anything else (including 2026-02-30). */
function parseDay(date: string): number {
  const match = ISO_DATE.exec(date);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, keeps years 0-99 as written
  if (
    !match ||
    utc.getUTCFullYear() !== year ||
    utc.getUTCMonth() !== month - 1 ||
    utc.getUTCDate() !== day
  ) {
    throw new RangeError(`Expected a date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  }
  return utc.getTime() / DAY_MS;
}

function formatDay(epochDay: number): string {
  const utc = new Date(epochDay * DAY_MS);
  const year = utc.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) throw new RangeError(`Date out of range (year ${year})`);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(utc.getUTCMonth() + 1, 2)}-${pad(utc.getUTCDate(), 2)}`;
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
function weekdayIndex(epochDay: number): number {
  return (((epochDay + 3) % 7) + 7) % 7;
}

function toInstant(value: Date, what: string): Temporal.Instant {
  const ms = value.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`${what} is an invalid Date`);
  return Temporal.Instant.fromEpochMilliseconds(ms);
}

/** The local date of an instant in the calendar's zone, as days since 1970-01-01. */
function localDay(cal: BusinessCalendar, instant: Date, what: string): number {
  const { year, month, day } = toInstant(instant, what).toZonedDateTimeISO(cal.timeZone);
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  return utc.getTime() / DAY_MS;
}

function intervalsOf(cal: BusinessCalendar, epochDay: number): readonly TimeInterval[] {
  return cal.businessHours[WEEKDAY_KEYS[weekdayIndex(epochDay)]!];
}

function isBusinessEpochDay(cal: BusinessCalendar, epochDay: number): boolean {
  return intervalsOf(cal, epochDay).length > 0 && !cal.holidays.has(formatDay(epochDay));
}

/** Latest interval end of the day, `HH:MM` (string order is time order for zero-padded 24-hour times). */
function closingTime(cal: BusinessCalendar, epochDay: number): string {
  let end = '';
  for (const interval of intervalsOf(cal, epochDay)) if (interval.end > end) end = interval.end;
  if (end === '') throw new Error(`${formatDay(epochDay)} has no business hours`);
  return end;
}

function assertHasWorkingWeekday(cal: BusinessCalendar): void {
  if (WEEKDAY_KEYS.every((key) => cal.businessHours[key].length === 0)) {
    throw new Error(`Business calendar for ${cal.timeZone} has no business hours on any weekday`);
  }
}

function assertDays(days: number): void {
  if (!Number.isSafeInteger(days) || days < 0) {
    throw new RangeError(`Business days must be a whole number >= 0, got ${days}`);
  }
}

/**
 * Builds the calendar of a region. Validates the time zone, the holiday dates and the business hours
 * (`HH:MM`, start before end within the day) so that bad programme data fails here, not inside a deadline.
 */
export function calendarOf(
  region: Pick<Region, 'timeZone' | 'businessHours' | 'holidays'>,
): BusinessCalendar {
  try {
    Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(region.timeZone);
  } catch {
    throw new RangeError(`Unknown IANA time zone ${JSON.stringify(region.timeZone)}`);
  }
  const businessHours = {} as Record<keyof BusinessHours, TimeInterval[]>;
  for (const key of WEEKDAY_KEYS) {
    businessHours[key] = (region.businessHours[key] ?? []).map(({ start, end }) => {
      if (!TIME_OF_DAY.test(start) || !TIME_OF_DAY.test(end) || start >= end) {
        throw new RangeError(
          `Business hours on ${key} must be HH:MM with start before end, got ${start}-${end}`,
        );
      }
      return Object.freeze({ start, end });
    });
    Object.freeze(businessHours[key]);
  }
  const holidays = new Set(region.holidays.map((holiday) => formatDay(parseDay(holiday.date))));
  return Object.freeze({ timeZone: region.timeZone, businessHours: Object.freeze(businessHours), holidays });
}

/** The local date `YYYY-MM-DD` of an instant in the calendar's time zone. */
export function localDate(cal: BusinessCalendar, instant: Date): string {
  return formatDay(localDay(cal, instant, 'instant'));
}

/** True when the date's weekday has business hours and the date is not a holiday. */
export function isBusinessDay(cal: BusinessCalendar, date: string): boolean {
  return isBusinessEpochDay(cal, parseDay(date));
}

function addBusinessDaysToEpochDay(cal: BusinessCalendar, start: number, days: number): number {
  assertDays(days);
  assertHasWorkingWeekday(cal);
  let day = start;
  const step = (): void => {
    day += 1;
    if (day - start > MAX_SCAN_DAYS) {
      throw new Error(
        `No ${days} business day(s) within ${MAX_SCAN_DAYS} days of ${formatDay(start)} in ${cal.timeZone}: ` +
          'check the business hours and holidays',
      );
    }
  };
  if (days === 0) {
    while (!isBusinessEpochDay(cal, day)) step();
    return day;
  }
  for (let counted = 0; counted < days; ) {
    step();
    if (isBusinessEpochDay(cal, day)) counted += 1;
  }
  return day;
}

/**
 * The `days`-th business day strictly after `date`; for 0, `date` itself when it is a business day, else the
 * next business day. Throws when that is more than {@link MAX_SCAN_DAYS} calendar days away.
 */
export function addBusinessDaysToDate(cal: BusinessCalendar, date: string, days: number): string {
  return formatDay(addBusinessDaysToEpochDay(cal, parseDay(date), days));
}

/**
 * Deadline N business days after `from`: the end of the last business interval (local time) of the Nth business
 * day after from's local date. E.g. assigned Fri 16:00 Chicago, 2 days → Tue 17:00 Chicago (as an instant).
 *
 * The deadline is that wall time on that date, whatever the UTC offset of the day (DST start or end days keep
 * 17:00 local). A closing time inside a DST gap or fold resolves as RFC 5545 does (`compatible`: later across a
 * gap, the earlier of two repeated times). With 0 days the deadline is the close of from's local date (or of the
 * next business day), which can be before `from` when work arrives after hours.
 */
export function businessDeadline(cal: BusinessCalendar, from: Date, days: number): Date {
  return deadlineOfEpochDay(cal, localDay(cal, from, 'from'), days);
}

/** {@link businessDeadline} of anything that starts on the local date `date` (the deadline depends on the date only). */
export function deadlineOfDate(cal: BusinessCalendar, date: string, days: number): Date {
  return deadlineOfEpochDay(cal, parseDay(date), days);
}

/**
 * The last local date whose work, `days` business days long, was due before `now` — every earlier date's was too
 * (deadlines never fall back as the start date moves on). Lets a database filter "overdue" by the start's local
 * date. Throws when no such date lies within {@link MAX_SCAN_DAYS} days.
 */
export function lastDateDueBefore(cal: BusinessCalendar, now: Date, days: number): string {
  const nowMs = toInstant(now, 'now').epochMilliseconds;
  const today = localDay(cal, now, 'now');
  for (let day = today; today - day <= MAX_SCAN_DAYS; day -= 1)
    if (deadlineOfEpochDay(cal, day, days).getTime() < nowMs) return formatDay(day);
  throw new Error(`No deadline before ${now.toISOString()} within ${MAX_SCAN_DAYS} days in ${cal.timeZone}`);
}

function deadlineOfEpochDay(cal: BusinessCalendar, start: number, days: number): Date {
  const day = addBusinessDaysToEpochDay(cal, start, days);
  const zoned = Temporal.PlainDateTime.from(`${formatDay(day)}T${closingTime(cal, day)}`).toZonedDateTime(
    cal.timeZone,
    { disambiguation: 'compatible' },
  );
  return new Date(zoned.epochMilliseconds);
}

/**
 * Business days strictly after from's local date up to and including to's local date (0 if to <= from).
 * Counts whole weeks by multiplication and then subtracts holidays, so long spans cost no more than short ones.
 */
export function businessDaysBetween(cal: BusinessCalendar, from: Date, to: Date): number {
  return businessDaysBetweenEpochDays(cal, localDay(cal, from, 'from'), localDay(cal, to, 'to'));
}

/** {@link businessDaysBetween} of two local dates `YYYY-MM-DD` (no instant, no zone: plain arithmetic). */
export function businessDaysBetweenDates(cal: BusinessCalendar, from: string, to: string): number {
  return businessDaysBetweenEpochDays(cal, parseDay(from), parseDay(to));
}

function businessDaysBetweenEpochDays(cal: BusinessCalendar, a: number, b: number): number {
  if (b <= a) return 0;
  const working = WEEKDAY_KEYS.map((key) => cal.businessHours[key].length > 0);
  const span = b - a;
  let count = Math.floor(span / 7) * working.filter(Boolean).length;
  for (let day = b - (span % 7) + 1; day <= b; day += 1) if (working[weekdayIndex(day)]) count += 1;
  for (const holiday of cal.holidays) {
    const day = parseDay(holiday);
    // A holiday on a closed weekday was never counted.
    if (day > a && day <= b && working[weekdayIndex(day)]) count -= 1;
  }
  return count;
}

/**
 * A clock with a deadline: met/missed once done (doneAt <= due → met), else due/overdue by now.
 * businessDaysLeft: business days from now to due (negative when overdue, 0 when due today), counted on local
 * dates, so it is 0 for the whole local day of the deadline, before and after it.
 */
export function clock(
  cal: BusinessCalendar,
  due: Date,
  now: Date,
  doneAt?: Date | null,
): { state: ClockState; due: string; businessDaysLeft: number } {
  const dueMs = toInstant(due, 'due').epochMilliseconds;
  const nowMs = toInstant(now, 'now').epochMilliseconds;
  let state: ClockState;
  if (doneAt != null) state = toInstant(doneAt, 'doneAt').epochMilliseconds <= dueMs ? 'met' : 'missed';
  else state = nowMs <= dueMs ? 'due' : 'overdue';
  // `0 - n` rather than `-n`: an overdue clock on its due day reports 0, not -0.
  const businessDaysLeft =
    nowMs <= dueMs ? businessDaysBetween(cal, now, due) : 0 - businessDaysBetween(cal, due, now);
  return { state, due: due.toISOString(), businessDaysLeft };
}

/** Calendar days added to a date (for "customer requested delay up to 90 days" and "31 Dec of the following year"). */
export function addDays(date: string, days: number): string {
  if (!Number.isSafeInteger(days)) throw new RangeError(`Days must be a whole number, got ${days}`);
  return formatDay(parseDay(date) + days);
}

/** A half-open span of time `[start, end)` in epoch milliseconds. */
export interface Span {
  start: number;
  end: number;
}

/**
 * The business hours of the calendar that overlap `[from, to)`, as instants in order: each local business day's
 * intervals turned into instants through the zone rules (a wall time in a DST gap resolves `compatible`, like
 * RFC 5545), clipped to the window. Holidays and closed weekdays give nothing.
 */
export function businessSpans(cal: BusinessCalendar, from: Date, to: Date): Span[] {
  const lo = toInstant(from, 'from').epochMilliseconds;
  const hi = toInstant(to, 'to').epochMilliseconds;
  if (hi <= lo) return [];
  const first = localDay(cal, from, 'from') - 1;
  const last = localDay(cal, to, 'to') + 1;
  if (last - first > MAX_SCAN_DAYS) throw new RangeError(`Window longer than ${MAX_SCAN_DAYS} days`);
  const out: Span[] = [];
  const at = (day: number, time: string) =>
    Temporal.PlainDateTime.from(`${formatDay(day)}T${time}`).toZonedDateTime(cal.timeZone, {
      disambiguation: 'compatible',
    }).epochMilliseconds;
  for (let day = first; day <= last; day += 1) {
    if (!isBusinessEpochDay(cal, day)) continue;
    for (const interval of intervalsOf(cal, day)) {
      const start = Math.max(at(day, interval.start), lo);
      const end = Math.min(at(day, interval.end), hi);
      if (end > start) out.push({ start, end });
    }
  }
  out.sort((a, b) => a.start - b.start);
  return out;
}
