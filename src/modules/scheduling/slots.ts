/**
 * Finding meeting times. Pure: every party brings a business calendar (its hours, in its own zone) and what it is
 * already busy with; a slot is a span inside every party's business hours that overlaps nobody's busy time.
 * Planning a series books each meeting into the parties' busy time before looking for the next, so a plan never
 * double-books anyone, within itself or against what they had.
 */
import { Temporal } from '../../platform/time/temporal.ts';
import { type BusinessCalendar, businessSpans, type Span } from '../calendar/business-calendar.ts';

export type { Span };

const MINUTE = 60_000;
/** Meetings start on a quarter hour (every zone's offset is a multiple of 15 minutes today). */
export const ALIGN_MINUTES = 15;

export interface Party {
  id: string;
  calendar: BusinessCalendar;
  /** busy spans, any order, may overlap */
  busy: Span[];
}

/** Sorted, merged copy of spans. */
export function normalise(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** Intersection of two sorted, non-overlapping lists. */
export function intersect(a: readonly Span[], b: readonly Span[]): Span[] {
  const out: Span[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i]!.start, b[j]!.start);
    const end = Math.min(a[i]!.end, b[j]!.end);
    if (end > start) out.push({ start, end });
    if (a[i]!.end < b[j]!.end) i++;
    else j++;
  }
  return out;
}

/** `free` minus `busy` (both sorted; busy merged). */
export function subtract(free: readonly Span[], busy: readonly Span[]): Span[] {
  const out: Span[] = [];
  let j = 0;
  for (const f of free) {
    let start = f.start;
    while (j < busy.length && busy[j]!.end <= start) j++;
    let k = j;
    while (k < busy.length && busy[k]!.start < f.end) {
      if (busy[k]!.start > start) out.push({ start, end: busy[k]!.start });
      start = Math.max(start, busy[k]!.end);
      k++;
    }
    if (start < f.end) out.push({ start, end: f.end });
  }
  return out;
}

/** Time every party has free in its business hours within `[from, until)`. */
export function commonFree(parties: readonly Party[], from: Date, until: Date): Span[] {
  let free: Span[] | null = null;
  for (const p of parties) {
    const own = subtract(businessSpans(p.calendar, from, until), normalise(p.busy));
    free = free ? intersect(free, own) : own;
    if (free.length === 0) break;
  }
  return free ?? [];
}

/** The first quarter-hour-aligned span of `minutes` inside the free time, or null. */
export function firstFit(free: readonly Span[], minutes: number): Span | null {
  const length = minutes * MINUTE;
  const align = ALIGN_MINUTES * MINUTE;
  for (const f of free) {
    const start = Math.ceil(f.start / align) * align;
    if (start + length <= f.end) return { start, end: start + length };
  }
  return null;
}

/** The earliest slot of `minutes` for all parties within `[from, until)`, or null. */
export function findSlot(parties: readonly Party[], from: Date, until: Date, minutes: number): Span | null {
  return firstFit(commonFree(parties, from, until), minutes);
}

export interface MeetingTemplate {
  id: string;
  durationMinutes: number;
  cadenceDays?: number;
  motions?: string[];
}

export interface PlannedMeeting {
  kind: string;
  index: number;
  start: number;
  end: number;
  /** false when no slot existed before the deadline and the first one after it was taken */
  inTime: boolean;
}

export interface SeriesInput {
  /** assignment time; the kickoff is searched from `now + leadMinutes` */
  now: Date;
  /** latest end of the kickoff (2 business days after assignment on the owning region's calendar) */
  kickoffDue: Date;
  /** specialists and customer; the customer usually has no busy time known to us */
  parties: Party[];
  motion: string;
  /** the series runs until this instant (the engagement's planned end) */
  endBy: Date;
  templates: readonly MeetingTemplate[];
  /** checkpoint cadence chosen for the engagement */
  checkpoint: 'checkpoint-weekly' | 'checkpoint-biweekly';
  leadMinutes?: number;
  /** how many recurring meetings at most (a safety net for long plans) */
  maxRecurring?: number;
}

const DAY = 86_400_000;

/** Same wall time `days` later in `zone` (a weekly meeting stays at 10:00 across a DST change). */
function sameWallTime(ms: number, days: number, zone: string): number {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).add({ days }).epochMilliseconds;
}

/**
 * Plans kickoff, security conversation, a workshop and the recurring meetings (checkpoints weekly or biweekly;
 * governance every two weeks for Customer Health and Targeting) for all parties. Each meeting goes into every
 * party's busy time before the next is searched. Recurring meetings keep the kickoff's wall time in the
 * customer's zone when it is free, else take the first free slot within the following three days.
 */
export function planSeries(input: SeriesInput): PlannedMeeting[] {
  const parties = input.parties.map((p) => ({ ...p, busy: [...p.busy] }));
  const byId = new Map(input.templates.map((t) => [t.id, t]));
  const lead = (input.leadMinutes ?? 60) * MINUTE;
  const out: PlannedMeeting[] = [];
  const book = (kind: string, index: number, slot: Span, inTime = true) => {
    out.push({ kind, index, start: slot.start, end: slot.end, inTime });
    for (const p of parties) p.busy.push({ start: slot.start, end: slot.end });
  };
  const customerZone = parties[parties.length - 1]?.calendar.timeZone ?? 'UTC';

  const kickoffTemplate = byId.get('kickoff');
  if (!kickoffTemplate) return out;
  const from = new Date(input.now.getTime() + lead);
  let kickoff = findSlot(parties, from, input.kickoffDue, kickoffTemplate.durationMinutes);
  let inTime = true;
  if (!kickoff) {
    inTime = false;
    kickoff = findSlot(parties, from, new Date(from.getTime() + 30 * DAY), kickoffTemplate.durationMinutes);
  }
  if (!kickoff) return out;
  book('kickoff', 0, kickoff, inTime);

  // the next conversations follow on later days
  let cursor = kickoff.end;
  for (const kind of ['security-conversation', 'workshop']) {
    const t = byId.get(kind);
    if (!t) continue;
    const start = new Date(cursor + DAY / 2);
    const slot = findSlot(parties, start, new Date(start.getTime() + 21 * DAY), t.durationMinutes);
    if (!slot || slot.start >= input.endBy.getTime()) continue;
    book(kind, 0, slot);
    cursor = slot.end;
  }

  const recurring: MeetingTemplate[] = [];
  const checkpoint = byId.get(input.checkpoint);
  if (checkpoint) recurring.push(checkpoint);
  const governance = byId.get('governance');
  if (governance?.motions?.includes(input.motion)) recurring.push(governance);
  const max = input.maxRecurring ?? 26;
  for (const t of recurring) {
    const cadence = t.cadenceDays ?? 7;
    for (let i = 1; i <= max; i++) {
      const preferred = sameWallTime(kickoff.start, cadence * i, customerZone);
      if (preferred >= input.endBy.getTime()) break;
      const slot = findSlot(parties, new Date(preferred), new Date(preferred + 3 * DAY), t.durationMinutes);
      if (slot) book(t.id, i, slot);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** True when no two spans overlap (for checks and tests). */
export function disjoint(spans: readonly Span[]): boolean {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.start < sorted[i - 1]!.end) return false;
  return true;
}
