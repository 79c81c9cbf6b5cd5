/**
 * Calendar dates as the API and the programme write them: `YYYY-MM-DD` naming a day that exists
 * (no 31 November, no 29 February in a common year) in the years 1900–9999. Days outside those
 * years are typos for this product, and PostgreSQL refuses some of them (year 0).
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const FIRST_YEAR = 1900;

export function isCalendarDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < FIRST_YEAR) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
