/**
 * /referrals (partner workspace): customers the FastTrack Center offers the partner, with the time to answer by
 * (in the reader's zone); the partner's admins accept or decline (with an optional reason). Answered and
 * expired offers below.
 */
import { ProblemBar } from '../engagements/ui';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  MessageBar,
  MessageBarBody,
  Spinner,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Textarea,
  Title1,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import type { paths } from '../../api/schema';
import { useT } from '../../i18n';
import { useFormat, useSession } from '../../session';
import { TableSection, useRelationshipStyles } from '../relationships/common';
import { ReferralStatusBadge } from './ReferralStatus';

type Referral = paths['/api/referrals']['get']['responses'][200]['content']['application/json'][number];
type Answer = 'accept' | 'decline';

function useReferrals() {
  const { me } = useSession();
  return useQuery({
    queryKey: ['referrals', me?.organisation?.id],
    queryFn: async () => {
      const { data, error } = await api.GET('/api/referrals');
      if (error) throw error;
      return data;
    },
    enabled: !!me?.organisation,
  });
}

function DeclineDialog({
  referral,
  pending,
  onConfirm,
  onClose,
}: {
  referral: Referral;
  pending: boolean;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}) {
  const t = useT();
  const s = useRelationshipStyles();
  const [reason, setReason] = useState('');
  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && !pending && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('ui.referrals.decline.title', { customer: referral.customerName })}</DialogTitle>
          <DialogContent className={s.section}>
            <span>{t('ui.referrals.decline.body')}</span>
            <Field label={t('ui.referrals.decline.reason')}>
              <Textarea
                value={reason}
                maxLength={2000}
                resize="vertical"
                onChange={(_, d) => setReason(d.value)}
              />
            </Field>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={pending} onClick={() => onConfirm(reason.trim())}>
              {t('ui.referrals.decline.confirm')}
            </Button>
            <Button appearance="secondary" disabled={pending} onClick={onClose}>
              {t('ui.engagement.cancel')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

export function ReferralsPage() {
  const s = useRelationshipStyles();
  const t = useT();
  const fmt = useFormat();
  const { me } = useSession();
  const queryClient = useQueryClient();
  const list = useReferrals();
  const [declining, setDeclining] = useState<Referral | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const isPartner = me?.organisation?.kind === 'partner';
  const isAdmin = isPartner && me?.organisation?.role === 'admin';

  const answer = useMutation({
    mutationFn: async ({ r, answer, reason }: { r: Referral; answer: Answer; reason?: string }) => {
      const init = { params: { path: { id: r.id } }, body: reason ? { reason } : {} };
      const { data, error } =
        answer === 'accept'
          ? await api.POST('/api/referrals/{id}/accept', init)
          : await api.POST('/api/referrals/{id}/decline', init);
      if (error) throw error;
      return { ...data, customer: r.customerName };
    },
    onMutate: () => setNotice(null),
    onSuccess: (r) => {
      setDeclining(null);
      setNotice(
        r.status === 'accepted'
          ? t('ui.referrals.accepted', { customer: r.customer })
          : t('ui.referrals.declined', { customer: r.customer }),
      );
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['referrals'] });
      void queryClient.invalidateQueries({ queryKey: ['relationships'] });
    },
  });

  const items = list.data ?? [];
  const offered = items.filter((r) => r.status === 'offered');
  const earlier = items.filter((r) => r.status !== 'offered');
  const busy = (id: string) => answer.isPending && answer.variables?.r.id === id;

  return (
    <div className={s.page}>
      <Title1 as="h1" className={s.heading}>
        {t('ui.referrals.title')}
      </Title1>
      <Text>{t('ui.referrals.intro')}</Text>
      {isPartner && !isAdmin && <Text>{t('ui.referrals.adminOnly')}</Text>}
      {notice && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      <ProblemBar problem={answer.error} />
      <ProblemBar problem={list.error} fallback={t('ui.referrals.loadFailed')} />
      {list.isLoading && <Spinner label={t('ui.common.loading')} />}
      {list.data && (
        <>
          <TableSection
            id="offered"
            title={t('ui.referrals.offered.title')}
            empty={offered.length === 0 ? t('ui.referrals.offered.empty') : null}
          >
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('ui.requests.col.customer')}</TableHeaderCell>
                {!isPartner && <TableHeaderCell>{t('ui.engagement.role.partner')}</TableHeaderCell>}
                <TableHeaderCell>{t('ui.referrals.col.offered')}</TableHeaderCell>
                <TableHeaderCell>{t('ui.referrals.col.due')}</TableHeaderCell>
                {isAdmin && <TableHeaderCell>{t('ui.partners.col.decision')}</TableHeaderCell>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {offered.map((r) => (
                <TableRow key={r.id} data-testid="offered-referral">
                  <TableCell>{r.customerName}</TableCell>
                  {!isPartner && <TableCell>{r.partnerName}</TableCell>}
                  <TableCell>{fmt.dateTime(r.offeredAt)}</TableCell>
                  <TableCell>{fmt.dateTime(r.dueAt)}</TableCell>
                  {isAdmin && (
                    <TableCell>
                      <div className={s.actions}>
                        <Button
                          appearance="primary"
                          disabled={busy(r.id)}
                          aria-label={t('ui.referrals.acceptLabel', { customer: r.customerName })}
                          onClick={() => answer.mutate({ r, answer: 'accept' })}
                        >
                          {t('ui.referrals.accept')}
                        </Button>
                        <Button
                          disabled={busy(r.id)}
                          aria-label={t('ui.referrals.declineLabel', { customer: r.customerName })}
                          onClick={() => setDeclining(r)}
                        >
                          {t('ui.referrals.decline')}
                        </Button>
                      </div>
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </TableSection>
          <TableSection
            id="answered"
            title={t('ui.referrals.history.title')}
            empty={earlier.length === 0 ? t('ui.referrals.history.empty') : null}
          >
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('ui.requests.col.customer')}</TableHeaderCell>
                {!isPartner && <TableHeaderCell>{t('ui.engagement.role.partner')}</TableHeaderCell>}
                <TableHeaderCell>{t('ui.requests.col.status')}</TableHeaderCell>
                <TableHeaderCell>{t('ui.referrals.col.offered')}</TableHeaderCell>
                <TableHeaderCell>{t('ui.referrals.col.answered')}</TableHeaderCell>
                <TableHeaderCell>{t('ui.referrals.col.reason')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {earlier.map((r) => (
                <TableRow key={r.id} data-testid="answered-referral" data-status={r.status}>
                  <TableCell>{r.customerName}</TableCell>
                  {!isPartner && <TableCell>{r.partnerName}</TableCell>}
                  <TableCell>
                    <ReferralStatusBadge status={r.status} />
                  </TableCell>
                  <TableCell>{fmt.dateTime(r.offeredAt)}</TableCell>
                  <TableCell>{fmt.dateTime(r.answeredAt)}</TableCell>
                  <TableCell>{r.reason ?? '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </TableSection>
        </>
      )}
      {declining && (
        <DeclineDialog
          referral={declining}
          pending={answer.isPending}
          onClose={() => setDeclining(null)}
          onConfirm={(reason) => answer.mutate({ r: declining, answer: 'decline', reason })}
        />
      )}
    </div>
  );
}
