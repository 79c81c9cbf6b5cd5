/**
 * Search by text at scale. A rare and a common text need opposite plans (the indexes for the one, a
 * walk in the list's order for the other), and PostgreSQL cannot tell them apart before it runs — a
 * LIMIT over an ordered walk looks cheap until nothing matches. So a search finds out first: each way
 * of matching runs on its own through its index and the ids are collected up to a cap; when the search
 * matches that few, the list is read among them, otherwise in its own order (the page fills at once).
 */
import { type Expression, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import { CUSTOM_PLAN } from './database.ts';
import type { Database } from './schema.ts';

/** The text as the searches compare it: trimmed, lower case. */
export const searchText = (text: string) => text.trim().toLowerCase();

/**
 * "`column` (lower-cased) contains the text", in the form its trigram index (`pg_trgm`) can serve:
 * LIKE when the text holds three letters or digits in a row; a shorter text has no trigram, the index
 * would read all of itself, so the values are then checked one by one.
 */
export function containsText(
  column: Expression<unknown> | RawBuilder<unknown>,
  s: string,
): RawBuilder<boolean> {
  if (/[\p{L}\p{N}]{3}/u.test(s)) {
    const like = `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    return sql<boolean>`lower(${column}) like ${like}`;
  }
  return sql<boolean>`strpos(lower(${column}), ${s}) > 0`;
}

// biome-ignore lint/suspicious/noExplicitAny: each way of matching reads its own table
type Way = SelectQueryBuilder<Database, any, { id: string }>;

/** Up to this many matches a search collects them through the indexes, then sorts them. */
export const FEW_MATCHES = 2000;

/** Everything the ways find, as one statement (a subquery of ids); at least one way. */
export const unionOf = (ways: readonly Way[]): Way => ways.reduce((all, one) => all.unionAll(one));

/** The ids the ways find together (each once), when they are at most `cap`; null when there are more. */
export async function idsWhenFew(ways: readonly Way[], cap = FEW_MATCHES): Promise<string[] | null> {
  if (!ways.length) return [];
  const hits = await unionOf(ways)
    .limit(cap + 1)
    .modifyEnd(CUSTOM_PLAN)
    .execute();
  return hits.length > cap ? null : [...new Set(hits.map((h) => h.id))];
}
