/**
 * Engagements: the work an approval produces (tasks, phases, workstreams, timeline), phase gates,
 * guidance only, entitlement buckets, notes, assignments and clocks, migration tracking, isolation.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIdleProjects } from '../../src/modules/migration/migration-projects.ts';
import { loadDefaultProgramme } from '../../src/modules/programme/load-programme.ts';
import { t } from '../../src/platform/i18n/i18n.ts';
import { as, type Client } from '../client.ts';
import { snapshot } from '../db-snapshot.ts';
import { inDays, type World, world as makeWorld } from '../engagement-world.ts';
import { makeOrganisation, makeUser, requestBody } from '../factories.ts';
import { type Harness, startHarness } from '../harness.ts';

const programme = loadDefaultProgramme();
/** RFA's delivery phases; Migrate because Exchange has migration; then Adoption and Operate */
const EXCHANGE_PHASES = ['initiate', 'assess', 'remediate', 'enable', 'migrate', 'adoption', 'operate'];
let h: Harness;
let lead: Client;

let w: World;
beforeAll(async () => {
  h = await startHarness();
  lead = await as(h.app, 'lead@fasttrack.example');
  w = await makeWorld(h, lead);
});
afterAll(() => h.close());

const tasksOf = async (c: Client, id: string, q = '') => {
  const res = await c.get(`/api/engagements/${id}/tasks${q}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as any[];
};

describe('approval produces the work', () => {
  it('Exchange + Teams + Gmail migration: tasks, phases and workstreams match the programme', async () => {
    const e = await lead.get(`/api/engagements/${w.engagementId}`);
    expect(e.status, JSON.stringify(e.body)).toBe(200);
    expect(e.body.motions.map((m: any) => m.id)).toEqual(['rfa']);
    const exo = e.body.workloads.find((x: any) => x.workload === 'exchange-online');
    expect(exo.phase).toBe('initiate');
    expect(exo.migration).toBe(true);
    // RFA's delivery phases; Migrate because Exchange has migration; then Adoption and Operate
    expect(exo.phases).toEqual(EXCHANGE_PHASES);
    expect(exo.buckets).toEqual([
      { l1: 'in-progress', l2: 'technical-onboarding-and-deployment', count: 1500 },
    ]);

    const tasks = await tasksOf(lead, w.engagementId);
    const exoTasks = tasks.filter((x) => x.workload === 'exchange-online');
    // every Exchange template of those phases for RFA, with Gmail-only migration tasks, and nothing else
    const expected = programme.tasks
      .filter(
        (tpl) =>
          !tpl.archived &&
          (!tpl.motions || tpl.motions.includes('rfa')) &&
          exo.phases.includes(tpl.phase) &&
          (tpl.workloads.includes('exchange-online') || (tpl.workloads.includes('all') && tpl.gate)) &&
          (!tpl.migrationSources || tpl.migrationSources.includes('gmail')),
      )
      .map((tpl) => tpl.id)
      .sort((a, b) => a - b);
    expect(exoTasks.map((x) => x.templateId).sort((a, b) => a - b)).toEqual(expected);
    expect(exoTasks.some((x) => x.templateId === 1171)).toBe(false); // IMAP wizard: source not chosen
    expect(new Set(tasks.map((x) => x.workstream))).toEqual(
      new Set([
        'engagement-management',
        'core-onboarding',
        'service-onboarding',
        'data-migration',
        'user-adoption',
      ]),
    );
    // tenant-wide tasks are made once for the engagement; milestones for "all" once per workload
    expect(tasks.filter((x) => x.templateId === 983)).toHaveLength(1); // QuickLeads
    expect(tasks.filter((x) => x.templateId === 983)[0].workload).toBeNull();
    expect(
      tasks
        .filter((x) => x.templateId === 994)
        .map((x) => x.workload)
        .sort(),
    ).toEqual(['exchange-online', 'teams']); // kickoff gate
    // service onboarding waits for the core-onboarding gate of an earlier phase
    const assessGate = exoTasks.find((x) => x.templateId === 1699)!;
    const enableService = exoTasks.find(
      (x) => x.workstream === 'service-onboarding' && x.phase === 'enable',
    )!;
    expect(enableService.dependsOn).toContain(assessGate.id);
    // user adoption starts with the first phase: nothing to wait for
    expect(tasks.filter((x) => x.workstream === 'user-adoption').every((x) => x.dependsOn.length === 0)).toBe(
      true,
    );
    expect(exoTasks.every((x) => x.name.length > 0 && x.dueOn)).toBe(true);
    // task names in the reader's language: the lead reads German
    const kickoffDe = programme.tasks.find((x) => x.id === 994)!.names!.de!;
    expect(tasks.find((x) => x.templateId === 994).name).toBe(kickoffDe);
    expect(kickoffDe).not.toBe(programme.tasks.find((x) => x.id === 994)!.name);
    const inJapanese = await w.customer.request(
      'GET',
      `/api/engagements/${w.engagementId}/tasks?phase=initiate`,
      undefined,
      {
        'accept-language': 'ja',
      },
    );
    expect(inJapanese.body.items.find((x: any) => x.templateId === 994).name).toBe(
      programme.tasks.find((x) => x.id === 994)!.names!.ja,
    );
  });

  it('the timeline gives each workload its phases with planned and actual dates, tasks and dependencies', async () => {
    const res = await w.customer.get(`/api/engagements/${w.engagementId}/timeline`);
    expect(res.status).toBe(200);
    const exo = res.body.workloads.find((x: any) => x.workload === 'exchange-online');
    expect(exo.phases.map((p: any) => p.phase)).toEqual(EXCHANGE_PHASES);
    expect(exo.phases[0].actualStart).toBeTruthy();
    expect(exo.phases[0].actualEnd).toBeNull();
    for (const p of exo.phases) expect(p.plannedEnd >= p.plannedStart).toBe(true);
    expect(exo.phases[4].plannedEnd).toBe(requestBody(w.customerId).workloads[0]!.plannedDate);
    expect(exo.tasks.length).toBeGreaterThan(20);
    expect(res.body.engagementTasks.length).toBeGreaterThan(0);
  });
});

describe('phase gates', () => {
  it('a phase cannot close with an open gate task; with all gates complete it moves on, audited', async () => {
    const url = `/api/engagements/${w.engagementId}/workloads/exchange-online/phase/close`;
    const refused = await lead.post(url);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('994');
    const gates = (await tasksOf(lead, w.engagementId, '?phase=initiate')).filter(
      (x) => x.gate && (x.workload === 'exchange-online' || x.workload === null),
    );
    expect(gates.length).toBeGreaterThan(0);
    for (const g of gates) {
      const done = await lead.patch(`/api/engagements/${w.engagementId}/tasks/${g.id}`, {
        status: 'complete',
      });
      expect(done.status, JSON.stringify(done.body)).toBe(200);
    }
    const ok = await lead.post(url);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toEqual({ workload: 'exchange-online', from: 'initiate', to: 'assess' });
    const audit = await h.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('action', '=', 'engagement.phase')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.after).toEqual({ phase: 'assess' });
    const timeline = await lead.get(`/api/engagements/${w.engagementId}/timeline`);
    const exo = timeline.body.workloads.find((x: any) => x.workload === 'exchange-online');
    expect(exo.currentPhase).toBe('assess');
    expect(exo.phases[0].actualEnd).toBeTruthy();
    expect(exo.phases[1].actualStart).toBeTruthy();
  });

  it('a task waits for its dependencies', async () => {
    const tasks = await tasksOf(
      lead,
      w.engagementId,
      '?workload=exchange-online&workstream=service-onboarding',
    );
    const waiting = tasks.find((x) => x.dependsOn.length > 0 && x.owner === 'center')!;
    const res = await lead.patch(`/api/engagements/${w.engagementId}/tasks/${waiting.id}`, {
      status: 'complete',
    });
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('1699');
  });
});

describe('guidance only', () => {
  it('every center role is refused when completing a customer-owned task, and may guide it', async () => {
    const tasks = await tasksOf(lead, w.engagementId);
    const task = tasks.find((x) => x.owner === 'customer' && x.dependsOn.length === 0)!;
    for (const email of [
      'admin@fasttrack.example',
      'lead@fasttrack.example',
      'manager@fasttrack.example',
      'engineer@fasttrack.example',
      'migration@fasttrack.example',
    ]) {
      const staff = await as(h.app, email);
      const before = await snapshot(h.db);
      const res = await staff.patch(`/api/engagements/${w.engagementId}/tasks/${task.id}`, {
        status: 'complete',
      });
      expect(res.status, email).toBe(403);
      expect(res.body.detail).toBe(t(staff.me.user.language ?? 'en', 'errors.detail.guidanceOnly'));
      expect(await snapshot(h.db)).toEqual(before);
    }
    const engineer = await as(h.app, 'engineer@fasttrack.example');
    const guided = await engineer.post(`/api/engagements/${w.engagementId}/tasks/${task.id}/guidance`, {
      text: 'Run the readiness checks first.',
      link: 'https://learn.microsoft.com/microsoft-365/',
    });
    expect(guided.status, JSON.stringify(guided.body)).toBe(200);
    const after = (await tasksOf(w.customer, w.engagementId)).find((x) => x.id === task.id);
    expect(after.guidance[0].text).toBe('Run the readiness checks first.');
    expect(after.status).toBe('not-started');
  });

  it('the customer and its approved partner can complete customer-owned tasks; not center tasks', async () => {
    const tasks = (await tasksOf(w.customer, w.engagementId)).filter(
      (x) => x.owner === 'customer' && x.dependsOn.length === 0 && x.status === 'not-started',
    );
    const byCustomer = await w.customer.patch(`/api/engagements/${w.engagementId}/tasks/${tasks[0].id}`, {
      status: 'complete',
    });
    expect(byCustomer.status, JSON.stringify(byCustomer.body)).toBe(200);
    const byPartner = await w.partnerMember.patch(`/api/engagements/${w.engagementId}/tasks/${tasks[1].id}`, {
      status: 'in-progress',
    });
    expect(byPartner.status, JSON.stringify(byPartner.body)).toBe(200);
    const list = await tasksOf(w.customer, w.engagementId);
    expect(list.find((x) => x.id === tasks[0].id).status).toBe('complete');
    expect(list.find((x) => x.id === tasks[1].id).status).toBe('in-progress');
    const centerTask = list.find(
      (x) => x.owner === 'center' && x.dependsOn.length === 0 && x.status === 'not-started',
    );
    const refused = await w.customer.patch(`/api/engagements/${w.engagementId}/tasks/${centerTask.id}`, {
      status: 'complete',
    });
    expect(refused.status).toBe(403);
  });

  it('a mandatory task cannot be set not applicable; an optional one needs a reason', async () => {
    const tasks = await tasksOf(lead, w.engagementId);
    const mandatory = tasks.find((x) => x.owner === 'center' && x.mandatory && x.dependsOn.length === 0);
    const r1 = await lead.patch(`/api/engagements/${w.engagementId}/tasks/${mandatory.id}`, {
      status: 'not-applicable',
      naReason: 'Not used',
    });
    expect(r1.status).toBe(400);
    expect(r1.body.errors[0].path).toBe('/body/status');
    const optional = tasks.find((x) => x.owner === 'center' && !x.mandatory && x.dependsOn.length === 0);
    const r2 = await lead.patch(`/api/engagements/${w.engagementId}/tasks/${optional.id}`, {
      status: 'not-applicable',
    });
    expect(r2.status).toBe(400);
    expect(r2.body.errors[0].path).toBe('/body/naReason');
  });
});

describe('entitlement status', () => {
  const url = () => `/api/engagements/${w.engagementId}/workloads/exchange-online/entitlement`;

  it('buckets that do not sum to the entitlement are refused with a field-level error', async () => {
    const before = await snapshot(h.db);
    const res = await lead.request('PUT', url(), {
      buckets: [
        { l1: 'in-progress', l2: 'migration', count: 1300 },
        { l1: 'blocked', l2: 'legal-regulatory', count: 5 },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: '/body/buckets', message: expect.stringContaining('1305') }),
    ]);
    expect(await snapshot(h.db)).toEqual(before);
  });

  it('a split that sums is stored; an L1 change needs a service-intent note', async () => {
    const split = await lead.request('PUT', url(), {
      buckets: [
        { l1: 'in-progress', l2: 'migration', count: 1495 },
        { l1: 'blocked', l2: 'legal-regulatory', count: 5 },
      ],
    });
    expect(split.status, JSON.stringify(split.body)).toBe(200);
    const noNote = await lead.request('PUT', url(), {
      buckets: [{ l1: 'blocked', l2: 'legal-regulatory', count: 1500 }],
    });
    expect(noNote.status).toBe(400);
    expect(noNote.body.errors[0].path).toBe('/body/note');
    const withNote = await lead.request('PUT', url(), {
      buckets: [{ l1: 'blocked', l2: 'legal-regulatory', count: 1500 }],
      note: { body: 'Blocked: the works council has not yet approved mailbox moves.' },
    });
    expect(withNote.status, JSON.stringify(withNote.body)).toBe(200);
    expect(withNote.body.l1).toBe('blocked');
    const notes = await w.partnerAdmin.get(`/api/engagements/${w.engagementId}/notes?type=service-intent`);
    expect(notes.body.items[0].workload).toBe('exchange-online');
    expect(notes.body.items[0].body).toContain('works council');
  });
});

describe('notes, assignments and clocks', () => {
  it('notes follow their type: author roles, template fields, health for enterprise status', async () => {
    const engineer = await as(h.app, 'engineer@fasttrack.example');
    const wrongRole = await engineer.post(`/api/engagements/${w.engagementId}/notes`, {
      type: 'engagement-management',
      body: 'Kickoff held',
    });
    expect(wrongRole.status).toBe(403);
    const manager = await as(h.app, 'manager@fasttrack.example');
    const badField = await manager.post(`/api/engagements/${w.engagementId}/notes`, {
      type: 'engagement-management',
      body: 'Kickoff held',
      fields: { Weather: 'sunny' },
    });
    expect(badField.status).toBe(400);
    expect(badField.body.errors[0].path).toBe('/body/fields/Weather');
    const ok = await manager.post(`/api/engagements/${w.engagementId}/notes`, {
      type: 'engagement-management',
      body: 'Kickoff held',
      fields: { Participants: 'IT director, FastTrack Manager' },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const noHealth = await manager.post(`/api/engagements/${w.engagementId}/notes`, {
      type: 'enterprise-status',
      body: 'Status',
    });
    expect(noHealth.body.errors[0].path).toBe('/body/health');
    const red = await manager.post(`/api/engagements/${w.engagementId}/notes`, {
      type: 'enterprise-status',
      body: 'Red: migration blocked',
      health: 'red',
    });
    expect(red.status).toBe(201);
    const e = await lead.get(`/api/engagements/${w.engagementId}`);
    const status = e.body.notes.find((n: any) => n.type === 'enterprise-status');
    expect(status.cadenceDays).toBe(14); // red or yellow: every 14 days
    expect(e.body.notes.find((n: any) => n.type === 'engagement-management').overdue).toBe(false);
  });

  it('an engagement without a recent engagement-management note is listed as overdue', async () => {
    const other = await makeWorld(h, lead);
    await h.db
      .updateTable('engagements')
      .set({ created_at: sql`now() - interval '20 days'`, note_due_on: inDays(-6) })
      .where('id', '=', other.engagementId)
      .execute();
    const res = await lead.get('/api/engagements?notes=overdue&limit=200');
    expect(res.body.items.map((x: any) => x.id)).toContain(other.engagementId);
    expect(res.body.items.map((x: any) => x.id)).not.toContain(w.engagementId);
    const e = await lead.get(`/api/engagements/${other.engagementId}`);
    expect(e.body.notes.find((n: any) => n.type === 'engagement-management').overdue).toBe(true);
  });

  it('only a lead or the primary manager assigns center people; partner admins assign partner roles', async () => {
    const users = await h.db
      .selectFrom('users')
      .select(['id', 'email'])
      .where('email', 'in', ['manager@fasttrack.example', 'engineer@fasttrack.example'])
      .execute();
    const managerId = users.find((u) => u.email === 'manager@fasttrack.example')!.id;
    const engineerId = users.find((u) => u.email === 'engineer@fasttrack.example')!.id;
    const engineer = await as(h.app, 'engineer@fasttrack.example');
    const url = `/api/engagements/${w.engagementId}/assignments`;
    expect((await engineer.post(url, { role: 'fasttrack-engineer', userId: engineerId })).status).toBe(403);
    const primary = await lead.post(url, { role: 'fasttrack-manager', userId: managerId, primary: true });
    expect(primary.status, JSON.stringify(primary.body)).toBe(201);
    const manager = await as(h.app, 'manager@fasttrack.example');
    const byPrimary = await manager.post(url, {
      role: 'fasttrack-engineer',
      userId: engineerId,
      workload: 'exchange-online',
    });
    expect(byPrimary.status, JSON.stringify(byPrimary.body)).toBe(201);
    // partner admin: partner roles only, and only its own people
    expect((await w.partnerAdmin.post(url, { role: 'fasttrack-engineer', userId: engineerId })).status).toBe(
      403,
    );
    const partnerPeople = await h.db
      .selectFrom('memberships')
      .select('user_id')
      .where('organisation_id', '=', w.partnerId)
      .execute();
    const p = await w.partnerAdmin.post(url, { role: 'partner-engineer', userId: partnerPeople[0]!.user_id });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    expect((await w.partnerAdmin.post(url, { role: 'partner-engineer', userId: engineerId })).status).toBe(
      400,
    );

    // the first-contact clock runs from the primary assignment on the region's business days
    const e = await manager.get(`/api/engagements/${w.engagementId}`);
    expect(e.body.clocks.firstContact.state).toBe('due');
    expect(e.body.clocks.firstContact.businessDaysLeft).toBeGreaterThanOrEqual(1);
    const mine = await manager.get('/api/engagements?owner=me');
    expect(mine.body.items.map((x: any) => x.id)).toEqual([w.engagementId]);
    expect(mine.body.items[0].primaryManager).toBeTruthy();
    const contact = await manager.post(`/api/engagements/${w.engagementId}/first-contact`);
    expect(contact.status).toBe(200);
    const after = await manager.get(`/api/engagements/${w.engagementId}`);
    expect(after.body.clocks.firstContact.state).toBe('met');
  });

  it('a customer-requested delay is limited to 90 days', async () => {
    const url = `/api/engagements/${w.engagementId}/delay`;
    const tooLong = await w.customer.post(url, { until: inDays(120), reason: 'Fiscal year end' });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].path).toBe('/body/until');
    const ok = await w.customer.post(url, { until: inDays(60), reason: 'Fiscal year end' });
    expect(ok.status).toBe(200);
    const e = await lead.get(`/api/engagements/${w.engagementId}`);
    expect(e.body.clocks.delay.until).toBe(inDays(60));
    expect(e.body.nextActionOn).toBe(inDays(60));
  });

  it('lists export as CSV', async () => {
    const res = await h.app.inject({
      method: 'GET',
      url: '/api/engagements/export.csv',
      headers: { cookie: lead.cookie! },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,customer,status/);
    expect(lines.some((l) => l.startsWith(w.engagementId))).toBe(true);
  });
});

describe('migration tracking', () => {
  let projectId: string;
  const csv = (rows: string[]) => `batch,user,scheduledOn,sizeGb\n${rows.join('\n')}\n`;
  const upload = (c: Client, body: string) =>
    h.app.inject({
      method: 'POST',
      url: `/api/migration-projects/${projectId}/batches`,
      headers: { cookie: c.cookie!, 'x-csrf-token': c.csrf!, 'content-type': 'text/csv' },
      payload: body,
    });

  it('a project for Gmail → Exchange Online; a CSV with bad rows is refused row by row and imports nothing', async () => {
    const created = await w.partnerAdmin.post(`/api/engagements/${w.engagementId}/migration-projects`, {
      source: 'gmail',
      destination: 'exchange-online',
      scopeUsers: 4,
      scopeGb: 20,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    projectId = created.body.id;
    const before = await snapshot(h.db);
    const bad = await upload(
      lead,
      csv([
        `Wave 1,ann@${w.domain},${inDays(10)},2`,
        `Wave 1,bob@elsewhere.example,${inDays(10)},2`,
        `Wave 1,ann@${w.domain},${inDays(10)},2`,
        `Wave 2,cy@${w.domain},2020-01-01,1`,
      ]),
    );
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().errors.map((e: any) => e.path);
    expect(paths).toEqual(['/body/rows/3/user', '/body/rows/4/user', '/body/rows/5/scheduledOn']);
    expect(await snapshot(h.db)).toEqual(before);
  });

  it('a good CSV creates its batches; counts give progress', async () => {
    const good = await upload(
      lead,
      csv([
        `Wave 1,ann@${w.domain},${inDays(10)},2`,
        `Wave 1,bob@${w.domain},${inDays(10)},3`,
        `Wave 2,cy@${w.domain},${inDays(17)},1`,
      ]),
    );
    expect(good.statusCode, good.body).toBe(201);
    expect(good.json()).toMatchObject({ imported: 2, users: 3 });
    const batchId = good.json().batchIds[0];
    const upd = await w.partnerMember.patch(`/api/migration-batches/${batchId}`, {
      status: 'complete',
      migrated: 2,
    });
    expect(upd.status, JSON.stringify(upd.body)).toBe(200);
    const tooMany = await lead.patch(`/api/migration-batches/${batchId}`, { failed: 1 });
    expect(tooMany.status).toBe(400);
    const list = await w.customer.get(`/api/engagements/${w.engagementId}/migration-projects`);
    expect(list.body.items[0].progress).toMatchObject({ users: 3, migrated: 2, percent: 67 });
    expect(list.body.items[0].batches.map((b: any) => b.name)).toEqual(['Wave 1', 'Wave 2']);
    const issue = await w.customer.post(`/api/migration-batches/${batchId}/issues`, {
      description: 'Calendar items missing for Ann',
    });
    expect(issue.status).toBe(201);
    await h.db
      .updateTable('migration_batches')
      .set({ completed_at: sql`now() - interval '6 days'` })
      .where('id', '=', batchId)
      .execute();
    const late = await w.customer.post(`/api/migration-batches/${batchId}/issues`, {
      description: 'Another',
    });
    expect(late.status).toBe(409);
  });

  it('the daily job pauses an idle project, then flags it for decommissioning', async () => {
    await h.db
      .updateTable('migration_projects')
      .set({ last_progress_at: sql`now() - interval '31 days'` })
      .where('id', '=', projectId)
      .execute();
    expect(await checkIdleProjects(h.db)).toMatchObject({ paused: 1 });
    let p = (await lead.get(`/api/engagements/${w.engagementId}/migration-projects`)).body.items[0];
    expect(p.status).toBe('paused');
    await h.db
      .updateTable('migration_projects')
      .set({ paused_at: sql`now() - interval '31 days'` })
      .where('id', '=', projectId)
      .execute();
    expect(await checkIdleProjects(h.db)).toMatchObject({ flagged: 1 });
    p = (await lead.get(`/api/engagements/${w.engagementId}/migration-projects`)).body.items[0];
    expect(p.status).toBe('decommission-flagged');
    const audit = await h.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', projectId)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['migration.project_pause', 'migration.project_flag']),
    );
  });
});

describe('isolation', () => {
  it('another customer and an unrelated partner see none of it; the approved partner does', async () => {
    const otherCustomerId = await makeOrganisation(h.db, 'customer');
    const stranger = await as(h.app, (await makeUser(h.db, otherCustomerId, 'admin')).email);
    const otherPartnerId = await makeOrganisation(h.db, 'partner');
    const outsider = await as(h.app, (await makeUser(h.db, otherPartnerId, 'admin')).email);
    const project = await h.db
      .selectFrom('migration_projects')
      .select('id')
      .where('engagement_id', '=', w.engagementId)
      .executeTakeFirstOrThrow();
    const batch = await h.db
      .selectFrom('migration_batches')
      .select('id')
      .where('project_id', '=', project.id)
      .executeTakeFirstOrThrow();
    const task = (await tasksOf(lead, w.engagementId)).find((x) => x.owner === 'customer')!;
    const id = w.engagementId;
    for (const c of [stranger, outsider]) {
      const before = await snapshot(h.db);
      for (const path of [
        `/api/engagements/${id}`,
        `/api/engagements/${id}/tasks`,
        `/api/engagements/${id}/notes`,
        `/api/engagements/${id}/timeline`,
        `/api/engagements/${id}/migration-projects`,
      ])
        expect((await c.get(path)).status, path).toBe(404);
      expect((await c.patch(`/api/engagements/${id}/tasks/${task.id}`, { status: 'complete' })).status).toBe(
        404,
      );
      expect(
        (await c.post(`/api/engagements/${id}/notes`, { type: 'engagement-management', body: 'x' })).status,
      ).toBe(404);
      expect((await c.patch(`/api/migration-batches/${batch.id}`, { migrated: 1 })).status).toBe(404);
      expect((await c.post(`/api/migration-batches/${batch.id}/issues`, { description: 'x' })).status).toBe(
        404,
      );
      const list = await c.get('/api/engagements');
      expect(list.body.items.map((x: any) => x.id)).not.toContain(id);
      expect(await snapshot(h.db)).toEqual(before);
    }
    expect((await w.partnerMember.get(`/api/engagements/${id}`)).status).toBe(200);
    const own = await w.customer.get('/api/engagements');
    expect(own.body.items.map((x: any) => x.customerId)).toEqual([w.customerId]);
  });
});

describe('motions, usage, completion and disengagement', () => {
  it('Customer Health excludes RFA: joining it leaves RFA, and the history shows both moves', async () => {
    const x = await makeWorld(h, lead);
    const res = await lead.post(`/api/engagements/${x.engagementId}/motions`, { motion: 'customer-health' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ motions: ['customer-health'], left: ['rfa'] });
    const e = await lead.get(`/api/engagements/${x.engagementId}`);
    expect(e.body.motionHistory.map((m: any) => `${m.change}:${m.motion}`)).toEqual([
      'joined:rfa',
      'left:rfa',
      'joined:customer-health',
    ]);
    expect((await lead.post(`/api/engagements/${x.engagementId}/motions`, { motion: 'csmau' })).status).toBe(
      400,
    );
    expect(
      (await x.customer.post(`/api/engagements/${x.engagementId}/motions`, { motion: 'targeting' })).status,
    ).toBe(403);
  });

  it('completion needs 100 active users (or 10 % under 1,000 seats, or the customer’s word); then disengagement', async () => {
    const x = await makeWorld(h, lead);
    const id = x.engagementId;
    const early = await lead.post(`/api/engagements/${id}/workloads/teams/complete`, {});
    expect(early.status).toBe(409);
    const usage = await lead.request('PUT', `/api/engagements/${id}/workloads/teams/usage`, {
      activeUsers: 120,
    });
    expect(usage.status).toBe(200);
    expect(usage.body.percent).toBe(8);
    const done = await lead.post(`/api/engagements/${id}/workloads/teams/complete`, {});
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.basis).toBe('active-users');
    // Exchange: the customer confirms that no blockers remain
    const confirmed = await x.customer.post(`/api/engagements/${id}/workloads/exchange-online/complete`, {
      customerConfirmedNoBlockers: true,
    });
    expect(confirmed.body.basis).toBe('customer-confirmed');
    // the disengagement gates are open
    const refused = await lead.post(`/api/engagements/${id}/disengage`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('4058');
    for (const t of (await tasksOf(lead, id)).filter((t) => t.templateId === 4058 || t.templateId === 4060))
      expect((await lead.patch(`/api/engagements/${id}/tasks/${t.id}`, { status: 'complete' })).status).toBe(
        200,
      );
    const off = await lead.post(`/api/engagements/${id}/disengage`);
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(off.body).toEqual({
      status: 'inactive',
      nextActionOn: `${new Date().getUTCFullYear() + 1}-12-31`,
    });
    // a new request re-opens work on the same customer: a new active engagement
    const filed = await x.customer.request('POST', '/api/requests', requestBody(x.customerId), {
      'idempotency-key': `again-${Date.now()}`,
    });
    const again = await lead.post(`/api/requests/${filed.body.id}/approve`, {
      reasonId: 'eligible-with-migration-service',
      scenario: 'center-led',
    });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.decision.engagementId).not.toBe(id);
    const list = await x.customer.get('/api/engagements?status=inactive');
    expect(list.body.items.map((e: any) => e.id)).toEqual([id]);
  });

  it('after delivery, usage above 10 % moves a workload from Adoption to Operate', async () => {
    const x = await makeWorld(h, lead);
    await h.db
      .updateTable('service_records')
      .set({ phase: 'adoption' })
      .where('engagement_id', '=', x.engagementId)
      .where('workload', '=', 'teams')
      .execute();
    const closeRefused = await lead.post(`/api/engagements/${x.engagementId}/workloads/teams/phase/close`);
    expect(closeRefused.status).toBe(409);
    const low = await lead.request('PUT', `/api/engagements/${x.engagementId}/workloads/teams/usage`, {
      activeUsers: 100,
    });
    expect(low.body.phase).toBe('adoption');
    const high = await lead.request('PUT', `/api/engagements/${x.engagementId}/workloads/teams/usage`, {
      activeUsers: 200,
    });
    expect(high.body.phase).toBe('operate');
  });
});
