/** What intake checks before touching the database: the request's content against the programme. */
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

/** Problems with the request's content, independent of the database. */
export function checkIntake(
  programme: Programme,
  kind: string,
  input: CreateRequestInput,
  now: string,
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
    else if (w.plannedDate < now)
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
