import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as } from '../client.ts';
import { orgIds } from '../db-snapshot.ts';
import { type Harness, startHarness } from '../harness.ts';

let h: Harness;
let ids: Record<string, string>;
beforeAll(async () => {
  h = await startHarness();
  ids = await orgIds(h.db);
});
afterAll(() => h.close());

describe('programme', () => {
  it('is readable by everyone signed in, with workload and phase names in the reader’s language', async () => {
    const ko = await as(h.app, 'engineer@fasttrack.example'); // prefers Korean
    const en = await as(h.app, 'it.admin@contoso.example');
    const [a, b] = [await ko.get('/api/programme'), await en.get('/api/programme')];
    expect(a.status).toBe(200);
    expect(a.body.languages).toHaveLength(12);
    const assessKo = a.body.phases.find((p: { id: string }) => p.id === 'assess');
    const assessEn = b.body.phases.find((p: { id: string }) => p.id === 'assess');
    expect(assessEn.name).toBe('Assess');
    expect(assessKo.name).not.toBe('Assess');
    expect(assessKo.name).toMatch(/[\uac00-\ud7a3]/); // Hangul
    expect(assessKo.gateTaskIds).toContain(1699);
    const rfa = b.body.motions.find((m: { id: string }) => m.id === 'rfa');
    expect(rfa.phases).toEqual(
      expect.arrayContaining(['initiate', 'assess', 'remediate', 'enable', 'migrate']),
    );
    expect(b.body.motions.find((m: { id: string }) => m.id === 'customer-health').excludes).toContain('rfa');
  });

  it('lists task templates with gates, filterable by phase and workstream', async () => {
    const c = await as(h.app, 'manager@fasttrack.example');
    const gates = (await c.get('/api/programme/tasks?phase=assess')).body.filter(
      (t: { gate: boolean }) => t.gate,
    );
    expect(gates.map((t: { id: number }) => t.id)).toContain(1699);
    const adoption = await c.get('/api/programme/tasks?workstream=user-adoption');
    expect(adoption.body.length).toBeGreaterThan(0);
    expect(adoption.body.every((t: { workstream: string }) => t.workstream === 'user-adoption')).toBe(true);
  });

  it('changing a task template creates a new version with a change-log entry; the old version stays', async () => {
    const admin = await as(h.app, 'admin@fasttrack.example', ids.center);
    const before = (await admin.get('/api/programme')).body.version;
    const res = await admin.patch('/api/programme/tasks/1699', {
      summary: 'Assess exit now optional for pilots',
      mandatory: false,
    });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(before + 1);
    expect(res.body.changes).toEqual([{ path: '/tasks/1699/mandatory', before: true, after: false }]);
    const versions = await admin.get('/api/programme/versions');
    expect(versions.body.map((v: { version: number }) => v.version).slice(0, 2)).toEqual([
      before + 1,
      before,
    ]);
    expect(versions.body[0]).toMatchObject({
      summary: 'Assess exit now optional for pilots',
      createdBy: admin.me.user.id,
    });
    const task = (await admin.get('/api/programme/tasks?phase=assess')).body.find(
      (t: { id: number }) => t.id === 1699,
    );
    expect(task.mandatory).toBe(false);
    const rows = await h.db
      .selectFrom('programme_versions')
      .select(['version', 'content'])
      .orderBy('version')
      .execute();
    const first = (rows[0]!.content as any).tasks.find((t: { id: number }) => t.id === 1699);
    expect(first.mandatory).toBe(true);
  });

  it('refuses a change that would make the programme invalid, and changes nothing', async () => {
    const admin = await as(h.app, 'lead@fasttrack.example');
    const versions = (await admin.get('/api/programme/versions')).body.length;
    const res = await admin.patch('/api/programme/tasks/1700', {
      summary: 'Move to a phase that does not exist',
      phase: 'nowhere',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toMatch(/^\/body/);
    expect((await admin.get('/api/programme/versions')).body.length).toBe(versions);
    const same = await admin.patch('/api/programme/tasks/1700', { summary: 'No-op', gate: true });
    expect(same.status).toBe(409);
  });

  it('only center admins and leads edit the programme', async () => {
    for (const email of [
      'manager@fasttrack.example',
      'it.admin@contoso.example',
      'lead@fabrikam-partners.example',
    ]) {
      const c = await as(h.app, email);
      expect((await c.patch('/api/programme/tasks/1701', { summary: 'Try', mandatory: false })).status).toBe(
        403,
      );
    }
    const c = await as(h.app, 'admin@fasttrack.example', ids.center);
    expect((await c.patch('/api/programme/tasks/999999', { summary: 'Nope', mandatory: false })).status).toBe(
      404,
    );
  });
});
