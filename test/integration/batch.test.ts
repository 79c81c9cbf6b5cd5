/** Batched writes (platform/db/batch.ts): values of every shape reach PostgreSQL exactly as given, all or nothing. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAll, recordWrites, runBatch } from '../../src/platform/db/batch.ts';
import { createDb, type Db } from '../../src/platform/db/database.ts';
import { createTestDatabase } from '../harness.ts';

let db: Db;
/** one connection: every batch meets the statements that the earlier batches prepared on it */
let single: Db;
beforeAll(async () => {
  const url = await createTestDatabase();
  db = createDb(url, 2).db;
  single = createDb(url, 1).db;
  await sql`create table batch_probe (id text primary key, label text, doc jsonb, at timestamptz)`.execute(
    db,
  );
  await sql`create table batch_child (id text primary key, probe_id text not null references batch_probe (id))`.execute(
    db,
  );
});
afterAll(async () => {
  await db.destroy();
  await single.destroy();
});

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

  it('statements are prepared once per connection, and a failed batch does not confuse the next', async () => {
    const probe = (id: string) => ({ id, label: id, doc: { id }, at: new Date() });
    const relabel = (id: string, label: string) => (tx: Parameters<Parameters<typeof recordWrites>[0]>[0]) =>
      sql`update batch_probe set label = ${label} where id = ${id}`.execute(tx);
    const count = async () =>
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from pg_prepared_statements where name like 'ftcb%'`.execute(single)
      ).rows[0]!.n;
    for (const id of ['p-1', 'p-2', 'p-3']) {
      await runBatch(
        single,
        await recordWrites(async (tx) => {
          await insertAll(tx, [{ table: 'batch_probe' as never, rows: [probe(id)] }]);
          await relabel(id, `${id} ok`)(tx);
        }),
      );
    }
    expect(await count()).toBe(2); // two statement shapes, three batches
    // a batch that fails in its second statement: the third (a new shape) is never prepared
    const failing = await recordWrites(async (tx) => {
      await relabel('p-1', 'lost')(tx);
      await insertAll(tx, [{ table: 'batch_child' as never, rows: [{ id: 'orphan', probe_id: 'none' }] }]);
      await sql`delete from batch_probe where id = ${'p-2'} and label <> ${'x'}`.execute(tx);
    });
    await expect(runBatch(single, failing)).rejects.toMatchObject({ code: '23503' });
    await runBatch(
      single,
      await recordWrites(async (tx) => {
        await relabel('p-1', 'p-1 again')(tx);
        await insertAll(tx, [{ table: 'batch_child' as never, rows: [{ id: 'child-3', probe_id: 'p-3' }] }]);
        await sql`delete from batch_probe where id = ${'p-2'} and label <> ${'x'}`.execute(tx);
      }),
    );
    const rows = await sql<{ id: string; label: string }>`
      select id, label from batch_probe where id like 'p-%' order by id`.execute(single);
    expect(rows.rows).toEqual([
      { id: 'p-1', label: 'p-1 again' },
      { id: 'p-3', label: 'p-3 ok' },
    ]);
    expect(await count()).toBe(4);
  });
});
