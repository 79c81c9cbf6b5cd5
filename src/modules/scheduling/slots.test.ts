import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Temporal } from '../../platform/time/temporal.ts';
import {
  type BusinessCalendar,
  businessDeadline,
  businessSpans,
  calendarOf,
} from '../calendar/business-calendar.ts';
import type { BusinessHours } from '../programme/programme.schema.ts';
import { disjoint, findSlot, type MeetingTemplate, type Party, planSeries, type Span } from './slots.ts';

const hours = (start: string, end: string): BusinessHours => {
  const d = [{ start, end }];
  return { mon: d, tue: d, wed: d, thu: d, fri: d, sat: [], sun: [] };
};
const cal = (timeZone: string, start = '09:00', end = '17:00', holidays: string[] = []): BusinessCalendar =>
  calendarOf({
    timeZone,
    businessHours: hours(start, end),
    holidays: holidays.map((date) => ({ date, name: date })),
  });

const wall = (ms: number, zone: string) => {
  const z = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone);
  return `${z.toPlainDate().toString()} ${z.toPlainTime().toString().slice(0, 5)} ${z.dayOfWeek}`;
};

const TEMPLATES: MeetingTemplate[] = [
  { id: 'kickoff', durationMinutes: 60 },
  { id: 'security-conversation', durationMinutes: 60 },
  { id: 'workshop', durationMinutes: 60 },
  { id: 'checkpoint-weekly', durationMinutes: 30, cadenceDays: 7 },
  { id: 'checkpoint-biweekly', durationMinutes: 30, cadenceDays: 14 },
  { id: 'governance', durationMinutes: 60, cadenceDays: 14, motions: ['customer-health'] },
];

describe('findSlot', () => {
  it('finds the first hour inside a Berlin specialist’s and a Chicago customer’s hours', () => {
    const berlin = cal('Europe/Berlin');
    const chicago = cal('America/Chicago', '08:00', '17:00');
    // Friday 27 Nov 2026 16:00 Chicago: Berlin has closed; next common hours are Monday 08:00–10:00 Chicago
    const now = new Date('2026-11-27T22:00:00Z');
    const due = businessDeadline(chicago, now, 2);
    const slot = findSlot(
      [
        { id: 'fe', calendar: berlin, busy: [] },
        { id: 'customer', calendar: chicago, busy: [] },
      ],
      now,
      due,
      60,
    )!;
    expect(wall(slot.start, 'America/Chicago')).toBe('2026-11-30 08:00 1');
    expect(wall(slot.start, 'Europe/Berlin')).toBe('2026-11-30 15:00 1');
  });

  it('skips busy time and holidays, and returns null when nothing fits before the deadline', () => {
    const paris = cal('Europe/Paris', '09:00', '17:00', ['2026-12-25']);
    const start = new Date('2026-12-24T16:00:00Z'); // 17:00 Paris on Thursday 24 Dec
    const busy: Span[] = [
      { start: Date.parse('2026-12-28T08:00:00Z'), end: Date.parse('2026-12-28T10:30:00Z') },
    ];
    const slot = findSlot([{ id: 'a', calendar: paris, busy }], start, new Date('2027-01-10T00:00:00Z'), 60)!;
    expect(wall(slot.start, 'Europe/Paris')).toBe('2026-12-28 11:30 1');
    expect(
      findSlot([{ id: 'a', calendar: paris, busy }], start, new Date('2026-12-28T09:00:00Z'), 60),
    ).toBeNull();
  });

  it('meets Kiritimati (UTC+14) and Pago Pago (UTC-11) across the date line', () => {
    // 25 hours apart: Pago Pago's Monday 09:00 is Kiritimati's Tuesday 10:00
    const slot = findSlot(
      [
        { id: 'a', calendar: cal('Pacific/Kiritimati'), busy: [] },
        { id: 'b', calendar: cal('Pacific/Pago_Pago'), busy: [] },
      ],
      new Date('2026-11-30T00:00:00Z'),
      new Date('2026-12-14T00:00:00Z'),
      30,
    )!;
    expect(wall(slot.start, 'Pacific/Pago_Pago')).toBe('2026-11-30 09:00 1');
    expect(wall(slot.start, 'Pacific/Kiritimati')).toBe('2026-12-01 10:00 2');
  });
});

describe('planSeries', () => {
  it('books kickoff within 2 business days, then security, workshop and weekly checkpoints at the same wall time across DST', () => {
    const newYork = cal('America/New_York', '08:00', '18:00');
    const fe = cal('America/Chicago', '08:00', '17:00');
    const now = new Date('2026-10-27T14:00:00Z'); // Tuesday; US DST ends Sunday 1 Nov 2026
    const due = businessDeadline(newYork, now, 2);
    const plan = planSeries({
      now,
      kickoffDue: due,
      parties: [
        { id: 'fe', calendar: fe, busy: [] },
        { id: 'customer', calendar: newYork, busy: [] },
      ],
      motion: 'rfa',
      endBy: new Date('2026-12-01T00:00:00Z'),
      templates: TEMPLATES,
      checkpoint: 'checkpoint-weekly',
    });
    const kickoff = plan.find((m) => m.kind === 'kickoff')!;
    expect(kickoff.inTime).toBe(true);
    expect(kickoff.end).toBeLessThanOrEqual(due.getTime());
    expect(plan.map((m) => m.kind).slice(0, 3)).toEqual(['kickoff', 'security-conversation', 'workshop']);
    const checkpoints = plan.filter((m) => m.kind === 'checkpoint-weekly');
    expect(checkpoints.length).toBe(4);
    // same New York wall time before and after the change, so a different UTC hour
    const times = checkpoints.map((m) => wall(m.start, 'America/New_York').slice(11, 16));
    expect(new Set(times)).toEqual(new Set([wall(kickoff.start, 'America/New_York').slice(11, 16)]));
    expect(new Date(kickoff.start).getUTCHours() - new Date(checkpoints[0]!.start).getUTCHours()).toBe(-1);
    expect(disjoint(plan)).toBe(true);
  });

  it('adds governance every two weeks for Customer Health', () => {
    const c = cal('Asia/Tokyo');
    const plan = planSeries({
      now: new Date('2026-12-01T00:00:00Z'),
      kickoffDue: businessDeadline(c, new Date('2026-12-01T00:00:00Z'), 2),
      parties: [{ id: 'x', calendar: c, busy: [] }],
      motion: 'customer-health',
      endBy: new Date('2027-02-01T00:00:00Z'),
      templates: TEMPLATES,
      checkpoint: 'checkpoint-biweekly',
    });
    const gov = plan.filter((m) => m.kind === 'governance');
    expect(gov.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < gov.length; i++)
      expect(gov[i]!.start - gov[i - 1]!.start).toBeGreaterThanOrEqual(13 * 86_400_000);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// property: planning engagement after engagement with shared people never double-books anyone, and every
// meeting lies in every party's business hours
// ---------------------------------------------------------------------------------------------------------------

const ZONES = [
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'Europe/Berlin',
  'America/Chicago',
  'Australia/Sydney',
  'Asia/Tokyo',
];

describe('no double-booking', () => {
  it('holds across engagements sharing specialists, in any zones, across DST and year ends', () => {
    const personArb = fc.record({
      zone: fc.constantFrom(...ZONES.slice(2)),
      start: fc.constantFrom('07:00', '08:00', '09:00'),
      end: fc.constantFrom('16:00', '17:00', '19:00'),
    });
    const engagementArb = fc.record({
      people: fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 2 }),
      customerZone: fc.constantFrom(...ZONES),
      startDay: fc.integer({ min: 0, max: 400 }),
      weekly: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(personArb, { minLength: 4, maxLength: 4 }),
        fc.array(engagementArb, { minLength: 1, maxLength: 6 }),
        (ps, es) => {
          const calendars = ps.map((p) => cal(p.zone, p.start, p.end));
          const busy: Span[][] = ps.map(() => []);
          const booked: { person: number; span: Span }[] = [];
          for (const e of es) {
            const now = new Date(Date.UTC(2026, 9, 1) + e.startDay * 86_400_000);
            const customer = cal(e.customerZone, '08:00', '18:00');
            const parties: Party[] = [
              ...e.people.map((i) => ({ id: `p${i}`, calendar: calendars[i]!, busy: busy[i]! })),
              { id: 'customer', calendar: customer, busy: [] },
            ];
            const plan = planSeries({
              now,
              kickoffDue: businessDeadline(customer, now, 2),
              parties,
              motion: 'rfa',
              endBy: new Date(now.getTime() + 60 * 86_400_000),
              templates: TEMPLATES,
              checkpoint: e.weekly ? 'checkpoint-weekly' : 'checkpoint-biweekly',
            });
            for (const m of plan) {
              for (const p of parties) {
                const inside = businessSpans(
                  p.calendar,
                  new Date(m.start - 86_400_000),
                  new Date(m.end + 86_400_000),
                ).some((s) => s.start <= m.start && m.end <= s.end);
                expect(inside).toBe(true);
              }
              for (const i of e.people) {
                busy[i]!.push({ start: m.start, end: m.end });
                booked.push({ person: i, span: m });
              }
            }
          }
          for (let i = 0; i < ps.length; i++)
            expect(disjoint(booked.filter((b) => b.person === i).map((b) => b.span))).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
