/** Routing: ranked people and partners with reasons, auto-assignment, whole queues, referral offers and answers. */
import Type from 'typebox';
import type { App, Deps } from '../../app.ts';
import { errorResponses, Id, IdParams } from '../../platform/http/schemas.ts';
import { answerReferral, listReferrals, offerReferral, suggestPartners } from './referrals.ts';
import { assignWholeQueue, autoAssign, ROUTABLE_ROLES, suggestPeople } from './routing.service.ts';

const strict = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Role = Type.Enum([...ROUTABLE_ROLES]);

const Reason = Type.Object({
  code: Type.String(),
  ok: Type.Boolean(),
  points: Type.Optional(Type.Number()),
  values: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
  text: Type.String(),
});
const CandidateView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  eligible: Type.Boolean(),
  score: Type.Number(),
  reasons: Type.Array(Reason),
});
const Need = Type.Object({
  kind: Type.String(),
  role: Type.Optional(Type.String()),
  customerId: Type.String(),
  language: Type.String(),
  region: Type.String(),
  country: Type.String(),
  workloads: Type.Array(Type.String()),
  seats: Type.Optional(Type.Number()),
  industry: Type.Optional(Nullable(Type.String())),
  from: Type.String(),
  until: Type.String(),
});
const Suggestions = Type.Object({
  need: Need,
  total: Type.Integer({ description: 'candidates considered' }),
  eligible: Type.Integer({ description: 'candidates meeting every hard constraint' }),
  candidates: Type.Array(CandidateView, { description: 'best first, the ineligible last; at most `limit`' }),
});
const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 }));
const Referral = Type.Object({
  id: Type.String(),
  engagementId: Type.String(),
  customerName: Type.String(),
  partnerId: Type.String(),
  partnerName: Type.String(),
  status: Type.String(),
  rank: Type.Integer(),
  score: Type.Number(),
  offeredAt: Type.String(),
  dueAt: Type.String(),
  answeredAt: Nullable(Type.String()),
  reason: Nullable(Type.String()),
});
const Offer = Type.Object({
  id: Type.String(),
  partnerId: Type.String(),
  dueAt: Type.String(),
  score: Type.Number(),
});

export function routingRoutes(deps: Deps) {
  return async (app: App) => {
    const tags = ['assignment and meetings'];
    const id = (req: { params: unknown }) => (req.params as { id: string }).id;

    // ---- routing --------------------------------------------------------------------------------------------
    app.get(
      '/engagements/:id/routing',
      {
        schema: {
          tags,
          summary: 'Ranked people for a role on the engagement, with the reasons for each (center)',
          params: IdParams,
          querystring: Type.Object({ role: Role, limit: Limit }, strict),
          response: { 200: Suggestions, ...errorResponses },
        },
      },
      async (req) => {
        const q = req.query as { role: never; limit?: number };
        return suggestPeople(deps, req.actor, id(req), q.role, q.limit);
      },
    );
    app.post(
      '/engagements/:id/routing/assign',
      {
        schema: {
          tags,
          summary:
            'Assign the best eligible person for the role (books the meeting series for a primary manager)',
          params: IdParams,
          body: Type.Object({ role: Role }, strict),
          response: {
            201: Type.Object({
              assignmentId: Type.String(),
              userId: Type.String(),
              name: Type.String(),
              score: Type.Number(),
              reasons: Type.Array(Reason),
              meetings: Type.Union([
                Type.Object({
                  meetings: Type.Integer(),
                  kickoffInTime: Type.Union([Type.Boolean(), Type.Null()]),
                }),
                Type.Null(),
              ]),
            }),
            ...errorResponses,
          },
        },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(await autoAssign(deps, req.actor, id(req), (req.body as { role: never }).role)),
    );
    app.post(
      '/routing/queue',
      {
        schema: {
          tags,
          summary: 'Assign every active engagement without anyone in the role, oldest first (center lead)',
          body: Type.Object(
            { role: Role, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) },
            strict,
          ),
          response: {
            200: Type.Object({
              assigned: Type.Integer(),
              unassigned: Type.Integer(),
              items: Type.Array(
                Type.Object({
                  engagementId: Type.String(),
                  userId: Nullable(Type.String()),
                  name: Nullable(Type.String()),
                  score: Type.Number(),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        const b = req.body as { role: never; limit?: number };
        return assignWholeQueue(deps, req.actor, b.role, b.limit);
      },
    );

    // ---- referrals ------------------------------------------------------------------------------------------
    app.get(
      '/engagements/:id/referrals/candidates',
      {
        schema: {
          tags,
          summary: 'Ranked partners not yet offered this engagement, with reasons (center)',
          params: IdParams,
          querystring: Type.Object({ limit: Limit }, strict),
          response: { 200: Suggestions, ...errorResponses },
        },
      },
      async (req) => suggestPartners(deps, req.actor, id(req), (req.query as { limit?: number }).limit),
    );
    app.get(
      '/engagements/:id/referrals',
      {
        schema: {
          tags,
          summary: 'Referrals of the engagement',
          params: IdParams,
          response: { 200: Type.Array(Referral), ...errorResponses },
        },
      },
      async (req) => listReferrals(deps, req.actor, id(req)),
    );
    app.post(
      '/engagements/:id/referrals',
      {
        schema: {
          tags,
          summary:
            'Offer the engagement to a partner (the best eligible when none is named); answer within 2 business days',
          params: IdParams,
          body: Type.Object({ partnerId: Type.Optional(Id()) }, strict),
          response: { 201: Offer, ...errorResponses },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await offerReferral(deps, req.actor, id(req), req.body as never)),
    );
    app.get(
      '/referrals',
      {
        schema: {
          tags,
          summary: 'Referral offers: a partner its own, the center all',
          response: { 200: Type.Array(Referral), ...errorResponses },
        },
      },
      async (req) => listReferrals(deps, req.actor),
    );
    for (const answer of ['accept', 'decline'] as const) {
      app.post(
        `/referrals/:id/${answer}`,
        {
          schema: {
            tags,
            summary: `${answer === 'accept' ? 'Accept' : 'Decline'} a referral (the partner's admin)`,
            params: IdParams,
            body: Type.Object(
              { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })) },
              strict,
            ),
            response: {
              200: Type.Object({ id: Type.String(), status: Type.String(), next: Nullable(Offer) }),
              ...errorResponses,
            },
          },
        },
        async (req) =>
          answerReferral(deps, req.actor, id(req), answer, (req.body as { reason?: string }).reason),
      );
    }
  };
}
