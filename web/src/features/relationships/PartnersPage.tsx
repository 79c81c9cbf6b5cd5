/**
 * /partners (customer workspace): partners' requests for access waiting for an admin's decision
 * (approve or refuse), the approved partners (revoke, after a confirmation) and earlier decisions.
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
  MessageBar,
  MessageBarBody,
  Spinner,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title1,
} from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Navigate } from 'react-router-dom';
import { api } from '../../api/client';
import { useT } from '../../i18n';
import { useFormat, useSession } from '../../session';
import { problemDetail } from '../requests/common';
import {
  type Relationship,
  RelationshipHistory,
  TableSection,
  useRelationshipStyles,
  useRelationships,
} from './common';

type Decision = 'approve' | 'refuse' | 'revoke';

function useDecide(onError: (message: string) => void) {
  const t = useT();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, decision }: { id: string; decision: Decision }) => {
      const params = { params: { path: { id } } };
      const { data, error } =
        decision === 'approve'
          ? await api.POST('/api/partner-relationships/{id}/approve', params)
          : decision === 'refuse'
            ? await api.POST('/api/partner-relationships/{id}/refuse', params)
            : await api.POST('/api/partner-relationships/{id}/revoke', params);
      if (error) throw error;
      return data;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['relationships'] }),
    onError: (error) => onError(problemDetail(error) ?? t('ui.relationships.failed')),
  });
}

function RevokeDialog({
  relationship,
  pending,
  onConfirm,
  onClose,
}: {
  relationship: Relationship;
  pending: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const t = useT();
  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && !pending && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('ui.partners.revoke.title', { partner: relationship.partnerName })}</DialogTitle>
          <DialogContent>{t('ui.partners.revoke.body', { partner: relationship.partnerName })}</DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={pending} onClick={onConfirm}>
              {t('ui.partners.revoke.confirm')}
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

export function PartnersPage() {
  const s = useRelationshipStyles();
  const t = useT();
  const format = useFormat();
  const { me } = useSession();
  const list = useRelationships();
  const [problem, setProblem] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<Relationship | null>(null);
  const decide = useDecide(setProblem);
  if (me?.organisation && me.organisation.kind !== 'customer') return <Navigate to="/" replace />;
  const isAdmin = me?.organisation?.role === 'admin';
  const items = list.data ?? [];
  const incoming = items.filter((r) => r.status === 'requested');
  const approved = items.filter((r) => r.status === 'approved');
  const earlier = items.filter((r) => r.status === 'refused' || r.status === 'revoked');
  const busy = (id: string) => decide.isPending && decide.variables?.id === id;
  const act = (id: string, decision: Decision, settled?: () => void) => {
    setProblem(null);
    decide.mutate({ id, decision }, { onSettled: settled });
  };

  return (
    <div className={s.page}>
      <Title1 as="h1" className={s.heading}>
        {t('ui.partners.title')}
      </Title1>
      <Text>{t('ui.partners.intro')}</Text>
      {!isAdmin && <Text>{t('ui.partners.adminOnly')}</Text>}
      {problem && (
        <MessageBar intent="error">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
      <ProblemBar problem={list.error} fallback={t('ui.relationships.loadFailed')} />
      {list.isLoading && <Spinner label={t('ui.common.loading')} />}
      {list.data && (
        <>
          <TableSection
            id="incoming"
            title={t('ui.partners.incoming.title')}
            empty={incoming.length === 0 ? t('ui.partners.incoming.empty') : null}
          >
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('ui.engagement.role.partner')}</TableHeaderCell>
                <TableHeaderCell>{t('ui.partners.col.message')}</TableHeaderCell>
                <TableHeaderCell>{t('ui.relationships.col.requested')}</TableHeaderCell>
                {isAdmin && <TableHeaderCell>{t('ui.partners.col.decision')}</TableHeaderCell>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {incoming.map((r) => (
                <TableRow key={r.id} data-testid="incoming-row">
                  <TableCell>{r.partnerName}</TableCell>
                  <TableCell>{r.message ?? '—'}</TableCell>
                  <TableCell>{format.dateTime(r.createdAt)}</TableCell>
                  {isAdmin && (
                    <TableCell>
                      <div className={s.actions}>
                        <Button
                          appearance="primary"
                          disabled={busy(r.id)}
                          onClick={() => act(r.id, 'approve')}
                        >
                          {t('ui.request.approve')}
                        </Button>
                        <Button disabled={busy(r.id)} onClick={() => act(r.id, 'refuse')}>
                          {t('ui.partners.refuse')}
                        </Button>
                      </div>
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </TableSection>
          <TableSection
            id="approved"
            title={t('ui.partners.approved.title')}
            empty={approved.length === 0 ? t('ui.partners.approved.empty') : null}
          >
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('ui.engagement.role.partner')}</TableHeaderCell>
                <TableHeaderCell>{t('ui.relationships.col.requested')}</TableHeaderCell>
                <TableHeaderCell>{t('ui.partners.col.approved')}</TableHeaderCell>
                {isAdmin && <TableHeaderCell>{t('ui.partners.col.access')}</TableHeaderCell>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {approved.map((r) => (
                <TableRow key={r.id} data-testid="partner-row">
                  <TableCell>{r.partnerName}</TableCell>
                  <TableCell>{format.dateTime(r.createdAt)}</TableCell>
                  <TableCell>{format.dateTime(r.updatedAt)}</TableCell>
                  {isAdmin && (
                    <TableCell>
                      <Button disabled={busy(r.id)} onClick={() => setRevoking(r)}>
                        {t('ui.partners.revokeAction')}
                      </Button>
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </TableSection>
          {earlier.length > 0 && (
            <TableSection id="earlier" title={t('ui.partners.earlier.title')}>
              <RelationshipHistory
                items={earlier}
                party={t('ui.engagement.role.partner')}
                partyName={(r) => r.partnerName}
              />
            </TableSection>
          )}
        </>
      )}
      {revoking && (
        <RevokeDialog
          relationship={revoking}
          pending={decide.isPending}
          onClose={() => setRevoking(null)}
          onConfirm={() => act(revoking.id, 'revoke', () => setRevoking(null))}
        />
      )}
    </div>
  );
}
