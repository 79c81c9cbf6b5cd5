/**
 * Shared pieces of the routing-profile pages (People, My availability, partner profile, region calendars):
 * the API's types, styles, names of languages and countries in the reader's language, the server's field
 * errors by JSON pointer, and the multi-select and time-zone pickers.
 */
import { Combobox, Dropdown, Field, makeStyles, Option, tokens } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api } from '../../api/client';
import type { paths } from '../../api/schema';
import { useSession } from '../../session';
import { plainList } from '../../components/styles';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type PersonProfile = Json<paths['/api/people/{id}/profile']['get']['responses'][200]>;
export type PersonProfileInput = NonNullable<
  paths['/api/people/{id}/profile']['put']['requestBody']
>['content']['application/json'];
export type PartnerProfile = Json<paths['/api/partners/{id}/profile']['get']['responses'][200]>;
export type RegionCalendar = Json<paths['/api/calendars/regions/{region}']['get']['responses'][200]>;
export type Hours = PartnerProfile['businessHours'];
export type Weekday = keyof Hours;
export type Holiday = PartnerProfile['holidays'][number];
export type DateRange = PersonProfile['away'][number];

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const day = [{ start: '09:00', end: '17:00' }];
/** Monday to Friday, 9:00–17:00 (the server's default too). */
export const STANDARD_HOURS: Hours = { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] };

/** Today's date (UTC, as the server counts it), plus `days`. */
export function isoDate(days = 0): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The center roles a profile may carry (routing uses the first three). */
export const CENTER_ROLES = [
  'fasttrack-manager',
  'fasttrack-engineer',
  'migration-manager',
  'fasttrack-architect',
  'rfa-manager',
  'targeting-manager',
  'sme',
];

/** The center's people with their routing profiles. */
export function usePeople(enabled = true) {
  return useQuery({
    queryKey: ['people'],
    queryFn: async () => {
      const { data, error } = await api.GET('/api/people');
      if (error) throw error;
      return data;
    },
    enabled,
  });
}

export const isCenterLead = (org: { kind: string; role: string } | null | undefined) =>
  org?.kind === 'center' && (org.role === 'lead' || org.role === 'admin');

/** Field errors of a problem answer, keyed by JSON pointer (`/body/away/0/to`). */
export function useFieldErrors(problem: unknown) {
  return useMemo(() => {
    const list = (problem as { errors?: { path: string; message: string }[] } | null)?.errors ?? [];
    return {
      at: (path: string) => list.find((e) => e.path === path)?.message,
      /** the first error at or below `path` (for groups such as weekly hours) */
      under: (path: string) => list.find((e) => e.path === path || e.path.startsWith(`${path}/`))?.message,
      any: list.length > 0,
    };
  }, [problem]);
}
export type FieldErrors = ReturnType<typeof useFieldErrors>;

/** Field props for a Fluent `Field` showing an error, when there is one. */
export const invalid = (message: string | undefined) =>
  message ? { validationState: 'error' as const, validationMessage: message } : {};

/** Names of languages, countries and weekdays in the reader's language (the code when unknown). */
export function useNames() {
  const { language } = useSession();
  return useMemo(() => {
    const languages = new Intl.DisplayNames([language], { type: 'language' });
    const regions = new Intl.DisplayNames([language], { type: 'region' });
    const weekday = new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' });
    const safe = (f: () => string | undefined, code: string) => {
      try {
        return f() ?? code;
      } catch {
        return code;
      }
    };
    return {
      language: (code: string) => safe(() => languages.of(code), code),
      country: (code: string) => safe(() => regions.of(code), code),
      // 2024-01-01 was a Monday
      weekday: (d: Weekday) => weekday.format(new Date(Date.UTC(2024, 0, 1 + WEEKDAYS.indexOf(d)))),
      list: (items: string[]) =>
        new Intl.ListFormat(language, { style: 'narrow', type: 'unit' }).format(items),
    };
  }, [language]);
}

export const useProfileStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  heading: { margin: 0 },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  card: { padding: 0, overflowX: 'auto' },
  table: { minWidth: '900px' },
  empty: { padding: tokens.spacingHorizontalL },
  actions: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  grid: {
    display: 'grid',
    gap: tokens.spacingHorizontalL,
    gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))',
    alignItems: 'start',
  },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalS,
  },
  fieldset: {
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalM,
    margin: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    minWidth: 0,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: `0 ${tokens.spacingHorizontalXS}` },
  day: { minWidth: '120px' },
  muted: { color: tokens.colorNeutralForeground3 },
  error: { color: tokens.colorPaletteRedForeground1 },
  list: plainList('4px'),
});

export interface Choice {
  value: string;
  text: string;
}

/** A multi-select list; values the list does not know (yet) stay selectable as themselves. */
export function MultiSelect({
  label,
  choices,
  selected,
  onChange,
  error,
  hint,
  placeholder,
}: {
  label: string;
  choices: Choice[];
  selected: string[];
  onChange: (values: string[]) => void;
  error?: string;
  hint?: string;
  /** shown while nothing is selected */
  placeholder?: string;
}) {
  const all = useMemo(() => {
    const known = new Set(choices.map((c) => c.value));
    return [...choices, ...selected.filter((v) => !known.has(v)).map((v) => ({ value: v, text: v }))];
  }, [choices, selected]);
  const text = new Map(all.map((c) => [c.value, c.text]));
  return (
    <Field label={label} hint={hint} {...invalid(error)}>
      <Dropdown
        multiselect
        placeholder={placeholder}
        value={selected.map((v) => text.get(v) ?? v).join(', ')}
        selectedOptions={selected}
        onOptionSelect={(_, d) => onChange(d.selectedOptions)}
      >
        {all.map((c) => (
          <Option key={c.value} value={c.value}>
            {c.text}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}

const ZONES: string[] = (() => {
  try {
    const zones = Intl.supportedValuesOf('timeZone');
    return zones.includes('UTC') ? zones : ['UTC', ...zones];
  } catch {
    return ['UTC'];
  }
})();

/** An IANA time zone, filtered as you type. */
export function TimeZoneField({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string;
  onChange: (zone: string) => void;
  error?: string;
}) {
  const [query, setQuery] = useState<string | null>(null);
  const q = query?.trim().toLowerCase() ?? '';
  const shown = q ? ZONES.filter((z) => z.toLowerCase().includes(q)) : ZONES;
  const options = shown.includes(value) || q ? shown : [value, ...shown];
  return (
    <Field label={label} {...invalid(error)}>
      <Combobox
        value={query ?? value}
        selectedOptions={[value]}
        onChange={(e) => setQuery(e.target.value)}
        onOptionSelect={(_, d) => {
          if (d.optionValue) onChange(d.optionValue);
          setQuery(null);
        }}
        onOpenChange={(_, d) => !d.open && setQuery(null)}
      >
        {options.slice(0, 200).map((z) => (
          <Option key={z} value={z}>
            {z}
          </Option>
        ))}
      </Combobox>
    </Field>
  );
}
