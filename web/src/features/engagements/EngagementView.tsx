/**
 * One engagement: the customer's name, its motions and status, and tabs for the overview, tasks,
 * notes, timeline and migration. The chosen tab is kept in the address (?tab=tasks).
 */
import {
  Badge,
  Breadcrumb,
  BreadcrumbButton,
  BreadcrumbDivider,
  BreadcrumbItem,
  makeStyles,
  Spinner,
  Tab,
  TabList,
  Text,
  Title1,
  tokens,
} from '@fluentui/react-components';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useT } from '../../i18n';
import { useFormat, useSession } from '../../session';
import { AssignPanel } from './AssignPanel';
import { useEngagement } from './data';
import { MeetingsTab } from './MeetingsTab';
import { MigrationTab } from './MigrationTab';
import { NotesTab } from './NotesTab';
import { OverviewTab } from './OverviewTab';
import { TasksTab } from './TasksTab';
import { TimelineTab } from './TimelineTab';
import { ProblemBar, useLabels, useStyles } from './ui';

const TABS = ['overview', 'tasks', 'notes', 'meetings', 'timeline', 'migration'] as const;
type TabId = (typeof TABS)[number];

const useViewStyles = makeStyles({
  header: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    paddingBottom: tokens.spacingVerticalS,
  },
  // on a narrow screen the tabs scroll sideways inside their bar, never the page
  tabs: {
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    marginBottom: tokens.spacingVerticalM,
    overflowX: 'auto',
    maxWidth: '100%',
  },
  panel: { paddingTop: tokens.spacingVerticalS },
});

export function EngagementView() {
  const { id = '' } = useParams();
  const t = useT();
  const s = useStyles();
  const v = useViewStyles();
  const l = useLabels();
  const fmt = useFormat();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const engagement = useEngagement(id);
  const isCenter = useSession().me?.organisation?.kind === 'center';
  const tab: TabId = (TABS as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as TabId)
    : 'overview';

  if (engagement.isLoading) return <Spinner label={t('ui.common.loading')} />;
  if (engagement.isError || !engagement.data)
    return (
      <>
        <Title1 as="h1">{t('ui.engagement.notFound')}</Title1>
        <ProblemBar problem={engagement.error} />
      </>
    );
  const e = engagement.data;

  return (
    <>
      <Breadcrumb aria-label={t('ui.engagement.breadcrumb')}>
        <BreadcrumbItem>
          <BreadcrumbButton
            as="a"
            href="/engagements"
            onClick={(ev) => {
              ev.preventDefault();
              navigate('/engagements');
            }}
          >
            {t('ui.nav.engagements')}
          </BreadcrumbButton>
        </BreadcrumbItem>
        <BreadcrumbDivider />
        <BreadcrumbItem>
          <BreadcrumbButton current>{e.customer.name}</BreadcrumbButton>
        </BreadcrumbItem>
      </Breadcrumb>
      <header className={v.header}>
        <Title1 as="h1">{e.customer.name}</Title1>
        <div className={s.row}>
          <Badge appearance="tint" color={e.status === 'active' ? 'success' : 'subtle'}>
            {l.engagementStatus(e.status)}
          </Badge>
          {e.motions.map((m) => (
            <Badge key={m.id} appearance="outline" color="brand">
              {m.name}
            </Badge>
          ))}
          {e.nextActionOn && (
            <Text size={200} className={s.muted}>
              {t('ui.engagement.nextAction', { date: fmt.date(e.nextActionOn) })}
            </Text>
          )}
        </div>
      </header>
      <TabList
        className={v.tabs}
        selectedValue={tab}
        onTabSelect={(_, d) => {
          const next = new URLSearchParams(params);
          if (d.value === 'overview') next.delete('tab');
          else next.set('tab', String(d.value));
          setParams(next, { replace: true });
        }}
        aria-label={t('ui.engagement.tabs')}
      >
        {TABS.map((x) => (
          <Tab key={x} value={x} id={`tab-${x}`} aria-controls={`panel-${x}`}>
            {t(`ui.engagement.tab.${x}`)}
          </Tab>
        ))}
      </TabList>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className={v.panel}>
        {tab === 'overview' && <OverviewTab engagement={e} />}
        {tab === 'overview' && isCenter && <AssignPanel engagement={e} />}
        {tab === 'tasks' && <TasksTab engagement={e} />}
        {tab === 'notes' && <NotesTab engagement={e} />}
        {tab === 'meetings' && <MeetingsTab engagement={e} />}
        {tab === 'timeline' && <TimelineTab engagement={e} />}
        {tab === 'migration' && <MigrationTab engagement={e} />}
      </div>
    </>
  );
}
