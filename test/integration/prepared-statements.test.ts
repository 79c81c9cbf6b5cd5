/** Statements with values run prepared once per connection, except those whose plan depends on the values. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOM_PLAN, createDb, type Db } from '../../src/platform/db/database.ts';
import { createTestDatabase } from '../harness.ts';

let db: Db;
beforeAll(async () => {
  // one connection, so every statement meets what the earlier ones prepared
  db = createDb(await createTestDatabase(), 1).db;
});
afterAll(() => db.destroy());

const prepared = async () =>
  (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db)).rows.map(
    (r) => r.statement,
  );

describe('prepared statements', () => {
  it('a statement with values is prepared once and reused; one marked CUSTOM_PLAN is planned each time', async () => {
    for (const n of [1, 2, 3]) {
      const plain = await db.selectNoFrom(sql<number>`${n}::int + 40`.as('x')).executeTakeFirstOrThrow();
      expect(plain.x).toBe(n + 40);
      const custom = await db
        .selectNoFrom(sql<number>`${n}::int + 50`.as('y'))
        .modifyEnd(CUSTOM_PLAN)
        .executeTakeFirstOrThrow();
      expect(custom.y).toBe(n + 50);
    }
    const statements = await prepared();
    expect(statements.filter((s) => s.includes('+ 40'))).toHaveLength(1);
    expect(statements.filter((s) => s.includes('+ 50'))).toEqual([]);
  });
});
