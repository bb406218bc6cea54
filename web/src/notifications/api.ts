// The notification centre's server calls: one query key for the list and the unread count, refreshed every
// minute and after marking read.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, call } from '../api/client';

export const notificationKeys = { all: ['notifications'] as const };

export const notificationsQuery = (unreadOnly = false, pageSize = 20, page = 1) =>
  queryOptions({
    queryKey: [...notificationKeys.all, { unreadOnly, pageSize, page }],
    queryFn: () => call(api.GET('/me/notifications', { params: { query: { page, pageSize, ...(unreadOnly ? { unread: 'true' as const } : {}) } } })),
    refetchInterval: 60_000,
    placeholderData: (previous) => previous,
  });

export const useNotifications = (unreadOnly = false, pageSize = 20, page = 1) => useQuery(notificationsQuery(unreadOnly, pageSize, page));

/**
 * The bell's unread count. A 401 here answers null rather than failing: at sign-out the bell may ask once more
 * before it unmounts, and the sign-out (not an expired session) must be what the sign-in page says.
 */
export const useUnreadCount = () =>
  useQuery({
    queryKey: [...notificationKeys.all, 'unread'],
    refetchInterval: 60_000,
    queryFn: async () => {
      try {
        return (await call(api.GET('/me/notifications', { params: { query: { pageSize: 1, unread: 'true' } } }))).unread;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
  });

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.POST('/me/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.POST('/me/notifications/read-all')),
    onSuccess: () => client.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
