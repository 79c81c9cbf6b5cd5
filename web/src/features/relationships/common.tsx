/** Shared pieces of the partner ↔ customer relationship pages: the API's type, the list, status badges. */
import { Badge, makeStyles, tokens } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { paths } from '../../api/schema';
import { useT } from '../../i18n';
import { useSession } from '../../session';

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
