// The cycles this user may see, with their live phase: the starting point of a coordinator's and a reviewer's
// work (their detailed screens come on this foundation).
import { Card, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { dateOnly } from '../../time';
import { LoadError, useLocalized } from '../common';

const STATUS_COLOR: Record<string, string> = { RUNNING: 'blue', CLOSED: 'green', CANCELLED: 'red', DRAFT: 'default' };

export function CyclesTable({ title }: { title: string }) {
  const { t } = useTranslation();
  const name = useLocalized();
  const cycles = useQuery({ queryKey: ['cycles'], queryFn: () => call(api.GET('/cycles', { params: { query: { pageSize: 100 } } })) });
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {title}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('staff.comingSoon')}</Typography.Paragraph>
      {cycles.isError && <LoadError error={cycles.error} onRetry={() => void cycles.refetch()} />}
      <Card>
        <Table
          loading={cycles.isPending}
          rowKey="id"
          dataSource={cycles.data?.items ?? []}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            { title: t('staff.code'), dataIndex: 'code' },
            { title: t('staff.name'), render: (_, c) => name(c) },
            { title: t('staff.phase'), render: (_, c) => t(`phases.${c.phase}`, { defaultValue: c.phase }) },
            { title: t('staff.status'), render: (_, c) => <Tag color={STATUS_COLOR[c.status]}>{c.status === 'RUNNING' ? t(`phases.${c.phase}`) : t(`phases.${c.status === 'CLOSED' ? 'CLOSED' : 'NOT_STARTED'}`)}</Tag> },
            { title: t('staff.exam'), render: (_, c) => dateOnly(c.timeline.examStartsAt) },
          ]}
        />
      </Card>
    </>
  );
}
