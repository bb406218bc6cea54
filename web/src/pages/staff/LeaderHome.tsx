// A leader's follow-up tasks, due first, overdue marked: what their unit must act on.
import { Card, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { dateOnly } from '../../time';
import { LoadError, useLocalized } from '../common';

export default function LeaderHome() {
  const { t } = useTranslation();
  const name = useLocalized();
  const tasks = useQuery({ queryKey: ['follow-ups', 'open'], queryFn: () => call(api.GET('/follow-ups', { params: { query: { status: 'OPEN', pageSize: 100 } } })) });
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('nav.followUps')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('staff.comingSoon')}</Typography.Paragraph>
      {tasks.isError && <LoadError error={tasks.error} onRetry={() => void tasks.refetch()} />}
      <Card>
        <Table
          loading={tasks.isPending}
          rowKey="id"
          dataSource={tasks.data?.items ?? []}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            { title: t('staff.task'), render: (_, f) => t(`results.followUpType.${f.type}`) },
            { title: t('staff.officer'), render: (_, f) => `${f.officer.fullName} (${f.officer.employeeCode})` },
            { title: t('staff.subject'), render: (_, f) => (f.competency ? name(f.competency) : f.proposedPosition ? name(f.proposedPosition) : '—') },
            { title: t('officer.unit'), render: (_, f) => name(f.unit) },
            { title: t('results.due'), render: (_, f) => <span>{dateOnly(f.dueAt)} {f.overdue && <Tag color="red">{t('results.overdue')}</Tag>}</span> },
          ]}
        />
      </Card>
    </>
  );
}
