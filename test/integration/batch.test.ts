/** Batched writes (platform/db/batch.ts): values of every shape reach PostgreSQL exactly as given, all or nothing. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAll, recordWrites, runBatch } from '../../src/platform/db/batch.ts';
import { createDb, type Db } from '../../src/platform/db/database.ts';
import { createTestDatabase } from '../harness.ts';

let db: Db;
beforeAll(async () => {
  db = createDb(await createTestDatabase(), 2).db;
  await sql`create table batch_probe (id text primary key, label text, doc jsonb, at timestamptz)`.execute(
    db,
  );
  await sql`create table batch_child (id text primary key, probe_id text not null references batch_probe (id))`.execute(
    db,
  );
});
afterAll(() => db.destroy());

const awkward = [
  "it's",
  'back\\slash and "quotes"',
  'a $ftc$ tag inside',
  'ends with the tag start $ftc',
  '$ftc',
  '$ftc$',
  '$$ dollar $$ quotes $1 and $2',
  "'); drop table batch_probe; --",
  'こんにちは, ສະບາຍດີ, สวัสดี 🎉',
  '',
];

describe('batched writes', () => {
  it('text and JSON with quotes, backslashes, dollar tags and any script come back unchanged', async () => {
    const rows = awkward.map((label, i) => ({
      id: `r${i}`,
      label,
      doc: { label, nested: [label, { again: label }], n: i },
      at: new Date(Date.UTC(2026, 10, 28, 9, i)),
    }));
    const statements = await recordWrites(async (tx) => {
      // rows of two tables in one statement: the child's foreign key sees the parent written with it
      await insertAll(tx, [
        { table: 'batch_probe' as never, rows },
        { table: 'batch_child' as never, rows: rows.map((r) => ({ id: `c-${r.id}`, probe_id: r.id })) },
      ]);
      for (const r of rows)
        await sql`update batch_probe set label = label || ${'|'} || ${r.label} where id = ${r.id}`.execute(
          tx,
        );
    });
    await runBatch(db, statements);
    const children = await sql<{ n: number }>`select count(*)::int as n from batch_child`.execute(db);
    expect(children.rows[0]!.n).toBe(awkward.length);
    const back = await sql<{ id: string; label: string; doc: unknown; at: Date }>`
      select id, label, doc, at from batch_probe order by id`.execute(db);
    const byId = new Map(back.rows.map((r) => [r.id, r]));
    rows.forEach((r) => {
      const got = byId.get(r.id)!;
      expect(got.label).toBe(`${r.label}|${r.label}`);
      expect(got.doc).toEqual(r.doc);
      expect(got.at.toISOString()).toBe(r.at.toISOString());
    });
  });

  it('a failing statement leaves nothing of the batch behind', async () => {
    const statements = await recordWrites(async (tx) => {
      await insertAll(tx, [
        { table: 'batch_probe' as never, rows: [{ id: 'new-1', label: 'x', doc: {}, at: new Date() }] },
      ]);
      await insertAll(tx, [
        { table: 'batch_probe' as never, rows: [{ id: 'new-2', label: 'y', doc: {}, at: new Date() }] },
        { table: 'batch_child' as never, rows: [{ id: 'orphan', probe_id: 'no-such-probe' }] },
      ]);
    });
    await expect(runBatch(db, statements)).rejects.toMatchObject({ code: '23503' }); // the orphan's foreign key
    const left = await sql<{
      n: number;
    }>`select count(*)::int as n from batch_probe where id like 'new-%'`.execute(db);
    expect(left.rows[0]!.n).toBe(0);
  });
});
