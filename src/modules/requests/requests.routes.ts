/** Requests for assistance: intake, the triage queue, history, claim, status moves and approval. */
import type { FastifyReply } from 'fastify';
import Type from 'typebox';
import type { App, Deps } from '../../app.ts';
import { LANGUAGES } from '../../platform/i18n/i18n.ts';
import { csvExportSchema, sendCsv } from '../../platform/http/csv.ts';
import {
  DateString,
  Email,
  errorResponses,
  IdParams,
  Page,
  PageQuery,
  Problem,
} from '../../platform/http/schemas.ts';
import { EligibilityAnswerSchema } from '../eligibility/eligibility.schema.ts';
import type { Actor } from '../access/actor.ts';
import { getProgramme } from '../programme/programme.service.ts';
import { MESSAGE_SIDES, type MessageSide } from '../programme/programme.schema.ts';
import { approveRequest } from './approve-request.ts';
import { intakeRequest } from './intake-request.ts';
import { exportRequestsCsv, getRequest, listRequests, localised } from './request-views.ts';
import { CHANGE_FIELDS, CHANNELS, STATUSES } from './request.model.ts';
import { claimNext, claimRequest, transitionRequest } from './transition-request.ts';
import { MESSAGE_MAX, postMessage } from './request-messages.ts';
import { reviewRequest } from './review-request.ts';
import { etagOf, updateRequest } from './update-request.ts';

const strict = { additionalProperties: false } as const;
const Phone = Type.String({ minLength: 3, maxLength: 40, pattern: '^[+0-9 ()./-]+$' });
const Contact = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Email,
    phone: Type.Optional(Phone),
    title: Type.Optional(Type.String({ maxLength: 120 })),
  },
  strict,
);
const ContactOrSame = Type.Union([Contact, Type.Literal('same-as-requester')]);
const Status = Type.Enum([...STATUSES]);

const CreateBody = Type.Object(
  {
    customerId: Type.String({ minLength: 1, maxLength: 40 }),
    channel: Type.Enum([...CHANNELS]),
    projectName: Type.String({ minLength: 1, maxLength: 120 }),
    serviceLocation: Type.String({
      pattern: '^[A-Z]{2}$',
      description: 'ISO 3166-1 alpha-2 country of the service',
    }),
    preferredLanguage: Type.Enum([...LANGUAGES]),
    comments: Type.Optional(Type.String({ maxLength: 4000 })),
    workloads: Type.Array(
      Type.Object(
        {
          workload: Type.String({ minLength: 1, maxLength: 60 }),
          plannedDate: DateString,
          businessReason: Type.Optional(Type.String({ maxLength: 500 })),
        },
        strict,
      ),
      { minItems: 1, maxItems: 30 },
    ),
    options: Type.Object(
      {
        dataMigration: Type.Boolean(),
        migrationSources: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 })),
      },
      strict,
    ),
    requester: Type.Object({ phone: Phone, title: Type.String({ minLength: 1, maxLength: 120 }) }, strict),
    primaryContact: ContactOrSame,
    businessSponsor: ContactOrSame,
  },
  strict,
);

/** A correction: any of the request's own fields (workloads and contacts are replaced whole). */
const UpdateBody = Type.Object(
  {
    projectName: Type.Optional(CreateBody.properties.projectName),
    serviceLocation: Type.Optional(CreateBody.properties.serviceLocation),
    preferredLanguage: Type.Optional(CreateBody.properties.preferredLanguage),
    comments: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()])),
    workloads: Type.Optional(CreateBody.properties.workloads),
    options: Type.Optional(CreateBody.properties.options),
    requester: Type.Optional(CreateBody.properties.requester),
    primaryContact: Type.Optional(ContactOrSame),
    businessSponsor: Type.Optional(ContactOrSame),
  },
  { ...strict, minProperties: 1 },
);

/** A business-day clock (response-clock.ts). */
const ClockFields = {
  state: Type.Enum(['due', 'overdue', 'met', 'missed']),
  due: Type.String({ description: "the end of the response time, in the customer's region" }),
  businessDaysLeft: Type.Integer({ description: 'negative when overdue; 0 on the due day' }),
  respondedAt: Type.Union([Type.String(), Type.Null()]),
};

const Summary = Type.Object({
  id: Type.String(),
  number: Type.String(),
  customerId: Type.String(),
  customerName: Type.String(),
  status: Status,
  statusLabel: Type.String(),
  channel: Type.String(),
  projectName: Type.String(),
  preferredLanguage: Type.String(),
  serviceLocation: Type.String(),
  workloads: Type.Array(
    Type.Object({
      workload: Type.String(),
      name: Type.String(),
      plannedDate: Type.String(),
      businessReason: Type.Optional(Type.String()),
    }),
  ),
  claimedBy: Type.Union([Type.String(), Type.Null()]),
  claimedByName: Type.Union([Type.String(), Type.Null()], {
    description: 'the reviewer who claimed it (center staff only)',
  }),
  duplicateOf: Type.Union([Type.String(), Type.Null()]),
  engagementId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  response: Type.Optional(
    Type.Union([
      Type.Object(ClockFields, {
        description:
          "the first-response clock: the center's first answer (a status move, a message or a correction) is due within the programme's response time, in business days of the customer's region",
      }),
      Type.Null({ description: 'closed without an answer owed (withdrawn, or a duplicate)' }),
    ]),
  ),
  reply: Type.Optional(
    Type.Union([
      Type.Object(ClockFields, {
        description:
          "the center's reply to the requester's side's latest message, due within the same response time from the message (state due or overdue)",
      }),
      Type.Null({ description: "no message from the requester's side waits for the center" }),
    ]),
  ),
  lastEntry: Type.Optional(
    Type.Object(
      {
        kind: Type.Enum(['status', 'correction', 'message']),
        byCenter: Type.Boolean(),
        at: Type.String(),
      },
      { description: 'in lists: the latest history entry, and whether the center wrote it' },
    ),
  ),
});
const ContactView = Type.Object({
  name: Type.String(),
  email: Type.String(),
  phone: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
});
/** A client's key for a create: printable ASCII, so a retry can send it again as it was. */
const IdempotencyKey = Type.String({ minLength: 8, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' });

const ProposalReason = Type.Object({
  key: Type.String(),
  values: Type.Record(Type.String(), Type.Unknown()),
});
const Review = Type.Object({
  requestId: Type.String(),
  asOf: Type.String(),
  open: Type.Boolean(),
  eligibility: EligibilityAnswerSchema,
  proposal: Type.Object({
    approved: Type.Array(
      Type.Object({
        workload: Type.String(),
        scenario: Type.String(),
        partnerId: Type.Union([Type.String(), Type.Null()]),
        migrationLevel: Type.String(),
        reasons: Type.Array(ProposalReason),
      }),
    ),
    refused: Type.Array(Type.Object({ workload: Type.String(), reasons: Type.Array(ProposalReason) })),
  }),
  partners: Type.Record(Type.String(), Type.String()),
  engagement: Type.Union([
    Type.Object({ id: Type.String(), workloads: Type.Array(Type.String()) }),
    Type.Null(),
  ]),
  checks: Type.Array(
    Type.Object({
      id: Type.String(),
      level: Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('action')]),
      message: Type.String(),
    }),
  ),
});

const Detail = Type.Intersect([
  Summary,
  Type.Object({
    comments: Type.Union([Type.String(), Type.Null()]),
    requester: ContactView,
    primaryContact: ContactView,
    businessSponsor: ContactView,
    options: Type.Object({ dataMigration: Type.Boolean(), migrationSources: Type.Array(Type.String()) }),
    filedByOrganisationId: Type.String(),
    reminders: Type.Object(
      {
        sent: Type.Integer(),
        of: Type.Integer(),
        nextAt: Type.Union([Type.String(), Type.Null()]),
      },
      {
        description:
          'reminders to a requester who has not answered the question (sent, of how many, next due)',
      },
    ),
    eligibility: EligibilityAnswerSchema,
    decision: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
    links: Type.Array(
      Type.Object({ id: Type.String(), number: Type.String(), kind: Type.String(), status: Type.String() }),
    ),
    history: Type.Array(
      Type.Object({
        fromStatus: Type.Union([Type.String(), Type.Null()]),
        toStatus: Type.String(),
        statusLabel: Type.String(),
        reasonId: Type.Union([Type.String(), Type.Null()]),
        reason: Type.Union([Type.String(), Type.Null()]),
        note: Type.Union([Type.String(), Type.Null()]),
        changes: Type.Union([Type.Array(Type.Enum([...CHANGE_FIELDS])), Type.Null()], {
          description: 'a correction: the fields it changed (the status stays)',
        }),
        changeLabels: Type.Union([Type.Array(Type.String()), Type.Null()], {
          description: "the changed fields' names in the caller's language",
        }),
        kind: Type.Enum(['status', 'correction', 'message', 'internal', 'reminder'], {
          description:
            'a status move, a correction (changes), a message (note; the status stays), an internal note (center staff only), or a reminder sent to the requester',
        }),
        reminder: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
          description: 'a reminder: which one it is for the question it follows up (of `reminders.of`)',
        }),
        actorName: Type.Union([Type.String(), Type.Null()]),
        byCenter: Type.Boolean({
          description: "someone at the center made the entry (false: the requester's side or the system)",
        }),
        at: Type.String(),
      }),
    ),
  }),
]);
const Reason = Type.Object({
  id: Type.String(),
  text: Type.String(),
  suggestedFor: Type.Optional(
    Type.String({ description: 'approval reasons: the case they are proposed for' }),
  ),
});

/** The queue's filters (GET /requests and its CSV export). */
const ListQuery = Type.Object(
  {
    status: Type.Optional(Type.Array(Status, { maxItems: 5 })),
    channel: Type.Optional(Type.Enum([...CHANNELS])),
    customerId: Type.Optional(Type.String({ maxLength: 40 })),
    language: Type.Optional(Type.Enum([...LANGUAGES])),
    country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    region: Type.Optional(
      Type.String({ maxLength: 40, description: 'a programme region: americas, emea, apj' }),
    ),
    workload: Type.Optional(Type.String({ maxLength: 60 })),
    q: Type.Optional(
      Type.String({
        maxLength: 200,
        description: 'customer name, domain, tenant id, project name or RFA number',
      }),
    ),
    mine: Type.Optional(Type.Boolean()),
    claimed: Type.Optional(
      Type.Enum(['me', 'nobody', 'someone'], {
        description: 'claimed by the caller, by nobody yet, or by anybody',
      }),
    ),
    messages: Type.Optional(
      Type.Enum(['waiting', 'overdue'], {
        description:
          "open requests whose latest entry is a message for the caller's side to answer: from the requester's side for the center, from the center for the customer and its partner; `overdue`: one waiting past the programme's response time",
      }),
    ),
    response: Type.Optional(
      Type.Enum(['awaiting', 'overdue'], {
        description:
          "open requests still waiting for the center's first answer, or only those past the programme's response time",
      }),
    ),
    ...PageQuery,
  },
  strict,
);

export const requestRoutes = (deps: Deps) => async (app: App) => {
  const { db } = deps;
  const tags = ['requests'];
  /** The request as the caller sees it, with its version as the ETag (for If-Match on a correction). */
  const detailWithEtag = async (actor: Actor, id: string, reply: FastifyReply) => {
    const detail = await getRequest(db, actor, id);
    reply.header('etag', etagOf(detail.updatedAt));
    return detail;
  };

  app.post(
    '/requests',
    {
      schema: {
        tags,
        summary:
          'File a request for assistance (needs an Idempotency-Key header: a retry returns the first result)',
        headers: Type.Object({
          'idempotency-key': IdempotencyKey,
        }),
        body: CreateBody,
        response: { 201: Detail, ...errorResponses },
      },
    },
    async (req, reply) => {
      const key = req.headers['idempotency-key'] as string;
      const { detail, replayed } = await intakeRequest(deps, req.actor, key, req.body as never);
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(detail);
    },
  );

  app.get(
    '/requests',
    {
      schema: {
        tags,
        summary:
          'Requests the caller may see, oldest first: the center’s triage queue, a customer’s or partner’s “my requests”',
        querystring: ListQuery,
        response: { 200: Page(Summary), ...errorResponses },
      },
    },
    async (req) => listRequests(db, req.actor, req.query as never),
  );

  app.get(
    '/requests/export.csv',
    { schema: csvExportSchema(tags, ListQuery, 'request') },
    async (req, reply) =>
      sendCsv(reply, 'requests.csv', await exportRequestsCsv(db, req.actor, req.query as never)),
  );

  app.get(
    '/requests/reasons',
    {
      schema: {
        tags,
        summary: 'The notes bank: reasons for each status move, in the caller’s language',
        response: {
          200: Type.Object({
            approve: Type.Array(Reason),
            hold: Type.Array(Reason),
            'pending-requestor-response': Type.Array(Reason),
            cancel: Type.Array(Reason),
            message: Type.Array(
              Type.Object({
                id: Type.String(),
                text: Type.String(),
                from: Type.Enum([...MESSAGE_SIDES], { description: 'the side that sends this saved reply' }),
              }),
              { description: 'saved replies for messages; each reader reads them in their own language' },
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const programme = await getProgramme(db);
      const bank = programme.notes.requestReasons;
      const pick = (list: { id: string; text: unknown; suggestedFor?: string }[]) =>
        list.map((r) => ({
          id: r.id,
          text: localised(r.text as Record<string, string> | string, req.actor.locale),
          ...(r.suggestedFor ? { suggestedFor: r.suggestedFor } : {}),
        }));
      return {
        approve: pick(bank.approve),
        hold: pick(bank.hold),
        'pending-requestor-response': pick(bank['pending-requestor-response']),
        cancel: pick(bank.cancel),
        message: (bank.message ?? []).map((r) => ({
          id: r.id,
          text: localised(r.text as Record<string, string> | string, req.actor.locale),
          from: (r.from ?? 'center') as MessageSide,
        })),
      };
    },
  );

  app.get(
    '/requests/:id',
    {
      schema: {
        tags,
        summary: 'One request with eligibility, links and history',
        params: IdParams,
        response: { 200: Detail, ...errorResponses },
      },
    },
    async (req, reply) => detailWithEtag(req.actor, req.params.id, reply),
  );

  app.get(
    '/requests/:id/review',
    {
      schema: {
        tags,
        summary:
          'Before deciding (center reviewers): eligibility checked again today, what approving would do per product (scenario, partner, migration level, or the refusal and its reasons), the customer’s engagement if any, and the checks of the standard flow',
        params: IdParams,
        response: { 200: Review, ...errorResponses },
      },
    },
    async (req) => reviewRequest(db, req.actor, req.params.id),
  );

  app.patch(
    '/requests/:id',
    {
      schema: {
        tags,
        summary:
          'Correct an open request: the requester while it is submitted or waiting for its answer, reviewers while it is open. Eligibility is evaluated again; the history names the fields changed. Send If-Match with the ETag of the copy you changed: a change made meanwhile answers 412.',
        params: IdParams,
        headers: Type.Object({
          'if-match': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        }),
        body: UpdateBody,
        response: { 200: Detail, 412: Problem, ...errorResponses },
      },
    },
    async (req, reply) => {
      await updateRequest(deps, req.actor, req.params.id, req.body as never, req.headers['if-match']);
      return detailWithEtag(req.actor, req.params.id, reply);
    },
  );

  app.post(
    '/requests/claim-next',
    {
      schema: {
        tags,
        summary:
          'Take the next request: claims the oldest unclaimed submitted request (optionally in a language, a region or for a product) and returns it; 404 when none waits',
        body: Type.Optional(
          Type.Object(
            {
              language: Type.Optional(Type.Enum([...LANGUAGES])),
              region: Type.Optional(Type.String({ maxLength: 40 })),
              workload: Type.Optional(Type.String({ maxLength: 60 })),
            },
            strict,
          ),
        ),
        response: { 200: Detail, ...errorResponses },
      },
    },
    async (req, reply) => {
      const id = await claimNext(deps, req.actor, (req.body ?? {}) as never);
      return detailWithEtag(req.actor, id, reply);
    },
  );

  app.post(
    '/requests/:id/claim',
    {
      schema: {
        tags,
        summary: 'Claim a request for review',
        params: IdParams,
        response: { 200: Detail, ...errorResponses },
      },
    },
    async (req) => {
      await claimRequest(deps, req.actor, req.params.id);
      return getRequest(db, req.actor, req.params.id);
    },
  );

  app.post(
    '/requests/:id/release',
    {
      schema: {
        tags,
        summary: 'Release a claimed request back to the queue',
        params: IdParams,
        response: { 200: Detail, ...errorResponses },
      },
    },
    async (req) => {
      await claimRequest(deps, req.actor, req.params.id, true);
      return getRequest(db, req.actor, req.params.id);
    },
  );

  app.post(
    '/requests/:id/messages',
    {
      schema: {
        tags,
        summary:
          'Write on an open request without moving it: the requester’s side asks or adds something (the reviewer is told), the center answers (the requester’s side is emailed). Needs an Idempotency-Key header: a retry posts nothing twice.',
        params: IdParams,
        headers: Type.Object({ 'idempotency-key': IdempotencyKey }),
        body: Type.Object(
          {
            text: Type.Optional(
              Type.String({
                maxLength: MESSAGE_MAX,
                description: 'free text; needed unless a saved reply is chosen, and added after it',
              }),
            ),
            reasonId: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 80,
                description:
                  "a saved reply for the writer's side (GET /requests/reasons, `message`): each reader reads it in their language",
              }),
            ),
            internal: Type.Optional(
              Type.Boolean({
                description:
                  'center staff: an internal note, read only by the center (no email to the requester; the reviewer who claimed the request is told)',
              }),
            ),
            notify: Type.Optional(
              Type.Array(Type.String({ minLength: 1, maxLength: 40 }), {
                maxItems: 20,
                uniqueItems: true,
                description: 'an internal note: center people (user ids) who are told of it as well',
              }),
            ),
          },
          strict,
        ),
        response: { 201: Detail, 200: Detail, ...errorResponses },
      },
    },
    async (req, reply) => {
      const body = req.body as { text?: string; reasonId?: string; internal?: boolean; notify?: string[] };
      const key = req.headers['idempotency-key'] as string;
      const { created } = await postMessage(deps, req.actor, req.params.id, key, {
        text: body.text?.trim() || null,
        reasonId: body.reasonId ?? null,
        internal: body.internal === true,
        notify: body.notify ?? [],
      });
      if (!created) reply.header('idempotent-replayed', 'true');
      return reply.status(created ? 201 : 200).send(await detailWithEtag(req.actor, req.params.id, reply));
    },
  );

  app.post(
    '/requests/:id/transition',
    {
      schema: {
        tags,
        summary: 'Hold, ask the requester, cancel, or return to review — with a reason from the notes bank',
        params: IdParams,
        body: Type.Object(
          {
            to: Type.Enum(['submitted', 'on-hold', 'on-hold-pending-requestor-response', 'cancelled']),
            reasonId: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
            note: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })),
          },
          strict,
        ),
        response: { 200: Detail, ...errorResponses },
      },
    },
    async (req) => {
      await transitionRequest(deps, req.actor, req.params.id, req.body as never);
      return getRequest(db, req.actor, req.params.id);
    },
  );

  app.post(
    '/requests/:id/approve',
    {
      schema: {
        tags,
        summary:
          'Approve: creates or extends the engagement with one service record per eligible workload, with intent and scenario',
        params: IdParams,
        body: Type.Object(
          {
            reasonId: Type.String({ minLength: 1, maxLength: 80 }),
            note: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })),
            workloads: Type.Optional(
              Type.Array(Type.String({ maxLength: 60 }), { minItems: 1, maxItems: 30 }),
            ),
            scenario: Type.Optional(
              Type.Enum(['partner-led', 'partner-referral', 'center-led', 'customer-led']),
            ),
            scenarioPartnerId: Type.Optional(Type.String({ maxLength: 40 })),
            exceptions: Type.Optional(
              Type.Array(Type.String({ maxLength: 60 }), {
                maxItems: 30,
                description:
                  'requested workloads that are not eligible, approved by exception (center admins and leads; the note says who granted it and why)',
              }),
            ),
          },
          strict,
        ),
        response: { 200: Detail, ...errorResponses },
      },
    },
    async (req) => {
      await approveRequest(deps, req.actor, req.params.id, req.body as never);
      return getRequest(db, req.actor, req.params.id);
    },
  );
};
