import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table idempotency_keys (
      scope text not null,
      key text not null,
      request_hash text not null,
      response_status integer,
      response_body jsonb,
      created_at timestamptz not null default now(),
      primary key (scope, key)
    );

    create sequence request_number_seq;
    create table requests (
      id text primary key,
      number bigint not null unique default nextval('request_number_seq'),
      customer_id text not null references organisations (id) on delete cascade,
      filed_by_user_id text references users (id),
      filed_by_token_id text,
      filed_by_organisation_id text not null references organisations (id),
      channel text not null,
      status text not null check (status in ('submitted', 'approved', 'on-hold', 'on-hold-pending-requestor-response', 'cancelled')),
      project_name text not null,
      service_location text not null,
      preferred_language text not null,
      comments text,
      requester_name text not null,
      requester_email text not null,
      requester_phone text not null,
      requester_title text not null,
      primary_contact jsonb not null,
      business_sponsor jsonb not null,
      workloads jsonb not null,
      options jsonb not null,
      eligibility jsonb not null,
      fingerprint text not null,
      duplicate_of text references requests (id),
      claimed_by text references users (id),
      claimed_at timestamptz,
      decision jsonb,
      engagement_id text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index requests_queue on requests (status, created_at);
    create index requests_customer on requests (customer_id, created_at desc);
    create index requests_fingerprint on requests (customer_id, fingerprint);

    create table request_history (
      id text primary key,
      request_id text not null references requests (id) on delete cascade,
      from_status text,
      to_status text not null,
      reason_id text,
      note text,
      actor_user_id text,
      created_at timestamptz not null default now()
    );
    create index request_history_request on request_history (request_id, created_at);

    create table request_links (
      request_id text not null references requests (id) on delete cascade,
      linked_request_id text not null references requests (id) on delete cascade,
      kind text not null check (kind in ('duplicate-of', 'sibling')),
      primary key (request_id, linked_request_id)
    );

    create table engagements (
      id text primary key,
      customer_id text not null references organisations (id) on delete cascade,
      status text not null check (status in ('active', 'inactive')),
      motions text[] not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index engagements_one_active on engagements (customer_id) where status = 'active';

    create table service_records (
      id text primary key,
      engagement_id text not null references engagements (id) on delete cascade,
      customer_id text not null references organisations (id) on delete cascade,
      workload text not null,
      request_id text references requests (id),
      entitlement_seats integer not null default 0,
      target_date date,
      business_reason text,
      success_owner jsonb,
      migration boolean not null default false,
      migration_level text not null default 'none',
      migration_sources text[] not null default '{}',
      l1 text not null default 'in-progress',
      scenario text not null,
      scenario_partner_id text references organisations (id),
      scenario_reasons jsonb not null default '[]',
      created_at timestamptz not null default now(),
      unique (engagement_id, workload)
    );
  `.execute(db);
}
