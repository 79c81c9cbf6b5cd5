import { type Kysely, sql } from 'kysely';

/**
 * A request's first response (response-clock.ts): when the center first answered the requester —
 * a status move, a message or a correction by its staff after the request was filed. The triage
 * queue measures it against the programme's response time in the customer's region's business days.
 * Requests answered before this column existed take it from their history. `response_alerted_at`: when
 * the center was told that the first answer is late (once per request, response-alerts.ts); the requests
 * already waiting when the column arrives count as told — the queue and the dashboard show them late,
 * but an upgrade does not send one alert per old request at once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table requests add column responded_at timestamptz, add column response_alerted_at timestamptz;
  `.execute(db);
  await fillFirstResponses(db);
  await sql`update requests set response_alerted_at = now() where responded_at is null`.execute(db);
}

/** Each request's first response from its history: the earliest answer by someone at the center. */
export async function fillFirstResponses(db: Kysely<unknown>): Promise<void> {
  await sql`
    update requests r set responded_at = first.at
      from (
        select h.request_id, min(h.created_at) as at
        from request_history h
        where h.from_status is not null
          and h.kind in ('status', 'correction', 'message')
          and exists (select 1 from memberships m join organisations mo on mo.id = m.organisation_id
            where m.user_id = h.actor_user_id and mo.kind = 'center')
        group by h.request_id
      ) first
      where first.request_id = r.id;
  `.execute(db);
}
