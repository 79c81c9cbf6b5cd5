/** The timeline's dates as tables: always there for screen readers, shown on request to everyone. */
import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { useT } from '../../i18n';
import { useFormat } from '../../session';
import type { TimelineWorkload } from './types';
import { useLabels, useStyles } from './ui';

export function TimelineTables({ workload: w, visible }: { workload: TimelineWorkload; visible: boolean }) {
  const s = useStyles();
  const t = useT();
  const l = useLabels();
  const fmt = useFormat();
  const currentIndex = w.phases.findIndex((p) => p.phase === w.currentPhase);
  const state = (i: number) =>
    i === currentIndex
      ? t('ui.engagement.timeline.current')
      : w.phases[i]?.actualEnd || i < currentIndex
        ? t('ui.engagement.timeline.done')
        : t('ui.engagement.timeline.upcoming');
  return (
    <div className={visible ? s.tableWrap : s.visuallyHidden} data-testid="timeline-table">
      <Table size="small">
        <caption className={s.visuallyHidden}>
          {t('ui.engagement.timeline.caption', { workload: w.name })}
        </caption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t('ui.engagement.timeline.phase')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('ui.engagement.timeline.plannedStart')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('ui.engagement.timeline.plannedEnd')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('ui.engagement.timeline.actualStart')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('ui.engagement.timeline.actualEnd')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('ui.engagement.timeline.state')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {w.phases.map((p, i) => (
            <TableRow key={p.phase} aria-current={i === currentIndex ? 'step' : undefined}>
              <TableCell>{p.name}</TableCell>
              <TableCell>{fmt.date(p.plannedStart)}</TableCell>
              <TableCell>{fmt.date(p.plannedEnd)}</TableCell>
              <TableCell>{fmt.date(p.actualStart)}</TableCell>
              <TableCell>{fmt.date(p.actualEnd)}</TableCell>
              <TableCell>{state(i)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {w.batches.length > 0 && (
        <Table size="small">
          <caption className={s.visuallyHidden}>
            {t('ui.engagement.timeline.batchCaption', { workload: w.name })}
          </caption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('ui.engagement.migration.batch')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('ui.engagement.migration.scheduledOn')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('ui.engagement.migration.status')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {w.batches.map((b) => (
              <TableRow key={b.id}>
                <TableCell>{b.name}</TableCell>
                <TableCell>{fmt.date(b.scheduledOn)}</TableCell>
                <TableCell>{l.batchStatus(b.status)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
