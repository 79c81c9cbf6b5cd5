/** Shapes of the engagement answers the server types loosely (detail, timeline, notes, migration). */
import type { RequestOrigin } from './RequestOrigins';

export type ClockState = 'due' | 'overdue' | 'met' | 'missed';
export type TaskOwner = 'center' | 'customer';
export type TaskStatus = 'not-started' | 'in-progress' | 'complete' | 'not-applicable';
export const TASK_STATUSES: readonly TaskStatus[] = [
  'not-started',
  'in-progress',
  'complete',
  'not-applicable',
];
export const WORKSTREAMS = [
  'engagement-management',
  'core-onboarding',
  'service-onboarding',
  'data-migration',
  'user-adoption',
] as const;
export const HEALTH = ['red', 'yellow', 'green', 'blue'] as const;
export type Health = (typeof HEALTH)[number];

export interface Bucket {
  l1: string;
  l2: string | null;
  count: number;
}

export interface WorkloadDetail {
  serviceRecordId: string;
  workload: string;
  name: string;
  phase: string;
  phaseName: string;
  phaseStartedAt: string;
  phases: string[];
  entitlementSeats: number;
  l1: string;
  buckets: Bucket[];
  targetDate: string | null;
  engagementStartDate: string | null;
  scenario: string;
  deliveryOwner: string;
  migration: boolean;
  migrationLevel: string;
  migrationSources: string[];
  activeUsers: number | null;
  completedAt: string | null;
  progress: { complete: number; total: number; percent: number };
}

export interface Assignment {
  id: string;
  workload: string | null;
  role: string;
  userId: string;
  name: string;
  email: string;
  organisationId: string;
  primary: boolean;
}

export interface NoteDue {
  type: string;
  name: string;
  lastAt: string | null;
  cadenceDays: number;
  dueOn: string;
  overdue: boolean;
}

export interface EngagementDetail {
  id: string;
  customer: { id: string; name: string };
  status: string;
  region: string | null;
  motions: { id: string; name: string }[];
  createdAt: string;
  nextActionOn: string | null;
  closedAt: string | null;
  workloads: WorkloadDetail[];
  workstreams: { id: string; complete: number; total: number }[];
  assignments: Assignment[];
  clocks: {
    firstContact: { state: ClockState; due: string; businessDaysLeft: number } | null;
    delay: { until: string; reason: string | null } | null;
  };
  notes: NoteDue[];
  motionHistory: { motion: string; change: string; at: string }[];
  /** the requests approved into it, with their approval (RequestOrigins.tsx) */
  requests: RequestOrigin[];
}

export interface Guidance {
  text: string;
  link: string | null;
  authorName: string | null;
  at: string;
}

export interface Task {
  id: string;
  templateId: number;
  name: string;
  workload: string | null;
  workstream: string;
  phase: string;
  mandatory: boolean;
  gate: boolean;
  owner: TaskOwner | string;
  role: string;
  assigneeUserId: string | null;
  status: TaskStatus | string;
  naReason: string | null;
  dueOn: string | null;
  dependsOn: string[];
  guidance: Guidance[];
  completedAt: string | null;
}

export interface TimelinePhase {
  phase: string;
  name: string;
  plannedStart: string;
  plannedEnd: string;
  actualStart: string | null;
  actualEnd: string | null;
}

export interface TimelineBatch {
  id: string;
  projectId: string;
  name: string;
  scheduledOn: string;
  status: string;
  users: number;
  migrated: number;
  failed: number;
  skipped: number;
  completedAt: string | null;
}

export interface TimelineWorkload {
  serviceRecordId: string;
  workload: string;
  name: string;
  currentPhase: string;
  phases: TimelinePhase[];
  tasks: Task[];
  batches: TimelineBatch[];
}

export interface Timeline {
  engagementId: string;
  workloads: TimelineWorkload[];
  engagementTasks: Task[];
}

export interface Note {
  id: string;
  type: string;
  typeName: string;
  workload: string | null;
  fields: Record<string, string>;
  body: string;
  health: string | null;
  authorName: string | null;
  at: string;
}

export interface MigrationBatch {
  id: string;
  name: string;
  scheduledOn: string;
  users: number;
  totalGb: number;
  status: string;
  migrated: number;
  failed: number;
  skipped: number;
  completedAt: string | null;
}

export interface MigrationProject {
  id: string;
  source: string;
  destination: string;
  scope: { users: number; mailboxes: number; gb: number };
  status: string;
  lastProgressAt: string;
  pausedAt: string | null;
  flaggedAt: string | null;
  progress: { users: number; migrated: number; failed: number; skipped: number; percent: number };
  batches: MigrationBatch[];
}

/** The parts of the programme document the portal reads (names in every language). */
export type LocalisedText = string | Record<string, string>;
export interface ProgrammeDocument {
  notes?: {
    types?: { id: string; name: LocalisedText; authorRoles: string[]; perWorkload: boolean }[];
  };
  migrationSources?: { id: string; name: LocalisedText }[];
}
