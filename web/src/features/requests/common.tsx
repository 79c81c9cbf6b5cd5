/** Shared pieces of the request pages: API types, programme look-ups, status badges, router links. */
import { Badge, Button, type ButtonProps, Caption1, Link, type LinkProps } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import type { MouseEvent, ReactNode } from 'react';
import { useHref, useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import type { paths } from '../../api/schema';
import { type Language, LANGUAGES, useT } from '../../i18n';
import { useFormat, useSession } from '../../session';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type RequestDetailData = Json<paths['/api/requests/{id}']['get']['responses'][200]>;
export type RequestSummary = Json<paths['/api/requests']['get']['responses'][200]>['items'][number];
export type RequestListQuery = NonNullable<paths['/api/requests']['get']['parameters']['query']>;
export type CreateRequestBody = paths['/api/requests']['post']['requestBody']['content']['application/json'];
export type EligibilityAnswer = Json<paths['/api/customers/{id}/eligibility']['get']['responses'][200]>;
export type Reasons = Json<paths['/api/requests/reasons']['get']['responses'][200]>;
export type Channel = CreateRequestBody['channel'];
export type Status = RequestSummary['status'];

export const STATUSES: Status[] = [
  'submitted',
  'on-hold',
  'on-hold-pending-requestor-response',
  'approved',
  'cancelled',
];
export const OPEN_STATUSES: Status[] = ['submitted', 'on-hold', 'on-hold-pending-requestor-response'];
export const CHANNELS: Channel[] = [
  'portal-quick-action',
  'deploy-card',
  'tenant-services-list',
  'need-help-widget',
  'partner-my-customers',
  'api',
  'center-on-behalf',
];
export { LANGUAGES };
export type { Language };

/** The channel a request filed in the portal comes in by, from the filer's organisation. */
export function channelFor(kind: string | undefined): Channel {
  if (kind === 'partner') return 'partner-my-customers';
  if (kind === 'center') return 'center-on-behalf';
  return 'portal-quick-action';
}

/** A problem+json answer's detail (already in the reader's language), if any. */
export function problemDetail(error: unknown): string | undefined {
  const p = error as { detail?: string; title?: string } | undefined;
  return p?.detail ?? p?.title;
}

type LocalisedText = Record<string, string> | string | undefined;
export const pickText = (text: LocalisedText, language: string): string =>
  typeof text === 'string' ? text : (text?.[language] ?? text?.en ?? '');

export interface ProgrammeWorkload {
  id: string;
  name: string;
  kind: string;
  retired: boolean;
  migrationSources: string[];
}
export interface ProgrammeSource {
  id: string;
  name: string;
  kind: string;
  destinations: string[];
}
export interface ProgrammeView {
  /** every workload, names in the reader's language */
  workloads: ProgrammeWorkload[];
  /** the workloads a request may ask for (service workloads still offered) */
  requestable: ProgrammeWorkload[];
  migrationSources: ProgrammeSource[];
  /** every country the programme's regions cover (ISO 3166-1 alpha-2) */
  countries: string[];
  /** the programme's regions, names in the reader's language */
  regions: { id: string; name: string }[];
}

interface ProgrammeDocument {
  workloads?: {
    id: string;
    name: LocalisedText;
    kind?: string;
    retired?: boolean;
    migrationSources?: string[];
  }[];
  migrationSources?: { id: string; name: LocalisedText; kind: string; destinations: string[] }[];
}

/**
 * The programme as the request pages need it: workload names come localised from GET /api/programme;
 * kinds, migration sources and their names (in 12 languages) from the programme document.
 */
export function useProgramme() {
  const { language } = useSession();
  const summary = useQuery({
    queryKey: ['programme', language],
    queryFn: async () => {
      const { data, error } = await api.GET('/api/programme');
      if (error) throw error;
      return data;
    },
    staleTime: 10 * 60_000,
  });
  const document = useQuery({
    queryKey: ['programme-document'],
    queryFn: async () => {
      const { data, error } = await api.GET('/api/programme/document');
      if (error) throw error;
      return data.programme as ProgrammeDocument;
    },
    staleTime: 10 * 60_000,
  });
  let view: ProgrammeView | undefined;
  if (summary.data) {
    const doc = document.data;
    const workloads: ProgrammeWorkload[] = summary.data.workloads.map((w) => {
      const d = doc?.workloads?.find((x) => x.id === w.id);
      return {
        id: w.id,
        name: w.name || pickText(d?.name, language) || w.id,
        kind: d?.kind ?? 'service',
        retired: d?.retired ?? false,
        migrationSources: d?.migrationSources ?? [],
      };
    });
    const countries = [...new Set(summary.data.regions.flatMap((r) => r.countries))];
    view = {
      workloads,
      requestable: workloads.filter((w) => w.kind === 'service' && !w.retired),
      migrationSources: (doc?.migrationSources ?? []).map((s) => ({
        id: s.id,
        name: pickText(s.name, language) || s.id,
        kind: s.kind,
        destinations: s.destinations,
      })),
      countries,
      regions: summary.data.regions.map((r) => ({ id: r.id, name: r.name || r.id })),
    };
  }
  return {
    programme: view,
    isLoading: summary.isLoading || document.isLoading,
    error: summary.error ?? document.error,
  };
}

/** Names of languages and countries in the reader's language (from the browser's Intl data). */
export function useDisplayNames() {
  const { language } = useSession();
  const languages = new Intl.DisplayNames([language], { type: 'language', fallback: 'code' });
  const regions = new Intl.DisplayNames([language], { type: 'region', fallback: 'code' });
  return {
    language: (code: string) => languages.of(code) ?? code,
    country: (code: string) => regions.of(code) ?? code,
  };
}

export function useReasons(enabled: boolean) {
  const { language } = useSession();
  return useQuery({
    queryKey: ['request-reasons', language],
    queryFn: async () => {
      const { data, error } = await api.GET('/api/requests/reasons');
      if (error) throw error;
      return data;
    },
    enabled,
    staleTime: 10 * 60_000,
  });
}

const STATUS_COLOUR: Record<string, 'brand' | 'success' | 'warning' | 'danger' | 'informative' | 'subtle'> = {
  submitted: 'brand',
  approved: 'success',
  'on-hold': 'warning',
  'on-hold-pending-requestor-response': 'warning',
  cancelled: 'subtle',
};

/** Who claimed a request, for the reader: nobody yet, the reader, or the reviewer's name (center staff see it). */
export function useClaimLabel() {
  const t = useT();
  const { me } = useSession();
  return (r: { claimedBy: string | null; claimedByName: string | null }) =>
    !r.claimedBy
      ? t('ui.requests.unclaimed')
      : r.claimedBy === me?.user.id
        ? t('ui.requests.claimedByYou')
        : (r.claimedByName ?? t('ui.requests.claimed'));
}

/** A status label: the API's localised label when given, else the catalogue's. */
export function useStatusLabel() {
  const t = useT();
  return (status: string, label?: string | null) => label || t(`requests.status.${status}`);
}

export function StatusBadge({ status, label }: { status: string; label?: string | null }) {
  const statusLabel = useStatusLabel();
  return (
    <Badge appearance="tint" color={STATUS_COLOUR[status] ?? 'informative'} shape="rounded">
      {statusLabel(status, label)}
    </Badge>
  );
}

const plainClick = (e: MouseEvent) => e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey;

/** A Fluent link that navigates inside the portal. */
export function RouterLink({
  to,
  children,
  ...rest
}: { to: string; children: ReactNode } & Pick<
  LinkProps,
  'className' | 'inline' | 'appearance' | 'aria-label'
> & {
    'data-testid'?: string;
  }) {
  const navigate = useNavigate();
  const href = useHref(to);
  return (
    <Link
      {...rest}
      href={href}
      onClick={(e: MouseEvent<HTMLAnchorElement>) => {
        if (!plainClick(e)) return;
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </Link>
  );
}

/** A Fluent button that is a link inside the portal. */
export function RouterButton({
  to,
  children,
  ...rest
}: { to: string; children: ReactNode } & Omit<ButtonProps, 'href' | 'as'>) {
  const navigate = useNavigate();
  const href = useHref(to);
  return (
    <Button
      {...(rest as object)}
      as="a"
      href={href}
      onClick={(e: MouseEvent<HTMLAnchorElement>) => {
        if (!plainClick(e)) return;
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </Button>
  );
}

/**
 * In a list: a message waits for the reader's side — from the requester's side for the center, from
 * FastTrack for the customer and its partner (the request's latest history entry is that message).
 */
export function WaitingMessage({ request, center }: { request: RequestSummary; center: boolean }) {
  const t = useT();
  const last = request.lastEntry;
  if (last?.kind !== 'message' || last.byCenter === center || !OPEN_STATUSES.includes(request.status))
    return null;
  return (
    <>
      <Badge appearance="tint" color="important" data-testid="waiting-message">
        {t(center ? 'ui.requests.messageFromRequester' : 'ui.requests.messageFromCenter')}
      </Badge>
      {center && request.reply?.state === 'overdue' && (
        <Badge appearance="tint" color="danger" data-testid="reply-overdue">
          {t('ui.requests.replyOverdue')}
        </Badge>
      )}
    </>
  );
}

const FIRST_ANSWER_COLOUR = {
  due: 'informative',
  overdue: 'danger',
  met: 'success',
  missed: 'warning',
} as const;

/**
 * The first-answer clock of a request: by when FastTrack's first answer is expected (the programme's
 * response time in business days of the customer's region), how late it is, or when it came. `compact`:
 * the badge and one line, for lists.
 */
export function FirstAnswer({
  response,
  compact = false,
}: {
  response: RequestSummary['response'];
  compact?: boolean;
}) {
  const t = useT();
  const format = useFormat();
  if (!response) return <span>—</span>;
  const { state } = response;
  const line =
    state === 'due'
      ? t('ui.request.firstAnswer.dueBy', { date: format.dateTime(response.due) })
      : state === 'overdue'
        ? t('ui.request.firstAnswer.wasDue', { date: format.dateTime(response.due) })
        : t('ui.request.firstAnswer.answeredAt', {
            date: format.dateTime(response.respondedAt ?? response.due),
          });
  return (
    <span
      data-testid="first-answer"
      data-state={state}
      style={{ display: 'inline-flex', flexDirection: 'column', alignItems: 'flex-start', gap: '2px' }}
    >
      <Badge appearance="tint" color={FIRST_ANSWER_COLOUR[state]}>
        {t(`ui.request.firstAnswer.${state}`)}
      </Badge>
      <Caption1>
        {compact && state === 'overdue'
          ? t('ui.engagement.clocks.businessDaysOver', { count: -response.businessDaysLeft })
          : line}
      </Caption1>
      {!compact && state === 'overdue' && (
        <Caption1>
          {t('ui.engagement.clocks.businessDaysOver', { count: -response.businessDaysLeft })}
        </Caption1>
      )}
    </span>
  );
}
