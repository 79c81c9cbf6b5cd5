/**
 * One task: what, when, who; its status (changeable by the side that does the work — guidance only:
 * FastTrack never completes a customer's task) and its guidance, which center staff can add to.
 */
import {
  Badge,
  Button,
  Dropdown,
  Field,
  Input,
  Option,
  Text,
  tokens,
  makeStyles,
} from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { useT } from '../../i18n';
import { useFormat } from '../../session';
import { engagementKey } from './data';
import { GuidanceForm } from './GuidanceForm';
import { type EngagementDetail, type Task, TASK_STATUSES, type TaskStatus } from './types';
import { ProblemBar, statusColour, useLabels, useStyles } from './ui';

const useTaskStyles = makeStyles({
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  top: { display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  name: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  meta: {
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
    '& div': { display: 'flex', gap: tokens.spacingHorizontalXS },
    '& dt': { color: tokens.colorNeutralForeground3 },
    '& dd': { margin: 0 },
  },
  guidance: {
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}`,
    paddingLeft: tokens.spacingHorizontalM,
  },
});

type Kind = string | undefined;

/** Who may change a task's status: the customer's side its own tasks, the delivering side the center's. */
export function mayChangeStatus(kind: Kind, task: Task, e: EngagementDetail): boolean {
  if (task.owner === 'customer') return kind === 'customer' || kind === 'partner';
  if (kind === 'center') return true;
  if (kind !== 'partner') return false;
  const delivery = task.workload
    ? e.workloads.find((w) => w.workload === task.workload)?.deliveryOwner
    : e.workloads.some((w) => w.deliveryOwner === 'partner')
      ? 'partner'
      : 'center';
  return delivery === 'partner';
}

interface Props {
  task: Task;
  engagement: EngagementDetail;
  kind: Kind;
  phaseName: (id: string) => string;
  taskName: (id: string) => { name: string; status: string } | undefined;
}

export function TaskItem({ task, engagement, kind, phaseName, taskName }: Props) {
  const s = useStyles();
  const c = useTaskStyles();
  const t = useT();
  const l = useLabels();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const [pendingNa, setPendingNa] = useState(false);
  const [naReason, setNaReason] = useState('');
  const [problem, setProblem] = useState<unknown>(null);
  const [guiding, setGuiding] = useState(false);
  const canChange = mayChangeStatus(kind, task, engagement);
  const workload = engagement.workloads.find((w) => w.workload === task.workload);
  const titleId = `task-${task.id}`;

  const update = useMutation({
    mutationFn: async (body: { status: TaskStatus; naReason?: string }) => {
      const { error } = await api.PATCH('/api/engagements/{id}/tasks/{taskId}', {
        params: { path: { id: engagement.id, taskId: task.id } },
        body,
      });
      if (error) throw error;
    },
    onMutate: () => setProblem(null),
    onSuccess: () => {
      setPendingNa(false);
      setNaReason('');
      void queryClient.invalidateQueries({ queryKey: engagementKey(engagement.id) });
    },
    onError: (err) => setProblem(err),
  });

  const waits = task.dependsOn.map((d) => taskName(d)).filter((x) => !!x);

  return (
    <li className={c.item} aria-labelledby={titleId} data-testid="task">
      <div className={c.top}>
        <div className={s.stack} style={{ gap: tokens.spacingVerticalXXS }}>
          <h3 id={titleId} className={c.name}>
            {task.name}
          </h3>
          <div className={s.row}>
            <Badge appearance="outline" color={task.owner === 'customer' ? 'important' : 'brand'}>
              {l.owner(task.owner)}
            </Badge>
            {task.gate && (
              <Badge appearance="tint" color="warning">
                {t('ui.engagement.task.gate')}
              </Badge>
            )}
            {task.mandatory && (
              <Badge appearance="tint" color="informative">
                {t('ui.engagement.task.mandatory')}
              </Badge>
            )}
          </div>
        </div>
        {canChange ? (
          <div className={s.row}>
            <Text id={`${titleId}-status`} className={s.muted}>
              {t('ui.engagement.task.status')}
            </Text>
            <Dropdown
              aria-labelledby={`${titleId}-status ${titleId}`}
              value={l.taskStatus(pendingNa ? 'not-applicable' : task.status)}
              selectedOptions={[pendingNa ? 'not-applicable' : task.status]}
              disabled={update.isPending}
              onOptionSelect={(_, d) => {
                const next = d.optionValue as TaskStatus;
                if (next === task.status) return setPendingNa(false);
                if (next === 'not-applicable') return setPendingNa(true);
                setPendingNa(false);
                update.mutate({ status: next });
              }}
            >
              {TASK_STATUSES.map((st) => (
                <Option key={st} value={st} disabled={st === 'not-applicable' && task.mandatory}>
                  {l.taskStatus(st)}
                </Option>
              ))}
            </Dropdown>
          </div>
        ) : (
          <div className={s.row}>
            <Text className={s.muted}>{t('ui.engagement.task.status')}</Text>
            <Badge appearance="tint" color={statusColour(task.status)}>
              {l.taskStatus(task.status)}
            </Badge>
          </div>
        )}
      </div>
      <dl className={c.meta}>
        <div>
          <dt>{t('ui.engagement.task.phase')}</dt>
          <dd>{phaseName(task.phase)}</dd>
        </div>
        <div>
          <dt>{t('ui.engagement.task.workload')}</dt>
          <dd>{workload?.name ?? t('ui.engagement.task.allWorkloads')}</dd>
        </div>
        <div>
          <dt>{t('ui.engagement.task.role')}</dt>
          <dd>{l.role(task.role)}</dd>
        </div>
        <div>
          <dt>{t('ui.engagement.task.due')}</dt>
          <dd>{task.dueOn ? fmt.date(task.dueOn) : t('ui.engagement.task.noDueDate')}</dd>
        </div>
        {task.completedAt && (
          <div>
            <dt>{t('ui.engagement.task.completedAt')}</dt>
            <dd>{fmt.date(task.completedAt)}</dd>
          </div>
        )}
      </dl>
      {task.status === 'not-applicable' && task.naReason && (
        <Text size={200}>{t('ui.engagement.task.naReason', { reason: task.naReason })}</Text>
      )}
      {waits.length > 0 && (
        <Text size={200} className={s.muted}>
          {t('ui.engagement.task.waitsFor', {
            tasks: waits.map((w) => `${w!.name} (${l.taskStatus(w!.status)})`).join('; '),
          })}
        </Text>
      )}
      {pendingNa && (
        <form
          className={s.row}
          style={{ alignItems: 'flex-end' }}
          onSubmit={(ev) => {
            ev.preventDefault();
            update.mutate({ status: 'not-applicable', naReason: naReason.trim() });
          }}
        >
          <Field label={t('ui.engagement.task.naReasonLabel')} required style={{ flexGrow: 1 }}>
            <Input value={naReason} onChange={(_, d) => setNaReason(d.value)} maxLength={1000} />
          </Field>
          <Button appearance="primary" type="submit" disabled={!naReason.trim() || update.isPending}>
            {t('ui.engagement.task.markNa')}
          </Button>
          <Button onClick={() => setPendingNa(false)}>{t('ui.engagement.cancel')}</Button>
        </form>
      )}
      <ProblemBar problem={problem} onDismiss={() => setProblem(null)} />
      {task.guidance.length > 0 && (
        <section aria-label={t('ui.engagement.task.guidanceFor', { task: task.name })} className={s.stack}>
          <ul className={s.list}>
            {task.guidance.map((g) => (
              <li key={`${g.at}-${g.text}`} className={c.guidance}>
                <p className={s.pre}>{g.text}</p>
                {g.link && (
                  <a href={g.link} target="_blank" rel="noopener noreferrer">
                    {g.link}
                  </a>
                )}
                <Text size={200} className={s.muted} block>
                  {g.authorName
                    ? t('ui.engagement.task.guidanceBy', { name: g.authorName, date: fmt.date(g.at) })
                    : fmt.date(g.at)}
                </Text>
              </li>
            ))}
          </ul>
        </section>
      )}
      {kind === 'center' &&
        task.owner === 'customer' &&
        (guiding ? (
          <GuidanceForm engagementId={engagement.id} task={task} onDone={() => setGuiding(false)} />
        ) : (
          <div>
            <Button appearance="secondary" size="small" onClick={() => setGuiding(true)}>
              {t('ui.engagement.guidance.add')}
            </Button>
          </div>
        ))}
    </li>
  );
}
