/** Migration projects of the engagement: scope, progress and the batch schedule with its counts. */
import {
  Badge,
  Card,
  CardHeader,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
} from '@fluentui/react-components';
import { useId } from 'react';
import { useT } from '../../i18n';
import { useFormat, useSession } from '../../session';
import { pick, useMigrationProjects, useProgrammeDocument } from './data';
import type { EngagementDetail, MigrationProject } from './types';
import { ProblemBar, statusColour, useLabels, useStyles } from './ui';

export function MigrationTab({ engagement: e }: { engagement: EngagementDetail }) {
  const t = useT();
  const s = useStyles();
  const projects = useMigrationProjects(e.id);
  if (projects.isLoading) return <Spinner label={t('ui.common.loading')} />;
  if (projects.isError) return <ProblemBar problem={projects.error} />;
  const items = projects.data ?? [];
  if (items.length === 0)
    return (
      <Text>
        {e.workloads.some((w) => w.migration)
          ? t('ui.engagement.migration.none')
          : t('ui.engagement.migration.notInScope')}
      </Text>
    );
  return (
    <div className={s.stack} style={{ gap: '24px' }}>
      {items.map((p) => (
        <ProjectCard key={p.id} project={p} engagement={e} />
      ))}
    </div>
  );
}

function ProjectCard({
  project: p,
  engagement: e,
}: {
  project: MigrationProject;
  engagement: EngagementDetail;
}) {
  const t = useT();
  const s = useStyles();
  const l = useLabels();
  const fmt = useFormat();
  const { language } = useSession();
  const doc = useProgrammeDocument().data;
  const headingId = useId();
  const source = pick(doc?.migrationSources?.find((x) => x.id === p.source)?.name, language, p.source);
  const destination = e.workloads.find((w) => w.workload === p.destination)?.name ?? p.destination;
  const title = t('ui.engagement.migration.project', { source, destination });
  const processed = p.progress.migrated + p.progress.failed + p.progress.skipped;
  return (
    <Card className={s.card} data-testid="migration-project">
      <CardHeader
        header={
          <Title2 as="h2" id={headingId} className={s.heading} style={{ fontSize: '20px' }}>
            {title}
          </Title2>
        }
        action={
          <Badge appearance="filled" color={statusColour(p.status)}>
            {l.projectStatus(p.status)}
          </Badge>
        }
      />
      <dl className={s.facts}>
        <dt>{t('ui.engagement.migration.scopeUsers')}</dt>
        <dd>{fmt.number(p.scope.users)}</dd>
        <dt>{t('ui.engagement.migration.scopeMailboxes')}</dt>
        <dd>{fmt.number(p.scope.mailboxes)}</dd>
        <dt>{t('ui.engagement.migration.scopeGb')}</dt>
        <dd>{fmt.number(p.scope.gb)}</dd>
        <dt>{t('ui.engagement.migration.lastProgress')}</dt>
        <dd>{fmt.dateTime(p.lastProgressAt)}</dd>
      </dl>
      {p.pausedAt && (
        <MessageBar intent="warning">
          <MessageBarBody>
            {t('ui.engagement.migration.paused', { date: fmt.date(p.pausedAt) })}
          </MessageBarBody>
        </MessageBar>
      )}
      {p.flaggedAt && (
        <MessageBar intent="error">
          <MessageBarBody>
            {t('ui.engagement.migration.flagged', { date: fmt.date(p.flaggedAt) })}
          </MessageBarBody>
        </MessageBar>
      )}
      <div className={s.stack} style={{ gap: '4px' }}>
        <Text weight="semibold">
          {t('ui.engagement.migration.progress', { percent: p.progress.percent })}
        </Text>
        <ProgressBar
          value={p.progress.percent / 100}
          thickness="large"
          color={p.progress.failed > 0 ? 'warning' : 'brand'}
          aria-label={t('ui.engagement.migration.progressAria', {
            project: title,
            percent: p.progress.percent,
          })}
        />
        <Text size={200} className={s.muted}>
          {t('ui.engagement.migration.counts', {
            processed: fmt.number(processed),
            users: fmt.number(p.progress.users),
            migrated: fmt.number(p.progress.migrated),
            failed: fmt.number(p.progress.failed),
            skipped: fmt.number(p.progress.skipped),
          })}
        </Text>
      </div>
      {p.batches.length === 0 ? (
        <Text>{t('ui.engagement.migration.noBatches')}</Text>
      ) : (
        <div className={s.tableWrap}>
          <Table size="small" aria-label={t('ui.engagement.migration.batchesOf', { project: title })}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('ui.engagement.migration.batch')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('ui.engagement.migration.scheduledOn')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('ui.engagement.migration.users')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('ui.engagement.migration.migrated')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('ui.engagement.migration.failed')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('ui.engagement.migration.skipped')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('ui.engagement.migration.status')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {p.batches.map((b) => (
                <TableRow key={b.id}>
                  <TableCell>{b.name}</TableCell>
                  <TableCell>{fmt.date(b.scheduledOn)}</TableCell>
                  <TableCell>{fmt.number(b.users)}</TableCell>
                  <TableCell>{fmt.number(b.migrated)}</TableCell>
                  <TableCell>
                    {b.failed > 0 ? (
                      <span className={s.danger}>{fmt.number(b.failed)}</span>
                    ) : (
                      fmt.number(b.failed)
                    )}
                  </TableCell>
                  <TableCell>{fmt.number(b.skipped)}</TableCell>
                  <TableCell>
                    <Badge appearance="tint" color={statusColour(b.status)}>
                      {l.batchStatus(b.status)}
                    </Badge>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </Card>
  );
}
