/**
 * One party cannot reach another's data: a member of organisation B cannot read, list, change or
 * delete organisation A's resources; a partner reaches only customers that approved it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, type Client } from '../client.ts';
import { orgIds, snapshot } from '../db-snapshot.ts';
import { makeInvitationToken, makeUser } from '../factories.ts';
import { type Harness, startHarness } from '../harness.ts';

let h: Harness;
let ids: Record<string, string>;
let contosoAdmin: Client;
let lamnaAdmin: Client;
let partnerAdmin: Client;

beforeAll(async () => {
  h = await startHarness();
  ids = await orgIds(h.db);
  contosoAdmin = await as(h.app, 'it.admin@contoso.example');
  lamnaAdmin = await as(h.app, 'admin@lamna.example');
  partnerAdmin = await as(h.app, 'lead@fabrikam-partners.example');
});
afterAll(() => h.close());

describe('customer ↔ customer', () => {
  it('cannot read, list, change or delete another customer’s organisation, members, invitations or tokens', async () => {
    const victim = ids.contoso!;
    const member = await makeUser(h.db, victim, 'member');
    const inv = await makeInvitationToken(h.db, victim, contosoAdmin.me.user.id);
    const token = await contosoAdmin.post('/api/api-tokens', { name: 'contoso bot', role: 'admin' });
    const before = await snapshot(h.db);

    expect((await lamnaAdmin.get(`/api/organisations/${victim}`)).status).toBe(404);
    expect((await lamnaAdmin.get(`/api/organisations/${victim}/members`)).status).toBe(404);
    expect((await lamnaAdmin.get(`/api/organisations/${victim}/invitations`)).status).toBe(404);
    const list = await lamnaAdmin.get('/api/organisations?limit=200');
    expect(list.body.items.map((o: { id: string }) => o.id)).toEqual([ids.lamna]);
    const search = await lamnaAdmin.get('/api/organisations?q=contoso');
    expect(search.body.items).toEqual([]);
    expect((await lamnaAdmin.get('/api/api-tokens')).body.map((t: { id: string }) => t.id)).not.toContain(
      token.body.id,
    );

    expect((await lamnaAdmin.patch(`/api/organisations/${victim}`, { name: 'Hacked' })).status).toBe(404);
    expect((await lamnaAdmin.patch(`/api/customers/${victim}`, { country: 'FR' })).status).toBe(404);
    expect(
      (
        await lamnaAdmin.post(`/api/organisations/${victim}/invitations`, {
          email: 'spy@lamna.example',
          role: 'admin',
        })
      ).status,
    ).toBe(404);
    expect((await lamnaAdmin.del(`/api/organisations/${victim}/members/${member.id}`)).status).toBe(404);
    expect((await lamnaAdmin.del(`/api/invitations/${inv.id}`)).status).toBe(404);
    expect((await lamnaAdmin.del(`/api/api-tokens/${token.body.id}`)).status).toBe(404);
    expect((await lamnaAdmin.get(`/api/audit?organisationId=${victim}`)).body.items).toEqual([]);

    expect(await snapshot(h.db)).toEqual(before);
  });

  it('cannot see another customer’s relationships or decide them', async () => {
    const rels = await lamnaAdmin.get('/api/partner-relationships');
    expect(rels.body).toEqual([]);
    const contosoRel = (await contosoAdmin.get('/api/partner-relationships')).body[0];
    expect((await lamnaAdmin.post(`/api/partner-relationships/${contosoRel.id}/revoke`)).status).toBe(404);
  });
});

describe('partner ↔ customer', () => {
  it('a partner reaches only customers that approved it', async () => {
    const customers = await partnerAdmin.get('/api/organisations?kind=customer');
    expect(customers.body.items.map((o: { id: string }) => o.id)).toEqual([ids.contoso]);
    expect((await partnerAdmin.get(`/api/organisations/${ids.contoso}`)).status).toBe(200);
    expect((await partnerAdmin.get(`/api/organisations/${ids.lamna}`)).status).toBe(404);
    expect((await partnerAdmin.get(`/api/organisations/${ids.tailspin}`)).status).toBe(404);
    // seeing is not changing: the partner is not the customer's admin
    expect((await partnerAdmin.patch(`/api/customers/${ids.contoso}`, { country: 'GB' })).status).toBe(403);
    expect(
      (
        await partnerAdmin.post(`/api/organisations/${ids.contoso}/invitations`, {
          email: 'p@x.example',
          role: 'admin',
        })
      ).status,
    ).toBe(403);
  });

  it('request → approve gives access; refuse and revoke take it away', async () => {
    const req = await partnerAdmin.post('/api/partner-relationships', {
      tenantId: '0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d',
      message: 'We would like to help with Teams.',
    });
    expect(req.status).toBe(201);
    expect(req.body).toMatchObject({ status: 'requested', customerId: ids.lamna });
    // pending: still no access; the partner cannot approve its own request
    expect((await partnerAdmin.get(`/api/organisations/${ids.lamna}`)).status).toBe(404);
    expect((await partnerAdmin.post(`/api/partner-relationships/${req.body.id}/approve`)).status).toBe(403);
    // a second request while one is open is a conflict
    expect((await partnerAdmin.post('/api/partner-relationships', { domain: 'lamna.example' })).status).toBe(
      409,
    );
    // the customer sees the request and the partner's name, and a member cannot decide
    const pending = await lamnaAdmin.get('/api/partner-relationships?status=requested');
    expect(pending.body.map((r: { partnerName: string }) => r.partnerName)).toEqual(['Fabrikam Partners']);
    expect((await lamnaAdmin.get(`/api/organisations/${ids.partner}`)).status).toBe(200);

    const approved = await lamnaAdmin.post(`/api/partner-relationships/${req.body.id}/approve`);
    expect(approved.body.status).toBe('approved');
    expect((await partnerAdmin.get(`/api/organisations/${ids.lamna}`)).status).toBe(200);

    const revoked = await lamnaAdmin.post(`/api/partner-relationships/${req.body.id}/revoke`);
    expect(revoked.body.status).toBe('revoked');
    expect((await partnerAdmin.get(`/api/organisations/${ids.lamna}`)).status).toBe(404);
    expect((await lamnaAdmin.post(`/api/partner-relationships/${req.body.id}/approve`)).status).toBe(409);

    const again = await partnerAdmin.post('/api/partner-relationships', { domain: 'lamna.example' });
    const refused = await lamnaAdmin.post(`/api/partner-relationships/${again.body.id}/refuse`);
    expect(refused.body.status).toBe('refused');
    expect((await partnerAdmin.get(`/api/organisations/${ids.lamna}`)).status).toBe(404);
  });

  it('the partner may revoke its own relationship too', async () => {
    const tailspinAdmin = await as(h.app, 'admin@tailspin.example');
    const req = await partnerAdmin.post('/api/partner-relationships', { domain: 'tailspin-jp.example' });
    await tailspinAdmin.post(`/api/partner-relationships/${req.body.id}/approve`);
    expect((await partnerAdmin.get(`/api/organisations/${ids.tailspin}`)).status).toBe(200);
    expect((await partnerAdmin.post(`/api/partner-relationships/${req.body.id}/revoke`)).body.status).toBe(
      'revoked',
    );
    expect((await partnerAdmin.get(`/api/organisations/${ids.tailspin}`)).status).toBe(404);
  });

  it('a partner member cannot request relationships; a customer cannot request one', async () => {
    const consultant = await as(h.app, 'consultant@fabrikam-partners.example');
    expect((await consultant.post('/api/partner-relationships', { domain: 'lamna.example' })).status).toBe(
      403,
    );
    expect((await contosoAdmin.post('/api/partner-relationships', { domain: 'lamna.example' })).status).toBe(
      403,
    );
  });
});

describe('center', () => {
  it('center staff see every organisation; only admins and leads create customers', async () => {
    const engineer = await as(h.app, 'engineer@fasttrack.example');
    const all = await engineer.get('/api/organisations?limit=200');
    expect(all.body.items.length).toBeGreaterThanOrEqual(5);
    const body = {
      name: 'Adatum',
      domains: ['adatum.example'],
      country: 'DE',
      language: 'de',
      timeZone: 'Europe/Berlin',
      segment: 'commercial',
    };
    expect((await engineer.post('/api/customers', body)).status).toBe(403);
    expect((await contosoAdmin.post('/api/customers', body)).status).toBe(403);
    const lead = await as(h.app, 'lead@fasttrack.example');
    const made = await lead.post('/api/customers', body);
    expect(made.status).toBe(201);
    expect(made.body.customer).toMatchObject({ domains: ['adatum.example'], language: 'de' });
    const found = await engineer.get('/api/organisations?q=adatum.example');
    expect(found.body.items.map((o: { id: string }) => o.id)).toEqual([made.body.id]);
  });
});
