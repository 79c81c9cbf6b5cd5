/** The signed-in person's notifications: one cached list (with the unread count) shared by the bell and its panel. */
import { type QueryClient, useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { paths } from '../api/schema';
import { useSession } from '../session';

export type NotificationList =
  paths['/api/notifications']['get']['responses'][200]['content']['application/json'];
export type Notification = NotificationList['items'][number];

export const notificationsKey = (userId: string | undefined) => ['notifications', userId ?? ''] as const;

export function useNotifications() {
  const { me } = useSession();
  const userId = me?.user.id;
  return useQuery({
    queryKey: notificationsKey(userId),
    queryFn: async () => {
      const { data, error } = await api.GET('/api/notifications');
      if (error) throw error;
      return data;
    },
    enabled: !!userId,
    staleTime: 5 * 60_000,
  });
}

/** Puts a notification that just arrived at the top of the cached list (once). */
export function receive(queryClient: QueryClient, userId: string, n: Notification): void {
  const key = notificationsKey(userId);
  const old = queryClient.getQueryData<NotificationList>(key);
  if (!old) {
    void queryClient.invalidateQueries({ queryKey: key });
    return;
  }
  if (old.items.some((x) => x.id === n.id)) return;
  queryClient.setQueryData<NotificationList>(key, {
    items: [n, ...old.items].slice(0, 50),
    unread: old.unread + (n.readAt ? 0 : 1),
  });
}
