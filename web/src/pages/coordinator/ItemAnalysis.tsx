// A cycle's item analysis at headquarters: every question's figures over all sessions, flagged ones first with the
// flag in words, the responses per option with the key marked, and voiding a faulty question with a reason, after
// which the regrade's effect (scores, pass marks, levels changed) is shown. Paging, sorting and the filter live
// in the URL and are done by the server.
import { useState } from 'react';
import { Alert, Breadcrumb, Button, Card, Col, Empty, Form, Grid, Input, Modal, Row, Segmented, Select, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { SorterResult } from 'antd/es/table/interface';
import { StopOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, call, type ResponseOf } from '../../api/client';
import { dateTime } from '../../time';
import { Loading } from '../Loading';
import { NotFoundPage } from '../NotFoundPage';
import { LoadError, useLocalized } from '../common';
import { KeyboardScroll, useUrlState } from '../staff/console';
import '../rules/rules.css';

type Analysis = ResponseOf<'/cycles/{id}/item-analysis', 'get'>;
type Item = Analysis['items'][number];
type Effect = ResponseOf<'/cycles/{id}/items/{itemVersionId}/void', 'post'>;
const KEYS = ['sort', 'order', 'flagged'] as const;
const SORTS = ['code', 'responses', 'facility', 'discrimination'] as const;
type Sort = (typeof SORTS)[number];
const FLAG_COLOR: Record<Item['flags'][number], string> = { NEGATIVE_DISCRIMINATION: 'red', TOO_HARD: 'volcano', LOW_DISCRIMINATION: 'orange', TOO_EASY: 'gold' };

/** Responses per option as small bars, the key marked; the numbers are text, the bars decoration. */
function OptionBars({ item }: { item: Item }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...item.options.map((o) => o.count), item.blank);
  const rows = [...item.options.map((o) => ({ key: o.key, label: o.key, count: o.count, correct: o.correct })), { key: 'blank', label: t('itemAnalysis.blank'), count: item.blank, correct: false }];
  return (
    <ul className="option-bars" aria-label={t('itemAnalysis.options')}>
      {rows.map((r) => (
        <li key={r.key} title={r.key === 'blank' ? undefined : item.options.find((o) => o.key === r.key)?.text}>
          <span className={r.correct ? 'option-key option-correct' : 'option-key'}>
            {r.label}
            {r.correct && <span aria-hidden="true"> ✓</span>}
          </span>
          <span className="option-bar" aria-hidden="true">
            <span style={{ width: `${(100 * r.count) / max}%`, background: r.correct ? '#237804' : r.key === 'blank' ? '#8c8c8c' : '#3d85c6' }} />
          </span>
          <span className="option-count">
            {r.count}
            {r.correct && <span className="visually-hidden"> ({t('itemAnalysis.key')})</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}

function EffectAlert({ effect, code, onClose }: { effect: Effect; code: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const level = (k: string) => t(`ruleSets.level.${k}`);
  if (effect.alreadyVoided) return <Alert type="info" showIcon role="status" closable={{ onClose }} title={t('itemAnalysis.alreadyVoided', { code })} />;
  const mean = effect.meanScoreChange === null ? null : new Intl.NumberFormat(i18n.language === 'en' ? 'en' : 'vi', { signDisplay: 'always', maximumFractionDigits: 2 }).format(effect.meanScoreChange);
  return (
    <Alert
      type="success"
      showIcon
      role="status"
      closable={{ onClose }}
      title={t('itemAnalysis.effectTitle', { code })}
      description={
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          <li>{t('itemAnalysis.effectRegraded', { count: effect.regraded })}</li>
          <li>{t('itemAnalysis.effectScores', { count: effect.scoresChanged })}{mean && ` · ${t('itemAnalysis.effectMean', { value: mean })}`}</li>
          <li>{t('itemAnalysis.effectPassed', { count: effect.passedChanged })}</li>
          <li>
            {t('itemAnalysis.effectLevels', { count: effect.levelsChanged })}
            {effect.levelMoves.length > 0 && (
              <ul style={{ paddingLeft: 18 }}>
                {effect.levelMoves.map((m) => (
                  <li key={`${m.from}-${m.to}`}>{t('itemAnalysis.effectMove', { from: level(m.from), to: level(m.to), count: m.count })}</li>
                ))}
              </ul>
            )}
          </li>
        </ul>
      }
    />
  );
}

export default function ItemAnalysis() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const name = useLocalized();
  const queryClient = useQueryClient();
  const [state, setState] = useUrlState(KEYS);
  const [voiding, setVoiding] = useState<Item | null>(null);
  const [effect, setEffect] = useState<{ effect: Effect; code: string } | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const sort: Sort | 'flags' = SORTS.find((s) => s === state.sort) ?? 'flags';
  const order = state.order === 'asc' || state.order === 'desc' ? state.order : undefined;
  const flagged = state.flagged === 'true';
  const cycle = useQuery({ queryKey: ['cycle', id], queryFn: () => call(api.GET('/cycles/{id}', { params: { path: { id } } })) });
  const analysis = useQuery({
    queryKey: ['cycle', id, 'item-analysis', sort, order, flagged, state.page, state.pageSize],
    queryFn: () =>
      call(api.GET('/cycles/{id}/item-analysis', { params: { path: { id }, query: { sort, order, flagged: flagged ? 'true' : undefined, page: state.page, pageSize: state.pageSize } } })),
    placeholderData: (previous) => previous,
  });
  const voidItem = useMutation({
    mutationFn: (input: { item: Item; reason: string }) =>
      call(api.POST('/cycles/{id}/items/{itemVersionId}/void', { params: { path: { id, itemVersionId: input.item.itemVersionId } }, body: { reason: input.reason } })),
    onSuccess: async (outcome, input) => {
      setVoiding(null);
      form.resetFields();
      setEffect({ effect: outcome, code: input.item.code });
      await queryClient.invalidateQueries({ queryKey: ['cycle', id] });
    },
  });
  const screens = Grid.useBreakpoint();
  const decimal = new Intl.NumberFormat(i18n.language === 'en' ? 'en' : 'vi', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  if (cycle.isPending) return <Loading />;
  if (cycle.isError) return cycle.error instanceof ApiError && cycle.error.status === 404 ? <NotFoundPage /> : <LoadError error={cycle.error} onRetry={() => void cycle.refetch()} />;
  const c = cycle.data;
  const data = analysis.data;
  const sortOrder = (key: Sort) => (sort === key ? (order === 'asc' ? 'ascend' : 'descend') : null);
  const voidError = voidItem.error instanceof Error ? voidItem.error : null;

  const flagTags = (item: Item) => (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
      {item.voided ? (
        <Tooltip title={t('itemAnalysis.voidedReason', { reason: item.voided.reason })}>
          <Tag color="default" tabIndex={0}>{t('itemAnalysis.voided')}</Tag>
        </Tooltip>
      ) : null}
      {item.flags.map((f) => <Tag key={f} color={FLAG_COLOR[f]}>{t(`itemAnalysis.flag.${f}`)}</Tag>)}
      {!item.voided && item.flags.length === 0 && <Typography.Text type="secondary">{t('itemAnalysis.noFlag')}</Typography.Text>}
    </span>
  );
  const voidButton = (item: Item) =>
    item.voided ? null : (
      <Button size="small" className="void-button" icon={<StopOutlined />} onClick={() => { voidItem.reset(); setVoiding(item); }} aria-label={`${t('itemAnalysis.void')} ${item.code}`}>
        {t('itemAnalysis.void')}
      </Button>
    );
  const facility = (item: Item) => decimal.format(item.facilityIndex / 100);
  const discrimination = (item: Item) => (item.discriminationIndex === null ? '—' : decimal.format(item.discriminationIndex / 100));
  const columns: ColumnsType<Item> = [
    {
      key: 'code',
      title: t('itemAnalysis.code'),
      sorter: true,
      sortOrder: sortOrder('code'),
      render: (_, item) => (
        <div style={{ width: 150, whiteSpace: 'normal' }}>
          <strong>{item.code}</strong>
          <div><Typography.Text type="secondary" style={{ fontSize: 13 }}>{t(`itemAnalysis.difficulty.${item.difficulty}`)} · {name(item.competency)}</Typography.Text></div>
          <div style={{ marginTop: 6 }}>{voidButton(item)}</div>
        </div>
      ),
    },
    {
      key: 'stem',
      title: t('itemAnalysis.question'),
      render: (_, item) => (
        <Typography.Paragraph ellipsis={{ rows: 3, tooltip: item.stem }} style={{ marginBottom: 0, width: 210 }}>
          {item.stem}
        </Typography.Paragraph>
      ),
    },
    { key: 'flags', title: t('itemAnalysis.flags'), render: (_, item) => <div style={{ width: 110, whiteSpace: 'normal' }}>{flagTags(item)}</div> },
    { key: 'responses', title: t('itemAnalysis.responses'), align: 'right', sorter: true, sortOrder: sortOrder('responses'), dataIndex: 'responses' },
    { key: 'facility', title: <Tooltip title={t('itemAnalysis.facilityHelp')}>{t('itemAnalysis.facility')}</Tooltip>, align: 'right', sorter: true, sortOrder: sortOrder('facility'), render: (_, item) => facility(item) },
    { key: 'discrimination', title: t('itemAnalysis.discrimination'), align: 'right', sorter: true, sortOrder: sortOrder('discrimination'), render: (_, item) => discrimination(item) },
    { key: 'options', title: t('itemAnalysis.options'), render: (_, item) => <OptionBars item={item} /> },
  ];
  // A phone gets one column: everything about an item in one block, sorting from a list above the table.
  const compact: ColumnsType<Item> = [
    {
      key: 'item',
      title: t('itemAnalysis.question'),
      render: (_, item) => (
        <div style={{ display: 'grid', gap: 6 }}>
          <div><strong>{item.code}</strong> <Typography.Text type="secondary">· {t(`itemAnalysis.difficulty.${item.difficulty}`)} · {name(item.competency)}</Typography.Text></div>
          <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>{item.stem}</Typography.Paragraph>
          {flagTags(item)}
          <div>
            {t('itemAnalysis.responses')}: {item.responses} · {t('itemAnalysis.facility')}: {facility(item)} · {t('itemAnalysis.discrimination')}: {discrimination(item)}
          </div>
          <OptionBars item={item} />
          <div>{voidButton(item)}</div>
        </div>
      ),
    },
  ];
  const sortChoice = sort === 'flags' ? 'flags' : `${sort}:${order ?? 'desc'}`;

  return (
    <Space orientation="vertical" size={20} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/">{t('cycles.title')}</Link> }, { title: <Link to={`/cycles/${c.id}`}>{c.code}</Link> }, { title: t('itemAnalysis.title') }]} />
      <div>
        <Typography.Title level={1} style={{ fontSize: 26, marginBottom: 4 }}>
          {t('itemAnalysis.title')}: {name(c)}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('itemAnalysis.intro')}
        </Typography.Paragraph>
        {data?.computedAt && <Typography.Text type="secondary">{t('itemAnalysis.computedAt', { time: dateTime(data.computedAt), attempts: data.attempts })}</Typography.Text>}
      </div>
      {effect && <EffectAlert effect={effect.effect} code={effect.code} onClose={() => setEffect(null)} />}
      {analysis.isError && <LoadError error={analysis.error} onRetry={() => void analysis.refetch()} />}
      {data && (
        <Row gutter={[16, 16]}>
          <Col xs={8} md={6}><Card size="small"><Statistic title={t('itemAnalysis.itemsCount')} value={data.totals.items} /></Card></Col>
          <Col xs={8} md={6}><Card size="small"><Statistic title={t('itemAnalysis.flaggedCount')} value={data.totals.flagged} styles={{ content: data.totals.flagged ? { color: '#ad4e00' } : undefined }} /></Card></Col>
          <Col xs={8} md={6}><Card size="small"><Statistic title={t('itemAnalysis.voidedCount')} value={data.totals.voided} /></Card></Col>
        </Row>
      )}
      <Card>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, justifyContent: screens.md ? 'flex-end' : 'flex-start', marginBottom: 12 }}>
          {!screens.md && (
            <Select
              aria-label={t('itemAnalysis.sortBy')}
              style={{ minWidth: 220 }}
              value={sortChoice}
              onChange={(v: string) => {
                const [key, dir] = v.split(':');
                setState({ sort: key === 'flags' ? undefined : key, order: key === 'flags' ? undefined : dir });
              }}
              options={[
                { value: 'flags', label: t('itemAnalysis.sortFlags') },
                { value: 'facility:asc', label: t('itemAnalysis.sortFacilityAsc') },
                { value: 'facility:desc', label: t('itemAnalysis.sortFacilityDesc') },
                { value: 'discrimination:asc', label: t('itemAnalysis.sortDiscriminationAsc') },
                { value: 'responses:desc', label: t('itemAnalysis.sortResponsesDesc') },
                { value: 'code:asc', label: t('itemAnalysis.sortCode') },
              ]}
            />
          )}
          <Segmented
            aria-label={t('itemAnalysis.show')}
            value={flagged ? 'flagged' : 'all'}
            onChange={(v) => setState({ flagged: v === 'flagged' ? 'true' : undefined })}
            options={[{ value: 'all', label: t('itemAnalysis.all') }, { value: 'flagged', label: t('itemAnalysis.onlyFlagged') }]}
          />
        </div>
        {data && !data.computedAt && <Empty description={t('itemAnalysis.notComputed')} />}
        <KeyboardScroll label={t('itemAnalysis.title')}>
          <Table<Item>
            size="small"
            loading={analysis.isFetching}
            rowKey="itemVersionId"
            dataSource={data?.items ?? []}
            rowClassName={(item) => (item.flags.length && !item.voided ? 'row-attention' : '')}
            locale={{ emptyText: <Empty description={t('itemAnalysis.none')} /> }}
            scroll={{ x: 'max-content' }}
            pagination={{ current: state.page, pageSize: state.pageSize, total: data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [20, 50, 100] }}
            onChange={(pagination, _filters, sorter) => {
              const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<Item>;
              const key = SORTS.find((k) => k === s.columnKey);
              const sortChanged = (key && s.order ? key : 'flags') !== sort || (s.order === 'ascend' ? 'asc' : s.order === 'descend' ? 'desc' : undefined) !== order;
              if (sortChanged) setState({ sort: key && s.order ? key : undefined, order: key && s.order ? (s.order === 'ascend' ? 'asc' : 'desc') : undefined });
              else setState({ page: pagination.current, pageSize: pagination.pageSize });
            }}
            columns={screens.md ? columns : compact}
          />
        </KeyboardScroll>
      </Card>
      <Modal
        open={!!voiding}
        title={voiding ? t('itemAnalysis.voidTitle', { code: voiding.code }) : ''}
        okText={t('itemAnalysis.confirmVoid')}
        okButtonProps={{ danger: true, loading: voidItem.isPending }}
        cancelText={t('ruleSets.cancel')}
        onCancel={() => setVoiding(null)}
        onOk={() => void form.validateFields().then(({ reason }) => voiding && voidItem.mutate({ item: voiding, reason }))}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('itemAnalysis.voidBody')}</Typography.Paragraph>
        {voiding && <Typography.Paragraph type="secondary" ellipsis={{ rows: 3 }}>{voiding.stem}</Typography.Paragraph>}
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="reason"
            label={t('itemAnalysis.reason')}
            extra={t('itemAnalysis.reasonHelp')}
            rules={[{ required: true, whitespace: true, min: 10, max: 2000, message: t('itemAnalysis.reasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
        {voidError && <Alert type="error" showIcon role="alert" title={voidError.message} />}
      </Modal>
    </Space>
  );
}
