/**
 * Messages on an open request (domain §3.9's "requester status inquiry", and the reviewer's quick
 * word without moving the status): whoever may see the request writes; the message goes into the
 * history both sides read. The requester's side writing tells the reviewer (as an answer does); the
 * center writing emails the requester's side in their language. A message is free text, a saved reply
 * from the programme's `message` bank for the writer's side, or both: a saved reply is stored by its id,
 * so each reader — and each email — reads it in their own language. Sent with an Idempotency-Key: a
 * retry finds the message already there and posts nothing.
 */
import type { Deps } from '../../app.ts';
import type { Db } from '../../platform/db/database.ts';
import { conflict, fieldError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { newId } from '../../platform/ids.ts';
import type { Actor } from '../access/actor.ts';
import { requireOrganisation } from '../access/policy.ts';
import { audit } from '../audit/audit.ts';
import type { MessageSide, Programme } from '../programme/programme.schema.ts';
import { getProgramme } from '../programme/programme.service.ts';
import { notifyCenterOfNote, notifyRequesterOfMessage, notifyReviewer } from './request-notifications.ts';
import { OPEN_STATUSES } from './request.model.ts';
import { reasonText } from './request-views.ts';
import { lockRequest } from './transition-request.ts';
import { markResponded } from './response-clock.ts';

export const MESSAGE_MAX = 4000;

/** The programme's saved replies that `side` may send (none when the programme has no `message` bank). */
export const savedReplies = (programme: Programme, side: MessageSide) =>
  (programme.notes.requestReasons.message ?? []).filter((r) => r.from === side);

/** Which of `userIds` are people of the center. */
async function centerPeople(db: Db, userIds: readonly string[]): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', (j) =>
      j.onRef('o.id', '=', 'm.organisation_id').on('o.kind', '=', 'center'),
    )
    .select('m.user_id')
    .where('m.user_id', 'in', [...userIds])
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

/**
 * Posts the message — or, from center staff with `internal`, a note only the center reads (no email to
 * the requester's side; the reviewer who claimed the request is told, and the colleagues in `notify`).
 * `created` is false when the key had posted it already.
 */
export async function postMessage(
  deps: Deps,
  actor: Actor,
  id: string,
  key: string,
  message: { text: string | null; reasonId: string | null; internal?: boolean; notify?: string[] },
): Promise<{ created: boolean }> {
  requireOrganisation(actor);
  const { text, reasonId, internal = false, notify = [] } = message;
  // colleagues to tell of an internal note: center people only
  if (notify.length && !internal) throw fieldError('/body/notify', 'errors.field.unknown');
  // an internal note is the center's own: written by its staff, in their own words
  if (internal && actor.orgKind !== 'center')
    throw fieldError('/body/internal', 'errors.field.internalCenterOnly');
  if (internal && reasonId) throw fieldError('/body/reasonId', 'errors.field.unknown');
  if (!text && !reasonId) throw fieldError('/body/text', 'errors.field.required');
  const programme = await getProgramme(deps.db);
  if (reasonId) {
    const side: MessageSide = actor.orgKind === 'center' ? 'center' : 'requester';
    const allowed = savedReplies(programme, side).map((r) => r.id);
    if (!allowed.includes(reasonId))
      throw fieldError('/body/reasonId', 'errors.field.oneOf', { allowed: allowed.join(', ') || '—' });
  }
  const colleagues = await centerPeople(deps.db, notify);
  notify.forEach((userId, i) => {
    if (!colleagues.has(userId)) throw fieldError(`/body/notify/${i}`, 'errors.field.notCenterPerson');
  });
  return deps.db.transaction().execute(async (tx) => {
    // the request's row lock also orders two sends of the same key
    const r = await lockRequest(tx, actor, id);
    const earlier = await tx
      .selectFrom('request_history')
      .select('id')
      .where('request_id', '=', id)
      .where('client_key', '=', key)
      .executeTakeFirst();
    if (earlier) return { created: false };
    if (!OPEN_STATUSES.includes(r.status))
      throw conflict('errors.detail.requestState', { status: r.status.replace(/-/g, '_') });
    const messageId = newId('rfh');
    await tx
      .insertInto('request_history')
      .values({
        id: messageId,
        request_id: id,
        from_status: r.status,
        to_status: r.status,
        reason_id: reasonId,
        note: text,
        actor_user_id: actor.userId,
        changes: null,
        kind: internal ? 'internal' : 'message',
        client_key: key,
      })
      .execute();
    if (!internal) await markResponded(tx, actor, id);
    await audit(tx, actor, {
      action: 'request.message',
      targetType: 'request',
      targetId: id,
      organisationId: r.customer_id,
      after: { history_id: messageId, reason_id: reasonId, internal, length: text?.length ?? 0 },
    });
    const name = actor.profile?.name ?? '';
    if (internal) {
      await notifyCenterOfNote(deps, tx, actor, id, name, text ?? '', notify);
      return { created: true };
    }
    // the message as each recipient reads it: the saved reply in their language, then the free text
    const note = (l: Locale) =>
      [reasonText(programme, reasonId, l), text].filter((x): x is string => !!x).join('\n\n');
    if (actor.orgKind === 'center') await notifyRequesterOfMessage(deps, tx, id, name, note);
    else await notifyReviewer(deps, tx, actor, id, 'requestMessage', { name, note });
    return { created: true };
  });
}
