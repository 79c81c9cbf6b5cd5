import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildCalendar, escapeText, fold, type IcsEvent } from './icalendar.ts';

const event = (over: Partial<IcsEvent> = {}): IcsEvent => ({
  uid: 'mtg_1@fasttrack-center',
  sequence: 0,
  start: new Date('2026-10-30T13:00:00Z'),
  end: new Date('2026-10-30T14:00:00Z'),
  summary: 'Kickoff-Besprechung: Contoso; Phase 1',
  description: 'Zeile eins\nZeile zwei, mit Komma',
  location: 'Microsoft Teams',
  url: 'https://teams.example.test/l/meetup-join/abc',
  organiser: { name: 'Ana Lima', email: 'ana@center.example' },
  attendees: [{ name: 'Jürgen Müller, IT', email: 'juergen@contoso.example' }],
  stamp: new Date('2026-10-27T10:00:00Z'),
  ...over,
});

function parse(text: string) {
  const comp = new ICAL.Component(ICAL.parse(text));
  for (const tz of comp.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return comp;
}

describe('buildCalendar', () => {
  it('parses back with the right instants and local times on both sides of a DST change', () => {
    const events = [
      event(),
      // after Europe's change on 25 Oct and before the US change on 1 Nov: Berlin is UTC+1
      event({
        uid: 'mtg_2@x',
        start: new Date('2026-11-06T13:00:00Z'),
        end: new Date('2026-11-06T13:30:00Z'),
      }),
      event({
        uid: 'mtg_3@x',
        start: new Date('2026-10-23T13:00:00Z'),
        end: new Date('2026-10-23T13:30:00Z'),
      }),
    ];
    const text = buildCalendar({ method: 'PUBLISH', timeZone: 'Europe/Berlin', language: 'de', events });
    expect(text.split('\r\n').every((l) => Buffer.byteLength(l, 'utf8') <= 75)).toBe(true);
    const comp = parse(text);
    const parsed = comp.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(parsed.map((e) => e.startDate.toJSDate().toISOString())).toEqual(
      events.map((e) => e.start.toISOString()),
    );
    expect(parsed.map((e) => `${e.startDate.hour}:${e.startDate.minute}`)).toEqual(['14:0', '14:0', '15:0']);
    expect(parsed.map((e) => e.startDate.zone?.tzid)).toEqual([
      'Europe/Berlin',
      'Europe/Berlin',
      'Europe/Berlin',
    ]);
    expect(parsed[0]!.summary).toBe('Kickoff-Besprechung: Contoso; Phase 1');
    expect(parsed[0]!.description).toBe('Zeile eins\nZeile zwei, mit Komma');
    expect(parsed[0]!.attendees[0]!.getParameter('cn')).toBe('Jürgen Müller, IT');
  });

  it('writes REQUEST and CANCEL with the same UID and the given SEQUENCE', () => {
    const request = parse(
      buildCalendar({ method: 'REQUEST', timeZone: 'Asia/Tokyo', language: 'ja', events: [event()] }),
    );
    const cancel = parse(
      buildCalendar({
        method: 'CANCEL',
        timeZone: 'Asia/Tokyo',
        language: 'ja',
        events: [event({ sequence: 2 })],
      }),
    );
    expect(request.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(cancel.getFirstPropertyValue('method')).toBe('CANCEL');
    const r = request.getFirstSubcomponent('vevent')!;
    const c = cancel.getFirstSubcomponent('vevent')!;
    expect(c.getFirstPropertyValue('uid')).toBe(r.getFirstPropertyValue('uid'));
    expect([r.getFirstPropertyValue('sequence'), c.getFirstPropertyValue('sequence')]).toEqual([0, 2]);
    expect(c.getFirstPropertyValue('status')).toBe('CANCELLED');
    // Tokyo has no DST: one observance, +09:00
    const e = new ICAL.Event(r);
    expect(`${e.startDate.hour}:${e.startDate.minute}`).toBe('22:0');
  });

  it('escapes text and folds long lines without splitting characters', () => {
    expect(escapeText('a;b,c\\d\ne')).toBe('a\\;b\\,c\\\\d\\ne');
    const long = `SUMMARY:${'キックオフ会議'.repeat(10)}`;
    const folded = fold(long);
    expect(folded.split('\r\n ').join('')).toBe(long);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });
});
