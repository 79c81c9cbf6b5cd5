/**
 * Following up a request that waits for its requester (domain §3.5: up to three e-mail attempts two
 * business days apart while the request is On Hold – Pending Requestor Response). When a request
 * starts waiting, its first reminder is due two business days later (the calendar of the customer's
 * region); the scheduled job sends each reminder that is due to the requester — and to the customer's
 * contacts when someone else filed — in their language, with the question, and after the third one
 * and two more business days without an answer tells the reviewer, who decides (continue, or cancel
 * as "requester unresponsive"). An answer, any other move, or a correction by the requester's side
 * (the reviewer hears of it and decides) stops the reminders.
 */
import type { Deps } from '../../app.ts';
import type { Tx } from '../../platform/db/database.ts';
import { businessDeadline } from '../calendar/business-calendar.ts';
import { systemActor } from '../access/actor.ts';
import { audit } from '../audit/audit.ts';
import { newId } from '../../platform/ids.ts';
import { getProgramme } from '../programme/programme.service.ts';
import type { Programme } from '../programme/programme.schema.ts';
import { regionOfCountry } from '../programme/regions.ts';
import { loadRegionCalendar } from '../scheduling/calendars.ts';
import { notifyReviewer, remindRequester } from './request-notifications.ts';
import { REMINDERS } from './request.model.ts';

export { REMINDERS };

const SYSTEM = systemActor('request.remind');

/** The scheduled job's rhythm: every 10 minutes, the reminders that fell due are sent. */
export const REMINDER_CRON = '*/10 * * * *';

/** Business days between the question and the first reminder, and between reminders. */
export const REMINDER_BUSINESS_DAYS = 2;

/** The moment `REMINDER_BUSINESS_DAYS` business days after `from` in the customer's region. */
async function dueAfter(tx: Tx, programme: Programme, customerId: string, from: Date): Promise<Date> {
  const customer = await tx
    .selectFrom('customers')
    .select('country')
    .where('organisation_id', '=', customerId)
    .executeTakeFirst();
  const region = customer ? (regionOfCountry(programme, customer.country)?.id ?? null) : null;
  return businessDeadline(await loadRegionCalendar(tx, programme, region), from, REMINDER_BUSINESS_DAYS);
}

/** A status move: waiting for the requester starts the reminders, any other state stops them. */
export async function followUp(
  tx: Tx,
  programme: Programme,
  r: { id: string; customer_id: string },
  to: string,
  now = new Date(),
): Promise<void> {
  const waiting = to === 'on-hold-pending-requestor-response';
  await tx
    .updateTable('requests')
    .set({
      reminders_sent: 0,
      next_reminder_at: waiting ? await dueAfter(tx, programme, r.customer_id, now) : null,
    })
    .where('id', '=', r.id)
    .execute();
}

/** The requester's side acted (a correction): no more reminders for this question. */
export async function stopReminders(tx: Tx, requestId: string): Promise<void> {
  await tx.updateTable('requests').set({ next_reminder_at: null }).where('id', '=', requestId).execute();
}

/**
 * Sends the reminders that are due (and the reviewers' alerts after the last one). Run by the
 * scheduled job; each request is taken once even with several servers (row locks, skip locked).
 * Returns the requests reminded and those whose reviewer was told.
 */
export async function sendDueReminders(
  deps: Pick<Deps, 'db' | 'jobs' | 'config'>,
  now = new Date(),
): Promise<{ reminded: string[]; unanswered: string[] }> {
  const programme = await getProgramme(deps.db);
  return deps.db.transaction().execute(async (tx) => {
    const due = await tx
      .selectFrom('requests')
      .select(['id', 'customer_id', 'reminders_sent'])
      .where('status', '=', 'on-hold-pending-requestor-response')
      .where('next_reminder_at', '<=', now)
      .orderBy('next_reminder_at')
      .limit(200)
      .forUpdate()
      .skipLocked()
      .execute();
    const reminded: string[] = [];
    const unanswered: string[] = [];
    for (const r of due) {
      const last = r.reminders_sent >= REMINDERS;
      if (last) {
        await notifyReviewer(deps, tx, { userId: null }, r.id, 'requestUnanswered', {
          name: '',
          reminders: String(REMINDERS),
        });
        unanswered.push(r.id);
      } else {
        await remindRequester(deps, tx, r.id, r.reminders_sent + 1, REMINDERS);
        // both sides read the follow-up in the history, beside the question it follows
        await tx
          .insertInto('request_history')
          .values({
            id: newId('rfh'),
            request_id: r.id,
            from_status: 'on-hold-pending-requestor-response',
            to_status: 'on-hold-pending-requestor-response',
            reason_id: null,
            note: null,
            actor_user_id: null,
            changes: null,
            kind: 'reminder',
            client_key: null,
          })
          .execute();
        reminded.push(r.id);
      }
      await tx
        .updateTable('requests')
        .set({
          reminders_sent: last ? r.reminders_sent : r.reminders_sent + 1,
          next_reminder_at: last ? null : await dueAfter(tx, programme, r.customer_id, now),
        })
        .where('id', '=', r.id)
        .execute();
      await audit(tx, SYSTEM, {
        action: last ? 'request.unanswered' : 'request.remind',
        targetType: 'request',
        targetId: r.id,
        organisationId: r.customer_id,
        after: last
          ? { reminders_sent: r.reminders_sent }
          : { reminder: r.reminders_sent + 1, of: REMINDERS },
      });
    }
    return { reminded, unanswered };
  });
}
