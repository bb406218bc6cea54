// Every rule set by kind and version with its status (drafts included, for the coordinator), paged by the server;
// the kind and status filters and the page live in the URL.
import { Card, Empty, Grid, Select, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call, type ResponseOf } from '../../api/client';
import { dateTime } from '../../time';
import { LoadError, useLocalized } from '../common';
import { KeyboardScroll, useUrlState } from '../staff/console';

export type RuleSetSummary = ResponseOf<'/rule-sets', 'get'>['items'][number];
const KINDS = ['LEVEL', 'VERIFICATION', 'FOLLOW_UP'] as const;
const STATUSES = ['DRAFT', 'ACTIVE', 'RETIRED'] as const;
const KEYS = ['kind', 'status'] as const;
export const STATUS_COLOR: Record<RuleSetSummary['status'], string> = { DRAFT: 'gold', ACTIVE: 'green', RETIRED: 'default' };

/** "Phiên bản 2" or "Bản nháp số 3". */
export function useVersionLabel() {
  const { t } = useTranslation();
  return (r: Pick<RuleSetSummary, 'version' | 'draftNumber'>) => (r.version === null ? t('ruleSets.draftN', { n: r.draftNumber ?? '' }) : t('ruleSets.versionN', { n: r.version }));
}

export default function RuleSetsPage() {
  const { t } = useTranslation();
  const name = useLocalized();
  const versionLabel = useVersionLabel();
  const [state, setState] = useUrlState(KEYS);
  const screens = Grid.useBreakpoint();
  const kind = KINDS.find((k) => k === state.kind);
  const status = STATUSES.find((s) => s === state.status);
  const list = useQuery({
    queryKey: ['rule-sets', kind, status, state.page, state.pageSize],
    queryFn: () => call(api.GET('/rule-sets', { params: { query: { kind, status, page: state.page, pageSize: state.pageSize } } })),
    placeholderData: (previous) => previous,
  });
  return (
    <Space orientation="vertical" size={20} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={1} style={{ fontSize: 26, marginBottom: 4 }}>
          {t('ruleSets.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>{t('ruleSets.intro')}</Typography.Paragraph>
      </div>
      {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            aria-label={t('ruleSets.kind')}
            style={{ minWidth: 220 }}
            value={kind ?? ''}
            onChange={(v) => setState({ kind: v || undefined })}
            options={[{ value: '', label: t('ruleSets.allKinds') }, ...KINDS.map((k) => ({ value: k, label: t(`ruleSets.kindName.${k}`) }))]}
          />
          <Select
            aria-label={t('ruleSets.status')}
            style={{ minWidth: 180 }}
            value={status ?? ''}
            onChange={(v) => setState({ status: v || undefined })}
            options={[{ value: '', label: t('ruleSets.allStatuses') }, ...STATUSES.map((s) => ({ value: s, label: t(`ruleSets.statusName.${s}`) }))]}
          />
        </Space>
        <KeyboardScroll label={t('ruleSets.title')}>
          <Table<RuleSetSummary>
            size="small"
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('ruleSets.none')} /> }}
            pagination={{ current: state.page, pageSize: state.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [20, 50, 100] }}
            onChange={(p) => setState({ page: p.current, pageSize: p.pageSize })}
            columns={[
              { title: t('ruleSets.kind'), render: (_, r) => <span style={{ display: 'inline-block', maxWidth: 130, whiteSpace: 'normal' }}>{t(`ruleSets.kindName.${r.kind}`)}</span> },
              {
                title: t('ruleSets.version'),
                render: (_, r) => (
                  <>
                    <Link to={`/rule-sets/${r.id}`}>{versionLabel(r)}</Link>
                    {/* A phone has no room for the status column: the tag goes under the version. */}
                    {!screens.sm && <div><Tag color={STATUS_COLOR[r.status]}>{t(`ruleSets.statusName.${r.status}`)}</Tag></div>}
                  </>
                ),
              },
              { title: t('ruleSets.status'), responsive: ['sm'], render: (_, r) => <Tag color={STATUS_COLOR[r.status]}>{t(`ruleSets.statusName.${r.status}`)}</Tag> },
              { title: t('ruleSets.name'), responsive: ['md'], render: (_, r) => <span style={{ display: 'inline-block', maxWidth: 440, whiteSpace: 'normal' }}>{name(r)}</span> },
              { title: t('ruleSets.frozenBy'), responsive: ['md'], align: 'right', render: (_, r) => r.frozenByCycles ?? 0 },
              { title: t('ruleSets.createdAt'), responsive: ['lg'], render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{dateTime(r.createdAt)}</span> },
            ]}
          />
        </KeyboardScroll>
      </Card>
    </Space>
  );
}
