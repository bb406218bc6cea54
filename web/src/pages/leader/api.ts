// The leader's server calls: their unit's inbox (follow-up tasks and feedback cases in one list), one task, one case, and the
// look-ups the forms choose from. Query keys live here; mutations invalidate what they change.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, ApiError, call } from '../../api/client';
import type { paths } from '../../api/schema';

export const leaderKeys = {
  /** Every page and filter of the inbox, and the navigation's counts: what any action on a task or a case changes. */
  inbox: ['leader', 'inbox'] as const,
  task: (id: string) => ['leader', 'task', id] as const,
  case: (id: string) => ['leader', 'case', id] as const,
};

export type InboxQuery = NonNullable<paths['/inbox']['get']['parameters']['query']>;
export type InboxItem = Awaited<ReturnType<typeof fetchInbox>>['items'][number];

function fetchInbox(query: InboxQuery) {
  return call(api.GET('/inbox', { params: { query } }));
}

/** One page of the merged inbox (tasks and cases, overdue first), as the server orders and counts it. */
export const inboxQuery = (query: InboxQuery) => queryOptions({ queryKey: [...leaderKeys.inbox, query], queryFn: () => fetchInbox(query), placeholderData: (previous) => previous });

/** Open and overdue counts for the navigation: the inbox's first entry and its totals. */
export function useInboxCounts(enabled: boolean) {
  return useQuery({
    queryKey: [...leaderKeys.inbox, 'counts'],
    enabled,
    refetchInterval: 60_000,
    queryFn: async () => {
      // A 401 answers null (see useUnreadCount): at sign-out the navigation may ask once more before it unmounts.
      const counted = await fetchInbox({ pageSize: 1 }).catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      });
      return counted ? { open: counted.total, overdue: counted.overdue } : null;
    },
  });
}

export const unitsQuery = () =>
  queryOptions({ queryKey: ['units', 'scope'], queryFn: () => call(api.GET('/units', { params: { query: { pageSize: 500 } } })), staleTime: 10 * 60_000 });
export const cyclesQuery = () => queryOptions({ queryKey: ['cycles', 'list'], queryFn: () => call(api.GET('/cycles', { params: { query: { pageSize: 50 } } })), staleTime: 60_000 });
export const positionsQuery = () =>
  queryOptions({ queryKey: ['positions'], queryFn: () => call(api.GET('/positions', { params: { query: { pageSize: 200 } } })), staleTime: 10 * 60_000 });
export const taskQuery = (id: string) => queryOptions({ queryKey: leaderKeys.task(id), queryFn: () => call(api.GET('/follow-ups/{id}', { params: { path: { id } } })) });
export const caseQuery = (id: string) => queryOptions({ queryKey: leaderKeys.case(id), queryFn: () => call(api.GET('/feedback/cases/{id}', { params: { path: { id } } })) });
export const reasonsQuery = () => queryOptions({ queryKey: ['feedback', 'reasons'], queryFn: () => call(api.GET('/feedback/reasons')), staleTime: 10 * 60_000 });
