/**
 * Late first answers: once a request's first-response clock runs out (response-clock.ts), the center is
 * told once — the reviewer who claimed it, or, while nobody has, the leads whose routing profile covers
 * the customer's region (every lead when none does) — in-app and by email, in each person's language.
 * Run by the requests' scheduled job with the reminders.
 */
import type { Deps } from '../../app.ts';
import { systemActor } from '../access/actor.ts';
import { audit } from '../audit/audit.ts';
import { getProgramme } from '../programme/programme.service.ts';
import { notify } from '../notifications/notifications.ts';
import { leadsFor } from './request-notifications.ts';
import { awaitingResponse, responseCalendars } from './response-clock.ts';
import { formatNumber } from './request.model.ts';

const SYSTEM = systemActor('request.response-late');

/** Tells the center of each request whose first answer became late; returns the requests alerted. */
export async function alertLateFirstAnswers(
  deps: Pick<Deps, 'db' | 'jobs' | 'config'>,
  now = new Date(),
): Promise<string[]> {
  const calendars = await responseCalendars(deps.db, await getProgramme(deps.db));
  return deps.db.transaction().execute(async (tx) => {
    const late = await tx
      .selectFrom('requests')
      .innerJoin('customers as c', 'c.organisation_id', 'requests.customer_id')
      .innerJoin('organisations as o', 'o.id', 'requests.customer_id')
      .select([
        'requests.id',
        'requests.number',
        'requests.project_name',
        'requests.claimed_by',
        'requests.customer_id',
        'c.country',
        'o.name as customer',
      ])
      .where(awaitingResponse(calendars, now, true))
      .where('requests.response_alerted_at', 'is', null)
      .forUpdate('requests')
      .skipLocked()
      .limit(500)
      .execute();
    for (const r of late) {
      const people = r.claimed_by ? [r.claimed_by] : await leadsFor(deps, tx, r.country);
      await notify(
        tx,
        people,
        'sla',
        'requestResponseLate',
        { number: formatNumber(r.number), project: r.project_name, customer: r.customer },
        `/requests/${r.id}`,
        { email: { jobs: deps.jobs, publicUrl: deps.config.publicUrl } },
      );
      await tx.updateTable('requests').set({ response_alerted_at: now }).where('id', '=', r.id).execute();
      await audit(tx, SYSTEM, {
        action: 'request.response_late',
        targetType: 'request',
        targetId: r.id,
        organisationId: r.customer_id,
        after: { told: people.length, claimed: !!r.claimed_by },
      });
    }
    return late.map((r) => r.id);
  });
}
