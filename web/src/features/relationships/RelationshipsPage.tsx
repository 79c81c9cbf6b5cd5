/**
 * /relationships (partner workspace): ask a customer for access by domain or tenant ID, and follow
 * the requests — pending, approved, refused or revoked — with their dates in the reader's time zone.
 */
import { ProblemBar } from '../engagements/ui';
import { Spinner, Text, Title1, Title2 } from '@fluentui/react-components';
import { Navigate } from 'react-router-dom';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { RouterLink } from '../requests/common';
import { RelationshipHistory, TableCard, useRelationshipStyles, useRelationships } from './common';
import { RequestAccessForm } from './RequestAccessForm';

export function RelationshipsPage() {
  const s = useRelationshipStyles();
  const t = useT();
  const { me } = useSession();
  const list = useRelationships();
  if (me?.organisation && me.organisation.kind !== 'partner') return <Navigate to="/" replace />;
  const isAdmin = me?.organisation?.role === 'admin';
  const items = list.data ?? [];

  return (
    <div className={s.page}>
      <Title1 as="h1" className={s.heading}>
        {t('ui.relationships.title')}
      </Title1>
      <Text>{t('ui.relationships.intro')}</Text>
      <section className={s.section} aria-labelledby="request-access">
        <Title2 as="h2" id="request-access" className={s.heading}>
          {t('ui.relationships.form.title')}
        </Title2>
        {isAdmin ? <RequestAccessForm /> : <Text>{t('ui.relationships.adminOnly')}</Text>}
      </section>
      <section className={s.section} aria-labelledby="requests">
        <Title2 as="h2" id="requests" className={s.heading}>
          {t('ui.relationships.list.title')}
        </Title2>
        <ProblemBar problem={list.error} fallback={t('ui.relationships.loadFailed')} />
        {list.isLoading && <Spinner label={t('ui.common.loading')} />}
        {list.data && (
          <TableCard
            labelledBy="requests"
            empty={items.length === 0 ? t('ui.relationships.list.empty') : null}
          >
            <RelationshipHistory
              items={items}
              party={t('ui.requests.col.customer')}
              partyName={(r) => r.customerName}
              rowTestId="relationship-row"
            />
          </TableCard>
        )}
        <RouterLink to="/">{t('ui.relationships.toCustomers')}</RouterLink>
      </section>
    </div>
  );
}
