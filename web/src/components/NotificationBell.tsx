/**
 * The bell in the header: unread count, live updates from the server's event stream (closed on sign-out and
 * when the page goes), and the panel with the notifications, loaded the first time it opens.
 */
import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { AlertRegular } from '@fluentui/react-icons';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useT } from '../i18n';
import { useSession } from '../session';
import { type Notification, notificationsKey, receive, useNotifications } from './notifications';

const NotificationsPanel = lazy(() =>
  import('../features/notifications/NotificationsPanel').then((m) => ({ default: m.NotificationsPanel })),
);

const useStyles = makeStyles({
  bell: {
    position: 'relative',
    minWidth: '32px',
    color: tokens.colorNeutralForegroundOnBrand,
    ':hover': {
      color: tokens.colorNeutralForegroundOnBrand,
      backgroundColor: tokens.colorBrandBackgroundHover,
    },
    ':hover:active': {
      color: tokens.colorNeutralForegroundOnBrand,
      backgroundColor: tokens.colorBrandBackgroundPressed,
    },
  },
  count: {
    position: 'absolute',
    top: '-2px',
    right: '-4px',
    minWidth: '16px',
    height: '16px',
    padding: '0 4px',
    boxSizing: 'border-box',
    borderRadius: '8px',
    backgroundColor: tokens.colorPaletteRedBackground3,
    color: tokens.colorNeutralForegroundStaticInverted,
    fontSize: '11px',
    lineHeight: '16px',
    fontWeight: tokens.fontWeightSemibold,
  },
  hidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});

export function NotificationBell() {
  const s = useStyles();
  const t = useT();
  const { me } = useSession();
  const userId = me?.user.id;
  const queryClient = useQueryClient();
  const list = useNotifications();
  const [open, setOpen] = useState(false);
  const [arrived, setArrived] = useState('');
  const button = useRef<HTMLButtonElement>(null);
  // the announcement's words in the current language, without reconnecting the stream when it changes
  const announce = useRef((title: string) => t('ui.notifications.arrived', { title }));
  announce.current = (title: string) => t('ui.notifications.arrived', { title });

  useEffect(() => {
    if (!userId || typeof EventSource === 'undefined') return;
    const stream = new EventSource('/api/notifications/stream');
    const onNotification = (ev: MessageEvent<string>) => {
      try {
        const n = JSON.parse(ev.data) as Notification;
        receive(queryClient, userId, n);
        setArrived(announce.current(n.title));
      } catch {
        /* not a notification: ignore */
      }
    };
    stream.addEventListener('notification', onNotification);
    return () => {
      stream.removeEventListener('notification', onNotification);
      stream.close();
    };
  }, [userId, queryClient]);

  if (!userId) return null;
  const unread = list.data?.unread ?? 0;
  return (
    <>
      <Button
        ref={button}
        appearance="transparent"
        className={s.bell}
        icon={<AlertRegular />}
        aria-label={t('ui.notifications.bell', { count: unread })}
        aria-haspopup="dialog"
        aria-expanded={open}
        data-testid="notification-bell"
        data-unread={unread}
        onClick={() => {
          setOpen(true);
          // fresh from the server too, in case the live stream was cut (a proxy, a sleeping laptop)
          void queryClient.invalidateQueries({ queryKey: notificationsKey(userId) });
        }}
      >
        {unread > 0 && (
          <span className={s.count} aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </Button>
      <span role="status" className={s.hidden}>
        {arrived}
      </span>
      {open && (
        <Suspense fallback={null}>
          <NotificationsPanel
            onClose={() => {
              setOpen(false);
              button.current?.focus();
            }}
          />
        </Suspense>
      )}
    </>
  );
}
