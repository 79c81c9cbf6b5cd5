/** Engagements: detail, lists and CSV, tasks, phases, entitlement status, notes, people, timeline, migration. */
import Type from 'typebox';
import type { App, Deps } from '../../app.ts';
import { csvExportSchema, sendCsv } from '../../platform/http/csv.ts';
import { DateString, errorResponses, Id, IdParams, Page, PageQuery } from '../../platform/http/schemas.ts';
import {
  createProject,
  importBatches,
  listProjects,
  reportIssue,
  updateBatch,
} from '../migration/migration-projects.ts';
import { getProgramme } from '../programme/programme.service.ts';
import { addNote, HEALTH, listNotes } from './engagement-notes.ts';
import {
  ASSIGNMENT_ROLES,
  assign,
  joinMotion,
  recordFirstContact,
  requestDelay,
  unassign,
} from './engagement-people.ts';
import {
  exportEngagementsCsv,
  getEngagement,
  getTimeline,
  listEngagements,
  listTasks,
} from './engagement-views.ts';
import {
  addGuidance,
  closePhase,
  completeWorkload,
  disengage,
  recordUsage,
  setEntitlement,
  updateTask,
} from './engagement-work.ts';

const strict = { additionalProperties: false } as const;
const Slug = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 60 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const WorkloadParams = Type.Object({ id: Id(), workload: Slug });
const TaskParams = Type.Object({ id: Id(), taskId: Id() });
const Any = Type.Record(Type.String(), Type.Unknown());
const Workstream = Type.Enum([
  'engagement-management',
  'core-onboarding',
  'service-onboarding',
  'data-migration',
  'user-adoption',
]);
const TaskStatus = Type.Enum(['not-started', 'in-progress', 'complete', 'not-applicable']);

const Summary = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  customerName: Type.String(),
  status: Type.String(),
  region: Nullable(Type.String()),
  motions: Type.Array(Type.String()),
  workloads: Type.Array(Type.Object({ workload: Type.String(), phase: Type.String() })),
  primaryManager: Nullable(Type.String()),
  firstContact: Nullable(Type.String()),
  firstContactDueAt: Nullable(Type.String()),
  noteDueOn: Nullable(Type.String()),
  notesOverdue: Type.Boolean(),
  createdAt: Type.String(),
});

const ListQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(['active', 'inactive'])),
    motion: Type.Optional(Slug),
    phase: Type.Optional(Slug),
    workload: Type.Optional(Slug),
    region: Type.Optional(Slug),
    customerId: Type.Optional(Id()),
    owner: Type.Optional(Type.String({ maxLength: 40, description: 'a user id, or "me"' })),
    sla: Type.Optional(Type.Enum(['overdue'])),
    notes: Type.Optional(Type.Enum(['overdue'])),
    ...PageQuery,
  },
  strict,
);

const Task = Type.Object({
  id: Type.String(),
  templateId: Type.Integer(),
  name: Type.String(),
  workload: Nullable(Type.String()),
  workstream: Type.String(),
  phase: Type.String(),
  mandatory: Type.Boolean(),
  gate: Type.Boolean(),
  owner: Type.String(),
  role: Type.String(),
  assigneeUserId: Nullable(Type.String()),
  status: Type.String(),
  naReason: Nullable(Type.String()),
  dueOn: Nullable(Type.String()),
  dependsOn: Type.Array(Type.String()),
  guidance: Type.Array(
    Type.Object({
      text: Type.String(),
      link: Nullable(Type.String()),
      authorName: Nullable(Type.String()),
      at: Type.String(),
    }),
  ),
  completedAt: Nullable(Type.String()),
});

const NoteBody = Type.Object(
  {
    type: Slug,
    workload: Type.Optional(Slug),
    fields: Type.Optional(Type.Record(Type.String({ maxLength: 80 }), Type.String({ maxLength: 4000 }))),
    body: Type.String({ minLength: 1, maxLength: 20000 }),
    health: Type.Optional(Type.Enum([...HEALTH])),
  },
  strict,
);

export const engagementRoutes = (deps: Deps) => async (app: App) => {
  const { db } = deps;
  const tags = ['engagements'];
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.get(
    '/engagements',
    {
      schema: {
        tags,
        summary: 'Engagements the caller may see ("my engagements" with owner=me), filterable, oldest first',
        querystring: ListQuery,
        response: { 200: Page(Summary), ...errorResponses },
      },
    },
    async (req) => listEngagements(db, req.actor, req.query as never),
  );

  app.get(
    '/engagements/export.csv',
    { schema: csvExportSchema(tags, ListQuery, 'engagement') },
    async (req, reply) =>
      sendCsv(reply, 'engagements.csv', await exportEngagementsCsv(db, req.actor, req.query as never)),
  );

  app.get(
    '/engagements/:id',
    {
      schema: {
        tags,
        summary:
          'An engagement: workloads with phase and progress, workstreams, assignments, SLA clocks, notes due',
        params: IdParams,
        response: { 200: Any, ...errorResponses },
      },
    },
    async (req) => getEngagement(db, await getProgramme(db), req.actor, (req.params as { id: string }).id),
  );

  app.get(
    '/engagements/:id/timeline',
    {
      schema: {
        tags,
        summary:
          'Per workload: phases with planned and actual dates, tasks with dates and dependencies, migration batches',
        params: IdParams,
        response: { 200: Any, ...errorResponses },
      },
    },
    async (req) => getTimeline(db, await getProgramme(db), req.actor, (req.params as { id: string }).id),
  );

  app.get(
    '/engagements/:id/tasks',
    {
      schema: {
        tags,
        summary: 'Tasks of the engagement, in playbook order',
        params: IdParams,
        querystring: Type.Object(
          {
            workstream: Type.Optional(Workstream),
            phase: Type.Optional(Slug),
            workload: Type.Optional(Slug),
            status: Type.Optional(TaskStatus),
          },
          strict,
        ),
        response: { 200: Type.Object({ items: Type.Array(Task) }), ...errorResponses },
      },
    },
    async (req) => ({
      items: await listTasks(
        db,
        await getProgramme(db),
        req.actor,
        (req.params as { id: string }).id,
        req.query as never,
      ),
    }),
  );

  app.patch(
    '/engagements/:id/tasks/:taskId',
    {
      schema: {
        tags,
        summary:
          'Update a task: status (customer-owned tasks only by the customer or its partner), assignee, due date',
        params: TaskParams,
        body: Type.Object(
          {
            status: Type.Optional(TaskStatus),
            naReason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
            assigneeUserId: Type.Optional(Nullable(Id())),
            dueOn: Type.Optional(Nullable(DateString)),
          },
          { ...strict, minProperties: 1 },
        ),
        response: { 200: Type.Object({ id: Type.String() }), ...errorResponses },
      },
    },
    async (req) => {
      const p = req.params as { id: string; taskId: string };
      return updateTask(deps, req.actor, p.id, p.taskId, req.body as never);
    },
  );

  app.post(
    '/engagements/:id/tasks/:taskId/guidance',
    {
      schema: {
        tags,
        summary: 'Add guidance (a note and a link) to a task',
        params: TaskParams,
        body: Type.Object(
          {
            text: Type.String({ minLength: 1, maxLength: 4000 }),
            link: Type.Optional(Type.String({ format: 'uri', pattern: '^https://', maxLength: 1000 })),
          },
          strict,
        ),
        response: { 200: Type.Object({ id: Type.String() }), ...errorResponses },
      },
    },
    async (req) => {
      const p = req.params as { id: string; taskId: string };
      return addGuidance(deps, req.actor, p.id, p.taskId, req.body as never);
    },
  );

  app.post(
    '/engagements/:id/workloads/:workload/phase/close',
    {
      schema: {
        tags,
        summary: "Close the workload's current phase (all its gate tasks must be complete) and move it on",
        params: WorkloadParams,
        response: {
          200: Type.Object({ workload: Type.String(), from: Type.String(), to: Type.String() }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const p = req.params as { id: string; workload: string };
      return closePhase(deps, req.actor, p.id, p.workload);
    },
  );

  app.put(
    '/engagements/:id/workloads/:workload/entitlement',
    {
      schema: {
        tags,
        summary:
          'Entitlement status: L1/L2 buckets whose counts sum to the entitlement; a service-intent note when L1 changes',
        params: WorkloadParams,
        body: Type.Object(
          {
            buckets: Type.Array(
              Type.Object(
                {
                  l1: Slug,
                  l2: Type.Optional(Nullable(Slug)),
                  count: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
                },
                strict,
              ),
              { minItems: 1, maxItems: 30 },
            ),
            note: Type.Optional(
              Type.Object(
                {
                  body: Type.String({ minLength: 1, maxLength: 20000 }),
                  fields: Type.Optional(
                    Type.Record(Type.String({ maxLength: 80 }), Type.String({ maxLength: 4000 })),
                  ),
                },
                strict,
              ),
            ),
          },
          strict,
        ),
        response: { 200: Any, ...errorResponses },
      },
    },
    async (req) => {
      const p = req.params as { id: string; workload: string };
      const body = req.body as { buckets: { l1: string; l2?: string | null; count: number }[]; note?: never };
      return setEntitlement(deps, req.actor, p.id, p.workload, {
        buckets: body.buckets.map((b) => ({ l1: b.l1, l2: b.l2 ?? null, count: b.count })),
        note: body.note,
      });
    },
  );

  app.put(
    '/engagements/:id/workloads/:workload/usage',
    {
      schema: {
        tags,
        summary: 'Active users of the workload (Adoption moves to Operate above 10 %)',
        params: WorkloadParams,
        body: Type.Object({ activeUsers: Type.Integer({ minimum: 0, maximum: 10_000_000 }) }, strict),
        response: { 200: Any, ...errorResponses },
      },
    },
    async (req) => {
      const p = req.params as { id: string; workload: string };
      return recordUsage(
        deps,
        req.actor,
        p.id,
        p.workload,
        (req.body as { activeUsers: number }).activeUsers,
      );
    },
  );

  app.post(
    '/engagements/:id/workloads/:workload/complete',
    {
      schema: {
        tags,
        summary:
          'Complete a workload: 100 active users, or 10 % under 1,000 seats, or the customer confirms no blockers remain',
        params: WorkloadParams,
        body: Type.Object({ customerConfirmedNoBlockers: Type.Optional(Type.Boolean()) }, strict),
        response: { 200: Any, ...errorResponses },
      },
    },
    async (req) => {
      const p = req.params as { id: string; workload: string };
      return completeWorkload(deps, req.actor, p.id, p.workload, req.body as never);
    },
  );

  app.post(
    '/engagements/:id/disengage',
    {
      schema: {
        tags,
        summary:
          'Disengage after the last workload (gates 4058/4060): the engagement becomes inactive until 31 Dec next year',
        params: IdParams,
        response: { 200: Any, ...errorResponses },
      },
    },
    async (req) => disengage(deps, req.actor, (req.params as { id: string }).id),
  );

  app.get(
    '/engagements/:id/notes',
    {
      schema: {
        tags,
        summary: 'Notes of the engagement, newest first',
        params: IdParams,
        querystring: Type.Object({ type: Type.Optional(Slug) }, strict),
        response: { 200: Type.Object({ items: Type.Array(Any) }), ...errorResponses },
      },
    },
    async (req) => ({
      items: await listNotes(
        db,
        await getProgramme(db),
        req.actor,
        (req.params as { id: string }).id,
        (req.query as { type?: string }).type,
      ),
    }),
  );

  app.post(
    '/engagements/:id/notes',
    {
      schema: {
        tags,
        summary: 'Write a typed note (template fields of its type; author roles of the programme)',
        params: IdParams,
        body: NoteBody,
        response: { 201: Type.Object({ id: Type.String() }), ...errorResponses },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await addNote(deps, req.actor, (req.params as { id: string }).id, req.body as never)),
  );

  app.post(
    '/engagements/:id/assignments',
    {
      schema: {
        tags,
        summary:
          'Assign a person (primary manager or lead for center roles; partner admin for partner roles)',
        params: IdParams,
        body: Type.Object(
          {
            role: Type.Enum([...ASSIGNMENT_ROLES]),
            userId: Id(),
            workload: Type.Optional(Slug),
            primary: Type.Optional(Type.Boolean()),
          },
          strict,
        ),
        response: {
          201: Type.Object({
            id: Type.String(),
            meetings: Nullable(
              Type.Object(
                { meetings: Type.Integer(), kickoffInTime: Nullable(Type.Boolean()) },
                {
                  description:
                    'the meeting series booked (or proposed) when the first primary manager is assigned',
                },
              ),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await assign(deps, req.actor, (req.params as { id: string }).id, req.body as never)),
  );

  app.delete(
    '/engagements/:id/assignments/:assignmentId',
    {
      schema: {
        tags,
        summary: 'Remove an assignment',
        params: Type.Object({ id: Id(), assignmentId: Id() }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const p = req.params as { id: string; assignmentId: string };
      await unassign(deps, req.actor, p.id, p.assignmentId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/engagements/:id/first-contact',
    {
      schema: {
        tags,
        summary: 'Record the first customer contact (stops the 2-business-day clock)',
        params: IdParams,
        response: { 200: Type.Object({ at: Type.String() }), ...errorResponses },
      },
    },
    async (req) => recordFirstContact(deps, req.actor, (req.params as { id: string }).id),
  );

  app.post(
    '/engagements/:id/delay',
    {
      schema: {
        tags,
        summary: 'A delay the customer requested (up to 90 days); the next action moves to its end',
        params: IdParams,
        body: Type.Object(
          { until: DateString, reason: Type.String({ minLength: 1, maxLength: 2000 }) },
          strict,
        ),
        response: {
          200: Type.Object({
            until: Type.String(),
            meetingsMoved: Type.Integer({ description: 'scheduled meetings moved after the pause' }),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => requestDelay(deps, req.actor, (req.params as { id: string }).id, req.body as never),
  );

  app.post(
    '/engagements/:id/motions',
    {
      schema: {
        tags,
        summary: 'Move the engagement into a motion (leaving the motions it excludes)',
        params: IdParams,
        body: Type.Object({ motion: Slug }, strict),
        response: { 200: Any, ...errorResponses },
      },
    },
    async (req) =>
      joinMotion(deps, req.actor, (req.params as { id: string }).id, (req.body as { motion: string }).motion),
  );

  // Migration ------------------------------------------------------------------------------------------------------
  const mtags = ['migration'];
  app.get(
    '/engagements/:id/migration-projects',
    {
      schema: {
        tags: mtags,
        summary: 'Migration projects of the engagement with their batches and progress',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(Any) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listProjects(db, req.actor, (req.params as { id: string }).id) }),
  );

  app.post(
    '/engagements/:id/migration-projects',
    {
      schema: {
        tags: mtags,
        summary: 'Start a migration project (a source and a destination workload with migration in scope)',
        params: IdParams,
        body: Type.Object(
          {
            source: Slug,
            destination: Slug,
            scopeUsers: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
            scopeMailboxes: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
            scopeGb: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000_000 })),
          },
          strict,
        ),
        response: { 201: Type.Object({ id: Type.String() }), ...errorResponses },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await createProject(deps, req.actor, (req.params as { id: string }).id, req.body as never)),
  );

  app.post(
    '/migration-projects/:id/batches',
    {
      schema: {
        tags: mtags,
        summary:
          'Import batches from a CSV schedule (text/csv; header: batch,user,scheduledOn[,sizeGb,sourceId]). All rows or none.',
        params: IdParams,
        consumes: ['text/csv'],
        body: Type.String({ maxLength: 20_000_000 }),
        response: {
          201: Type.Object({
            imported: Type.Integer(),
            users: Type.Integer(),
            batchIds: Type.Array(Type.String()),
          }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await importBatches(deps, req.actor, (req.params as { id: string }).id, req.body as string)),
  );

  app.patch(
    '/migration-batches/:id',
    {
      schema: {
        tags: mtags,
        summary:
          'Status and counts of a batch (migrated, failed, skipped); progress resumes a paused project',
        params: IdParams,
        body: Type.Object(
          {
            status: Type.Optional(Type.Enum(['scheduled', 'in-progress', 'complete', 'failed'])),
            migrated: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
            failed: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
            skipped: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
          },
          { ...strict, minProperties: 1 },
        ),
        response: { 200: Any, ...errorResponses },
      },
    },
    async (req) => updateBatch(deps, req.actor, (req.params as { id: string }).id, req.body as never),
  );

  app.post(
    '/migration-batches/:id/issues',
    {
      schema: {
        tags: mtags,
        summary: 'Report a post-migration issue (within 5 days of the batch)',
        params: IdParams,
        body: Type.Object({ description: Type.String({ minLength: 1, maxLength: 4000 }) }, strict),
        response: { 201: Type.Object({ id: Type.String() }), ...errorResponses },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await reportIssue(deps, req.actor, (req.params as { id: string }).id, req.body as never)),
  );
};
