import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { t } from '../../src/platform/i18n/i18n.ts';
import { as, Client } from '../client.ts';
import { orgIds } from '../db-snapshot.ts';
import { type Harness, startHarness } from '../harness.ts';

let h: Harness;
let ids: Record<string, string>;
beforeAll(async () => {
  h = await startHarness();
  ids = await orgIds(h.db);
});
afterAll(() => h.close());

const linkIn = (text: string) => /https?:\/\/\S+token=([\w%.-]+)/.exec(text)?.[1];

describe('sign-in and sessions', () => {
  it('signs in with email and password and shows who I am and for whom I act', async () => {
    const c = await as(h.app, 'IT.Admin@Contoso.example');
    expect(c.cookie).toMatch(/^ftc_session=/);
    const me = await c.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe('it.admin@contoso.example');
    expect(me.body.organisation).toMatchObject({ id: ids.contoso, kind: 'customer', role: 'admin' });
  });

  it('refuses a wrong password with a problem in the caller’s language and sets no cookie', async () => {
    const c = new Client(h.app);
    c.language = 'de-DE,de;q=0.9';
    const res = await c.post('/api/auth/sign-in', {
      email: 'it.admin@contoso.example',
      password: 'not-the-password',
    });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('invalid_credentials');
    expect(res.body.title).toBe(t('de', 'errors.title.invalid_credentials'));
    expect(res.body.title).not.toBe(t('en', 'errors.title.invalid_credentials'));
    expect(c.cookie).toBeNull();
  });

  it('answers 401 without a session and stores only a hash of the session token', async () => {
    expect((await new Client(h.app).get('/api/me')).status).toBe(401);
    const c = await as(h.app, 'user@contoso.example');
    const token = c.cookie!.split('=')[1]!;
    const stored = await h.db.selectFrom('sessions').select('token_hash').execute();
    expect(stored.some((s) => s.token_hash === token)).toBe(false);
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.token_hash))).toBe(true);
  });

  it('requires the CSRF token for writes made with the session cookie', async () => {
    const c = await as(h.app, 'user@contoso.example');
    const csrf = c.csrf;
    c.csrf = null;
    const res = await c.patch('/api/me', { name: 'Casey C.' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('csrf');
    c.csrf = csrf;
    expect((await c.patch('/api/me', { name: 'Casey C.' })).body.user.name).toBe('Casey C.');
  });

  it('signs out this session only', async () => {
    const a = await as(h.app, 'admin@lamna.example');
    const b = await as(h.app, 'admin@lamna.example');
    expect((await a.post('/api/auth/sign-out')).status).toBe(200);
    expect((await a.get('/api/me')).status).toBe(401);
    expect((await b.get('/api/me')).status).toBe(200);
  });

  it('signs out everywhere', async () => {
    const a = await as(h.app, 'admin@tailspin.example');
    const b = await as(h.app, 'admin@tailspin.example');
    const res = await a.post('/api/auth/sign-out-everywhere');
    expect(res.body.revoked).toBeGreaterThanOrEqual(2);
    expect((await a.get('/api/me')).status).toBe(401);
    expect((await b.get('/api/me')).status).toBe(401);
  });

  it('switches the organisation a person acts for, only to one they belong to', async () => {
    const c = await as(h.app, 'admin@fasttrack.example');
    expect(c.me.organisation.id).toBe(ids.center);
    expect(c.me.memberships.map((m: { organisationId: string }) => m.organisationId).sort()).toEqual(
      [ids.center, ids.partner].sort(),
    );
    const sw = await c.post('/api/me/organisation', { organisationId: ids.partner });
    expect(sw.status).toBe(200);
    expect(sw.body.organisation).toMatchObject({ id: ids.partner, kind: 'partner', role: 'member' });
    // as a partner member the center's customer list narrows to approved customers
    const list = await c.get('/api/organisations?kind=customer');
    expect(list.body.items.map((o: { id: string }) => o.id)).toEqual([ids.contoso]);
    const refused = await c.post('/api/me/organisation', { organisationId: ids.lamna });
    expect(refused.status).toBe(404);
    expect((await c.get('/api/me')).body.organisation.id).toBe(ids.partner);
  });

  it('rate-limits repeated sign-in attempts', async () => {
    const app = await buildApp({
      db: h.db,
      jobs: h.jobs,
      config: h.config,
      signInRateLimit: { max: 3, timeWindow: '1 minute' },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { email: 'x@y.example', password: 'wrong-password' },
      });
      statuses.push(r.statusCode);
    }
    await app.close();
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses[4]).toBe(429);
  });
});

describe('password reset', () => {
  it('emails a link in the user’s language; the link sets a new password once and ends old sessions', async () => {
    const old = await as(h.app, 'lead@fasttrack.example'); // prefers German
    const anon = new Client(h.app);
    expect((await anon.post('/api/auth/password-reset', { email: 'lead@fasttrack.example' })).status).toBe(
      202,
    );
    const mail = await h.smtp.waitForTo('lead@fasttrack.example');
    expect(mail.subject).toBe(t('de', 'email.passwordReset.subject'));
    expect(mail.subject).not.toBe(t('en', 'email.passwordReset.subject'));
    expect(mail.headers.get('content-language')).toBe('de');
    const token = decodeURIComponent(linkIn(mail.text ?? '')!);
    expect(token).toMatch(/^ftcr_/);

    const done = await anon.post('/api/auth/password-reset/confirm', {
      token,
      password: 'a-brand-new-passphrase',
    });
    expect(done.status).toBe(200);
    expect((await old.get('/api/me')).status).toBe(401);
    expect(
      (
        await anon.post('/api/auth/sign-in', {
          email: 'lead@fasttrack.example',
          password: 'a-brand-new-passphrase',
        })
      ).status,
    ).toBe(200);
    const again = await anon.post('/api/auth/password-reset/confirm', {
      token,
      password: 'another-new-passphrase',
    });
    expect(again.status).toBe(400);
    expect(again.body.errors[0].path).toBe('/body/token');
  });

  it('answers the same for an unknown address and sends nothing', async () => {
    const before = h.smtp.messages.length;
    const res = await new Client(h.app).post('/api/auth/password-reset', { email: 'nobody@nowhere.example' });
    expect(res.status).toBe(202);
    await new Promise((r) => setTimeout(r, 1500));
    expect(h.smtp.messages.length).toBe(before);
  });
});

describe('invitations', () => {
  it('invites a new person by email; the link creates the account and signs them in', async () => {
    const admin = await as(h.app, 'it.admin@contoso.example');
    const inv = await admin.post(`/api/organisations/${ids.contoso}/invitations`, {
      email: 'new.person@contoso.example',
      role: 'member',
      language: 'ja',
    });
    expect(inv.status).toBe(201);
    expect(inv.body.status).toBe('pending');
    const mail = await h.smtp.waitForTo('new.person@contoso.example');
    expect(mail.subject).toContain('Contoso Ltd');
    expect(mail.subject).toBe(
      t('ja', 'email.invitation.subject', { inviter: 'Chris Contoso', organisation: 'Contoso Ltd' }),
    );
    const token = decodeURIComponent(linkIn(mail.text ?? '')!);

    const anon = new Client(h.app);
    const preview = await anon.post('/api/invitations/preview', { token });
    expect(preview.body).toMatchObject({
      email: 'new.person@contoso.example',
      organisationName: 'Contoso Ltd',
      hasAccount: false,
    });
    const accepted = await anon.post('/api/invitations/accept', {
      token,
      name: 'New Person',
      password: 'correct horse battery',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.organisation).toMatchObject({ id: ids.contoso, role: 'member' });
    expect((await anon.get('/api/me')).status).toBe(200);
    expect(
      (
        await new Client(h.app).post('/api/invitations/accept', {
          token,
          name: 'X',
          password: 'correct horse battery',
        })
      ).status,
    ).toBe(400);
    const list = await admin.get(`/api/organisations/${ids.contoso}/invitations`);
    expect(list.body.find((i: { id: string }) => i.id === inv.body.id).status).toBe('accepted');
  });

  it('adds an existing account to another organisation when they prove their password', async () => {
    const partnerAdmin = await as(h.app, 'lead@fabrikam-partners.example');
    await partnerAdmin.post(`/api/organisations/${ids.partner}/invitations`, {
      email: 'admin@tailspin.example',
      role: 'member',
    });
    const mail = await h.smtp.waitForTo('admin@tailspin.example', (m) =>
      (m.subject ?? '').includes('Fabrikam'),
    );
    const token = decodeURIComponent(linkIn(mail.text ?? '')!);
    const anon = new Client(h.app);
    expect((await anon.post('/api/invitations/accept', { token, password: 'wrong-password!' })).status).toBe(
      401,
    );
    const ok = await anon.post('/api/invitations/accept', { token, password: 'FastTrack-demo-1' });
    expect(ok.status).toBe(200);
    expect(ok.body.memberships).toHaveLength(2);
  });

  it('lets only admins invite, and a revoked invitation no longer works', async () => {
    const member = await as(h.app, 'user@contoso.example');
    expect(
      (
        await member.post(`/api/organisations/${ids.contoso}/invitations`, {
          email: 'x@contoso.example',
          role: 'member',
        })
      ).status,
    ).toBe(403);
    const admin = await as(h.app, 'it.admin@contoso.example');
    const inv = await admin.post(`/api/organisations/${ids.contoso}/invitations`, {
      email: 'gone@contoso.example',
      role: 'admin',
    });
    const mail = await h.smtp.waitForTo('gone@contoso.example');
    expect((await admin.del(`/api/invitations/${inv.body.id}`)).status).toBe(204);
    const token = decodeURIComponent(linkIn(mail.text ?? '')!);
    expect(
      (
        await new Client(h.app).post('/api/invitations/accept', {
          token,
          name: 'Gone',
          password: 'correct horse battery',
        })
      ).status,
    ).toBe(400);
  });

  it('refuses a role that does not exist in that kind of organisation', async () => {
    const admin = await as(h.app, 'it.admin@contoso.example');
    const res = await admin.post(`/api/organisations/${ids.contoso}/invitations`, {
      email: 'eng@contoso.example',
      role: 'engineer',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: '/body/role', code: 'oneOf' });
  });
});

describe('API tokens', () => {
  it('are shown once, act for one organisation with one role, and stop working when revoked', async () => {
    const admin = await as(h.app, 'it.admin@contoso.example');
    const created = await admin.post('/api/api-tokens', { name: 'ServiceNow sync', role: 'member' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^ftc_/);
    const list = await admin.get('/api/api-tokens');
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);

    const bot = new Client(h.app);
    bot.bearer = created.body.token;
    const me = await bot.get(`/api/organisations/${ids.contoso}`);
    expect(me.status).toBe(200);
    // a token's role is member: it cannot manage tokens, and it needs no CSRF header
    expect((await bot.post('/api/api-tokens', { name: 'escalate', role: 'admin' })).status).toBe(403);
    expect((await bot.get(`/api/organisations/${ids.lamna}`)).status).toBe(404);

    expect((await admin.del(`/api/api-tokens/${created.body.id}`)).status).toBe(204);
    expect((await bot.get(`/api/organisations/${ids.contoso}`)).status).toBe(401);
  });

  it('cannot be revoked by another organisation', async () => {
    const admin = await as(h.app, 'it.admin@contoso.example');
    const created = await admin.post('/api/api-tokens', { name: 'mine', role: 'admin' });
    const other = await as(h.app, 'admin@lamna.example');
    expect((await other.del(`/api/api-tokens/${created.body.id}`)).status).toBe(404);
    const bot = new Client(h.app);
    bot.bearer = created.body.token;
    expect((await bot.get(`/api/organisations/${ids.contoso}`)).status).toBe(200);
  });
});
