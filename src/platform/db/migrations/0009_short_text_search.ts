import { type Kysely, sql } from 'kysely';

/**
 * A search text of one or two characters has no trigram, so its "contains" read every project name
 * and every organisation name (about half a second at 200,000 requests when nothing matched) — and
 * two characters are a whole word in Japanese and Chinese ("移行"). `ftc_short_grams` lists the
 * characters and pairs of characters of a text; indexed, a one- or two-character search is a lookup
 * (platform/db/text-search.ts, bench/triage.bench.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- the characters and the pairs of characters of a text (repeats are left to the index, which
    -- keeps each key once); its cost is told to the planner, so that a search reads the index
    -- rather than computing the grams of every row of a table it thinks small
    create function ftc_short_grams(t text) returns text[]
      language plpgsql immutable strict parallel safe cost 1000
      as $$
      declare
        chars text[] := string_to_array(t, null);
        grams text[] := chars;
      begin
        for i in 1 .. cardinality(chars) - 1 loop
          grams := grams || (chars[i] || chars[i + 1]);
        end loop;
        return grams;
      end
      $$;
    create index requests_project_grams on requests using gin (ftc_short_grams(lower(project_name)));
    -- organisations are added rarely and searched often: their text indexes take each new entry at
    -- once, instead of keeping a pending list that every search reads until a vacuum merges it
    create index organisations_name_grams on organisations using gin (ftc_short_grams(lower(name)))
      with (fastupdate = off);
    alter index organisations_name_trgm set (fastupdate = off);
    alter index customers_domains set (fastupdate = off);
  `.execute(db);
}
