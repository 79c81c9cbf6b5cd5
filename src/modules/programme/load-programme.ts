/**
 * Loads and validates a FastTrack programme (default: `programme/microsoft-365/*.json`).
 *
 * Validation has two stages:
 * 1. JSON Schema (TypeBox) — shapes, enums, patterns, unknown properties, missing translations;
 * 2. cross-reference checks — ids exist and are unique, gates point at gate tasks of the right phase,
 *    motion exclusions are symmetric, business hours and dates are real, time zones are valid IANA zones,
 *    thresholds agree with the eligibility rules.
 * Stage 2 only runs when stage 1 passed (it relies on the shapes). Every problem carries a JSON Pointer path
 * into the combined programme object, e.g. `/tasks/12/workloads/0`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type, type TSchema } from 'typebox';
import { Settings } from 'typebox/system';
import Value from 'typebox/value';
import { pointerToken } from '../../platform/errors.ts';
import { isCalendarDate } from '../../platform/time/calendar-date.ts';
import {
  ALL_WORKLOADS,
  ELIGIBILITY_RULE_SCHEMAS,
  LANGUAGE_CODES,
  LOCALIZED_TEXT_TITLE,
  type EligibilityRule,
  type Programme,
  ProgrammeSchema,
  type RequestReason,
  type Thresholds,
  WEEKDAYS,
} from './programme.schema.ts';

export interface ProgrammeError {
  /** JSON Pointer into the combined programme object (or a file name for read errors). */
  path: string;
  message: string;
}

export type ProgrammeValidationResult =
  | { ok: true; programme: Programme }
  | { ok: false; errors: ProgrammeError[] };

/** Which file of a programme directory holds which part of the combined object. */
export const PROGRAMME_FILES = {
  'programme.json': ['key', 'name', 'languages', 'regions', 'thresholds'],
  'workloads.json': 'workloads',
  'migration-sources.json': 'migrationSources',
  'plans.json': 'plans',
  'eligibility.json': 'eligibilityRules',
  'phases.json': 'phases',
  'motions.json': 'motions',
  'tasks.json': 'tasks',
  'meetings.json': 'meetings',
  'notes.json': 'notes',
  'scenarios.json': 'scenarioRules',
} as const satisfies Record<string, string | readonly string[]>;

/** Absolute path of the bundled default programme (`programme/microsoft-365/`). */
export function defaultProgrammeDir(): string {
  return fileURLToPath(new URL('../../../programme/microsoft-365/', import.meta.url));
}

// ---------------------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------------------

/**
 * Reads the programme files of `dir` and assembles the (unvalidated) combined programme object.
 * Missing files and JSON syntax errors are returned as errors whose path is the file name.
 */
export function readProgrammeInput(dir: string = defaultProgrammeDir()): {
  input: Record<string, unknown>;
  errors: ProgrammeError[];
} {
  const input: Record<string, unknown> = {};
  const errors: ProgrammeError[] = [];
  for (const [file, target] of Object.entries(PROGRAMME_FILES)) {
    const filePath = join(dir, file);
    if (!existsSync(filePath)) {
      errors.push({ path: file, message: `file not found: ${filePath}` });
      continue;
    }
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(filePath, 'utf8'));
    } catch (error) {
      errors.push({ path: file, message: `invalid JSON: ${(error as Error).message}` });
      continue;
    }
    if (typeof target === 'string') {
      input[target] = data;
    } else if (isRecord(data)) {
      for (const [key, value] of Object.entries(data)) {
        if (!(target as readonly string[]).includes(key)) {
          errors.push({ path: `/${pointerToken(key)}`, message: `unknown property "${key}" in ${file}` });
          continue;
        }
        input[key] = value;
      }
    } else {
      errors.push({ path: file, message: 'must contain a JSON object' });
    }
  }
  readTaskNames(dir, input, errors);
  return { input, errors };
}

/** `task-names/<language>.json` ({ "<task id>": "name" }) become each task's `names`. */
function readTaskNames(dir: string, input: Record<string, unknown>, errors: ProgrammeError[]) {
  const namesDir = join(dir, 'task-names');
  if (!existsSync(namesDir) || !Array.isArray(input.tasks)) return;
  const byId = new Map((input.tasks as Record<string, unknown>[]).map((t) => [String(t?.id), t]));
  for (const file of readdirSync(namesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const where = `task-names/${file}`;
    const language = file.slice(0, -'.json'.length);
    if (!(LANGUAGE_CODES as readonly string[]).includes(language) || language === 'en') {
      errors.push({ path: where, message: `not a translation language: "${language}"` });
      continue;
    }
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(join(namesDir, file), 'utf8'));
    } catch (error) {
      errors.push({ path: where, message: `invalid JSON: ${(error as Error).message}` });
      continue;
    }
    if (!isRecord(data)) {
      errors.push({ path: where, message: 'must contain a JSON object' });
      continue;
    }
    for (const [id, name] of Object.entries(data)) {
      const task = byId.get(id);
      if (!task) errors.push({ path: where, message: `unknown task id ${id}` });
      else task.names = { ...(isRecord(task.names) ? task.names : {}), [language]: name };
    }
  }
}

/** The file a pointer such as `/tasks/3/name` comes from. */
export function fileForPath(path: string): string | undefined {
  const top = path.split('/')[1];
  for (const [file, target] of Object.entries(PROGRAMME_FILES)) {
    if (typeof target === 'string' ? target === top : (target as readonly string[]).includes(top ?? '')) {
      return file;
    }
  }
  return undefined;
}

/** One line per problem: `tasks.json /tasks/3/workloads/0: unknown workload "x"`. */
export function formatProgrammeErrors(errors: readonly ProgrammeError[]): string {
  return errors
    .map((error) => {
      const file = error.path.startsWith('/') ? fileForPath(error.path) : undefined;
      return `  - ${file ? `${file} ` : ''}${error.path}: ${error.message}`;
    })
    .join('\n');
}

/**
 * Reads, validates and returns the programme in `dir` (default: the bundled Microsoft 365 programme).
 * Throws an Error listing every problem with its path when the programme is invalid.
 */
export function loadDefaultProgramme(dir: string = defaultProgrammeDir()): Programme {
  const { input, errors } = readProgrammeInput(dir);
  if (errors.length === 0) {
    const result = validateProgramme(input);
    if (result.ok) return result.programme;
    errors.push(...result.errors);
  }
  throw new Error(
    `Invalid programme in ${dir} (${errors.length} problem${errors.length === 1 ? '' : 's'}):\n${formatProgrammeErrors(errors)}`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------------------------

/** Validates a combined programme object: schema first, then cross-references. */
export function validateProgramme(input: unknown): ProgrammeValidationResult {
  const errors = schemaProblems(input);
  if (errors.length > 0) return { ok: false, errors };
  const programme = input as Programme;
  const crossErrors = crossReferenceProblems(programme);
  if (crossErrors.length > 0) return { ok: false, errors: crossErrors };
  return { ok: true, programme };
}

/**
 * The programme schema with eligibility rules left open: rules are a union keyed by `kind`, and validating the
 * union as a whole yields errors for every alternative, so each rule is validated against its own kind instead.
 */
const ProgrammeShapeSchema = Type.Object(
  { ...ProgrammeSchema.properties, eligibilityRules: Type.Array(Type.Unknown()) },
  { additionalProperties: false },
);

/** Upper bound on schema errors collected per validation pass (TypeBox's default is 8). */
const MAX_SCHEMA_ERRORS = 500;

function schemaProblems(input: unknown): ProgrammeError[] {
  const errors = schemaErrors(ProgrammeShapeSchema, input);
  const rules = isRecord(input) ? input.eligibilityRules : undefined;
  if (Array.isArray(rules)) {
    rules.forEach((rule: unknown, index) => {
      const base = `/eligibilityRules/${index}`;
      if (!isRecord(rule)) {
        errors.push({ path: base, message: 'must be an object' });
        return;
      }
      const kind = rule.kind;
      if (typeof kind !== 'string' || !Object.hasOwn(ELIGIBILITY_RULE_SCHEMAS, kind)) {
        errors.push({
          path: `${base}/kind`,
          message: `must be one of: ${Object.keys(ELIGIBILITY_RULE_SCHEMAS).join(', ')}`,
        });
        return;
      }
      const schema = ELIGIBILITY_RULE_SCHEMAS[kind as keyof typeof ELIGIBILITY_RULE_SCHEMAS];
      errors.push(...schemaErrors(schema, rule, base));
    });
  }
  return dedupe(errors);
}

/** `Value.Errors` with a larger error cap; the global TypeBox setting is restored afterwards. */
function collectErrors(schema: TSchema, value: unknown) {
  const previous = Settings.Get().maxErrors;
  Settings.Set({ maxErrors: MAX_SCHEMA_ERRORS });
  try {
    return Value.Errors(schema, value);
  } finally {
    Settings.Set({ maxErrors: previous });
  }
}

function schemaErrors(schema: TSchema, value: unknown, prefix = ''): ProgrammeError[] {
  const out: ProgrammeError[] = [];
  for (const error of collectErrors(schema, value)) {
    const path = prefix + error.instancePath;
    switch (error.keyword) {
      case 'boolean':
        // `additionalProperties: false` reports each extra property twice; the additionalProperties error is kept.
        if (error.schemaPath.endsWith('/additionalProperties')) continue;
        out.push({ path, message: error.message });
        break;
      case 'additionalProperties':
        for (const property of error.params.additionalProperties) {
          out.push({ path: `${path}/${pointerToken(property)}`, message: `unknown property "${property}"` });
        }
        break;
      case 'required': {
        const node = resolveSchemaPath(schema, error.schemaPath);
        const isText = isRecord(node) && node.title === LOCALIZED_TEXT_TITLE;
        for (const property of error.params.requiredProperties) {
          out.push({
            path: `${path}/${pointerToken(property)}`,
            message: isText
              ? `missing translation for language "${property}"`
              : `missing required property "${property}"`,
          });
        }
        break;
      }
      case 'enum':
        out.push({ path, message: `must be one of: ${error.params.allowedValues.join(', ')}` });
        break;
      default:
        out.push({ path, message: error.message });
    }
  }
  return out;
}

function resolveSchemaPath(schema: TSchema, schemaPath: string): unknown {
  let node: unknown = schema;
  for (const segment of schemaPath.replace(/^#\/?/, '').split('/')) {
    if (segment === '') continue;
    if (!isRecord(node)) return undefined;
    node = node[unescapePointer(segment)];
  }
  return node;
}

// ---------------------------------------------------------------------------------------------------------------
// Cross-reference checks
// ---------------------------------------------------------------------------------------------------------------

function crossReferenceProblems(p: Programme): ProgrammeError[] {
  const errors: ProgrammeError[] = [];
  const add: Add = (path, message) => {
    errors.push({ path, message });
  };

  // Identity and languages ------------------------------------------------------------------------------------
  if (!p.languages.includes('en')) add('/languages', 'must include "en" (the fallback language)');

  // Scenario rules ----------------------------------------------------------------------------------------------
  checkUnique(p.scenarioRules, (r) => r.id, '/scenarioRules', 'id', 'scenario rule', add);
  const scenarioWorkloads = new Set(p.workloads.map((w) => w.id));
  p.scenarioRules.forEach((rule, i) => {
    const base = `/scenarioRules/${i}`;
    const threshold = rule.when.minSeatsThreshold;
    if (
      threshold !== undefined &&
      typeof (p.thresholds as Record<string, unknown> | undefined)?.[threshold] !== 'number'
    ) {
      add(`${base}/when/minSeatsThreshold`, `unknown threshold "${threshold}"`);
    }
    for (const key of ['workloads', 'onlyRequestedWorkloads'] as const) {
      (rule.when[key] ?? []).forEach((w, j) => {
        if (!scenarioWorkloads.has(w)) add(`${base}/when/${key}/${j}`, `unknown workload "${w}"`);
      });
    }
    if ((rule.scenario === 'partner-led') !== (rule.partner !== undefined)) {
      add(
        `${base}/partner`,
        'a partner-led rule names its partner (filer or approved); other scenarios do not',
      );
    }
  });
  const lastRule = p.scenarioRules[p.scenarioRules.length - 1];
  if (lastRule && Object.keys(lastRule.when).length > 0) {
    add(
      `/scenarioRules/${p.scenarioRules.length - 1}/when`,
      'the last scenario rule must have no conditions (the default)',
    );
  }

  // Regions -----------------------------------------------------------------------------------------------------
  checkUnique(p.regions, (r) => r.id, '/regions', 'id', 'region', add);
  const regionOfCountry = new Map<string, string>();
  p.regions.forEach((region, i) => {
    const base = `/regions/${i}`;
    region.countries.forEach((country, j) => {
      const other = regionOfCountry.get(country);
      if (other) add(`${base}/countries/${j}`, `country ${country} is already in region "${other}"`);
      regionOfCountry.set(country, region.id);
    });
    if (!isValidTimeZone(region.timeZone))
      add(`${base}/timeZone`, `unknown IANA time zone "${region.timeZone}"`);
    for (const day of WEEKDAYS) {
      const intervals = region.businessHours[day];
      let previousEnd = -1;
      intervals.forEach((interval, j) => {
        const start = minutesOf(interval.start);
        const end = minutesOf(interval.end);
        const at = `${base}/businessHours/${day}/${j}`;
        if (start >= end) add(at, `start ${interval.start} must be before end ${interval.end}`);
        else if (start < previousEnd) add(at, 'overlaps or precedes the previous interval of the day');
        previousEnd = Math.max(previousEnd, end);
      });
    }
    region.holidays.forEach((holiday, j) => {
      if (!isCalendarDate(holiday.date)) add(`${base}/holidays/${j}/date`, `invalid date "${holiday.date}"`);
    });
    checkUnique(region.holidays, (h) => h.date, `${base}/holidays`, 'date', 'holiday date', add);
  });

  // Workloads and migration sources -------------------------------------------------------------------------
  const workloadIds = checkUnique(p.workloads, (w) => w.id, '/workloads', 'id', 'workload', add);
  checkUnique(p.migrationSources, (s) => s.id, '/migrationSources', 'id', 'migration source', add);
  const aliasOwner = new Map<string, string>();
  p.workloads.forEach((workload, i) => {
    (workload.aliases ?? []).forEach((alias, j) => {
      const key = alias.toLowerCase();
      const owner = aliasOwner.get(key);
      if (owner !== undefined && owner !== workload.id) {
        add(`/workloads/${i}/aliases/${j}`, `alias "${alias}" is already used by workload "${owner}"`);
      }
      aliasOwner.set(key, workload.id);
    });
    (workload.migrationSources ?? []).forEach((sourceId, j) => {
      const at = `/workloads/${i}/migrationSources/${j}`;
      const source = p.migrationSources.find((s) => s.id === sourceId);
      if (!source) add(at, `unknown migration source "${sourceId}"`);
      else if (!source.destinations.includes(workload.id)) {
        add(at, `migration source "${sourceId}" does not list "${workload.id}" as a destination`);
      }
    });
  });
  p.migrationSources.forEach((source, i) => {
    source.destinations.forEach((destination, j) => {
      const at = `/migrationSources/${i}/destinations/${j}`;
      const workload = p.workloads.find((w) => w.id === destination);
      if (!workload) add(at, `unknown workload "${destination}"`);
      else if (!(workload.migrationSources ?? []).includes(source.id)) {
        add(at, `workload "${destination}" does not list "${source.id}" in its migrationSources`);
      }
    });
  });

  // Plans -------------------------------------------------------------------------------------------------------
  const skus = checkUnique(p.plans, (plan) => plan.sku, '/plans', 'sku', 'plan', add);
  const skuAliases = new Map<string, string>();
  p.plans.forEach((plan, i) => {
    const base = `/plans/${i}`;
    plan.workloads.forEach((id, j) => {
      if (!workloadIds.has(id)) add(`${base}/workloads/${j}`, `unknown workload "${id}"`);
    });
    if (plan.educationSeatKind !== undefined && plan.segment !== 'education') {
      add(`${base}/educationSeatKind`, 'only allowed on plans of the education segment');
    }
    (plan.aliases ?? []).forEach((alias, j) => {
      const owner = skuAliases.get(alias);
      if (skus.has(alias) || (owner !== undefined && owner !== plan.sku)) {
        add(`${base}/aliases/${j}`, `alias "${alias}" collides with another plan SKU or alias`);
      }
      skuAliases.set(alias, plan.sku);
    });
  });

  // Phases, tasks, motions --------------------------------------------------------------------------------------
  const phaseIds = checkUnique(p.phases, (phase) => phase.id, '/phases', 'id', 'phase', add);
  checkUnique(p.phases, (phase) => String(phase.order), '/phases', 'order', 'phase order', add);
  const taskIds = checkUnique(p.tasks, (task) => String(task.id), '/tasks', 'id', 'task id', add);
  const motionIds = checkUnique(p.motions, (motion) => motion.id, '/motions', 'id', 'motion', add);
  const tasksById = new Map(p.tasks.map((task) => [task.id, task]));
  const phaseOrder = new Map(p.phases.map((phase) => [phase.id, phase.order]));

  p.phases.forEach((phase, i) => {
    phase.gateTaskIds.forEach((taskId, j) => {
      const at = `/phases/${i}/gateTaskIds/${j}`;
      const task = tasksById.get(taskId);
      if (!task) add(at, `unknown task ${taskId}`);
      else if (!task.gate) add(at, `task ${taskId} is not flagged as a gate task`);
      else if (task.phase !== phase.id)
        add(at, `gate task ${taskId} belongs to phase "${task.phase}", not "${phase.id}"`);
    });
  });

  p.motions.forEach((motion, i) => {
    const base = `/motions/${i}`;
    let previous = 0;
    motion.phases.forEach((phaseId, j) => {
      const order = phaseOrder.get(phaseId);
      if (order === undefined) add(`${base}/phases/${j}`, `unknown phase "${phaseId}"`);
      else {
        if (order < previous) add(`${base}/phases/${j}`, `phase "${phaseId}" is out of lifecycle order`);
        previous = order;
      }
    });
    motion.excludes.forEach((other, j) => {
      const at = `${base}/excludes/${j}`;
      const otherMotion = p.motions.find((m) => m.id === other);
      if (other === motion.id) add(at, 'a motion cannot exclude itself');
      else if (!otherMotion) add(at, `unknown motion "${other}"`);
      else if (!otherMotion.excludes.includes(motion.id)) {
        add(at, `exclusion must be symmetric: motion "${other}" does not exclude "${motion.id}"`);
      }
    });
  });

  p.tasks.forEach((task, i) => {
    const base = `/tasks/${i}`;
    if (task.workloads.includes(ALL_WORKLOADS) && task.workloads.length > 1) {
      add(`${base}/workloads`, `"${ALL_WORKLOADS}" cannot be combined with other workloads`);
    }
    task.workloads.forEach((id, j) => {
      if (id !== ALL_WORKLOADS && !workloadIds.has(id))
        add(`${base}/workloads/${j}`, `unknown workload "${id}"`);
    });
    if (!phaseIds.has(task.phase)) add(`${base}/phase`, `unknown phase "${task.phase}"`);
    (task.migrationSources ?? []).forEach((sourceId, j) => {
      const at = `${base}/migrationSources/${j}`;
      const source = p.migrationSources.find((s) => s.id === sourceId);
      if (!source) add(at, `unknown migration source "${sourceId}"`);
      else if (
        !task.workloads.includes(ALL_WORKLOADS) &&
        !source.destinations.some((destination) => task.workloads.includes(destination))
      ) {
        add(at, `migration source "${sourceId}" does not migrate into any of the task's workloads`);
      }
    });
    (task.motions ?? []).forEach((motionId, j) => {
      const at = `${base}/motions/${j}`;
      const motion = p.motions.find((m) => m.id === motionId);
      if (!motion) add(at, `unknown motion "${motionId}"`);
      else if (!motion.phases.includes(task.phase)) {
        add(at, `motion "${motionId}" does not include the task's phase "${task.phase}"`);
      }
    });
  });

  // Meetings ----------------------------------------------------------------------------------------------------
  checkUnique(p.meetings, (meeting) => meeting.id, '/meetings', 'id', 'meeting', add);
  p.meetings.forEach((meeting, i) => {
    const base = `/meetings/${i}`;
    if (meeting.phase !== undefined && !phaseIds.has(meeting.phase)) {
      add(`${base}/phase`, `unknown phase "${meeting.phase}"`);
    }
    (meeting.motions ?? []).forEach((id, j) => {
      if (!motionIds.has(id)) add(`${base}/motions/${j}`, `unknown motion "${id}"`);
    });
    (meeting.taskIds ?? []).forEach((id, j) => {
      if (!tasksById.has(id)) add(`${base}/taskIds/${j}`, `unknown task ${id}`);
    });
  });

  // Eligibility rules -------------------------------------------------------------------------------------------
  const ruleIds = checkUnique(p.eligibilityRules, (rule) => rule.id, '/eligibilityRules', 'id', 'rule', add);
  p.eligibilityRules.forEach((rule, i) => {
    checkRule(rule, `/eligibilityRules/${i}`, skus, workloadIds, add);
  });
  if (p.thresholds) checkThresholds(p.thresholds, p.eligibilityRules, add);

  // Notes -------------------------------------------------------------------------------------------------------
  checkUnique(p.notes.types, (type) => type.id, '/notes/types', 'id', 'note type', add);
  checkUnique(
    p.notes.entitlementStatus,
    (status) => status.l1,
    '/notes/entitlementStatus',
    'l1',
    'L1 status',
    add,
  );
  p.notes.entitlementStatus.forEach((status, i) => {
    checkUnique(status.l2, (l2) => l2.id, `/notes/entitlementStatus/${i}/l2`, 'id', 'L2 reason', add);
  });
  // a history entry names its reason by id alone: ids are unique across the banks
  const banks = Object.entries(p.notes.requestReasons) as [string, RequestReason[]][];
  const firstAt = new Map<string, string>();
  for (const [transition, reasons] of banks)
    reasons.forEach((reason, i) => {
      const at = `/notes/requestReasons/${transition}/${i}`;
      const first = firstAt.get(reason.id);
      if (first === undefined) firstAt.set(reason.id, at);
      else add(`${at}/id`, `duplicate request reason "${reason.id}" (first at ${first})`);
    });
  for (const [transition, reasons] of banks) {
    const base = `/notes/requestReasons/${transition}`;
    reasons.forEach((reason, i) => {
      if (reason.eligibilityRuleId !== undefined && !ruleIds.has(reason.eligibilityRuleId)) {
        add(`${base}/${i}/eligibilityRuleId`, `unknown eligibility rule "${reason.eligibilityRuleId}"`);
      }
      if (reason.taskId !== undefined && !taskIds.has(String(reason.taskId))) {
        add(`${base}/${i}/taskId`, `unknown task ${reason.taskId}`);
      }
      if (reason.suggestedFor !== undefined && transition !== 'approve') {
        add(`${base}/${i}/suggestedFor`, 'only approval reasons are proposed for a case');
      }
      // a saved reply says which side writes it; a status move's reason has no side
      if (transition === 'message' && reason.from === undefined) {
        add(`${base}/${i}/from`, 'a saved reply names the side that writes it (center or requester)');
      }
      if (transition !== 'message' && reason.from !== undefined) {
        add(`${base}/${i}/from`, 'only saved replies (message) name a side');
      }
    });
    // one reason per case, or the reviewer's dialog could not tell which to propose
    const proposed = reasons.filter((r) => r.suggestedFor !== undefined);
    checkUnique(
      proposed,
      (r) => r.suggestedFor!,
      base,
      'suggestedFor',
      'proposed case',
      (path, message) =>
        add(
          path.replace(/\/(\d+)\//, (_, n) => `/${reasons.indexOf(proposed[Number(n)]!)}/`),
          message,
        ),
    );
  }

  return errors;
}

type Add = (path: string, message: string) => void;

function checkRule(
  rule: EligibilityRule,
  base: string,
  skus: Set<string>,
  workloads: Set<string>,
  add: Add,
): void {
  const checkSkus = (list: readonly string[] | undefined, key: string) =>
    (list ?? []).forEach((sku, j) => {
      if (!skus.has(sku)) add(`${base}/${key}/${j}`, `unknown plan SKU "${sku}"`);
    });
  const checkWorkloads = (list: readonly string[], key: string) =>
    list.forEach((id, j) => {
      if (!workloads.has(id)) add(`${base}/${key}/${j}`, `unknown workload "${id}"`);
    });
  const checkDate = (value: string | undefined, key: string) => {
    if (value !== undefined && !isCalendarDate(value)) add(`${base}/${key}`, `invalid date "${value}"`);
  };
  checkDate(rule.effectiveFrom, 'effectiveFrom');
  checkDate(rule.effectiveTo, 'effectiveTo');
  if (
    rule.effectiveFrom !== undefined &&
    rule.effectiveTo !== undefined &&
    rule.effectiveFrom > rule.effectiveTo
  ) {
    add(`${base}/effectiveTo`, 'must not be before effectiveFrom');
  }
  switch (rule.kind) {
    case 'segment-minimum':
      checkSkus(rule.qualifyingPlanSkus, 'qualifyingPlanSkus');
      break;
    case 'plan-never-eligible':
      checkSkus(rule.planSkus, 'planSkus');
      break;
    case 'migration-service-threshold':
      checkDate(rule.legacyPurchasedBefore, 'legacyPurchasedBefore');
      checkWorkloads(rule.workloads, 'workloads');
      if (rule.legacyMinSeats > rule.minSeats) add(`${base}/legacyMinSeats`, 'must not exceed minSeats');
      break;
    case 'migration-guidance-threshold':
      checkWorkloads(rule.workloads, 'workloads');
      break;
    case 'workload-plan-restriction':
      checkSkus(rule.planSkus, 'planSkus');
      if (!workloads.has(rule.workload)) add(`${base}/workload`, `unknown workload "${rule.workload}"`);
      break;
    case 'below-minimum-route':
      if (rule.minSeats > rule.maxSeats) add(`${base}/maxSeats`, 'must not be below minSeats');
      break;
    default:
      break;
  }
}

/** Thresholds that restate an eligibility rule parameter must agree with it. */
function checkThresholds(thresholds: Thresholds, rules: readonly EligibilityRule[], add: Add): void {
  const links: [keyof Thresholds, (rule: EligibilityRule) => boolean][] = [
    ['minimumPaidSeats', (rule) => rule.kind === 'minimum-paid-seats'],
    ['migrationServiceSeats', (rule) => rule.kind === 'migration-service-threshold'],
    ['migrationGuidanceSeats', (rule) => rule.kind === 'migration-guidance-threshold'],
    ['usGovernmentMinimumSeats', (rule) => rule.kind === 'segment-minimum' && rule.segment === 'government'],
    ['conciergeMinimumSeats', (rule) => rule.kind === 'below-minimum-route' && rule.route === 'concierge'],
  ];
  for (const [key, matches] of links) {
    rules.forEach((rule, i) => {
      if (matches(rule) && 'minSeats' in rule && rule.minSeats !== thresholds[key]) {
        add(`/eligibilityRules/${i}/minSeats`, `must equal thresholds.${key} (${thresholds[key]})`);
      }
    });
  }
  if (thresholds.migrationGuidanceSeats >= thresholds.migrationServiceSeats) {
    add('/thresholds/migrationGuidanceSeats', 'must be below thresholds.migrationServiceSeats');
  }
  if (thresholds.adoptionMinPercent > thresholds.operateMinPercent) {
    add('/thresholds/adoptionMinPercent', 'must not exceed thresholds.operateMinPercent');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

/** Reports duplicates and returns the set of keys. */
function checkUnique<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  basePath: string,
  field: string,
  label: string,
  add: Add,
): Set<string> {
  const firstIndex = new Map<string, number>();
  items.forEach((item, i) => {
    const key = keyOf(item);
    const first = firstIndex.get(key);
    if (first === undefined) firstIndex.set(key, i);
    else add(`${basePath}/${i}/${field}`, `duplicate ${label} "${key}" (first at ${basePath}/${first})`);
  });
  return new Set(firstIndex.keys());
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unescapePointer(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

function dedupe<T extends ProgrammeError>(errors: T[]): T[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.path}\u0000${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** True for time zones the runtime's Intl knows (IANA names such as `Europe/Dublin`). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    return true;
  } catch {
    return false;
  }
}
