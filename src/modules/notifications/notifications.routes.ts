/** In-app notifications: list, mark read, live stream (server-sent events) and per-kind preferences. */
import { sql } from 'kysely';
import Type from 'typebox';
import type { App, Deps } from '../../app.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { errorResponses, IdParams, NoContent } from '../../platform/http/schemas.ts';
import type { Actor } from '../access/actor.ts';
import { audit } from '../audit/audit.ts';
import { listNotifications, NOTIFICATION_KINDS, NotificationHub, preferenceOf } from './notifications.ts';

const strict = { additionalProperties: false } as const;
const Notification = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  link: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  readAt: Type.Union([Type.String(), Type.Null()]),
});
const Preference = Type.Object({
  kind: Type.Enum([...NOTIFICATION_KINDS]),
  email: Type.Boolean(),
  inApp: Type.Boolean(),
});

function person(actor: Actor): string {
  if (!actor.userId) throw forbidden(); // an API token has no inbox
  return actor.userId;
}

export function notificationRoutes(deps: Deps) {
  const hub = new NotificationHub(deps.db);
  return async (app: App) => {
    const tags = ['notifications'];
    app.addHook('onClose', async () => hub.close());

    app.get(
      '/notifications',
      {
        schema: {
          tags,
          summary: 'Your latest notifications and how many are unread',
          response: {
            200: Type.Object({ items: Type.Array(Notification), unread: Type.Integer() }),
            ...errorResponses,
          },
        },
      },
      async (req) => listNotifications(deps.db, person(req.actor)),
    );

    app.get(
      '/notifications/stream',
      {
        schema: {
          tags,
          summary: 'Server-sent events: `notification` events as they arrive',
          response: { 200: Type.String({ description: 'text/event-stream' }), ...errorResponses },
        },
      },
      async (req, reply) => {
        const userId = person(req.actor);
        reply.hijack();
        hub.open(userId, reply);
      },
    );

    app.post(
      '/notifications/:id/read',
      {
        schema: {
          tags,
          summary: 'Mark a notification read',
          params: IdParams,
          response: { 204: NoContent, ...errorResponses },
        },
      },
      async (req, reply) => {
        const userId = person(req.actor);
        const id = (req.params as { id: string }).id;
        await deps.db.transaction().execute(async (tx) => {
          const row = await tx
            .updateTable('notifications')
            .set({ read_at: sql`coalesce(read_at, now())` })
            .where('id', '=', id)
            .where('user_id', '=', userId)
            .returning('id')
            .executeTakeFirst();
          if (!row) throw notFound();
          await audit(tx, req.actor, {
            action: 'notification.read',
            targetType: 'notification',
            targetId: id,
          });
        });
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/notifications/read-all',
      {
        schema: {
          tags,
          summary: 'Mark all your notifications read',
          response: { 200: Type.Object({ read: Type.Integer() }), ...errorResponses },
        },
      },
      async (req) => {
        const userId = person(req.actor);
        return deps.db.transaction().execute(async (tx) => {
          const rows = await tx
            .updateTable('notifications')
            .set({ read_at: sql`now()` })
            .where('user_id', '=', userId)
            .where('read_at', 'is', null)
            .returning('id')
            .execute();
          await audit(tx, req.actor, {
            action: 'notification.read_all',
            targetType: 'user',
            targetId: userId,
            after: { read: rows.length },
          });
          return { read: rows.length };
        });
      },
    );

    app.get(
      '/me/notification-preferences',
      {
        schema: {
          tags,
          summary: 'Your notification preferences per kind',
          response: { 200: Type.Array(Preference), ...errorResponses },
        },
      },
      async (req) => {
        const userId = person(req.actor);
        const out = [];
        for (const kind of NOTIFICATION_KINDS) out.push(await preferenceOf(deps.db, userId, kind));
        return out;
      },
    );

    app.put(
      '/me/notification-preferences',
      {
        schema: {
          tags,
          summary: 'Set your notification preferences (kinds not listed keep theirs)',
          body: Type.Object(
            {
              preferences: Type.Array(Type.Object(Preference.properties, strict), {
                minItems: 1,
                maxItems: 20,
              }),
            },
            strict,
          ),
          response: { 200: Type.Array(Preference), ...errorResponses },
        },
      },
      async (req) => {
        const userId = person(req.actor);
        const prefs = (req.body as { preferences: { kind: string; email: boolean; inApp: boolean }[] })
          .preferences;
        await deps.db.transaction().execute(async (tx) => {
          for (const p of prefs) {
            await tx
              .insertInto('notification_preferences')
              .values({ user_id: userId, kind: p.kind, email: p.email, in_app: p.inApp })
              .onConflict((oc) =>
                oc.columns(['user_id', 'kind']).doUpdateSet({ email: p.email, in_app: p.inApp }),
              )
              .execute();
          }
          await audit(tx, req.actor, {
            action: 'notification.preferences',
            targetType: 'user',
            targetId: userId,
            after: { preferences: prefs },
          });
        });
        const out = [];
        for (const kind of NOTIFICATION_KINDS) out.push(await preferenceOf(deps.db, userId, kind));
        return out;
      },
    );
  };
}
