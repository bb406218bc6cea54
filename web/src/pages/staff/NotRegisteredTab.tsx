// Eligible officers of the department who have not registered, paged on the server.
import { Empty, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { LoadError } from '../common';

export function NotRegisteredTab({ cycleId, unitId, page, pageSize, setState }: { cycleId: string; unitId: string; page: number; pageSize: number; setState: (p: { page?: number; pageSize?: number }) => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const query = { unitId, page, pageSize };
  const officers = useQuery({
    queryKey: ['cycle', cycleId, 'not-registered', query],
    queryFn: () => call(api.GET('/cycles/{id}/not-registered', { params: { path: { id: cycleId }, query } })),
    placeholderData: (previous) => previous,
  });
  if (officers.isError) return <LoadError error={officers.error} onRetry={() => void officers.refetch()} />;
  return (
    <Table
      size="small"
      loading={officers.isFetching}
      rowKey="officerId"
      dataSource={officers.data?.items ?? []}
      locale={{ emptyText: <Empty description={t('notRegistered.none')} /> }}
      pagination={{ current: page, pageSize, total: officers.data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [20, 50, 100] }}
      onChange={(p) => setState({ page: p.current, pageSize: p.pageSize })}
      scroll={{ x: 'max-content' }}
      columns={[
        { title: t('notRegistered.employeeCode'), dataIndex: 'employeeCode' },
        { title: t('notRegistered.fullName'), dataIndex: 'fullName' },
        { title: t('notRegistered.unit'), key: 'unit', render: (_, r) => (en ? r.unitNameEn : r.unitNameVi) },
        { title: t('notRegistered.position'), key: 'position', render: (_, r) => (en ? r.positionNameEn : r.positionNameVi) },
      ]}
    />
  );
}
