/**
 * "Take the next request": claims the oldest unclaimed submitted request (within a language, region
 * or product when given) and opens it; says so when none waits. Shown to those who claim requests.
 * Kept apart from the queue page: the center home offers it too.
 */
import { Button, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import type { paths } from '../../api/schema';
import { useT } from '../../i18n';
import { useSession } from '../../session';

type NextFilter = NonNullable<
  paths['/api/requests/claim-next']['post']['requestBody']
>['content']['application/json'];

const CLAIMS = ['admin', 'lead', 'manager', 'engineer'];

export function TakeNext({
  filter = {},
}: {
  filter?: { language?: string; region?: string; workload?: string };
}) {
  const t = useT();
  const navigate = useNavigate();
  const { me } = useSession();
  const take = useMutation({
    mutationFn: async () => {
      const body: NextFilter = {
        ...(filter.language ? { language: filter.language as NonNullable<NextFilter['language']> } : {}),
        ...(filter.region ? { region: filter.region } : {}),
        ...(filter.workload ? { workload: filter.workload } : {}),
      };
      const { data, error } = await api.POST('/api/requests/claim-next', { body });
      if (error) throw error;
      return data;
    },
    onSuccess: (detail) => navigate(`/requests/${detail.id}`),
  });
  if (me?.organisation?.kind !== 'center' || !CLAIMS.includes(me.organisation.role)) return null;
  const problem = (take.error as { detail?: string } | null)?.detail;
  return (
    <>
      <Button appearance="primary" disabled={take.isPending} onClick={() => take.mutate()}>
        {t('ui.requests.takeNext')}
      </Button>
      {take.error && (
        <MessageBar intent="info" role="status">
          <MessageBarBody>{problem ?? t('ui.request.actionFailed')}</MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}
