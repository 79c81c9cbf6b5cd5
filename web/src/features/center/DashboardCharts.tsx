/**
 * The dashboard's chart pieces (Recharts, loaded only with the dashboard): a card with a chart and its
 * data table, a stacked bar chart over weeks and a bar chart over categories. Colours are Fluent tokens
 * readable on the light and dark backgrounds; series also differ by pattern, which keeps them apart in
 * the high-contrast theme (where every palette colour is the same) and for colour-blind readers.
 */
import {
  makeStyles,
  mergeClasses,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  ToggleButton,
  tokens,
} from '@fluentui/react-components';
import { type ReactNode, useId, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { useT } from '../../i18n';
import { useFormat } from '../../session';

const useStyles = makeStyles({
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
    minWidth: 0,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  wide: { gridColumn: '1 / -1' },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
  },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3, display: 'block' },
  chart: { width: '100%' },
  tableWrap: { overflowX: 'auto' },
  visuallyHidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    padding: 0,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
  number: { textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
  numberHeader: { justifyContent: 'flex-end', textAlign: 'end' },
});

export interface Column {
  label: string;
  numeric?: boolean;
}
export interface TableRowData {
  key: string;
  /** the first cell is the row's header */
  cells: ReactNode[];
}

/**
 * A chart with a name, a description and its data as a table: the table is always there for screen
 * readers (visually hidden) and "Show as table" shows it in place of the chart.
 */
export function ChartCard({
  testId,
  title,
  description,
  columns,
  rows,
  wide,
  children,
}: {
  testId: string;
  title: string;
  description?: string;
  columns: Column[];
  rows: TableRowData[];
  wide?: boolean;
  children: ReactNode;
}) {
  const s = useStyles();
  const t = useT();
  const id = useId();
  const [asTable, setAsTable] = useState(false);
  const headingId = `${id}-heading`;
  const tableId = `${id}-table`;
  return (
    <section
      className={mergeClasses(s.card, wide && s.wide)}
      aria-labelledby={headingId}
      data-testid={testId}
    >
      <div className={s.header}>
        <div>
          <h2 id={headingId} className={s.heading}>
            {title}
          </h2>
          {description && (
            <Text size={200} className={s.muted}>
              {description}
            </Text>
          )}
        </div>
        {rows.length > 0 && (
          <ToggleButton
            size="small"
            checked={asTable}
            aria-controls={tableId}
            onClick={() => setAsTable((v) => !v)}
          >
            {t('ui.dashboard.showTable')}
          </ToggleButton>
        )}
      </div>
      {rows.length === 0 ? (
        <Text role="status">{t('ui.dashboard.empty')}</Text>
      ) : (
        <>
          {!asTable && <div className={s.chart}>{children}</div>}
          <div id={tableId} className={asTable ? s.tableWrap : s.visuallyHidden} data-testid="chart-table">
            <Table size="small" aria-labelledby={headingId}>
              <TableHeader>
                <TableRow>
                  {columns.map((c) => (
                    <TableHeaderCell
                      key={c.label}
                      scope="col"
                      className={c.numeric ? s.number : undefined}
                      button={c.numeric ? { className: s.numberHeader } : undefined}
                    >
                      {c.label}
                    </TableHeaderCell>
                  ))}
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((r) => (
                  <TableRow key={r.key}>
                    {r.cells.map((cell, i) =>
                      i === 0 ? (
                        <TableHeaderCell key={columns[i]?.label ?? i} scope="row">
                          {cell}
                        </TableHeaderCell>
                      ) : (
                        <TableCell key={columns[i]?.label ?? i} className={s.number}>
                          {cell}
                        </TableCell>
                      ),
                    )}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </>
      )}
    </section>
  );
}

const axis = {
  tick: { fill: tokens.colorNeutralForeground2, fontSize: 12 },
  stroke: tokens.colorNeutralStroke1,
};
const tooltip = {
  contentStyle: {
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground1,
  },
  itemStyle: { color: tokens.colorNeutralForeground1 },
  labelStyle: { color: tokens.colorNeutralForeground1, fontWeight: 600 },
  cursor: { fill: tokens.colorSubtleBackgroundHover },
};

export type Pattern = 'solid' | 'diagonal' | 'reverse' | 'dots' | 'cross';
export interface Series {
  key: string;
  name: string;
  colour: string;
  pattern: Pattern;
}

/** A fill of the series colour with marks in the background colour (white on black in high contrast). */
function PatternFill({ id, colour, pattern }: { id: string; colour: string; pattern: Pattern }) {
  const mark = tokens.colorNeutralBackground1;
  return (
    <pattern
      id={id}
      width="8"
      height="8"
      patternUnits="userSpaceOnUse"
      patternTransform={
        pattern === 'diagonal' ? 'rotate(45)' : pattern === 'reverse' ? 'rotate(-45)' : undefined
      }
    >
      <rect width="8" height="8" fill={colour} />
      {(pattern === 'diagonal' || pattern === 'reverse') && <rect width="3" height="8" fill={mark} />}
      {pattern === 'dots' && <circle cx="4" cy="4" r="2" fill={mark} />}
      {pattern === 'cross' && <path d="M0 4H8M4 0V8" stroke={mark} strokeWidth="2" />}
    </pattern>
  );
}

/** Stacked bars, one per category of `data` (e.g. a week), one segment per series. */
export function StackedBars({
  title,
  data,
  categoryKey,
  series,
  tickLabel,
  tooltipLabel,
}: {
  title: string;
  data: Record<string, string | number>[];
  categoryKey: string;
  series: Series[];
  tickLabel: (category: string) => string;
  tooltipLabel: (category: string) => string;
}) {
  const t = useT();
  const fmt = useFormat();
  const id = useId().replace(/:/g, '');
  const fill = (i: number) => `url(#${id}-p${i})`;
  return (
    <BarChart
      responsive
      style={{ width: '100%', height: 300 }}
      data={data}
      title={title}
      desc={t('ui.dashboard.chartHint')}
      margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
    >
      <defs>
        {series.map((x, i) => (
          <PatternFill key={x.key} id={`${id}-p${i}`} colour={x.colour} pattern={x.pattern} />
        ))}
      </defs>
      <CartesianGrid vertical={false} stroke={tokens.colorNeutralStroke2} />
      <XAxis dataKey={categoryKey} tickFormatter={tickLabel} {...axis} />
      <YAxis allowDecimals={false} width={40} tickFormatter={(v: number) => fmt.number(v)} {...axis} />
      <Tooltip
        {...tooltip}
        labelFormatter={(label) => tooltipLabel(String(label))}
        // top of the stack first, as drawn
        itemSorter={(item) => -series.findIndex((x) => x.key === item.dataKey)}
        formatter={(v) => fmt.number(Number(v))}
      />
      <Legend
        itemSorter={null}
        wrapperStyle={{ fontSize: 12 }}
        formatter={(name) => <span style={{ color: tokens.colorNeutralForeground1 }}>{name}</span>}
      />
      {series.map((x, i) => (
        <Bar
          key={x.key}
          dataKey={x.key}
          name={x.name}
          stackId="all"
          fill={fill(i)}
          stroke={tokens.colorNeutralBackground1}
          strokeWidth={1}
          isAnimationActive={false}
        />
      ))}
    </BarChart>
  );
}

/** Horizontal bars, one per category (names can be long), with one value each. */
export function CategoryBars({
  title,
  data,
  valueName,
}: {
  title: string;
  data: { key: string; name: string; value: number }[];
  valueName: string;
}) {
  const t = useT();
  const fmt = useFormat();
  return (
    <BarChart
      responsive
      style={{ width: '100%', height: Math.max(140, data.length * 36 + 40) }}
      data={data}
      layout="vertical"
      title={title}
      desc={t('ui.dashboard.chartHint')}
      margin={{ top: 4, right: 16, bottom: 0, left: 0 }}
    >
      <CartesianGrid horizontal={false} stroke={tokens.colorNeutralStroke2} />
      <XAxis type="number" allowDecimals={false} tickFormatter={(v: number) => fmt.number(v)} {...axis} />
      <YAxis type="category" dataKey="name" width={150} {...axis} />
      <Tooltip {...tooltip} formatter={(v) => fmt.number(Number(v))} />
      <Bar
        dataKey="value"
        name={valueName}
        fill={tokens.colorBrandForeground1}
        maxBarSize={28}
        isAnimationActive={false}
      />
    </BarChart>
  );
}
