// The cycles a person works on: the running ones on their timeline (live phase, next deadline), then every cycle
// in a table paged, filtered and sorted on the server, its state in the URL. The coordinator opens a cycle's dashboard;
// a reviewer opens their own department's workspace in it.
import { Button, Card, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { useSession } from '../../session';
import { dateOnly } from '../../time';
import { LoadError, useLocalized } from '../common';
import { CycleTimeline, NextDeadline, STATUS_COLOR, urlSort, useUrlState } from '../staff/console';

const STATUSES = ['DRAFT', 'RUNNING', 'CLOSED', 'CANCELLED'] as const;
type Status = (typeof STATUSES)[number];
const KEYS = ['status', 'sort'] as const;
const SORTS = ['code', 'name', 'status', 'phase', 'examStartsAt'] as const;

export default function CyclesHome() {
  const { t } = useTranslation();
  const name = useLocalized();
  const { user } = useSession();
  const coordinator = user?.role === 'COORDINATOR';
  const [state, setState] = useUrlState(KEYS);
  const status = STATUSES.includes(state.status as Status) ? (state.status as Status) : undefined;
  const { param: sortParam, column: sorter, onChange: onTableChange } = urlSort(SORTS, state.sort, setState);
  const query = { page: state.page, pageSize: state.pageSize, ...(status ? { status } : {}), ...(sortParam ? { sort: sortParam } : {}) };
  const cycles = useQuery({ queryKey: ['cycles', query], queryFn: () => call(api.GET('/cycles', { params: { query } })) });
  const running = useQuery({ queryKey: ['cycles', { status: 'RUNNING' }], queryFn: () => call(api.GET('/cycles', { params: { query: { status: 'RUNNING', pageSize: 20 } } })) });
  const target = (id: string) => (coordinator ? `/cycles/${id}` : `/cycles/${id}/units/${user?.unitId ?? ''}`);

  return (
    <Space orientation="vertical" size={20} style={{ width: '100%' }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, justifyContent: 'space-between', alignItems: 'flex-start' }}>
        <div>
          <Typography.Title level={1} style={{ fontSize: 26, marginBottom: 4 }}>
            {t('cycles.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('cycles.intro')}</Typography.Text>
        </div>
        {coordinator && (
          <Link to="/cycles/new">
            <Button type="primary" icon={<PlusOutlined />}>
              {t('cycles.newCycle')}
            </Button>
          </Link>
        )}
      </div>
      {running.data?.items.map((c) => (
        <Card
          key={c.id}
          title={
            <h2 className="card-heading">
              <Link to={target(c.id)}>{name(c)}</Link>
            </h2>
          }
        >
          <Typography.Paragraph style={{ marginTop: -4 }}>
            <NextDeadline timeline={c.timeline} />
          </Typography.Paragraph>
          <CycleTimeline timeline={c.timeline} phase={c.phase} status={c.status} />
        </Card>
      ))}
      {cycles.isError && <LoadError error={cycles.error} onRetry={() => void cycles.refetch()} />}
      <Card title={<h2 className="card-heading">{t('cycles.title')}</h2>} extra={
        <Select
          aria-label={t('cycles.status')}
          style={{ minWidth: 170 }}
          value={status ?? ''}
          onChange={(v) => setState({ status: v || undefined })}
          options={[{ value: '', label: t('cycles.allStatuses') }, ...STATUSES.map((s) => ({ value: s, label: t(`cycles.statusName.${s}`) }))]}
        />
      }>
        <Table
          loading={cycles.isPending}
          rowKey="id"
          dataSource={cycles.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('cycles.none')} /> }}
          pagination={{ current: state.page, pageSize: state.pageSize, total: cycles.data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [10, 20, 50] }}
          onChange={onTableChange}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('cycles.code'), dataIndex: 'code', ...sorter('code') },
            { title: t('cycles.name'), render: (_, c) => <Link to={target(c.id)}>{name(c)}</Link>, ...sorter('name') },
            { title: t('cycles.status'), render: (_, c) => <Tag color={STATUS_COLOR[c.status]}>{t(`cycles.statusName.${c.status}`)}</Tag>, ...sorter('status') },
            { title: t('cycles.phase'), render: (_, c) => (c.status === 'RUNNING' ? t(`phases.${c.phase}`, { defaultValue: c.phase }) : '—'), ...sorter('phase') },
            { title: t('cycles.nextDeadline'), render: (_, c) => (c.status === 'RUNNING' || c.status === 'DRAFT' ? <NextDeadline timeline={c.timeline} /> : '—') },
            { title: t('cycles.exam'), render: (_, c) => dateOnly(c.timeline.examStartsAt), ...sorter('examStartsAt') },
          ]}
        />
      </Card>
    </Space>
  );
}
