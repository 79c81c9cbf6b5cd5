/**
 * The center's dashboard: requests per week by status, the active pipeline by phase, motion and region,
 * requests by preferred language, and tiles for the overdue clocks that open the engagement list with
 * the same filter. Every chart has a name, a description and its data as a table.
 */
import {
  Field,
  makeStyles,
  mergeClasses,
  Select,
  Spinner,
  Text,
  Title1,
  tokens,
} from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { paths } from '../../api/schema';
import { useT } from '../../i18n';
import { useFormat, useSession } from '../../session';
import { namer, useProgramme } from '../engagements/data';
import { ProblemBar, useStyles as usePageStyles } from '../engagements/ui';
import { RouterLink, STATUSES, useDisplayNames, useStatusLabel } from '../requests/common';
import { CategoryBars, ChartCard, type Pattern, StackedBars } from './DashboardCharts';

export type DashboardData =
  paths['/api/reports/dashboard']['get']['responses'][200]['content']['application/json'];

const WEEK_CHOICES = [4, 12, 26, 52];
const DEFAULT_WEEKS = 12;

/** Status colours (readable on light and dark backgrounds) and patterns, in stacking order. */
const STATUS_LOOK: Record<string, { colour: string; pattern: Pattern }> = {
  submitted: { colour: tokens.colorBrandForeground1, pattern: 'solid' },
  'on-hold': { colour: tokens.colorPaletteDarkOrangeForeground1, pattern: 'diagonal' },
  'on-hold-pending-requestor-response': { colour: tokens.colorPaletteBerryForeground1, pattern: 'dots' },
  approved: { colour: tokens.colorPaletteGreenForeground1, pattern: 'reverse' },
  cancelled: { colour: tokens.colorNeutralForeground3, pattern: 'cross' },
};

const useStyles = makeStyles({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalL,
    marginBottom: tokens.spacingVerticalL,
  },
  tiles: {
    display: 'grid',
    gap: tokens.spacingHorizontalL,
    gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
    marginBottom: tokens.spacingVerticalL,
  },
  tile: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalL,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    textDecorationLine: 'none',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover, textDecorationLine: 'none' },
  },
  tileLabel: { color: tokens.colorNeutralForeground1, fontWeight: tokens.fontWeightSemibold },
  tileValue: {
    color: tokens.colorNeutralForeground1,
    fontSize: tokens.fontSizeHero800,
    lineHeight: tokens.lineHeightHero800,
    fontWeight: tokens.fontWeightSemibold,
  },
  tileAlert: { color: tokens.colorPaletteRedForeground1 },
  tileCaption: { color: tokens.colorNeutralForeground3 },
  charts: {
    display: 'grid',
    gap: tokens.spacingHorizontalL,
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 420px), 1fr))',
  },
});

const PENDING = 'on-hold-pending-requestor-response';

/**
 * How the period's first answers went: the share answered in time among those whose time is up (answered,
 * or still unanswered past it), with the counts; the late ones still waiting open in the queue.
 */
function FirstAnswersTile({ counts }: { counts: DashboardData['firstAnswers'] }) {
  const s = useStyles();
  const t = useT();
  const intl = useIntl();
  const decided = counts.inTime + counts.late + counts.overdue;
  return (
    <RouterLink to="/requests?response=overdue" className={s.tile} data-testid="tile-first-answers">
      <span className={s.tileLabel}>{t('ui.dashboard.firstAnswers.label')}</span>
      <span className={s.tileValue}>
        {decided ? intl.formatNumber(counts.inTime / decided, { style: 'percent' }) : '—'}
      </span>
      <span className={s.tileCaption}>
        {t('ui.dashboard.firstAnswers.caption', {
          inTime: counts.inTime,
          total: decided,
          overdue: counts.overdue,
        })}
      </span>
    </RouterLink>
  );
}

function Tile({
  to,
  label,
  value,
  alert,
  testId,
}: {
  to: string;
  label: string;
  value: number;
  alert?: boolean;
  testId: string;
}) {
  const s = useStyles();
  const fmt = useFormat();
  return (
    <RouterLink to={to} className={s.tile} data-testid={testId}>
      <span className={s.tileLabel}>{label}</span>
      <span className={mergeClasses(s.tileValue, alert && value > 0 && s.tileAlert)}>
        {fmt.number(value)}
      </span>
    </RouterLink>
  );
}

export function Dashboard() {
  const s = useStyles();
  const page = usePageStyles();
  const t = useT();
  const intl = useIntl();
  const fmt = useFormat();
  const { me, language } = useSession();
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get('weeks'));
  const weeks = WEEK_CHOICES.includes(asked) ? asked : DEFAULT_WEEKS;

  const query = useQuery({
    queryKey: ['dashboard', weeks, me?.organisation?.id, language],
    queryFn: async () => {
      const { data, error } = await api.GET('/api/reports/dashboard', { params: { query: { weeks } } });
      if (error) throw error;
      return data as DashboardData;
    },
  });
  const programme = useProgramme().data;
  const phaseName = namer(programme?.phases);
  const motionName = namer(programme?.motions);
  const regionName = namer(programme?.regions);
  const names = useDisplayNames();
  const statusLabel = useStatusLabel();
  const d = query.data;

  const weekTick = (day: string) =>
    intl.formatDate(`${day}T00:00:00Z`, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const weekLabel = (day: string) =>
    t('ui.dashboard.weekOf', {
      date: intl.formatDate(`${day}T00:00:00Z`, { dateStyle: 'medium', timeZone: 'UTC' }),
    });
  const number = (n: number) => fmt.number(n);
  const phaseOrder = new Map((programme?.phases ?? []).map((p) => [p.id, p.order]));

  const weekly = (d?.requestsByWeek ?? []).map((w) => ({ week: w.weekStart, total: w.total, ...w.byStatus }));
  const phases = [...(d?.engagementsByPhase ?? [])].sort(
    (a, b) => (phaseOrder.get(a.phase) ?? 999) - (phaseOrder.get(b.phase) ?? 999),
  );
  const motions = (d?.engagementsByMotion ?? []).map((m) => ({
    key: m.motion,
    name: motionName(m.motion),
    value: m.engagements,
  }));
  const regions = (d?.engagementsByRegion ?? []).map((r) => ({
    key: r.region ?? '-',
    name: r.region ? regionName(r.region) : t('ui.dashboard.noRegion'),
    value: r.engagements,
  }));
  const languages = (d?.requestsByLanguage ?? []).map((l) => ({
    key: l.language,
    name: names.language(l.language),
    value: l.requests,
  }));
  const simpleRows = (items: { key: string; name: string; value: number }[]) =>
    items.map((x) => ({ key: x.key, cells: [x.name, number(x.value)] }));

  const byWeek = t('ui.dashboard.requestsByWeek.title');
  const byPhase = t('ui.dashboard.byPhase.title');
  const byMotion = t('ui.dashboard.byMotion.title');
  const byRegion = t('ui.dashboard.byRegion.title');
  const byLanguage = t('ui.dashboard.byLanguage.title');

  return (
    <>
      <div className={page.pageHeader}>
        <div className={page.stack}>
          <Title1 as="h1">{t('ui.dashboard.title')}</Title1>
          <Text className={page.subtitle}>{t('ui.dashboard.subtitle', { weeks })}</Text>
        </div>
      </div>
      <div className={s.toolbar}>
        <Field label={t('ui.dashboard.period')}>
          <Select
            value={String(weeks)}
            onChange={(_, v) => {
              const next = new URLSearchParams(params);
              if (Number(v.value) === DEFAULT_WEEKS) next.delete('weeks');
              else next.set('weeks', v.value);
              setParams(next, { replace: true });
            }}
          >
            {WEEK_CHOICES.map((n) => (
              <option key={n} value={n}>
                {t('ui.dashboard.periodWeeks', { weeks: n })}
              </option>
            ))}
          </Select>
        </Field>
        {d && (
          <Text className={page.muted} role="status">
            {t('ui.dashboard.updated', {
              time: intl.formatTime(d.generatedAt, { timeStyle: 'short', timeZone: me?.user.timeZone }),
            })}
          </Text>
        )}
      </div>
      {query.isError && <ProblemBar problem={query.error} />}
      {query.isLoading && <Spinner label={t('ui.common.loading')} />}
      {d && (
        <>
          <section className={s.tiles} aria-labelledby="dashboard-overview">
            <h2 id="dashboard-overview" className={page.visuallyHidden}>
              {t('ui.dashboard.overview')}
            </h2>
            {(
              [
                [
                  'tile-active',
                  '/engagements?owner=all',
                  'ui.dashboard.activeEngagements',
                  d.activeEngagements,
                ],
                [
                  'tile-sla',
                  '/engagements?owner=all&sla=overdue',
                  'ui.dashboard.firstContactOverdue',
                  d.overdue.firstContact,
                  true,
                ],
                [
                  'tile-notes',
                  '/engagements?owner=all&notes=overdue',
                  'ui.dashboard.notesOverdue',
                  d.overdue.notes,
                  true,
                ],
                [
                  'tile-unclaimed',
                  '/requests?status=submitted&claimed=nobody',
                  'ui.dashboard.unclaimed',
                  d.triage.unclaimed,
                ],
                [
                  'tile-waiting',
                  `/requests?status=${PENDING}`,
                  'ui.dashboard.waitingRequester',
                  d.triage.waiting,
                ],
                [
                  'tile-unanswered',
                  `/requests?status=${PENDING}`,
                  'ui.dashboard.unanswered',
                  d.triage.unanswered,
                  true,
                ],
                [
                  'tile-messages',
                  '/requests?messages=waiting',
                  'ui.dashboard.messagesWaiting',
                  d.triage.messages,
                  true,
                ],
                [
                  'tile-late',
                  '/requests?response=overdue',
                  'ui.dashboard.firstAnswerLate',
                  d.triage.late,
                  true,
                ],
              ] as const
            ).map(([testId, to, label, value, alert]) => (
              <Tile key={testId} testId={testId} to={to} label={t(label)} value={value} alert={alert} />
            ))}
            <FirstAnswersTile counts={d.firstAnswers} />
          </section>
          <div className={s.charts}>
            <ChartCard
              wide
              testId="chart-requests-by-week"
              title={byWeek}
              description={t('ui.dashboard.requestsByWeek.desc')}
              columns={[
                { label: t('ui.dashboard.col.week') },
                ...STATUSES.map((st) => ({ label: statusLabel(st), numeric: true })),
                { label: t('ui.dashboard.col.total'), numeric: true },
              ]}
              rows={d.requestsByWeek.map((w) => ({
                key: w.weekStart,
                cells: [
                  weekLabel(w.weekStart),
                  ...STATUSES.map((st) => number(w.byStatus[st])),
                  number(w.total),
                ],
              }))}
            >
              <StackedBars
                title={byWeek}
                data={weekly}
                categoryKey="week"
                series={STATUSES.map((st) => ({ key: st, name: statusLabel(st), ...STATUS_LOOK[st]! }))}
                tickLabel={weekTick}
                tooltipLabel={weekLabel}
              />
            </ChartCard>
            <ChartCard
              testId="chart-by-phase"
              title={byPhase}
              description={t('ui.dashboard.byPhase.desc')}
              columns={[
                { label: t('ui.dashboard.col.phase') },
                { label: t('ui.dashboard.col.engagements'), numeric: true },
                { label: t('ui.dashboard.col.workloads'), numeric: true },
              ]}
              rows={phases.map((p) => ({
                key: p.phase,
                cells: [phaseName(p.phase), number(p.engagements), number(p.workloads)],
              }))}
            >
              <CategoryBars
                title={byPhase}
                valueName={t('ui.dashboard.col.engagements')}
                data={phases.map((p) => ({ key: p.phase, name: phaseName(p.phase), value: p.engagements }))}
              />
            </ChartCard>
            <ChartCard
              testId="chart-by-motion"
              title={byMotion}
              columns={[
                { label: t('ui.dashboard.col.motion') },
                { label: t('ui.dashboard.col.engagements'), numeric: true },
              ]}
              rows={simpleRows(motions)}
            >
              <CategoryBars title={byMotion} valueName={t('ui.dashboard.col.engagements')} data={motions} />
            </ChartCard>
            <ChartCard
              testId="chart-by-region"
              title={byRegion}
              columns={[
                { label: t('ui.dashboard.col.region') },
                { label: t('ui.dashboard.col.engagements'), numeric: true },
              ]}
              rows={simpleRows(regions)}
            >
              <CategoryBars title={byRegion} valueName={t('ui.dashboard.col.engagements')} data={regions} />
            </ChartCard>
            <ChartCard
              testId="chart-by-language"
              title={byLanguage}
              description={t('ui.dashboard.byLanguage.desc', { weeks })}
              columns={[
                { label: t('ui.dashboard.col.language') },
                { label: t('ui.dashboard.col.requests'), numeric: true },
              ]}
              rows={simpleRows(languages)}
            >
              <CategoryBars title={byLanguage} valueName={t('ui.dashboard.col.requests')} data={languages} />
            </ChartCard>
          </div>
        </>
      )}
    </>
  );
}
