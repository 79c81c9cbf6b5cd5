import { type Kysely, sql } from 'kysely';

/**
 * Engagements: per-workload phases with history, entitlement-status buckets, tasks grouped in
 * workstreams, typed notes, assignments, SLA clocks and migration projects with their batches.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table engagements
      add column region text,
      add column assigned_at timestamptz,
      add column first_contact_at timestamptz,
      add column first_contact_due_at timestamptz,
      add column note_due_on date,
      add column delay_until date,
      add column delay_reason text,
      add column next_action_on date,
      add column closed_at timestamptz;

    alter table service_records
      add column phase text not null default 'initiate',
      add column phase_started_at timestamptz not null default now(),
      add column buckets jsonb not null default '[]',
      add column engagement_start_date date,
      add column delivery_owner text not null default 'center'
        check (delivery_owner in ('center', 'partner', 'customer')),
      add column active_users integer,
      add column completed_at timestamptz,
      add column completion jsonb,
      add column updated_at timestamptz not null default now();

    create table phase_history (
      id text primary key,
      engagement_id text not null references engagements (id) on delete cascade,
      service_record_id text not null references service_records (id) on delete cascade,
      phase text not null,
      started_at timestamptz not null,
      ended_at timestamptz,
      ended_by text references users (id)
    );
    create index phase_history_record on phase_history (service_record_id, started_at);

    create table motion_history (
      id text primary key,
      engagement_id text not null references engagements (id) on delete cascade,
      motion text not null,
      change text not null check (change in ('joined', 'left')),
      actor_user_id text references users (id),
      created_at timestamptz not null default now()
    );
    create index motion_history_engagement on motion_history (engagement_id, created_at);

    create table tasks (
      id text primary key,
      engagement_id text not null references engagements (id) on delete cascade,
      customer_id text not null references organisations (id) on delete cascade,
      service_record_id text references service_records (id) on delete cascade,
      workload text,
      template_id integer not null,
      workstream text not null,
      phase text not null,
      mandatory boolean not null,
      gate boolean not null,
      owner text not null check (owner in ('center', 'customer')),
      role text not null,
      assignee_user_id text references users (id),
      status text not null default 'not-started'
        check (status in ('not-started', 'in-progress', 'complete', 'not-applicable')),
      na_reason text,
      due_on date,
      depends_on text[] not null default '{}',
      guidance jsonb not null default '[]',
      completed_by text references users (id),
      completed_at timestamptz,
      position integer not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (status <> 'not-applicable' or na_reason is not null)
    );
    create index tasks_engagement on tasks (engagement_id, position);
    create index tasks_assignee on tasks (assignee_user_id) where status in ('not-started', 'in-progress');

    create table engagement_notes (
      id text primary key,
      engagement_id text not null references engagements (id) on delete cascade,
      customer_id text not null references organisations (id) on delete cascade,
      service_record_id text references service_records (id) on delete cascade,
      type text not null,
      fields jsonb not null default '{}',
      body text not null,
      health text check (health in ('red', 'yellow', 'green', 'blue')),
      author_user_id text references users (id),
      author_organisation_id text not null references organisations (id),
      created_at timestamptz not null default now()
    );
    create index engagement_notes_engagement on engagement_notes (engagement_id, type, created_at desc);

    create table engagement_assignments (
      id text primary key,
      engagement_id text not null references engagements (id) on delete cascade,
      workload text,
      role text not null,
      user_id text not null references users (id),
      organisation_id text not null references organisations (id),
      is_primary boolean not null default false,
      created_at timestamptz not null default now()
    );
    create unique index engagement_assignments_unique
      on engagement_assignments (engagement_id, coalesce(workload, ''), role, user_id);
    create unique index engagement_assignments_one_primary
      on engagement_assignments (engagement_id) where is_primary;
    create index engagement_assignments_user on engagement_assignments (user_id, engagement_id);

    create table migration_projects (
      id text primary key,
      engagement_id text not null references engagements (id) on delete cascade,
      customer_id text not null references organisations (id) on delete cascade,
      source text not null,
      destination text not null,
      scope_users integer not null default 0,
      scope_mailboxes integer not null default 0,
      scope_gb numeric not null default 0,
      status text not null default 'active'
        check (status in ('active', 'paused', 'decommission-flagged', 'complete')),
      last_progress_at timestamptz not null default now(),
      paused_at timestamptz,
      flagged_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index migration_projects_engagement on migration_projects (engagement_id);

    create table migration_batches (
      id text primary key,
      project_id text not null references migration_projects (id) on delete cascade,
      name text not null,
      scheduled_on date not null,
      users jsonb not null,
      user_count integer not null,
      total_gb numeric not null default 0,
      status text not null default 'scheduled'
        check (status in ('scheduled', 'in-progress', 'complete', 'failed')),
      migrated integer not null default 0,
      failed integer not null default 0,
      skipped integer not null default 0,
      completed_at timestamptz,
      created_at timestamptz not null default now()
    );
    create unique index migration_batches_name on migration_batches (project_id, lower(name));

    create table migration_issues (
      id text primary key,
      batch_id text not null references migration_batches (id) on delete cascade,
      description text not null,
      reported_by text references users (id),
      created_at timestamptz not null default now()
    );

    create index engagements_status on engagements (status, id);
    create index engagements_customer on engagements (customer_id, id);
  `.execute(db);
}
