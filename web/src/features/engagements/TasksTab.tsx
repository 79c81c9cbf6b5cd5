/** The engagement's tasks, grouped by workstream, in playbook order. */
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Dropdown,
  Field,
  Option,
  Spinner,
  Switch,
  Text,
} from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { namer, useProgramme, useTasks } from './data';
import { TaskItem } from './TaskItem';
import { type EngagementDetail, WORKSTREAMS } from './types';
import { ProblemBar, useLabels, useStyles } from './ui';

const closed = (status: string) => status === 'complete' || status === 'not-applicable';

export function TasksTab({ engagement }: { engagement: EngagementDetail }) {
  const s = useStyles();
  const t = useT();
  const l = useLabels();
  const { me } = useSession();
  const tasks = useTasks(engagement.id);
  const programme = useProgramme().data;
  const phaseName = namer(programme?.phases);
  const [hideDone, setHideDone] = useState(false);
  const [owner, setOwner] = useState<string>('');
  const [workload, setWorkload] = useState<string>('');

  const all = tasks.data ?? [];
  const byId = useMemo(() => new Map(all.map((x) => [x.id, { name: x.name, status: x.status }])), [all]);
  const shown = all.filter(
    (x) =>
      (!hideDone || !closed(x.status)) &&
      (!owner || x.owner === owner) &&
      (!workload || (workload === '-' ? x.workload === null : x.workload === workload)),
  );
  const groups = [...WORKSTREAMS, ...new Set(all.map((x) => x.workstream))]
    .filter((w, i, list) => list.indexOf(w) === i)
    .map((w) => ({
      id: w,
      items: shown.filter((x) => x.workstream === w),
      all: all.filter((x) => x.workstream === w),
    }))
    .filter((g) => g.all.length > 0);
  const [open, setOpen] = useState<string[] | null>(null);
  const openItems = open ?? groups.filter((g) => g.all.some((x) => !closed(x.status))).map((g) => g.id);

  const workloadOptions = [
    { id: '', name: t('ui.engagement.tasks.allWorkloads') },
    ...engagement.workloads.map((w) => ({ id: w.workload, name: w.name })),
    { id: '-', name: t('ui.engagement.tasks.engagementWide') },
  ];
  const ownerOptions = [
    { id: '', name: t('ui.engagement.tasks.anyOwner') },
    { id: 'customer', name: l.owner('customer') },
    { id: 'center', name: l.owner('center') },
  ];

  if (tasks.isLoading) return <Spinner label={t('ui.common.loading')} />;
  if (tasks.isError) return <ProblemBar problem={tasks.error} />;

  return (
    <div className={s.stack}>
      <search aria-label={t('ui.engagement.tasks.filters')} className={s.toolbar}>
        <Field label={t('ui.engagement.tasks.workload')}>
          <Dropdown
            className={s.filter}
            value={workloadOptions.find((o) => o.id === workload)?.name}
            selectedOptions={[workload]}
            onOptionSelect={(_, d) => setWorkload(d.optionValue ?? '')}
          >
            {workloadOptions.map((o) => (
              <Option key={o.id} value={o.id}>
                {o.name}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label={t('ui.engagement.tasks.owner')}>
          <Dropdown
            className={s.filter}
            value={ownerOptions.find((o) => o.id === owner)?.name}
            selectedOptions={[owner]}
            onOptionSelect={(_, d) => setOwner(d.optionValue ?? '')}
          >
            {ownerOptions.map((o) => (
              <Option key={o.id} value={o.id}>
                {o.name}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Switch
          label={t('ui.engagement.tasks.hideDone')}
          checked={hideDone}
          onChange={(_, d) => setHideDone(d.checked)}
        />
      </search>
      <Text role="status" className={s.muted}>
        {t('ui.engagement.tasks.shown', { shown: shown.length, total: all.length })}
      </Text>
      {all.length === 0 && <Text>{t('ui.engagement.tasks.none')}</Text>}
      <Accordion
        multiple
        collapsible
        openItems={openItems}
        onToggle={(_, d) => setOpen(d.openItems.map(String))}
      >
        {groups.map((g) => {
          const done = g.all.filter((x) => closed(x.status)).length;
          return (
            <AccordionItem key={g.id} value={g.id}>
              <AccordionHeader as="h2" size="large">
                <span className={s.row}>
                  {l.workstream(g.id)}
                  <Badge appearance="tint" color={done === g.all.length ? 'success' : 'informative'}>
                    {t('ui.engagement.overview.completeOfTotal', { complete: done, total: g.all.length })}
                  </Badge>
                </span>
              </AccordionHeader>
              <AccordionPanel>
                {g.items.length === 0 ? (
                  <Text className={s.muted}>{t('ui.engagement.tasks.noneMatch')}</Text>
                ) : (
                  <ul className={s.list} style={{ paddingBottom: '12px' }}>
                    {g.items.map((task) => (
                      <TaskItem
                        key={task.id}
                        task={task}
                        engagement={engagement}
                        kind={me?.organisation?.kind}
                        phaseName={phaseName}
                        taskName={(id) => byId.get(id)}
                      />
                    ))}
                  </ul>
                )}
              </AccordionPanel>
            </AccordionItem>
          );
        })}
      </Accordion>
    </div>
  );
}
