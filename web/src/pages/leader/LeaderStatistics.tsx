// Business feedback over the leader's scope: the figures, ratings by level month by month (chart), the whole
// distribution by branch / team / stage / officer (paged), and the look-up by the 8 criteria with Excel export.
// Every filter lives in the address (the scope's period and unit, the dimension and its page, the look-up's
// criteria and page), so a link shows a colleague the same figures.
import { useMemo } from 'react';
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
import { KeyboardScroll, useUrlState } from '../staff/console';
import { unitsQuery } from './api';

const LEVELS = ['VERY_SATISFIED', 'SATISFIED', 'NORMAL', 'UNSATISFIED', 'VERY_UNSATISFIED'] as const;
const LEVEL_COLORS = ['#15803d', '#65a30d', '#2563eb', '#ea580c', '#b91c1c'];
const DIMS = ['branch', 'team', 'stage', 'officer'] as const;
type Dim = (typeof DIMS)[number];
const DIM_PAGE_SIZE = 10;
const LOOKUP_PAGE_SIZE = 20;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The address's keys: the scope (from, to, unitId), the breakdown (dim, dimPage), the look-up's 8 criteria (page is its page). */
const KEYS = ['from', 'to', 'unitId', 'dim', 'dimPage', 'declarationNumber', 'business', 'lookupFrom', 'lookupTo', 'branchId', 'teamId', 'stageId', 'officerId', 'level'] as const;
type UrlValues = ReturnType<typeof useUrlState<(typeof KEYS)[number]>>[0];

interface LookupForm {
  declarationNumber?: string;
  business?: string;
  range?: [Dayjs, Dayjs] | null;
  branchId?: string;
  teamId?: string;
  stageId?: string;
  officerId?: string;
  level?: string[];
}

const day = (s?: string) => (s && DAY.test(s) && dayjs.tz(s, VIETNAM_TZ).isValid() ? s : undefined);
const rangeOf = (from?: string, to?: string): [Dayjs, Dayjs] | null => (day(from) && day(to) ? [dayjs.tz(from, VIETNAM_TZ), dayjs.tz(to, VIETNAM_TZ)] : null);

/** The scope's query (the figures, the chart's unit, the breakdown, and the look-up's unit). */
function scopeQuery(u: UrlValues): Record<string, string> {
  return { ...(day(u.from) && day(u.to) ? { from: u.from!, to: u.to! } : {}), ...(u.unitId ? { unitId: u.unitId } : {}) };
}

/** The look-up's query as the API takes it (also the export's address), from the address. */
function lookupQuery(u: UrlValues): Record<string, string> {
  const q: Record<string, string> = u.unitId ? { unitId: u.unitId } : {};
  if (u.declarationNumber && /^\d{1,12}$/.test(u.declarationNumber)) q.declarationNumber = u.declarationNumber;
  if (u.business) q.business = u.business;
  if (day(u.lookupFrom) && day(u.lookupTo)) {
    q.from = u.lookupFrom!;
    q.to = u.lookupTo!;
  }
  for (const k of ['branchId', 'teamId', 'stageId', 'officerId'] as const) if (u[k]) q[k] = u[k]!;
  const levels = (u.level ?? '').split(',').filter((l) => (LEVELS as readonly string[]).includes(l));
  if (levels.length) q.level = levels.join(',');
  return q;
}

/** The form's values as the address holds them (empty ones removed). */
function lookupToUrl(v: LookupForm) {
  return {
    declarationNumber: v.declarationNumber?.trim() || undefined,
    business: v.business?.trim() || undefined,
    lookupFrom: v.range ? v.range[0].format('YYYY-MM-DD') : undefined,
    lookupTo: v.range ? v.range[1].format('YYYY-MM-DD') : undefined,
    branchId: v.branchId || undefined,
    teamId: v.teamId || undefined,
    stageId: v.stageId || undefined,
    officerId: v.officerId || undefined,
    level: v.level?.length ? v.level.join(',') : undefined,
  };
}

const NO_LOOKUP = lookupToUrl({});

export default function LeaderStatistics() {
  const { t } = useTranslation();
  const name = useLocalized();
  const [url, setUrl] = useUrlState(KEYS);
  const dim: Dim = (DIMS as readonly string[]).includes(url.dim ?? '') ? (url.dim as Dim) : 'branch';
  const dimPage = Math.max(1, Number(url.dimPage ?? 1) || 1);
  const scope = useMemo(() => scopeQuery(url), [url]);
  const lookup = useMemo(() => lookupQuery(url), [url]);
  const [form] = Form.useForm<LookupForm>();
  const overview = useQuery({ queryKey: ['stats', 'overview', scope], queryFn: () => call(api.GET('/feedback/statistics', { params: { query: { ...scope, top: 100 } } })) });
  const breakdown = useQuery({
    queryKey: ['stats', 'by', dim, scope, dimPage],
    queryFn: () => call(api.GET('/feedback/statistics/{dimension}', { params: { path: { dimension: dim }, query: { ...scope, page: dimPage, pageSize: DIM_PAGE_SIZE } } })),
    placeholderData: (previous) => previous,
  });
  const units = useQuery(unitsQuery());

  // Month by month in Vietnam time, one figure each: the months of the chosen period (the last twelve of it), else the last six.
  const period = useMemo(() => rangeOf(url.from, url.to), [url.from, url.to]);
  const months = useMemo(() => {
    const end = (period ? period[1] : dayjs().tz(VIETNAM_TZ)).startOf('month');
    const start = period ? period[0].startOf('month') : end.subtract(5, 'month');
    const count = Math.min(12, Math.max(1, end.diff(start, 'month') + 1));
    return Array.from({ length: count }, (_, i) => end.subtract(count - 1 - i, 'month'));
  }, [period]);
  const monthly = useQueries({
    queries: months.map((m) => {
      const from = period && period[0].isAfter(m) ? period[0] : m;
      const to = period && period[1].isBefore(m.endOf('month')) ? period[1] : m.endOf('month');
      const q = { top: 1, from: from.format('YYYY-MM-DD'), to: to.format('YYYY-MM-DD'), ...(url.unitId ? { unitId: url.unitId } : {}) };
      return { queryKey: ['stats', 'month', q], queryFn: () => call(api.GET('/feedback/statistics', { params: { query: q } })) };
    }),
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

  const page = url.page;
  const ratings = useQuery({
    queryKey: ['stats', 'lookup', lookup, page],
    queryFn: () => call(api.GET('/feedback/ratings', { params: { query: { ...lookup, page, pageSize: LOOKUP_PAGE_SIZE } } })),
    placeholderData: (previous) => previous,
  });
  const exportHref = `/api/feedback/ratings/export?${new URLSearchParams(lookup).toString()}`;

  const o = overview.data;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const unitOptions = (kind?: string) => (units.data?.items ?? []).filter((u) => !kind || u.kind === kind).map((u) => ({ value: u.id, label: name(u) }));
  const rowName = (r: { id: string; nameVi: string | null; nameEn: string | null; employeeCode?: string | null }) =>
    `${r.nameVi ? name({ nameVi: r.nameVi, nameEn: r.nameEn ?? r.nameVi }) : r.id}${r.employeeCode ? ` (${r.employeeCode})` : ''}`;
  const rowOptions = (d: Dim) => (o?.bySubject[d].rows ?? []).map((r) => ({ value: r.id, label: rowName(r) }));
  // The form follows the address (a link, the back button): remounted when the criteria there change.
  const formKey = JSON.stringify(lookupToUrl({ ...url, level: url.level?.split(','), range: rangeOf(url.lookupFrom, url.lookupTo) }));
  const initial: LookupForm = {
    declarationNumber: url.declarationNumber,
    business: url.business,
    range: rangeOf(url.lookupFrom, url.lookupTo),
    branchId: url.branchId,
    teamId: url.teamId,
    stageId: url.stageId,
    officerId: url.officerId,
    level: lookup.level?.split(','),
  };
  const keepLookupPage = page > 1 ? page : undefined;

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('stats.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('stats.intro')}</Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 16 }} title={t('stats.scope')}>
        <Row gutter={12}>
          <Col xs={24} md={12} lg={8}>
            <label htmlFor="stats-period" style={{ display: 'block', marginBottom: 4 }}>
              {t('stats.period')}
            </label>
            <DatePicker.RangePicker
              id="stats-period"
              format="DD/MM/YYYY"
              style={{ width: '100%' }}
              value={period}
              placeholder={[t('stats.from'), t('stats.to')]}
              onChange={(v) => setUrl({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD'), dimPage: undefined })}
            />
            {!period && <Typography.Text type="secondary">{t('stats.lastSixMonths')}</Typography.Text>}
          </Col>
          <Col xs={24} md={12} lg={8}>
            <label htmlFor="stats-unit" style={{ display: 'block', marginBottom: 4 }}>
              {t('stats.unit')}
            </label>
            <Select
              id="stats-unit"
              showSearch
              optionFilterProp="label"
              style={{ width: '100%' }}
              // "All of my scope" is a choice of its own (a placeholder's grey text is too faint to read).
              value={url.unitId ?? ''}
              options={[{ value: '', label: t('stats.allUnits') }, ...unitOptions()]}
              onChange={(v: string) => setUrl({ unitId: v || undefined, dimPage: undefined })}
            />
          </Col>
        </Row>
      </Card>
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
            <Segmented<Dim>
              value={dim}
              onChange={(d) => setUrl({ dim: d === 'branch' ? undefined : d, dimPage: undefined, page: keepLookupPage })}
              options={DIMS.map((d) => ({ value: d, label: t(`stats.dims.${d}`) }))}
              style={{ marginBottom: 12, maxWidth: '100%', overflowX: 'auto' }}
            />
            {breakdown.isError && <LoadError error={breakdown.error} onRetry={() => void breakdown.refetch()} />}
            <KeyboardScroll label={t('stats.breakdownLabel', { dim: t(`stats.dims.${dim}`) })}>
              <Table
                size="small"
                rowKey="id"
                loading={breakdown.isPending}
                dataSource={breakdown.data?.items ?? []}
                scroll={{ x: true }}
                pagination={{
                  current: dimPage,
                  pageSize: DIM_PAGE_SIZE,
                  total: breakdown.data?.total ?? 0,
                  showSizeChanger: false,
                  hideOnSinglePage: true,
                  size: 'small',
                  showTotal: (count) => t('stats.groups', { count }),
                  onChange: (p) => setUrl({ dimPage: p > 1 ? p : undefined, page: keepLookupPage }),
                }}
                columns={[
                  { title: t('stats.name'), render: (_, r) => rowName(r) },
                  { title: t('stats.count'), dataIndex: 'total', align: 'right' },
                  { title: t('stats.average'), dataIndex: 'averageScore', align: 'right' },
                  { title: t('stats.unsatisfied'), align: 'right', render: (_, r) => pct(r.unsatisfiedShare) },
                ]}
              />
            </KeyboardScroll>
          </Card>
        </Col>
      </Row>
      <Card title={t('stats.lookup')}>
        <Typography.Paragraph type="secondary">{t('stats.lookupIntro')}</Typography.Paragraph>
        <Form<LookupForm> key={formKey} form={form} layout="vertical" initialValues={initial} onFinish={(v) => setUrl(lookupToUrl(v))}>
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
            <Button onClick={() => setUrl(NO_LOOKUP)}>{t('stats.reset')}</Button>
            <Button icon={<DownloadOutlined />} href={exportHref} download>{t('stats.export')}</Button>
          </Space>
        </Form>
        {ratings.isError && <LoadError error={ratings.error} onRetry={() => void ratings.refetch()} />}
        <KeyboardScroll label={t('stats.lookupLabel')}>
          <Table
            rowKey="id"
            loading={ratings.isPending}
            dataSource={ratings.data?.items ?? []}
            scroll={{ x: true }}
            pagination={{ current: page, pageSize: LOOKUP_PAGE_SIZE, total: ratings.data?.total ?? 0, showSizeChanger: false, onChange: (p) => setUrl({ page: p > 1 ? p : undefined }) }}
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
        </KeyboardScroll>
      </Card>
    </>
  );
}
