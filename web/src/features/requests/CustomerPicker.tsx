/** Partners and center staff file for a customer: pick one (partner: My Customers; center: search). */
import {
  Card,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  SearchBox,
  Spinner,
  Subtitle1,
  Text,
  tokens,
} from '@fluentui/react-components';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { useDebounced } from '../../components/useDebounced';
import { useT } from '../../i18n';
import { problemDetail, RouterLink } from './common';
import { plainList } from '../../components/styles';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '640px' },
  heading: { margin: 0 },
  list: plainList(tokens.spacingVerticalS),
  muted: { color: tokens.colorNeutralForeground3 },
});

interface Choice {
  id: string;
  name: string;
  detail?: string;
}

export function CustomerPicker({ kind }: { kind: 'partner' | 'center' }) {
  const s = useStyles();
  const t = useT();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const customers = useQuery({
    queryKey: ['wizard-customers', kind, kind === 'center' ? q : ''],
    queryFn: async (): Promise<Choice[]> => {
      if (kind === 'partner') {
        const { data, error } = await api.GET('/api/partner-relationships', {
          params: { query: { status: 'approved' } },
        });
        if (error) throw error;
        return data.map((r) => ({ id: r.customerId, name: r.customerName }));
      }
      const { data, error } = await api.GET('/api/organisations', {
        params: { query: { kind: 'customer', ...(q ? { q } : {}), limit: 25 } },
      });
      if (error) throw error;
      return data.items.map((o) => ({ id: o.id, name: o.name, detail: o.customer?.domains.join(', ') }));
    },
    placeholderData: keepPreviousData,
  });
  const shown =
    kind === 'partner' && q
      ? (customers.data ?? []).filter((c) => c.name.toLowerCase().includes(q.toLowerCase()))
      : (customers.data ?? []);
  return (
    <Card className={s.card}>
      <Subtitle1 as="h2" className={s.heading}>
        {t('ui.wizard.customer.title')}
      </Subtitle1>
      <Text>
        {t(kind === 'partner' ? 'ui.wizard.customer.introPartner' : 'ui.wizard.customer.introCenter')}
      </Text>
      <Field label={t('ui.wizard.customer.search')}>
        <SearchBox value={search} onChange={(_, d) => setSearch(d.value)} />
      </Field>
      {customers.isLoading && <Spinner size="small" />}
      {customers.error && (
        <MessageBar intent="error">
          <MessageBarBody>{problemDetail(customers.error) ?? t('ui.requests.loadFailed')}</MessageBarBody>
        </MessageBar>
      )}
      {customers.data && shown.length === 0 && (
        <Text className={s.muted}>{t('ui.wizard.customer.none')}</Text>
      )}
      {shown.length > 0 && (
        <ul className={s.list} aria-label={t('ui.wizard.customer.list')}>
          {shown.map((c) => (
            <li key={c.id}>
              <RouterLink to={`/requests/new?customer=${encodeURIComponent(c.id)}`}>{c.name}</RouterLink>
              {c.detail && <Text className={s.muted}> · {c.detail}</Text>}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
