/** Factories for medium tests: rows a test needs, made the way the product makes them. */
import { randomBytes } from 'node:crypto';
import { DEMO_PASSWORD } from '../src/modules/demo/seed-demo.ts';
import { hashPassword, hashToken, newSecret } from '../src/modules/identity/secrets.ts';
import type { Db } from '../src/platform/db/database.ts';
import type { OrganisationKind } from '../src/platform/db/schema.ts';
import { newId } from '../src/platform/ids.ts';

let cachedHash: string | null = null;
const demoHash = async () => (cachedHash ??= await hashPassword(DEMO_PASSWORD));

export const uniq = () => randomBytes(4).toString('hex');

export async function makeOrganisation(
  db: Db,
  kind: OrganisationKind,
  name = `${kind} ${uniq()}`,
  opts: { segment?: string; language?: string } = {},
): Promise<string> {
  const id = newId('org');
  await db.insertInto('organisations').values({ id, kind, name }).execute();
  if (kind === 'customer') {
    await db
      .insertInto('customers')
      .values({
        organisation_id: id,
        domains: [`${uniq()}.example`],
        tenant_id: null,
        country: 'DE',
        language: opts.language ?? 'de',
        time_zone: 'Europe/Berlin',
        segment: opts.segment ?? 'commercial',
      })
      .execute();
  }
  return id;
}

export async function makeUser(
  db: Db,
  organisationId: string,
  role: string,
  opts: { language?: string } = {},
): Promise<{ id: string; email: string }> {
  const id = newId('usr');
  const email = `person.${uniq()}@example.com`;
  await db
    .insertInto('users')
    .values({
      id,
      email,
      name: `Person ${email.slice(7, 15)}`,
      password_hash: await demoHash(),
      language: opts.language ?? null,
    })
    .execute();
  await db.insertInto('memberships').values({ user_id: id, organisation_id: organisationId, role }).execute();
  return { id, email };
}

export async function makeInvitationToken(
  db: Db,
  organisationId: string,
  invitedBy: string,
  email = `invitee.${uniq()}@example.com`,
) {
  const token = newSecret('ftci');
  const id = newId('inv');
  await db
    .insertInto('invitations')
    .values({
      id,
      token_hash: hashToken(token),
      organisation_id: organisationId,
      email,
      role: 'member',
      invited_by: invitedBy,
      expires_at: new Date(Date.now() + 86_400_000),
    })
    .execute();
  return { id, token, email };
}

export async function makeResetToken(db: Db, userId: string) {
  const token = newSecret('ftcr');
  await db
    .insertInto('password_resets')
    .values({
      id: newId('pwr'),
      token_hash: hashToken(token),
      user_id: userId,
      expires_at: new Date(Date.now() + 3_600_000),
    })
    .execute();
  return token;
}

export async function makeRelationship(
  db: Db,
  partnerId: string,
  customerId: string,
  requestedBy: string,
  status: 'requested' | 'approved' = 'requested',
) {
  const id = newId('rel');
  await db
    .insertInto('partner_relationships')
    .values({ id, partner_id: partnerId, customer_id: customerId, status, requested_by: requestedBy })
    .execute();
  return id;
}

/** A valid request body for the customer; override any part. */
export function requestBody(customerId: string, over: Record<string, unknown> = {}) {
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  return {
    customerId,
    channel: 'portal-quick-action',
    projectName: `Modern work ${uniq()}`,
    serviceLocation: 'US',
    preferredLanguage: 'en',
    workloads: [
      { workload: 'exchange-online', plannedDate: inDays(30) },
      { workload: 'teams', plannedDate: inDays(45) },
    ],
    options: { dataMigration: true, migrationSources: ['gmail'] },
    requester: { phone: '+1 425 555 0100', title: 'IT director' },
    primaryContact: 'same-as-requester',
    businessSponsor: { name: 'Sam Sponsor', email: 'sam.sponsor@contoso.example', title: 'CIO' },
    ...over,
  };
}

export async function makeSubscription(
  db: Db,
  customerId: string,
  s: {
    sku: string;
    seats: number;
    kind?: 'paid' | 'trial' | 'free';
    status?: 'active' | 'expired';
    startsOn?: string;
    endsOn?: string | null;
    edu?: 'faculty' | 'student';
  },
) {
  await db
    .insertInto('subscriptions')
    .values({
      id: newId('sub'),
      customer_id: customerId,
      plan_sku: s.sku,
      paid_seats: s.seats,
      status: s.status ?? 'active',
      licence_kind: s.kind ?? 'paid',
      starts_on: s.startsOn ?? '2025-01-01',
      ends_on: s.endsOn ?? null,
      education_seat_kind: s.edu ?? null,
    })
    .execute();
}
