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
 * "`column` (lower-cased) contains the text", in a form an index of the column can serve (each column
 * searched has both: migrations 0008 and 0009):
 *  - three letters or digits in a row: LIKE, through the trigram index (`pg_trgm`);
 *  - otherwise (one or two characters, "c++", "a-b"): the pairs of characters of the text, or its one
 *    character, through the index of `ftc_short_grams` — exact for one or two characters, and for a
 *    longer text the candidates are checked for the whole text.
 */
export function containsText(
  column: Expression<unknown> | RawBuilder<unknown>,
  s: string,
): RawBuilder<boolean> {
  if (/[\p{L}\p{N}]{3}/u.test(s)) {
    const like = `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    return sql<boolean>`lower(${column}) like ${like}`;
  }
  const chars = [...s];
  const grams = chars.length === 1 ? chars : [...new Set(chars.slice(1).map((c, i) => chars[i] + c))];
  const hasGrams = sql<boolean>`ftc_short_grams(lower(${column})) @> ${grams}::text[]`;
  if (chars.length <= 2) return hasGrams;
  return sql<boolean>`(${hasGrams} and strpos(lower(${column}), ${s}) > 0)`;
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
