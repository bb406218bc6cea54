// Eligible officers of the department who have not registered: searched by name or employee code, sorted by the
// column clicked and paged, all on the server, the search, the order and the page in the URL.
import { useEffect, useState } from 'react';
import { Empty, Input, Space, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { LoadError } from '../common';
import { urlSort } from './console';

const SORTS = ['employeeCode', 'fullName', 'unit', 'position'] as const;
type State = { q?: string; sort?: string; page: number; pageSize: number };

export function NotRegisteredTab({ cycleId, unitId, state, setState }: { cycleId: string; unitId: string; state: State; setState: (p: Partial<Record<string, string | number | undefined>>) => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { param: sortParam, column: sorter, onChange: onTableChange } = urlSort(SORTS, state.sort, setState);
  const search = state.q?.trim() || undefined;
  const query = { unitId, page: state.page, pageSize: state.pageSize, ...(search ? { search } : {}), ...(sortParam ? { sort: sortParam } : {}) };
  const officers = useQuery({
    queryKey: ['cycle', cycleId, 'not-registered', query],
    queryFn: () => call(api.GET('/cycles/{id}/not-registered', { params: { path: { id: cycleId }, query } })),
    placeholderData: (previous) => previous,
  });
  // What is typed goes to the URL (and the server) once the person pauses.
  const [typed, setTyped] = useState(state.q ?? '');
  useEffect(() => setTyped(state.q ?? ''), [state.q]);
  useEffect(() => {
    if (typed === (state.q ?? '')) return;
    const timer = setTimeout(() => setState({ q: typed || undefined }), 350);
    return () => clearTimeout(timer);
  }, [typed, state.q, setState]);

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          allowClear
          aria-label={t('notRegistered.search')}
          placeholder={t('notRegistered.search')}
          style={{ width: 320, maxWidth: '100%' }}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onSearch={(v) => setState({ q: v || undefined })}
          maxLength={100}
        />
        {officers.data && <Typography.Text type="secondary">{t('notRegistered.total', { count: officers.data.total })}</Typography.Text>}
      </Space>
      {officers.isError && <LoadError error={officers.error} onRetry={() => void officers.refetch()} />}
      <Table
        size="small"
        loading={officers.isFetching}
        rowKey="officerId"
        dataSource={officers.data?.items ?? []}
        locale={{ emptyText: <Empty description={search ? t('notRegistered.noMatch') : t('notRegistered.none')} /> }}
        pagination={{ current: state.page, pageSize: state.pageSize, total: officers.data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [20, 50, 100] }}
        onChange={onTableChange}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('notRegistered.employeeCode'), dataIndex: 'employeeCode', ...sorter('employeeCode') },
          { title: t('notRegistered.fullName'), dataIndex: 'fullName', ...sorter('fullName') },
          { title: t('notRegistered.unit'), render: (_, r) => (en ? r.unitNameEn : r.unitNameVi), ...sorter('unit') },
          { title: t('notRegistered.position'), render: (_, r) => (en ? r.positionNameEn : r.positionNameVi), ...sorter('position') },
        ]}
      />
    </Space>
  );
}
