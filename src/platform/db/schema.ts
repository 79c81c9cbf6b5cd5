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
}

export type UserRow = Selectable<UsersTable>;
export type NewAudit = Insertable<AuditLogTable>;
