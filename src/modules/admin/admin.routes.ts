/** Center administration: the local email outbox (when no SMTP server is configured). */
import Type from 'typebox';
import type { App, Deps } from '../../app.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { authorise, requireOrganisation } from '../access/policy.ts';

const Email = Type.Object({
  id: Type.String(),
  template: Type.String(),
  to: Type.String(),
  language: Type.String(),
  subject: Type.String(),
  body: Type.String(),
  status: Type.String(),
  createdAt: Type.String(),
  sentAt: Type.Union([Type.String(), Type.Null()]),
});

export const adminRoutes = (deps: Deps) => async (app: App) => {
  app.get(
    '/admin/emails',
    {
      schema: {
        tags: ['admin'],
        summary: 'Recent emails and the local outbox (center admin)',
        querystring: Type.Object(
          {
            to: Type.Optional(Type.String({ maxLength: 254 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(Email), ...errorResponses },
      },
    },
    async (req) => {
      requireOrganisation(req.actor);
      authorise(req.actor, 'outbox.read');
      let q = deps.db
        .selectFrom('emails')
        .select([
          'id',
          'template',
          'to_address',
          'language',
          'subject',
          'text_body',
          'status',
          'created_at',
          'sent_at',
        ])
        .orderBy('created_at', 'desc')
        .limit(req.query.limit ?? 50);
      if (req.query.to) q = q.where('to_address', '=', req.query.to);
      return (await q.execute()).map((r) => ({
        id: r.id,
        template: r.template,
        to: r.to_address,
        language: r.language,
        subject: r.subject,
        body: r.text_body,
        status: r.status,
        createdAt: new Date(r.created_at).toISOString(),
        sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
      }));
    },
  );
};
