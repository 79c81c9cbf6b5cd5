/** Requests for assistance: intake from every party, idempotency, duplicates, triage, approval, emails. */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { intakeQueueOf } from '../../src/modules/requests/intake-queue.ts';
import { createDb } from '../../src/platform/db/database.ts';
import { t } from '../../src/platform/i18n/i18n.ts';
import { as, Client } from '../client.ts';
import { auditCount, orgIds, snapshot } from '../db-snapshot.ts';
import { makeOrganisation, makeSubscription, makeUser, requestBody, uniq } from '../factories.ts';
import { type Harness, startHarness } from '../harness.ts';

let h: Harness;
let ids: Record<string, string>;
let customer: Client;
let partner: Client;
let lead: Client;

const key = () => `key-${uniq()}-${uniq()}`;
const file = (c: Client, body: unknown, k = key()) =>
  c.request('POST', '/api/requests', body, { 'idempotency-key': k });

beforeAll(async () => {
  h = await startHarness();
  ids = await orgIds(h.db);
  customer = await as(h.app, 'it.admin@contoso.example');
  partner = await as(h.app, 'lead@fabrikam-partners.example');
  lead = await as(h.app, 'lead@fasttrack.example'); // prefers German
});
afterAll(() => h.close());

describe('intake', () => {
  it('a customer admin files a request: readable id, eligibility snapshot, history, confirmation email', async () => {
    const res = await file(customer, requestBody(ids.contoso!));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.number).toMatch(/^RFA-\d{6}$/);
    expect(res.body.status).toBe('submitted');
    expect(res.body.eligibility.eligible).toBe(true);
    expect(res.body.eligibility.paidEligibleSeats).toBe(1500);
    const exo = res.body.eligibility.workloads.find(
      (w: { workload: string }) => w.workload === 'exchange-online',
    );
    expect(exo.migration).toBe('service'); // 1,500 seats ≥ 500
    expect(res.body.history.map((x: { toStatus: string }) => x.toStatus)).toEqual(['submitted']);
    expect(res.body.history[0].byCenter).toBe(false); // the customer's side filed it
    expect(res.body.primaryContact.email).toBe('it.admin@contoso.example'); // same as requester
    const mail = await h.smtp.waitForTo('it.admin@contoso.example', (m) =>
      (m.subject ?? '').includes(res.body.number),
    );
    expect(mail.text).toContain('Exchange Online');
  });

  it('a partner files for a customer that approved it; not for one that did not', async () => {
    const ok = await file(partner, requestBody(ids.contoso!, { channel: 'partner-my-customers' }));
    expect(ok.status).toBe(201);
    expect(ok.body.filedByOrganisationId).toBe(ids.partner);
    const refused = await file(partner, requestBody(ids.lamna!, { channel: 'partner-my-customers' }));
    expect(refused.status).toBe(404);
  });

  it('center staff file on behalf of a customer', async () => {
    const res = await file(
      lead,
      requestBody(ids.tailspin!, { channel: 'center-on-behalf', preferredLanguage: 'ja' }),
    );
    expect(res.status).toBe(201);
    const exo = res.body.eligibility.workloads.find(
      (w: { workload: string }) => w.workload === 'exchange-online',
    );
    expect(exo.migration).toBe('guidance'); // 400 seats: 150–499
    // the history says the center filed it, in the answer and when read back
    expect(res.body.history[0]).toMatchObject({ toStatus: 'submitted', byCenter: true });
    const read = await lead.get(`/api/requests/${res.body.id}`);
    expect(read.body.history[0]).toMatchObject({ toStatus: 'submitted', byCenter: true });
  });

  it('a customer cannot file for another customer or use another party’s channel', async () => {
    expect((await file(customer, requestBody(ids.lamna!))).status).toBe(404);
    const res = await file(customer, requestBody(ids.contoso!, { channel: 'center-on-behalf' }));
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('/body/channel');
  });

  it('retrying with the same Idempotency-Key, even concurrently, yields one request', async () => {
    const k = key();
    const body = requestBody(ids.contoso!, { projectName: `Idempotent ${uniq()}` });
    const before = await h.db.selectFrom('requests').select('id').execute();
    const results = await Promise.all(Array.from({ length: 6 }, () => file(customer, body, k)));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(5);
    const after = await h.db.selectFrom('requests').select('id').execute();
    expect(after.length).toBe(before.length + 1);
    const reused = await file(customer, { ...body, comments: 'different' }, k);
    expect(reused.status).toBe(409);
    expect(reused.body.errors[0].path).toBe('/headers/idempotency-key');
  });

  it('an API token files through the API channel; the requester is the person who made the token; keys are per caller', async () => {
    const token = await customer.post('/api/api-tokens', { name: 'ServiceNow', role: 'member' });
    const bot = new Client(h.app);
    bot.bearer = token.body.token;
    const k = key();
    const body = requestBody(ids.contoso!, { channel: 'api', projectName: `Via API ${uniq()}` });
    const res = await file(bot, body, k);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.requester.email).toBe('it.admin@contoso.example');
    expect(res.body.channel).toBe('api');
    // the same key from another caller is that caller's own key: a new request, not a replay
    const other = await file(customer, { ...body, projectName: `${body.projectName} (portal)` }, k);
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(res.body.id);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
  });

  it('a request without an Idempotency-Key is refused with the header named', async () => {
    const res = await customer.post('/api/requests', requestBody(ids.contoso!));
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('/headers/idempotency-key');
  });

  it('an identical resubmission is cancelled at once as a duplicate, linked to the first; a different one is a sibling', async () => {
    const body = requestBody(ids.contoso!, { projectName: `Dup ${uniq()}` });
    const first = await file(customer, body);
    const second = await file(customer, body);
    expect(second.status).toBe(201);
    expect(second.body.status).toBe('cancelled');
    expect(second.body.duplicateOf).toBe(first.body.id);
    expect(second.body.links).toEqual([expect.objectContaining({ id: first.body.id, kind: 'duplicate-of' })]);
    expect(second.body.history.at(-1)).toMatchObject({ toStatus: 'cancelled', reasonId: 'duplicate' });
    const other = await file(
      customer,
      requestBody(ids.contoso!, {
        workloads: [{ workload: 'intune', plannedDate: '2099-01-01' }],
        options: { dataMigration: false },
      }),
    );
    expect(other.body.status).toBe('submitted');
    expect(other.body.links.map((l: { id: string }) => l.id)).toContain(first.body.id);
  });

  it('bad input gets field-level errors and changes nothing', async () => {
    const before = await snapshot(h.db);
    const count = await auditCount(h.db);
    const cases: [Record<string, unknown>, string][] = [
      [
        { workloads: [{ workload: 'not-a-workload', plannedDate: '2099-01-01' }] },
        '/body/workloads/0/workload',
      ],
      [{ workloads: [{ workload: 'teams', plannedDate: '2001-01-01' }] }, '/body/workloads/0/plannedDate'],
      [{ workloads: [{ workload: 'teams', plannedDate: '2099-13-45' }] }, '/body/workloads/0/plannedDate'],
      [{ workloads: [] }, '/body/workloads'],
      [{ primaryContact: undefined }, '/body/primaryContact'],
      [{ businessSponsor: { name: 'No email' } }, '/body/businessSponsor'],
      [
        { options: { dataMigration: true, migrationSources: ['carrier-pigeon'] } },
        '/body/options/migrationSources/0',
      ],
      [{ options: { dataMigration: false, migrationSources: ['gmail'] } }, '/body/options/migrationSources'],
      [{ preferredLanguage: 'klingon' }, '/body/preferredLanguage'],
      [{ serviceLocation: 'usa' }, '/body/serviceLocation'],
      [{ workloads: 'teams' }, '/body/workloads'],
    ];
    for (const [over, path] of cases) {
      const res = await file(customer, requestBody(ids.contoso!, over));
      expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(400);
      expect(
        res.body.errors.map((e: { path: string }) => e.path).some((p: string) => p.startsWith(path)),
        `${path}: ${JSON.stringify(res.body.errors)}`,
      ).toBe(true);
    }
    const big = await customer.app.inject({
      method: 'POST',
      url: '/api/requests',
      headers: {
        cookie: customer.cookie!,
        'x-csrf-token': customer.csrf!,
        'idempotency-key': key(),
        'content-type': 'application/json',
      },
      payload: JSON.stringify({ ...requestBody(ids.contoso!), comments: 'x'.repeat(10 * 1024 * 1024) }),
    });
    expect(big.statusCode).toBe(413);
    expect(await snapshot(h.db)).toEqual(before);
    expect(await auditCount(h.db)).toBe(count);
  });
});

describe('group commit: requests filed at the same moment', () => {
  /** customers with enough paid seats, and what the intake queue has done so far */
  const customers = async (n: number) =>
    Promise.all(
      Array.from({ length: n }, async () => {
        const id = await makeOrganisation(h.db, 'customer');
        await makeSubscription(h.db, id, { sku: 'M365_E3', seats: 400 });
        return id;
      }),
    );
  const grouping = () => ({ ...intakeQueueOf(h.db)!.stats });
  const shared = (before: { batches: number; requests: number }) => {
    const now = grouping();
    return now.requests - before.requests - (now.batches - before.batches);
  };

  it('are written together, and each filer gets its own answer; a bad one is refused alone', async () => {
    const ids8 = await customers(8);
    const before = grouping();
    const audits = await auditCount(h.db);
    const bodies = ids8.map((id) =>
      requestBody(id, { channel: 'center-on-behalf', projectName: `Burst ${uniq()}` }),
    );
    const [bad, unknown, ...good] = await Promise.all([
      file(
        lead,
        requestBody(ids8[0]!, {
          channel: 'center-on-behalf',
          workloads: [{ workload: 'teams', plannedDate: '2020-01-01' }],
        }),
      ),
      file(lead, requestBody('org_does_not_exist', { channel: 'center-on-behalf' })),
      ...bodies.map((b) => file(lead, b)),
    ]);
    expect(good.map((r) => r.status)).toEqual(good.map(() => 201));
    good.forEach((r, i) => {
      expect(r.body.customerId).toBe(bodies[i]!.customerId);
      expect(r.body.projectName).toBe(bodies[i]!.projectName);
      expect(r.body.eligibility.paidEligibleSeats).toBe(400);
    });
    expect(new Set(good.map((r) => r.body.number)).size).toBe(8);
    expect(bad!.status).toBe(400);
    expect(bad!.body.errors[0].path).toMatch(/^\/body\/workloads\/0\/plannedDate/);
    expect(unknown!.status).toBe(404);
    expect(shared(before)).toBeGreaterThan(0); // at least one batch held several requests
    // each request has its row, history, audit record and confirmation email; the refused ones nothing
    const rows = await h.db
      .selectFrom('requests')
      .select(['id', 'customer_id'])
      .where('customer_id', 'in', ids8)
      .execute();
    expect(rows).toHaveLength(8);
    expect(await auditCount(h.db)).toBe(audits + 8);
    const audited = await h.db
      .selectFrom('audit_log')
      .select('target_id')
      .where('action', '=', 'request.create')
      .where(
        'target_id',
        'in',
        good.map((r) => r.body.id),
      )
      .execute();
    expect(audited).toHaveLength(8);
    const emails = await h.db
      .selectFrom('emails')
      .select('subject')
      .where('to_address', '=', 'lead@fasttrack.example')
      .execute();
    for (const r of good) expect(emails.some((e) => e.subject.includes(r.body.number))).toBe(true);
  });

  it('identical ones for one customer: the first is submitted, the others are cancelled as its duplicates', async () => {
    const [id] = await customers(1);
    const body = requestBody(id!, { channel: 'center-on-behalf', projectName: `Twice ${uniq()}` });
    const results = await Promise.all(Array.from({ length: 4 }, () => file(lead, body)));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const submitted = results.filter((r) => r.body.status === 'submitted');
    expect(submitted).toHaveLength(1);
    const cancelled = results.filter((r) => r.body.status === 'cancelled');
    expect(cancelled).toHaveLength(3);
    for (const c of cancelled) expect(c.body.duplicateOf).toBe(submitted[0]!.body.id);
  });

  it('identical ones on two servers at once: the database keeps one open, the loser is answered as its duplicate', async () => {
    // a second server on the same database: its own pool and intake queue
    const { db: db2 } = createDb(h.url, 4);
    const app2 = await buildApp({ db: db2, jobs: h.jobs, config: h.config });
    try {
      const lead2 = await as(app2, 'lead@fasttrack.example');
      for (let round = 0; round < 3; round++) {
        const [id] = await customers(1);
        const body = requestBody(id!, { channel: 'center-on-behalf', projectName: `Race ${uniq()}` });
        const [one, two] = await Promise.all([file(lead, body), file(lead2, body)]);
        expect([one!.status, two!.status]).toEqual([201, 201]);
        const statuses = [one!.body.status, two!.body.status].sort();
        expect(statuses).toEqual(['cancelled', 'submitted']);
        const [kept, dup] = one!.body.status === 'submitted' ? [one!, two!] : [two!, one!];
        expect(dup.body.duplicateOf).toBe(kept.body.id);
      }
    } finally {
      await app2.close();
      await db2.destroy();
    }
  });

  it('a fault in one request of a batch fails that request only; the others are written', async () => {
    await sql`
      create function intake_fault() returns trigger language plpgsql as $$
      begin
        if new.project_name like 'Fault %' then raise exception 'injected intake failure'; end if;
        return new;
      end $$;
      create trigger intake_fault before insert on requests for each row execute function intake_fault();
    `.execute(h.db);
    try {
      const ids5 = await customers(5);
      const before = grouping();
      const audits = await auditCount(h.db);
      const results = await Promise.all(
        ids5.map((id, i) =>
          file(
            lead,
            requestBody(id, {
              channel: 'center-on-behalf',
              projectName: `${i === 3 ? 'Fault' : 'Fine'} ${uniq()}`,
            }),
          ),
        ),
      );
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 500, 201]);
      expect(results[3]!.headers['content-type']).toContain('application/problem+json');
      expect(shared(before)).toBeGreaterThan(0);
      const rows = await h.db
        .selectFrom('requests')
        .select('customer_id')
        .where('customer_id', 'in', ids5)
        .execute();
      expect(rows.map((r) => r.customer_id).sort()).toEqual([ids5[0], ids5[1], ids5[2], ids5[4]].sort());
      expect(await auditCount(h.db)).toBe(audits + 4);
    } finally {
      await sql`drop trigger intake_fault on requests; drop function intake_fault();`.execute(h.db);
    }
  });
});

describe('eligibility, explained', () => {
  const eligibility = async (customerId: string, q = 'workloads=exchange-online,teams&dataMigration=true') =>
    (await lead.get(`/api/customers/${customerId}/eligibility?${q}`)).body;
  const rule = (answer: any, kind: string) =>
    answer.rules.concat(answer.workloads.flatMap((w: any) => w.rules)).find((r: any) => r.kind === kind);

  it('under 150 paid seats: not eligible, says the rule and the numbers, and what to do instead', async () => {
    const a = await eligibility(ids.lamna!);
    expect(a.eligible).toBe(false);
    expect(a.paidEligibleSeats).toBe(120);
    const floor = rule(a, 'minimum-paid-seats');
    expect(floor.outcome).toBe('fail');
    expect(floor.message).toMatch(/120/);
    expect(floor.message).toMatch(/150/);
    expect(a.workloads[0].alternatives.length).toBeGreaterThan(0);
  });

  it('150+ seats that are only trials: not eligible, trial seats not counted', async () => {
    const c = await makeOrganisation(h.db, 'customer');
    await makeSubscription(h.db, c, { sku: 'M365_E3', seats: 900, kind: 'trial' });
    const a = await eligibility(c);
    expect(a.eligible).toBe(false);
    expect(a.seats).toEqual([expect.objectContaining({ seats: 900, counted: false, reason: 'trial' })]);
  });

  it('150–499: eligible with migration guidance only; 500+: migration service', async () => {
    expect(
      (await eligibility(ids.tailspin!)).workloads.find((w: any) => w.workload === 'exchange-online')
        .migration,
    ).toBe('guidance');
    expect(
      (await eligibility(ids.contoso!)).workloads.find((w: any) => w.workload === 'exchange-online')
        .migration,
    ).toBe('service');
  });

  it('an expired subscription does not count', async () => {
    const c = await makeOrganisation(h.db, 'customer');
    await makeSubscription(h.db, c, {
      sku: 'O365_E3',
      seats: 800,
      status: 'expired',
      startsOn: '2023-01-01',
      endsOn: '2024-01-01',
    });
    const a = await eligibility(c);
    expect(a.eligible).toBe(false);
    expect(a.seats[0]).toMatchObject({ counted: false });
  });

  it('education: migration counts faculty seats only', async () => {
    const c = await makeOrganisation(h.db, 'customer', 'Fabrikam University', { segment: 'education' });
    await makeSubscription(h.db, c, { sku: 'O365_A3_FACULTY', seats: 200, edu: 'faculty' });
    await makeSubscription(h.db, c, { sku: 'O365_A3_STUDENT', seats: 5000, edu: 'student' });
    const a = await eligibility(c);
    expect(a.eligible).toBe(true);
    expect(a.workloads.find((w: any) => w.workload === 'exchange-online').migration).toBe('guidance'); // 200 faculty < 500
  });

  it('non-profit: free seats never count, paid seats do', async () => {
    const c = await makeOrganisation(h.db, 'customer', 'Helping Hands', { segment: 'nonprofit' });
    await makeSubscription(h.db, c, { sku: 'M365_BUSINESS_BASIC_NONPROFIT_GRANT', seats: 300, kind: 'free' });
    let a = await eligibility(c);
    expect(a.eligible).toBe(false);
    await makeSubscription(h.db, c, { sku: 'M365_E3', seats: 160 });
    a = await eligibility(c);
    expect(a.eligible).toBe(true);
    expect(a.paidEligibleSeats).toBe(160);
  });

  it('answers in the reader’s language and refuses unknown workloads', async () => {
    const de = await eligibility(ids.lamna!);
    const floor = rule(de, 'minimum-paid-seats');
    expect(floor.message).toBe(t('de', floor.key, floor.values));
    expect((await lead.get(`/api/customers/${ids.lamna}/eligibility?workloads=bogus`)).status).toBe(400);
    expect((await customer.get(`/api/customers/${ids.lamna}/eligibility`)).status).toBe(404);
  });
});

describe('triage and approval', () => {
  it('the queue is oldest first, filterable and searchable; only center staff see all customers', async () => {
    const q = await lead.get('/api/requests?status=submitted&limit=2');
    expect(q.status).toBe(200);
    expect(q.body.items).toHaveLength(2);
    expect(q.body.items[0].createdAt <= q.body.items[1].createdAt).toBe(true);
    const next = await lead.get(`/api/requests?status=submitted&limit=2&cursor=${q.body.nextCursor}`);
    expect(next.body.items[0].id).not.toBe(q.body.items[1].id);
    const search = await lead.get('/api/requests?q=tailspin.example');
    expect(search.body.items.every((r: any) => r.customerId === ids.tailspin)).toBe(true);
    expect(search.body.items.length).toBeGreaterThan(0);
    const byNumber = await lead.get(`/api/requests?q=${search.body.items[0].number}`);
    expect(byNumber.body.items.map((r: any) => r.id)).toEqual([search.body.items[0].id]);
    // by part of the customer's name, in any case; the same search inside the open queue
    const byName = await lead.get(`/api/requests?q=${encodeURIComponent('TAILSPIN 株式')}`);
    expect(byName.body.items.map((r: any) => r.id)).toEqual(search.body.items.map((r: any) => r.id));
    const openByName = await lead.get(
      `/api/requests?status=submitted&status=on-hold&q=${encodeURIComponent('tailspin')}`,
    );
    expect(openByName.body.items.length).toBeGreaterThan(0);
    expect(
      openByName.body.items.every(
        (r: any) => r.customerId === ids.tailspin && ['submitted', 'on-hold'].includes(r.status),
      ),
    ).toBe(true);
    // a search never reaches past what the caller may see: Fabrikam works for Contoso, not for Tailspin
    expect((await partner.get('/api/requests?q=tailspin')).body.items).toEqual([]);
    const partnerContoso = await partner.get('/api/requests?q=contoso');
    expect(partnerContoso.body.items.length).toBeGreaterThan(0);
    expect(partnerContoso.body.items.every((r: any) => r.customerId === ids.contoso)).toBe(true);
    const apj = await lead.get('/api/requests?region=apj&limit=200');
    expect(apj.body.items.length).toBeGreaterThan(0);
    expect(apj.body.items.every((r: any) => r.customerId === ids.tailspin)).toBe(true);
    expect((await lead.get('/api/requests?region=mars')).status).toBe(400);
    const ja = await lead.get('/api/requests?language=ja');
    expect(ja.body.items.every((r: any) => r.preferredLanguage === 'ja')).toBe(true);
    const lamna = await as(h.app, 'admin@lamna.example');
    const mine = await lamna.get('/api/requests');
    expect(mine.body.items.every((r: any) => r.customerId === ids.lamna)).toBe(true);
  });

  it('the queue filters by who claimed a request: the reviewer, nobody yet, or anybody', async () => {
    const mineId = (await file(customer, requestBody(ids.contoso!, { projectName: `Claim me ${uniq()}` })))
      .body.id;
    const theirsId = (
      await file(customer, requestBody(ids.contoso!, { projectName: `Claim them ${uniq()}` }))
    ).body.id;
    const freeId = (await file(customer, requestBody(ids.contoso!, { projectName: `Free ${uniq()}` }))).body
      .id;
    const other = await as(h.app, 'admin@fasttrack.example');
    expect((await lead.post(`/api/requests/${mineId}/claim`)).status).toBe(200);
    expect((await other.post(`/api/requests/${theirsId}/claim`)).status).toBe(200);
    const ids200 = async (query: string) =>
      (await lead.get(`/api/requests?status=submitted&limit=200&${query}`)).body.items.map((r: any) => r.id);
    const me = await ids200('claimed=me');
    expect(me).toContain(mineId);
    expect(me).not.toContain(theirsId);
    expect(me).not.toContain(freeId);
    const nobody = await ids200('claimed=nobody');
    expect(nobody).toContain(freeId);
    expect(nobody).not.toContain(mineId);
    expect(nobody).not.toContain(theirsId);
    const someone = await ids200('claimed=someone');
    expect(someone).toEqual(expect.arrayContaining([mineId, theirsId]));
    expect(someone).not.toContain(freeId);
    // center staff see who claimed it; the customer does not
    const theirs = (await lead.get(`/api/requests/${theirsId}`)).body;
    expect(theirs.claimedBy).toBe(other.me.user.id);
    expect(theirs.claimedByName).toBe(other.me.user.name);
    const listed = (await lead.get('/api/requests?status=submitted&claimed=someone&limit=200')).body.items;
    expect(listed.find((r: any) => r.id === mineId).claimedByName).toBe(lead.me.user.name);
    expect((await customer.get(`/api/requests/${theirsId}`)).body.claimedByName).toBeNull();
    expect(
      (await customer.get('/api/requests?limit=200')).body.items.every((r: any) => r.claimedByName === null),
    ).toBe(true);
    const wrong = await lead.get('/api/requests?claimed=everyone');
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].path).toBe('/querystring/claimed');
  });

  it('the queue exports as CSV with the same filters and scope; a cell cannot become a formula', async () => {
    const risky = await file(
      customer,
      requestBody(ids.contoso!, { projectName: `=HYPERLINK("x"), ${uniq()}` }),
    );
    expect(risky.status).toBe(201);
    const filters = `customerId=${ids.contoso}&status=submitted&status=on-hold`;
    const csv = async (c: Client, query: string) => {
      const res = await h.app.inject({
        method: 'GET',
        url: `/api/requests/export.csv?${query}`,
        headers: { cookie: c.cookie! },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('text/csv');
      return res.body.trimEnd().split('\r\n');
    };
    const lines = await csv(lead, filters);
    expect(lines[0]).toBe(
      'number,id,project,customer,status,channel,language,workloads,plannedDates,claimedBy,engagementId,createdAt,respondBy,respondedAt',
    );
    // the same requests as the list, in its order (oldest first)
    const listed: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: any } = await lead.get(
        `/api/requests?${filters}&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      );
      listed.push(...page.body.items.map((r: any) => r.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(listed);
    const row = lines.find((l) => l.includes(risky.body.id))!;
    expect(row).toContain(`"'=HYPERLINK(""x""), `);
    expect(row).toContain(',submitted,portal-quick-action,en,exchange-online teams,');
    // a customer's export holds its own requests only
    const own = await csv(customer, '');
    expect(own.length).toBeGreaterThan(1);
    expect(own.slice(1).every((l) => l.includes(',Contoso Ltd,'))).toBe(true);
    const bad = await h.app.inject({
      method: 'GET',
      url: '/api/requests/export.csv?claimed=everyone',
      headers: { cookie: lead.cookie! },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('search finds a project by part of its name, matches nothing when nothing matches, and works when many customers match', async () => {
    const tag = uniq();
    const project = `Kanzlei Übergang ${tag}`;
    const filed = await file(customer, requestBody(ids.contoso!, { projectName: project }));
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const byProject = await lead.get(
      `/api/requests?q=${encodeURIComponent(`übergang ${tag}`.toUpperCase())}`,
    );
    expect(byProject.body.items.map((r: any) => r.id)).toEqual([filed.body.id]);
    // the customer finds it too; a partner that does not work for the customer does not
    expect((await customer.get(`/api/requests?q=${encodeURIComponent(tag)}`)).body.items).toHaveLength(1);
    const lamna = await as(h.app, 'admin@lamna.example');
    expect((await lamna.get(`/api/requests?q=${tag}`)).body.items).toEqual([]);
    // nothing matches: an empty page, not an error; wildcards in the text are plain characters
    const none = await lead.get(`/api/requests?q=${encodeURIComponent(`no such project ${tag}`)}`);
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ items: [], nextCursor: null });
    expect((await lead.get(`/api/requests?q=${encodeURIComponent('%_%')}`)).body.items).toEqual([]);

    // one or two characters (a whole word in Japanese), and a text with no three letters in a row
    const jp = await file(customer, requestBody(ids.contoso!, { projectName: `データ移行 ${tag}` }));
    const cpp = await file(customer, requestBody(ids.contoso!, { projectName: `Tools C++ ${tag}` }));
    const found = async (text: string) =>
      (await lead.get(`/api/requests?limit=200&q=${encodeURIComponent(text)}`)).body.items.map(
        (r: any) => r.id,
      );
    expect(await found('移行')).toContain(jp.body.id);
    expect(await found('移')).toContain(jp.body.id);
    expect(await found('行デ')).not.toContain(jp.body.id);
    expect(await found('C++')).toEqual([cpp.body.id]);
    expect(await found('+ +')).toEqual([]);
    expect(await found('ǂ')).toEqual([]);

    // more customers match than are looked up one by one: their requests are still all found
    const common = `Manyco ${uniq()}`;
    const many: string[] = [];
    for (let i = 0; i < 260; i++) many.push(await makeOrganisation(h.db, 'customer', `${common} ${i}`));
    await makeSubscription(h.db, many[259]!, { sku: 'M365_E3', seats: 300 });
    const inMany = await lead.request(
      'POST',
      '/api/requests',
      requestBody(many[259]!, { channel: 'center-on-behalf', projectName: `Many ${uniq()}` }),
      { 'idempotency-key': key() },
    );
    expect(inMany.status, JSON.stringify(inMany.body)).toBe(201);
    const byCommon = await lead.get(`/api/requests?q=${encodeURIComponent(common.toLowerCase())}`);
    expect(byCommon.body.items.map((r: any) => r.id)).toEqual([inMany.body.id]);
  });

  it('a search matching thousands of requests pages through them oldest first, as the customer filter does', async () => {
    const name = `Bulkhaus ${uniq()}`;
    const id = await makeOrganisation(h.db, 'customer', name);
    await makeSubscription(h.db, id, { sku: 'M365_E3', seats: 300 });
    const template = await lead.request(
      'POST',
      '/api/requests',
      requestBody(id, { channel: 'center-on-behalf', projectName: `Rollout ${uniq()}` }),
      { 'idempotency-key': key() },
    );
    expect(template.status, JSON.stringify(template.body)).toBe(201);
    // 2,500 earlier, closed requests of the same customer (copies with ids after the template's)
    const columns = (
      await sql<{ c: string }>`select column_name as c from information_schema.columns
        where table_name = 'requests' and column_name not in ('id', 'number', 'status', 'project_name')`.execute(
        h.db,
      )
    ).rows.map((r) => sql.id(r.c));
    await sql`insert into requests (id, status, project_name, ${sql.join(columns)})
      select t.id || '_' || lpad(g::text, 5, '0'), 'approved', 'Wave ' || g, ${sql.join(columns.map((c) => sql`t.${c}`))}
      from requests t, generate_series(1, 2500) g where t.id = ${template.body.id}`.execute(h.db);
    const pages = async (path: string) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: any } = await lead.get(
          `${path}&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        ids.push(...res.body.items.map((r: any) => r.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      return ids;
    };
    const byFilter = await pages(`/api/requests?customerId=${id}`);
    expect(byFilter).toHaveLength(2501);
    expect(await pages(`/api/requests?q=${encodeURIComponent(name.toLowerCase())}`)).toEqual(byFilter);
    // by project name: the copies' names contain "wave", the template's does not
    const waves = await pages(`/api/requests?customerId=${id}&q=wave`);
    expect(waves).toEqual(byFilter.filter((x) => x !== template.body.id));
  });

  it('approval creates the engagement and service records with intent and scenario, and emails the requester in their language', async () => {
    const filed = await file(customer, requestBody(ids.contoso!, { projectName: `Approve me ${uniq()}` }));
    expect((await lead.post(`/api/requests/${filed.body.id}/claim`)).body.claimedBy).toBe(lead.me.user.id);
    const other = await as(h.app, 'admin@fasttrack.example');
    expect((await other.post(`/api/requests/${filed.body.id}/claim`)).status).toBe(409);

    const res = await lead.post(`/api/requests/${filed.body.id}/approve`, {
      reasonId: 'eligible-with-migration-service',
      note: 'Welcome aboard',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe('approved');
    const d = res.body.decision;
    expect(d.approved.map((a: any) => a.workload).sort()).toEqual(['exchange-online', 'teams']);
    expect(d.approved[0].scenario).toBe('partner-led'); // Contoso works with Fabrikam
    expect(d.approved[0].partnerId).toBe(ids.partner);
    expect(d.approved[0].reasons[0].key).toBe('requests.scenario.reason.existingPartner');

    const records = await h.db
      .selectFrom('service_records')
      .selectAll()
      .where('request_id', '=', filed.body.id)
      .execute();
    expect(records).toHaveLength(2);
    const exo = records.find((r) => r.workload === 'exchange-online')!;
    expect(exo.target_date).toBeTruthy();
    expect(exo.migration).toBe(true);
    expect(exo.migration_level).toBe('service');
    expect(exo.migration_sources).toEqual(['gmail']);
    expect((exo.success_owner as any).email).toBe('sam.sponsor@contoso.example');
    const engagement = await h.db
      .selectFrom('engagements')
      .selectAll()
      .where('id', '=', d.engagementId)
      .executeTakeFirstOrThrow();
    expect(engagement).toMatchObject({ customer_id: ids.contoso, status: 'active', motions: ['rfa'] });
    // the next action (assignment) is due the next business day in the region: a weekday soon (its
    // local date may still be yesterday in UTC terms)
    const next = String(engagement.next_action_on);
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    expect(next >= day(0) && next <= day(5), next).toBe(true);
    expect([0, 6]).not.toContain(new Date(`${next}T12:00:00Z`).getUTCDay());
    // the engagement carries the approval note: the request, who approved it and why, contacts, decision
    const seen = await customer.get(`/api/engagements/${d.engagementId}`);
    expect(seen.status).toBe(200);
    const origin = seen.body.requests.find((x: any) => x.id === filed.body.id);
    expect(origin).toMatchObject({
      number: res.body.number,
      approvedBy: lead.me.user.name,
      reason: 'Request approved, including the data migration service (500 or more eligible licences).',
      note: 'Welcome aboard',
      filedBy: { name: 'Contoso Ltd', kind: 'customer' },
      businessSponsor: { email: 'sam.sponsor@contoso.example' },
      partners: { [ids.partner!]: 'Fabrikam Partners' },
    });
    expect(origin.decision.approved.map((a: any) => a.workload).sort()).toEqual(['exchange-online', 'teams']);
    expect((await partner.get(`/api/engagements/${d.engagementId}`)).body.requests[0].number).toBeTruthy();

    const mail = await h.smtp.waitForTo(
      'it.admin@contoso.example',
      (m) =>
        (m.subject ?? '') ===
        t('en', 'email.requestApproved.subject', { number: res.body.number, customer: 'Contoso Ltd' }),
    );
    expect(mail.text).toContain('Welcome aboard');
    const partnerMail = await h.smtp.waitForTo('lead@fabrikam-partners.example', (m) =>
      (m.subject ?? '').includes(res.body.number),
    );
    expect(partnerMail.subject).toBe(
      t('pt-BR', 'email.partnerAssigned.subject', { number: res.body.number, customer: 'Contoso Ltd' }),
    );
    expect(
      (await lead.post(`/api/requests/${filed.body.id}/approve`, { reasonId: 'eligible-standard' })).status,
    ).toBe(409);
  });

  it('ineligible workloads are refused in the same decision, with the reason', async () => {
    const c = await makeOrganisation(h.db, 'customer', `Aip ${uniq()}`, { language: 'fr' });
    await makeSubscription(h.db, c, { sku: 'M365_E3', seats: 300 });
    const filed = await file(
      lead,
      requestBody(c, {
        channel: 'center-on-behalf',
        workloads: [
          { workload: 'teams', plannedDate: '2099-01-01' },
          { workload: 'azure-information-protection', plannedDate: '2099-01-01' },
        ],
        options: { dataMigration: false },
      }),
    );
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const res = await lead.post(`/api/requests/${filed.body.id}/approve`, { reasonId: 'eligible-standard' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.decision.approved.map((a: any) => a.workload)).toEqual(['teams']);
    expect(res.body.decision.refused).toEqual([
      expect.objectContaining({ workload: 'azure-information-protection' }),
    ]);
    expect(res.body.decision.refused[0].reasons.length).toBeGreaterThan(0);
  });

  it("the approval email says what the approval leaves out: each refused workload with its reasons, and the migration level, in the reader's language", async () => {
    const workloads: { id: string; name: Record<string, string> }[] = JSON.parse(
      readFileSync('programme/microsoft-365/workloads.json', 'utf8'),
    );
    const name = (id: string) => workloads.find((w) => w.id === id)!.name.fr!;
    const c = await makeOrganisation(h.db, 'customer', `Partiel ${uniq()}`, { language: 'fr' });
    await makeSubscription(h.db, c, { sku: 'M365_E3', seats: 300 }); // 150–499: migration guidance only
    const contact = `dana.${uniq()}@partiel.example`;
    const filed = await file(
      lead,
      requestBody(c, {
        channel: 'center-on-behalf',
        primaryContact: { name: 'Dana Martin', email: contact },
        workloads: [
          { workload: 'exchange-online', plannedDate: '2099-01-01' },
          { workload: 'intune', plannedDate: '2099-01-01' },
          { workload: 'azure-information-protection', plannedDate: '2099-01-01' },
        ],
      }),
    );
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const res = await lead.post(`/api/requests/${filed.body.id}/approve`, { reasonId: 'eligible-standard' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const refused = res.body.decision.refused;
    expect(refused.map((x: any) => x.workload)).toEqual(['azure-information-protection']);
    // the customer's contact, in the customer's language (French)
    const mail = await h.smtp.waitForTo(
      contact,
      (m) =>
        m.subject ===
        t('fr', 'email.requestApproved.subject', {
          number: res.body.number,
          customer: res.body.customerName,
        }),
    );
    const text = (mail.text ?? '').replace(/\s+/g, ' ');
    const flat = (s: string) => s.replace(/\s+/g, ' ');
    expect(text).toContain(
      flat(t('fr', 'email.requestApproved.migration.guidance', { workloads: name('exchange-online') })),
    );
    expect(text).toContain(
      flat(
        t('fr', 'email.requestApproved.refused', {
          workload: name('azure-information-protection'),
          reasons: refused[0].reasons.map((r: any) => t('fr', r.key, r.values ?? {})).join(' '),
        }),
      ),
    );
    // Intune (approved) has no data to move: no migration line names it
    expect(res.body.decision.approved.map((a: any) => a.workload)).toContain('intune');
    expect(text).not.toContain(
      flat(t('fr', 'email.requestApproved.migration.guidance', { workloads: name('intune') })),
    );
    expect(text).not.toContain(`${name('intune')} :`);
    expect(text).not.toContain('Data migration');
  });

  it('hold, ask the requester, answer, cancel: each audited, in the history for customer and partner, emailed in their language', async () => {
    const filed = await file(
      partner,
      requestBody(ids.contoso!, { channel: 'partner-my-customers', projectName: `Hold ${uniq()}` }),
    );
    const id = filed.body.id;
    expect(
      (
        await lead.post(`/api/requests/${id}/transition`, {
          to: 'on-hold',
          reasonId: 'awaiting-licence-verification',
        })
      ).body.status,
    ).toBe('on-hold');
    const held = await h.smtp.waitForTo(
      'lead@fabrikam-partners.example',
      (m) => (m.subject ?? '') === t('pt-BR', 'email.requestOnHold.subject', { number: filed.body.number }),
    );
    expect(held.text).toBeTruthy();
    await h.smtp.waitForTo(
      'it.admin@contoso.example',
      (m) => (m.subject ?? '') === t('en', 'email.requestOnHold.subject', { number: filed.body.number }),
    );

    expect(
      (
        await lead.post(`/api/requests/${id}/transition`, {
          to: 'on-hold-pending-requestor-response',
          reasonId: 'clarify-services',
        })
      ).status,
    ).toBe(200);
    // the partner answers; back to review
    const answered = await partner.post(`/api/requests/${id}/transition`, {
      to: 'submitted',
      note: 'Exchange first, Teams in March.',
    });
    expect(answered.body.status).toBe('submitted');
    // the partner cannot hold or approve
    expect(
      (
        await partner.post(`/api/requests/${id}/transition`, {
          to: 'on-hold',
          reasonId: 'awaiting-licence-verification',
        })
      ).status,
    ).toBe(403);
    expect(
      (await partner.post(`/api/requests/${id}/approve`, { reasonId: 'eligible-standard' })).status,
    ).toBe(403);
    const cancelled = await lead.post(`/api/requests/${id}/transition`, {
      to: 'cancelled',
      reasonId: 'duplicate',
      note: 'Merged into the earlier request',
    });
    expect(cancelled.body.status).toBe('cancelled');
    await h.smtp.waitForTo(
      'it.admin@contoso.example',
      (m) => (m.subject ?? '') === t('en', 'email.requestCancelled.subject', { number: filed.body.number }),
    );
    expect(
      (await lead.post(`/api/requests/${id}/transition`, { to: 'submitted', note: 'reopen' })).status,
    ).toBe(409);

    const partnerView = await partner.get(`/api/requests/${id}`);
    expect(partnerView.body.history.map((x: any) => x.toStatus)).toEqual([
      'submitted',
      'on-hold',
      'on-hold-pending-requestor-response',
      'submitted',
      'cancelled',
    ]);
    const hold = partnerView.body.history[1];
    expect(hold.statusLabel).toBe(t('pt-BR', 'requests.status.on-hold'));
    expect(hold.reason).not.toMatch(/^On hold while/); // Portuguese, not English
    const customerView = await customer.get(`/api/requests/${id}`);
    expect(customerView.body.history[1].reason).toMatch(/^On hold while/);
    const audits = await h.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', id)
      .orderBy('seq')
      .execute();
    expect(audits.map((a) => a.action)).toEqual([
      'request.create',
      'request.on_hold',
      'request.on_hold_pending_requestor_response',
      'request.resubmit',
      'request.cancelled',
    ]);
  });

  it('a move needs a reason from the notes bank', async () => {
    const filed = await file(customer, requestBody(ids.contoso!, { projectName: `Reason ${uniq()}` }));
    const res = await lead.post(`/api/requests/${filed.body.id}/transition`, {
      to: 'on-hold',
      reasonId: 'because',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('/body/reasonId');
    expect((await lead.post(`/api/requests/${filed.body.id}/transition`, { to: 'on-hold' })).status).toBe(
      400,
    );
  });

  it('a customer never sees another customer’s requests; a partner loses sight when revoked', async () => {
    const filed = await file(customer, requestBody(ids.contoso!, { projectName: `Private ${uniq()}` }));
    const lamna = await as(h.app, 'admin@lamna.example');
    expect((await lamna.get(`/api/requests/${filed.body.id}`)).status).toBe(404);
    expect(
      (await lamna.get('/api/requests?limit=200')).body.items.some((r: any) => r.customerId === ids.contoso),
    ).toBe(false);
    expect(
      (
        await lamna.post(`/api/requests/${filed.body.id}/transition`, {
          to: 'cancelled',
          reasonId: 'duplicate',
        })
      ).status,
    ).toBe(404);
    const p2 = await makeOrganisation(h.db, 'partner');
    const p2admin = await makeUser(h.db, p2, 'admin');
    const other = await as(h.app, p2admin.email);
    expect((await other.get(`/api/requests/${filed.body.id}`)).status).toBe(404);
    expect((await partner.get(`/api/requests/${filed.body.id}`)).status).toBe(200);
  });
});
