/** Reading the programme, localised for the caller; editing task templates makes a new version. */
import Type from 'typebox';
import type { App, Deps } from '../../app.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { WORKSTREAMS } from './programme.schema.ts';
import { currentProgramme, listVersions, updateTaskTemplate } from './programme.service.ts';

const Named = Type.Object({ id: Type.String(), name: Type.String() });
const Version = Type.Object({
  key: Type.String(),
  version: Type.Integer(),
  createdAt: Type.String(),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  summary: Type.String(),
  changes: Type.Array(Type.Object({ path: Type.String(), before: Type.Unknown(), after: Type.Unknown() })),
});
const Task = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  mandatory: Type.Boolean(),
  role: Type.String(),
  workloads: Type.Array(Type.String()),
  phase: Type.String(),
  workstream: Type.String(),
  gate: Type.Boolean(),
  owner: Type.String(),
});
const Workstream = Type.Enum([...WORKSTREAMS]);

type Localised = Record<string, string>;
const pick = (text: Localised | string, locale: Locale) =>
  typeof text === 'string' ? text : (text[locale === 'en-XA' ? 'en' : locale] ?? text.en ?? '');

export const programmeRoutes = (deps: Deps) => async (app: App) => {
  const { db } = deps;
  const tags = ['programme'];

  app.get(
    '/programme',
    {
      schema: {
        tags,
        summary: 'The current programme, names in the caller’s language',
        response: {
          200: Type.Object({
            key: Type.String(),
            name: Type.String(),
            version: Type.Integer(),
            updatedAt: Type.String(),
            languages: Type.Array(Type.String()),
            workloads: Type.Array(Named),
            phases: Type.Array(
              Type.Intersect([
                Named,
                Type.Object({ order: Type.Integer(), gateTaskIds: Type.Array(Type.Integer()) }),
              ]),
            ),
            motions: Type.Array(
              Type.Intersect([
                Named,
                Type.Object({ phases: Type.Array(Type.String()), excludes: Type.Array(Type.String()) }),
              ]),
            ),
            regions: Type.Array(
              Type.Intersect([
                Named,
                Type.Object({ timeZone: Type.String(), countries: Type.Array(Type.String()) }),
              ]),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { version, programme: p, createdAt } = await currentProgramme(db);
      const l = req.actor.locale;
      return {
        key: p.key,
        name: p.name,
        version,
        updatedAt: createdAt,
        languages: [...p.languages],
        workloads: p.workloads.map((w) => ({ id: w.id, name: pick(w.name, l) })),
        phases: p.phases.map((ph) => ({
          id: ph.id,
          name: pick(ph.name, l),
          order: ph.order,
          gateTaskIds: [...ph.gateTaskIds],
        })),
        motions: p.motions.map((m) => ({
          id: m.id,
          name: pick(m.name, l),
          phases: [...m.phases],
          excludes: [...m.excludes],
        })),
        regions: p.regions.map((r) => ({
          id: r.id,
          name: pick(r.name, l),
          timeZone: r.timeZone,
          countries: [...r.countries],
        })),
      };
    },
  );

  app.get(
    '/programme/document',
    {
      schema: {
        tags,
        summary: 'The whole current programme document (all languages), as validated at load',
        response: {
          200: Type.Object({
            version: Type.Integer(),
            programme: Type.Record(Type.String(), Type.Unknown()),
          }),
          ...errorResponses,
        },
      },
    },
    async () => {
      const { version, programme } = await currentProgramme(db);
      return { version, programme: programme as unknown as Record<string, unknown> };
    },
  );

  app.get(
    '/programme/tasks',
    {
      schema: {
        tags,
        summary: 'Task templates, filterable by phase, workload and workstream',
        querystring: Type.Object(
          {
            phase: Type.Optional(Type.String({ maxLength: 50 })),
            workload: Type.Optional(Type.String({ maxLength: 50 })),
            workstream: Type.Optional(Workstream),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(Task), ...errorResponses },
      },
    },
    async (req) => {
      const { programme } = await currentProgramme(db);
      const q = req.query;
      return programme.tasks
        .filter((t) => !q.phase || t.phase === q.phase)
        .filter((t) => !q.workload || t.workloads.includes(q.workload) || t.workloads.includes('all'))
        .filter((t) => !q.workstream || t.workstream === q.workstream)
        .map((t) => ({
          id: t.id,
          name: t.name,
          mandatory: t.mandatory,
          role: t.role,
          workloads: [...t.workloads],
          phase: t.phase,
          workstream: t.workstream,
          gate: t.gate,
          owner: t.owner,
        }));
    },
  );

  app.patch(
    '/programme/tasks/:taskId',
    {
      schema: {
        tags,
        summary: 'Change a task template (center admin or lead); creates a new programme version',
        params: Type.Object({ taskId: Type.Integer({ minimum: 1 }) }),
        body: Type.Object(
          {
            summary: Type.String({
              minLength: 3,
              maxLength: 500,
              description: 'What changed and why (the refresh summary)',
            }),
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
            mandatory: Type.Optional(Type.Boolean()),
            role: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
            workloads: Type.Optional(
              Type.Array(Type.String({ maxLength: 50 }), { minItems: 1, maxItems: 50 }),
            ),
            phase: Type.Optional(Type.String({ maxLength: 50 })),
            workstream: Type.Optional(Workstream),
            gate: Type.Optional(Type.Boolean()),
            owner: Type.Optional(Type.Union([Type.Literal('center'), Type.Literal('customer')])),
          },
          { additionalProperties: false, minProperties: 2 },
        ),
        response: { 200: Version, ...errorResponses },
      },
    },
    async (req) => {
      const { summary, ...patch } = req.body;
      return updateTaskTemplate(db, req.actor, req.params.taskId, patch as never, summary);
    },
  );

  app.get(
    '/programme/versions',
    {
      schema: {
        tags,
        summary: 'Programme versions with their change log (refresh summary)',
        response: { 200: Type.Array(Version), ...errorResponses },
      },
    },
    async () => listVersions(db),
  );
};
