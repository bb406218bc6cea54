// The leader's server calls: their unit's follow-up tasks and feedback cases, one task, one case, and the
// look-ups the forms choose from. Query keys live here; mutations invalidate what they change.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, ApiError, call } from '../../api/client';

export const leaderKeys = {
  tasks: ['leader', 'tasks'] as const,
  cases: ['leader', 'cases'] as const,
  task: (id: string) => ['leader', 'task', id] as const,
  case: (id: string) => ['leader', 'case', id] as const,
};

export interface InboxFilter {
  state: 'OPEN' | 'OVERDUE' | 'CLOSED' | 'ALL';
  unitId?: string;
  cycleId?: string;
}

export const tasksQuery = (f: InboxFilter) =>
  queryOptions({
    queryKey: [...leaderKeys.tasks, f],
    queryFn: () =>
      call(
        api.GET('/follow-ups', {
          params: {
            query: {
              pageSize: 100,
              ...(f.state === 'OPEN' || f.state === 'OVERDUE' ? { status: 'OPEN' } : {}),
              ...(f.state === 'OVERDUE' ? { overdue: 'true' as const } : {}),
              ...(f.unitId ? { unitId: f.unitId } : {}),
              ...(f.cycleId ? { cycleId: f.cycleId } : {}),
            },
          },
        }),
      ),
  });

export const casesQuery = (f: InboxFilter) =>
  queryOptions({
    queryKey: [...leaderKeys.cases, f],
    queryFn: () =>
      call(
        api.GET('/feedback/cases', {
          params: {
            query: {
              pageSize: 100,
              ...(f.state === 'OPEN' ? { open: 'true' as const } : {}),
              ...(f.state === 'OVERDUE' ? { overdue: 'true' as const } : {}),
              ...(f.state === 'CLOSED' ? { open: 'false' as const } : {}),
              ...(f.unitId ? { unitId: f.unitId } : {}),
            },
          },
        }),
      ),
  });

/** Open and overdue counts for the navigation. */
export function useInboxCounts(enabled: boolean) {
  return useQuery({
    queryKey: [...leaderKeys.tasks, 'counts'],
    enabled,
    refetchInterval: 60_000,
    queryFn: async () => {
      // A 401 answers null (see useUnreadCount): at sign-out the navigation may ask once more before it unmounts.
      const counted = await Promise.all([
        call(api.GET('/follow-ups', { params: { query: { status: 'OPEN', pageSize: 1 } } })),
        call(api.GET('/follow-ups', { params: { query: { status: 'OPEN', overdue: 'true', pageSize: 1 } } })),
        call(api.GET('/feedback/cases', { params: { query: { open: 'true', pageSize: 1 } } })),
        call(api.GET('/feedback/cases', { params: { query: { overdue: 'true', pageSize: 1 } } })),
      ]).catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      });
      if (!counted) return null;
      const [open, overdue, cases, overdueCases] = counted;
      return { open: open.total + cases.total, overdue: overdue.total + overdueCases.total };
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
