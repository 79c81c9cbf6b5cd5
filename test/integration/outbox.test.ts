import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, Client } from '../client.ts';
import { orgIds } from '../db-snapshot.ts';
import { type Harness, startHarness } from '../harness.ts';

let h: Harness;
let ids: Record<string, string>;
beforeAll(async () => {
  h = await startHarness({ outbox: true });
  ids = await orgIds(h.db);
});
afterAll(() => h.close());

describe('local outbox (no SMTP server configured)', () => {
  it('keeps emails for a center admin to read, and only a center admin', async () => {
    await new Client(h.app).post('/api/auth/password-reset', { email: 'admin@tailspin.example' });
    const admin = await as(h.app, 'admin@fasttrack.example', ids.center);
    let kept: any[] = [];
    for (let i = 0; i < 60 && kept.length === 0; i++) {
      kept = (await admin.get('/api/admin/emails?to=admin@tailspin.example')).body.filter(
        (e: { status: string }) => e.status === 'kept',
      );
      if (kept.length === 0) await new Promise((r) => setTimeout(r, 250));
    }
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ template: 'passwordReset', language: 'ja' });
    expect(kept[0].body).toContain('http://localhost:3000/reset-password?token=');
    expect(h.smtp.messages).toHaveLength(0);
    for (const email of ['lead@fasttrack.example', 'it.admin@contoso.example']) {
      expect((await (await as(h.app, email)).get('/api/admin/emails')).status).toBe(403);
    }
  });
});
