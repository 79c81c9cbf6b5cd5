/** The list's filters, kept in the address (so a filtered list can be shared and the CSV uses the same). */
import { Checkbox, Dropdown, Field, Option } from '@fluentui/react-components';
import { Choice } from '../../components/Choice';
import { useT } from '../../i18n';
import { useProgramme } from './data';
import { useLabels, useStyles } from './ui';

export const FILTER_KEYS = ['status', 'motion', 'phase', 'workload', 'region', 'sla', 'notes'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

interface Props {
  filters: Filters;
  onChange: (key: FilterKey, value: string | undefined) => void;
}

export function EngagementFilters({ filters, onChange }: Props) {
  const t = useT();
  const s = useStyles();
  const l = useLabels();
  const programme = useProgramme().data;
  const any = t('ui.engagements.filter.any');
  return (
    <search className={s.toolbar} aria-label={t('ui.engagements.filter.label')}>
      <Field label={t('ui.engagements.filter.status')}>
        <Dropdown
          className={s.filter}
          value={l.engagementStatus(filters.status ?? 'active')}
          selectedOptions={[filters.status ?? 'active']}
          onOptionSelect={(_, d) =>
            onChange('status', d.optionValue === 'active' ? undefined : d.optionValue)
          }
        >
          {['active', 'inactive'].map((st) => (
            <Option key={st} value={st}>
              {l.engagementStatus(st)}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Choice
        label={t('ui.engagements.filter.motion')}
        value={filters.motion}
        options={programme?.motions ?? []}
        onChange={(v) => onChange('motion', v)}
        anyLabel={any}
        className={s.filter}
      />
      <Choice
        label={t('ui.engagements.filter.workload')}
        value={filters.workload}
        options={programme?.workloads ?? []}
        onChange={(v) => onChange('workload', v)}
        anyLabel={any}
        className={s.filter}
      />
      <Choice
        label={t('ui.engagements.filter.phase')}
        value={filters.phase}
        options={[...(programme?.phases ?? [])].sort((a, b) => a.order - b.order)}
        onChange={(v) => onChange('phase', v)}
        anyLabel={any}
        className={s.filter}
      />
      <Choice
        label={t('ui.engagements.filter.region')}
        value={filters.region}
        options={programme?.regions ?? []}
        onChange={(v) => onChange('region', v)}
        anyLabel={any}
        className={s.filter}
      />
      <Checkbox
        label={t('ui.engagements.filter.slaOverdue')}
        checked={filters.sla === 'overdue'}
        onChange={(_, d) => onChange('sla', d.checked ? 'overdue' : undefined)}
      />
      <Checkbox
        label={t('ui.engagements.filter.notesOverdue')}
        checked={filters.notes === 'overdue'}
        onChange={(_, d) => onChange('notes', d.checked ? 'overdue' : undefined)}
      />
    </search>
  );
}
