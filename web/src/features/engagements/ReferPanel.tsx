/**
 * Referral to a partner (center only): partners not yet offered this engagement, ranked with reasons; offer it
 * to the best or a chosen one (the partner answers within 2 of its business days), and the referrals so far.
 */
import {
  Button,
  MessageBar,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { useT } from '../../i18n';
import { useFormat } from '../../session';
import { ReferralStatusBadge } from '../referrals/ReferralStatus';
import { CandidateList } from './CandidateList';
import { engagementKey } from './data';
import { type Candidate, type Referral, useEngagementReferrals, usePartnerCandidates } from './scheduling';
import type { EngagementDetail } from './types';
import { ProblemBar, useStyles } from './ui';

export function ReferPanel({ engagement: e }: { engagement: EngagementDetail }) {
  const s = useStyles();
  const t = useT();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const candidates = usePartnerCandidates(e.id);
  const referrals = useEngagementReferrals(e.id);
  const [offered, setOffered] = useState<{ partner: string; dueAt: string } | null>(null);
  const open = (referrals.data ?? []).some((r) => r.status === 'offered' || r.status === 'accepted');
  const list = candidates.data?.candidates ?? [];

  const offer = useMutation({
    mutationFn: async (pick: Candidate | 'best') => {
      const { data, error } = await api.POST('/api/engagements/{id}/referrals', {
        params: { path: { id: e.id } },
        body: pick === 'best' ? {} : { partnerId: pick.id },
      });
      if (error) throw error;
      const name = pick === 'best' ? (list.find((c) => c.id === data.partnerId)?.name ?? '') : pick.name;
      return { partner: name, dueAt: data.dueAt };
    },
    onMutate: () => setOffered(null),
    onSuccess: (r) => setOffered(r),
    onSettled: () => queryClient.invalidateQueries({ queryKey: engagementKey(e.id) }),
  });

  return (
    <section className={s.stack} aria-labelledby="refer-title" data-testid="refer-panel">
      <Text as="h3" id="refer-title" weight="semibold" size={400} className={s.heading}>
        {t('ui.assign.refer.title')}
      </Text>
      <Text>{t('ui.assign.refer.intro')}</Text>
      <div className={s.row}>
        <Button
          disabled={offer.isPending || open || !list.some((c) => c.eligible)}
          onClick={() => offer.mutate('best')}
        >
          {t('ui.assign.refer.best')}
        </Button>
        {open && <Text className={s.muted}>{t('ui.assign.refer.open')}</Text>}
      </div>
      {offered && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>
            {t('ui.assign.refer.offered', { partner: offered.partner, date: fmt.dateTime(offered.dueAt) })}
          </MessageBarBody>
        </MessageBar>
      )}
      <ProblemBar problem={offer.error} onDismiss={() => offer.reset()} />
      {candidates.isLoading && <Spinner label={t('ui.common.loading')} />}
      <ProblemBar problem={candidates.error} />
      {candidates.isSuccess && list.length === 0 && <Text>{t('ui.assign.refer.none')}</Text>}
      {list.length > 0 && !open && (
        <CandidateList
          candidates={list}
          testId="partner-candidate"
          actionLabel={t('ui.assign.refer.offer')}
          actionAria={(name) => t('ui.assign.refer.offerLabel', { partner: name })}
          onPick={(c) => offer.mutate(c)}
          busy={offer.isPending}
        />
      )}
      {(referrals.data?.length ?? 0) > 0 && <ReferralTable items={referrals.data!} />}
      <ProblemBar problem={referrals.error} />
    </section>
  );
}

function ReferralTable({ items }: { items: Referral[] }) {
  const s = useStyles();
  const t = useT();
  const fmt = useFormat();
  return (
    <div className={s.tableWrap}>
      <Table aria-label={t('ui.assign.refer.listTitle')}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t('ui.engagement.role.partner')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('ui.requests.col.status')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('ui.referrals.col.offered')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('ui.referrals.col.due')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('ui.referrals.col.answered')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((r) => (
            <TableRow key={r.id} data-testid="referral-row">
              <TableCell>{r.partnerName}</TableCell>
              <TableCell>
                <ReferralStatusBadge status={r.status} />
              </TableCell>
              <TableCell>{fmt.dateTime(r.offeredAt)}</TableCell>
              <TableCell>{fmt.dateTime(r.dueAt)}</TableCell>
              <TableCell>
                {r.answeredAt ? fmt.dateTime(r.answeredAt) : '—'}
                {r.reason && (
                  <Text size={200} className={s.muted} block>
                    {r.reason}
                  </Text>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
