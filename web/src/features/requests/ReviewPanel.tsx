/**
 * "Before you decide", for center reviewers on an open request (domain §3.4's validation step):
 * the checks of the standard flow, eligibility checked again against today's licences, and what
 * approving would do per product — who would deliver it and why, or the refusal with its reasons;
 * Teams First Pitch opens the question to the requester with its reason chosen.
 */
import {
  Button,
  Caption1,
  Card,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle1,
  tokens,
} from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { useT } from '../../i18n';
import { useFormat, useSession } from '../../session';
import { problemDetail, type RequestDetailData, RouterLink } from './common';
import { DecisionLists, type DecisionView, useFactStyles } from './DecisionLists';
import { DecisionDialog } from './RequestActions';

const useStyles = makeStyles({
  checks: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  action: { marginTop: tokens.spacingVerticalXS },
});

/** The notes bank's reason for asking about Teams before approving Skype for Business. */
const TEAMS_FIRST_PITCH = 'teams-first-pitch';
const INTENT = { info: 'info', warning: 'warning', action: 'warning' } as const;

export function ReviewPanel({
  request,
  workloadName,
}: {
  request: RequestDetailData;
  workloadName: (id: string) => string;
}) {
  const s = { ...useFactStyles(), ...useStyles() };
  const t = useT();
  const fmt = useFormat();
  const { language } = useSession();
  const review = useQuery({
    // the request's last change is in the key: a correction or a licence change reads it again
    queryKey: ['requests', 'review', request.id, request.updatedAt, language],
    queryFn: async () => {
      const { data, error } = await api.GET('/api/requests/{id}/review', {
        params: { path: { id: request.id } },
      });
      if (error) throw error;
      return data;
    },
  });
  const r = review.data;
  // Teams First Pitch: ask the requester about Teams, with the programme's reason for it
  const [asking, setAsking] = useState(false);
  const mayAsk = request.status === 'submitted' || request.status === 'on-hold';
  return (
    <Card className={s.card} role="region" aria-labelledby="review-title" data-testid="review-panel">
      <Subtitle1 as="h2" id="review-title" className={s.heading}>
        {t('ui.request.review.title')}
      </Subtitle1>
      {review.isLoading && <Spinner size="small" label={t('ui.requests.loading')} />}
      {review.error && (
        <MessageBar intent="error">
          <MessageBarBody>{problemDetail(review.error) ?? t('ui.requests.loadFailed')}</MessageBarBody>
        </MessageBar>
      )}
      {r && (
        <>
          <Caption1 className={s.muted}>{t('ui.request.review.asOf', { date: fmt.date(r.asOf) })}</Caption1>
          <div className={s.checks}>
            {r.checks.map((c) => (
              <MessageBar key={c.id} intent={INTENT[c.level]} data-check={c.id}>
                <MessageBarBody>
                  {c.message}
                  {c.id === 'teamsFirstPitch' && mayAsk && (
                    <div className={s.action}>
                      <Button size="small" onClick={() => setAsking(true)}>
                        {t('ui.request.review.askAboutTeams')}
                      </Button>
                    </div>
                  )}
                  {c.id === 'existingEngagement' && r.engagement && (
                    <>
                      {' '}
                      <RouterLink to={`/engagements/${r.engagement.id}`}>
                        {t('ui.request.engagementLink')}
                      </RouterLink>
                    </>
                  )}
                </MessageBarBody>
              </MessageBar>
            ))}
          </div>
          <DecisionLists
            decision={r.proposal as DecisionView}
            workloadName={workloadName}
            partnerName={(id) => r.partners[id]}
            headings={{
              approved: 'ui.request.review.wouldApprove',
              refused: 'ui.request.review.wouldRefuse',
            }}
          />
        </>
      )}
      {asking && (
        <DecisionDialog
          request={request}
          decision="on-hold-pending-requestor-response"
          initialReason={TEAMS_FIRST_PITCH}
          onClose={() => setAsking(false)}
        />
      )}
    </Card>
  );
}
