// The notification centre's server calls: one query key for the list and the unread count, refreshed every
// minute and after marking read.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../api/client';

export const notificationKeys = { all: ['notifications'] as const };

export const notificationsQuery = (unreadOnly = false, pageSize = 20) =>
  queryOptions({
    queryKey: [...notificationKeys.all, { unreadOnly, pageSize }],
    queryFn: () => call(api.GET('/me/notifications', { params: { query: { pageSize, ...(unreadOnly ? { unread: 'true' as const } : {}) } } })),
    refetchInterval: 60_000,
  });

export const useNotifications = (unreadOnly = false, pageSize = 20) => useQuery(notificationsQuery(unreadOnly, pageSize));

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
