/** The drawing parts of the timeline: date scale, phase rows and batch markers (all presentational). */
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { TimelineBatch, TimelinePhase } from './types';

export const DAY = 86_400_000;
const ROW = '28px';

export const useGanttStyles = makeStyles({
  chart: {
    display: 'grid',
    gridTemplateColumns: 'minmax(120px, 180px) 1fr',
    rowGap: tokens.spacingVerticalXS,
    padding: tokens.spacingVerticalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow2,
    overflowX: 'auto',
  },
  label: {
    display: 'flex',
    alignItems: 'center',
    paddingRight: tokens.spacingHorizontalS,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
    minHeight: ROW,
  },
  labelCurrent: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground1 },
  track: {
    position: 'relative',
    minHeight: ROW,
    minWidth: '480px',
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusSmall,
  },
  scale: {
    position: 'relative',
    height: '20px',
    minWidth: '480px',
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  tick: {
    position: 'absolute',
    top: 0,
    bottom: 0,
    paddingLeft: '3px',
    borderLeft: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    fontSize: tokens.fontSizeBase100,
    color: tokens.colorNeutralForeground3,
    whiteSpace: 'nowrap',
  },
  planned: {
    position: 'absolute',
    top: '4px',
    bottom: '4px',
    backgroundColor: tokens.colorBrandBackground2,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorBrandStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    boxSizing: 'border-box',
  },
  plannedCurrent: { border: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}` },
  actual: {
    position: 'absolute',
    top: '11px',
    height: '6px',
    backgroundColor: tokens.colorBrandBackground,
    borderRadius: tokens.borderRadiusSmall,
    minWidth: '3px',
  },
  actualOpen: { backgroundImage: `linear-gradient(90deg, ${tokens.colorBrandBackground} 70%, transparent)` },
  today: {
    position: 'absolute',
    top: 0,
    bottom: 0,
    width: '2px',
    backgroundColor: tokens.colorPaletteRedBorder2,
  },
  batch: {
    position: 'absolute',
    top: '8px',
    width: '10px',
    height: '10px',
    marginLeft: '-5px',
    transform: 'rotate(45deg)',
    backgroundColor: tokens.colorPaletteDarkOrangeBackground3,
  },
  batchDone: { backgroundColor: tokens.colorPaletteGreenBackground3 },
  batchFailed: { backgroundColor: tokens.colorPaletteRedBackground3 },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalL,
    fontSize: tokens.fontSizeBase200,
  },
  legendItem: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  swatchPlanned: {
    width: '20px',
    height: '10px',
    backgroundColor: tokens.colorBrandBackground2,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorBrandStroke2}`,
  },
  swatchActual: { width: '20px', height: '6px', backgroundColor: tokens.colorBrandBackground },
  swatchBatch: {
    width: '8px',
    height: '8px',
    transform: 'rotate(45deg)',
    backgroundColor: tokens.colorPaletteDarkOrangeBackground3,
  },
  swatchToday: { width: '2px', height: '14px', backgroundColor: tokens.colorPaletteRedBorder2 },
});

type Pos = (d: string | number) => number;
const clamp = (n: number) => Math.max(0, Math.min(100, n));

function Today({ pos, now }: { pos: Pos; now: number }) {
  const g = useGanttStyles();
  return <span className={g.today} style={{ left: `${clamp(pos(now))}%` }} />;
}

/** Month ticks (or weekly ticks for a short span), labelled in the reader's language. */
export function GanttScale({
  from,
  to,
  pos,
  now,
  language,
}: {
  from: number;
  to: number;
  pos: Pos;
  now: number;
  language: string;
}) {
  const g = useGanttStyles();
  const ticks: number[] = [];
  const start = new Date(from);
  for (let d = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1); d < to; ) {
    ticks.push(d);
    const x = new Date(d);
    d = Date.UTC(x.getUTCFullYear(), x.getUTCMonth() + 1, 1);
  }
  const weekly = ticks.length < 2;
  if (weekly) {
    ticks.length = 0;
    for (let d = from + DAY; d < to; d += 7 * DAY) ticks.push(d);
  }
  const every = Math.ceil(ticks.length / 12);
  const format = new Intl.DateTimeFormat(language, {
    timeZone: 'UTC',
    ...(weekly ? { month: 'short', day: 'numeric' } : { month: 'short', year: 'numeric' }),
  });
  return (
    <>
      <span />
      <div className={g.scale}>
        {ticks.map((d, i) => (
          <span key={d} className={g.tick} style={{ left: `${pos(d)}%` }}>
            {i % every === 0 ? format.format(new Date(d)) : ''}
          </span>
        ))}
        <Today pos={pos} now={now} />
      </div>
    </>
  );
}

export function PhaseRow({
  phase: p,
  current,
  pos,
  now,
}: {
  phase: TimelinePhase;
  current: boolean;
  pos: Pos;
  now: number;
}) {
  const g = useGanttStyles();
  const left = clamp(pos(p.plannedStart));
  const right = clamp(pos(p.plannedEnd));
  const actualLeft = p.actualStart ? clamp(pos(p.actualStart)) : null;
  const actualRight = p.actualStart ? clamp(pos(p.actualEnd ?? now)) : null;
  return (
    <>
      <span className={mergeClasses(g.label, current && g.labelCurrent)}>{p.name}</span>
      <div className={g.track} data-phase={p.phase}>
        <span
          className={mergeClasses(g.planned, current && g.plannedCurrent)}
          style={{ left: `${left}%`, width: `${Math.max(0.5, right - left)}%` }}
        />
        {actualLeft !== null && actualRight !== null && (
          <span
            className={mergeClasses(g.actual, !p.actualEnd && g.actualOpen)}
            style={{ left: `${actualLeft}%`, width: `${Math.max(0, actualRight - actualLeft)}%` }}
          />
        )}
        <Today pos={pos} now={now} />
      </div>
    </>
  );
}

export function BatchRow({
  label,
  batches,
  pos,
  now,
}: {
  label: string;
  batches: TimelineBatch[];
  pos: Pos;
  now: number;
}) {
  const g = useGanttStyles();
  return (
    <>
      <span className={g.label}>{label}</span>
      <div className={g.track}>
        {batches.map((b) => (
          <span
            key={b.id}
            className={mergeClasses(
              g.batch,
              b.status === 'complete' && g.batchDone,
              b.status === 'failed' && g.batchFailed,
            )}
            style={{ left: `${clamp(pos(b.scheduledOn))}%` }}
            title={b.name}
          />
        ))}
        <Today pos={pos} now={now} />
      </div>
    </>
  );
}
