/** Wall times in a named time zone ↔ instants, with the browser's Intl data only (no date library). */

function partsAt(epoch: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(epoch));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
  };
}

const DAY = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** The zone's offset from UTC at an instant, in ms. */
function offsetAt(epoch: number, timeZone: string): number {
  const p = partsAt(epoch, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(epoch / 1000) * 1000;
}

/** The local date (`YYYY-MM-DD`) and time (`HH:MM`) of an instant in a zone, for date and time inputs. */
export function wallTime(iso: string, timeZone: string): { date: string; time: string } {
  const p = partsAt(Date.parse(iso), timeZone);
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
}

/**
 * The instant of a local date and time in a zone (ISO 8601, UTC). A time skipped by a DST change
 * moves forward by the gap; a repeated one takes its first occurrence.
 */
export function instantOf(date: string, time: string, timeZone: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})/.exec(time);
  if (!d || !t) return null;
  const local = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  // the offsets just before and just after any change near that day
  const before = local - offsetAt(local - DAY, timeZone);
  const after = local - offsetAt(local + DAY, timeZone);
  const valid = [before, after].filter((e) => e + offsetAt(e, timeZone) === local);
  return new Date(valid.length ? Math.min(...valid) : before).toISOString();
}
