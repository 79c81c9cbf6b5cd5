import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessDeadline, clock } from '../calendar/business-calendar.ts';
import { loadDefaultProgramme } from '../programme/load-programme.ts';
import { regionCalendarsOf } from '../scheduling/calendars.ts';
import { calendarsOf, responseClock } from './response-clock.ts';

const programme = loadDefaultProgramme();
const instant = fc
  .integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2031-12-31T00:00:00Z') })
  .map((ms) => new Date(ms));
// a country of each region, and one outside every region (served by the first)
const COUNTRIES = ['US', 'FR', 'JP', 'BR', 'ZA', 'AU', 'XX'];

describe('responseClock', () => {
  it("is the calendar's clock for a deadline counted from the filing, in the customer's region", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...COUNTRIES),
        instant,
        instant,
        fc.option(instant),
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 4 }),
        (country, filedAt, now, answeredAt, holidayOffsets) => {
          // holidays right after the filing, where they move the deadline
          const added = holidayOffsets.map((d) => ({
            region: 'americas',
            date: new Date(filedAt.getTime() + d * 86_400_000).toISOString().slice(0, 10),
            name: 'Closed',
          }));
          const rc = calendarsOf(programme, regionCalendarsOf(programme, added));
          const cal = rc.of(country);
          const row = {
            country,
            status: 'submitted' as const,
            created_at: filedAt,
            responded_at: answeredAt,
          };
          const due = businessDeadline(cal, filedAt, 1);
          // twice: the second reading comes from what the first worked out
          for (let i = 0; i < 2; i++)
            expect(responseClock(rc, row, now)).toEqual({
              ...clock(cal, due, now, answeredAt),
              respondedAt: answeredAt?.toISOString() ?? null,
            });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('owes nothing on a request closed without an answer, and keeps the answer of a closed one', () => {
    const rc = calendarsOf(programme, regionCalendarsOf(programme, []));
    const filed = new Date('2026-11-25T16:00:00Z');
    const now = new Date('2026-12-10T12:00:00Z');
    for (const status of ['cancelled', 'approved'] as const)
      expect(
        responseClock(rc, { country: 'US', status, created_at: filed, responded_at: null }, now),
      ).toBeNull();
    const answered = new Date('2026-11-30T22:00:00Z');
    expect(
      responseClock(
        rc,
        { country: 'US', status: 'approved', created_at: filed, responded_at: answered },
        now,
      ),
    ).toMatchObject({ state: 'met', due: '2026-11-30T23:00:00.000Z', respondedAt: answered.toISOString() });
  });
});
