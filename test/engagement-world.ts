/** A customer with an approved partner whose Exchange + Teams + Gmail request was approved: an engagement to work on. */
import { expect } from 'vitest';
import { as, type Client } from './client.ts';
import {
  makeOrganisation,
  makeRelationship,
  makeSubscription,
  makeUser,
  requestBody,
  uniq,
} from './factories.ts';
import type { Harness } from './harness.ts';

export const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

export interface World {
  customerId: string;
  domain: string;
  customer: Client;
  partnerAdmin: Client;
  partnerMember: Client;
  partnerId: string;
  engagementId: string;
}

/** A customer with 1,500 E3 seats and an approved partner, whose Exchange + Teams + Gmail request was approved. */
export async function world(h: Harness, lead: Client): Promise<World> {
  const customerId = await makeOrganisation(h.db, 'customer', `Customer ${uniq()}`);
  const { domains } = await h.db
    .selectFrom('customers')
    .select('domains')
    .where('organisation_id', '=', customerId)
    .executeTakeFirstOrThrow();
  await makeSubscription(h.db, customerId, { sku: 'M365_E3', seats: 1500 });
  const admin = await makeUser(h.db, customerId, 'admin');
  const partnerId = await makeOrganisation(h.db, 'partner', `Partner ${uniq()}`);
  const pAdmin = await makeUser(h.db, partnerId, 'admin');
  const pMember = await makeUser(h.db, partnerId, 'member');
  await makeRelationship(h.db, partnerId, customerId, pAdmin.id, 'approved');
  const customer = await as(h.app, admin.email);
  const filed = await customer.request('POST', '/api/requests', requestBody(customerId), {
    'idempotency-key': `k-${uniq()}-${uniq()}`,
  });
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  const approved = await lead.post(`/api/requests/${filed.body.id}/approve`, {
    reasonId: 'eligible-with-migration-service',
    scenario: 'center-led',
  });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return {
    customerId,
    domain: domains[0]!,
    customer,
    partnerAdmin: await as(h.app, pAdmin.email),
    partnerMember: await as(h.app, pMember.email),
    partnerId,
    engagementId: approved.body.decision.engagementId,
  };
}
