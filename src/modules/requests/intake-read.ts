/**
 * The one read of an intake batch: for each request, in one statement taking the batch as one JSON
 * parameter (so it is planned once per connection whatever the batch size), the customer in the
 * caller's scope, its subscriptions, its open requests (an identical one, whether the project name
 * is taken, the siblings), its admins, the primary contact's language, the Idempotency-Key's earlier
 * result and, for a new request, the next RFA number.
 */
import { CompiledQuery } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { SUBSCRIPTION_COLUMNS } from '../subscriptions/subscriptions.ts';
import type { IntakeItem } from './intake-request.ts';
import { OPEN_STATUSES, SIBLING_LIMIT } from './request.model.ts';

type RequestRef = { id: string; number: string; status: string };

export interface IntakeRow {
  previous: { request_hash: string; response_body: unknown } | null;
  /** null when the customer does not exist or is out of the caller's scope */
  id: string | null;
  kind: string | null;
  name: string | null;
  segment: string | null;
  country: string | null;
  customer_language: string | null;
  next_number: string | null;
  subscriptions: unknown[];
  first: RequestRef | null;
  name_taken: boolean;
  siblings: RequestRef[];
  admins: { email: string; language: string | null }[];
  contact_language: string | null;
}

const OPEN = `requests.customer_id = o.id and requests.status in (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`;
const KEY = 'idempotency_keys.scope = i.scope and idempotency_keys.key = i.key';

const READ = `
select
  case when k.request_hash is not null
    then json_build_object('request_hash', k.request_hash, 'response_body', k.response_body) end as previous,
  o.id, o.kind, o.name, o.segment, o.country, o.customer_language,
  case when o.id is not null and k.request_hash is null
    then nextval('request_number_seq')::text end as next_number,
  (select coalesce(json_agg(s), '[]') from (
     select ${SUBSCRIPTION_COLUMNS.join(', ')} from subscriptions where subscriptions.customer_id = o.id) s
  ) as subscriptions,
  (select json_build_object('id', requests.id, 'number', requests.number, 'status', requests.status)
     from requests where ${OPEN} and requests.fingerprint = i.fingerprint order by requests.id limit 1) as first,
  coalesce((select true from requests where ${OPEN} and lower(requests.project_name) = lower(i.project) limit 1), false)
    as name_taken,
  (select coalesce(json_agg(s), '[]') from (
     select requests.id, requests.number, requests.status from requests where ${OPEN}
     order by requests.id limit ${SIBLING_LIMIT}) s
  ) as siblings,
  (select coalesce(json_agg(s), '[]') from (
     select u.email, u.language from memberships m join users u on u.id = m.user_id
     where m.organisation_id = o.id and m.role = 'admin') s
  ) as admins,
  (select language from users where lower(email) = i.contact_email limit 1) as contact_language
from jsonb_to_recordset($1::jsonb) as i(
  n int, customer_id text, scope text, key text, fingerprint text, project text, contact_email text,
  actor_kind text, actor_org text)
-- lateral lookups with a limit: one index probe per item, whatever the planner guesses of the items
left join lateral (
  select request_hash, response_body from idempotency_keys where ${KEY} limit 1
) k on true
left join lateral (
  select o.id, o.kind, o.name, c.segment, c.country, c.language as customer_language
  from organisations o join customers c on c.organisation_id = o.id
  where o.id = i.customer_id
    and i.actor_org is not null
    and case i.actor_kind
      when 'center' then true
      when 'customer' then o.id = i.actor_org or o.id in (
        select partner_id from partner_relationships
        where customer_id = i.actor_org and status in ('requested', 'approved'))
      else o.id = i.actor_org or o.id in (
        select customer_id from partner_relationships
        where partner_id = i.actor_org and status = 'approved')
    end
  limit 1
) o on true
order by i.n`;

/** One row per item, in the items' order (the same scope rules as policy.visibleOrganisations). */
export async function readIntakes(db: Db, items: readonly IntakeItem[]): Promise<IntakeRow[]> {
  // one JSON parameter (not arrays): the planner cannot see how many items it holds, so the plan
  // does not depend on the batch's size and PostgreSQL keeps one generic plan per connection
  const { rows } = await db.executeQuery<IntakeRow>(
    CompiledQuery.raw(READ, [
      JSON.stringify(
        items.map((i, n) => ({
          n,
          customer_id: i.input.customerId,
          scope: i.scope,
          key: i.key,
          fingerprint: i.fingerprint,
          project: i.input.projectName,
          contact_email: i.primaryContact.email.toLowerCase(),
          actor_kind: i.actor.orgKind,
          actor_org: i.actor.organisationId,
        })),
      ),
    ]),
  );
  return rows;
}
