/**
 * A simple Gantt chart: per workload a row per phase, its planned window as a bar over a date scale,
 * the actual window inside it, migration batches as markers and a line for today. The chart is a
 * picture; the same dates are in tables (visually hidden unless asked for) for screen readers.
 */
import { Spinner, Switch, Text, Title2 } from '@fluentui/react-components';
import { useState } from 'react';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { useTimeline } from './data';
import { DAY, GanttScale, PhaseRow, BatchRow, useGanttStyles } from './Gantt';
import { MeetingLegend, MeetingRow } from './TimelineMeetings';
import { TimelineTables } from './TimelineTables';
import type { EngagementDetail, Timeline } from './types';
import { ProblemBar, useStyles } from './ui';

const ms = (d: string) => Date.parse(d.length === 10 ? `${d}T00:00:00Z` : d);

/** The chart's span: every planned and actual date, and today, with a few days either side. */
function span(timeline: Timeline, now: number): { from: number; to: number } {
  const points = [now];
  for (const w of timeline.workloads) {
    for (const p of w.phases)
      for (const d of [p.plannedStart, p.plannedEnd, p.actualStart, p.actualEnd]) if (d) points.push(ms(d));
    for (const b of w.batches) points.push(ms(b.scheduledOn));
  }
  return { from: Math.min(...points) - 3 * DAY, to: Math.max(...points) + 3 * DAY };
}

export function TimelineTab({ engagement }: { engagement: EngagementDetail }) {
  const s = useStyles();
  const g = useGanttStyles();
  const t = useT();
  const { language } = useSession();
  const timeline = useTimeline(engagement.id);
  const [asTable, setAsTable] = useState(false);

  if (timeline.isLoading) return <Spinner label={t('ui.common.loading')} />;
  if (timeline.isError || !timeline.data) return <ProblemBar problem={timeline.error} />;
  const data = timeline.data;
  if (data.workloads.length === 0) return <Text>{t('ui.engagement.overview.noWorkloads')}</Text>;
  const now = Date.now();
  const range = span(data, now);
  const pos = (d: string | number) =>
    (((typeof d === 'number' ? d : ms(d)) - range.from) / (range.to - range.from)) * 100;

  return (
    <div className={s.stack}>
      <div className={s.pageHeader}>
        <div className={g.legend} aria-hidden="true">
          <span className={g.legendItem}>
            <span className={g.swatchPlanned} />
            {t('ui.engagement.timeline.planned')}
          </span>
          <span className={g.legendItem}>
            <span className={g.swatchActual} />
            {t('ui.engagement.timeline.actual')}
          </span>
          <span className={g.legendItem}>
            <span className={g.swatchBatch} />
            {t('ui.engagement.timeline.batch')}
          </span>
          <span className={g.legendItem}>
            <span className={g.swatchToday} />
            {t('ui.engagement.timeline.today')}
          </span>
          <MeetingLegend />
        </div>
        <Switch
          label={t('ui.engagement.timeline.showTable')}
          checked={asTable}
          onChange={(_, d) => setAsTable(d.checked)}
        />
      </div>
      {data.workloads.map((w) => (
        <section key={w.serviceRecordId} className={s.stack} aria-labelledby={`tl-${w.serviceRecordId}`}>
          <Title2 as="h2" id={`tl-${w.serviceRecordId}`} className={s.heading} style={{ fontSize: '20px' }}>
            {w.name}
          </Title2>
          <div className={g.chart} aria-hidden="true" data-testid="gantt">
            <GanttScale from={range.from} to={range.to} pos={pos} now={now} language={language} />
            {w.phases.map((p) => (
              <PhaseRow key={p.phase} phase={p} current={p.phase === w.currentPhase} pos={pos} now={now} />
            ))}
            {w.batches.length > 0 && (
              <BatchRow label={t('ui.engagement.timeline.batches')} batches={w.batches} pos={pos} now={now} />
            )}
            <MeetingRow engagementId={engagement.id} pos={pos} now={now} />
          </div>
          <TimelineTables workload={w} visible={asTable} />
        </section>
      ))}
    </div>
  );
}
