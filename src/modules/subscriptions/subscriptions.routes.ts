/** Subscriptions and the eligibility answer for a customer. */
import Type from 'typebox';
import type { App, Deps } from '../../app.ts';
import { DateString, errorResponses, IdParams } from '../../platform/http/schemas.ts';
import { customerEligibility } from '../eligibility/customer-eligibility.ts';
import { EligibilityAnswerSchema } from '../eligibility/eligibility.schema.ts';
import { getProgramme } from '../programme/programme.service.ts';
import {
  createSubscription,
  importSubscriptionsCsv,
  listSubscriptions,
  type SubscriptionFields,
  updateSubscription,
} from './subscriptions.ts';

const strict = { additionalProperties: false } as const;
const Fields = {
  planSku: Type.String({ minLength: 1, maxLength: 80 }),
  paidSeats: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
  status: Type.Enum(['active', 'expired', 'suspended']),
  licenceKind: Type.Enum(['paid', 'trial', 'free']),
  startsOn: DateString,
  endsOn: Type.Union([DateString, Type.Null()]),
  purchaseChannel: Type.String({
    minLength: 1,
    maxLength: 120,
    description: "'direct' or the reseller's name",
  }),
  educationSeatKind: Type.Union([Type.Enum(['faculty', 'student']), Type.Null()]),
};
const Subscription = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  planName: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  ...Fields,
});

export const subscriptionRoutes = (deps: Deps) => async (app: App) => {
  const { db } = deps;
  const tags = ['subscriptions'];

  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.get(
    '/customers/:id/subscriptions',
    {
      schema: {
        tags,
        summary: "A customer's subscriptions",
        params: IdParams,
        response: { 200: Type.Array(Subscription), ...errorResponses },
      },
    },
    async (req) => listSubscriptions(db, req.actor, req.params.id, await getProgramme(db)),
  );

  app.post(
    '/customers/:id/subscriptions',
    {
      schema: {
        tags,
        summary: 'Add a subscription (center admin or lead, or the customer’s admin)',
        params: IdParams,
        body: Type.Object(
          {
            ...Fields,
            endsOn: Type.Optional(Fields.endsOn),
            purchaseChannel: Type.Optional(Fields.purchaseChannel),
            educationSeatKind: Type.Optional(Fields.educationSeatKind),
          },
          strict,
        ),
        response: { 201: Subscription, ...errorResponses },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const input: SubscriptionFields = {
        ...b,
        endsOn: b.endsOn ?? null,
        purchaseChannel: b.purchaseChannel ?? 'direct',
        educationSeatKind: b.educationSeatKind ?? null,
      };
      return reply
        .status(201)
        .send(await createSubscription(db, req.actor, req.params.id, input, await getProgramme(db)));
    },
  );

  app.patch(
    '/subscriptions/:id',
    {
      schema: {
        tags,
        summary: 'Change a subscription',
        params: IdParams,
        body: Type.Object(
          Object.fromEntries(Object.entries(Fields).map(([k, v]) => [k, Type.Optional(v)])) as {
            [K in keyof typeof Fields]: Type.TOptional<(typeof Fields)[K]>;
          },
          { ...strict, minProperties: 1 },
        ),
        response: { 200: Subscription, ...errorResponses },
      },
    },
    async (req) => updateSubscription(db, req.actor, req.params.id, req.body, await getProgramme(db)),
  );

  app.post(
    '/customers/:id/subscriptions/import',
    {
      schema: {
        tags,
        summary:
          'Import subscriptions from CSV (text/csv; header: planSku,paidSeats,status,licenceKind,startsOn,endsOn,purchaseChannel,educationSeatKind). All rows or none.',
        params: IdParams,
        body: Type.String({ minLength: 1, maxLength: 2_000_000 }),
        consumes: ['text/csv'],
        response: {
          201: Type.Object({ imported: Type.Integer(), ids: Type.Array(Type.String()) }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await importSubscriptionsCsv(db, req.actor, req.params.id, req.body, await getProgramme(db))),
  );

  app.get(
    '/customers/:id/eligibility',
    {
      schema: {
        tags: ['eligibility'],
        summary: 'Is this customer eligible, per workload, and why (rules, numbers, alternatives)',
        params: IdParams,
        querystring: Type.Object(
          {
            workloads: Type.Optional(
              Type.String({ maxLength: 1000, description: 'comma-separated workload ids; empty = all' }),
            ),
            dataMigration: Type.Optional(Type.Boolean()),
            asOf: Type.Optional(DateString),
          },
          strict,
        ),
        response: { 200: EligibilityAnswerSchema, ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query;
      const workloads = q.workloads
        ? q.workloads
            .split(',')
            .map((w) => w.trim())
            .filter(Boolean)
        : [];
      return customerEligibility(db, req.actor, req.params.id, {
        workloads,
        dataMigration: q.dataMigration ?? false,
        asOf: q.asOf,
      });
    },
  );
};
