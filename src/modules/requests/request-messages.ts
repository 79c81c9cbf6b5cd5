/**
 * Messages on an open request (domain §3.9's "requester status inquiry", and the reviewer's quick
 * word without moving the status): whoever may see the request writes; the message goes into the
 * history both sides read. The requester's side writing tells the reviewer (as an answer does); the
 * center writing emails the requester's side in their language. Sent with an Idempotency-Key: a
 * retry finds the message already there and posts nothing.
 */
import type { Deps } from '../../app.ts';
import { conflict } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Actor } from '../access/actor.ts';
import { requireOrganisation } from '../access/policy.ts';
import { audit } from '../audit/audit.ts';
import { notifyRequesterOfMessage, notifyReviewer } from './request-notifications.ts';
import { OPEN_STATUSES } from './request.model.ts';
import { lockRequest } from './transition-request.ts';

export const MESSAGE_MAX = 4000;

/** Posts the message; `created` is false when the key had posted it already. */
export async function postMessage(
  deps: Deps,
  actor: Actor,
  id: string,
  key: string,
  text: string,
): Promise<{ created: boolean }> {
  requireOrganisation(actor);
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
        reason_id: null,
        note: text,
        actor_user_id: actor.userId,
        changes: null,
        kind: 'message',
        client_key: key,
      })
      .execute();
    await audit(tx, actor, {
      action: 'request.message',
      targetType: 'request',
      targetId: id,
      organisationId: r.customer_id,
      after: { history_id: messageId, length: text.length },
    });
    const name = actor.profile?.name ?? '';
    if (actor.orgKind === 'center') await notifyRequesterOfMessage(deps, tx, id, name, text);
    else await notifyReviewer(deps, tx, actor, id, 'requestMessage', { name, note: text });
    return { created: true };
  });
}
