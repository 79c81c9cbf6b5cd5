/**
 * Assigning people (center only): pick a role, see the ranked candidates with the reasons, assign the best or
 * a chosen one. The first FastTrack Manager becomes primary, which books the meeting series: the panel says how
 * many meetings and whether the kickoff made the 2-business-day deadline. Below, referral to a partner.
 */
import {
  Button,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Spinner,
  Text,
  Title3,
} from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { useT } from '../../i18n';
import { CandidateList } from './CandidateList';
import { engagementKey } from './data';
import { ReferPanel } from './ReferPanel';
import {
  type Candidate,
  ROUTABLE_ROLES,
  type RoutableRole,
  type SeriesSummary,
  seriesSummary,
  useRouting,
} from './scheduling';
import type { EngagementDetail } from './types';
import { ProblemBar, useLabels, useStyles } from './ui';

interface Outcome {
  name: string;
  role: RoutableRole;
  series: SeriesSummary | null;
}

export function AssignPanel({ engagement: e }: { engagement: EngagementDetail }) {
  const s = useStyles();
  const t = useT();
  const l = useLabels();
  const queryClient = useQueryClient();
  const [role, setRole] = useState<RoutableRole>('fasttrack-manager');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const routing = useRouting(e.id, role);
  const hasPrimary = e.assignments.some((a) => a.primary);
  const makesPrimary = role === 'fasttrack-manager' && !hasPrimary;
  const assigned = new Map(
    e.assignments.filter((a) => a.role === role).map((a) => [a.userId, t('ui.assign.assignedBadge')]),
  );

  const assign = useMutation({
    mutationFn: async (pick: Candidate | 'best'): Promise<Outcome> => {
      const path = { id: e.id };
      if (pick === 'best') {
        const { data, error } = await api.POST('/api/engagements/{id}/routing/assign', {
          params: { path },
          body: { role },
        });
        if (error) throw error;
        return { name: data.name, role, series: makesPrimary ? await seriesSummary(e.id) : null };
      }
      const { data, error } = await api.POST('/api/engagements/{id}/assignments', {
        params: { path },
        body: { role, userId: pick.id, ...(makesPrimary ? { primary: true } : {}) },
      });
      if (error) throw error;
      return {
        name: pick.name,
        role,
        series: data.meetings ? await seriesSummary(e.id, data.meetings) : null,
      };
    },
    onMutate: () => setOutcome(null),
    onSuccess: (o) => setOutcome(o),
    onSettled: () => queryClient.invalidateQueries({ queryKey: engagementKey(e.id) }),
  });

  const candidates = routing.data?.candidates ?? [];
  const anyEligible = candidates.some((c) => c.eligible && !assigned.has(c.id));

  return (
    <section className={s.section} aria-labelledby="assign-title" data-testid="assign-panel">
      <Title3 as="h2" id="assign-title" className={s.heading}>
        {t('ui.assign.title')}
      </Title3>
      <Text>{t('ui.assign.intro')}</Text>
      <div className={s.toolbar}>
        <Field label={t('ui.assign.role')}>
          <Dropdown
            className={s.filter}
            value={l.role(role)}
            selectedOptions={[role]}
            onOptionSelect={(_, d) => {
              setRole(d.optionValue as RoutableRole);
              setOutcome(null);
              assign.reset();
            }}
          >
            {ROUTABLE_ROLES.map((r) => (
              <Option key={r} value={r}>
                {l.role(r)}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Button
          appearance="primary"
          disabled={assign.isPending || !anyEligible}
          onClick={() => assign.mutate('best')}
        >
          {t('ui.assign.best')}
        </Button>
        {makesPrimary && <Text className={s.muted}>{t('ui.assign.primaryHint')}</Text>}
      </div>
      {assign.isPending && <Spinner size="small" label={t('ui.assign.assigning')} />}
      {outcome && <OutcomeBar outcome={outcome} />}
      <ProblemBar problem={assign.error} onDismiss={() => assign.reset()} />
      {routing.isLoading && <Spinner label={t('ui.common.loading')} />}
      <ProblemBar problem={routing.error} />
      {routing.isSuccess && candidates.length === 0 && <Text>{t('ui.assign.noCandidates')}</Text>}
      {candidates.length > 0 && (
        <CandidateList
          candidates={candidates}
          testId="candidate"
          actionLabel={t('ui.assign.assign')}
          actionAria={(name) => t('ui.assign.assignLabel', { name, role: l.role(role) })}
          onPick={(c) => assign.mutate(c)}
          busy={assign.isPending}
          marked={assigned}
        />
      )}
      <ReferPanel engagement={e} />
    </section>
  );
}

function OutcomeBar({ outcome: o }: { outcome: Outcome }) {
  const t = useT();
  const l = useLabels();
  const series = o.series;
  return (
    <MessageBar intent={series && series.kickoffInTime === false ? 'warning' : 'success'} role="status">
      <MessageBarBody>
        <MessageBarTitle>{t('ui.assign.assigned', { name: o.name, role: l.role(o.role) })}</MessageBarTitle>
        {series && (
          <>
            {series.proposed
              ? t('ui.assign.meetingsProposed', { count: series.meetings })
              : t('ui.assign.meetingsBooked', { count: series.meetings })}{' '}
            {series.kickoffInTime === true && t('ui.assign.kickoffInTime')}
            {series.kickoffInTime === false && t('ui.assign.kickoffLate')}
          </>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}
