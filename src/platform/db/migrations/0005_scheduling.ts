import { type Kysely, sql } from 'kysely';

/**
 * Assignment and meetings: routing profiles of center people and partners, business calendars
 * (region holidays edited or imported; a person's and a partner's own hours and holidays), partner
 * referrals with their answer clock, meeting series with their attendees and per-person bookings
 * (no double-booking), invites' sequence numbers, calendar feeds and notifications.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table person_profiles (
      user_id text primary key references users (id) on delete cascade,
      organisation_id text not null references organisations (id) on delete cascade,
      roles text[] not null default '{}',
      languages text[] not null default '{}',
      regions text[] not null default '{}',
      workloads text[] not null default '{}',
      capacity integer not null default 10 check (capacity between 0 and 500),
      working_hours jsonb,
      holidays jsonb not null default '[]',
      away jsonb not null default '[]',
      last_assigned_at timestamptz,
      updated_at timestamptz not null default now()
    );

    create table partner_profiles (
      organisation_id text primary key references organisations (id) on delete cascade,
      languages text[] not null default '{}',
      countries text[] not null default '{}',
      industries text[] not null default '{}',
      min_seats integer not null default 0,
      max_seats integer,
      workloads text[] not null default '{}',
      capacity integer not null default 10 check (capacity between 0 and 10000),
      paused_until date,
      time_zone text not null default 'UTC',
      business_hours jsonb,
      holidays jsonb not null default '[]',
      last_offered_at timestamptz,
      updated_at timestamptz not null default now()
    );

    create table region_holidays (
      region text not null,
      date date not null,
      name text not null,
      source text not null default 'manual',
      created_at timestamptz not null default now(),
      primary key (region, date)
    );

    create table referrals (
      id text primary key,
      engagement_id text not null references engagements (id) on delete cascade,
      partner_id text not null references organisations (id),
      status text not null check (status in ('offered', 'accepted', 'declined', 'expired', 'withdrawn')),
      rank integer not null,
      score numeric not null,
      reasons jsonb not null default '[]',
      offered_by text references users (id),
      offered_at timestamptz not null default now(),
      due_at timestamptz not null,
      answered_at timestamptz,
      answered_by text references users (id),
      reason text
    );
    create index referrals_engagement on referrals (engagement_id, offered_at);
    create index referrals_open on referrals (due_at) where status = 'offered';
    create unique index referrals_one_open on referrals (engagement_id) where status = 'offered';
    create index referrals_partner on referrals (partner_id, status);

    create table meetings (
      id text primary key,
      engagement_id text not null references engagements (id) on delete cascade,
      kind text not null,
      series_index integer not null default 0,
      status text not null check (status in ('proposed', 'scheduled', 'cancelled')),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      time_zone text not null,
      uid text not null unique,
      sequence integer not null default 0,
      invited_sequence integer,
      organiser_id text references users (id),
      online_url text,
      online_meeting_id text,
      reason text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (ends_at > starts_at)
    );
    create index meetings_engagement on meetings (engagement_id, starts_at);

    create table meeting_attendees (
      meeting_id text not null references meetings (id) on delete cascade,
      email text not null,
      name text not null,
      user_id text references users (id),
      role text not null,
      language text not null,
      time_zone text not null,
      primary key (meeting_id, email)
    );
    create index meeting_attendees_user on meeting_attendees (user_id, meeting_id);

    -- one row per person per scheduled meeting; bookings of a person are written under a per-person
    -- advisory lock after an overlap check, so a person is never in two meetings at once
    create table bookings (
      user_id text not null references users (id) on delete cascade,
      meeting_id text not null references meetings (id) on delete cascade,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      primary key (user_id, meeting_id)
    );
    create index bookings_user_time on bookings (user_id, starts_at, ends_at);

    alter table emails
      add column ics text,
      add column ics_method text;

    alter table users
      add column calendar_token_hash text unique;

    alter table engagements
      add column first_contact_alerted_at timestamptz;

    create table notifications (
      id text primary key,
      user_id text not null references users (id) on delete cascade,
      kind text not null,
      title text not null,
      body text not null,
      link text,
      created_at timestamptz not null default now(),
      read_at timestamptz
    );
    create index notifications_user on notifications (user_id, created_at desc);

    create table notification_preferences (
      user_id text not null references users (id) on delete cascade,
      kind text not null,
      email boolean not null default true,
      in_app boolean not null default true,
      primary key (user_id, kind)
    );
  `.execute(db);
}
