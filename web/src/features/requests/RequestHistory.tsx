/**
 * A request's history as a conversation: status moves and corrections as events across the page,
 * messages as speech bubbles — the reader's side on the right, the other side on the left — each
 * with who wrote it, which side they are on and when. Reads on a phone as well as on a desk: one
 * column, nothing wider than the screen.
 */
import { Badge, Caption1, makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { useT } from '../../i18n';
import { useFormat, useSession } from '../../session';
import { type RequestDetailData, useStatusLabel } from './common';
import { plainList } from '../../components/styles';

type Entry = RequestDetailData['history'][number];

const useStyles = makeStyles({
  list: plainList(tokens.spacingVerticalM),
  entry: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    minWidth: 0,
    overflowWrap: 'anywhere',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
  },
  event: {
    borderLeft: `${tokens.strokeWidthThicker} solid ${tokens.colorNeutralStroke1}`,
  },
  message: {
    maxWidth: 'min(85%, 640px)',
    borderRadius: tokens.borderRadiusXLarge,
  },
  // an internal note: the center's own, set apart from what the customer reads
  internal: {
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  mine: {
    alignSelf: 'flex-end',
    backgroundColor: tokens.colorBrandBackground2,
    borderBottomRightRadius: tokens.borderRadiusSmall,
  },
  theirs: {
    alignSelf: 'flex-start',
    backgroundColor: tokens.colorNeutralBackground3,
    borderBottomLeftRadius: tokens.borderRadiusSmall,
  },
  meta: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXXS,
  },
  muted: { color: tokens.colorNeutralForeground3 },
  text: { whiteSpace: 'pre-wrap' },
});

/** What an entry did: a status move, a correction, or a message. */
function useEntryTitle() {
  const t = useT();
  const statusLabel = useStatusLabel();
  return (h: Entry, remindersOf: number) =>
    h.kind === 'reminder'
      ? t('ui.request.history.reminder', { n: h.reminder ?? 1, of: remindersOf })
      : h.kind === 'message'
        ? t('ui.request.message.entry')
        : h.changes
          ? t('ui.request.corrected')
          : h.fromStatus
            ? t('ui.request.statusChange', {
                from: statusLabel(h.fromStatus),
                to: statusLabel(h.toStatus, h.statusLabel),
              })
            : statusLabel(h.toStatus, h.statusLabel);
}

export function RequestHistory({ history, remindersOf }: { history: Entry[]; remindersOf: number }) {
  const s = useStyles();
  const t = useT();
  const format = useFormat();
  const { me } = useSession();
  const title = useEntryTitle();
  const readerAtCenter = me?.organisation?.kind === 'center';
  return (
    <ol className={s.list} aria-label={t('ui.request.history')}>
      {history.map((h) => {
        const message = h.kind === 'message' || h.kind === 'internal';
        const system = !h.actorName && !h.byCenter;
        const mine = !system && h.byCenter === readerAtCenter;
        const text = h.changes
          ? t('ui.request.changed', { fields: (h.changeLabels ?? h.changes).join(', ') })
          : h.note;
        return (
          <li
            key={`${h.at}-${h.kind}-${h.fromStatus}-${h.toStatus}-${h.note}`}
            data-kind={h.kind}
            data-side={system ? 'system' : mine ? 'mine' : 'theirs'}
            className={mergeClasses(
              s.entry,
              message ? s.message : s.event,
              message && (mine ? s.mine : s.theirs),
              h.kind === 'internal' && s.internal,
            )}
          >
            <div className={s.meta}>
              <Text weight="semibold">{h.actorName ?? t('ui.request.history.system')}</Text>
              {h.byCenter && (
                <Badge appearance="outline" size="small" shape="rounded">
                  {t('ui.request.history.center')}
                </Badge>
              )}
              {h.kind === 'internal' && (
                <Badge appearance="tint" color="warning" size="small" shape="rounded">
                  {t('ui.request.history.internal')}
                </Badge>
              )}
              <Caption1 className={s.muted}>
                <time dateTime={h.at}>{format.dateTime(h.at)}</time>
              </Caption1>
            </div>
            {message ? null : <Text weight="semibold">{title(h, remindersOf)}</Text>}
            {h.reason &&
              (message ? (
                <Text className={s.text}>{h.reason}</Text>
              ) : (
                <Text>{t('ui.request.history.reason', { reason: h.reason })}</Text>
              ))}
            {text && <Text className={s.text}>{text}</Text>}
          </li>
        );
      })}
    </ol>
  );
}
