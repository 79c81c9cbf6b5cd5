/**
 * Demo data for a first start on an empty database: the center, one person per role, three
 * customers (different countries and languages; one under 150 paid seats, one over 500) and a
 * partner with an approved relationship to one of them. Listed in README.md.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { hashPassword } from '../identity/secrets.ts';

export const DEMO_PASSWORD = 'FastTrack-demo-1';

export const DEMO = {
  center: { name: 'FastTrack Center' },
  customers: [
    {
      key: 'contoso',
      name: 'Contoso Ltd',
      domains: ['contoso.example'],
      tenantId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
      country: 'US',
      language: 'en',
      timeZone: 'America/New_York',
      segment: 'commercial',
      subscriptions: [
        { sku: 'M365_E3', seats: 1200, kind: 'paid' as const, startsOn: '2024-07-01' },
        { sku: 'EMS_E3', seats: 300, kind: 'paid' as const, startsOn: '2025-01-01' },
      ],
    },
    {
      key: 'lamna',
      name: 'Lamna Santé',
      domains: ['lamna.example'],
      tenantId: '0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d',
      country: 'FR',
      language: 'fr',
      timeZone: 'Europe/Paris',
      segment: 'commercial',
      subscriptions: [{ sku: 'O365_E3', seats: 120, kind: 'paid' as const, startsOn: '2025-03-01' }],
    },
    {
      key: 'tailspin',
      name: 'Tailspin 株式会社',
      domains: ['tailspin.example', 'tailspin-jp.example'],
      tenantId: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
      country: 'JP',
      language: 'ja',
      timeZone: 'Asia/Tokyo',
      segment: 'commercial',
      subscriptions: [{ sku: 'O365_E3', seats: 400, kind: 'paid' as const, startsOn: '2025-04-01' }],
    },
  ],
  partner: { name: 'Fabrikam Partners' },
  people: [
    {
      email: 'admin@fasttrack.example',
      name: 'Avery Admin',
      org: 'center',
      role: 'admin',
      language: 'en',
      timeZone: 'America/Chicago',
    },
    {
      email: 'lead@fasttrack.example',
      name: 'Lena Lead',
      org: 'center',
      role: 'lead',
      language: 'de',
      timeZone: 'Europe/Berlin',
    },
    {
      email: 'manager@fasttrack.example',
      name: 'Mateo Manager',
      org: 'center',
      role: 'manager',
      language: 'es',
      timeZone: 'Europe/Madrid',
    },
    {
      email: 'engineer@fasttrack.example',
      name: 'Eun-ji Engineer',
      org: 'center',
      role: 'engineer',
      language: 'ko',
      timeZone: 'Asia/Seoul',
    },
    {
      email: 'migration@fasttrack.example',
      name: 'Minh Migration',
      org: 'center',
      role: 'migration-manager',
      language: 'vi',
      timeZone: 'Asia/Ho_Chi_Minh',
    },
    {
      email: 'it.admin@contoso.example',
      name: 'Chris Contoso',
      org: 'contoso',
      role: 'admin',
      language: 'en',
      timeZone: 'America/New_York',
    },
    {
      email: 'user@contoso.example',
      name: 'Casey Contoso',
      org: 'contoso',
      role: 'member',
      language: null,
      timeZone: 'America/New_York',
    },
    {
      email: 'admin@lamna.example',
      name: 'Louise Lamna',
      org: 'lamna',
      role: 'admin',
      language: 'fr',
      timeZone: 'Europe/Paris',
    },
    {
      email: 'admin@tailspin.example',
      name: '高橋 Takahashi',
      org: 'tailspin',
      role: 'admin',
      language: 'ja',
      timeZone: 'Asia/Tokyo',
    },
    {
      email: 'lead@fabrikam-partners.example',
      name: 'Pat Partner',
      org: 'partner',
      role: 'admin',
      language: 'pt-BR',
      timeZone: 'America/Sao_Paulo',
    },
    {
      email: 'consultant@fabrikam-partners.example',
      name: 'Quinn Consultant',
      org: 'partner',
      role: 'member',
      language: 'zh-Hans',
      timeZone: 'Asia/Shanghai',
    },
  ],
} as const;

export async function seedDemo(db: Db): Promise<{ created: boolean }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext('fasttrack-demo-seed'))`.execute(tx);
    const any = await tx.selectFrom('organisations').select('id').limit(1).executeTakeFirst();
    if (any) return { created: false };

    const orgIds: Record<string, string> = { center: newId('org'), partner: newId('org') };
    await tx
      .insertInto('organisations')
      .values({ id: orgIds.center!, kind: 'center', name: DEMO.center.name })
      .execute();
    await tx
      .insertInto('organisations')
      .values({ id: orgIds.partner!, kind: 'partner', name: DEMO.partner.name })
      .execute();
    for (const c of DEMO.customers) {
      const id = newId('org');
      orgIds[c.key] = id;
      await tx.insertInto('organisations').values({ id, kind: 'customer', name: c.name }).execute();
      await tx
        .insertInto('customers')
        .values({
          organisation_id: id,
          domains: [...c.domains],
          tenant_id: c.tenantId,
          country: c.country,
          language: c.language,
          time_zone: c.timeZone,
          segment: c.segment,
        })
        .execute();
      for (const s of c.subscriptions) {
        await tx
          .insertInto('subscriptions')
          .values({
            id: newId('sub'),
            customer_id: id,
            plan_sku: s.sku,
            paid_seats: s.seats,
            status: 'active',
            licence_kind: s.kind,
            starts_on: s.startsOn,
            ends_on: null,
          })
          .execute();
      }
    }
    const userIds: Record<string, string> = {};
    for (const p of DEMO.people) {
      const id = newId('usr');
      userIds[p.email] = id;
      await tx
        .insertInto('users')
        .values({
          id,
          email: p.email,
          name: p.name,
          password_hash: passwordHash,
          language: p.language,
          time_zone: p.timeZone,
        })
        .execute();
      await tx
        .insertInto('memberships')
        .values({ user_id: id, organisation_id: orgIds[p.org]!, role: p.role })
        .execute();
    }
    // the center admin also belongs to the partner, to show switching organisations
    await tx
      .insertInto('memberships')
      .values({
        user_id: userIds['admin@fasttrack.example']!,
        organisation_id: orgIds.partner!,
        role: 'member',
      })
      .execute();
    // routing profiles, so that suggestions, auto-assignment and referrals work out of the box
    const profiles = [
      {
        email: 'manager@fasttrack.example',
        roles: ['fasttrack-manager'],
        languages: ['en', 'es', 'fr', 'pt-BR'],
        workloads: [],
      },
      {
        email: 'engineer@fasttrack.example',
        roles: ['fasttrack-engineer'],
        languages: ['en', 'ko', 'ja'],
        workloads: [
          'exchange-online',
          'sharepoint-online',
          'onedrive',
          'teams',
          'microsoft-365-apps',
          'intune',
        ],
      },
      {
        email: 'migration@fasttrack.example',
        roles: ['migration-manager'],
        languages: ['en', 'vi'],
        workloads: ['exchange-online', 'sharepoint-online', 'onedrive'],
      },
    ];
    for (const p of profiles) {
      await tx
        .insertInto('person_profiles')
        .values({
          user_id: userIds[p.email]!,
          organisation_id: orgIds.center!,
          roles: p.roles,
          languages: p.languages,
          regions: ['americas', 'emea', 'apj'],
          workloads: p.workloads,
          capacity: 25,
        })
        .execute();
    }
    await tx
      .insertInto('partner_profiles')
      .values({
        organisation_id: orgIds.partner!,
        languages: ['en', 'pt-BR', 'es', 'zh-Hans'],
        countries: ['US', 'CA', 'BR', 'MX', 'FR', 'JP'],
        industries: ['retail', 'manufacturing'],
        min_seats: 150,
        workloads: ['exchange-online', 'sharepoint-online', 'onedrive', 'teams', 'microsoft-365-apps'],
        capacity: 40,
        time_zone: 'America/Sao_Paulo',
      })
      .execute();
    const relId = newId('rel');
    await tx
      .insertInto('partner_relationships')
      .values({
        id: relId,
        partner_id: orgIds.partner!,
        customer_id: orgIds.contoso!,
        status: 'approved',
        message: 'Fabrikam runs the Microsoft 365 roll-out for Contoso.',
        requested_by: userIds['lead@fabrikam-partners.example']!,
        decided_by: userIds['it.admin@contoso.example']!,
      })
      .execute();
    await tx
      .insertInto('audit_log')
      .values({
        id: newId('aud'),
        actor_user_id: null,
        actor_token_id: null,
        organisation_id: orgIds.center!,
        action: 'demo.seed',
        target_type: 'organisation',
        target_id: orgIds.center!,
        before: null,
        after: JSON.stringify({ organisations: Object.keys(orgIds).length, people: DEMO.people.length }),
        request_id: null,
      })
      .execute();
    return { created: true };
  });
}
