// The coordinator's question bank: items at their current version, filtered, sorted and paged on the server with
// the table's state in the URL; export of what the filters show, and import of a file (all rows or none, its
// errors row by row).
import { useMemo } from 'react';
import { Button, Card, Empty, Grid, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { ApartmentOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { dateTime } from '../../time';
import { LoadError, useLocalized } from '../common';
import { KeyboardScroll, useUrlState } from '../staff/console';
import { bankKeys, DIFFICULTIES, ITEM_STATUSES, STATUS_COLOR, useReferences, type Difficulty, type ItemListPage, type ItemStatus } from './api';
import { ImportButton, ImportOutcome, useQuestionImport } from './ImportCard';
import { LinkButton } from './LinkButton';

const KEYS = ['q', 'fieldId', 'competencyId', 'difficulty', 'status', 'sort'] as const;
const SORT_KEYS = ['code', 'competency', 'difficulty', 'status', 'updatedAt'] as const;
type SortKey = (typeof SORT_KEYS)[number];
type Row = ItemListPage['items'][number];

/** "-updatedAt" → the column and Ant Design's order. */
function parseSort(sort: string | undefined): { key: SortKey; order: 'ascend' | 'descend' } {
  const descending = sort?.startsWith('-') ?? false;
  const key = (descending ? sort!.slice(1) : sort) as SortKey;
  return SORT_KEYS.includes(key) ? { key, order: descending ? 'descend' : 'ascend' } : { key: 'code', order: 'ascend' };
}

export default function BankList() {
  const { t } = useTranslation();
  const name = useLocalized();
  const refs = useReferences();
  const screens = Grid.useBreakpoint();
  const imp = useQuestionImport();
  const [state, setState] = useUrlState(KEYS);
  const sort = parseSort(state.sort);
  const difficulty = DIFFICULTIES.includes(state.difficulty as Difficulty) ? (state.difficulty as Difficulty) : undefined;
  const status = ITEM_STATUSES.includes(state.status as ItemStatus) ? (state.status as ItemStatus) : undefined;
  const filters = {
    ...(state.q ? { q: state.q } : {}),
    ...(state.fieldId ? { fieldId: state.fieldId } : {}),
    ...(state.competencyId ? { competencyId: state.competencyId } : {}),
    ...(difficulty ? { difficulty } : {}),
    ...(status ? { status } : {}),
  };
  const sortParam = `${sort.order === 'descend' ? '-' : ''}${sort.key}` as `${'' | '-'}${SortKey}`;
  const query = { ...filters, page: state.page, pageSize: state.pageSize, sort: sortParam };
  const items = useQuery({
    queryKey: bankKeys.items(query),
    queryFn: () => call(api.GET('/items', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const exportHref = `/api/items/export?${new URLSearchParams(filters).toString()}`;
  const filtered = Object.keys(filters).length > 0;

  // Competencies grouped by field (the common ones last); a chosen field narrows them.
  const competencyOptions = useMemo(() => {
    const groups = [...refs.fields.map((f) => ({ id: f.id as string | null, label: name(f) })), { id: null, label: t('bank.commonCompetencies') }];
    return groups
      .filter((g) => !state.fieldId || g.id === state.fieldId || g.id === null)
      .map((g) => ({
        label: g.label,
        title: g.label,
        options: refs.competencies.filter((c) => (c.fieldId ?? null) === g.id).map((c) => ({ value: c.id, label: `${c.code} · ${name(c)}` })),
      }))
      .filter((g) => g.options.length > 0);
  }, [refs.fields, refs.competencies, state.fieldId, name, t]);

  const sorter = (key: SortKey) => ({ key, sorter: true, sortOrder: sort.key === key ? sort.order : null, sortDirections: ['ascend', 'descend', 'ascend'] as ('ascend' | 'descend')[] });

  return (
    <Space orientation="vertical" size={20} style={{ width: '100%' }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, justifyContent: 'space-between', alignItems: 'flex-start' }}>
        <div style={{ maxWidth: 720 }}>
          <Typography.Title level={1} style={{ fontSize: 26, marginBottom: 4 }}>
            {t('bank.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('bank.intro')}</Typography.Text>
        </div>
        <Space wrap>
          <LinkButton to="/bank/new" type="primary" icon={<PlusOutlined />}>
            {t('bank.newItem')}
          </LinkButton>
          <ImportButton imp={imp} />
          <LinkButton to="/bank/blueprints" icon={<ApartmentOutlined />}>
            {t('bank.blueprints')}
          </LinkButton>
        </Space>
      </div>

      <ImportOutcome imp={imp} />

      {items.isError && <LoadError error={items.error} onRetry={() => void items.refetch()} />}
      {refs.error && <LoadError error={refs.error} />}
      <Card
        title={<h2 className="card-heading">{t('bank.total', { count: items.data?.total ?? 0 })}</h2>}
        extra={
          <Button href={exportHref} icon={<DownloadOutlined />} title={t('bank.exportHelp')}>
            {t('bank.export')}
          </Button>
        }
      >
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, marginBottom: 16 }}>
          <Input.Search
            key={state.q ?? ''}
            defaultValue={state.q}
            aria-label={t('bank.search')}
            placeholder={t('bank.search')}
            allowClear
            enterButton
            onSearch={(v) => setState({ q: v.trim() || undefined })}
            style={{ flex: '1 1 280px', maxWidth: screens.sm ? 420 : undefined }}
          />
          <Select
            aria-label={t('bank.field')}
            style={{ flex: '1 1 180px', maxWidth: screens.sm ? 240 : undefined }}
            value={state.fieldId ?? ''}
            onChange={(v) => {
              const competency = refs.competency.get(state.competencyId ?? '');
              // A competency of another field no longer fits the chosen field.
              const keep = !v || !competency || competency.fieldId === v || competency.fieldId === null;
              setState({ fieldId: v || undefined, ...(keep ? {} : { competencyId: undefined }) });
            }}
            options={[{ value: '', label: t('bank.allFields') }, ...refs.fields.map((f) => ({ value: f.id, label: name(f) }))]}
          />
          <Select
            aria-label={t('bank.competency')}
            style={{ flex: '2 1 240px', maxWidth: screens.sm ? 360 : undefined }}
            showSearch={{ optionFilterProp: 'label' }}
            value={state.competencyId ?? ''}
            onChange={(v) => setState({ competencyId: v || undefined })}
            options={[{ value: '', label: t('bank.allCompetencies') }, ...competencyOptions]}
          />
          <Select
            aria-label={t('bank.difficulty')}
            style={{ flex: '1 1 150px', maxWidth: screens.sm ? 180 : undefined }}
            value={difficulty ?? ''}
            onChange={(v) => setState({ difficulty: v || undefined })}
            options={[{ value: '', label: t('bank.allDifficulties') }, ...DIFFICULTIES.map((d) => ({ value: d, label: t(`bank.difficultyName.${d}`) }))]}
          />
          <Select
            aria-label={t('bank.status')}
            style={{ flex: '1 1 160px', maxWidth: screens.sm ? 200 : undefined }}
            value={status ?? ''}
            onChange={(v) => setState({ status: v || undefined })}
            options={[{ value: '', label: t('bank.allStatuses') }, ...ITEM_STATUSES.map((s) => ({ value: s, label: t(`bank.statusName.${s}`) }))]}
          />
          {filtered && (
            <Button type="link" onClick={() => setState({ q: undefined, fieldId: undefined, competencyId: undefined, difficulty: undefined, status: undefined })}>
              {t('bank.clearFilters')}
            </Button>
          )}
        </div>
        <KeyboardScroll label={t('bank.tableLabel')}>
          <Table<Row>
            loading={items.isFetching}
            rowKey="id"
            dataSource={items.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('bank.none')} /> }}
            pagination={{ current: state.page, pageSize: state.pageSize, total: items.data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [10, 20, 50, 100] }}
            onChange={(p, _f, s) => {
              const chosen = (Array.isArray(s) ? s[0] : s) as SorterResult<Row>;
              const next = chosen?.order ? `${chosen.order === 'descend' ? '-' : ''}${String(chosen.columnKey)}` : 'code';
              if (next !== sortParam) setState({ sort: next === 'code' ? undefined : next });
              else setState({ page: p.current, pageSize: p.pageSize });
            }}
            scroll={{ x: 980 }}
            columns={[
              { title: t('bank.code'), ...sorter('code'), width: 170, render: (_, r) => <Link to={`/bank/items/${r.id}`}>{r.code}</Link> },
              {
                title: t('bank.stem'),
                key: 'stem',
                render: (_, r) => (
                  <Typography.Paragraph style={{ marginBottom: 0, minWidth: 260 }} ellipsis={{ rows: 2, tooltip: r.current.stem }}>
                    {r.current.stem}
                  </Typography.Paragraph>
                ),
              },
              {
                title: t('bank.competency'),
                ...sorter('competency'),
                width: 220,
                render: (_, r) => {
                  const c = refs.competency.get(r.current.competencyId);
                  return c ? name(c) : r.current.competencyId;
                },
              },
              { title: t('bank.difficulty'), ...sorter('difficulty'), width: 120, render: (_, r) => t(`bank.difficultyName.${r.current.difficulty}`) },
              { title: t('bank.status'), ...sorter('status'), width: 150, render: (_, r) => <Tag color={STATUS_COLOR[r.status]}>{t(`bank.statusName.${r.status}`)}</Tag> },
              { title: t('bank.version'), key: 'version', width: 110, align: 'right', render: (_, r) => r.currentVersion },
              {
                title: t('bank.updated'),
                ...sorter('updatedAt'),
                width: 160,
                render: (_, r) => dateTime(r.current.createdAt > r.updatedAt ? r.current.createdAt : r.updatedAt),
              },
            ]}
          />
        </KeyboardScroll>
      </Card>
    </Space>
  );
}
