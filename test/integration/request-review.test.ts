/**
 * "Before you decide": eligibility checked again today, what approving would do per product, the
 * customer's engagement, and the checks of the standard flow — for center reviewers only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/platform/i18n/i18n.ts';
import { as, type Client } from '../client.ts';
import { auditCount, orgIds } from '../db-snapshot.ts';
import { makeOrganisation, makeSubscription, requestBody, uniq } from '../factories.ts';
import { type Harness, startHarness } from '../harness.ts';

let h: Harness;
let ids: Record<string, string>;
let lead: Client;

const file = async (c: Client, body: unknown) => {
  const res = await c.request('POST', '/api/requests', body, {
    'idempotency-key': `review-${uniq()}-${uniq()}`,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; number: string };
};
const ids_ = (list: { id: string }[]) => list.map((c) => c.id);

beforeAll(async () => {
  h = await startHarness();
  ids = await orgIds(h.db);
  lead = await as(h.app, 'lead@fasttrack.example'); // prefers German
});
afterAll(() => h.close());

describe('review before deciding', () => {
  it('a new customer: what approving would deliver and who would, Teams First Pitch, other open requests, then the engagement it joins', async () => {
    const c = await makeOrganisation(h.db, 'customer', `Review ${uniq()}`);
    await makeSubscription(h.db, c, { sku: 'M365_E3', seats: 600 });
    const body = (over: Record<string, unknown>) => requestBody(c, { channel: 'center-on-behalf', ...over });
    const first = await file(
      lead,
      body({
        workloads: [
          { workload: 'exchange-online', plannedDate: '2099-01-01' },
          { workload: 'skype-for-business', plannedDate: '2099-01-01' },
          { workload: 'azure-information-protection', plannedDate: '2099-01-01' },
        ],
      }),
    );
    const before = await auditCount(h.db);
    const res = await lead.get(`/api/requests/${first.id}/review`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const r = res.body;
    expect(r.open).toBe(true);
    // 600 seats, migration asked for: Exchange Online with the migration service; AIP needs E5-class plans
    expect(r.proposal.approved).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ workload: 'exchange-online', migrationLevel: 'service' }),
      ]),
    );
    expect(r.proposal.refused.map((x: { workload: string }) => x.workload)).toContain(
      'azure-information-protection',
    );
    expect(r.proposal.refused[0].reasons.length).toBeGreaterThan(0);
    expect(ids_(r.checks)).toEqual(expect.arrayContaining(['teamsFirstPitch', 'ineligible', 'netNew']));
    expect(ids_(r.checks)).not.toContain('siblings');
    // in the reviewer's language, with the numbers
    const ineligible = r.checks.find((x: { id: string }) => x.id === 'ineligible');
    expect(ineligible.message).toBe(
      t('de', 'requests.review.ineligible', { count: r.proposal.refused.length, canExcept: 'yes' }),
    );
    expect(r.eligibility.workloads.map((w: { workload: string }) => w.workload)).not.toContain('teams');
    expect(await auditCount(h.db)).toBe(before); // reading changes nothing

    // a second open request of the customer; the first is approved: the second now joins its engagement
    const second = await file(lead, body({ projectName: `Second ${uniq()}` }));
    expect(ids_((await lead.get(`/api/requests/${first.id}/review`)).body.checks)).toContain('siblings');
    const approved = await lead.post(`/api/requests/${first.id}/approve`, {
      reasonId: 'eligible-with-migration-service',
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const after = (await lead.get(`/api/requests/${second.id}/review`)).body;
    expect(after.engagement.id).toBe(approved.body.decision.engagementId);
    expect(after.engagement.workloads).toContain('exchange-online');
    expect(ids_(after.checks)).toContain('existingEngagement');
    expect(ids_(after.checks)).not.toContain('netNew');
    expect((await lead.get(`/api/requests/${first.id}/review`)).body.open).toBe(false);
  });

  it('says when eligibility changed since filing, and proposes the partner who works with the customer', async () => {
    const filed = await file(
      await as(h.app, 'it.admin@contoso.example'),
      requestBody(ids.contoso!, { projectName: `Changed ${uniq()}` }),
    );
    const r = (await lead.get(`/api/requests/${filed.id}/review`)).body;
    const exchange = r.proposal.approved.find((a: { workload: string }) => a.workload === 'exchange-online');
    expect(exchange).toMatchObject({ scenario: 'partner-led', partnerId: ids.partner });
    expect(r.partners[ids.partner!]).toBe('Fabrikam Partners');
    expect(ids_(r.checks)).not.toContain('eligibilityChanged');

    // the customer's licences lapse after filing
    const saved = await h.db
      .selectFrom('subscriptions')
      .select(['id', 'status', 'ends_on'])
      .where('customer_id', '=', ids.contoso!)
      .execute();
    await h.db
      .updateTable('subscriptions')
      .set({ status: 'expired', ends_on: '2020-01-01' })
      .where('customer_id', '=', ids.contoso!)
      .execute();
    try {
      const now = (await lead.get(`/api/requests/${filed.id}/review`)).body;
      const changed = now.checks.filter((x: { id: string }) => x.id === 'eligibilityChanged');
      expect(changed.length).toBe(2);
      expect(changed[0].message).toBe(
        t('de', 'requests.review.eligibilityChanged', { workload: 'Exchange Online', now: 'no' }),
      );
      expect(now.proposal.approved).toEqual([]);
      expect(now.proposal.refused.map((x: { workload: string }) => x.workload).sort()).toEqual([
        'exchange-online',
        'teams',
      ]);
    } finally {
      for (const x of saved)
        await h.db
          .updateTable('subscriptions')
          .set({ status: x.status, ends_on: x.ends_on })
          .where('id', '=', x.id)
          .execute();
    }
  });

  it("says when the service location is not the customer's country, with both names in the reader's language", async () => {
    // Contoso is in the United States
    const abroad = await file(
      lead,
      requestBody(ids.contoso!, {
        channel: 'center-on-behalf',
        serviceLocation: 'FR',
        projectName: `Paris ${uniq()}`,
      }),
    );
    const checks = (await lead.get(`/api/requests/${abroad.id}/review`)).body.checks;
    expect(checks.find((x: { id: string }) => x.id === 'locationDiffers')).toEqual({
      id: 'locationDiffers',
      level: 'warning',
      message: t('de', 'requests.review.locationDiffers', {
        location: 'Frankreich',
        country: 'Vereinigte Staaten',
      }),
    });
    const home = await file(
      lead,
      requestBody(ids.contoso!, {
        channel: 'center-on-behalf',
        serviceLocation: 'US',
        projectName: `Home ${uniq()}`,
      }),
    );
    expect(ids_((await lead.get(`/api/requests/${home.id}/review`)).body.checks)).not.toContain(
      'locationDiffers',
    );
  });

  it('is for center reviewers only', async () => {
    const customer = await as(h.app, 'it.admin@contoso.example');
    const filed = await file(customer, requestBody(ids.contoso!, { projectName: `Scope ${uniq()}` }));
    expect((await customer.get(`/api/requests/${filed.id}/review`)).status).toBe(403);
    expect(
      (await (await as(h.app, 'lead@fabrikam-partners.example')).get(`/api/requests/${filed.id}/review`))
        .status,
    ).toBe(403);
    expect(
      (await (await as(h.app, 'engineer@fasttrack.example')).get(`/api/requests/${filed.id}/review`)).status,
    ).toBe(403);
    expect((await lead.get(`/api/requests/rfa_${'0'.repeat(32)}/review`)).status).toBe(404);
  });
});
