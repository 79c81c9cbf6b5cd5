/**
 * Home, by who is signed in: a customer sees quick actions, a deploy card per workload (eligibility
 * with its reason, current phase and progress) and its services with "ask the center for help"; a
 * partner sees "My Customers"; center staff see their queue and engagements.
 */
import {
  Badge,
  Button,
  Card,
  CardHeader,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Spinner,
  Text,
  Title1,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { useDebounced } from '../../components/useDebounced';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { TakeNext } from '../requests/TakeNext';

const useStyles = makeStyles({
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, margin: `${tokens.spacingVerticalL} 0` },
  grid: {
    display: 'grid',
    gap: tokens.spacingHorizontalL,
    gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))',
    margin: `${tokens.spacingVerticalM} 0`,
  },
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: {
    listStyleType: 'none',
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  links: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  row: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
  },
});

export function Home() {
  const { me } = useSession();
  if (me?.organisation?.kind === 'partner') return <PartnerHome />;
  if (me?.organisation?.kind === 'center') return <CenterHome />;
  return <CustomerHome />;
}

function CustomerHome() {
  const s = useStyles();
  const navigate = useNavigate();
  const t = useT();
  const { me, language } = useSession();
  const customerId = me?.organisation?.id ?? '';
  const eligibility = useQuery({
    queryKey: ['eligibility', customerId, language],
    queryFn: async () =>
      (await api.GET('/api/customers/{id}/eligibility', { params: { path: { id: customerId } } })).data,
    enabled: !!customerId,
  });
  const engagement = useQuery({
    queryKey: ['home-engagement', customerId, language],
    queryFn: async () => {
      const list = (await api.GET('/api/engagements', { params: { query: { customerId } } })).data;
      const id = list?.items[0]?.id;
      return id ? (await api.GET('/api/engagements/{id}', { params: { path: { id } } })).data : null;
    },
    enabled: !!customerId,
  });
  const detail = engagement.data as
    | { id: string; workloads: { workload: string; phaseName: string; progress: { percent: number } }[] }
    | null
    | undefined;
  // requests on which FastTrack waits for this customer's answer
  const waiting = useQuery({
    queryKey: ['requests', 'list', 'waiting', customerId, language],
    queryFn: async () =>
      (
        await api.GET('/api/requests', {
          params: { query: { status: ['on-hold-pending-requestor-response'], limit: 5 } },
        })
      ).data,
    enabled: !!customerId,
  });
  const waitingItems = waiting.data?.items ?? [];
  // open requests on which FastTrack wrote last: a message waits for this customer
  const written = useQuery({
    queryKey: ['requests', 'list', 'messages', customerId, language],
    queryFn: async () =>
      (await api.GET('/api/requests', { params: { query: { messages: 'waiting', limit: 5 } } })).data,
    enabled: !!customerId,
  });
  const writtenItems = (written.data?.items ?? []).filter((r) => !waitingItems.some((w) => w.id === r.id));
  return (
    <>
      <Title1 as="h1">{t('ui.home.welcome', { organisation: me?.organisation?.name ?? '' })}</Title1>
      <div className={s.actions}>
        <Button appearance="primary" onClick={() => navigate('/requests/new')}>
          {t('ui.home.requestAssistance')}
        </Button>
        <Link to="/requests">{t('ui.nav.myRequests')}</Link>
        <Link to={`/customers/${customerId}/subscriptions`}>{t('ui.subscriptions.link')}</Link>
        {detail && <Link to={`/engagements/${detail.id}`}>{t('ui.home.openEngagement')}</Link>}
      </div>
      <RequestsBar
        testId="waiting-reply"
        intent="warning"
        text={t('ui.home.waitingReply', { count: waitingItems.length })}
        items={waitingItems}
      />
      <RequestsBar
        testId="messages-waiting"
        intent="info"
        text={t('ui.home.messagesWaiting', { count: writtenItems.length })}
        items={writtenItems}
      />
      <Title3 as="h2">{t('ui.home.deployCards')}</Title3>
      {eligibility.isLoading && <Spinner label={t('ui.common.loading')} />}
      <div className={s.grid}>
        {eligibility.data?.workloads.map((w) => {
          const progress = detail?.workloads.find((x) => x.workload === w.workload);
          const reason = w.rules.find((r) => r.outcome === 'fail') ?? w.rules[0];
          return (
            <Card key={w.workload} className={s.card} data-testid="deploy-card">
              <CardHeader
                header={<Text weight="semibold">{w.name}</Text>}
                action={
                  <Badge color={w.eligible ? 'success' : 'warning'}>
                    {w.eligible ? t('ui.home.eligible') : t('ui.home.notEligible')}
                  </Badge>
                }
              />
              {reason && <Text size={200}>{reason.message}</Text>}
              {progress ? (
                <>
                  <Text>{t('ui.home.phase', { phase: progress.phaseName })}</Text>
                  <ProgressBar
                    value={progress.progress.percent / 100}
                    aria-label={t('ui.home.progress', {
                      workload: w.name,
                      percent: progress.progress.percent,
                    })}
                  />
                </>
              ) : (
                w.eligible && (
                  <Link to={`/requests/new?workload=${encodeURIComponent(w.workload)}`}>
                    {t('ui.home.askForHelp', { workload: w.name })}
                  </Link>
                )
              )}
            </Card>
          );
        })}
      </div>
    </>
  );
}

function PartnerHome() {
  const s = useStyles();
  const t = useT();
  const [q, setQ] = useState('');
  const term = useDebounced(q.trim());
  const customers = useQuery({
    queryKey: ['my-customers', term],
    queryFn: async () =>
      (
        await api.GET('/api/organisations', {
          params: { query: { kind: 'customer', q: term || undefined } },
        })
      ).data,
    // the list stays while the next answer comes
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <Title1 as="h1">{t('ui.partner.myCustomers')}</Title1>
      <div className={s.actions}>
        <Link to="/relationships">{t('ui.relationships.askAccess')}</Link>
      </div>
      <Input
        aria-label={t('ui.partner.search')}
        placeholder={t('ui.partner.search')}
        value={q}
        onChange={(_, d) => setQ(d.value)}
      />
      <ul className={s.list}>
        {customers.data?.items.map((c) => (
          <li key={c.id} className={s.row} data-testid="customer-row">
            <Text weight="semibold">{c.name}</Text>
            <span className={s.links}>
              <Link to={`/customers/${c.id}/subscriptions`}>
                {t('ui.subscriptions.title', { customer: c.name })}
              </Link>
              <Link to={`/requests/new?customer=${c.id}`}>
                {t('ui.partner.requestFor', { customer: c.name })}
              </Link>
            </span>
          </li>
        ))}
      </ul>
      {customers.data?.items.length === 0 && <Text>{t('ui.partner.none')}</Text>}
    </>
  );
}

function CenterHome() {
  const s = useStyles();
  const t = useT();
  const queue = useQuery({
    queryKey: ['center-queue-count'],
    queryFn: async () =>
      (await api.GET('/api/requests', { params: { query: { status: ['submitted'], limit: 200 } } })).data,
  });
  const mine = useQuery({
    queryKey: ['center-mine'],
    queryFn: async () => (await api.GET('/api/engagements', { params: { query: { owner: 'me' } } })).data,
  });
  return (
    <>
      <Title1 as="h1">{t('ui.center.title')}</Title1>
      <div className={s.grid}>
        <Card className={s.card}>
          <Title3 as="h2">{t('ui.center.queue')}</Title3>
          <Text size={600}>{queue.data?.items.length ?? '…'}</Text>
          <Link to="/requests">{t('ui.center.openQueue')}</Link>
          <TakeNext />
        </Card>
        <Card className={s.card}>
          <Title3 as="h2">{t('ui.center.myEngagements')}</Title3>
          <Text size={600}>{mine.data?.items.length ?? '…'}</Text>
          <Link to="/engagements">{t('ui.center.openEngagements')}</Link>
        </Card>
      </div>
    </>
  );
}

/** A message naming requests that wait for the customer, each linked; nothing when there are none. */
function RequestsBar({
  testId,
  intent,
  text,
  items,
}: {
  testId: string;
  intent: 'warning' | 'info';
  text: string;
  items: readonly { id: string; number: string; projectName: string }[];
}) {
  if (items.length === 0) return null;
  return (
    <MessageBar intent={intent} data-testid={testId}>
      <MessageBarBody>
        {text}{' '}
        {items.map((r, i) => (
          <span key={r.id}>
            {i > 0 && ', '}
            <Link to={`/requests/${r.id}`}>{`${r.number} (${r.projectName})`}</Link>
          </span>
        ))}
      </MessageBarBody>
    </MessageBar>
  );
}
