/** Shared pieces of the engagement pages: styles, labels of enumerations, badges and the problem bar. */
import {
  Badge,
  type BadgeProps,
  Button,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  tokens,
} from '@fluentui/react-components';
import { useIntl } from 'react-intl';
import { useT } from '../../i18n';
import { problemText } from './data';
import type { ClockState } from './types';
import { plainList } from '../../components/styles';

export const useStyles = makeStyles({
  pageHeader: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    marginBottom: tokens.spacingVerticalM,
  },
  subtitle: { color: tokens.colorNeutralForeground3 },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  section: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    marginTop: tokens.spacingVerticalXL,
  },
  grid: {
    display: 'grid',
    gap: tokens.spacingHorizontalL,
    gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))',
  },
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0 },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
    '& dt': { color: tokens.colorNeutralForeground3 },
    '& dd': { margin: 0 },
  },
  list: plainList(tokens.spacingVerticalS),
  muted: { color: tokens.colorNeutralForeground3 },
  danger: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  tableWrap: { overflowX: 'auto' },
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalM,
    padding: tokens.spacingVerticalM,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusMedium,
  },
  filter: { minWidth: '160px' },
  visuallyHidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    padding: 0,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
  pre: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', margin: 0 },
});

/** Labels of the programme's enumerations; an id the catalogue does not know shows as itself. */
export function useLabels() {
  const t = useT();
  const intl = useIntl();
  const label = (prefix: string) => (id: string | null | undefined) => {
    if (!id) return '';
    const key = `${prefix}.${id}`;
    return intl.messages[key] !== undefined ? t(key) : id;
  };
  return {
    workstream: label('ui.engagement.workstream'),
    taskStatus: label('ui.engagement.taskStatus'),
    owner: label('ui.engagement.owner'),
    clock: label('ui.engagement.clock'),
    health: label('ui.engagement.health'),
    role: label('ui.engagement.role'),
    l1: label('ui.engagement.l1'),
    scenario: label('ui.engagement.scenario'),
    deliveryOwner: label('ui.engagement.deliveryOwner'),
    projectStatus: label('ui.engagement.projectStatus'),
    batchStatus: label('ui.engagement.batchStatus'),
    engagementStatus: label('ui.engagement.status'),
  };
}

const CLOCK_COLOUR: Record<ClockState, BadgeProps['color']> = {
  due: 'informative',
  overdue: 'danger',
  met: 'success',
  missed: 'warning',
};

export function ClockBadge({ state }: { state: ClockState | string | null | undefined }) {
  const l = useLabels();
  const t = useT();
  if (!state) return <span>{t('ui.engagement.clock.none')}</span>;
  return (
    <Badge appearance="tint" color={CLOCK_COLOUR[state as ClockState] ?? 'informative'}>
      {l.clock(state)}
    </Badge>
  );
}

const HEALTH_COLOUR: Record<string, BadgeProps['color']> = {
  red: 'danger',
  yellow: 'warning',
  green: 'success',
  blue: 'brand',
};

export function HealthBadge({ health }: { health: string }) {
  const l = useLabels();
  const t = useT();
  return (
    <Badge appearance="filled" color={HEALTH_COLOUR[health] ?? 'informative'}>
      {t('ui.engagement.health.label', { health: l.health(health) })}
    </Badge>
  );
}

const STATUS_COLOUR: Record<string, BadgeProps['color']> = {
  'not-started': 'informative',
  'in-progress': 'brand',
  complete: 'success',
  'not-applicable': 'subtle',
  scheduled: 'informative',
  failed: 'danger',
  active: 'brand',
  paused: 'warning',
  'decommission-flagged': 'danger',
};
export const statusColour = (s: string): BadgeProps['color'] => STATUS_COLOUR[s] ?? 'informative';

/** A refusal or failure from the server, in the reader's language. */
export function ProblemBar({
  problem,
  onDismiss,
  fallback,
}: {
  problem: unknown;
  onDismiss?: () => void;
  /** what to say when the problem carries no words of its own (e.g. a network failure) */
  fallback?: string;
}) {
  const t = useT();
  const text = problemText(problem);
  if (!problem) return null;
  const title = (problem as { title?: string }).title;
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        {title && title !== text && <MessageBarTitle>{title}</MessageBarTitle>}
        {text ?? fallback ?? t('ui.engagement.error.generic')}
      </MessageBarBody>
      {onDismiss && (
        <MessageBarActions
          containerAction={
            <Button appearance="transparent" size="small" onClick={onDismiss}>
              {t('ui.engagement.dismiss')}
            </Button>
          }
        />
      )}
    </MessageBar>
  );
}
