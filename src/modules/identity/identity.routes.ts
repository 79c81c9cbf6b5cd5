/** Sign-in, sessions, profile, invitations, password reset, API tokens. Thin: parse, call, map. */
import type { FastifyReply } from 'fastify';
import Type from 'typebox';
import type { App, Deps } from '../../app.ts';
import { LANGUAGES } from '../../platform/i18n/i18n.ts';
import { Email, errorResponses, Id, IdParams, Ok } from '../../platform/http/schemas.ts';
import { ALL_ROLES } from '../access/actor.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.ts';
import {
  acceptInvitation,
  createInvitation,
  listInvitations,
  previewInvitation,
  revokeInvitation,
} from './invitations.ts';
import { getMe } from './me.ts';
import { confirmPasswordReset, requestPasswordReset } from './password-reset.ts';
import { updateProfile } from './profile.ts';
import { SESSION_COOKIE } from './resolve-actor.ts';
import { type NewSession, signIn, signOut, signOutEverywhere, switchOrganisation } from './sessions.ts';

const Password = Type.String({ minLength: 10, maxLength: 200, description: 'At least 10 characters' });
const Language = Type.Enum(LANGUAGES);

const Me = Type.Object({
  user: Type.Object({
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    language: Type.Union([Type.String(), Type.Null()]),
    timeZone: Type.String(),
  }),
  organisation: Type.Union([
    Type.Object({ id: Type.String(), kind: Type.String(), name: Type.String(), role: Type.String() }),
    Type.Null(),
  ]),
  memberships: Type.Array(
    Type.Object({
      organisationId: Type.String(),
      kind: Type.String(),
      name: Type.String(),
      role: Type.String(),
    }),
  ),
  locale: Type.String(),
  csrfToken: Type.Union([Type.String(), Type.Null()]),
});

const Invitation = Type.Object({
  id: Type.String(),
  organisationId: Type.String(),
  email: Type.String(),
  role: Type.String(),
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('accepted'),
    Type.Literal('revoked'),
    Type.Literal('expired'),
  ]),
  createdAt: Type.String(),
  expiresAt: Type.String(),
});

const ApiToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.String(),
  organisationId: Type.String(),
  createdAt: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});

const strict = { additionalProperties: false } as const;

export const identityRoutes = (deps: Deps) => async (app: App) => {
  const { db, config } = deps;
  const secure = config.publicUrl.startsWith('https://');

  const setSessionCookie = (reply: FastifyReply, s: NewSession) =>
    reply.setCookie(SESSION_COOKIE, s.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      expires: s.expiresAt,
    });

  /** Answers with the new session's view of /api/me. */
  const respondWithSession = async (
    reply: FastifyReply,
    s: NewSession,
    base: Parameters<typeof getMe>[1],
  ) => {
    setSessionCookie(reply, s);
    return getMe(db, {
      ...base,
      userId: s.userId,
      sessionId: s.id,
      organisationId: s.organisationId,
      csrfToken: s.csrfToken,
    });
  };

  app.post(
    '/auth/sign-in',
    {
      config: { public: true, rateLimit: deps.signInRateLimit ?? { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['identity'],
        summary: 'Sign in with email and password',
        security: [],
        body: Type.Object(
          {
            email: Email,
            password: Type.String({ minLength: 1, maxLength: 200 }),
            organisationId: Type.Optional(Id()),
          },
          strict,
        ),
        response: { 200: Me, ...errorResponses },
      },
    },
    async (req, reply) => {
      const s = await signIn(db, req.actor, req.body, config.sessionDays);
      return respondWithSession(reply, s, req.actor);
    },
  );

  app.post(
    '/auth/sign-out',
    { schema: { tags: ['identity'], summary: 'End this session', response: { 200: Ok, ...errorResponses } } },
    async (req, reply) => {
      await signOut(db, req.actor);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  app.post(
    '/auth/sign-out-everywhere',
    {
      schema: {
        tags: ['identity'],
        summary: 'End every session of the signed-in person',
        response: { 200: Type.Object({ revoked: Type.Integer() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const revoked = await signOutEverywhere(db, req.actor);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { revoked };
    },
  );

  app.post(
    '/auth/password-reset',
    {
      config: { public: true, rateLimit: deps.signInRateLimit ?? { max: 5, timeWindow: '1 minute' } },
      schema: {
        tags: ['identity'],
        summary: 'Email a password-reset link (answers the same whether or not the account exists)',
        security: [],
        body: Type.Object({ email: Email }, strict),
        response: { 202: Ok, ...errorResponses },
      },
    },
    async (req, reply) => {
      await requestPasswordReset(deps, req.actor, req.body.email);
      return reply.status(202).send({ ok: true });
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      config: { public: true },
      schema: {
        tags: ['identity'],
        summary: 'Set a new password with a reset token; ends every session',
        security: [],
        body: Type.Object(
          { token: Type.String({ minLength: 10, maxLength: 200 }), password: Password },
          strict,
        ),
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await confirmPasswordReset(deps, req.actor, req.body.token, req.body.password);
      return { ok: true };
    },
  );

  app.get(
    '/me',
    {
      schema: {
        tags: ['identity'],
        summary: 'The signed-in person and the organisation they act for',
        response: { 200: Me, ...errorResponses },
      },
    },
    async (req) => getMe(db, req.actor),
  );

  app.patch(
    '/me',
    {
      schema: {
        tags: ['identity'],
        summary: 'Update name, language or time zone',
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            language: Type.Optional(Type.Union([Language, Type.Null()])),
            timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          },
          { ...strict, minProperties: 1 },
        ),
        response: { 200: Me, ...errorResponses },
      },
    },
    async (req) => {
      await updateProfile(db, req.actor, req.body);
      const lang = req.body.language;
      return getMe(db, lang ? { ...req.actor, locale: lang } : req.actor);
    },
  );

  app.post(
    '/me/organisation',
    {
      schema: {
        tags: ['identity'],
        summary: 'Switch the organisation this session acts for',
        body: Type.Object({ organisationId: Id() }, strict),
        response: { 200: Me, ...errorResponses },
      },
    },
    async (req) => {
      await switchOrganisation(db, req.actor, req.body.organisationId);
      const m = await db
        .selectFrom('memberships as m')
        .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
        .select(['m.role', 'o.kind'])
        .where('m.user_id', '=', req.actor.userId!)
        .where('m.organisation_id', '=', req.body.organisationId)
        .executeTakeFirstOrThrow();
      return getMe(db, {
        ...req.actor,
        organisationId: req.body.organisationId,
        role: m.role,
        orgKind: m.kind,
      });
    },
  );

  app.post(
    '/organisations/:id/invitations',
    {
      schema: {
        tags: ['identity'],
        summary: 'Invite a person into an organisation by email',
        params: IdParams,
        body: Type.Object(
          { email: Email, role: Type.Enum(ALL_ROLES), language: Type.Optional(Language) },
          strict,
        ),
        response: { 201: Invitation, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createInvitation(deps, req.actor, req.params.id, req.body)),
  );

  app.get(
    '/organisations/:id/invitations',
    {
      schema: {
        tags: ['identity'],
        summary: "An organisation's invitations",
        params: IdParams,
        response: { 200: Type.Array(Invitation), ...errorResponses },
      },
    },
    async (req) => listInvitations(db, req.actor, req.params.id),
  );

  app.delete(
    '/invitations/:id',
    {
      schema: {
        tags: ['identity'],
        summary: 'Revoke a pending invitation',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await revokeInvitation(db, req.actor, req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/invitations/preview',
    {
      config: { public: true },
      schema: {
        tags: ['identity'],
        summary: 'What an invitation link offers',
        security: [],
        body: Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }) }, strict),
        response: {
          200: Type.Object({
            email: Type.String(),
            role: Type.String(),
            organisationName: Type.String(),
            organisationKind: Type.String(),
            hasAccount: Type.Boolean(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => previewInvitation(db, req.body.token),
  );

  app.post(
    '/invitations/accept',
    {
      config: { public: true },
      schema: {
        tags: ['identity'],
        summary: 'Accept an invitation (creates the account when needed) and sign in',
        security: [],
        body: Type.Object(
          {
            token: Type.String({ minLength: 10, maxLength: 200 }),
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            password: Password,
          },
          strict,
        ),
        response: { 200: Me, ...errorResponses },
      },
    },
    async (req, reply) => {
      const s = await acceptInvitation(deps, req.actor, req.body);
      return respondWithSession(reply, s, req.actor);
    },
  );

  app.post(
    '/api-tokens',
    {
      schema: {
        tags: ['identity'],
        summary: 'Create an API token for the organisation acted for (the token is shown once)',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            role: Type.Enum(ALL_ROLES),
            expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 730 })),
          },
          strict,
        ),
        response: {
          201: Type.Intersect([ApiToken, Type.Object({ token: Type.String() })]),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.status(201).send(await createApiToken(db, req.actor, req.body)),
  );

  app.get(
    '/api-tokens',
    {
      schema: {
        tags: ['identity'],
        summary: "The organisation's API tokens (never the secrets)",
        response: { 200: Type.Array(ApiToken), ...errorResponses },
      },
    },
    async (req) => listApiTokens(db, req.actor),
  );

  app.delete(
    '/api-tokens/:id',
    {
      schema: {
        tags: ['identity'],
        summary: 'Revoke an API token',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await revokeApiToken(db, req.actor, req.params.id);
      return reply.status(204).send(null);
    },
  );
};
