/**
 * Every mutating route writes exactly one audit record with its change, in the same transaction:
 * when the audit insert fails, the change is rolled back and the database is left as it was.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, Client, type Res } from '../client.ts';
import { auditCount, lastAudit, orgIds, snapshot } from '../db-snapshot.ts';
import {
  makeInvitationToken,
  makeOrganisation,
  makeRelationship,
  makeResetToken,
  makeSubscription,
  makeUser,
  requestBody,
  uniq,
} from '../factories.ts';
import { inDays, world } from '../engagement-world.ts';
import { type Harness, startHarness } from '../harness.ts';

let h: Harness;
let ids: Record<string, string>;

beforeAll(async () => {
  h = await startHarness();
  ids = await orgIds(h.db);
  await sql`
    create table audit_fault (on_ boolean);
    create function audit_fault_check() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from audit_fault) then raise exception 'injected audit failure'; end if;
      return new;
    end $$;
    create trigger audit_fault_check before insert on audit_log for each row execute function audit_fault_check();
  `.execute(h.db);
});
afterAll(() => h.close());

/** POST routes that read only. */
const READ_ONLY = new Set(['POST /api/invitations/preview']);

type Act = () => Promise<Res>;
interface Case {
  action: string;
  prepare: () => Promise<Act>;
}

const uuid = () => crypto.randomUUID();

const cases: Record<string, Case> = {
  'POST /api/auth/sign-in': {
    action: 'session.create',
    prepare: async () => {
      const u = await makeUser(h.db, ids.contoso!, 'member');
      return () =>
        new Client(h.app).post('/api/auth/sign-in', { email: u.email, password: 'FastTrack-demo-1' });
    },
  },
  'POST /api/auth/sign-out': {
    action: 'session.revoke',
    prepare: async () => {
      const c = await as(h.app, 'user@contoso.example');
      return () => c.post('/api/auth/sign-out');
    },
  },
  'POST /api/auth/sign-out-everywhere': {
    action: 'session.revoke_all',
    prepare: async () => {
      const c = await as(h.app, 'user@contoso.example');
      return () => c.post('/api/auth/sign-out-everywhere');
    },
  },
  'POST /api/auth/password-reset': {
    action: 'password_reset.request',
    prepare: async () => () =>
      new Client(h.app).post('/api/auth/password-reset', { email: 'user@contoso.example' }),
  },
  'POST /api/auth/password-reset/confirm': {
    action: 'password_reset.complete',
    prepare: async () => {
      const u = await makeUser(h.db, ids.contoso!, 'member');
      const token = await makeResetToken(h.db, u.id);
      return () =>
        new Client(h.app).post('/api/auth/password-reset/confirm', { token, password: 'a-new-passphrase-1' });
    },
  },
  'PATCH /api/me': {
    action: 'user.update',
    prepare: async () => {
      const c = await as(h.app, 'user@contoso.example');
      return () => c.patch('/api/me', { timeZone: 'Europe/Lisbon', name: `Casey ${uniq()}` });
    },
  },
  'POST /api/me/organisation': {
    action: 'session.switch_organisation',
    prepare: async () => {
      const c = await as(h.app, 'admin@fasttrack.example', ids.center);
      return () => c.post('/api/me/organisation', { organisationId: ids.partner });
    },
  },
  'POST /api/organisations/{id}/invitations': {
    action: 'invitation.create',
    prepare: async () => {
      const c = await as(h.app, 'it.admin@contoso.example');
      return () =>
        c.post(`/api/organisations/${ids.contoso}/invitations`, {
          email: `i.${uniq()}@contoso.example`,
          role: 'member',
        });
    },
  },
  'DELETE /api/invitations/{id}': {
    action: 'invitation.revoke',
    prepare: async () => {
      const c = await as(h.app, 'it.admin@contoso.example');
      const inv = await makeInvitationToken(h.db, ids.contoso!, c.me.user.id);
      return () => c.del(`/api/invitations/${inv.id}`);
    },
  },
  'POST /api/invitations/accept': {
    action: 'invitation.accept',
    prepare: async () => {
      const admin = await as(h.app, 'it.admin@contoso.example');
      const inv = await makeInvitationToken(h.db, ids.contoso!, admin.me.user.id);
      return () =>
        new Client(h.app).post('/api/invitations/accept', {
          token: inv.token,
          name: 'Invitee',
          password: 'correct horse battery',
        });
    },
  },
  'POST /api/api-tokens': {
    action: 'api_token.create',
    prepare: async () => {
      const c = await as(h.app, 'it.admin@contoso.example');
      return () => c.post('/api/api-tokens', { name: `t-${uniq()}`, role: 'member' });
    },
  },
  'DELETE /api/api-tokens/{id}': {
    action: 'api_token.revoke',
    prepare: async () => {
      const c = await as(h.app, 'it.admin@contoso.example');
      const t = await c.post('/api/api-tokens', { name: `t-${uniq()}`, role: 'member' });
      return () => c.del(`/api/api-tokens/${t.body.id}`);
    },
  },
  'PATCH /api/organisations/{id}': {
    action: 'organisation.update',
    prepare: async () => {
      const c = await as(h.app, 'admin@lamna.example');
      return () => c.patch(`/api/organisations/${ids.lamna}`, { name: `Lamna Santé ${uniq()}` });
    },
  },
  'DELETE /api/organisations/{id}/members/{userId}': {
    action: 'membership.delete',
    prepare: async () => {
      const c = await as(h.app, 'it.admin@contoso.example');
      const u = await makeUser(h.db, ids.contoso!, 'member');
      return () => c.del(`/api/organisations/${ids.contoso}/members/${u.id}`);
    },
  },
  'POST /api/customers': {
    action: 'customer.create',
    prepare: async () => {
      const c = await as(h.app, 'admin@fasttrack.example', ids.center);
      return () =>
        c.post('/api/customers', {
          name: `Woodgrove ${uniq()}`,
          domains: [`woodgrove-${uniq()}.example`],
          tenantId: uuid(),
          country: 'BR',
          language: 'pt-BR',
          timeZone: 'America/Sao_Paulo',
          segment: 'education',
        });
    },
  },
  'PATCH /api/customers/{id}': {
    action: 'customer.update',
    prepare: async () => {
      const c = await as(h.app, 'it.admin@contoso.example');
      return () =>
        c.patch(`/api/customers/${ids.contoso}`, { domains: ['contoso.example', `c${uniq()}.example`] });
    },
  },
  'POST /api/partners': {
    action: 'partner.create',
    prepare: async () => {
      const c = await as(h.app, 'lead@fasttrack.example', ids.center);
      return () => c.post('/api/partners', { name: `Northwind ${uniq()}` });
    },
  },
  'POST /api/partner-relationships': {
    action: 'relationship.request',
    prepare: async () => {
      const partner = await makeOrganisation(h.db, 'partner');
      const admin = await makeUser(h.db, partner, 'admin');
      const c = await as(h.app, admin.email);
      return () => c.post('/api/partner-relationships', { domain: 'lamna.example' });
    },
  },
  'POST /api/partner-relationships/{id}/approve': {
    action: 'relationship.approve',
    prepare: async () => {
      const partner = await makeOrganisation(h.db, 'partner');
      const p = await makeUser(h.db, partner, 'admin');
      const rel = await makeRelationship(h.db, partner, ids.lamna!, p.id);
      const c = await as(h.app, 'admin@lamna.example');
      return () => c.post(`/api/partner-relationships/${rel}/approve`);
    },
  },
  'POST /api/partner-relationships/{id}/refuse': {
    action: 'relationship.refuse',
    prepare: async () => {
      const partner = await makeOrganisation(h.db, 'partner');
      const p = await makeUser(h.db, partner, 'admin');
      const rel = await makeRelationship(h.db, partner, ids.lamna!, p.id);
      const c = await as(h.app, 'admin@lamna.example');
      return () => c.post(`/api/partner-relationships/${rel}/refuse`);
    },
  },
  'POST /api/partner-relationships/{id}/revoke': {
    action: 'relationship.revoke',
    prepare: async () => {
      const partner = await makeOrganisation(h.db, 'partner');
      const p = await makeUser(h.db, partner, 'admin');
      const rel = await makeRelationship(h.db, partner, ids.tailspin!, p.id, 'approved');
      const c = await as(h.app, p.email);
      return () => c.post(`/api/partner-relationships/${rel}/revoke`);
    },
  },
  'PATCH /api/programme/tasks/{taskId}': {
    action: 'programme.task_template.update',
    prepare: async () => {
      const c = await as(h.app, 'admin@fasttrack.example', ids.center);
      const tasks = await c.get('/api/programme/tasks?phase=assess');
      const task = tasks.body[0];
      return () =>
        c.patch(`/api/programme/tasks/${task.id}`, {
          summary: 'Clarify the name',
          name: `${task.name} (${uniq()})`,
        });
    },
  },
  'POST /api/customers/{id}/subscriptions': {
    action: 'subscription.create',
    prepare: async () => {
      const c = await as(h.app, 'admin@fasttrack.example', ids.center);
      return () =>
        c.post(`/api/customers/${ids.lamna}/subscriptions`, {
          planSku: 'M365_E5',
          paidSeats: 40,
          status: 'active',
          licenceKind: 'paid',
          startsOn: '2026-01-01',
        });
    },
  },
  'PATCH /api/subscriptions/{id}': {
    action: 'subscription.update',
    prepare: async () => {
      const c = await as(h.app, 'admin@lamna.example');
      const sub = await h.db
        .selectFrom('subscriptions')
        .select('id')
        .where('customer_id', '=', ids.lamna!)
        .executeTakeFirstOrThrow();
      return () =>
        c.patch(`/api/subscriptions/${sub.id}`, { paidSeats: 100 + Math.floor(Math.random() * 40) });
    },
  },
  'POST /api/customers/{id}/subscriptions/import': {
    action: 'subscription.import',
    prepare: async () => {
      const c = await as(h.app, 'admin@fasttrack.example', ids.center);
      const csv =
        'planSku,paidSeats,status,licenceKind,startsOn\nO365_E1,30,active,paid,2026-02-01\nEMS_E3,20,active,paid,2026-02-01\n';
      return () =>
        c.request('POST', `/api/customers/${ids.lamna}/subscriptions/import`, csv, {
          'content-type': 'text/csv',
        });
    },
  },
  'POST /api/requests': {
    action: 'request.create',
    prepare: async () => {
      const c = await as(h.app, 'it.admin@contoso.example');
      return () =>
        c.request('POST', '/api/requests', requestBody(ids.contoso!), {
          'idempotency-key': `audit-${uniq()}-${uniq()}`,
        });
    },
  },
  'POST /api/requests/claim-next': {
    action: 'request.claim',
    prepare: async () => {
      await fileRequest();
      const c = await as(h.app, 'manager@fasttrack.example');
      return () => c.post('/api/requests/claim-next', {});
    },
  },
  'POST /api/requests/{id}/claim': {
    action: 'request.claim',
    prepare: async () => {
      const id = await fileRequest();
      const c = await as(h.app, 'manager@fasttrack.example');
      return () => c.post(`/api/requests/${id}/claim`);
    },
  },
  'POST /api/requests/{id}/release': {
    action: 'request.release',
    prepare: async () => {
      const id = await fileRequest();
      const c = await as(h.app, 'manager@fasttrack.example');
      await c.post(`/api/requests/${id}/claim`);
      return () => c.post(`/api/requests/${id}/release`);
    },
  },
  'POST /api/requests/{id}/transition': {
    action: 'request.on_hold',
    prepare: async () => {
      const id = await fileRequest();
      const c = await as(h.app, 'lead@fasttrack.example');
      return () =>
        c.post(`/api/requests/${id}/transition`, {
          to: 'on-hold',
          reasonId: 'awaiting-licence-verification',
        });
    },
  },
  'POST /api/requests/{id}/messages': {
    action: 'request.message',
    prepare: async () => {
      const id = await fileRequest();
      const c = await as(h.app, 'lead@fasttrack.example');
      return () =>
        c.request(
          'POST',
          `/api/requests/${id}/messages`,
          { text: 'We call you on Monday.' },
          { 'idempotency-key': `audit-${Math.random().toString(36).slice(2)}` },
        );
    },
  },
  'PATCH /api/requests/{id}': {
    action: 'request.update',
    prepare: async () => {
      const id = await fileRequest();
      const c = await as(h.app, 'lead@fasttrack.example');
      return () => c.patch(`/api/requests/${id}`, { comments: `Corrected ${Math.random()}` });
    },
  },
  'POST /api/requests/{id}/approve': {
    action: 'request.approved',
    prepare: async () => {
      const id = await fileRequest();
      const c = await as(h.app, 'lead@fasttrack.example');
      return () => c.post(`/api/requests/${id}/approve`, { reasonId: 'eligible-standard' });
    },
  },
  'PATCH /api/engagements/{id}/tasks/{taskId}': {
    action: 'task.update',
    prepare: async () => {
      const w = await engagement();
      const task = await openTask(w.engagementId, 'customer');
      return () =>
        w.customer.patch(`/api/engagements/${w.engagementId}/tasks/${task}`, { status: 'complete' });
    },
  },
  'POST /api/engagements/{id}/tasks/{taskId}/guidance': {
    action: 'task.guidance',
    prepare: async () => {
      const w = await engagement();
      const task = await openTask(w.engagementId, 'customer');
      return () =>
        w.lead.post(`/api/engagements/${w.engagementId}/tasks/${task}/guidance`, { text: 'Read this first' });
    },
  },
  'POST /api/engagements/{id}/workloads/{workload}/phase/close': {
    action: 'engagement.phase',
    prepare: async () => {
      const w = await engagement();
      await h.db
        .updateTable('tasks')
        .set({ status: 'complete' })
        .where('engagement_id', '=', w.engagementId)
        .where('phase', '=', 'initiate')
        .where('gate', '=', true)
        .execute();
      return () => w.lead.post(`/api/engagements/${w.engagementId}/workloads/teams/phase/close`);
    },
  },
  'PUT /api/engagements/{id}/workloads/{workload}/entitlement': {
    action: 'engagement.entitlement',
    prepare: async () => {
      const w = await engagement();
      return () =>
        w.lead.request('PUT', `/api/engagements/${w.engagementId}/workloads/teams/entitlement`, {
          buckets: [
            { l1: 'in-progress', l2: 'technical-onboarding-and-deployment', count: 1495 },
            { l1: 'blocked', l2: 'legal-regulatory', count: 5 },
          ],
        });
    },
  },
  'PUT /api/engagements/{id}/workloads/{workload}/usage': {
    action: 'engagement.usage',
    prepare: async () => {
      const w = await engagement();
      return () =>
        w.lead.request('PUT', `/api/engagements/${w.engagementId}/workloads/teams/usage`, {
          activeUsers: 50,
        });
    },
  },
  'POST /api/engagements/{id}/workloads/{workload}/complete': {
    action: 'engagement.workload_complete',
    prepare: async () => {
      const w = await engagement();
      return () =>
        w.customer.post(`/api/engagements/${w.engagementId}/workloads/teams/complete`, {
          customerConfirmedNoBlockers: true,
        });
    },
  },
  'POST /api/engagements/{id}/disengage': {
    action: 'engagement.disengage',
    prepare: async () => {
      const w = await engagement();
      await h.db
        .updateTable('service_records')
        .set({ completed_at: new Date() })
        .where('engagement_id', '=', w.engagementId)
        .execute();
      await h.db
        .updateTable('tasks')
        .set({ status: 'complete' })
        .where('engagement_id', '=', w.engagementId)
        .where('template_id', 'in', [4058, 4060])
        .execute();
      return () => w.lead.post(`/api/engagements/${w.engagementId}/disengage`);
    },
  },
  'POST /api/engagements/{id}/notes': {
    action: 'engagement.note',
    prepare: async () => {
      const w = await engagement();
      return () =>
        w.lead.post(`/api/engagements/${w.engagementId}/notes`, {
          type: 'engagement-management',
          body: 'Kickoff held',
        });
    },
  },
  'POST /api/engagements/{id}/assignments': {
    action: 'engagement.assign',
    prepare: async () => {
      const w = await engagement();
      const manager = await h.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'manager@fasttrack.example')
        .executeTakeFirstOrThrow();
      return () =>
        w.lead.post(`/api/engagements/${w.engagementId}/assignments`, {
          role: 'fasttrack-manager',
          userId: manager.id,
          primary: true,
        });
    },
  },
  'DELETE /api/engagements/{id}/assignments/{assignmentId}': {
    action: 'engagement.unassign',
    prepare: async () => {
      const w = await engagement();
      const manager = await h.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'engineer@fasttrack.example')
        .executeTakeFirstOrThrow();
      const a = await w.lead.post(`/api/engagements/${w.engagementId}/assignments`, {
        role: 'fasttrack-engineer',
        userId: manager.id,
      });
      return () => w.lead.del(`/api/engagements/${w.engagementId}/assignments/${a.body.id}`);
    },
  },
  'POST /api/engagements/{id}/first-contact': {
    action: 'engagement.first_contact',
    prepare: async () => {
      const w = await engagement();
      return () => w.lead.post(`/api/engagements/${w.engagementId}/first-contact`);
    },
  },
  'POST /api/engagements/{id}/delay': {
    action: 'engagement.delay',
    prepare: async () => {
      const w = await engagement();
      return () =>
        w.customer.post(`/api/engagements/${w.engagementId}/delay`, {
          until: inDays(30),
          reason: 'Audit season',
        });
    },
  },
  'POST /api/engagements/{id}/motions': {
    action: 'engagement.motion',
    prepare: async () => {
      const w = await engagement();
      return () => w.lead.post(`/api/engagements/${w.engagementId}/motions`, { motion: 'targeting' });
    },
  },
  'POST /api/engagements/{id}/migration-projects': {
    action: 'migration.project_create',
    prepare: async () => {
      const w = await engagement();
      return () =>
        w.lead.post(`/api/engagements/${w.engagementId}/migration-projects`, {
          source: 'gmail',
          destination: 'exchange-online',
        });
    },
  },
  'POST /api/migration-projects/{id}/batches': {
    action: 'migration.batches_import',
    prepare: async () => {
      const w = await engagement();
      const p = await w.lead.post(`/api/engagements/${w.engagementId}/migration-projects`, {
        source: 'gmail',
        destination: 'exchange-online',
      });
      return async () => {
        const res = await h.app.inject({
          method: 'POST',
          url: `/api/migration-projects/${p.body.id}/batches`,
          headers: { cookie: w.lead.cookie!, 'x-csrf-token': w.lead.csrf!, 'content-type': 'text/csv' },
          payload: `batch,user,scheduledOn\nWave 1,ann@${w.domain},${inDays(5)}\n`,
        });
        return { status: res.statusCode, body: res.json(), headers: res.headers as Record<string, unknown> };
      };
    },
  },
  'PATCH /api/migration-batches/{id}': {
    action: 'migration.batch_update',
    prepare: async () => {
      const { w, batchId } = await batch();
      return () => w.lead.patch(`/api/migration-batches/${batchId}`, { status: 'in-progress', migrated: 1 });
    },
  },
  'POST /api/migration-batches/{id}/issues': {
    action: 'migration.issue',
    prepare: async () => {
      const { w, batchId } = await batch();
      await h.db
        .updateTable('migration_batches')
        .set({ status: 'complete', completed_at: new Date() })
        .where('id', '=', batchId)
        .execute();
      return () =>
        w.customer.post(`/api/migration-batches/${batchId}/issues`, { description: 'Missing items' });
    },
  },
  'POST /api/engagements/{id}/routing/assign': {
    action: 'engagement.assign',
    prepare: async () => {
      const w = await engagement();
      await routable('fasttrack-engineer');
      return () =>
        w.lead.post(`/api/engagements/${w.engagementId}/routing/assign`, { role: 'fasttrack-engineer' });
    },
  },
  'POST /api/routing/queue': {
    action: 'engagement.assign',
    prepare: async () => {
      const w = await engagement();
      await routable('migration-manager');
      return () => w.lead.post('/api/routing/queue', { role: 'migration-manager', limit: 1 });
    },
  },
  'POST /api/engagements/{id}/referrals': {
    action: 'referral.offer',
    prepare: async () => {
      const w = await engagement();
      await referralPartner();
      return () => w.lead.post(`/api/engagements/${w.engagementId}/referrals`, {});
    },
  },
  'POST /api/referrals/{id}/accept': {
    action: 'referral.accept',
    prepare: async () => {
      const { partner, referralId } = await offered();
      return () => partner.post(`/api/referrals/${referralId}/accept`, {});
    },
  },
  'POST /api/referrals/{id}/decline': {
    action: 'referral.decline',
    prepare: async () => {
      const { partner, referralId } = await offered();
      await referralPartner();
      return () => partner.post(`/api/referrals/${referralId}/decline`, { reason: 'No capacity this month' });
    },
  },
  'PUT /api/people/{id}/profile': {
    action: 'profile.person_update',
    prepare: async () => {
      const lead = await as(h.app, 'lead@fasttrack.example');
      const u = await makeUser(h.db, ids.center!, 'engineer');
      return () => lead.put(`/api/people/${u.id}/profile`, { languages: ['en'], capacity: 5 });
    },
  },
  'PUT /api/partners/{id}/profile': {
    action: 'profile.partner_update',
    prepare: async () => {
      const id = await makeOrganisation(h.db, 'partner');
      const admin = await makeUser(h.db, id, 'admin');
      const c = await as(h.app, admin.email);
      return () => c.put(`/api/partners/${id}/profile`, { languages: ['en'], countries: ['US'] });
    },
  },
  'POST /api/calendars/regions/{region}/holidays': {
    action: 'calendar.holidays_add',
    prepare: async () => {
      const lead = await as(h.app, 'lead@fasttrack.example');
      return () =>
        lead.post('/api/calendars/regions/americas/holidays', {
          holidays: [{ date: '2027-07-05', name: 'Day off' }],
        });
    },
  },
  'POST /api/calendars/regions/{region}/holidays/import': {
    action: 'calendar.holidays_add',
    prepare: async () => {
      const lead = await as(h.app, 'lead@fasttrack.example');
      const ics =
        'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\nSUMMARY:New Year\r\nEND:VEVENT\r\nEND:VCALENDAR';
      return () => lead.post('/api/calendars/regions/apj/holidays/import', { ics });
    },
  },
  'DELETE /api/calendars/regions/{region}/holidays/{date}': {
    action: 'calendar.holiday_remove',
    prepare: async () => {
      const lead = await as(h.app, 'lead@fasttrack.example');
      const date = `2028-0${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() * 9)}`;
      await lead.post('/api/calendars/regions/emea/holidays', { holidays: [{ date, name: 'Closed' }] });
      return () => lead.del(`/api/calendars/regions/emea/holidays/${date}`);
    },
  },
  'POST /api/engagements/{id}/meetings/confirm': {
    action: 'meeting.confirm',
    prepare: async () => {
      const w = await engagement();
      return () => w.lead.post(`/api/engagements/${w.engagementId}/meetings/confirm`);
    },
  },
  'PATCH /api/meetings/{id}': {
    action: 'meeting.reschedule',
    prepare: async () => {
      const { w, meeting } = await booked();
      const later = new Date(Date.parse(meeting.startsAt) + 7 * 86_400_000 + 3_600_000 * 0.5);
      return () => w.lead.patch(`/api/meetings/${meeting.id}`, { startsAt: later.toISOString() });
    },
  },
  'POST /api/meetings/{id}/cancel': {
    action: 'meeting.cancel',
    prepare: async () => {
      const { w, meeting } = await booked();
      return () => w.lead.post(`/api/meetings/${meeting.id}/cancel`, { reason: 'Moved to next week' });
    },
  },
  'POST /api/notifications/{id}/read': {
    action: 'notification.read',
    prepare: async () => {
      const lead = await as(h.app, 'lead@fasttrack.example');
      const id = `ntf_${uuid().replace(/-/g, '')}`;
      await h.db
        .insertInto('notifications')
        .values({ id, user_id: lead.me.user.id, kind: 'sla', title: 'Overdue', body: 'Overdue', link: null })
        .execute();
      return () => lead.post(`/api/notifications/${id}/read`);
    },
  },
  'POST /api/notifications/read-all': {
    action: 'notification.read_all',
    prepare: async () => {
      const lead = await as(h.app, 'lead@fasttrack.example');
      return () => lead.post('/api/notifications/read-all');
    },
  },
  'PUT /api/me/notification-preferences': {
    action: 'notification.preferences',
    prepare: async () => {
      const lead = await as(h.app, 'lead@fasttrack.example');
      return () =>
        lead.put('/api/me/notification-preferences', {
          preferences: [{ kind: 'sla', email: false, inApp: true }],
        });
    },
  },
  'POST /api/me/calendar-feed': {
    action: 'calendar.feed_rotate',
    prepare: async () => {
      const lead = await as(h.app, 'lead@fasttrack.example');
      return () => lead.post('/api/me/calendar-feed');
    },
  },
};

/** A center person with a routing profile who fits any world() engagement in the role. */
async function routable(role: string) {
  const u = await makeUser(h.db, ids.center!, 'engineer');
  await h.db
    .insertInto('person_profiles')
    .values({
      user_id: u.id,
      organisation_id: ids.center!,
      roles: [role],
      languages: ['en', 'de'],
      regions: ['emea', 'americas', 'apj'],
      workloads: ['exchange-online', 'teams'],
      capacity: 500,
    })
    .execute();
  return u;
}

/** A partner that fits any world() engagement for a referral, with its admin signed in. */
async function referralPartner() {
  const id = await makeOrganisation(h.db, 'partner');
  const admin = await makeUser(h.db, id, 'admin');
  await h.db
    .insertInto('partner_profiles')
    .values({
      organisation_id: id,
      languages: ['en', 'de'],
      countries: ['DE'],
      workloads: ['exchange-online', 'teams'],
      capacity: 1000,
    })
    .execute();
  return { id, client: await as(h.app, admin.email) };
}

async function offered() {
  const w = await engagement();
  const p = await referralPartner();
  // only this partner may be picked: the others were offered this engagement before
  const res = await w.lead.post(`/api/engagements/${w.engagementId}/referrals`, { partnerId: p.id });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return { partner: p.client, referralId: res.body.id as string };
}

/** An engagement whose primary manager was assigned: its meeting series is booked. */
async function booked() {
  const w = await engagement();
  const manager = await routable('fasttrack-manager');
  const a = await w.lead.post(`/api/engagements/${w.engagementId}/assignments`, {
    role: 'fasttrack-manager',
    userId: manager.id,
    primary: true,
  });
  if (a.status !== 201) throw new Error(JSON.stringify(a.body));
  const list = await w.lead.get(`/api/engagements/${w.engagementId}/meetings`);
  return { w, meeting: list.body.find((m: { kind: string }) => m.kind === 'workshop') };
}

async function engagement() {
  const lead = await as(h.app, 'lead@fasttrack.example');
  return { ...(await world(h, lead)), lead };
}

async function openTask(engagementId: string, owner: 'center' | 'customer') {
  const t = await h.db
    .selectFrom('tasks')
    .select('id')
    .where('engagement_id', '=', engagementId)
    .where('owner', '=', owner)
    .where('depends_on', '=', sql<string[]>`'{}'`)
    .executeTakeFirstOrThrow();
  return t.id;
}

async function batch() {
  const w = await engagement();
  const p = await w.lead.post(`/api/engagements/${w.engagementId}/migration-projects`, {
    source: 'gmail',
    destination: 'exchange-online',
  });
  const res = await h.app.inject({
    method: 'POST',
    url: `/api/migration-projects/${p.body.id}/batches`,
    headers: { cookie: w.lead.cookie!, 'x-csrf-token': w.lead.csrf!, 'content-type': 'text/csv' },
    payload: `batch,user,scheduledOn\nWave 1,ann@${w.domain},${inDays(5)}\n`,
  });
  return { w, batchId: res.json().batchIds[0] as string };
}

async function fileRequest(): Promise<string> {
  const customer = await makeOrganisation(h.db, 'customer');
  await makeSubscription(h.db, customer, { sku: 'M365_E3', seats: 400 });
  const admin = await makeUser(h.db, customer, 'admin');
  const c = await as(h.app, admin.email);
  const res = await c.request('POST', '/api/requests', requestBody(customer), {
    'idempotency-key': `audit-${uniq()}-${uniq()}`,
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.id;
}

async function mutatingRoutes(): Promise<string[]> {
  const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  const out: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of Object.keys(ops)) {
      const m = method.toUpperCase();
      if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(m)) out.push(`${m} ${path}`);
    }
  }
  return out.filter((r) => !READ_ONLY.has(r)).sort();
}

describe('audit', () => {
  it('has a case for every mutating route in the API', async () => {
    expect(await mutatingRoutes()).toEqual(Object.keys(cases).sort());
  });

  for (const [route, c] of Object.entries(cases)) {
    it(`${route} writes exactly one "${c.action}" record with the change`, async () => {
      const act = await c.prepare();
      const before = await auditCount(h.db);
      const res = await act();
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
      expect(await auditCount(h.db)).toBe(before + 1);
      const rec = await lastAudit(h.db);
      expect(rec?.action).toBe(c.action);
      expect(rec?.request_id).toBeTruthy();
    });

    it(`${route} changes nothing when its audit record cannot be written`, async () => {
      const act = await c.prepare();
      const before = await snapshot(h.db, { includeAudit: true });
      await sql`insert into audit_fault values (true)`.execute(h.db);
      try {
        const res = await act();
        expect(res.status).toBe(500);
        expect(res.body.code).toBe('internal');
      } finally {
        await sql`delete from audit_fault`.execute(h.db);
      }
      expect(await snapshot(h.db, { includeAudit: true })).toEqual(before);
    });
  }

  it('audit records cannot be changed or deleted', async () => {
    await expect(sql`update audit_log set action = 'x'`.execute(h.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(h.db)).rejects.toThrow(/append-only/);
  });

  it('admins read their own organisation’s records with filters and cursor pagination; members cannot', async () => {
    const admin = await as(h.app, 'it.admin@contoso.example');
    for (let i = 0; i < 3; i++)
      await admin.patch(`/api/customers/${ids.contoso}`, { country: i % 2 ? 'US' : 'CA' });
    const first = await admin.get('/api/audit?action=customer.update&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items.every((r: { organisationId: string }) => r.organisationId === ids.contoso)).toBe(
      true,
    );
    const second = await admin.get(
      `/api/audit?action=customer.update&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.length).toBeGreaterThan(0);
    expect(second.body.items[0].id).not.toBe(first.body.items[1].id);
    const all = await admin.get('/api/audit?limit=200');
    expect(all.body.items.every((r: { organisationId: string }) => r.organisationId === ids.contoso)).toBe(
      true,
    );
    expect((await (await as(h.app, 'user@contoso.example')).get('/api/audit')).status).toBe(403);
    const center = await as(h.app, 'admin@fasttrack.example', ids.center);
    const lamna = await center.get(`/api/audit?organisationId=${ids.lamna}`);
    expect(lamna.status).toBe(200);
  });
});
