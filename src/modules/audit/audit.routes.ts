/** Reading the audit trail: admins see their organisation's, the center's admins and leads see all. */
import { sql } from 'kysely';
import Type from 'typebox';
import type { App, Deps } from '../../app.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';
import { errorResponses, Page, PageQuery } from '../../platform/http/schemas.ts';
import { authorise, requireOrganisation } from '../access/policy.ts';

const AuditRecord = Type.Object({
  id: Type.String(),
  createdAt: Type.String(),
  actorUserId: Type.Union([Type.String(), Type.Null()]),
  actorTokenId: Type.Union([Type.String(), Type.Null()]),
  organisationId: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
  requestId: Type.Union([Type.String(), Type.Null()]),
});

export const auditRoutes = (deps: Deps) => async (app: App) => {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit records, newest first, with filters and cursor pagination',
        querystring: Type.Object(
          {
            action: Type.Optional(Type.String({ maxLength: 100 })),
            targetId: Type.Optional(Type.String({ maxLength: 200 })),
            actorUserId: Type.Optional(Type.String({ maxLength: 100 })),
            organisationId: Type.Optional(Type.String({ maxLength: 100 })),
            since: Type.Optional(Type.String({ format: 'date-time' })),
            until: Type.Optional(Type.String({ format: 'date-time' })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(AuditRecord), ...errorResponses },
      },
    },
    async (req) => {
      const actor = req.actor;
      requireOrganisation(actor);
      authorise(actor, 'audit.read');
      const q = req.query;
      const limit = q.limit ?? 50;
      const after = decodeCursor(q.cursor, 1);
      const everything = actor.orgKind === 'center' && (actor.role === 'admin' || actor.role === 'lead');
      let query = deps.db
        .selectFrom('audit_log')
        .select([
          'id',
          'seq',
          'created_at',
          'actor_user_id',
          'actor_token_id',
          'organisation_id',
          'action',
          'target_type',
          'target_id',
          'before',
          'after',
          'request_id',
        ]);
      if (!everything) query = query.where('organisation_id', '=', actor.organisationId);
      if (q.organisationId) query = query.where('organisation_id', '=', q.organisationId);
      if (q.action) query = query.where('action', '=', q.action);
      if (q.targetId) query = query.where('target_id', '=', q.targetId);
      if (q.actorUserId) query = query.where('actor_user_id', '=', q.actorUserId);
      if (q.since) query = query.where('created_at', '>=', new Date(q.since));
      if (q.until) query = query.where('created_at', '<', new Date(q.until));
      if (after) query = query.where('seq', '<', sql<string>`${String(after[0])}::bigint`);
      const rows = await query
        .orderBy('seq', 'desc')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map((r) => ({
          id: r.id,
          createdAt: new Date(r.created_at).toISOString(),
          actorUserId: r.actor_user_id,
          actorTokenId: r.actor_token_id,
          organisationId: r.organisation_id,
          action: r.action,
          targetType: r.target_type,
          targetId: r.target_id,
          before: r.before,
          after: r.after,
          requestId: r.request_id,
        })),
        nextCursor: rows.length > limit && last ? encodeCursor([String(last.seq)]) : null,
      };
    },
  );
};
