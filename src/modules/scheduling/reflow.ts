/**
 * Moving meetings when plans move: after a kickoff or one-off conversation is rescheduled later, the one-off
 * conversations that followed it move after it; a customer's pause moves the meetings inside it after it. Each
 * moved meeting takes the first time free for its people inside the customer's hours and sends an update.
 */
import { sql } from 'kysely';
import type { Deps } from '../../app.ts';
import type { Tx } from '../../platform/db/database.ts';
import { Temporal } from '../../platform/time/temporal.ts';
import { getProgramme } from '../programme/programme.service.ts';
import { DAY, lockAttendees, othersBusy } from './booking.ts';
import { customerCalendar } from './calendars.ts';
import { findSlot, type Span } from './slots.ts';

/**
 * After a kickoff or a one-off conversation moves later, the one-off conversations that followed it and now
 * come first move after it too (recurring checkpoints keep their dates): same order as planned, first free time.
 */
export async function reflow(
  deps: Deps,
  tx: Tx,
  engagementId: string,
  movedId: string,
  after: Date,
): Promise<number> {
  const ORDER = ['kickoff', 'security-conversation', 'workshop'];
  const moved = await tx
    .selectFrom('meetings')
    .select(['kind'])
    .where('id', '=', movedId)
    .executeTakeFirstOrThrow();
  const rank = ORDER.indexOf(moved.kind);
  if (rank < 0 || rank === ORDER.length - 1) return 0;
  const later = await tx
    .selectFrom('meetings')
    .selectAll()
    .where('engagement_id', '=', engagementId)
    .where('status', '!=', 'cancelled')
    .where('kind', 'in', ORDER.slice(rank + 1))
    .where('starts_at', '<', after)
    .orderBy('starts_at')
    .execute();
  let cursor = after.getTime() + DAY / 2;
  let moves = 0;
  for (const m of later) {
    const ids = await lockAttendees(tx, m.id);
    const duration = m.ends_at.getTime() - m.starts_at.getTime();
    const programme = await getProgramme(deps.db);
    const e = await tx
      .selectFrom('engagements')
      .select(['region'])
      .where('id', '=', engagementId)
      .executeTakeFirstOrThrow();
    const cal = await customerCalendar(tx, programme, e.region, m.time_zone);
    const busy = await othersBusy(tx, ids, m.id, new Date(cursor));
    const slot = findSlot(
      [{ id: 'all', calendar: cal, busy }],
      new Date(cursor),
      new Date(cursor + 30 * DAY),
      duration / 60_000,
    );
    if (!slot) continue;
    await move(deps, tx, m, slot, null);
    moves++;
    cursor = slot.end + DAY / 2;
  }
  return moves;
}

/**
 * The customer paused the engagement until `until` (its local date): every scheduled meeting before the end of
 * that day moves after it, keeping its wall time in the customer's zone and the spacing between meetings, at the
 * first time free for its people and inside the customer's hours. Returns how many moved (each sends an update).
 */
export async function reflowAfterDelay(
  deps: Deps,
  tx: Tx,
  engagementId: string,
  until: string,
): Promise<number> {
  const e = await tx
    .selectFrom('engagements as e')
    .innerJoin('customers as c', 'c.organisation_id', 'e.customer_id')
    .select(['e.region', 'c.time_zone'])
    .where('e.id', '=', engagementId)
    .executeTakeFirstOrThrow();
  const resume = Temporal.PlainDate.from(until).add({ days: 1 }).toZonedDateTime({ timeZone: e.time_zone });
  const affected = await tx
    .selectFrom('meetings')
    .selectAll()
    .where('engagement_id', '=', engagementId)
    .where('status', '=', 'scheduled')
    .where('starts_at', '>', new Date())
    .where('starts_at', '<', new Date(resume.epochMilliseconds))
    .orderBy('starts_at')
    .execute();
  if (affected.length === 0) return 0;
  const programme = await getProgramme(deps.db);
  const cal = await customerCalendar(tx, programme, e.region, e.time_zone);
  const firstDay = Temporal.Instant.fromEpochMilliseconds(affected[0]!.starts_at.getTime())
    .toZonedDateTimeISO(e.time_zone)
    .toPlainDate();
  const shift = firstDay.until(resume.toPlainDate()).days;
  let moves = 0;
  for (const m of affected) {
    const ids = await lockAttendees(tx, m.id);
    const preferred = Temporal.Instant.fromEpochMilliseconds(m.starts_at.getTime())
      .toZonedDateTimeISO(e.time_zone)
      .add({ days: shift }).epochMilliseconds;
    const busy = await othersBusy(tx, ids, m.id, new Date(preferred));
    const minutes = (m.ends_at.getTime() - m.starts_at.getTime()) / 60_000;
    const slot = findSlot(
      [{ id: 'all', calendar: cal, busy }],
      new Date(preferred),
      new Date(preferred + 30 * DAY),
      minutes,
    );
    if (!slot) continue;
    await move(deps, tx, m, slot, 'delay');
    moves++;
  }
  return moves;
}

/** Puts a meeting at a new time: next sequence, the people's bookings follow, updated invites go out. */
async function move(
  deps: Deps,
  tx: Tx,
  m: { id: string; sequence: number; status: string; reason: string | null },
  slot: Span,
  reason: string | null,
): Promise<void> {
  await tx
    .updateTable('meetings')
    .set({
      starts_at: new Date(slot.start),
      ends_at: new Date(slot.end),
      sequence: m.sequence + 1,
      reason: reason ?? m.reason,
      updated_at: sql`now()`,
    })
    .where('id', '=', m.id)
    .execute();
  if (m.status !== 'scheduled') return;
  await tx
    .updateTable('bookings')
    .set({ starts_at: new Date(slot.start), ends_at: new Date(slot.end) })
    .where('meeting_id', '=', m.id)
    .execute();
  await deps.jobs.enqueue(tx, 'meeting.invite', { meetingId: m.id });
}
