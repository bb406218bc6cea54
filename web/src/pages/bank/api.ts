// The question bank's server calls shared by its pages: reference data (fields, competencies, positions) and the
// query keys that writes invalidate.
import { useMemo } from 'react';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, call, type ResponseOf } from '../../api/client';

export type ItemDetail = ResponseOf<'/items/{id}', 'get'>;
export type ItemVersion = ItemDetail['versions'][number];
export type ItemListPage = ResponseOf<'/items', 'get'>;
export type Difficulty = ItemVersion['difficulty'];
export type ItemStatus = ItemDetail['status'];

export const DIFFICULTIES: readonly Difficulty[] = ['EASY', 'MEDIUM', 'HARD'];
export const ITEM_STATUSES: readonly ItemStatus[] = ['DRAFT', 'ACTIVE', 'RETIRED'];
export const STATUS_COLOR: Record<ItemStatus, string> = { DRAFT: 'default', ACTIVE: 'green', RETIRED: 'red' };

/** Query keys of the bank: every write invalidates ['bank']. */
export const bankKeys = {
  all: ['bank'] as const,
  items: (query: object) => ['bank', 'items', query] as const,
  item: (id: string) => ['bank', 'item', id] as const,
  coverage: (positionId: string) => ['bank', 'coverage', positionId] as const,
  blueprints: (positionId: string) => ['bank', 'blueprints', positionId] as const,
};

const STATIC = { staleTime: 10 * 60_000 } as const;

export const fieldsQuery = queryOptions({ queryKey: ['fields'], queryFn: () => call(api.GET('/fields')), ...STATIC });
export const competenciesQuery = queryOptions({
  queryKey: ['competencies', 'all'],
  queryFn: () => call(api.GET('/competencies', { params: { query: { pageSize: 500 } } })),
  ...STATIC,
});
export const positionsQuery = queryOptions({
  queryKey: ['positions', 'all'],
  queryFn: () => call(api.GET('/positions', { params: { query: { pageSize: 500 } } })),
  ...STATIC,
});

type Named = { id: string; code: string; nameVi: string; nameEn: string };

/** Reference data by id, to show names (never raw ids) wherever an item names a competency, field or position. */
export function useReferences() {
  const fields = useQuery(fieldsQuery);
  const competencies = useQuery(competenciesQuery);
  const positions = useQuery(positionsQuery);
  return useMemo(() => {
    const index = <T extends Named>(rows: T[] | undefined) => new Map((rows ?? []).map((r) => [r.id, r]));
    return {
      fields: fields.data?.items ?? [],
      competencies: competencies.data?.items ?? [],
      positions: positions.data?.items ?? [],
      field: index(fields.data?.items),
      competency: index(competencies.data?.items),
      position: index(positions.data?.items),
      loading: fields.isPending || competencies.isPending || positions.isPending,
      error: fields.error ?? competencies.error ?? positions.error,
    };
  }, [fields.data, competencies.data, positions.data, fields.isPending, competencies.isPending, positions.isPending, fields.error, competencies.error, positions.error]);
}

export type References = ReturnType<typeof useReferences>;
