/**
 * The batch schedule of a FastTrack data-migration project, imported from CSV: which users (mailboxes,
 * drives) move in which batch, and on which day. Pure: the caller supplies what it knows of the
 * project and the customer in a {@link ScheduleContext}, and stores the result.
 *
 * The whole file is checked first; any bad row refuses the whole file (nothing is returned) with one
 * field-level problem per bad cell, at `/body/rows/{line}/{column}` where `line` is the line of the
 * file the row starts on (the header is line 1 unless blank lines precede it). Header problems are
 * at `/body/columns/{column}`; problems with the file as a whole at `/body`.
 */
import { parse } from 'csv-parse/sync';
import { AppError, type FieldProblem, fieldError, pointerToken } from '../../platform/errors.ts';
import { isCalendarDate } from '../../platform/time/calendar-date.ts';

export interface ScheduleContext {
  /** YYYY-MM-DD in the project's time zone; no batch may be scheduled before it */
  today: string;
  /** the customer's domains; users must be in one of them or in a subdomain of one */
  domains: readonly string[];
  /** users (lowercased) already in a batch of this project */
  existingUsers: ReadonlySet<string>;
  /** batch names (lowercased) already used in this project */
  existingBatches: ReadonlySet<string>;
}

export interface ScheduledBatch {
  name: string;
  scheduledOn: string;
  users: { user: string; sizeGb: number | null; sourceId: string | null }[];
  /** sum of the users' sizeGb (missing sizes count as 0), rounded to 6 decimals */
  totalGb: number;
}

export const BATCH_CSV_COLUMNS = ['batch', 'user', 'scheduledOn', 'sizeGb', 'sourceId'] as const;
const REQUIRED_COLUMNS = ['batch', 'user', 'scheduledOn'] as const;
type Column = (typeof BATCH_CSV_COLUMNS)[number];

export const MAX_BATCH_CSV_ROWS = 50_000;
export const MAX_BATCH_NAME = 80;
export const MAX_SOURCE_ID = 200;
export const MAX_SIZE_GB = 100_000;
const MAX_EMAIL = 254;

/** The `email` format of the API's JSON schemas (ajv-formats, fast mode), so both accept the same. */
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

const length = (s: string) => [...s].length;

const newlines = (s: string) => s.split('\n').length - 1;

function inDomains(user: string, domains: readonly string[]): boolean {
  const domain = user.slice(user.lastIndexOf('@') + 1).toLowerCase();
  return domains.some((d) => {
    const own = d.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '');
    return own !== '' && (domain === own || domain.endsWith(`.${own}`));
  });
}

interface Parsed {
  header: string[] | null;
  /** records with the line of the file each starts on */
  rows: { line: number; cells: Record<string, string> }[];
}

function read(csv: string): Parsed {
  let header: string[] | null = null;
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    // csv-parse miscounts lines after blank CRLF lines; with LF only, `info.lines` is the line a
    // record ends on. Line breaks inside quoted values become LF too.
    records = parse(csv.replace(/\r\n?/g, '\n'), {
      columns: (names: string[]) => {
        header = names;
        return names;
      },
      skip_empty_lines: true,
      trim: true,
      bom: true,
      info: true,
      to: MAX_BATCH_CSV_ROWS + 1, // enough to tell that the file is too large, without reading it all
    }) as typeof records;
  } catch (e) {
    throw new AppError(
      'validation',
      'errors.detail.csvUnreadable',
      { problem: (e as Error).message.slice(0, 200) },
      [{ path: '/body', key: 'errors.field.csv' }],
    );
  }
  return {
    header,
    rows: records.map(({ record, info }) => ({
      // quoted values are the only place a record can span lines
      line: info.lines - Object.values(record).reduce((n, v) => n + newlines(v), 0),
      cells: record,
    })),
  };
}

function headerProblems(header: string[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const col of header) {
    const path = `/body/columns/${pointerToken(col)}`;
    if (!(BATCH_CSV_COLUMNS as readonly string[]).includes(col))
      problems.push({ path, key: 'errors.field.unknown' });
    else if (seen.has(col)) problems.push({ path, key: 'errors.field.duplicate' });
    seen.add(col);
  }
  for (const col of REQUIRED_COLUMNS)
    if (!header.includes(col)) problems.push({ path: `/body/columns/${col}`, key: 'errors.field.required' });
  return problems;
}

/**
 * Reads and checks a batch schedule. Returns the batches in the order they first appear, each with
 * its users in file order; throws an `AppError('validation')` listing every problem otherwise.
 *
 * Batch names are matched case-insensitively (within the file and against existing batches); a
 * batch keeps the spelling of its first row. An existing batch name is reported once, on the
 * batch's first row.
 */
export function parseBatchSchedule(csv: string, ctx: ScheduleContext): ScheduledBatch[] {
  const { header, rows } = read(csv);
  if (header) {
    const problems = headerProblems(header);
    if (problems.length) throw new AppError('validation', 'errors.detail.csvRows', { rows: 0 }, problems);
  }
  if (rows.length === 0) throw fieldError('/body', 'errors.field.csvEmpty');
  if (rows.length > MAX_BATCH_CSV_ROWS)
    throw fieldError('/body', 'errors.field.csvTooLarge', { limit: MAX_BATCH_CSV_ROWS });

  const problems: FieldProblem[] = [];
  const batches = new Map<string, ScheduledBatch & { dated: boolean }>();
  const usersSeen = new Set<string>();

  for (const { line, cells } of rows) {
    const at = (col: Column) => `/body/rows/${line}/${col}`;
    const cell = (col: Column) => cells[col] ?? '';
    const problem = (col: Column, key: string, values?: Record<string, string | number>) =>
      problems.push(values ? { path: at(col), key, values } : { path: at(col), key });

    // batch
    const name = cell('batch');
    const batchKey = name.toLowerCase();
    let batch = batches.get(batchKey);
    if (name === '') problem('batch', 'errors.field.required');
    else if (length(name) > MAX_BATCH_NAME)
      problem('batch', 'errors.field.maxLength', { limit: MAX_BATCH_NAME });
    else if (!batch && ctx.existingBatches.has(batchKey)) problem('batch', 'errors.field.batchExists');
    if (!batch) {
      batch = { name, scheduledOn: '', users: [], totalGb: 0, dated: false };
      batches.set(batchKey, batch);
    }

    // user
    const user = cell('user');
    const userKey = user.toLowerCase();
    if (user === '') problem('user', 'errors.field.required');
    else if (user.length > MAX_EMAIL || !EMAIL.test(user))
      problem('user', 'errors.field.format', { format: 'email' });
    else if (!inDomains(user, ctx.domains)) problem('user', 'errors.field.unknownUser');
    else if (usersSeen.has(userKey) || ctx.existingUsers.has(userKey))
      problem('user', 'errors.field.duplicateUser');
    if (user !== '') usersSeen.add(userKey);

    // scheduledOn: the batch takes the date of its first row with a real date
    const date = cell('scheduledOn');
    if (date === '') problem('scheduledOn', 'errors.field.required');
    else if (!isCalendarDate(date)) problem('scheduledOn', 'errors.field.format', { format: 'date' });
    else if (date < ctx.today) problem('scheduledOn', 'errors.field.dateInPast');
    else if (batch.dated && date !== batch.scheduledOn)
      problem('scheduledOn', 'errors.field.batchDateMismatch');
    if (!batch.dated && isCalendarDate(date)) {
      batch.scheduledOn = date;
      batch.dated = true;
    }

    // sizeGb
    const sizeText = cell('sizeGb');
    let sizeGb: number | null = null;
    if (sizeText !== '') {
      sizeGb = Number(sizeText);
      if (!DECIMAL.test(sizeText) || !Number.isFinite(sizeGb))
        problem('sizeGb', 'errors.field.type', { type: 'number' });
      else if (sizeGb < 0) problem('sizeGb', 'errors.field.minimum', { limit: 0 });
      else if (sizeGb > MAX_SIZE_GB) problem('sizeGb', 'errors.field.maximum', { limit: MAX_SIZE_GB });
      if (Object.is(sizeGb, -0)) sizeGb = 0;
    }

    // sourceId
    const sourceId = cell('sourceId');
    if (length(sourceId) > MAX_SOURCE_ID)
      problem('sourceId', 'errors.field.maxLength', { limit: MAX_SOURCE_ID });

    batch.users.push({ user, sizeGb, sourceId: sourceId || null });
    batch.totalGb += sizeGb ?? 0;
  }

  if (problems.length)
    throw new AppError(
      'validation',
      'errors.detail.csvRows',
      { rows: new Set(problems.map((p) => p.path.split('/')[3])).size },
      problems,
    );

  return [...batches.values()].map(({ name, scheduledOn, users, totalGb }) => ({
    name,
    scheduledOn,
    users,
    totalGb: Math.round(totalGb * 1e6) / 1e6,
  }));
}
