/** Meetings on the timeline: a row of markers (cancelled ones left out) and their legend entry. */
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useT } from '../../i18n';
import { useFormat } from '../../session';
import { useGanttStyles } from './Gantt';
import { useMeetings } from './scheduling';

const useStyles = makeStyles({
  marker: {
    position: 'absolute',
    top: '8px',
    width: '10px',
    height: '10px',
    marginLeft: '-5px',
    borderRadius: '50%',
    backgroundColor: tokens.colorPaletteBerryBackground3,
    boxSizing: 'border-box',
  },
  proposed: {
    backgroundColor: 'transparent',
    border: `${tokens.strokeWidthThick} solid ${tokens.colorPaletteBerryBorderActive}`,
  },
  swatch: {
    width: '10px',
    height: '10px',
    borderRadius: '50%',
    backgroundColor: tokens.colorPaletteBerryBackground3,
  },
});

export function MeetingLegend() {
  const m = useStyles();
  const g = useGanttStyles();
  const t = useT();
  return (
    <span className={g.legendItem}>
      <span className={m.swatch} />
      {t('ui.meetings.timeline')}
    </span>
  );
}

export function MeetingRow({
  engagementId,
  pos,
  now,
}: {
  engagementId: string;
  pos: (d: string | number) => number;
  now: number;
}) {
  const m = useStyles();
  const g = useGanttStyles();
  const t = useT();
  const fmt = useFormat();
  const meetings = (useMeetings(engagementId).data ?? []).filter((x) => x.status !== 'cancelled');
  if (meetings.length === 0) return null;
  const today = Math.max(0, Math.min(100, pos(now)));
  return (
    <>
      <span className={g.label}>{t('ui.meetings.timeline')}</span>
      <div className={g.track} data-testid="timeline-meetings">
        {meetings.map((x) => {
          const left = pos(x.startsAt);
          if (left < 0 || left > 100) return null;
          return (
            <span
              key={x.id}
              className={mergeClasses(m.marker, x.status === 'proposed' && m.proposed)}
              style={{ left: `${left}%` }}
              title={`${x.name}, ${fmt.dateTime(x.startsAt)}`}
            />
          );
        })}
        <span className={g.today} style={{ left: `${today}%` }} />
      </div>
    </>
  );
}
