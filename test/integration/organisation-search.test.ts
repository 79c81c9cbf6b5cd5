/** Searching organisations (a partner's "My Customers", the center's customer list) by name, tenant id, domain or id. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, type Client } from '../client.ts';
import { orgIds } from '../db-snapshot.ts';
import { uniq } from '../factories.ts';
import { type Harness, startHarness } from '../harness.ts';

let h: Harness;
let ids: Record<string, string>;
let lead: Client;
let partner: Client;
beforeAll(async () => {
  h = await startHarness();
  ids = await orgIds(h.db);
  lead = await as(h.app, 'lead@fasttrack.example');
  partner = await as(h.app, 'lead@fabrikam-partners.example');
});
afterAll(() => h.close());

const found = async (c: Client, path: string) => {
  const res = await c.get(path);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items.map((o: { id: string }) => o.id) as string[];
};
const q = (text: string) => `/api/organisations?kind=customer&q=${encodeURIComponent(text)}`;

describe('organisation search', () => {
  it('finds a customer by part of its name in any case, its tenant id in any case, a domain or its id', async () => {
    expect(await found(lead, q('TAILSPIN 株式'))).toEqual([ids.tailspin]);
    expect(await found(lead, q('santé'))).toEqual([ids.lamna]);
    expect(await found(lead, q('6F1C2A3B-4D5E-4F60-8A7B-9C0D1E2F3A4B'))).toEqual([ids.contoso]);
    expect(await found(lead, q('tailspin-jp.example'))).toEqual([ids.tailspin]);
    expect(await found(lead, q(ids.lamna!))).toEqual([ids.lamna]);
    // one or two characters: no trigram to use, still found (two are a word in Japanese)
    expect(await found(lead, q('mn'))).toEqual([ids.lamna]);
    expect(await found(lead, q('株式'))).toEqual([ids.tailspin]);
    expect(await found(lead, q('é'))).toEqual([ids.lamna]);
    expect(await found(lead, q('zq'))).toEqual([]);
    // nothing matches: an empty page; wildcards are plain characters
    expect((await lead.get(q(`no such customer ${uniq()}`))).body).toEqual({ items: [], nextCursor: null });
    expect(await found(lead, q('%'))).toEqual([]);
  });

  it('a partner finds only the customers that approved it', async () => {
    expect(await found(partner, q('contoso'))).toEqual([ids.contoso]);
    expect(await found(partner, q('tailspin'))).toEqual([]);
    expect(await found(partner, q('0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d'))).toEqual([]);
  });

  it('a search matching thousands of customers pages through them in name order, as the list does', async () => {
    const tag = `Kundenstamm ${uniq()}`;
    await sql`insert into organisations (id, kind, name)
      select 'org_many_' || lpad(g::text, 5, '0'), 'customer', ${tag} || ' ' || (g * 7919 % 2600)
      from generate_series(1, 2600) g`.execute(h.db);
    await sql`insert into customers (organisation_id, domains, tenant_id, country, language, time_zone, segment)
      select id, '{}', null, 'DE', 'de', 'Europe/Berlin', 'commercial' from organisations where id like 'org_many_%'`.execute(
      h.db,
    );
    const pages = async (path: string) => {
      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: any } = await lead.get(
          `${path}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(res.status).toBe(200);
        all.push(...res.body.items.map((o: { id: string }) => o.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      return all;
    };
    const everyone = await pages('/api/organisations?kind=customer');
    const mine = (
      await h.db.selectFrom('organisations').select('id').where('id', 'like', 'org\\_many\\_%').execute()
    ).map((r) => r.id);
    const expected = everyone.filter((id) => mine.includes(id));
    expect(expected).toHaveLength(2600);
    expect(await pages(q(tag.toLowerCase()))).toEqual(expected);
    // a few of them (names "… 12", "… 120"–"… 129", "… 1200"–"… 1299"): collected through the index,
    // in the same order as the list
    const few = (
      await h.db
        .selectFrom('organisations')
        .select('id')
        .where(sql<boolean>`name like ${`${tag} 12%`}`)
        .execute()
    ).map((r) => r.id);
    expect(few).toHaveLength(111);
    expect(await pages(q(`${tag} 12`))).toEqual(everyone.filter((id) => few.includes(id)));
  });
});
