/**
 * Ranked candidates (center people for a role, or partners for a referral) with their score and the reasons
 * the server gave: met constraints with a check, failed ones with a cross. Ineligible candidates are shown
 * greyed and cannot be picked.
 */
import { Badge, Button, makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { CheckmarkCircle16Filled, DismissCircle16Filled } from '@fluentui/react-icons';
import { useT } from '../../i18n';
import { useFormat } from '../../session';
import type { Candidate } from './scheduling';
import { useStyles } from './ui';
import { plainList } from '../../components/styles';

const useListStyles = makeStyles({
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingVerticalS,
    paddingLeft: tokens.spacingHorizontalM,
    paddingRight: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  ineligible: {
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground3,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
  },
  head: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
  },
  name: { flexGrow: 1 },
  reasons: plainList('2px'),
  reason: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalXS },
  ok: { color: tokens.colorPaletteGreenForeground1, flexShrink: 0, marginTop: '2px' },
  fail: { color: tokens.colorPaletteRedForeground1, flexShrink: 0, marginTop: '2px' },
});

export function CandidateList({
  candidates,
  actionLabel,
  actionAria,
  onPick,
  busy,
  marked,
  testId,
}: {
  candidates: Candidate[];
  /** the visible label of the pick button, and its accessible name with the candidate's name */
  actionLabel: string;
  actionAria: (name: string) => string;
  onPick: (c: Candidate) => void;
  busy: boolean;
  /** candidates already chosen (no second pick): their badge text */
  marked?: Map<string, string>;
  testId: string;
}) {
  const s = useStyles();
  const c = useListStyles();
  const t = useT();
  const fmt = useFormat();
  return (
    <ol className={s.list}>
      {candidates.map((x) => {
        const mark = marked?.get(x.id);
        return (
          <li
            key={x.id}
            className={mergeClasses(c.item, !x.eligible && c.ineligible)}
            data-testid={testId}
            data-eligible={x.eligible}
          >
            <div className={c.head}>
              <Text weight="semibold" className={c.name}>
                {x.name}
              </Text>
              {x.eligible ? (
                <Badge appearance="tint" color="brand">
                  {t('ui.assign.score', { score: fmt.number(x.score) })}
                </Badge>
              ) : (
                <Badge appearance="tint" color="informative">
                  {t('ui.assign.ineligible')}
                </Badge>
              )}
              {mark && (
                <Badge appearance="filled" color="success">
                  {mark}
                </Badge>
              )}
              {x.eligible && !mark && (
                <Button
                  size="small"
                  disabled={busy}
                  aria-label={actionAria(x.name)}
                  onClick={() => onPick(x)}
                >
                  {actionLabel}
                </Button>
              )}
            </div>
            <ul className={c.reasons} aria-label={t('ui.assign.reasonsOf', { name: x.name })}>
              {x.reasons.map((r) => (
                <li key={r.code} className={c.reason} data-ok={r.ok}>
                  {r.ok ? (
                    <CheckmarkCircle16Filled className={c.ok} aria-hidden="true" />
                  ) : (
                    <DismissCircle16Filled className={c.fail} aria-hidden="true" />
                  )}
                  <Text size={200}>
                    <span className={s.visuallyHidden}>
                      {r.ok ? t('ui.assign.reasonMet') : t('ui.assign.reasonFailed')}
                    </span>
                    {r.text}
                  </Text>
                </li>
              ))}
            </ul>
          </li>
        );
      })}
    </ol>
  );
}
