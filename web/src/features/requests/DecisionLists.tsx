/**
 * What a request's approval decided, per workload — approved (scenario, partner, data-migration
 * level, reasons, by exception) and refused (reasons) — and a contact's lines. Shown on the request
 * and, as its approval note, on the engagement the approval created.
 */
import { Badge, Caption1, Link, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useT } from '../../i18n';
import { useProgramme } from './common';

export interface Reason {
  key: string;
  values?: Record<string, string | number>;
}

export interface DecisionView {
  engagementId?: string;
  decidedAt?: string;
  approved?: {
    workload: string;
    scenario: string;
    partnerId?: string | null;
    migrationLevel?: string;
    reasons?: Reason[];
    exception?: boolean;
  }[];
  refused?: { workload: string; reasons?: Reason[] }[];
}

export interface Contact {
  name: string;
  email: string;
  phone?: string;
  title?: string;
}

/** A card of facts: a two-column description list, bulleted lists, kept line breaks (the request's pages). */
export const useFactStyles = makeStyles({
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
  },
  heading: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  dl: {
    display: 'grid',
    gridTemplateColumns: 'minmax(140px, max-content) 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
    '& dt': { color: tokens.colorNeutralForeground3 },
    '& dd': { margin: 0, overflowWrap: 'anywhere' },
  },
  list: {
    margin: 0,
    paddingInlineStart: tokens.spacingHorizontalXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  pre: { whiteSpace: 'pre-wrap' },
});
const useStyles = useFactStyles;

function Reasons({ reasons }: { reasons?: Reason[] }) {
  const s = useStyles();
  const t = useT();
  if (!reasons?.length) return null;
  return (
    <ul className={s.list}>
      {reasons.map((r) => (
        <li key={r.key}>
          <Caption1>{t(r.key, r.values ?? {})}</Caption1>
        </li>
      ))}
    </ul>
  );
}

/** The approved and refused workloads of a decision; `headingAs`: the level of their headings. */
export function DecisionLists({
  decision,
  workloadName,
  partnerName,
  headingAs = 'h3',
  headings = { approved: 'ui.request.approvedWorkloads', refused: 'ui.request.refusedWorkloads' },
}: {
  decision: DecisionView;
  workloadName: (id: string) => string;
  partnerName?: (id: string) => string | undefined;
  headingAs?: 'h3' | 'h4';
  /** catalogue keys of the two headings (a proposal says what approving would do) */
  headings?: { approved: string; refused: string };
}) {
  const s = useStyles();
  const t = useT();
  return (
    <>
      {(decision.approved?.length ?? 0) > 0 && (
        <>
          <Text as={headingAs} weight="semibold" className={s.heading}>
            {t(headings.approved)}
          </Text>
          <ul className={s.list}>
            {decision.approved!.map((a) => {
              const partner = a.partnerId ? partnerName?.(a.partnerId) : undefined;
              return (
                <li key={a.workload}>
                  <Text weight="semibold">{workloadName(a.workload)}</Text>
                  {a.exception && (
                    <>
                      {' '}
                      <Badge appearance="outline" color="warning">
                        {t('ui.request.byException')}
                      </Badge>
                    </>
                  )}
                  {' — '}
                  {t(`requests.scenario.${a.scenario}`)}
                  {partner && ` (${partner})`}
                  {a.migrationLevel && a.migrationLevel !== 'none' && (
                    <>
                      {' · '}
                      {t(`ui.wizard.eligibility.migration.${a.migrationLevel}`)}
                    </>
                  )}
                  <Reasons reasons={a.reasons} />
                </li>
              );
            })}
          </ul>
        </>
      )}
      {(decision.refused?.length ?? 0) > 0 && (
        <>
          <Text as={headingAs} weight="semibold" className={s.heading}>
            {t(headings.refused)}
          </Text>
          <ul className={s.list}>
            {decision.refused!.map((r) => (
              <li key={r.workload}>
                <Text weight="semibold">{workloadName(r.workload)}</Text>
                <Reasons reasons={r.reasons} />
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** A contact as the `<dd>` of a description list: name, email link, phone, title. */
export function ContactLines({ contact }: { contact: Contact }) {
  const s = useStyles();
  return (
    <dd>
      <div>{contact.name}</div>
      <div>
        <Link href={`mailto:${contact.email}`}>{contact.email}</Link>
      </div>
      {contact.phone && <div>{contact.phone}</div>}
      {contact.title && <div className={s.muted}>{contact.title}</div>}
    </dd>
  );
}

/** The requester, the primary contact and the business sponsor as description-list entries. */
export function ContactFacts({
  requester,
  primary,
  sponsor,
}: {
  requester: Contact;
  primary: Contact;
  sponsor: Contact;
}) {
  const t = useT();
  return (
    <>
      <dt>{t('ui.wizard.contacts.requester')}</dt>
      <ContactLines contact={requester} />
      <dt>{t('ui.wizard.contacts.primary')}</dt>
      <ContactLines contact={primary} />
      <dt>{t('ui.wizard.contacts.sponsor')}</dt>
      <ContactLines contact={sponsor} />
    </>
  );
}

/** Whether data migration was asked for, and from which sources, as a description-list entry. */
export function MigrationFact({
  options,
}: {
  options: { dataMigration: boolean; migrationSources: string[] };
}) {
  const t = useT();
  const { programme } = useProgramme();
  const sourceName = (src: string) => programme?.migrationSources.find((x) => x.id === src)?.name ?? src;
  return (
    <>
      <dt>{t('ui.wizard.products.dataMigration')}</dt>
      <dd>
        {options.dataMigration
          ? t('ui.wizard.review.migrationFrom', {
              sources: options.migrationSources.map(sourceName).join(', '),
            })
          : t('ui.wizard.review.no')}
      </dd>
    </>
  );
}
