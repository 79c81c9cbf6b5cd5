/**
 * What intake checks before touching the database: the request's content against the programme;
 * and what intake and a correction derive from it alike (contacts, the duplicate fingerprint).
 */
import { createHash } from 'node:crypto';
import type { ContactJson } from '../../platform/db/schema.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import { isCalendarDate } from '../../platform/time/calendar-date.ts';
import type { Programme } from '../programme/programme.schema.ts';
import type { Channel, ContactInput } from './request.model.ts';

export interface CreateRequestInput {
  customerId: string;
  channel: Channel;
  projectName: string;
  serviceLocation: string;
  preferredLanguage: string;
  comments?: string;
  workloads: { workload: string; plannedDate: string; businessReason?: string }[];
  options: { dataMigration: boolean; migrationSources?: string[] };
  requester: { phone: string; title: string };
  primaryContact: ContactInput;
  businessSponsor: ContactInput;
}

/** Who may use which channel: the center files on behalf, partners from My Customers, anyone by API. */
function channelAllowed(channel: Channel, kind: string): boolean {
  if (channel === 'center-on-behalf') return kind === 'center';
  if (channel === 'partner-my-customers') return kind === 'partner';
  if (kind === 'center' || kind === 'partner') return channel === 'api';
  return true;
}

/**
 * Problems with the request's content, independent of the database. A correction passes the
 * workloads and dates the request already had (`workload@date`): those may lie in the past now.
 */
export function checkIntake(
  programme: Programme,
  kind: string,
  input: CreateRequestInput,
  now: string,
  kept: ReadonlySet<string> = new Set(),
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!channelAllowed(input.channel, kind))
    problems.push({ path: '/body/channel', key: 'errors.field.channelNotYours' });
  const seen = new Set<string>();
  input.workloads.forEach((w, i) => {
    const at = `/body/workloads/${i}`;
    if (!programme.workloads.some((x) => x.id === w.workload && x.kind === 'service'))
      problems.push({ path: `${at}/workload`, key: 'errors.field.unknownWorkload' });
    if (seen.has(w.workload)) problems.push({ path: `${at}/workload`, key: 'errors.field.duplicate' });
    seen.add(w.workload);
    if (!isCalendarDate(w.plannedDate))
      problems.push({ path: `${at}/plannedDate`, key: 'errors.field.format', values: { format: 'date' } });
    else if (w.plannedDate < now && !kept.has(`${w.workload}@${w.plannedDate}`))
      problems.push({ path: `${at}/plannedDate`, key: 'errors.field.dateInPast' });
  });
  const sources = input.options.migrationSources ?? [];
  if (sources.length > 0 && !input.options.dataMigration)
    problems.push({ path: '/body/options/migrationSources', key: 'errors.field.sourcesWithoutMigration' });
  if (input.options.dataMigration && sources.length === 0)
    problems.push({ path: '/body/options/migrationSources', key: 'errors.field.required' });
  sources.forEach((s, i) => {
    if (!programme.migrationSources.some((m) => m.id === s))
      problems.push({
        path: `/body/options/migrationSources/${i}`,
        key: 'errors.field.unknownMigrationSource',
      });
  });
  return problems;
}

/** A contact as stored: "same as requester" becomes the requester's name, email, phone and title. */
export function resolveContact(
  c: ContactInput,
  requester: { name: string; email: string },
  details: { phone: string; title: string },
): ContactJson {
  return c === 'same-as-requester'
    ? { name: requester.name, email: requester.email, phone: details.phone, title: details.title }
    : c;
}

/**
 * What makes two requests identical (domain §3.8): the same filer (person or API token), project,
 * workloads with their dates, options and contacts.
 */
export function requestFingerprint(
  filer: string,
  input: Pick<CreateRequestInput, 'projectName' | 'workloads' | 'options'>,
  primaryContact: ContactJson,
  businessSponsor: ContactJson,
): string {
  return createHash('sha256')
    .update(
      JSON.stringify({
        by: filer,
        project: input.projectName.trim().toLowerCase(),
        workloads: input.workloads.map((w) => `${w.workload}@${w.plannedDate}`).sort(),
        options: {
          dataMigration: input.options.dataMigration,
          sources: [...(input.options.migrationSources ?? [])].sort(),
        },
        contacts: [primaryContact.email.toLowerCase(), businessSponsor.email.toLowerCase()],
      }),
    )
    .digest('hex');
}
