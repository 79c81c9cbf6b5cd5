/** Eligibility per workload with the API's explanations; asked again live as the choices change. */
import {
  Badge,
  Caption1,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle2,
  Text,
  tokens,
} from '@fluentui/react-components';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { useT } from '../../i18n';
import { useFormat, useSession } from '../../session';
import { type EligibilityAnswer, problemDetail } from './common';
import { plainList } from '../../components/styles';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0 },
  list: plainList(tokens.spacingVerticalS),
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  itemHead: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
  },
  rules: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
  fail: { color: tokens.colorPaletteRedForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
  busy: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
});

export function useEligibility(
  customerId: string,
  workloads: string[],
  dataMigration: boolean,
  enabled = true,
) {
  const { language } = useSession();
  const ids = [...workloads].sort();
  return useQuery({
    queryKey: ['eligibility', customerId, ids.join(','), dataMigration, language],
    queryFn: async () => {
      const { data, error } = await api.GET('/api/customers/{id}/eligibility', {
        params: { path: { id: customerId }, query: { workloads: ids.join(','), dataMigration } },
      });
      if (error) throw error;
      return data;
    },
    enabled: enabled && ids.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

type Rule = EligibilityAnswer['rules'][number];

function RuleList({ rules }: { rules: Rule[] }) {
  const s = useStyles();
  if (rules.length === 0) return null;
  const ordered = [
    ...rules.filter((r) => r.outcome === 'fail'),
    ...rules.filter((r) => r.outcome !== 'fail'),
  ];
  return (
    <ul className={s.rules}>
      {ordered.map((r) => (
        <li key={`${r.ruleId}-${r.key}`} className={r.outcome === 'fail' ? s.fail : undefined}>
          <Caption1>{r.message}</Caption1>
        </li>
      ))}
    </ul>
  );
}

/** The answer for a set of workloads; `itemHeading` keeps the page's heading order. */
export function EligibilityView({
  answer,
  dataMigration,
  itemHeading = 'h4',
}: {
  answer: EligibilityAnswer;
  dataMigration: boolean;
  itemHeading?: 'h3' | 'h4';
}) {
  const s = useStyles();
  const t = useT();
  const format = useFormat();
  const general = answer.rules.filter((r) => r.outcome !== 'pass');
  return (
    <div className={s.panel}>
      <MessageBar intent={answer.eligible ? 'success' : 'warning'}>
        <MessageBarBody>
          {t(answer.eligible ? 'ui.wizard.eligibility.eligible' : 'ui.wizard.eligibility.notEligible', {
            seats: format.number(answer.paidEligibleSeats),
          })}
        </MessageBarBody>
      </MessageBar>
      {!answer.eligible && <RuleList rules={general} />}
      <ul className={s.list} aria-label={t('ui.wizard.eligibility.perWorkload')}>
        {answer.workloads.map((w) => (
          <li key={w.workload} className={s.item}>
            <div className={s.itemHead}>
              <Text as={itemHeading} weight="semibold" className={s.heading}>
                {w.name}
              </Text>
              <Badge appearance="tint" color={w.eligible ? 'success' : 'danger'} shape="rounded">
                {t(
                  w.eligible
                    ? 'ui.wizard.eligibility.workloadEligible'
                    : 'ui.wizard.eligibility.workloadNotEligible',
                )}
              </Badge>
            </div>
            {dataMigration && (
              <Caption1 className={s.muted}>{t(`ui.wizard.eligibility.migration.${w.migration}`)}</Caption1>
            )}
            <RuleList rules={w.rules} />
            {w.alternatives.length > 0 && (
              <>
                <Text size={200} weight="semibold">
                  {t('ui.wizard.eligibility.alternatives')}
                </Text>
                <ul className={s.rules}>
                  {w.alternatives.map((a) => (
                    <li key={`${a.kind}-${a.key}`}>
                      <Caption1>{a.message}</Caption1>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The live panel of the wizard: asks the API whenever the chosen workloads or migration change. */
export function EligibilityPanel({
  customerId,
  workloads,
  dataMigration,
}: {
  customerId: string;
  workloads: string[];
  dataMigration: boolean;
}) {
  const s = useStyles();
  const t = useT();
  const q = useEligibility(customerId, workloads, dataMigration);
  return (
    <section className={s.panel} aria-labelledby="eligibility-heading">
      <Subtitle2 as="h3" id="eligibility-heading" className={s.heading}>
        {t('ui.wizard.eligibility.title')}
      </Subtitle2>
      <div aria-live="polite" aria-busy={q.isFetching} className={s.panel}>
        {workloads.length === 0 && <Text className={s.muted}>{t('ui.wizard.eligibility.chooseFirst')}</Text>}
        {workloads.length > 0 && q.isFetching && (
          <div className={s.busy}>
            <Spinner size="tiny" />
            <Caption1>{t('ui.wizard.eligibility.checking')}</Caption1>
          </div>
        )}
        {workloads.length > 0 && q.error && (
          <MessageBar intent="error">
            <MessageBarBody>{problemDetail(q.error) ?? t('ui.wizard.eligibility.failed')}</MessageBarBody>
          </MessageBar>
        )}
        {workloads.length > 0 && q.data && <EligibilityView answer={q.data} dataMigration={dataMigration} />}
      </div>
    </section>
  );
}
