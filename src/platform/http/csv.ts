/** CSV exports of the API's lists, for spreadsheets (RFC 4180, CRLF line ends). */
import type { FastifyReply } from 'fastify';
import Type, { type TSchema } from 'typebox';
import { errorResponses } from './schemas.ts';

/** One cell: quoted when it holds a quote, comma or line break; a leading =, +, - or @ is defused. */
const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  // a leading =, +, - or @ would be a formula in a spreadsheet
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** Up to this many rows in one export (250 pages of 200). */
export const CSV_MAX_ROWS = 50_000;

/**
 * Every page of a cursor-paginated list as CSV: the header row, then one line per item, reading
 * 200 items a page up to CSV_MAX_ROWS.
 */
export async function csvOfPages<T>(
  header: readonly string[],
  page: (q: { cursor?: string; limit: number }) => Promise<{ items: T[]; nextCursor: string | null }>,
  row: (item: T) => readonly unknown[],
): Promise<string> {
  const lines = [header.join(',')];
  let cursor: string | undefined;
  for (let n = 0; n < CSV_MAX_ROWS / 200; n++) {
    const p = await page({ cursor, limit: 200 });
    for (const item of p.items) lines.push(row(item).map(csvCell).join(','));
    if (!p.nextCursor) break;
    cursor = p.nextCursor;
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The schema of a list's CSV export route: the list's own filters, a CSV answer. */
export function csvExportSchema(tags: string[], querystring: TSchema, each: string) {
  return {
    tags,
    summary: 'The same list as CSV (same filters; up to 50,000 rows), for spreadsheets',
    querystring,
    produces: ['text/csv'],
    response: {
      200: Type.String({ description: `CSV with a header row; one ${each} per line` }),
      ...errorResponses,
    },
  };
}

/** Answers with the CSV as a file to save. */
export function sendCsv(reply: FastifyReply, filename: string, csv: string) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(csv);
}
