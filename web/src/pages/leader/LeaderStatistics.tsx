// Business feedback over the leader's scope: the figures, ratings by level month by month (chart), the
// distribution by branch / team / stage / officer, and the look-up by the 8 criteria with Excel export.
import { useMemo, useState } from 'react';
import { Button, Card, Col, DatePicker, Form, Input, Row, Segmented, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { api, call } from '../../api/client';
import { EChart, type ChartOption } from '../../charts/EChart';
import { dateTime, dayjs, VIETNAM_TZ } from '../../time';
import { LoadError, useLocalized } from '../common';
import { unitsQuery } from './api';

const LEVELS = ['VERY_SATISFIED', 'SATISFIED', 'NORMAL', 'UNSATISFIED', 'VERY_UNSATISFIED'] as const;
const LEVEL_COLORS = ['#15803d', '#65a30d', '#2563eb', '#ea580c', '#b91c1c'];
type Dim = 'branch' | 'team' | 'stage' | 'officer';

interface Lookup {
  declarationNumber?: string;
  business?: string;
  range?: [Dayjs, Dayjs];
  branchId?: string;
  teamId?: string;
  stageId?: string;
  officerId?: string;
  level?: string[];
}

/** The look-up's query as the API takes it (also the export's address). */
function lookupQuery(v: Lookup): Record<string, string> {
  const q: Record<string, string> = {};
  if (v.declarationNumber?.trim()) q.declarationNumber = v.declarationNumber.trim();
  if (v.business?.trim()) q.business = v.business.trim();
  if (v.range) {
    q.from = v.range[0].format('YYYY-MM-DD');
    q.to = v.range[1].format('YYYY-MM-DD');
  }
  for (const k of ['branchId', 'teamId', 'stageId', 'officerId'] as const) if (v[k]) q[k] = v[k]!;
  if (v.level?.length) q.level = v.level.join(',');
  return q;
}

export default function LeaderStatistics() {
  const { t } = useTranslation();
  const name = useLocalized();
  const [dim, setDim] = useState<Dim>('branch');
  const [lookup, setLookup] = useState<Lookup>({});
  const [page, setPage] = useState(1);
  const [form] = Form.useForm<Lookup>();
  const overview = useQuery({ queryKey: ['stats', 'overview'], queryFn: () => call(api.GET('/feedback/statistics', { params: { query: { top: 100 } } })) });
  const units = useQuery(unitsQuery());

  // The last six months in Vietnam time, one figure each (six small aggregates).
  const months = useMemo(() => {
    const now = dayjs().tz(VIETNAM_TZ).startOf('month');
    return Array.from({ length: 6 }, (_, i) => now.subtract(5 - i, 'month'));
  }, []);
  const monthly = useQueries({
    queries: months.map((m) => ({
      queryKey: ['stats', 'month', m.format('YYYY-MM')],
      queryFn: () => call(api.GET('/feedback/statistics', { params: { query: { top: 1, from: m.format('YYYY-MM-DD'), to: m.endOf('month').format('YYYY-MM-DD') } } })),
    })),
  });
  const chart = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 56 },
      xAxis: { type: 'category', data: months.map((m) => m.format('MM/YYYY')) },
      yAxis: { type: 'value', minInterval: 1 },
      series: LEVELS.map((l, i) => ({
        name: t(`portal.levels.${l}`),
        type: 'bar',
        stack: 'all',
        itemStyle: { color: LEVEL_COLORS[i] },
        data: monthly.map((q) => q.data?.ratings.byLevel[l] ?? 0),
      })),
    }),
    [months, monthly, t],
  );

  const ratings = useQuery({
    queryKey: ['stats', 'lookup', lookup, page],
    queryFn: () => call(api.GET('/feedback/ratings', { params: { query: { ...lookupQuery(lookup), page, pageSize: 20 } } })),
  });
  const exportHref = `/api/feedback/ratings/export?${new URLSearchParams(lookupQuery(lookup)).toString()}`;

  const o = overview.data;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const unitOptions = (kind: string) => (units.data?.items ?? []).filter((u) => u.kind === kind).map((u) => ({ value: u.id, label: name(u) }));
  const rowOptions = (d: Dim) => (o?.bySubject[d].rows ?? []).map((r) => ({ value: r.id, label: `${r.nameVi ? name({ nameVi: r.nameVi, nameEn: r.nameEn ?? r.nameVi }) : r.id}${r.employeeCode ? ` (${r.employeeCode})` : ''}` }));

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('stats.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('stats.intro')}</Typography.Paragraph>
      {overview.isError && <LoadError error={overview.error} onRetry={() => void overview.refetch()} />}
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {[
          { k: 'total', v: o?.ratings.total ?? 0 },
          { k: 'average', v: o?.ratings.averageScore ?? '—' },
          { k: 'satisfied', v: o ? pct(o.ratings.satisfiedShare) : '—' },
          { k: 'unsatisfied', v: o ? pct(o.ratings.unsatisfiedShare) : '—' },
          { k: 'openCases', v: o?.cases.open ?? 0 },
          { k: 'overdueCases', v: o?.cases.overdue ?? 0 },
        ].map((x) => (
          <Col key={x.k} xs={12} md={8} lg={4}>
            <Card loading={overview.isPending} styles={{ body: { padding: 16 } }}>
              <Statistic title={t(`stats.${x.k}`)} value={x.v} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={14}>
          <Card title={t('stats.overTime')}>
            <EChart option={chart} label={t('stats.chartLabel')} height={300} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={`${t('stats.by')}…`}>
            <Segmented<Dim> value={dim} onChange={setDim} options={(['branch', 'team', 'stage', 'officer'] as const).map((d) => ({ value: d, label: t(`stats.dims.${d}`) }))} style={{ marginBottom: 12 }} />
            <Table
              size="small"
              rowKey="id"
              loading={overview.isPending}
              dataSource={(o?.bySubject[dim].rows ?? []).slice(0, 10)}
              pagination={false}
              scroll={{ x: true }}
              columns={[
                { title: t('stats.name'), render: (_, r) => (r.nameVi ? name({ nameVi: r.nameVi, nameEn: r.nameEn ?? r.nameVi }) : r.id) },
                { title: t('stats.count'), dataIndex: 'total', align: 'right' },
                { title: t('stats.average'), dataIndex: 'averageScore', align: 'right' },
                { title: t('stats.unsatisfied'), align: 'right', render: (_, r) => pct(r.unsatisfiedShare) },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card title={t('stats.lookup')}>
        <Typography.Paragraph type="secondary">{t('stats.lookupIntro')}</Typography.Paragraph>
        <Form<Lookup>
          form={form}
          layout="vertical"
          onFinish={(v) => {
            setPage(1);
            setLookup(v);
          }}
        >
          <Row gutter={12}>
            <Col xs={24} md={8} lg={6}><Form.Item name="declarationNumber" label={t('stats.declarationNumber')} rules={[{ pattern: /^\d{1,12}$/, message: t('stats.declarationNumber') }]}><Input inputMode="numeric" /></Form.Item></Col>
            <Col xs={24} md={8} lg={6}><Form.Item name="business" label={t('stats.business')}><Input /></Form.Item></Col>
            <Col xs={24} md={8} lg={6}><Form.Item name="range" label={`${t('stats.from')} – ${t('stats.to')}`}><DatePicker.RangePicker format="DD/MM/YYYY" style={{ width: '100%' }} /></Form.Item></Col>
            <Col xs={24} md={8} lg={6}><Form.Item name="level" label={t('stats.level')}><Select mode="multiple" allowClear options={LEVELS.map((l) => ({ value: l, label: t(`portal.levels.${l}`) }))} /></Form.Item></Col>
            <Col xs={24} md={8} lg={6}><Form.Item name="branchId" label={t('stats.branch')}><Select allowClear showSearch optionFilterProp="label" options={unitOptions('BRANCH')} /></Form.Item></Col>
            <Col xs={24} md={8} lg={6}><Form.Item name="teamId" label={t('stats.team')}><Select allowClear showSearch optionFilterProp="label" options={unitOptions('TEAM')} /></Form.Item></Col>
            <Col xs={24} md={8} lg={6}><Form.Item name="stageId" label={t('stats.stage')}><Select allowClear options={rowOptions('stage')} /></Form.Item></Col>
            <Col xs={24} md={8} lg={6}><Form.Item name="officerId" label={t('stats.officer')}><Select allowClear showSearch optionFilterProp="label" options={rowOptions('officer')} /></Form.Item></Col>
          </Row>
          <Space wrap style={{ marginBottom: 16 }}>
            <Button type="primary" htmlType="submit">{t('stats.search')}</Button>
            <Button onClick={() => { form.resetFields(); setLookup({}); setPage(1); }}>{t('stats.reset')}</Button>
            <Button icon={<DownloadOutlined />} href={exportHref} download>{t('stats.export')}</Button>
          </Space>
        </Form>
        {ratings.isError && <LoadError error={ratings.error} onRetry={() => void ratings.refetch()} />}
        <Table
          rowKey="id"
          loading={ratings.isPending}
          dataSource={ratings.data?.items ?? []}
          scroll={{ x: true }}
          pagination={{ current: page, pageSize: 20, total: ratings.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
          columns={[
            { title: t('stats.at'), render: (_, r) => dateTime(r.submittedAt) },
            { title: t('stats.declarationNumber'), render: (_, r) => r.declaration.number },
            { title: t('stats.business'), render: (_, r) => r.business.name },
            { title: t('stats.branch'), render: (_, r) => name(r.branch) },
            { title: t('stats.subject'), render: (_, r) => `${t(`portal.kinds.${r.subject.kind}`)}: ${r.subject.nameVi ? name({ nameVi: r.subject.nameVi, nameEn: r.subject.nameEn ?? r.subject.nameVi }) : r.subject.key}` },
            { title: t('stats.level'), render: (_, r) => <Tag color={LEVEL_COLORS[LEVELS.indexOf(r.level)]}>{t(`portal.levels.${r.level}`)}</Tag> },
            { title: t('stats.caseCol'), render: (_, r) => (r.case ? <Link to={`/cases/${r.case.id}`}>{t(`portal.statuses.${r.case.status ?? 'OPEN'}`)}</Link> : '—') },
          ]}
        />
      </Card>
    </>
  );
}
