// One cycle at headquarters: its live phase on the timeline, the next deadline, and every department in one
// table a person can scan (registrations, open flags, mismatch rate, list status), escalated and overdue lists
// first and in red. A draft cycle shows its launch action instead.
import { useMemo } from 'react';
import { Breadcrumb, Button, Card, Col, Empty, Row, Segmented, Space, Statistic, Table, Typography } from 'antd';
import { BarChartOutlined, FileSearchOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call, type ResponseOf } from '../../api/client';
import { Loading } from '../Loading';
import { NotFoundPage } from '../NotFoundPage';
import { LoadError, useLocalized } from '../common';
import { CycleTimeline, ListStatusTag, NextDeadline, useUrlState } from '../staff/console';
import { LaunchCard } from './LaunchCard';

type Department = ResponseOf<'/cycles/{id}/reports/registration', 'get'>['departments'][number];
const KEYS = ['show'] as const;

const needsAttention = (d: Department) => d.escalated || (d.listStatus !== 'APPROVED' && (d.lateDays ?? 0) > 0) || d.listStatus === 'RETURNED';
const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

export default function CycleDashboard() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const name = useLocalized();
  const [state, setState] = useUrlState(KEYS);
  const cycle = useQuery({ queryKey: ['cycle', id], queryFn: () => call(api.GET('/cycles/{id}', { params: { path: { id } } })) });
  const phase = useQuery({ queryKey: ['cycle', id, 'phase'], queryFn: () => call(api.GET('/cycles/{id}/phase', { params: { path: { id } } })), enabled: cycle.data?.status === 'RUNNING', refetchInterval: 30_000 });
  const report = useQuery({
    queryKey: ['cycle', id, 'registration-report'],
    queryFn: () => call(api.GET('/cycles/{id}/reports/registration', { params: { path: { id }, query: {} } })),
    enabled: !!cycle.data && cycle.data.status !== 'DRAFT',
  });
  const departments = useMemo(() => {
    const rows = [...(report.data?.departments ?? [])].sort((a, b) => Number(needsAttention(b)) - Number(needsAttention(a)) || a.unitId.localeCompare(b.unitId));
    return state.show === 'attention' ? rows.filter(needsAttention) : rows;
  }, [report.data, state.show]);

  if (cycle.isPending) return <Loading />;
  if (cycle.isError) return 'status' in cycle.error && cycle.error.status === 404 ? <NotFoundPage /> : <LoadError error={cycle.error} onRetry={() => void cycle.refetch()} />;
  const c = cycle.data;
  const livePhase = phase.data?.phase ?? c.phase;
  const totals = report.data?.totals;
  const unitName = (d: Department) => (i18n.language === 'en' ? d.unitNameEn : d.unitNameVi);

  return (
    <Space orientation="vertical" size={20} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/">{t('cycles.title')}</Link> }, { title: c.code }]} />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, justifyContent: 'space-between', alignItems: 'flex-start' }}>
        <div>
          <Typography.Title level={1} style={{ fontSize: 26, marginBottom: 4 }}>
            {name(c)}
          </Typography.Title>
          <NextDeadline timeline={c.timeline} />
        </div>
        {c.status !== 'DRAFT' && (
          <Space wrap>
            <Link to={`/cycles/${c.id}/reports`}>
              <Button icon={<BarChartOutlined />}>{t('reports.open')}</Button>
            </Link>
            <Link to={`/cycles/${c.id}/items`}>
              <Button icon={<FileSearchOutlined />}>{t('itemAnalysis.open')}</Button>
            </Link>
          </Space>
        )}
      </div>
      <Card title={<h2 className="card-heading">{t('cycles.timeline')}</h2>}>
        <CycleTimeline timeline={c.timeline} phase={livePhase} status={c.status} />
      </Card>
      {c.status === 'DRAFT' && <LaunchCard cycle={c} />}
      {c.status !== 'DRAFT' && (
        <>
          {totals && (
            <Row gutter={[16, 16]}>
              <Col xs={12} md={6}><Card size="small"><Statistic title={t('cycles.registered')} value={totals.registered} suffix={`/ ${totals.inScope}`} /></Card></Col>
              <Col xs={12} md={6}><Card size="small"><Statistic title={t('cycles.notRegistered')} value={totals.notRegistered} /></Card></Col>
              <Col xs={12} md={6}><Card size="small"><Statistic title={t('cycles.openFlags')} value={totals.pendingDecisions} styles={{ content: totals.pendingDecisions ? { color: '#ad4e00' } : undefined }} /></Card></Col>
              <Col xs={12} md={6}><Card size="small"><Statistic title={t('cycles.mismatchRate')} value={percent(totals.mismatchRate)} /></Card></Col>
            </Row>
          )}
          <Card
            title={<h2 className="card-heading">{t('cycles.departments')}</h2>}
          >
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, justifyContent: 'space-between', alignItems: 'center', marginBottom: 12 }}>
              <Typography.Text type="secondary">{t('cycles.departmentsIntro')}</Typography.Text>
              <Segmented
                aria-label={t('cycles.departments')}
                value={state.show === 'attention' ? 'attention' : 'all'}
                onChange={(v) => setState({ show: v === 'attention' ? 'attention' : undefined })}
                options={[{ value: 'all', label: t('cycles.allDepartments') }, { value: 'attention', label: t('cycles.onlyProblems') }]}
              />
            </div>
            {report.isError && <LoadError error={report.error} onRetry={() => void report.refetch()} />}
            <Table
              size="small"
              loading={report.isPending}
              rowKey="unitId"
              dataSource={departments}
              pagination={false}
              rowClassName={(d) => (needsAttention(d) ? 'row-attention' : '')}
              locale={{ emptyText: <Empty description={t('cycles.noDepartments')} /> }}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: t('cycles.unit'), render: (_, d) => <Link to={`/cycles/${c.id}/units/${d.unitId}`}>{unitName(d)}</Link> },
                { title: t('cycles.inScope'), dataIndex: 'inScope', align: 'right' },
                { title: t('cycles.registered'), dataIndex: 'registered', align: 'right' },
                { title: t('cycles.notRegistered'), dataIndex: 'notRegistered', align: 'right' },
                { title: t('cycles.openFlags'), align: 'right', render: (_, d) => (d.pendingDecisions ? <strong style={{ color: '#ad4e00' }}>{d.pendingDecisions}</strong> : 0) },
                { title: t('cycles.mismatchRate'), align: 'right', render: (_, d) => percent(d.mismatchRate) },
                { title: t('cycles.listStatus'), render: (_, d) => <ListStatusTag status={d.listStatus} escalated={d.escalated} lateDays={d.lateDays} /> },
              ]}
            />
          </Card>
        </>
      )}
    </Space>
  );
}
