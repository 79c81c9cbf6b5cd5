/**
 * A request's first-response clock. From the moment it is filed, the center owes the requester a first
 * answer — a status move, a message or a correction by its staff — within the programme's response time
 * (`thresholds.requestResponseBusinessDays`; the playbook sets a new request's next action for the next
 * business day), counted in business days of the customer's region, its holidays included. The queue shows
 * each request's clock (due, overdue, met, missed) and filters the requests still waiting for an answer, or
 * late. Internal notes, reminders and claims do not stop it: the requester hears nothing from them.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database.ts';
import type { RequestStatus } from '../../platform/db/schema.ts';
import type { Actor } from '../access/actor.ts';
import {
  addBusinessDaysToDate,
  type BusinessCalendar,
  businessDaysBetweenDates,
  type ClockState,
  deadlineOfDate,
  lastDateDueBefore,
} from '../calendar/business-calendar.ts';
import type { Programme, Region } from '../programme/programme.schema.ts';
import { regionCalendars } from '../scheduling/calendars.ts';
import { OPEN_STATUSES } from './request.model.ts';

/** The playbook's next action on a new request: the next business day. */
export const DEFAULT_RESPONSE_BUSINESS_DAYS = 1;

export interface ResponseClock {
  state: ClockState;
  /** the end of the last business day of the response time, in the customer's region */
  due: string;
  /** business days from now to `due` (negative when overdue); 0 on the due day */
  businessDaysLeft: number;
  respondedAt: string | null;
}

/** The calendars the clocks are read in: each region's, with the holidays the center added. */
export interface ResponseCalendars {
  days: number;
  regions: { region: Region; cal: BusinessCalendar; fallback: boolean }[];
  /** the calendar of a customer's country (a country outside every region: the first region's) */
  of(country: string): BusinessCalendar;
  /** what one reading already worked out: today's local date in each zone, business days to each due day */
  memo: Map<string, unknown>;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/**
 * The local date of an instant in a zone, through ICU's zone rules (the ones the Temporal ponyfill reads):
 * a cached formatter costs a microsecond where a Temporal conversion costs twenty, on every row of a list
 * (in PostgreSQL, the region's zone per country cost more still).
 */
function localDateOf(timeZone: string, instant: Date): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dateFormats.set(timeZone, format);
  }
  // en-US numeric dates read MM/DD/YYYY
  const [month, day, year] = format.format(instant).split('/');
  return `${year!.padStart(4, '0')}-${month}-${day}`;
}

function remembered<T>(memo: Map<string, unknown>, key: string, make: () => T): T {
  if (!memo.has(key)) memo.set(key, make());
  return memo.get(key) as T;
}

export async function responseCalendars(db: Db | Tx, programme: Programme): Promise<ResponseCalendars> {
  return calendarsOf(programme, await regionCalendars(db, programme));
}

const shapes = new WeakMap<ReadonlyMap<string, BusinessCalendar>, Omit<ResponseCalendars, 'memo'>>();

/**
 * The clocks' calendars from the regions' (`regionCalendars`), with a fresh memory for one reading. The
 * country index is built once per set of calendars (they are kept while nothing changes).
 */
export function calendarsOf(
  programme: Programme,
  calendars: ReadonlyMap<string, BusinessCalendar>,
): ResponseCalendars {
  let shape = shapes.get(calendars);
  if (!shape) {
    const regions = programme.regions.map((region, i) => ({
      region,
      fallback: i === 0,
      cal: calendars.get(region.id)!,
    }));
    const byCountry = new Map(regions.flatMap((r) => r.region.countries.map((c) => [c, r.cal] as const)));
    shape = {
      days: programme.thresholds?.requestResponseBusinessDays ?? DEFAULT_RESPONSE_BUSINESS_DAYS,
      regions,
      of: (country) => byCountry.get(country) ?? regions[0]!.cal,
    };
    shapes.set(calendars, shape);
  }
  return { ...shape, memo: new Map() };
}

/**
 * The clock of the center's reply to the requester's side: their latest message on an open request, not
 * answered yet (`at`: when it was written), due within the same response time. Null when nothing waits.
 */
export function replyClock(
  rc: ResponseCalendars,
  r: { country: string; status: RequestStatus },
  waitingSince: Date | null,
  now: Date,
): ResponseClock | null {
  if (!waitingSince || !OPEN_STATUSES.includes(r.status)) return null;
  return responseClock(rc, { ...r, created_at: waitingSince, responded_at: null }, now);
}

/**
 * The clock of a request: null for a request closed without an answer (withdrawn by its requester, or a
 * duplicate cancelled at intake), where nobody owed one. `now` is the reading's moment, one per list.
 */
export function responseClock(
  rc: ResponseCalendars,
  r: {
    country: string;
    status: RequestStatus;
    created_at: Date;
    responded_at: Date | null;
  },
  now: Date,
): ResponseClock | null {
  if (!r.responded_at && !OPEN_STATUSES.includes(r.status)) return null;
  const cal = rc.of(r.country);
  const due = deadlineFor(cal, localDateOf(cal.timeZone, new Date(r.created_at)), rc.days);
  const today = remembered(rc.memo, `${cal.timeZone}|${now.getTime()}`, () => localDateOf(cal.timeZone, now));
  // what `clock` answers, on local dates already known: no instant is converted again
  const nowMs = now.getTime();
  const dueMs = due.at.getTime();
  const respondedAt = r.responded_at ? new Date(r.responded_at) : null;
  const state: ClockState = respondedAt
    ? respondedAt.getTime() <= dueMs
      ? 'met'
      : 'missed'
    : nowMs <= dueMs
      ? 'due'
      : 'overdue';
  // counting walks the calendar's holidays: once per due day in a reading
  const businessDaysLeft = remembered(rc.memo, `${cal.timeZone}|${now.getTime()}|${dueMs}`, () =>
    nowMs <= dueMs
      ? businessDaysBetweenDates(cal, today, due.date)
      : 0 - businessDaysBetweenDates(cal, due.date, today),
  );
  return {
    state,
    due: due.at.toISOString(),
    businessDaysLeft,
    respondedAt: respondedAt?.toISOString() ?? null,
  };
}

/** Deadlines by calendar and filing date: each is worked out once while the calendar stays the same. */
const deadlines = new WeakMap<BusinessCalendar, Map<string, { at: Date; date: string }>>();
function deadlineFor(cal: BusinessCalendar, filed: string, days: number) {
  let known = deadlines.get(cal);
  if (!known) {
    known = new Map();
    deadlines.set(cal, known);
  }
  const key = `${days}|${filed}`;
  let due = known.get(key);
  if (!due) {
    due = { at: deadlineOfDate(cal, filed, days), date: addBusinessDaysToDate(cal, filed, days) };
    known.set(key, due);
  }
  return due;
}

/**
 * Requests still waiting for the center's first answer; with `late`, only those past their response time.
 * The deadline depends on the filing's local date alone, so "late" is, per region, a filing date on or
 * before the last one already due (`lastDateDueBefore`). Reads `requests` and the customer as `c`.
 */
export function awaitingResponse(rc: ResponseCalendars, now: Date, late: boolean) {
  const waiting = sql<boolean>`(requests.responded_at is null and requests.status in (${sql.join(OPEN_STATUSES)}))`;
  if (!late) return waiting;
  return sql<boolean>`(${waiting} and ${dueBefore(rc, now, sql`requests.created_at`)})`;
}

/**
 * The moment `since` (an SQL timestamp) started a response time that ran out before `now`: per region, its
 * local date is on or before the last date already due. Reads the customer as `c`.
 */
export function dueBefore(rc: ResponseCalendars, now: Date, since: RawBuilder<unknown>) {
  const everyCountry = rc.regions.flatMap((r) => r.region.countries);
  const perRegion = rc.regions.map(({ region, cal, fallback }) => {
    const inRegion = fallback
      ? sql`(c.country = any(${region.countries}::text[]) or not c.country = any(${everyCountry}::text[]))`
      : sql`c.country = any(${region.countries}::text[])`;
    const lastDate = lastDateDueBefore(cal, now, rc.days);
    return sql`(${inRegion} and (${since} at time zone ${region.timeZone})::date <= ${lastDate}::date)`;
  });
  return sql<boolean>`(${sql.join(perRegion, sql` or `)})`;
}

/** The center answered the requester (a move, a message, a correction): the first time stops the clock. */
export async function markResponded(tx: Tx, actor: Actor, requestId: string): Promise<void> {
  if (actor.orgKind !== 'center') return;
  await tx
    .updateTable('requests')
    .set({ responded_at: sql`coalesce(responded_at, now())` })
    .where('id', '=', requestId)
    .execute();
}
