/**
 * A statement built with Kysely once and run many times with new parameter values: for hot paths
 * where building the query on every call costs more than running it.
 */
import type { CompiledQuery, QueryResult } from 'kysely';
import type { Db } from './database.ts';

export function reusable<R>(
  build: (db: Db) => { compile(): CompiledQuery<R> },
): (db: Db, parameters: readonly unknown[]) => Promise<QueryResult<R>> {
  const compiled = new WeakMap<Db, CompiledQuery<R>>();
  return (db, parameters) => {
    let q = compiled.get(db);
    if (!q) {
      q = build(db).compile();
      if (q.parameters.length !== parameters.length)
        throw new Error(`statement takes ${q.parameters.length} parameters, got ${parameters.length}`);
      compiled.set(db, q);
    }
    return db.executeQuery<R>({ ...q, parameters });
  };
}
