/**
 * The requests approved into the engagement — the approval note of domain §3.10 for everyone who
 * works on it: who asked and through which channel, the contacts, location and language, what was
 * approved (scenario, partner, data migration, exceptions) and left out, why, and the duplicates
 * cancelled on the way.
 */
import { Caption1, Card, Subtitle1, Text, Title3 } from '@fluentui/react-components';
import { useT } from '../../i18n';
import { useFormat } from '../../session';
import { RouterLink, useDisplayNames, useProgramme } from '../requests/common';
import {
  type Contact,
  ContactFacts,
  DecisionLists,
  MigrationFact,
  type DecisionView,
  useFactStyles,
} from '../requests/DecisionLists';
import type { EngagementDetail } from './types';
import { useStyles as useEngagementStyles } from './ui';

export interface RequestOrigin {
  id: string;
  number: string;
  projectName: string;
  channel: string;
  filedBy: { name: string; kind: string };
  requester: Contact;
  primaryContact: Contact;
  businessSponsor: Contact;
  serviceLocation: string;
  preferredLanguage: string;
  comments: string | null;
  options: { dataMigration: boolean; migrationSources: string[] };
  approvedAt: string | null;
  approvedBy: string | null;
  reason: string | null;
  note: string | null;
  decision: DecisionView | null;
  partners: Record<string, string>;
  duplicates: string[];
}

export function RequestOrigins({ engagement: e }: { engagement: EngagementDetail }) {
  const s = useEngagementStyles();
  const t = useT();
  if (e.requests.length === 0) return null;
  return (
    <section className={s.section} aria-labelledby="ov-requests">
      <Title3 as="h2" id="ov-requests" className={s.heading}>
        {t('ui.engagement.origin.title')}
      </Title3>
      <Text className={s.muted}>{t('ui.engagement.origin.intro')}</Text>
      <div className={s.stack}>
        {e.requests.map((r) => (
          <Origin key={r.id} request={r} engagement={e} />
        ))}
      </div>
    </section>
  );
}

function Origin({ request: r, engagement: e }: { request: RequestOrigin; engagement: EngagementDetail }) {
  const s = useFactStyles();
  const t = useT();
  const fmt = useFormat();
  const names = useDisplayNames();
  const { programme } = useProgramme();
  const workloadName = (w: string) =>
    e.workloads.find((x) => x.workload === w)?.name ??
    programme?.workloads.find((x) => x.id === w)?.name ??
    w;
  const headingId = `origin-${r.id}`;
  return (
    <Card className={s.card} role="region" aria-labelledby={headingId} data-testid="request-origin">
      <Subtitle1 as="h3" id={headingId} style={{ margin: 0 }}>
        <RouterLink to={`/requests/${r.id}`}>
          {t('ui.request.heading', { number: r.number, project: r.projectName })}
        </RouterLink>
      </Subtitle1>
      {r.approvedAt && (
        <Caption1>
          {r.approvedBy
            ? t('ui.engagement.origin.approvedBy', { date: fmt.dateTime(r.approvedAt), name: r.approvedBy })
            : t('ui.request.decidedAt', { date: fmt.dateTime(r.approvedAt) })}
        </Caption1>
      )}
      <dl className={s.dl}>
        {r.reason && (
          <>
            <dt>{t('ui.request.col.reason')}</dt>
            <dd>{r.reason}</dd>
          </>
        )}
        {r.note && (
          <>
            <dt>{t('ui.request.col.note')}</dt>
            <dd className={s.pre}>{r.note}</dd>
          </>
        )}
        <dt>{t('ui.engagement.origin.filedBy')}</dt>
        <dd>
          {t('ui.engagement.origin.filedByValue', {
            name: r.filedBy.name,
            channel: t(`ui.requests.channel.${r.channel}`),
          })}
        </dd>
        <ContactFacts requester={r.requester} primary={r.primaryContact} sponsor={r.businessSponsor} />
        <dt>{t('ui.wizard.details.serviceLocation')}</dt>
        <dd>{names.country(r.serviceLocation)}</dd>
        <dt>{t('ui.wizard.details.preferredLanguage')}</dt>
        <dd>{names.language(r.preferredLanguage)}</dd>
        <MigrationFact options={r.options} />
        <dt>{t('ui.request.comments')}</dt>
        <dd className={s.pre}>{r.comments || '—'}</dd>
        {r.duplicates.length > 0 && (
          <>
            <dt>{t('ui.engagement.origin.duplicates')}</dt>
            <dd>{r.duplicates.join(', ')}</dd>
          </>
        )}
      </dl>
      {r.decision && (
        <DecisionLists
          decision={r.decision}
          workloadName={workloadName}
          partnerName={(id) => r.partners[id]}
          headingAs="h4"
        />
      )}
    </Card>
  );
}
