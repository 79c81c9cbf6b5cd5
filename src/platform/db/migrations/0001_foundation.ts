import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table organisations (
      id text primary key,
      kind text not null check (kind in ('center', 'customer', 'partner')),
      name text not null check (length(name) between 1 and 200),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index organisations_kind_name on organisations (kind, lower(name));

    create table customers (
      organisation_id text primary key references organisations (id) on delete cascade,
      domains text[] not null default '{}',
      tenant_id text unique,
      country text not null,
      language text not null,
      time_zone text not null,
      segment text not null
    );
    create index customers_domains on customers using gin (domains);

    create table users (
      id text primary key,
      email text not null,
      name text not null,
      password_hash text,
      language text,
      time_zone text not null default 'UTC',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index users_email on users (lower(email));

    create table memberships (
      user_id text not null references users (id) on delete cascade,
      organisation_id text not null references organisations (id) on delete cascade,
      role text not null,
      created_at timestamptz not null default now(),
      primary key (user_id, organisation_id)
    );
    create index memberships_org on memberships (organisation_id);

    create table sessions (
      id text primary key,
      token_hash text not null unique,
      csrf_token text not null,
      user_id text not null references users (id) on delete cascade,
      organisation_id text references organisations (id) on delete set null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      last_seen_at timestamptz not null default now(),
      revoked_at timestamptz
    );
    create index sessions_user on sessions (user_id) where revoked_at is null;

    create table api_tokens (
      id text primary key,
      token_hash text not null unique,
      name text not null,
      organisation_id text not null references organisations (id) on delete cascade,
      role text not null,
      created_by text not null references users (id),
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    create index api_tokens_org on api_tokens (organisation_id);

    create table invitations (
      id text primary key,
      token_hash text not null unique,
      organisation_id text not null references organisations (id) on delete cascade,
      email text not null,
      role text not null,
      invited_by text not null references users (id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      accepted_at timestamptz,
      revoked_at timestamptz
    );
    create index invitations_org on invitations (organisation_id);

    create table password_resets (
      id text primary key,
      token_hash text not null unique,
      user_id text not null references users (id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    );

    create table partner_relationships (
      id text primary key,
      partner_id text not null references organisations (id) on delete cascade,
      customer_id text not null references organisations (id) on delete cascade,
      status text not null check (status in ('requested', 'approved', 'refused', 'revoked')),
      message text,
      requested_by text not null references users (id),
      decided_by text references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index partner_relationships_open on partner_relationships (partner_id, customer_id)
      where status in ('requested', 'approved');
    create index partner_relationships_customer on partner_relationships (customer_id);

    create table audit_log (
      id text primary key,
      seq bigserial not null unique,
      created_at timestamptz not null default now(),
      actor_user_id text,
      actor_token_id text,
      organisation_id text,
      action text not null,
      target_type text not null,
      target_id text not null,
      before jsonb,
      after jsonb,
      request_id text
    );
    create index audit_log_org_seq on audit_log (organisation_id, seq desc);
    create index audit_log_target on audit_log (target_type, target_id);

    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only';
    end $$;
    create trigger audit_log_no_update before update or delete on audit_log
      for each row execute function audit_log_append_only();

    create table programme_versions (
      id text primary key,
      programme_key text not null,
      version integer not null,
      content jsonb not null,
      created_at timestamptz not null default now(),
      created_by text references users (id),
      summary text not null,
      changes jsonb not null default '[]',
      unique (programme_key, version)
    );

    create table subscriptions (
      id text primary key,
      customer_id text not null references organisations (id) on delete cascade,
      plan_sku text not null,
      paid_seats integer not null check (paid_seats >= 0),
      status text not null check (status in ('active', 'expired', 'suspended')),
      licence_kind text not null check (licence_kind in ('paid', 'trial', 'free')),
      starts_on date not null,
      ends_on date,
      purchase_channel text not null default 'direct',
      education_seat_kind text check (education_seat_kind in ('faculty', 'student')),
      created_at timestamptz not null default now()
    );
    create index subscriptions_customer on subscriptions (customer_id);

    create table emails (
      id text primary key,
      template text not null,
      to_address text not null,
      language text not null,
      subject text not null,
      text_body text not null,
      status text not null check (status in ('queued', 'sent', 'kept', 'failed')),
      transport text,
      error text,
      created_at timestamptz not null default now(),
      sent_at timestamptz
    );
    create index emails_created on emails (created_at desc);
  `.execute(db);
}
