/** Kysely table types. Keep in step with migrations/. */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export type OrganisationKind = 'center' | 'customer' | 'partner';

export interface OrganisationsTable {
  id: string;
  kind: OrganisationKind;
  name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CustomersTable {
  organisation_id: string;
  domains: ColumnType<string[], string[], string[]>;
  tenant_id: string | null;
  country: string;
  language: string;
  time_zone: string;
  segment: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  /** preferred language; null = follow the browser */
  language: string | null;
  time_zone: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  calendar_token_hash: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface MembershipsTable {
  user_id: string;
  organisation_id: string;
  role: string;
  created_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  csrf_token: string;
  user_id: string;
  organisation_id: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface ApiTokensTable {
  id: string;
  token_hash: string;
  name: string;
  organisation_id: string;
  role: string;
  created_by: string;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface InvitationsTable {
  id: string;
  token_hash: string;
  organisation_id: string;
  email: string;
  role: string;
  invited_by: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface PasswordResetsTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export type RelationshipStatus = 'requested' | 'approved' | 'refused' | 'revoked';

export interface PartnerRelationshipsTable {
  id: string;
  partner_id: string;
  customer_id: string;
  status: RelationshipStatus;
  message: string | null;
  requested_by: string;
  decided_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AuditLogTable {
  id: string;
  seq: Generated<string>;
  created_at: Timestamp;
  actor_user_id: string | null;
  actor_token_id: string | null;
  organisation_id: string | null;
  action: string;
  target_type: string;
  target_id: string;
  before: Json | null;
  after: Json | null;
  request_id: string | null;
}

export interface ProgrammeVersionsTable {
  id: string;
  programme_key: string;
  version: number;
  content: Json;
  created_at: Timestamp;
  created_by: string | null;
  summary: string;
  changes: Json;
}

export interface SubscriptionsTable {
  id: string;
  customer_id: string;
  plan_sku: string;
  paid_seats: number;
  status: 'active' | 'expired' | 'suspended';
  licence_kind: 'paid' | 'trial' | 'free';
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string | null, string | null | undefined, string | null>;
  purchase_channel: ColumnType<string, string | undefined, string>;
  education_seat_kind: 'faculty' | 'student' | null;
  created_at: Timestamp;
}

export interface EmailsTable {
  id: string;
  template: string;
  to_address: string;
  language: string;
  subject: string;
  text_body: string;
  status: 'queued' | 'sent' | 'kept' | 'failed';
  transport: string | null;
  error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  /** an iCalendar invite sent with the message (text/calendar alternative) */
  ics: ColumnType<string | null, string | null | undefined, string | null>;
  ics_method: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  response_status: number | null;
  response_body: Json | null;
  created_at: Timestamp;
}

export type RequestStatus =
  | 'submitted'
  | 'approved'
  | 'on-hold'
  | 'on-hold-pending-requestor-response'
  | 'cancelled';

export interface ContactJson {
  name: string;
  email: string;
  phone?: string;
  title?: string;
}

export interface RequestsTable {
  id: string;
  number: Generated<string>;
  customer_id: string;
  filed_by_user_id: string | null;
  filed_by_token_id: string | null;
  filed_by_organisation_id: string;
  channel: string;
  status: RequestStatus;
  project_name: string;
  service_location: string;
  preferred_language: string;
  comments: string | null;
  requester_name: string;
  requester_email: string;
  requester_phone: string;
  requester_title: string;
  primary_contact: Json<ContactJson>;
  business_sponsor: Json<ContactJson>;
  workloads: Json<{ workload: string; plannedDate: string; businessReason?: string }[]>;
  options: Json<{ dataMigration: boolean; migrationSources: string[] }>;
  eligibility: Json;
  fingerprint: string;
  duplicate_of: string | null;
  claimed_by: string | null;
  claimed_at: Timestamp | null;
  decision: Json | null;
  engagement_id: string | null;
  /** reminders sent while waiting for the requester's answer (pending-reminders.ts) */
  reminders_sent: Generated<number>;
  /** when the next reminder (or, after the last, the reviewer's alert) is due; null when none */
  next_reminder_at: Timestamp | null;
  /** when the center first answered the requester (response-clock.ts); null until then */
  responded_at: Timestamp | null;
  /** when the center was told the first answer is late (response-alerts.ts); null until then */
  response_alerted_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RequestHistoryTable {
  id: string;
  request_id: string;
  from_status: string | null;
  to_status: string;
  reason_id: string | null;
  note: string | null;
  actor_user_id: string | null;
  /** the fields a correction changed (no status move); null for a status move */
  changes: string[] | null;
  /** a status move, a correction (`changes`), a message or a center-only internal note (`note`; request-messages.ts), a reminder sent */
  kind: Generated<'status' | 'correction' | 'message' | 'internal' | 'reminder'>;
  /** a message's Idempotency-Key (unique per request) */
  client_key: string | null;
  created_at: Timestamp;
}

export interface RequestLinksTable {
  request_id: string;
  linked_request_id: string;
  kind: 'duplicate-of' | 'sibling';
}

export interface EngagementsTable {
  id: string;
  customer_id: string;
  status: 'active' | 'inactive';
  motions: ColumnType<string[], string[], string[]>;
  region: string | null;
  assigned_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  first_contact_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  first_contact_due_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  note_due_on: ColumnType<string | null, string | null | undefined, string | null>;
  delay_until: ColumnType<string | null, string | null | undefined, string | null>;
  delay_reason: string | null;
  next_action_on: ColumnType<string | null, string | null | undefined, string | null>;
  closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** when the people were told the first-contact SLA is overdue */
  first_contact_alerted_at: NullableTime;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface Bucket {
  l1: string;
  l2: string | null;
  count: number;
}

type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface PhaseHistoryTable {
  id: string;
  engagement_id: string;
  service_record_id: string;
  phase: string;
  started_at: Timestamp;
  ended_at: NullableTime;
  ended_by: string | null;
}

export interface MotionHistoryTable {
  id: string;
  engagement_id: string;
  motion: string;
  change: 'joined' | 'left';
  actor_user_id: string | null;
  created_at: Timestamp;
}

export type TaskStatus = 'not-started' | 'in-progress' | 'complete' | 'not-applicable';

export interface TasksTable {
  id: string;
  engagement_id: string;
  customer_id: string;
  service_record_id: string | null;
  workload: string | null;
  template_id: number;
  workstream: string;
  phase: string;
  mandatory: boolean;
  gate: boolean;
  owner: 'center' | 'customer';
  role: string;
  assignee_user_id: string | null;
  status: ColumnType<TaskStatus, TaskStatus | undefined, TaskStatus>;
  na_reason: string | null;
  due_on: ColumnType<string | null, string | null | undefined, string | null>;
  depends_on: ColumnType<string[], string[] | undefined, string[]>;
  guidance: ColumnType<GuidanceJson[], string | undefined, string>;
  completed_by: string | null;
  completed_at: NullableTime;
  position: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface GuidanceJson {
  text: string;
  link: string | null;
  authorUserId: string | null;
  authorName: string | null;
  at: string;
}

export interface EngagementNotesTable {
  id: string;
  engagement_id: string;
  customer_id: string;
  service_record_id: string | null;
  type: string;
  fields: Json<Record<string, string>>;
  body: string;
  health: 'red' | 'yellow' | 'green' | 'blue' | null;
  author_user_id: string | null;
  author_organisation_id: string;
  created_at: Timestamp;
}

export interface EngagementAssignmentsTable {
  id: string;
  engagement_id: string;
  workload: string | null;
  role: string;
  user_id: string;
  organisation_id: string;
  is_primary: boolean;
  created_at: Timestamp;
}

export interface MigrationProjectsTable {
  id: string;
  engagement_id: string;
  customer_id: string;
  source: string;
  destination: string;
  scope_users: number;
  scope_mailboxes: number;
  scope_gb: ColumnType<string, number | string, number | string>;
  status: ColumnType<
    'active' | 'paused' | 'decommission-flagged' | 'complete',
    'active' | 'paused' | 'decommission-flagged' | 'complete' | undefined,
    'active' | 'paused' | 'decommission-flagged' | 'complete'
  >;
  last_progress_at: Timestamp;
  paused_at: NullableTime;
  flagged_at: NullableTime;
  created_at: Timestamp;
}

type BatchStatus = 'scheduled' | 'in-progress' | 'complete' | 'failed';

export interface MigrationBatchesTable {
  id: string;
  project_id: string;
  name: string;
  scheduled_on: ColumnType<string, string, string>;
  users: Json<{ user: string; sizeGb: number | null; sourceId: string | null }[]>;
  user_count: number;
  total_gb: ColumnType<string, number | string, number | string>;
  status: ColumnType<BatchStatus, BatchStatus | undefined, BatchStatus>;
  migrated: ColumnType<number, number | undefined, number>;
  failed: ColumnType<number, number | undefined, number>;
  skipped: ColumnType<number, number | undefined, number>;
  completed_at: NullableTime;
  created_at: Timestamp;
}

export interface MigrationIssuesTable {
  id: string;
  batch_id: string;
  description: string;
  reported_by: string | null;
  created_at: Timestamp;
}

export interface ServiceRecordsTable {
  id: string;
  engagement_id: string;
  customer_id: string;
  workload: string;
  request_id: string | null;
  entitlement_seats: number;
  target_date: ColumnType<string | null, string | null, string | null>;
  business_reason: string | null;
  success_owner: Json<ContactJson> | null;
  migration: boolean;
  migration_level: string;
  migration_sources: ColumnType<string[], string[], string[]>;
  l1: ColumnType<string, string | undefined, string>;
  phase: ColumnType<string, string | undefined, string>;
  phase_started_at: Timestamp;
  buckets: ColumnType<Bucket[], string | undefined, string>;
  engagement_start_date: ColumnType<string | null, string | null | undefined, string | null>;
  delivery_owner: ColumnType<'center' | 'partner' | 'customer', string | undefined, string>;
  active_users: number | null;
  completed_at: NullableTime;
  completion: ColumnType<unknown, string | null | undefined, string | null>;
  updated_at: Timestamp;
  scenario: string;
  scenario_partner_id: string | null;
  scenario_reasons: Json;
  created_at: Timestamp;
}

export interface Database {
  organisations: OrganisationsTable;
  customers: CustomersTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  partner_relationships: PartnerRelationshipsTable;
  audit_log: AuditLogTable;
  programme_versions: ProgrammeVersionsTable;
  subscriptions: SubscriptionsTable;
  emails: EmailsTable;
  idempotency_keys: IdempotencyKeysTable;
  requests: RequestsTable;
  request_history: RequestHistoryTable;
  request_links: RequestLinksTable;
  engagements: EngagementsTable;
  service_records: ServiceRecordsTable;
  phase_history: PhaseHistoryTable;
  motion_history: MotionHistoryTable;
  tasks: TasksTable;
  engagement_notes: EngagementNotesTable;
  engagement_assignments: EngagementAssignmentsTable;
  migration_projects: MigrationProjectsTable;
  migration_batches: MigrationBatchesTable;
  migration_issues: MigrationIssuesTable;
  person_profiles: PersonProfilesTable;
  partner_profiles: PartnerProfilesTable;
  region_holidays: RegionHolidaysTable;
  referrals: ReferralsTable;
  meetings: MeetingsTable;
  meeting_attendees: MeetingAttendeesTable;
  bookings: BookingsTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
}

type Default<T> = ColumnType<T, T | undefined, T>;

export interface DateRange {
  from: string;
  to: string;
}
export interface HolidayJson {
  date: string;
  name: string;
}

export interface PersonProfilesTable {
  user_id: string;
  organisation_id: string;
  roles: Default<string[]>;
  languages: Default<string[]>;
  regions: Default<string[]>;
  workloads: Default<string[]>;
  capacity: Default<number>;
  /** weekly hours in the person's own time zone (users.time_zone); null = the region's hours */
  working_hours: ColumnType<unknown | null, string | null | undefined, string | null>;
  holidays: ColumnType<HolidayJson[], string | undefined, string>;
  away: ColumnType<DateRange[], string | undefined, string>;
  last_assigned_at: NullableTime;
  updated_at: Timestamp;
}

export interface PartnerProfilesTable {
  organisation_id: string;
  languages: Default<string[]>;
  countries: Default<string[]>;
  industries: Default<string[]>;
  min_seats: Default<number>;
  max_seats: ColumnType<number | null, number | null | undefined, number | null>;
  workloads: Default<string[]>;
  capacity: Default<number>;
  paused_until: ColumnType<string | null, string | null | undefined, string | null>;
  time_zone: Default<string>;
  business_hours: ColumnType<unknown | null, string | null | undefined, string | null>;
  holidays: ColumnType<HolidayJson[], string | undefined, string>;
  last_offered_at: NullableTime;
  updated_at: Timestamp;
}

export interface RegionHolidaysTable {
  region: string;
  date: string;
  name: string;
  source: Default<string>;
  created_at: Timestamp;
}

export type ReferralStatus = 'offered' | 'accepted' | 'declined' | 'expired' | 'withdrawn';
export interface ReferralsTable {
  id: string;
  engagement_id: string;
  partner_id: string;
  status: ReferralStatus;
  rank: number;
  score: ColumnType<string, number | string, number | string>;
  reasons: Json;
  offered_by: string | null;
  offered_at: Timestamp;
  due_at: Timestamp;
  answered_at: NullableTime;
  answered_by: ColumnType<string | null, string | null | undefined, string | null>;
  reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export type MeetingStatus = 'proposed' | 'scheduled' | 'cancelled';
export interface MeetingsTable {
  id: string;
  engagement_id: string;
  kind: string;
  series_index: Default<number>;
  status: MeetingStatus;
  starts_at: Timestamp;
  ends_at: Timestamp;
  time_zone: string;
  uid: string;
  sequence: Default<number>;
  /** the sequence whose invites went out */
  invited_sequence: ColumnType<number | null, number | null | undefined, number | null>;
  organiser_id: string | null;
  online_url: ColumnType<string | null, string | null | undefined, string | null>;
  online_meeting_id: ColumnType<string | null, string | null | undefined, string | null>;
  reason: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MeetingAttendeesTable {
  meeting_id: string;
  email: string;
  name: string;
  user_id: string | null;
  role: string;
  language: string;
  time_zone: string;
}

export interface BookingsTable {
  user_id: string;
  meeting_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: Timestamp;
  read_at: NullableTime;
}

export interface NotificationPreferencesTable {
  user_id: string;
  kind: string;
  email: Default<boolean>;
  in_app: Default<boolean>;
}

export type UserRow = Selectable<UsersTable>;
export type NewAudit = Insertable<AuditLogTable>;
