/**
 * Shared pieces of the partner ↔ customer relationship pages (and the partner's referrals): the API's
 * type, the list, status badges, a titled table section.
 */
import {
  Badge,
  Card,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  tokens,
} from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api } from '../../api/client';
import type { paths } from '../../api/schema';
import { useT } from '../../i18n';
import { useFormat, useSession } from '../../session';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type Relationship = Json<paths['/api/partner-relationships']['get']['responses'][200]>[number];
export type RelationshipStatus = Relationship['status'];

/** The relationships the signed-in organisation is a party to, newest first. */
export function useRelationships() {
  const { me } = useSession();
  return useQuery({
    queryKey: ['relationships', me?.organisation?.id],
    queryFn: async () => {
      const { data, error } = await api.GET('/api/partner-relationships');
      if (error) throw error;
      return data;
    },
    enabled: !!me?.organisation,
  });
}

const COLOUR: Record<RelationshipStatus, 'brand' | 'success' | 'danger' | 'subtle'> = {
  requested: 'brand',
  approved: 'success',
  refused: 'danger',
  revoked: 'subtle',
};

export function RelationshipStatusBadge({ status }: { status: RelationshipStatus }) {
  const t = useT();
  return (
    <Badge appearance="tint" shape="rounded" color={COLOUR[status]}>
      {t(`ui.relationships.status.${status}`)}
    </Badge>
  );
}

/** The layout both relationship pages share. */
export const useRelationshipStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  heading: { margin: 0 },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  card: { padding: 0, overflowX: 'auto' },
  table: { minWidth: '640px' },
  empty: { padding: tokens.spacingHorizontalL },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

/** A titled section holding one table, or (when `empty` is given) the line that says there is nothing. */
export function TableSection({
  id,
  title,
  empty = null,
  children,
}: {
  id: string;
  title: string;
  empty?: string | null;
  children: ReactNode;
}) {
  const s = useRelationshipStyles();
  return (
    <section className={s.section} aria-labelledby={id}>
      <Title2 as="h2" id={id} className={s.heading}>
        {title}
      </Title2>
      <TableCard labelledBy={id} empty={empty}>
        {children}
      </TableCard>
    </section>
  );
}

/** A card holding a table named by the heading `labelledBy`, or the `empty` line when there is nothing to list. */
export function TableCard({
  labelledBy,
  empty = null,
  children,
}: {
  labelledBy: string;
  empty?: string | null;
  children: ReactNode;
}) {
  const s = useRelationshipStyles();
  return (
    <Card className={s.card}>
      {empty !== null ? (
        <Text className={s.empty}>{empty}</Text>
      ) : (
        <Table className={s.table} aria-labelledby={labelledBy}>
          {children}
        </Table>
      )}
    </Card>
  );
}

/**
 * The header and rows of a list of relationships: the other party, status, when it was asked and
 * when it last changed ("—" while unchanged). Goes inside a TableCard or TableSection.
 */
export function RelationshipHistory({
  items,
  party,
  partyName,
  rowTestId,
}: {
  items: readonly Relationship[];
  /** the column's title: the customer or the partner */
  party: string;
  partyName: (r: Relationship) => string;
  rowTestId?: string;
}) {
  const t = useT();
  const format = useFormat();
  return (
    <>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{party}</TableHeaderCell>
          <TableHeaderCell>{t('ui.requests.col.status')}</TableHeaderCell>
          <TableHeaderCell>{t('ui.relationships.col.requested')}</TableHeaderCell>
          <TableHeaderCell>{t('ui.relationships.col.updated')}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((r) => (
          <TableRow key={r.id} data-testid={rowTestId}>
            <TableCell>{partyName(r)}</TableCell>
            <TableCell>
              <RelationshipStatusBadge status={r.status} />
            </TableCell>
            <TableCell>{format.dateTime(r.createdAt)}</TableCell>
            <TableCell>{r.updatedAt !== r.createdAt ? format.dateTime(r.updatedAt) : '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </>
  );
}
