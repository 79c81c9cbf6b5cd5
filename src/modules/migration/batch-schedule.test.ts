import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { MAX_BATCH_CSV_ROWS, parseBatchSchedule, type ScheduleContext } from './batch-schedule.ts';

const ctx: ScheduleContext = {
  today: '2030-06-01',
  domains: ['contoso.com', 'Fabrikam.COM'],
  existingUsers: new Set(['moved@contoso.com']),
  existingBatches: new Set(['pilot']),
};

const HEADER = 'batch,user,scheduledOn,sizeGb,sourceId';
const file = (...rows: string[]) => [HEADER, ...rows].join('\n');

/** The AppError `parseBatchSchedule` throws for this file. */
function refusal(csv: string, context: ScheduleContext = ctx): AppError {
  try {
    parseBatchSchedule(csv, context);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected the file to be refused');
}

describe('parseBatchSchedule: a good file', () => {
  it('yields the batches in first-appearance order with their users, dates and GB totals', () => {
    const batches = parseBatchSchedule(
      file(
        'Wave 1,alice@contoso.com,2030-06-10,12.5,mbx-001',
        'Wave 2,bob@fabrikam.com,2030-07-01,,',
        'Wave 1,carol@sales.contoso.com,2030-06-10,7.25,',
        'wave 1,Dave@CONTOSO.COM,2030-06-10,0,mbx-004',
        'Wave 2,erin@eu.fabrikam.com,2030-07-01,100000,drive-9',
      ),
      ctx,
    );
    expect(batches).toEqual([
      {
        name: 'Wave 1',
        scheduledOn: '2030-06-10',
        users: [
          { user: 'alice@contoso.com', sizeGb: 12.5, sourceId: 'mbx-001' },
          { user: 'carol@sales.contoso.com', sizeGb: 7.25, sourceId: null },
          { user: 'Dave@CONTOSO.COM', sizeGb: 0, sourceId: 'mbx-004' },
        ],
        totalGb: 19.75,
      },
      {
        name: 'Wave 2',
        scheduledOn: '2030-07-01',
        users: [
          { user: 'bob@fabrikam.com', sizeGb: null, sourceId: null },
          { user: 'erin@eu.fabrikam.com', sizeGb: 100000, sourceId: 'drive-9' },
        ],
        totalGb: 100000,
      },
    ]);
  });

  it('accepts a batch scheduled today, and optional columns left out of the header', () => {
    const batches = parseBatchSchedule(
      'user,scheduledOn,batch\nalice@contoso.com,2030-06-01,Today\nbob@contoso.com,2030-06-01,Today\n',
      ctx,
    );
    expect(batches).toEqual([
      {
        name: 'Today',
        scheduledOn: '2030-06-01',
        users: [
          { user: 'alice@contoso.com', sizeGb: null, sourceId: null },
          { user: 'bob@contoso.com', sizeGb: null, sourceId: null },
        ],
        totalGb: 0,
      },
    ]);
  });

  it('adds decimal sizes without floating-point noise', () => {
    const [batch] = parseBatchSchedule(
      file('B,a@contoso.com,2030-06-10,0.1,', 'B,b@contoso.com,2030-06-10,0.2,'),
      ctx,
    );
    expect(batch!.totalGb).toBe(0.3);
  });

  it('takes names up to 80 characters and source ids up to 200', () => {
    const name = 'n'.repeat(80);
    const [batch] = parseBatchSchedule(file(`${name},a@contoso.com,2030-06-10,,${'s'.repeat(200)}`), ctx);
    expect(batch!.name).toBe(name);
    expect(batch!.users[0]!.sourceId).toHaveLength(200);
  });
});

describe('parseBatchSchedule: each kind of bad cell', () => {
  const good = 'Wave 1,alice@contoso.com,2030-06-10,1,';
  it.each([
    ['batch missing', ',bob@contoso.com,2030-06-10,,', 'batch', 'errors.field.required', undefined],
    [
      'batch name too long',
      `${'x'.repeat(81)},bob@contoso.com,2030-06-10,,`,
      'batch',
      'errors.field.maxLength',
      { limit: 80 },
    ],
    [
      'batch name already used',
      'PILOT,bob@contoso.com,2030-06-10,,',
      'batch',
      'errors.field.batchExists',
      undefined,
    ],
    ['user missing', 'Wave 1,,2030-06-10,,', 'user', 'errors.field.required', undefined],
    [
      'user not an email',
      'Wave 1,bob.contoso.com,2030-06-10,,',
      'user',
      'errors.field.format',
      { format: 'email' },
    ],
    [
      'user of another domain',
      'Wave 1,bob@tailspin.com,2030-06-10,,',
      'user',
      'errors.field.unknownUser',
      undefined,
    ],
    [
      'user of a look-alike domain',
      'Wave 1,bob@notcontoso.com,2030-06-10,,',
      'user',
      'errors.field.unknownUser',
      undefined,
    ],
    [
      'user listed twice',
      'Wave 1,ALICE@contoso.com,2030-06-10,,',
      'user',
      'errors.field.duplicateUser',
      undefined,
    ],
    [
      'user already in a batch',
      'Wave 1,Moved@Contoso.com,2030-06-10,,',
      'user',
      'errors.field.duplicateUser',
      undefined,
    ],
    ['date missing', 'Wave 1,bob@contoso.com,,,', 'scheduledOn', 'errors.field.required', undefined],
    [
      'date not a real day',
      'Wave 1,bob@contoso.com,2030-02-30,,',
      'scheduledOn',
      'errors.field.format',
      { format: 'date' },
    ],
    [
      'date in another format',
      'Wave 1,bob@contoso.com,10/06/2030,,',
      'scheduledOn',
      'errors.field.format',
      { format: 'date' },
    ],
    [
      'date before today',
      'Wave 2,bob@contoso.com,2030-05-31,,',
      'scheduledOn',
      'errors.field.dateInPast',
      undefined,
    ],
    [
      'date differs from the batch’s',
      'Wave 1,bob@contoso.com,2030-06-11,,',
      'scheduledOn',
      'errors.field.batchDateMismatch',
      undefined,
    ],
    [
      'size not a number',
      'Wave 1,bob@contoso.com,2030-06-10,12 GB,',
      'sizeGb',
      'errors.field.type',
      { type: 'number' },
    ],
    [
      'size with a decimal comma',
      'Wave 1,bob@contoso.com,2030-06-10,"1,5",',
      'sizeGb',
      'errors.field.type',
      { type: 'number' },
    ],
    [
      'size negative',
      'Wave 1,bob@contoso.com,2030-06-10,-1,',
      'sizeGb',
      'errors.field.minimum',
      { limit: 0 },
    ],
    [
      'size too large',
      'Wave 1,bob@contoso.com,2030-06-10,100000.5,',
      'sizeGb',
      'errors.field.maximum',
      { limit: 100000 },
    ],
    [
      'source id too long',
      `Wave 1,bob@contoso.com,2030-06-10,,${'s'.repeat(201)}`,
      'sourceId',
      'errors.field.maxLength',
      { limit: 200 },
    ],
  ])('%s', (_, row, column, key, values) => {
    const e = refusal(file(good, row));
    expect(e.code).toBe('validation');
    expect(e.detailKey).toBe('errors.detail.csvRows');
    expect(e.detailValues).toEqual({ rows: 1 });
    expect(e.fields).toEqual([{ path: `/body/rows/3/${column}`, key, ...(values ? { values } : {}) }]);
  });

  it('reports a duplicate on the later row and a date mismatch against the batch’s first date', () => {
    const e = refusal(
      file(
        'A,x@contoso.com,2030-06-10,,',
        'A,y@contoso.com,2030-06-12,,',
        'B,X@CONTOSO.com,2030-06-20,,',
        'A,z@contoso.com,2030-06-10,,',
      ),
    );
    expect(e.fields).toEqual([
      { path: '/body/rows/3/scheduledOn', key: 'errors.field.batchDateMismatch' },
      { path: '/body/rows/4/user', key: 'errors.field.duplicateUser' },
    ]);
  });

  it('reports an existing batch name once, on the batch’s first row', () => {
    const e = refusal(file('Pilot,x@contoso.com,2030-06-10,,', 'pilot,y@contoso.com,2030-06-10,,'));
    expect(e.fields).toEqual([{ path: '/body/rows/2/batch', key: 'errors.field.batchExists' }]);
  });

  it('refuses every user when the customer has no domains', () => {
    const e = refusal(file('A,x@contoso.com,2030-06-10,,'), { ...ctx, domains: [] });
    expect(e.fields).toEqual([{ path: '/body/rows/2/user', key: 'errors.field.unknownUser' }]);
  });
});

describe('parseBatchSchedule: refusing the whole file', () => {
  it('reports every bad row, not just the first, and counts rows rather than problems', () => {
    const e = refusal(
      file(
        'Wave 1,alice@contoso.com,2030-06-10,1,',
        ',bob@tailspin.com,2030-06-10,,',
        'Wave 1,carol@contoso.com,2030-06-10,2,',
        'Wave 1,dave@contoso.com,2029-01-01,-3,',
        'Wave 1,erin@contoso.com,2030-06-10,,',
        'Wave 1,alice@contoso.com,2030-06-10,,',
      ),
    );
    expect(e.detailValues).toEqual({ rows: 3 });
    expect(e.fields).toEqual([
      { path: '/body/rows/3/batch', key: 'errors.field.required' },
      { path: '/body/rows/3/user', key: 'errors.field.unknownUser' },
      { path: '/body/rows/5/scheduledOn', key: 'errors.field.dateInPast' },
      { path: '/body/rows/5/sizeGb', key: 'errors.field.minimum', values: { limit: 0 } },
      { path: '/body/rows/7/user', key: 'errors.field.duplicateUser' },
    ]);
  });

  it('returns nothing when one row among good ones is bad', () => {
    const rows = Array.from({ length: 20 }, (_, i) => `Wave ${i % 3},u${i}@contoso.com,2030-06-1${i % 3},1,`);
    expect(parseBatchSchedule(file(...rows), ctx)).toHaveLength(3);
    rows[12] = 'Wave 0,u12@contoso.com,2030-06-10,lots,';
    expect(() => parseBatchSchedule(file(...rows), ctx)).toThrow(AppError);
    expect(refusal(file(...rows)).fields).toEqual([
      { path: '/body/rows/14/sizeGb', key: 'errors.field.type', values: { type: 'number' } },
    ]);
  });
});

describe('parseBatchSchedule: header and file problems', () => {
  it('reports unknown, duplicated and missing columns, and no row problems', () => {
    const e = refusal('batch,User,sizeGb,sizeGb,notes\nA,,,,\n');
    expect(e.detailKey).toBe('errors.detail.csvRows');
    expect(e.detailValues).toEqual({ rows: 0 });
    expect(e.fields).toEqual([
      { path: '/body/columns/User', key: 'errors.field.unknown' },
      { path: '/body/columns/sizeGb', key: 'errors.field.duplicate' },
      { path: '/body/columns/notes', key: 'errors.field.unknown' },
      { path: '/body/columns/user', key: 'errors.field.required' },
      { path: '/body/columns/scheduledOn', key: 'errors.field.required' },
    ]);
  });

  it('escapes column names in the JSON pointer', () => {
    const e = refusal('batch,user,scheduledOn,size/GB~x\nA,a@contoso.com,2030-06-10,1\n');
    expect(e.fields).toEqual([{ path: '/body/columns/size~1GB~0x', key: 'errors.field.unknown' }]);
  });

  it('reports header problems even when the file has no rows', () => {
    const e = refusal('batch,user\n');
    expect(e.fields).toEqual([{ path: '/body/columns/scheduledOn', key: 'errors.field.required' }]);
  });

  it.each([
    ['an empty file', ''],
    ['a header only', `${HEADER}\n`],
    ['a header and blank lines', `${HEADER}\n\n\r\n\n`],
  ])('refuses %s as empty', (_, csv) => {
    const e = refusal(csv);
    expect(e.detailKey).toBe('errors.detail.validation');
    expect(e.fields).toEqual([{ path: '/body', key: 'errors.field.csvEmpty' }]);
  });

  it.each([
    ['an unclosed quote', file('A,"a@contoso.com,2030-06-10,,')],
    ['a row with too many cells', file('A,a@contoso.com,2030-06-10,,,extra')],
  ])('refuses %s as unreadable', (_, csv) => {
    const e = refusal(csv);
    expect(e.detailKey).toBe('errors.detail.csvUnreadable');
    expect(e.detailValues.problem).toEqual(expect.any(String));
    expect(e.fields).toEqual([{ path: '/body', key: 'errors.field.csv' }]);
  });

  it(`takes ${MAX_BATCH_CSV_ROWS} rows and refuses one more`, () => {
    const rows = Array.from(
      { length: MAX_BATCH_CSV_ROWS },
      (_, i) => `W${i % 50},u${i}@contoso.com,2030-06-10,1,`,
    );
    const batches = parseBatchSchedule(file(...rows), ctx);
    expect(batches).toHaveLength(50);
    expect(batches.reduce((n, b) => n + b.users.length, 0)).toBe(MAX_BATCH_CSV_ROWS);
    expect(batches[0]!.totalGb).toBe(MAX_BATCH_CSV_ROWS / 50);

    rows.push('W0,one-more@contoso.com,2030-06-10,1,');
    const e = refusal(file(...rows));
    expect(e.fields).toEqual([
      { path: '/body', key: 'errors.field.csvTooLarge', values: { limit: MAX_BATCH_CSV_ROWS } },
    ]);
  });
});

describe('parseBatchSchedule: CSV details', () => {
  it('tolerates a byte-order mark and CRLF line ends', () => {
    const csv = `\uFEFF${HEADER}\r\nWave 1,alice@contoso.com,2030-06-10,1,\r\nWave 1,bob@contoso.com,2030-06-10,2,\r\n`;
    expect(parseBatchSchedule(csv, ctx)).toEqual([
      {
        name: 'Wave 1',
        scheduledOn: '2030-06-10',
        users: [
          { user: 'alice@contoso.com', sizeGb: 1, sourceId: null },
          { user: 'bob@contoso.com', sizeGb: 2, sourceId: null },
        ],
        totalGb: 3,
      },
    ]);
  });

  it('trims cells and reads quoted fields with commas, quotes and line breaks', () => {
    const csv = [
      `${HEADER}`,
      '"Wave 1, EMEA" ,  alice@contoso.com , 2030-06-10 , "1.5" , "mbx ""main"""',
      '"Wave 1, EMEA",bob@contoso.com,2030-06-10,,"line one',
      'line two"',
    ].join('\r\n');
    expect(parseBatchSchedule(csv, ctx)).toEqual([
      {
        name: 'Wave 1, EMEA',
        scheduledOn: '2030-06-10',
        users: [
          { user: 'alice@contoso.com', sizeGb: 1.5, sourceId: 'mbx "main"' },
          { user: 'bob@contoso.com', sizeGb: null, sourceId: 'line one\nline two' },
        ],
        totalGb: 1.5,
      },
    ]);
  });

  it('reports the line in the file a row starts on, past blank lines and multi-line cells', () => {
    const csv = [
      `\uFEFF${HEADER}`, // line 1
      '', // 2
      'A,alice@contoso.com,2030-06-10,,"first', // 3
      'second"', // 4
      '', // 5
      'A,bob@tailspin.com,2030-06-10,,', // 6
      'A,carol@contoso.com,2030-06-10,,"x', // 7
      '', // 8
      'y"', // 9
      'A,dave@contoso.com,2030-01-01,,', // 10
    ].join('\r\n');
    expect(refusal(csv).fields).toEqual([
      { path: '/body/rows/6/user', key: 'errors.field.unknownUser' },
      { path: '/body/rows/10/scheduledOn', key: 'errors.field.dateInPast' },
    ]);
  });
});
