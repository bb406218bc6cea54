// A cycle's reports at headquarters: the registration report's mismatch rate per department as a bar chart,
// and the results by department, position or field (level distribution as stacked bars, participation,
// achieved rate, share scoring 90 or more), with the same report as Excel and PDF from the API.
import { useMemo } from 'react';
import { Breadcrumb, Button, Card, Empty, Segmented, Space, Table, Typography } from 'antd';
import { DownloadOutlined, FilePdfOutlined, FileSearchOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call, type ResponseOf } from '../../api/client';
import { EChart, type ChartOption } from '../../charts/EChart';
import { dateTime } from '../../time';
import { Loading } from '../Loading';
import { LoadError, useLocalized } from '../common';
import { KeyboardScroll, useUrlState } from '../staff/console';

type ResultRow = ResponseOf<'/cycles/{id}/reports/results', 'get'>['rows'][number];
const DIMENSIONS = ['department', 'position', 'field'] as const;
const LEVELS = ['LEVEL_3', 'LEVEL_2', 'LEVEL_1', 'NOT_ACHIEVED'] as const;
const LEVEL_COLORS = { LEVEL_3: '#0b5394', LEVEL_2: '#3d85c6', LEVEL_1: '#9fc5e8', NOT_ACHIEVED: '#cc4125' } as const;
const KEYS = ['by'] as const;

export default function ReportsPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const name = useLocalized();
  const [state, setState] = useUrlState(KEYS);
  const by = DIMENSIONS.find((d) => d === state.by) ?? 'department';
  const cycle = useQuery({ queryKey: ['cycle', id], queryFn: () => call(api.GET('/cycles/{id}', { params: { path: { id } } })) });
  const registration = useQuery({ queryKey: ['cycle', id, 'registration-report'], queryFn: () => call(api.GET('/cycles/{id}/reports/registration', { params: { path: { id }, query: {} } })) });
  const results = useQuery({
    queryKey: ['cycle', id, 'results-report', by],
    queryFn: () => call(api.GET('/cycles/{id}/reports/results', { params: { path: { id }, query: { by, format: 'json' } } })),
    placeholderData: (previous) => previous,
  });
  const en = i18n.language === 'en';

  const mismatchOption = useMemo<ChartOption>(() => {
    const rows = (registration.data?.departments ?? []).filter((d) => d.registered > 0);
    return {
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${(Number(v) * 100).toFixed(1)}%` },
      xAxis: { type: 'category', data: rows.map((d) => d.unitId), axisLabel: { interval: 0, rotate: rows.length > 12 ? 60 : 0 } },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
      series: [{ type: 'bar', name: t('reports.mismatchRate'), data: rows.map((d) => d.mismatchRate), itemStyle: { color: '#b45f06' }, barMaxWidth: 48 }],
    };
  }, [registration.data, t]);

  const levelsOption = useMemo<ChartOption>(() => {
    const rows = results.data?.rows ?? [];
    const label = (r: ResultRow) => (by === 'department' ? r.code : en ? r.nameEn : r.nameVi);
    return {
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: rows.map(label), axisLabel: { interval: 0, rotate: rows.length > 8 ? 45 : 0, width: 140, overflow: 'truncate' } },
      yAxis: { type: 'value' },
      series: LEVELS.map((level) => ({ type: 'bar', stack: 'levels', name: t(`reports.level.${level}`), data: rows.map((r) => r.levels[level]), itemStyle: { color: LEVEL_COLORS[level] }, barMaxWidth: 64 })),
    };
  }, [results.data, by, en, t]);

  if (cycle.isPending) return <Loading />;
  if (cycle.isError) return <LoadError error={cycle.error} onRetry={() => void cycle.refetch()} />;
  const c = cycle.data;
  const file = (format: 'xlsx' | 'pdf') => `/api/cycles/${c.id}/reports/results?by=${by}&format=${format}`;

  return (
    <Space orientation="vertical" size={20} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/">{t('cycles.title')}</Link> }, { title: <Link to={`/cycles/${c.id}`}>{c.code}</Link> }, { title: t('reports.title') }]} />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, justifyContent: 'space-between', alignItems: 'flex-start' }}>
        <div>
          <Typography.Title level={1} style={{ fontSize: 26, marginBottom: 4 }}>
            {t('reports.title')}: {name(c)}
          </Typography.Title>
          {results.data && <Typography.Text type="secondary">{t('reports.asOf', { time: dateTime(results.data.asOf) })}</Typography.Text>}
        </div>
        <Link to={`/cycles/${c.id}/items`}>
          <Button icon={<FileSearchOutlined />}>{t('itemAnalysis.open')}</Button>
        </Link>
      </div>

      <Card title={<h2 className="card-heading">{t('reports.results')}</h2>}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, justifyContent: 'space-between', marginBottom: 16 }}>
          <Segmented
            aria-label={t('reports.results')}
            value={by}
            onChange={(v) => setState({ by: v === 'department' ? undefined : String(v) })}
            options={DIMENSIONS.map((d) => ({ value: d, label: t(`reports.by.${d}`) }))}
          />
          <Space wrap>
            <a href={file('xlsx')} download>
              <Button icon={<DownloadOutlined />}>{t('reports.excel')}</Button>
            </a>
            <a href={file('pdf')} download>
              <Button icon={<FilePdfOutlined />}>{t('reports.pdf')}</Button>
            </a>
          </Space>
        </div>
        {results.isError && <LoadError error={results.error} onRetry={() => void results.refetch()} />}
        {results.data && results.data.rows.length === 0 && <Empty description={t('reports.none')} />}
        {results.data && results.data.rows.length > 0 && <EChart option={levelsOption} height={320} label={t('reports.resultsChart')} />}
        <KeyboardScroll label={t('reports.results')}>
        <Table
          size="small"
          style={{ marginTop: 16 }}
          loading={results.isFetching}
          rowKey="key"
          dataSource={results.data?.rows ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          summary={() =>
            results.data ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}><strong>{t('reports.total')}</strong></Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">{results.data.totals.inScope}</Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">{results.data.totals.tested}</Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">{results.data.totals.participation.percent}</Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">{results.data.totals.achievedRate.percent}</Table.Summary.Cell>
                <Table.Summary.Cell index={5} align="right">{results.data.totals.scoredAtLeast90Rate.percent}</Table.Summary.Cell>
                {LEVELS.map((l, i) => (
                  <Table.Summary.Cell key={l} index={6 + i} align="right">{results.data!.totals.levelShares[l].percent}</Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={10} align="right">{results.data.totals.averageScore ?? '—'}</Table.Summary.Cell>
              </Table.Summary.Row>
            ) : null
          }
          columns={[
            { title: t('reports.group'), render: (_, r) => (en ? r.nameEn : r.nameVi) },
            { title: t('reports.inScope'), dataIndex: 'inScope', align: 'right' },
            { title: t('reports.tested'), dataIndex: 'tested', align: 'right' },
            { title: t('reports.participation'), align: 'right', render: (_, r) => r.participation.percent },
            { title: t('reports.achieved'), align: 'right', render: (_, r) => r.achievedRate.percent },
            { title: t('reports.excellent'), align: 'right', render: (_, r) => r.scoredAtLeast90Rate.percent },
            ...LEVELS.map((l) => ({ title: t(`reports.level.${l}`), align: 'right' as const, render: (_: unknown, r: ResultRow) => `${r.levels[l]} (${r.levelShares[l].percent})` })),
            { title: t('reports.average'), align: 'right', render: (_, r) => r.averageScore ?? '—' },
          ]}
        />
        </KeyboardScroll>
      </Card>

      <Card title={<h2 className="card-heading">{t('reports.mismatchRate')}</h2>}>
        <Typography.Paragraph type="secondary">{t('reports.registration')}</Typography.Paragraph>
        {registration.isError && <LoadError error={registration.error} onRetry={() => void registration.refetch()} />}
        {registration.data && <EChart option={mismatchOption} height={280} label={t('reports.registrationChart')} />}
      </Card>
    </Space>
  );
}
