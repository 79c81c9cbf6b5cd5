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
        language: 'de',
        time_zone: 'Europe/Berlin',
        segment: 'commercial',
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
