import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, type Client } from '../client.ts';
import { orgIds, snapshot } from '../db-snapshot.ts';
import { type Harness, startHarness } from '../harness.ts';

let h: Harness;
let ids: Record<string, string>;
let center: Client;
beforeAll(async () => {
  h = await startHarness();
  ids = await orgIds(h.db);
  center = await as(h.app, 'admin@fasttrack.example', ids.center);
});
afterAll(() => h.close());

const csv = (c: Client, customerId: string, body: string) =>
  c.request('POST', `/api/customers/${customerId}/subscriptions/import`, body, {
    'content-type': 'text/csv',
  });

describe('subscriptions', () => {
  it('center staff add and change subscriptions; eligibility follows', async () => {
    const before = (await center.get(`/api/customers/${ids.lamna}/eligibility`)).body;
    expect(before.eligible).toBe(false);
    const added = await center.post(`/api/customers/${ids.lamna}/subscriptions`, {
      planSku: 'SPE_E3', // an alias of Microsoft 365 E3
      paidSeats: 60,
      status: 'active',
      licenceKind: 'paid',
      startsOn: '2026-01-01',
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      planSku: 'M365_E3',
      planName: 'Microsoft 365 E3',
      purchaseChannel: 'direct',
      endsOn: null,
    });
    const after = (await center.get(`/api/customers/${ids.lamna}/eligibility`)).body;
    expect(after.paidEligibleSeats).toBe(180);
    expect(after.eligible).toBe(true);
    const changed = await center.patch(`/api/subscriptions/${added.body.id}`, {
      status: 'expired',
      endsOn: '2026-06-30',
    });
    expect(changed.body.status).toBe('expired');
    expect((await center.get(`/api/customers/${ids.lamna}/eligibility`)).body.eligible).toBe(false);
  });

  it('refuses unknown plans and an end before the start, field by field', async () => {
    const res = await center.post(`/api/customers/${ids.lamna}/subscriptions`, {
      planSku: 'NOT_A_PLAN',
      paidSeats: 10,
      status: 'active',
      licenceKind: 'paid',
      startsOn: '2026-05-01',
      endsOn: '2026-01-01',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      '/body/endsOn',
      '/body/planSku',
    ]);
  });

  it('a CSV with bad rows is refused row by row and imports nothing', async () => {
    const before = await snapshot(h.db);
    const res = await csv(
      center,
      ids.tailspin!,
      [
        'planSku,paidSeats,status,licenceKind,startsOn,endsOn,purchaseChannel',
        'O365_E3,100,active,paid,2026-01-01,,direct',
        'NOPE,12,active,paid,2026-01-01,,direct',
        'EMS_E3,many,sleeping,paid,2026-02-30,,direct',
        'O365_E3,10,active,paid,0000-01-01,2027-02-29,direct',
      ].join('\n'),
    );
    expect(res.status).toBe(400);
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/body/rows/3/planSku',
        '/body/rows/4/paidSeats',
        '/body/rows/4/status',
        '/body/rows/4/startsOn',
        '/body/rows/5/startsOn',
        '/body/rows/5/endsOn',
      ]),
    );
    expect(paths.some((p: string) => p.startsWith('/body/rows/2/'))).toBe(false);
    expect(res.body.detail).toMatch(/3 rows/);
    expect(await snapshot(h.db)).toEqual(before);
  });

  it('a good CSV imports every row', async () => {
    const res = await csv(
      center,
      ids.tailspin!,
      'planSku,paidSeats,status,licenceKind,startsOn,purchaseChannel\nO365_E3,200,active,paid,2026-01-01,Contoso Reseller KK\nEMS_E3,50,active,trial,2026-01-01,direct\n',
    );
    expect(res.status).toBe(201);
    expect(res.body.imported).toBe(2);
    const list = await center.get(`/api/customers/${ids.tailspin}/subscriptions`);
    expect(
      list.body.filter((s: { purchaseChannel: string }) => s.purchaseChannel === 'Contoso Reseller KK'),
    ).toHaveLength(1);
  });

  it('a customer admin manages their own subscriptions only; members and partners cannot', async () => {
    const admin = await as(h.app, 'it.admin@contoso.example');
    const body = {
      planSku: 'O365_E1',
      paidSeats: 5,
      status: 'active',
      licenceKind: 'paid',
      startsOn: '2026-01-01',
    };
    expect((await admin.post(`/api/customers/${ids.contoso}/subscriptions`, body)).status).toBe(201);
    expect((await admin.post(`/api/customers/${ids.lamna}/subscriptions`, body)).status).toBe(404);
    expect((await admin.get(`/api/customers/${ids.lamna}/subscriptions`)).status).toBe(404);
    const member = await as(h.app, 'user@contoso.example');
    expect((await member.post(`/api/customers/${ids.contoso}/subscriptions`, body)).status).toBe(403);
    const partner = await as(h.app, 'lead@fabrikam-partners.example');
    expect((await partner.get(`/api/customers/${ids.contoso}/subscriptions`)).status).toBe(200);
    expect((await partner.post(`/api/customers/${ids.contoso}/subscriptions`, body)).status).toBe(403);
    const sub = (await admin.get(`/api/customers/${ids.contoso}/subscriptions`)).body[0];
    const lamna = await as(h.app, 'admin@lamna.example');
    expect((await lamna.patch(`/api/subscriptions/${sub.id}`, { paidSeats: 1 })).status).toBe(404);
  });
});
