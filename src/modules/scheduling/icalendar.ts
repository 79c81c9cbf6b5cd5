/**
 * iCalendar (RFC 5545) for meeting invites and calendar feeds. Each recipient gets the event in their own time
 * zone: DTSTART/DTEND carry a TZID and the calendar a VTIMEZONE built from the zone rules (every offset change
 * in the span the events cover, so DST changes are exact without relying on the client's zone database).
 * UID is stable for a meeting; SEQUENCE grows with every change; METHOD is REQUEST for new and changed
 * meetings, CANCEL for cancelled ones, PUBLISH for feeds.
 */
import { Temporal } from '../../platform/time/temporal.ts';

export type Method = 'REQUEST' | 'CANCEL' | 'PUBLISH';

export interface IcsPerson {
  name: string;
  email: string;
}

export interface IcsEvent {
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  summary: string;
  description: string;
  location?: string;
  url?: string | null;
  organiser: IcsPerson;
  attendees: IcsPerson[];
  cancelled?: boolean;
  stamp: Date;
}

export interface IcsCalendar {
  method: Method;
  /** the recipient's IANA zone: times are written as local times there */
  timeZone: string;
  language: string;
  events: IcsEvent[];
}

const CRLF = '\r\n';

/** TEXT value escaping (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** A parameter value, quoted when it holds a separator; quotes are not allowed inside, so they are dropped. */
function param(value: string): string {
  const clean = value.replace(/["\r\n]/g, '');
  return /[;:,]/.test(clean) ? `"${clean}"` : clean;
}

/** Folds a content line at 75 octets, never inside a UTF-8 character (RFC 5545 §3.1). */
export function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  let limit = 75;
  while (start < bytes.length) {
    let end = Math.min(start + limit, bytes.length);
    // step back to a character boundary (continuation bytes are 10xxxxxx)
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    limit = 74; // the leading space of a continuation line counts
  }
  return parts.join(`${CRLF} `);
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

function utcStamp(d: Date): string {
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(
    d.getUTCMinutes(),
  )}${pad(d.getUTCSeconds())}Z`;
}

function localStamp(z: {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}) {
  return `${pad(z.year, 4)}${pad(z.month)}${pad(z.day)}T${pad(z.hour)}${pad(z.minute)}${pad(z.second)}`;
}

function offsetText(ns: number): string {
  const minutes = Math.round(ns / 60e9);
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}${pad(Math.abs(minutes) % 60)}`;
}

/** VTIMEZONE lines for `zone` covering `[from, to]`: the offset in force at `from`, then every transition. */
export function vtimezone(zone: string, from: Date, to: Date): string[] {
  const begin = Temporal.Instant.fromEpochMilliseconds(from.getTime() - 86_400_000).toZonedDateTimeISO(zone);
  const endMs = to.getTime() + 86_400_000;
  const observances: { at: Temporal.ZonedDateTime; before: number; after: number }[] = [];
  let cursor = begin;
  for (let i = 0; i < 200; i++) {
    const next = cursor.getTimeZoneTransition('next');
    if (!next || next.epochMilliseconds > endMs) break;
    const before = next.subtract({ nanoseconds: 1 }).offsetNanoseconds;
    observances.push({ at: next, before, after: next.offsetNanoseconds });
    cursor = next;
  }
  const offsets = [begin.offsetNanoseconds, ...observances.map((o) => o.after)];
  const standardOffset = Math.min(...offsets);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  const component = (kind: string, onset: string, from: number, toOffset: number) => {
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${onset}`,
      `TZOFFSETFROM:${offsetText(from)}`,
      `TZOFFSETTO:${offsetText(toOffset)}`,
      `END:${kind}`,
    );
  };
  const first = begin.offsetNanoseconds;
  component(first > standardOffset ? 'DAYLIGHT' : 'STANDARD', localStamp(begin), first, first);
  for (const o of observances) {
    // the onset is written in the local time of the offset before it (RFC 5545 §3.6.5)
    const onset = o.at.toInstant().toZonedDateTimeISO('UTC').add({ nanoseconds: o.before });
    component(o.after > standardOffset ? 'DAYLIGHT' : 'STANDARD', localStamp(onset), o.before, o.after);
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

function zoned(d: Date, zone: string): string {
  return localStamp(Temporal.Instant.fromEpochMilliseconds(d.getTime()).toZonedDateTimeISO(zone));
}

/** The whole calendar object as text with CRLF line ends and folded lines. */
export function buildCalendar(cal: IcsCalendar): string {
  const lang = param(cal.language);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//FastTrack Center//Meetings//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${cal.method}`,
  ];
  if (cal.events.length > 0) {
    const from = new Date(Math.min(...cal.events.map((e) => e.start.getTime())));
    const to = new Date(Math.max(...cal.events.map((e) => e.end.getTime())));
    lines.push(...vtimezone(cal.timeZone, from, to));
  }
  for (const e of cal.events) {
    const cancelled = cal.method === 'CANCEL' || e.cancelled;
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `SEQUENCE:${e.sequence}`,
      `DTSTAMP:${utcStamp(e.stamp)}`,
      `DTSTART;TZID=${cal.timeZone}:${zoned(e.start, cal.timeZone)}`,
      `DTEND;TZID=${cal.timeZone}:${zoned(e.end, cal.timeZone)}`,
      `SUMMARY;LANGUAGE=${lang}:${escapeText(e.summary)}`,
      `DESCRIPTION;LANGUAGE=${lang}:${escapeText(e.description)}`,
    );
    if (e.location) lines.push(`LOCATION;LANGUAGE=${lang}:${escapeText(e.location)}`);
    if (e.url) lines.push(`URL:${e.url}`, `X-MICROSOFT-SKYPETEAMSMEETINGURL:${e.url}`);
    lines.push(`ORGANIZER;CN=${param(e.organiser.name)}:mailto:${e.organiser.email}`);
    for (const a of e.attendees) {
      lines.push(
        `ATTENDEE;CN=${param(a.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${a.email}`,
      );
    }
    lines.push(`STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`, 'TRANSP:OPAQUE', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join(CRLF)}${CRLF}`;
}
