/**
 * Engagements: "my engagements" (or all) for center staff, the organisation's own for a customer,
 * its customers' for a partner. Filters live in the address; the CSV download uses the same ones.
 */
import {
  Badge,
  Button,
  Link as FluentLink,
  Radio,
  RadioGroup,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title1,
} from '@fluentui/react-components';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { useT } from '../../i18n';
import { useFormat, useSession } from '../../session';
import { namer, useProgramme } from './data';
import { EngagementFilters, FILTER_KEYS, type FilterKey, type Filters } from './EngagementFilters';
import { ClockBadge, ProblemBar, useStyles } from './ui';

export function EngagementsPage() {
  const s = useStyles();
  const t = useT();
  const fmt = useFormat();
  const { me, language } = useSession();
  const center = me?.organisation?.kind === 'center';
  const [params, setParams] = useSearchParams();
  const filters: Filters = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) filters[k] = v;
  }
  const mine = center && params.get('owner') !== 'all';
  const query: Record<string, string> = { ...filters, ...(mine ? { owner: 'me' } : {}) };

  const list = useInfiniteQuery({
    queryKey: ['engagements', query, me?.organisation?.id, language],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const { data, error } = await api.GET('/api/engagements', {
        params: { query: { ...query, ...(pageParam ? { cursor: pageParam } : {}) } as never },
      });
      if (error) throw error;
      return data!;
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const programme = useProgramme().data;
  const motionName = namer(programme?.motions);
  const workloadName = namer(programme?.workloads);
  const phaseName = namer(programme?.phases);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  const setParam = (key: FilterKey | 'owner', value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const csv = `/api/engagements/export.csv?${new URLSearchParams(query).toString()}`;
  const title = center
    ? mine
      ? t('ui.engagements.titleMine')
      : t('ui.engagements.titleAll')
    : t('ui.engagements.title');

  return (
    <>
      <div className={s.pageHeader}>
        <div className={s.stack}>
          <Title1 as="h1">{title}</Title1>
          <Text className={s.subtitle}>
            {center ? t('ui.engagements.subtitleCenter') : t('ui.engagements.subtitle')}
          </Text>
        </div>
        <FluentLink href={csv} download="engagements.csv">
          {t('ui.engagements.downloadCsv')}
        </FluentLink>
      </div>
      {center && (
        <RadioGroup
          layout="horizontal"
          aria-label={t('ui.engagements.scope')}
          value={mine ? 'me' : 'all'}
          onChange={(_, d) => setParam('owner', d.value === 'all' ? 'all' : undefined)}
        >
          <Radio value="me" label={t('ui.engagements.scope.mine')} />
          <Radio value="all" label={t('ui.engagements.scope.all')} />
        </RadioGroup>
      )}
      <EngagementFilters filters={filters} onChange={setParam} />
      {list.isError && <ProblemBar problem={list.error} />}
      {list.isLoading ? (
        <Spinner label={t('ui.common.loading')} />
      ) : (
        <div className={s.tableWrap}>
          <Table aria-label={title} style={{ minWidth: '900px' }}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('ui.engagements.col.customer')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('ui.engagements.col.motions')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('ui.engagements.col.workloads')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('ui.engagements.col.primaryManager')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('ui.engagements.col.firstContact')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('ui.engagements.col.notes')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((e) => (
                <TableRow key={e.id} data-testid="engagement-row">
                  <TableCell>
                    <Link to={`/engagements/${e.id}`}>{e.customerName}</Link>
                  </TableCell>
                  <TableCell>{e.motions.map(motionName).join(', ')}</TableCell>
                  <TableCell>
                    <ul className={s.list} style={{ gap: 0 }}>
                      {e.workloads.map((w) => (
                        <li key={w.workload}>
                          {t('ui.engagements.workloadPhase', {
                            workload: workloadName(w.workload),
                            phase: phaseName(w.phase),
                          })}
                        </li>
                      ))}
                    </ul>
                  </TableCell>
                  <TableCell>{e.primaryManager ?? t('ui.engagements.unassigned')}</TableCell>
                  <TableCell>
                    <div className={s.stack} style={{ gap: 0 }}>
                      <span>
                        <ClockBadge state={e.firstContact} />
                      </span>
                      {e.firstContactDueAt && (e.firstContact === 'due' || e.firstContact === 'overdue') && (
                        <Text size={200}>
                          {t('ui.engagement.dueOn', { date: fmt.dateTime(e.firstContactDueAt) })}
                        </Text>
                      )}
                    </div>
                  </TableCell>
                  <TableCell>
                    {e.notesOverdue ? (
                      <Badge color="danger" appearance="filled">
                        {t('ui.engagements.notesOverdue')}
                      </Badge>
                    ) : e.noteDueOn ? (
                      <Text size={200}>{t('ui.engagement.dueOn', { date: fmt.date(e.noteDueOn) })}</Text>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {items.length === 0 && !list.isError && <Text role="status">{t('ui.engagements.empty')}</Text>}
        </div>
      )}
      <div className={s.row} style={{ marginTop: '12px' }}>
        <Text role="status" className={s.muted}>
          {t('ui.engagements.shown', { count: items.length })}
        </Text>
        {list.hasNextPage && (
          <Button onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? t('ui.common.loading') : t('ui.engagements.loadMore')}
          </Button>
        )}
      </div>
    </>
  );
}
