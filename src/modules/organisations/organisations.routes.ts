/** Organisations, customers, partners, members and partner relationships. */
import Type from 'typebox';
import type { App, Deps } from '../../app.ts';
import { LANGUAGES } from '../../platform/i18n/i18n.ts';
import { errorResponses, Id, IdParams, Page, PageQuery } from '../../platform/http/schemas.ts';
import { createCustomer, createPartner, updateCustomer } from './customers.ts';
import {
  getOrganisation,
  listMembers,
  listOrganisations,
  removeMember,
  renameOrganisation,
} from './organisations.ts';
import { decideRelationship, listRelationships, requestRelationship } from './relationships.ts';

const strict = { additionalProperties: false } as const;
const Kind = Type.Union([Type.Literal('center'), Type.Literal('customer'), Type.Literal('partner')]);
const Segment = Type.Enum(['commercial', 'government', 'education', 'nonprofit']);
const Language = Type.Enum(LANGUAGES);
const Domain = Type.String({
  pattern: '^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]{2,63}$',
});
const TenantId = Type.String({
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
  description: 'Entra tenant id (GUID)',
});
const Country = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' });

const Organisation = Type.Object({
  id: Type.String(),
  kind: Kind,
  name: Type.String(),
  createdAt: Type.String(),
  customer: Type.Union([
    Type.Object({
      domains: Type.Array(Type.String()),
      tenantId: Type.Union([Type.String(), Type.Null()]),
      country: Type.String(),
      language: Type.String(),
      timeZone: Type.String(),
      segment: Type.String(),
    }),
    Type.Null(),
  ]),
});

const Member = Type.Object({
  userId: Type.String(),
  name: Type.String(),
  email: Type.String(),
  role: Type.String(),
  since: Type.String(),
});

const RelationshipStatus = Type.Enum(['requested', 'approved', 'refused', 'revoked']);
const Relationship = Type.Object({
  id: Type.String(),
  partnerId: Type.String(),
  partnerName: Type.String(),
  customerId: Type.String(),
  customerName: Type.String(),
  status: RelationshipStatus,
  message: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const CustomerFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  domains: Type.Array(Domain, { minItems: 1, maxItems: 50 }),
  tenantId: Type.Union([TenantId, Type.Null()]),
  country: Country,
  language: Language,
  timeZone: Type.String({ minLength: 1, maxLength: 64 }),
  segment: Segment,
};

export const organisationRoutes = (deps: Deps) => async (app: App) => {
  const { db } = deps;
  const tags = ['organisations'];

  app.get(
    '/organisations',
    {
      schema: {
        tags,
        summary: 'Organisations the caller can see; search by name, domain, tenant id or id',
        querystring: Type.Object(
          { kind: Type.Optional(Kind), q: Type.Optional(Type.String({ maxLength: 200 })), ...PageQuery },
          strict,
        ),
        response: { 200: Page(Organisation), ...errorResponses },
      },
    },
    async (req) =>
      listOrganisations(db, req.actor, {
        kind: req.query.kind,
        search: req.query.q,
        cursor: req.query.cursor,
        limit: req.query.limit,
      }),
  );

  app.get(
    '/organisations/:id',
    {
      schema: {
        tags,
        summary: 'One organisation',
        params: IdParams,
        response: { 200: Organisation, ...errorResponses },
      },
    },
    async (req) => getOrganisation(db, req.actor, req.params.id),
  );

  app.patch(
    '/organisations/:id',
    {
      schema: {
        tags,
        summary: 'Rename an organisation',
        params: IdParams,
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, strict),
        response: { 200: Organisation, ...errorResponses },
      },
    },
    async (req) => renameOrganisation(db, req.actor, req.params.id, req.body.name),
  );

  app.get(
    '/organisations/:id/members',
    {
      schema: {
        tags,
        summary: "An organisation's members",
        params: IdParams,
        response: { 200: Type.Array(Member), ...errorResponses },
      },
    },
    async (req) => listMembers(db, req.actor, req.params.id),
  );

  app.delete(
    '/organisations/:id/members/:userId',
    {
      schema: {
        tags,
        summary: 'Remove a member (the last admin cannot be removed)',
        params: Type.Object({ id: Id(), userId: Id() }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await removeMember(db, req.actor, req.params.id, req.params.userId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/customers',
    {
      schema: {
        tags,
        summary: 'Create a customer organisation (center admin or lead)',
        body: Type.Object({ ...CustomerFields, tenantId: Type.Optional(CustomerFields.tenantId) }, strict),
        response: { 201: Organisation, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createCustomer(db, req.actor, req.body)),
  );

  app.patch(
    '/customers/:id',
    {
      schema: {
        tags,
        summary: "Update a customer's profile (customer admin, center admin or lead)",
        params: IdParams,
        body: Type.Object(
          Object.fromEntries(Object.entries(CustomerFields).map(([k, v]) => [k, Type.Optional(v)])) as {
            [K in keyof typeof CustomerFields]: Type.TOptional<(typeof CustomerFields)[K]>;
          },
          { ...strict, minProperties: 1 },
        ),
        response: { 200: Organisation, ...errorResponses },
      },
    },
    async (req) => updateCustomer(db, req.actor, req.params.id, req.body),
  );

  app.post(
    '/partners',
    {
      schema: {
        tags,
        summary: 'Create a partner organisation (center admin or lead)',
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, strict),
        response: { 201: Organisation, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createPartner(db, req.actor, req.body)),
  );

  app.get(
    '/partner-relationships',
    {
      schema: {
        tags,
        summary: 'Partner relationships the caller is a party to',
        querystring: Type.Object({ status: Type.Optional(RelationshipStatus) }, strict),
        response: { 200: Type.Array(Relationship), ...errorResponses },
      },
    },
    async (req) => listRelationships(db, req.actor, req.query.status as never),
  );

  app.post(
    '/partner-relationships',
    {
      schema: {
        tags,
        summary: 'Ask a customer (by tenant id or domain) to let this partner act for it',
        body: Type.Object(
          {
            tenantId: Type.Optional(TenantId),
            domain: Type.Optional(Domain),
            message: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          strict,
        ),
        response: { 201: Relationship, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await requestRelationship(db, req.actor, req.body)),
  );

  for (const decision of ['approve', 'refuse', 'revoke'] as const) {
    app.post(
      `/partner-relationships/:id/${decision}`,
      {
        schema: {
          tags,
          summary: {
            approve: 'Approve a partner (customer admin)',
            refuse: 'Refuse a partner (customer admin)',
            revoke: 'End a relationship (either admin)',
          }[decision],
          params: IdParams,
          response: { 200: Relationship, ...errorResponses },
        },
      },
      async (req) => decideRelationship(db, req.actor, req.params.id, decision),
    );
  }
};
