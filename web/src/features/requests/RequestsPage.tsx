/**
 * /requests: "My requests" for customers and partners; for center staff the triage queue, oldest
 * first, with filters (status, channel, language, product, region, who claimed it, and a search by
 * customer, domain, tenant id, project or number) and "Load more".
 */
import {
  Button,
  Caption1,
  Card,
  Dropdown,
  Field,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  SearchBox,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title1,
  tokens,
} from '@fluentui/react-components';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { Choice } from '../../components/Choice';
import { plainList } from '../../components/styles';
import { NARROW, useMediaQuery } from '../../components/useMediaQuery';
import { useT } from '../../i18n';
import { useFormat, useSession } from '../../session';
import {
  type Channel,
  CHANNELS,
  FirstAnswer,
  LANGUAGES,
  problemDetail,
  type RequestListQuery,
  RouterButton,
  RouterLink,
  type Status,
  STATUSES,
  StatusBadge,
  useClaimLabel,
  useDisplayNames,
  useProgramme,
  useStatusLabel,
  WaitingMessage,
} from './common';
import { TakeNext } from './TakeNext';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  badges: {
    display: 'inline-flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalXS,
    alignItems: 'center',
    // the table's columns are fixed: a long badge wraps onto a second line and grows with it
    '& .fui-Badge': { height: 'auto', whiteSpace: 'normal', paddingTop: '1px', paddingBottom: '1px' },
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    flexWrap: 'wrap',
  },
  heading: { margin: 0 },
  filters: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(180px, 1fr))',
    gap: tokens.spacingHorizontalM,
    alignItems: 'end',
  },
  control: { minWidth: 0, width: '100%' },
  // the folding wrapper of the filters takes no box: its children stay cells of the grid
  contents: { display: 'contents' },
  card: { padding: 0, overflowX: 'auto' },
  table: { minWidth: '880px' },
  number: { whiteSpace: 'nowrap', fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
  footer: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: tokens.spacingHorizontalM,
  },
  cards: {
    ...plainList('0'),
    '& > li': {
      display: 'flex',
      flexDirection: 'column',
      gap: tokens.spacingVerticalXXS,
      padding: tokens.spacingHorizontalM,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
      overflowWrap: 'anywhere',
    },
  },
  cardTop: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  empty: {
    padding: tokens.spacingHorizontalXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    alignItems: 'flex-start',
  },
});

const PAGE_SIZE = 50;

const CLAIMED = ['me', 'nobody', 'someone'] as const;
type Claimed = (typeof CLAIMED)[number];

interface Filters {
  status: Status[];
  channel: string;
  language: string;
  workload: string;
  region: string;
  claimed: string;
  messages: string;
  response: string;
  q: string;
}
const NO_FILTERS: Filters = {
  status: [],
  channel: '',
  language: '',
  workload: '',
  region: '',
  claimed: '',
  messages: '',
  response: '',
  q: '',
};

function readFilters(params: URLSearchParams): Filters {
  return {
    status: (params.get('status') ?? '')
      .split(',')
      .filter((x): x is Status => (STATUSES as string[]).includes(x)),
    channel: params.get('channel') ?? '',
    language: params.get('language') ?? '',
    workload: params.get('workload') ?? '',
    region: params.get('region') ?? '',
    claimed: params.get('claimed') ?? '',
    messages: params.get('messages') ?? '',
    response: params.get('response') ?? '',
    q: params.get('q') ?? '',
  };
}

function toQuery(f: Filters): RequestListQuery {
  return {
    ...(f.status.length ? { status: f.status } : {}),
    ...((CHANNELS as string[]).includes(f.channel) ? { channel: f.channel as Channel } : {}),
    ...((LANGUAGES as readonly string[]).includes(f.language)
      ? { language: f.language as RequestListQuery['language'] }
      : {}),
    ...(f.workload ? { workload: f.workload } : {}),
    ...(f.region ? { region: f.region } : {}),
    ...((CLAIMED as readonly string[]).includes(f.claimed) ? { claimed: f.claimed as Claimed } : {}),
    ...(f.messages === 'waiting' || f.messages === 'overdue' ? { messages: f.messages } : {}),
    ...(f.response === 'awaiting' || f.response === 'overdue' ? { response: f.response } : {}),
    ...(f.q.trim() ? { q: f.q.trim() } : {}),
  };
}

/** The queue's CSV export with the same filters (a list is sent as the parameter repeated). */
function csvUrl(query: RequestListQuery): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    for (const x of Array.isArray(v) ? v : [v]) if (x !== undefined) params.append(k, String(x));
  return `/api/requests/export.csv?${params}`;
}

function QueueFilters({
  filters,
  onChange,
}: {
  filters: Filters;
  onChange: (patch: Partial<Filters>) => void;
}) {
  const s = useStyles();
  const t = useT();
  const statusLabel = useStatusLabel();
  const names = useDisplayNames();
  const { programme } = useProgramme();
  const [search, setSearch] = useState(filters.q);
  useEffect(() => setSearch(filters.q), [filters.q]);
  useEffect(() => {
    if (search === filters.q) return;
    const id = setTimeout(() => onChange({ q: search }), 300);
    return () => clearTimeout(id);
  }, [search, filters.q, onChange]);
  // on a phone the search stays, the other filters fold behind a button that counts those set
  const narrow = useMediaQuery(NARROW);
  const [open, setOpen] = useState(false);
  const set = Object.entries(filters).filter(([k, v]) => k !== 'q' && v.length > 0).length;
  const all = t('ui.requests.filter.all');
  const one = (
    key: 'channel' | 'language' | 'workload' | 'region' | 'claimed' | 'messages' | 'response',
    label: string,
    options: readonly { id: string; name: string }[],
  ) => (
    <Choice
      label={label}
      value={filters[key]}
      options={options}
      onChange={(v) => onChange({ [key]: v ?? '' })}
      anyLabel={all}
      className={s.control}
    />
  );
  return (
    <search className={s.filters} aria-label={t('ui.requests.filter.label')}>
      <Field label={t('ui.requests.filter.search')}>
        <SearchBox
          className={s.control}
          placeholder={t('ui.requests.filter.searchPlaceholder')}
          value={search}
          onChange={(_, d) => setSearch(d.value)}
        />
      </Field>
      {narrow && (
        <Button
          aria-expanded={open}
          aria-controls={open ? 'queue-filters' : undefined}
          onClick={() => setOpen(!open)}
        >
          {t('ui.requests.filter.toggle', { count: set })}
        </Button>
      )}
      {(!narrow || open) && (
        <div id="queue-filters" className={s.contents}>
          <Field label={t('ui.requests.filter.status')}>
            <Dropdown
              className={s.control}
              multiselect
              placeholder={all}
              value={filters.status.map((x) => statusLabel(x)).join(', ')}
              selectedOptions={filters.status}
              onOptionSelect={(_, d) => onChange({ status: d.selectedOptions as Status[] })}
            >
              {STATUSES.map((x) => (
                <Option key={x} value={x}>
                  {statusLabel(x)}
                </Option>
              ))}
            </Dropdown>
          </Field>
          {one(
            'channel',
            t('ui.requests.filter.channel'),
            CHANNELS.map((c) => ({ id: c, name: t(`ui.requests.channel.${c}`) })),
          )}
          {one(
            'language',
            t('ui.requests.filter.language'),
            LANGUAGES.map((l) => ({ id: l, name: names.language(l) })),
          )}
          {one(
            'workload',
            t('ui.requests.filter.workload'),
            (programme?.workloads ?? []).filter((w) => w.kind === 'service'),
          )}
          {one('region', t('ui.requests.filter.region'), programme?.regions ?? [])}
          {one('claimed', t('ui.requests.col.claimed'), [
            { id: 'me', name: t('ui.requests.claimedByYou') },
            { id: 'nobody', name: t('ui.requests.unclaimed') },
            { id: 'someone', name: t('ui.requests.claimed') },
          ])}
          {one('messages', t('ui.requests.filter.messages'), [
            { id: 'waiting', name: t('ui.requests.messageFromRequester') },
            { id: 'overdue', name: t('ui.requests.replyOverdue') },
          ])}
          {one('response', t('ui.request.firstAnswer.label'), [
            { id: 'awaiting', name: t('ui.requests.response.awaiting') },
            { id: 'overdue', name: t('ui.requests.response.overdue') },
          ])}
          <Button
            appearance="secondary"
            disabled={JSON.stringify(filters) === JSON.stringify(NO_FILTERS)}
            onClick={() => {
              setSearch('');
              onChange(NO_FILTERS);
            }}
          >
            {t('ui.requests.filter.clear')}
          </Button>
        </div>
      )}
    </search>
  );
}

export function RequestsPage() {
  const s = useStyles();
  const t = useT();
  const claimLabel = useClaimLabel();
  const format = useFormat();
  const names = useDisplayNames();
  const { me } = useSession();
  const kind = me?.organisation?.kind;
  const isCenter = kind === 'center';
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const query = isCenter ? toQuery(filters) : {};
  const queryJson = JSON.stringify(query);

  const onChange = useCallback(
    (patch: Partial<Filters>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            const value = Array.isArray(v) ? v.join(',') : String(v ?? '');
            if (value) next.set(k, value);
            else next.delete(k);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  const list = useInfiniteQuery({
    queryKey: ['requests', 'list', me?.organisation?.id, queryJson],
    queryFn: async ({ pageParam }) => {
      const { data, error } = await api.GET('/api/requests', {
        params: { query: { ...query, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
      });
      if (error) throw error;
      return data;
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled: !!me?.organisation,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const canRequest = kind === 'customer' || kind === 'partner';
  const title = t(isCenter ? 'ui.requests.queueTitle' : 'ui.requests.title');
  const narrow = useMediaQuery(NARROW);

  return (
    <div className={s.page}>
      <div className={s.header}>
        <Title1 as="h1" className={s.heading}>
          {title}
        </Title1>
        {canRequest && (
          <RouterButton appearance="primary" to="/requests/new">
            {t('ui.requests.new')}
          </RouterButton>
        )}
        {isCenter && (
          <Link href={csvUrl(query)} download="requests.csv">
            {t('ui.requests.downloadCsv')}
          </Link>
        )}
        {isCenter && <TakeNext filter={filters} />}
      </div>
      {isCenter && <QueueFilters filters={filters} onChange={onChange} />}
      {list.error && (
        <MessageBar intent="error">
          <MessageBarBody>{problemDetail(list.error) ?? t('ui.requests.loadFailed')}</MessageBarBody>
        </MessageBar>
      )}
      {list.isLoading && <Spinner label={t('ui.requests.loading')} />}
      {list.data && (
        <Card className={s.card}>
          {items.length === 0 ? (
            <div className={s.empty}>
              <Text>{t(isCenter ? 'ui.requests.emptyQueue' : 'ui.requests.empty')}</Text>
            </div>
          ) : narrow ? (
            <ul className={s.cards} aria-label={title}>
              {items.map((r) => (
                <li key={r.id} data-testid="request-card">
                  <div className={s.cardTop}>
                    <RouterLink to={`/requests/${r.id}`} className={s.number}>
                      {r.number}
                    </RouterLink>
                    <StatusBadge status={r.status} label={r.statusLabel} />
                    <WaitingMessage request={r} center={isCenter} />
                  </div>
                  <Text weight="semibold">{r.projectName}</Text>
                  <Caption1>
                    {r.customerName} · {format.date(r.createdAt)}
                  </Caption1>
                  <Caption1 className={s.muted}>{r.workloads.map((w) => w.name).join(', ')}</Caption1>
                  {isCenter && (
                    <Caption1 className={s.muted}>
                      {t(`ui.requests.channel.${r.channel}`)} · {names.language(r.preferredLanguage)} ·{' '}
                      {claimLabel(r)}
                    </Caption1>
                  )}
                  {r.response && <FirstAnswer response={r.response} compact />}
                </li>
              ))}
            </ul>
          ) : (
            <Table className={s.table} aria-label={title}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('ui.requests.col.number')}</TableHeaderCell>
                  <TableHeaderCell>{t('ui.requests.col.project')}</TableHeaderCell>
                  <TableHeaderCell>{t('ui.requests.col.customer')}</TableHeaderCell>
                  <TableHeaderCell>{t('ui.requests.col.workloads')}</TableHeaderCell>
                  <TableHeaderCell>{t('ui.requests.col.status')}</TableHeaderCell>
                  {isCenter && <TableHeaderCell>{t('ui.requests.col.channel')}</TableHeaderCell>}
                  {isCenter && <TableHeaderCell>{t('ui.requests.col.language')}</TableHeaderCell>}
                  {isCenter && <TableHeaderCell>{t('ui.requests.col.claimed')}</TableHeaderCell>}
                  <TableHeaderCell>{t('ui.requests.col.filed')}</TableHeaderCell>
                  <TableHeaderCell>{t('ui.request.firstAnswer.label')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((r) => (
                  <TableRow key={r.id}>
                    <TableCell>
                      <RouterLink to={`/requests/${r.id}`} className={s.number}>
                        {r.number}
                      </RouterLink>
                    </TableCell>
                    <TableCell>{r.projectName}</TableCell>
                    <TableCell>{r.customerName}</TableCell>
                    <TableCell>{r.workloads.map((w) => w.name).join(', ')}</TableCell>
                    <TableCell>
                      <span className={s.badges}>
                        <StatusBadge status={r.status} label={r.statusLabel} />
                        <WaitingMessage request={r} center={isCenter} />
                      </span>
                    </TableCell>
                    {isCenter && <TableCell>{t(`ui.requests.channel.${r.channel}`)}</TableCell>}
                    {isCenter && <TableCell>{names.language(r.preferredLanguage)}</TableCell>}
                    {isCenter && <TableCell>{claimLabel(r)}</TableCell>}
                    <TableCell>{format.date(r.createdAt)}</TableCell>
                    <TableCell>
                      <FirstAnswer response={r.response} compact />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          <div className={s.footer}>
            <Text className={s.muted} aria-live="polite">
              {t('ui.requests.count', { count: items.length })}
            </Text>
            {list.hasNextPage && (
              <Button onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
                {t('ui.requests.loadMore')}
              </Button>
            )}
            {list.isFetching && !list.isLoading && <Spinner size="tiny" />}
          </div>
        </Card>
      )}
    </div>
  );
}
