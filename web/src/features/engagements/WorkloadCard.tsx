/** One workload of the engagement: phase, task completion, dates, who delivers, entitlement status. */
import {
  Badge,
  Card,
  CardHeader,
  makeStyles,
  mergeClasses,
  ProgressBar,
  Text,
  Subtitle1,
  tokens,
} from '@fluentui/react-components';
import { useId } from 'react';
import { useT } from '../../i18n';
import { useFormat } from '../../session';
import type { WorkloadDetail } from './types';
import { useLabels, useStyles } from './ui';

const useCardStyles = makeStyles({
  steps: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalXS,
    listStyleType: 'none',
    padding: 0,
    margin: 0,
  },
  step: {
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
  },
  stepDone: {
    backgroundColor: tokens.colorPaletteGreenBackground1,
    color: tokens.colorPaletteGreenForeground1,
  },
  stepCurrent: {
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    fontWeight: tokens.fontWeightSemibold,
  },
  buckets: { display: 'flex', height: '8px', borderRadius: tokens.borderRadiusMedium, overflow: 'hidden' },
});

const BUCKET_COLOUR: Record<string, string> = {
  'in-progress': tokens.colorBrandBackground,
  blocked: tokens.colorPaletteRedBackground3,
  'no-intent': tokens.colorNeutralForeground3,
  'status-unknown': tokens.colorPaletteYellowBackground3,
  'duplicate-invalid': tokens.colorNeutralStroke1,
};

export function WorkloadCard({
  workload: w,
  phaseName,
}: {
  workload: WorkloadDetail;
  phaseName: (id: string) => string;
}) {
  const s = useStyles();
  const c = useCardStyles();
  const t = useT();
  const l = useLabels();
  const fmt = useFormat();
  const labelId = useId();
  const current = w.phases.indexOf(w.phase);
  const seats = w.buckets.reduce((n, b) => n + b.count, 0);
  return (
    <Card className={s.card} data-testid="workload-card">
      <CardHeader
        header={
          <Subtitle1 as="h3" className={s.heading}>
            {w.name}
          </Subtitle1>
        }
        description={
          <Text className={s.muted}>{t('ui.engagement.workload.phase', { phase: w.phaseName })}</Text>
        }
        action={
          w.completedAt ? <Badge color="success">{t('ui.engagement.workload.completed')}</Badge> : undefined
        }
      />
      {w.phases.length > 0 && (
        <ol className={c.steps} aria-label={t('ui.engagement.workload.phases')}>
          {w.phases.map((p, i) => (
            <li
              key={p}
              aria-current={i === current ? 'step' : undefined}
              className={mergeClasses(c.step, i < current && c.stepDone, i === current && c.stepCurrent)}
            >
              {phaseName(p)}
            </li>
          ))}
        </ol>
      )}
      <div className={s.stack} style={{ gap: tokens.spacingVerticalXXS }}>
        <Text id={labelId} weight="semibold">
          {t('ui.engagement.workload.progress', { percent: w.progress.percent })}
        </Text>
        <ProgressBar
          value={w.progress.percent / 100}
          thickness="large"
          aria-label={t('ui.engagement.workload.progressAria', {
            workload: w.name,
            percent: w.progress.percent,
          })}
          aria-describedby={labelId}
        />
        <Text size={200} className={s.muted}>
          {t('ui.engagement.workload.tasksDone', { complete: w.progress.complete, total: w.progress.total })}
        </Text>
      </div>
      <dl className={s.facts}>
        <dt>{t('ui.engagement.workload.targetDate')}</dt>
        <dd>{w.targetDate ? fmt.date(w.targetDate) : t('ui.engagement.workload.noTargetDate')}</dd>
        <dt>{t('ui.engagement.workload.scenario')}</dt>
        <dd>{l.scenario(w.scenario)}</dd>
        <dt>{t('ui.engagement.workload.deliveryOwner')}</dt>
        <dd>{l.deliveryOwner(w.deliveryOwner)}</dd>
        <dt>{t('ui.engagement.workload.seats')}</dt>
        <dd>{fmt.number(w.entitlementSeats)}</dd>
        {w.activeUsers !== null && (
          <>
            <dt>{t('ui.engagement.workload.activeUsers')}</dt>
            <dd>{fmt.number(w.activeUsers)}</dd>
          </>
        )}
        <dt>{t('ui.engagement.workload.migration')}</dt>
        <dd>
          {w.migration
            ? t('ui.engagement.workload.migrationInScope')
            : t('ui.engagement.workload.migrationNone')}
        </dd>
      </dl>
      {w.buckets.length > 0 && (
        <div className={s.stack}>
          <Text weight="semibold">{t('ui.engagement.workload.entitlementStatus')}</Text>
          <div className={c.buckets} aria-hidden="true">
            {w.buckets.map((b) => (
              <span
                key={`${b.l1}-${b.l2 ?? ''}`}
                style={{
                  flexGrow: b.count,
                  backgroundColor: BUCKET_COLOUR[b.l1] ?? tokens.colorNeutralStroke1,
                }}
              />
            ))}
          </div>
          <ul className={s.list} style={{ gap: 0 }}>
            {w.buckets.map((b) => (
              <li key={`${b.l1}-${b.l2 ?? ''}`} className={s.row}>
                <Badge
                  appearance="tint"
                  color={b.l1 === 'blocked' ? 'danger' : b.l1 === 'in-progress' ? 'brand' : 'informative'}
                >
                  {l.l1(b.l1)}
                </Badge>
                <Text>
                  {t('ui.engagement.workload.bucketSeats', {
                    count: b.count,
                    percent: seats ? Math.round((100 * b.count) / seats) : 0,
                  })}
                </Text>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}
