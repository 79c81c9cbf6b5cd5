/**
 * Editors of the calendar parts of a routing profile: weekly hours (per weekday, up to four spans, or closed),
 * holidays (date + name) and away periods (date ranges). Each shows the server's field errors on its inputs.
 */
import type { ReactNode } from 'react';
import { Button, Checkbox, Field, Input, Switch, Text } from '@fluentui/react-components';
import { useT } from '../../i18n';
import {
  type DateRange,
  type FieldErrors,
  type Holiday,
  type Hours,
  invalid,
  STANDARD_HOURS,
  useNames,
  useProfileStyles,
  WEEKDAYS,
  type Weekday,
} from './common';

const MAX_SPANS = 4;

/** Weekly hours; with `regionDefault`, `null` means "the business hours of my region". */
export function HoursEditor({
  legend,
  value,
  onChange,
  errors,
  path,
  regionDefault = false,
}: {
  legend: string;
  value: Hours | null;
  onChange: (hours: Hours | null) => void;
  errors: FieldErrors;
  path: string;
  regionDefault?: boolean;
}) {
  const s = useProfileStyles();
  const t = useT();
  const names = useNames();
  const group = errors.at(path);
  const setDay = (d: Weekday, spans: Hours[Weekday]) => value && onChange({ ...value, [d]: spans });
  return (
    <fieldset className={s.fieldset} data-testid="hours-editor">
      <legend className={s.legend}>{legend}</legend>
      {regionDefault && (
        <Switch
          label={t('ui.availability.hours.own')}
          checked={value !== null}
          onChange={(_, d) => onChange(d.checked ? STANDARD_HOURS : null)}
        />
      )}
      {value === null && <Text className={s.muted}>{t('ui.availability.hours.regionDefault')}</Text>}
      {group && (
        <Text role="alert" className={s.error}>
          {group}
        </Text>
      )}
      {value &&
        WEEKDAYS.map((d) => {
          const day = names.weekday(d);
          const spans = value[d];
          return (
            <div key={d} className={s.row} data-testid={`hours-${d}`}>
              <Checkbox
                className={s.day}
                label={day}
                checked={spans.length > 0}
                onChange={(_, c) => setDay(d, c.checked ? [{ start: '09:00', end: '17:00' }] : [])}
              />
              {spans.length === 0 && <Text className={s.muted}>{t('ui.availability.hours.closed')}</Text>}
              {spans.map((span, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: spans have no identity but their place
                <div key={i} className={s.row}>
                  <Field
                    label={t('ui.availability.hours.start', { day })}
                    {...invalid(errors.under(`${path}/${d}/${i}/start`) ?? errors.at(`${path}/${d}/${i}`))}
                  >
                    <Input
                      type="time"
                      value={span.start}
                      onChange={(_, v) =>
                        setDay(
                          d,
                          spans.map((x, j) => (j === i ? { ...x, start: v.value } : x)),
                        )
                      }
                    />
                  </Field>
                  <Field
                    label={t('ui.availability.hours.end', { day })}
                    {...invalid(errors.under(`${path}/${d}/${i}/end`))}
                  >
                    <Input
                      type="time"
                      value={span.end}
                      onChange={(_, v) =>
                        setDay(
                          d,
                          spans.map((x, j) => (j === i ? { ...x, end: v.value } : x)),
                        )
                      }
                    />
                  </Field>
                  {spans.length > 1 && (
                    <Button
                      appearance="subtle"
                      aria-label={t('ui.availability.hours.removeSpan', { day })}
                      onClick={() =>
                        setDay(
                          d,
                          spans.filter((_, j) => j !== i),
                        )
                      }
                    >
                      {t('ui.availability.remove')}
                    </Button>
                  )}
                </div>
              ))}
              {spans.length > 0 && spans.length < MAX_SPANS && (
                <Button
                  appearance="subtle"
                  aria-label={t('ui.availability.hours.addSpan', { day })}
                  onClick={() => {
                    const last = spans[spans.length - 1]!;
                    setDay(d, [...spans, { start: last.end, end: last.end < '22:00' ? '23:00' : '23:59' }]);
                  }}
                >
                  {t('ui.availability.hours.add')}
                </Button>
              )}
            </div>
          );
        })}
    </fieldset>
  );
}

/** Rows of dated entries (holidays, away periods) with add and remove; errors shown on each row's fields. */
function RowsEditor<T>({
  legend,
  value,
  onChange,
  errors,
  path,
  kind,
  blank,
  fields,
}: {
  legend: string;
  value: T[];
  onChange: (rows: T[]) => void;
  errors: FieldErrors;
  path: string;
  /** `holidays` or `away`: test ids and the `ui.availability.<kind>.*` words */
  kind: 'holidays' | 'away';
  blank: T;
  fields: (row: T, set: (row: T) => void, at: string) => ReactNode;
}) {
  const s = useProfileStyles();
  const t = useT();
  const set = (i: number, r: T) => onChange(value.map((x, j) => (j === i ? r : x)));
  return (
    <fieldset className={s.fieldset} data-testid={`${kind}-editor`}>
      <legend className={s.legend}>{legend}</legend>
      {errors.at(path) && (
        <Text role="alert" className={s.error}>
          {errors.at(path)}
        </Text>
      )}
      {value.length === 0 && <Text className={s.muted}>{t(`ui.availability.${kind}.none`)}</Text>}
      {value.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows being typed have no identity but their place
        <div key={i} className={s.row} data-testid={kind === 'holidays' ? 'holiday-row' : 'away-row'}>
          {fields(r, (x) => set(i, x), `${path}/${i}`)}
          <Button
            appearance="subtle"
            aria-label={t(`ui.availability.${kind}.removeOne`, { n: i + 1 })}
            onClick={() => onChange(value.filter((_, j) => j !== i))}
          >
            {t('ui.availability.remove')}
          </Button>
        </div>
      ))}
      <div className={s.actions}>
        <Button onClick={() => onChange([...value, blank])}>{t(`ui.availability.${kind}.add`)}</Button>
      </div>
    </fieldset>
  );
}

interface RowsProps<T> {
  legend: string;
  value: T[];
  onChange: (rows: T[]) => void;
  errors: FieldErrors;
  path: string;
}

/** Holidays: a date and a name each. */
export function HolidaysEditor(props: RowsProps<Holiday>) {
  const t = useT();
  const { errors } = props;
  return (
    <RowsEditor
      {...props}
      kind="holidays"
      blank={{ date: '', name: '' }}
      fields={(h, set, at) => (
        <>
          <Field label={t('ui.availability.holidays.date')} {...invalid(errors.under(`${at}/date`))}>
            <Input type="date" value={h.date} onChange={(_, d) => set({ ...h, date: d.value })} />
          </Field>
          <Field label={t('ui.availability.holidays.name')} {...invalid(errors.under(`${at}/name`))}>
            <Input value={h.name} maxLength={200} onChange={(_, d) => set({ ...h, name: d.value })} />
          </Field>
        </>
      )}
    />
  );
}

/** Away periods: first and last day, both included. */
export function RangesEditor(props: RowsProps<DateRange>) {
  const t = useT();
  const { errors } = props;
  return (
    <RowsEditor
      {...props}
      kind="away"
      blank={{ from: '', to: '' }}
      fields={(r, set, at) => (
        <>
          <Field label={t('ui.availability.away.from')} {...invalid(errors.under(`${at}/from`))}>
            <Input type="date" value={r.from} onChange={(_, d) => set({ ...r, from: d.value })} />
          </Field>
          <Field label={t('ui.availability.away.to')} {...invalid(errors.under(`${at}/to`))}>
            <Input type="date" value={r.to} onChange={(_, d) => set({ ...r, to: d.value })} />
          </Field>
        </>
      )}
    />
  );
}

export interface Availability {
  workingHours: Hours | null;
  away: DateRange[];
  holidays: Holiday[];
}

/** A center person's own hours, away periods and holidays (the profile editor and My availability). */
export function AvailabilityEditors({
  value,
  onChange,
  errors,
}: {
  value: Availability;
  onChange: (patch: Partial<Availability>) => void;
  errors: FieldErrors;
}) {
  const t = useT();
  return (
    <>
      <HoursEditor
        legend={t('ui.availability.hours.title')}
        value={value.workingHours}
        onChange={(workingHours) => onChange({ workingHours })}
        errors={errors}
        path="/body/workingHours"
        regionDefault
      />
      <RangesEditor
        legend={t('ui.availability.away.title')}
        value={value.away}
        onChange={(away) => onChange({ away })}
        errors={errors}
        path="/body/away"
      />
      <HolidaysEditor
        legend={t('ui.availability.holidays.title')}
        value={value.holidays}
        onChange={(holidays) => onChange({ holidays })}
        errors={errors}
        path="/body/holidays"
      />
    </>
  );
}
