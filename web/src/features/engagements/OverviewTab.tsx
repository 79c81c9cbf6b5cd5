/** The engagement at a glance: workloads, workstreams, clocks, notes due, people and motion history. */
import {
  Badge,
  Card,
  CardHeader,
  Link as FluentLink,
  ProgressBar,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Subtitle1,
  Title3,
} from '@fluentui/react-components';
import { useT } from '../../i18n';
import { useFormat } from '../../session';
import { namer, useProgramme } from './data';
import type { EngagementDetail } from './types';
import { WORKSTREAMS } from './types';
import { RequestOrigins } from './RequestOrigins';
import { ClockBadge, useLabels, useStyles } from './ui';
import { WorkloadCard } from './WorkloadCard';

export function OverviewTab({ engagement: e }: { engagement: EngagementDetail }) {
  const s = useStyles();
  const t = useT();
  const programme = useProgramme().data;
  const phaseName = namer(programme?.phases);
  return (
    <>
      <section className={s.section} aria-labelledby="ov-workloads" style={{ marginTop: 0 }}>
        <Title3 as="h2" id="ov-workloads" className={s.heading}>
          {t('ui.engagement.overview.workloads')}
        </Title3>
        {e.workloads.length === 0 && <Text>{t('ui.engagement.overview.noWorkloads')}</Text>}
        <div className={s.grid}>
          {e.workloads.map((w) => (
            <WorkloadCard key={w.serviceRecordId} workload={w} phaseName={phaseName} />
          ))}
        </div>
      </section>
      <div className={s.grid} style={{ marginTop: '24px' }}>
        <Workstreams engagement={e} />
        <Clocks engagement={e} />
        <NotesDue engagement={e} />
      </div>
      <People engagement={e} />
      <RequestOrigins engagement={e} />
      <MotionHistory engagement={e} programmeMotions={programme?.motions} />
    </>
  );
}

function Workstreams({ engagement: e }: { engagement: EngagementDetail }) {
  const s = useStyles();
  const t = useT();
  const l = useLabels();
  const rows = [...e.workstreams].sort(
    (a, b) => WORKSTREAMS.indexOf(a.id as never) - WORKSTREAMS.indexOf(b.id as never),
  );
  return (
    <Card className={s.card}>
      <CardHeader
        header={
          <Subtitle1 as="h2" className={s.heading}>
            {t('ui.engagement.overview.workstreams')}
          </Subtitle1>
        }
      />
      {rows.length === 0 && <Text>{t('ui.engagement.overview.noTasks')}</Text>}
      <ul className={s.list}>
        {rows.map((w) => {
          const percent = w.total ? Math.round((100 * w.complete) / w.total) : 0;
          return (
            <li key={w.id} className={s.stack} style={{ gap: '2px' }}>
              <div className={s.row} style={{ justifyContent: 'space-between' }}>
                <Text>{l.workstream(w.id)}</Text>
                <Text className={s.muted}>
                  {t('ui.engagement.overview.completeOfTotal', { complete: w.complete, total: w.total })}
                </Text>
              </div>
              <ProgressBar
                value={w.total ? w.complete / w.total : 0}
                aria-label={t('ui.engagement.overview.workstreamProgress', {
                  workstream: l.workstream(w.id),
                  percent,
                })}
              />
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

function Clocks({ engagement: e }: { engagement: EngagementDetail }) {
  const s = useStyles();
  const t = useT();
  const fmt = useFormat();
  const fc = e.clocks.firstContact;
  return (
    <Card className={s.card}>
      <CardHeader
        header={
          <Subtitle1 as="h2" className={s.heading}>
            {t('ui.engagement.clocks.title')}
          </Subtitle1>
        }
      />
      <dl className={s.facts}>
        <dt>{t('ui.engagement.clocks.firstContact')}</dt>
        <dd className={s.stack} style={{ gap: '2px' }}>
          <span>
            <ClockBadge state={fc?.state} />
          </span>
          {fc && (
            <Text size={200}>
              {fc.state === 'met' || fc.state === 'missed'
                ? t('ui.engagement.clocks.wasDue', { date: fmt.dateTime(fc.due) })
                : t('ui.engagement.dueOn', { date: fmt.dateTime(fc.due) })}
            </Text>
          )}
          {fc?.state === 'due' && (
            <Text size={200} className={s.muted}>
              {t('ui.engagement.clocks.businessDaysLeft', { count: fc.businessDaysLeft })}
            </Text>
          )}
          {fc?.state === 'overdue' && (
            <Text size={200} className={s.danger}>
              {t('ui.engagement.clocks.businessDaysOver', { count: -fc.businessDaysLeft })}
            </Text>
          )}
        </dd>
        <dt>{t('ui.engagement.clocks.delay')}</dt>
        <dd>
          {e.clocks.delay ? (
            <span className={s.stack} style={{ gap: '2px' }}>
              <Text>{t('ui.engagement.clocks.delayedUntil', { date: fmt.date(e.clocks.delay.until) })}</Text>
              {e.clocks.delay.reason && (
                <Text size={200} className={s.muted}>
                  {e.clocks.delay.reason}
                </Text>
              )}
            </span>
          ) : (
            t('ui.engagement.clocks.noDelay')
          )}
        </dd>
      </dl>
    </Card>
  );
}

function NotesDue({ engagement: e }: { engagement: EngagementDetail }) {
  const s = useStyles();
  const t = useT();
  const fmt = useFormat();
  return (
    <Card className={s.card}>
      <CardHeader
        header={
          <Subtitle1 as="h2" className={s.heading}>
            {t('ui.engagement.notesDue.title')}
          </Subtitle1>
        }
      />
      {e.notes.length === 0 && <Text>{t('ui.engagement.notesDue.none')}</Text>}
      <ul className={s.list}>
        {e.notes.map((n) => (
          <li key={n.type} className={s.stack} style={{ gap: '2px' }} data-overdue={n.overdue || undefined}>
            <div className={s.row}>
              <Text weight="semibold">{n.name}</Text>
              {n.overdue && (
                <Badge color="danger" appearance="filled">
                  {t('ui.engagement.notesDue.overdue')}
                </Badge>
              )}
            </div>
            <Text size={200} className={n.overdue ? s.danger : undefined}>
              {t('ui.engagement.dueOn', { date: fmt.date(n.dueOn) })}
            </Text>
            <Text size={200} className={s.muted}>
              {n.lastAt
                ? t('ui.engagement.notesDue.last', { date: fmt.date(n.lastAt), days: n.cadenceDays })
                : t('ui.engagement.notesDue.never', { days: n.cadenceDays })}
            </Text>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function People({ engagement: e }: { engagement: EngagementDetail }) {
  const s = useStyles();
  const t = useT();
  const l = useLabels();
  const workloadName = namer(e.workloads.map((w) => ({ id: w.workload, name: w.name })));
  return (
    <section className={s.section} aria-labelledby="ov-people">
      <Title3 as="h2" id="ov-people" className={s.heading}>
        {t('ui.engagement.people.title')}
      </Title3>
      {e.assignments.length === 0 ? (
        <Text>{t('ui.engagement.people.none')}</Text>
      ) : (
        <div className={s.tableWrap}>
          <Table aria-labelledby="ov-people">
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('ui.engagement.people.name')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('ui.engagement.people.role')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('ui.engagement.people.scope')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('ui.engagement.people.email')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {e.assignments.map((a) => (
                <TableRow key={a.id}>
                  <TableCell>
                    <span className={s.row}>
                      {a.name}
                      {a.primary && (
                        <Badge appearance="tint" color="brand">
                          {t('ui.engagement.people.primary')}
                        </Badge>
                      )}
                    </span>
                  </TableCell>
                  <TableCell>{l.role(a.role)}</TableCell>
                  <TableCell>
                    {a.workload ? workloadName(a.workload) : t('ui.engagement.people.wholeEngagement')}
                  </TableCell>
                  <TableCell>
                    <FluentLink href={`mailto:${a.email}`}>{a.email}</FluentLink>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}

function MotionHistory({
  engagement: e,
  programmeMotions,
}: {
  engagement: EngagementDetail;
  programmeMotions: { id: string; name: string }[] | undefined;
}) {
  const s = useStyles();
  const t = useT();
  const fmt = useFormat();
  const motionName = namer([...(programmeMotions ?? []), ...e.motions]);
  if (e.motionHistory.length === 0) return null;
  return (
    <section className={s.section} aria-labelledby="ov-motions">
      <Title3 as="h2" id="ov-motions" className={s.heading}>
        {t('ui.engagement.motionHistory.title')}
      </Title3>
      <ol className={s.list}>
        {[...e.motionHistory].reverse().map((m) => (
          <li key={`${m.at}-${m.motion}-${m.change}`} className={s.row}>
            <Text className={s.muted}>{fmt.dateTime(m.at)}</Text>
            <Text>
              {m.change === 'left'
                ? t('ui.engagement.motionHistory.left', { motion: motionName(m.motion) })
                : t('ui.engagement.motionHistory.joined', { motion: motionName(m.motion) })}
            </Text>
          </li>
        ))}
      </ol>
    </section>
  );
}
