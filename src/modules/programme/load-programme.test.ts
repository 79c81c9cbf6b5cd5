import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultProgrammeDir,
  loadDefaultProgramme,
  readProgrammeInput,
  validateProgramme,
} from './load-programme.ts';
import { APPROVAL_CASES, LANGUAGE_CODES, type Programme } from './programme.schema.ts';

/** A fresh, mutable copy of the default programme input. */
function defaultInput(): Programme {
  const { input, errors } = readProgrammeInput();
  expect(errors).toEqual([]);
  return structuredClone(input) as unknown as Programme;
}

function expectRefused(input: unknown, path: string, message?: RegExp) {
  const result = validateProgramme(input);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  const match = result.errors.find((error) => error.path === path);
  expect(match, `no error at ${path}; got ${JSON.stringify(result.errors, null, 2)}`).toBeDefined();
  if (message) expect(match?.message).toMatch(message);
}

const indexOf = <T>(items: T[], predicate: (item: T) => boolean): number => {
  const index = items.findIndex(predicate);
  expect(index).toBeGreaterThanOrEqual(0);
  return index;
};

describe('default Microsoft 365 programme', () => {
  const programme = loadDefaultProgramme();

  it('loads and validates', () => {
    expect(programme.key).toBe('microsoft-365');
    expect(programme.languages).toEqual([...LANGUAGE_CODES]);
    expect(programme.regions.map((r) => r.id)).toEqual(['americas', 'emea', 'apj']);
    expect(programme.workloads.length).toBeGreaterThanOrEqual(22);
    expect(programme.plans.length).toBeGreaterThanOrEqual(50);
    expect(programme.tasks.length).toBeGreaterThanOrEqual(250);
    expect(programme.notes.entitlementStatus.map((s) => s.l1).sort()).toEqual(
      ['blocked', 'duplicate-invalid', 'in-progress', 'no-intent', 'status-unknown'].sort(),
    );
  });

  it('makes 1699–1702 the gate tasks of assess, remediate, enable and migrate', () => {
    const gates: [string, number][] = [
      ['assess', 1699],
      ['remediate', 1700],
      ['enable', 1701],
      ['migrate', 1702],
    ];
    for (const [phaseId, taskId] of gates) {
      const phase = programme.phases.find((p) => p.id === phaseId);
      expect(phase?.gateTaskIds).toContain(taskId);
      const task = programme.tasks.find((t) => t.id === taskId);
      expect(task).toMatchObject({ gate: true, phase: phaseId, mandatory: true, role: 'fasttrack-manager' });
    }
  });

  it('keeps the customer-health and rfa motions mutually exclusive', () => {
    const motion = (id: string) => programme.motions.find((m) => m.id === id);
    expect(motion('rfa')?.excludes).toContain('customer-health');
    expect(motion('customer-health')?.excludes).toContain('rfa');
  });

  it('encodes the core eligibility thresholds as rules', () => {
    const rule = (id: string) => programme.eligibilityRules.find((r) => r.id === id);
    expect(rule('minimum-paid-seats')).toMatchObject({ minSeats: 150, countedLicenceKinds: ['paid'] });
    expect(rule('migration-service')).toMatchObject({
      minSeats: 500,
      legacyMinSeats: 150,
      legacyPurchasedBefore: '2017-09-01',
    });
    expect(rule('us-government-minimum')).toMatchObject({ segment: 'government', minSeats: 50 });
    expect(rule('education-migration-faculty-only')).toMatchObject({
      countedEducationSeatKinds: ['faculty'],
    });
  });

  it('has a real translation for every phase name', () => {
    for (const phase of programme.phases) {
      expect(Object.keys(phase.name).sort()).toEqual([...LANGUAGE_CODES].sort());
      expect(phase.name.ja).not.toBe(phase.name.en);
    }
  });
});

describe('validateProgramme refuses bad programmes with the path of the problem', () => {
  it('accepts the unmodified default input', () => {
    expect(validateProgramme(defaultInput())).toMatchObject({ ok: true });
  });

  it('refuses a task that references an unknown workload', () => {
    const input = defaultInput();
    input.tasks[5]!.workloads = ['no-such-workload'];
    expectRefused(input, '/tasks/5/workloads/0', /unknown workload "no-such-workload"/);
  });

  it('refuses a missing translation', () => {
    const input = defaultInput();
    const i = indexOf(input.phases, (p) => p.id === 'assess');
    delete (input.phases[i]!.name as Partial<Record<string, string>>).fr;
    expectRefused(input, `/phases/${i}/name/fr`, /missing translation/);
  });

  it('refuses an empty translation', () => {
    const input = defaultInput();
    input.workloads[0]!.name.th = '';
    expectRefused(input, '/workloads/0/name/th');
  });

  it('proposes one approval reason per case, and none for other moves', () => {
    const shipped = defaultInput().notes.requestReasons.approve;
    expect(shipped.map((r) => r.suggestedFor).sort()).toEqual([...APPROVAL_CASES].sort());
    const input = defaultInput();
    const approve = input.notes.requestReasons.approve;
    const i = indexOf(approve, (r) => r.suggestedFor === 'exception');
    (approve[0] as { suggestedFor?: string }).suggestedFor = 'exception';
    expectRefused(
      input,
      `/notes/requestReasons/approve/${i}/suggestedFor`,
      /duplicate proposed case "exception"/,
    );
    const held = defaultInput();
    (held.notes.requestReasons.hold[1] as { suggestedFor?: string }).suggestedFor = 'standard';
    expectRefused(held, '/notes/requestReasons/hold/1/suggestedFor', /only approval reasons/);
  });

  it('saved replies name the side that writes them; reason ids are unique across the banks', () => {
    const shipped = defaultInput().notes.requestReasons.message ?? [];
    expect(new Set(shipped.map((r) => r.from))).toEqual(new Set(['center', 'requester']));
    const sideless = defaultInput();
    delete (sideless.notes.requestReasons.message![0] as { from?: string }).from;
    expectRefused(sideless, '/notes/requestReasons/message/0/from', /names the side/);
    const held = defaultInput();
    (held.notes.requestReasons.hold[0] as { from?: string }).from = 'center';
    expectRefused(held, '/notes/requestReasons/hold/0/from', /only saved replies/);
    const twice = defaultInput();
    twice.notes.requestReasons.message![1]!.id = twice.notes.requestReasons.cancel[0]!.id;
    expectRefused(
      twice,
      '/notes/requestReasons/message/1/id',
      /duplicate request reason "duplicate" \(first at \/notes\/requestReasons\/cancel\/0\)/,
    );
  });

  it('refuses a duplicate task id', () => {
    const input = defaultInput();
    input.tasks.push({ ...input.tasks[0]! });
    expectRefused(input, `/tasks/${input.tasks.length - 1}/id`, /duplicate task id/);
  });

  it('refuses an unknown field', () => {
    const input = defaultInput();
    (input.tasks[0] as unknown as Record<string, unknown>).colour = 'red';
    expectRefused(input, '/tasks/0/colour', /unknown property "colour"/);
  });

  it('refuses a gate id that does not exist', () => {
    const input = defaultInput();
    const i = indexOf(input.phases, (p) => p.id === 'enable');
    input.phases[i]!.gateTaskIds.push(999999);
    expectRefused(input, `/phases/${i}/gateTaskIds/1`, /unknown task 999999/);
  });

  it('refuses a gate id whose task is not a gate task', () => {
    const input = defaultInput();
    const i = indexOf(input.phases, (p) => p.id === 'assess');
    input.phases[i]!.gateTaskIds.push(3070);
    expectRefused(input, `/phases/${i}/gateTaskIds/1`, /not flagged as a gate/);
  });

  it('refuses an asymmetric motion exclusion', () => {
    const input = defaultInput();
    const i = indexOf(input.motions, (m) => m.id === 'customer-health');
    input.motions[i]!.excludes = [];
    const j = indexOf(input.motions, (m) => m.id === 'rfa');
    expectRefused(input, `/motions/${j}/excludes/0`, /symmetric/);
  });

  it('refuses an eligibility rule of an unknown kind and a rule with a wrong parameter', () => {
    const input = defaultInput();
    (input.eligibilityRules[0] as unknown as Record<string, unknown>).kind = 'magic';
    (input.eligibilityRules[1] as unknown as Record<string, unknown>).planSkus = 'M365_E3_IUR';
    const result = validateProgramme(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['/eligibilityRules/0/kind', '/eligibilityRules/1/planSkus']),
    );
  });

  it('refuses an unknown plan SKU in an eligibility rule', () => {
    const input = defaultInput();
    const i = indexOf(input.eligibilityRules, (r) => r.id === 'aip-plan-restriction');
    const rule = input.eligibilityRules[i]!;
    if (rule.kind !== 'workload-plan-restriction') throw new Error('unexpected rule kind');
    rule.planSkus = ['M365_E7'];
    expectRefused(input, `/eligibilityRules/${i}/planSkus/0`, /unknown plan SKU/);
  });

  it('refuses business hours that end before they start, bad dates and unknown time zones', () => {
    const input = defaultInput();
    input.regions[0]!.businessHours.mon = [{ start: '17:00', end: '08:00' }];
    input.regions[1]!.holidays[0]!.date = '2026-02-30';
    input.regions[2]!.timeZone = 'Mars/Olympus_Mons';
    const result = validateProgramme(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        '/regions/0/businessHours/mon/0',
        '/regions/1/holidays/0/date',
        '/regions/2/timeZone',
      ]),
    );
  });

  it('refuses a malformed time of day', () => {
    const input = defaultInput();
    input.regions[0]!.businessHours.tue = [{ start: '8:00', end: '17:00' }];
    expectRefused(input, '/regions/0/businessHours/tue/0/start');
  });

  it('refuses a threshold that disagrees with its eligibility rule', () => {
    const input = defaultInput();
    input.thresholds!.minimumPaidSeats = 100;
    const i = indexOf(input.eligibilityRules, (r) => r.kind === 'minimum-paid-seats');
    expectRefused(input, `/eligibilityRules/${i}/minSeats`, /thresholds\.minimumPaidSeats/);
  });

  it('refuses a task migration source that does not feed the task workloads', () => {
    const input = defaultInput();
    const i = indexOf(input.tasks, (t) => t.id === 2006);
    input.tasks[i]!.migrationSources = ['box'];
    expectRefused(input, `/tasks/${i}/migrationSources/0`, /does not migrate into/);
  });

  it('reports every schema problem, not just the first few', () => {
    const input = defaultInput();
    for (let i = 0; i < 20; i++) (input.tasks[i] as unknown as Record<string, unknown>).mandatory = 'yes';
    (input.eligibilityRules[0] as unknown as Record<string, unknown>).minSeats = 'many';
    const result = validateProgramme(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.filter((e) => e.path.endsWith('/mandatory'))).toHaveLength(20);
    expect(result.errors).toContainEqual({
      path: '/eligibilityRules/0/minSeats',
      message: 'must be integer',
    });
  });

  it('refuses non-objects', () => {
    expect(validateProgramme(null)).toMatchObject({ ok: false });
    expect(validateProgramme([])).toMatchObject({ ok: false });
  });
});

describe('loadDefaultProgramme', () => {
  it('gives every task a name in each of the 11 other languages, and refuses an unknown task id', () => {
    const p = loadDefaultProgramme();
    for (const t of p.tasks)
      expect(Object.keys(t.names ?? {}).sort(), String(t.id)).toEqual(
        LANGUAGE_CODES.filter((l) => l !== 'en').sort(),
      );
    const dir = mkdtempSync(join(tmpdir(), 'programme-'));
    try {
      cpSync(defaultProgrammeDir(), dir, { recursive: true });
      writeFileSync(join(dir, 'task-names', 'fr.json'), JSON.stringify({ '999999': 'Tâche inconnue' }));
      expect(() => loadDefaultProgramme(dir)).toThrow(/task-names\/fr\.json: unknown task id 999999/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('throws an error that lists every problem with its file and path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'programme-'));
    try {
      cpSync(defaultProgrammeDir(), dir, { recursive: true });
      const input = defaultInput();
      input.tasks[0]!.phase = 'nowhere';
      (input.meetings[0] as unknown as Record<string, unknown>).room = 'B1';
      writeFileSync(join(dir, 'tasks.json'), JSON.stringify(input.tasks));
      writeFileSync(join(dir, 'meetings.json'), JSON.stringify(input.meetings));
      // Schema problems are reported first; fix the meeting to reach the cross-reference check.
      expect(() => loadDefaultProgramme(dir)).toThrow(
        /meetings\.json \/meetings\/0\/room: unknown property "room"/,
      );
      delete (input.meetings[0] as unknown as Record<string, unknown>).room;
      writeFileSync(join(dir, 'meetings.json'), JSON.stringify(input.meetings));
      expect(() => loadDefaultProgramme(dir)).toThrow(
        /tasks\.json \/tasks\/0\/phase: unknown phase "nowhere"/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports missing files and invalid JSON by file name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'programme-'));
    try {
      writeFileSync(join(dir, 'programme.json'), '{ not json');
      let message = '';
      try {
        loadDefaultProgramme(dir);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/programme\.json: invalid JSON/);
      expect(message).toMatch(/tasks\.json: file not found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('regions and countries', () => {
  it('puts every country in exactly one region', () => {
    const programme = loadDefaultProgramme();
    const of = (c: string) => programme.regions.filter((r) => r.countries.includes(c)).map((r) => r.id);
    expect(of('US')).toEqual(['americas']);
    expect(of('FR')).toEqual(['emea']);
    expect(of('JP')).toEqual(['apj']);
  });

  it('refuses a country listed in two regions', () => {
    const input = defaultInput();
    input.regions[0]!.countries.push(input.regions[1]!.countries[0]!);
    expectRefused(input, '/regions/1/countries/0', /already in region/);
  });
});

describe('scenario rules', () => {
  it('refuses an unknown threshold and a missing default rule', () => {
    const input = defaultInput();
    input.scenarioRules[2]!.when.minSeatsThreshold = 'noSuchThreshold';
    expectRefused(input, '/scenarioRules/2/when/minSeatsThreshold', /unknown threshold/);
    const noDefault = defaultInput();
    noDefault.scenarioRules.pop();
    expectRefused(noDefault, `/scenarioRules/${noDefault.scenarioRules.length - 1}/when`, /default/);
  });
});
