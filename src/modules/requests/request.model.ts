/** Request statuses, channels and the transitions between them (domain §3.3). */
import type { RequestStatus } from '../../platform/db/schema.ts';

export const CHANNELS = [
  'portal-quick-action',
  'deploy-card',
  'tenant-services-list',
  'need-help-widget',
  'partner-my-customers',
  'api',
  'center-on-behalf',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const STATUSES: readonly RequestStatus[] = [
  'submitted',
  'approved',
  'on-hold',
  'on-hold-pending-requestor-response',
  'cancelled',
];
export const OPEN_STATUSES: RequestStatus[] = ['submitted', 'on-hold', 'on-hold-pending-requestor-response'];

/** Which reason bank each target status draws from. */
export const REASON_BANK: Partial<
  Record<RequestStatus, 'approve' | 'hold' | 'pending-requestor-response' | 'cancel'>
> = {
  approved: 'approve',
  'on-hold': 'hold',
  'on-hold-pending-requestor-response': 'pending-requestor-response',
  cancelled: 'cancel',
};

/** Allowed moves. On Hold returns to review (submitted); Approved and Cancelled are final. */
export const TRANSITIONS: Record<RequestStatus, RequestStatus[]> = {
  submitted: ['approved', 'on-hold', 'on-hold-pending-requestor-response', 'cancelled'],
  'on-hold': ['submitted', 'approved', 'on-hold-pending-requestor-response', 'cancelled'],
  'on-hold-pending-requestor-response': ['submitted', 'on-hold', 'cancelled'],
  approved: [],
  cancelled: [],
};

export const formatNumber = (n: string | number) => `RFA-${String(n).padStart(6, '0')}`;

/** Contacts may be given as "same as requester". */
export type ContactInput =
  | { name: string; email: string; phone?: string; title?: string }
  | 'same-as-requester';

/** The fields a correction may change, in the order the history names them (update-request.ts). */
export const CHANGE_FIELDS = [
  'projectName',
  'serviceLocation',
  'preferredLanguage',
  'comments',
  'workloads',
  'options',
  'requester',
  'primaryContact',
  'businessSponsor',
] as const;
export type ChangeField = (typeof CHANGE_FIELDS)[number];

/** The catalogue key of each field's label, as the portal names it (history, emails). */
export const CHANGE_LABELS: Record<ChangeField, string> = {
  projectName: 'ui.wizard.details.projectName',
  serviceLocation: 'ui.wizard.details.serviceLocation',
  preferredLanguage: 'ui.wizard.details.preferredLanguage',
  comments: 'ui.request.comments',
  workloads: 'ui.request.workloads',
  options: 'ui.wizard.products.dataMigration',
  requester: 'ui.wizard.contacts.requester',
  primaryContact: 'ui.wizard.contacts.primary',
  businessSponsor: 'ui.wizard.contacts.sponsor',
};

/** Reminders sent to a requester who does not answer, before the reviewer is told (pending-reminders.ts). */
export const REMINDERS = 3;

/** How many sibling requests (the customer's other open requests) a request lists. */
export const SIBLING_LIMIT = 20;
