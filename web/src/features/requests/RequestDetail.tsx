/**
 * /requests/:id — one request: status, customer, workloads with planned dates, options, contacts,
 * eligibility, the decision (with the engagement), related requests and the history; center staff
 * claim and decide from here.
 */
import {
  Caption1,
  Card,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle1,
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
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { useT } from '../../i18n';
import { useFormat, useSession } from '../../session';
import {
  FirstAnswer,
  OPEN_STATUSES,
  problemDetail,
  type RequestDetailData,
  RouterLink,
  StatusBadge,
  useClaimLabel,
  useDisplayNames,
  useProgramme,
  useStatusLabel,
} from './common';
import {
  ContactFacts,
  DecisionLists,
  type DecisionView,
  MigrationFact,
  useFactStyles,
} from './DecisionLists';
import { EligibilityView } from './EligibilityPanel';
import { REVIEWER_ROLES, RequestActions } from './RequestActions';
import { MessageForm } from './MessageForm';
import { RequestHistory } from './RequestHistory';
import { ReviewPanel } from './ReviewPanel';
import { plainList } from '../../components/styles';

const useOwnStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  header: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  titleRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  heading: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 420px), 1fr))',
    gap: tokens.spacingHorizontalL,
    alignItems: 'start',
  },
  wide: { gridColumn: '1 / -1' },
  plain: plainList(tokens.spacingVerticalS),
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  tableWrap: { overflowX: 'auto' },
});

const useStyles = () => ({ ...useFactStyles(), ...useOwnStyles() });

function Section({ title, children, wide }: { title: string; children: ReactNode; wide?: boolean }) {
  const s = useStyles();
  return (
    <Card className={mergeClasses(s.card, wide && s.wide)} role="region" aria-label={title}>
      <Subtitle1 as="h2" className={s.heading}>
        {title}
      </Subtitle1>
      {children}
    </Card>
  );
}

function DecisionSection({
  request,
  workloadName,
}: {
  request: RequestDetailData;
  workloadName: (id: string) => string;
}) {
  const s = useStyles();
  const t = useT();
  const format = useFormat();
  const decision = (request.decision ?? {}) as DecisionView;
  const engagementId = decision.engagementId ?? request.engagementId;
  return (
    <Section title={t('ui.request.decision')} wide>
      {engagementId && (
        <div className={s.row}>
          <Text>{t('ui.request.engagementIntro')}</Text>
          <RouterLink to={`/engagements/${engagementId}`} data-testid="engagement-link">
            {t('ui.request.engagementLink')}
          </RouterLink>
        </div>
      )}
      {decision.decidedAt && (
        <Caption1 className={s.muted}>
          {t('ui.request.decidedAt', { date: format.dateTime(decision.decidedAt) })}
        </Caption1>
      )}
      <DecisionLists decision={decision} workloadName={workloadName} />
    </Section>
  );
}

export function RequestDetail() {
  const s = useStyles();
  const t = useT();
  const format = useFormat();
  const names = useDisplayNames();
  const statusLabel = useStatusLabel();
  const { me, language } = useSession();
  const claimLabel = useClaimLabel();
  const { id = '' } = useParams();
  const { programme } = useProgramme();
  const query = useQuery({
    queryKey: ['requests', 'detail', id, language],
    queryFn: async () => {
      const { data, error } = await api.GET('/api/requests/{id}', { params: { path: { id } } });
      if (error) throw error;
      return data;
    },
    enabled: !!id,
  });

  if (query.isLoading) return <Spinner label={t('ui.requests.loading')} />;
  if (query.error || !query.data)
    return (
      <div className={s.page}>
        <Title1 as="h1" className={s.heading}>
          {t('ui.request.title')}
        </Title1>
        <MessageBar intent="error">
          <MessageBarBody>{problemDetail(query.error) ?? t('ui.requests.loadFailed')}</MessageBarBody>
        </MessageBar>
        <RouterLink to="/requests">{t('ui.request.backToList')}</RouterLink>
      </div>
    );

  const r = query.data;
  const isCenter = me?.organisation?.kind === 'center';
  const reviewer = isCenter && REVIEWER_ROLES.includes(me?.organisation?.role ?? '');
  const workloadName = (w: string) =>
    r.workloads.find((x) => x.workload === w)?.name ??
    programme?.workloads.find((x) => x.id === w)?.name ??
    w;
  const verdict = (w: string) => r.eligibility.workloads.find((x) => x.workload === w);
  const claimed = claimLabel(r);

  return (
    <div className={s.page}>
      <div className={s.header}>
        <RouterLink to="/requests">
          {isCenter ? t('ui.request.backToQueue') : t('ui.request.backToList')}
        </RouterLink>
        <div className={s.titleRow}>
          <Title1 as="h1" className={s.heading}>
            {t('ui.request.heading', { number: r.number, project: r.projectName })}
          </Title1>
          <StatusBadge status={r.status} label={r.statusLabel} />
        </div>
        <Text className={s.muted}>
          {t('ui.request.subtitle', { customer: r.customerName, date: format.dateTime(r.createdAt) })}
        </Text>
        <RouterLink to={`/customers/${r.customerId}/subscriptions`}>{t('ui.subscriptions.link')}</RouterLink>
      </div>

      <RequestActions request={r} />
      {reviewer && OPEN_STATUSES.includes(r.status) && (
        <ReviewPanel request={r} workloadName={workloadName} />
      )}
      {r.engagementId && !r.decision && (
        <RouterLink to={`/engagements/${r.engagementId}`} data-testid="engagement-link">
          {t('ui.request.engagementLink')}
        </RouterLink>
      )}

      <div className={s.grid}>
        <Section title={t('ui.request.details')}>
          <dl className={s.dl}>
            <dt>{t('ui.request.number')}</dt>
            <dd>{r.number}</dd>
            <dt>{t('ui.requests.col.customer')}</dt>
            <dd>{r.customerName}</dd>
            <dt>{t('ui.requests.col.project')}</dt>
            <dd>{r.projectName}</dd>
            <dt>{t('ui.requests.col.status')}</dt>
            <dd>{statusLabel(r.status, r.statusLabel)}</dd>
            <dt>{t('ui.requests.col.channel')}</dt>
            <dd>{t(`ui.requests.channel.${r.channel}`)}</dd>
            <dt>{t('ui.wizard.details.serviceLocation')}</dt>
            <dd>{names.country(r.serviceLocation)}</dd>
            <dt>{t('ui.wizard.details.preferredLanguage')}</dt>
            <dd>{names.language(r.preferredLanguage)}</dd>
            <dt>{t('ui.requests.col.filed')}</dt>
            <dd>{format.dateTime(r.createdAt)}</dd>
            <dt>{t('ui.request.updated')}</dt>
            <dd>{format.dateTime(r.updatedAt)}</dd>
            {r.response && (
              <>
                <dt>{t('ui.request.firstAnswer.label')}</dt>
                <dd>
                  <FirstAnswer response={r.response} />
                </dd>
              </>
            )}
            {isCenter && (
              <>
                <dt>{t('ui.requests.col.claimed')}</dt>
                <dd>{claimed}</dd>
              </>
            )}
            <dt>{t('ui.request.comments')}</dt>
            <dd className={s.pre}>{r.comments || '—'}</dd>
            {r.status === 'on-hold-pending-requestor-response' && (
              <>
                <dt>{t('ui.request.reminders')}</dt>
                <dd data-testid="reminders">
                  {t('ui.request.remindersValue', {
                    sent: r.reminders.sent,
                    of: r.reminders.of,
                    next: r.reminders.nextAt ? format.dateTime(r.reminders.nextAt) : '',
                    hasNext: r.reminders.nextAt ? 'yes' : 'no',
                  })}
                </dd>
              </>
            )}
          </dl>
        </Section>

        <Section title={t('ui.request.contacts')}>
          <dl className={s.dl}>
            <ContactFacts requester={r.requester} primary={r.primaryContact} sponsor={r.businessSponsor} />
          </dl>
        </Section>

        <Section title={t('ui.request.workloads')} wide>
          <div className={s.tableWrap}>
            <Table aria-label={t('ui.request.workloads')}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('ui.request.col.workload')}</TableHeaderCell>
                  <TableHeaderCell>{t('ui.request.col.plannedDate')}</TableHeaderCell>
                  <TableHeaderCell>{t('ui.request.col.eligibility')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {r.workloads.map((w) => {
                  const v = verdict(w.workload);
                  return (
                    <TableRow key={w.workload}>
                      <TableCell>{w.name}</TableCell>
                      <TableCell>{format.date(w.plannedDate)}</TableCell>
                      <TableCell>
                        {v
                          ? t(
                              v.eligible
                                ? 'ui.wizard.eligibility.workloadEligible'
                                : 'ui.wizard.eligibility.workloadNotEligible',
                            )
                          : '—'}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </div>
          <dl className={s.dl}>
            <MigrationFact options={r.options} />
          </dl>
        </Section>

        {(r.decision || r.status === 'approved') && (
          <DecisionSection request={r} workloadName={workloadName} />
        )}

        <Section
          title={t(
            r.history.some((h) => h.changes) ? 'ui.request.eligibilityChanged' : 'ui.request.eligibility',
          )}
          wide
        >
          <Caption1 className={s.muted}>
            {t('ui.request.eligibilityAsOf', { date: format.date(r.eligibility.asOf) })}
          </Caption1>
          <EligibilityView answer={r.eligibility} dataMigration={r.options.dataMigration} itemHeading="h3" />
        </Section>

        {r.links.length > 0 && (
          <Section title={t('ui.request.links')} wide>
            <ul className={s.plain}>
              {r.links.map((l) => (
                <li key={`${l.kind}-${l.id}`} className={s.row}>
                  <RouterLink to={`/requests/${l.id}`}>{l.number}</RouterLink>
                  <Text>{t(`ui.request.link.${l.kind}`)}</Text>
                  <StatusBadge status={l.status} />
                </li>
              ))}
            </ul>
          </Section>
        )}

        <Section title={t('ui.request.history')} wide>
          <RequestHistory history={r.history} remindersOf={r.reminders.of} />
          {OPEN_STATUSES.includes(r.status) && <MessageForm request={r} />}
        </Section>
      </div>
    </div>
  );
}
