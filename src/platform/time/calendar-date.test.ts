import { describe, expect, it } from 'vitest';
import { isCalendarDate } from './calendar-date.ts';

describe('isCalendarDate', () => {
  it('accepts days that exist', () => {
    for (const d of ['2026-11-30', '2028-02-29', '2000-02-29', '1900-01-01', '9999-12-31'])
      expect(isCalendarDate(d), d).toBe(true);
  });
  it('refuses days that do not, other forms and years before 1900', () => {
    for (const d of [
      '2026-11-31',
      '2027-02-29',
      '1900-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '0000-01-01',
      '1899-12-31',
      '2026-1-01',
      '2026-01-01T00:00:00Z',
      ' 2026-01-01',
      '',
    ])
      expect(isCalendarDate(d), d).toBe(false);
  });
});
