import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup } from '../../src/modules/maintenance/cleanup.ts';
import { as } from '../client.ts';
import { orgIds } from '../db-snapshot.ts';
import { makeInvitationToken, requestBody, uniq } from '../factories.ts';
import { type Harness, startHarness } from '../harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('housekeeping', () => {
  it('forgets old idempotency keys and dead one-time secrets, and keeps the rest', async () => {
    const ids = await orgIds(h.db);
    const c = await as(h.app, 'it.admin@contoso.example');
    const filed = await c.request('POST', '/api/requests', requestBody(ids.contoso!), {
      'idempotency-key': `old-${uniq()}-key`,
    });
    expect(filed.status).toBe(201);
    await c.request('POST', '/api/requests', requestBody(ids.contoso!), {
      'idempotency-key': `new-${uniq()}-key`,
    });
    await sql`update idempotency_keys set created_at = now() - interval '8 days' where key like 'old-%'`.execute(
      h.db,
    );
    const stale = await makeInvitationToken(h.db, ids.contoso!, c.me.user.id);
    const fresh = await makeInvitationToken(h.db, ids.contoso!, c.me.user.id);
    await sql`update invitations set expires_at = now() - interval '40 days' where id = ${stale.id}`.execute(
      h.db,
    );
    await sql`update sessions set expires_at = now() - interval '40 days' where id in (select id from sessions limit 1)`.execute(
      h.db,
    );

    const removed = await cleanup(h.db);
    expect(removed).toMatchObject({ idempotencyKeys: 1, invitations: 1, sessions: 1 });
    const keys = await h.db.selectFrom('idempotency_keys').select('key').execute();
    expect(keys.map((k) => k.key).some((k) => k.startsWith('new-'))).toBe(true);
    const invitations = await h.db.selectFrom('invitations').select('id').execute();
    expect(invitations.map((i) => i.id)).toContain(fresh.id);
    expect(invitations.map((i) => i.id)).not.toContain(stale.id);
    // the request itself is kept
    expect(
      await h.db.selectFrom('requests').select('id').where('id', '=', filed.body.id).executeTakeFirst(),
    ).toBeTruthy();
  });
});
