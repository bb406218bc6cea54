// A business's declarations and the subjects it may rate.
import { Card, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { dateOnly } from '../../time';
import { LoadError, useLocalized } from '../common';

export default function BusinessHome() {
  const { t } = useTranslation();
  const name = useLocalized();
  const declarations = useQuery({ queryKey: ['feedback', 'declarations'], queryFn: () => call(api.GET('/feedback/my/declarations', { params: { query: { pageSize: 50 } } })) });
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('nav.declarations')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('staff.comingSoon')}</Typography.Paragraph>
      {declarations.isError && <LoadError error={declarations.error} onRetry={() => void declarations.refetch()} />}
      <Card>
        <Table
          loading={declarations.isPending}
          rowKey="id"
          dataSource={declarations.data?.items ?? []}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            { title: t('business.number'), dataIndex: 'number' },
            { title: t('business.registeredAt'), render: (_, d) => dateOnly(d.registeredAt) },
            { title: t('business.branch'), render: (_, d) => name(d.branch) },
            { title: t('business.ratedCount'), render: (_, d) => `${d.subjects.filter((s) => s.rating).length}/${d.subjects.length}` },
            { title: '', render: (_, d) => (d.subjects.some((s) => !s.rating) ? <Tag color="blue">{t('business.toRate')}</Tag> : <Tag color="green">{t('business.rated')}</Tag>) },
          ]}
        />
      </Card>
    </>
  );
}
