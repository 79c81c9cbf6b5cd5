/**
 * The notifications panel the bell opens (a side panel, like the Microsoft 365 admin center's): newest first,
 * unread ones marked; open one (which marks it read), mark one or all read, or go to the settings.
 */
import {
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  Link,
  makeStyles,
  mergeClasses,
  OverlayDrawer,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type MouseEvent, useRef } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import {
  type Notification,
  type NotificationList,
  notificationsKey,
  useNotifications,
} from '../../components/notifications';
import { useT } from '../../i18n';
import { useFormat, useSession } from '../../session';
import { ProblemBar, useStyles as usePageStyles } from '../engagements/ui';
import { plainList } from '../../components/styles';

const useStyles = makeStyles({
  tools: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
    marginBottom: tokens.spacingVerticalM,
  },
  list: plainList(tokens.spacingVerticalS),
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    padding: tokens.spacingVerticalS,
    paddingLeft: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderLeft: `${tokens.strokeWidthThickest} solid transparent`,
  },
  unread: {
    backgroundColor: tokens.colorBrandBackground2,
    borderLeft: `${tokens.strokeWidthThickest} solid ${tokens.colorBrandStroke1}`,
  },
  actions: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

const plainClick = (e: MouseEvent) => e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey;

export function NotificationsPanel({ onClose }: { onClose: () => void }) {
  const s = useStyles();
  const p = usePageStyles();
  const t = useT();
  const fmt = useFormat();
  const navigate = useNavigate();
  const { me } = useSession();
  const queryClient = useQueryClient();
  const list = useNotifications();
  const key = notificationsKey(me?.user.id);
  const items = list.data?.items ?? [];
  const unread = list.data?.unread ?? 0;
  // a notification just marked read keeps the focus (its button goes away)
  const itemRefs = useRef(new Map<string, HTMLLIElement>());

  const update = (change: (old: NotificationList) => NotificationList) => {
    const old = queryClient.getQueryData<NotificationList>(key);
    if (old) queryClient.setQueryData<NotificationList>(key, change(old));
  };
  // a refresh still on its way would bring back the unread state: it is dropped
  const settle = () => queryClient.cancelQueries({ queryKey: key });
  const markRead = useMutation({
    onMutate: settle,
    mutationFn: async (id: string) => {
      const { error } = await api.POST('/api/notifications/{id}/read', { params: { path: { id } } });
      if (error) throw error;
      return id;
    },
    onSuccess: (id) => {
      itemRefs.current.get(id)?.focus();
      update((old) => {
        const was = old.items.find((n) => n.id === id);
        return {
          items: old.items.map((n) =>
            n.id === id ? { ...n, readAt: n.readAt ?? new Date().toISOString() } : n,
          ),
          unread: Math.max(0, old.unread - (was && !was.readAt ? 1 : 0)),
        };
      });
    },
  });
  const markAll = useMutation({
    onMutate: settle,
    mutationFn: async () => {
      const { error } = await api.POST('/api/notifications/read-all');
      if (error) throw error;
    },
    onSuccess: () =>
      update((old) => ({
        items: old.items.map((n) => ({ ...n, readAt: n.readAt ?? new Date().toISOString() })),
        unread: 0,
      })),
  });

  const go = (e: MouseEvent, to: string, n?: Notification) => {
    if (!plainClick(e)) return;
    e.preventDefault();
    if (n && !n.readAt) markRead.mutate(n.id);
    onClose();
    navigate(to);
  };

  return (
    <OverlayDrawer open position="end" onOpenChange={(_, d) => !d.open && onClose()}>
      <DrawerHeader>
        <DrawerHeaderTitle
          action={
            <Button
              appearance="subtle"
              aria-label={t('ui.notifications.close')}
              icon={<DismissRegular />}
              onClick={onClose}
            />
          }
        >
          {t('ui.notifications.title')}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody>
        <div className={s.tools}>
          <Button
            size="small"
            disabledFocusable={unread === 0 || markAll.isPending}
            onClick={() => markAll.mutate()}
          >
            {t('ui.notifications.markAllRead')}
          </Button>
          <Link href="/settings/notifications" onClick={(e) => go(e, '/settings/notifications')}>
            {t('ui.notifications.settings')}
          </Link>
        </div>
        <ProblemBar problem={list.error ?? markRead.error ?? markAll.error} />
        {list.isLoading && <Spinner label={t('ui.common.loading')} />}
        {list.isSuccess && items.length === 0 && <Text>{t('ui.notifications.empty')}</Text>}
        <ul className={s.list} aria-label={t('ui.notifications.listLabel', { count: unread })}>
          {items.map((n) => (
            <li
              key={n.id}
              ref={(el) => {
                if (el) itemRefs.current.set(n.id, el);
                else itemRefs.current.delete(n.id);
              }}
              tabIndex={-1}
              className={mergeClasses(s.item, !n.readAt && s.unread)}
              data-testid="notification"
              data-unread={!n.readAt}
            >
              {!n.readAt && <span className={p.visuallyHidden}>{t('ui.notifications.unread')}</span>}
              <Text weight="semibold">{n.title}</Text>
              <Text>{n.body}</Text>
              <Text size={200} className={p.muted}>
                {fmt.dateTime(n.createdAt)}
              </Text>
              <div className={s.actions}>
                {n.link && (
                  <Link
                    href={n.link}
                    aria-label={t('ui.notifications.openLabel', { title: n.title })}
                    onClick={(e) => go(e, n.link!, n)}
                  >
                    {t('ui.notifications.open')}
                  </Link>
                )}
                {!n.readAt && (
                  <Button
                    size="small"
                    appearance="subtle"
                    disabled={markRead.isPending && markRead.variables === n.id}
                    aria-label={t('ui.notifications.markReadLabel', { title: n.title })}
                    onClick={() => markRead.mutate(n.id)}
                  >
                    {t('ui.notifications.markRead')}
                  </Button>
                )}
              </div>
            </li>
          ))}
        </ul>
      </DrawerBody>
    </OverlayDrawer>
  );
}
