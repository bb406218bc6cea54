// A department's registrations, filtered by verification outcome and review decision on the server, paged
// there too, sorted there by the column clicked, the filters, the order and the page in the URL. A flagged
// registration opens its review beside the table; under its row, the reasons it was flagged and the reviewer's
// justification (open at once for headquarters, who reads a submitted list for exactly these).
import { useState } from 'react';
import { Button, Empty, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call, type ResponseOf } from '../../api/client';
import { useSession } from '../../session';
import { useLocalized } from '../common';
import { LoadError } from '../common';
import { DecisionDrawer } from './DecisionDrawer';
import type { CycleView } from './console';

export type Registration = ResponseOf<'/cycles/{id}/registrations', 'get'>['items'][number];
const OUTCOMES = ['FLAGGED', 'BLOCKED', 'CLEAR'] as const;
const DECISIONS = ['PENDING', 'ACCEPTED', 'REJECTED', 'CORRECTED'] as const;
export const OUTCOME_COLOR = { CLEAR: 'green', FLAGGED: 'orange', BLOCKED: 'red' } as const;
export const DECISION_COLOR = { PENDING: 'default', ACCEPTED: 'green', REJECTED: 'red', CORRECTED: 'blue' } as const;

type State = { outcome?: string; decision?: string; sort?: string; open?: string; page: number; pageSize: number };
const SORTS = ['officer', 'position', 'outcome', 'decision'] as const;
type SortKey = (typeof SORTS)[number];
type SortParam = SortKey | `-${SortKey}`;

export function RegistrationsTab({ cycle, unitId, state, setState }: { cycle: CycleView; unitId: string; state: State; setState: (p: Partial<Record<string, string | number | undefined>>) => void }) {
  const { t } = useTranslation();
  const name = useLocalized();
  const { user } = useSession();
  const outcome = OUTCOMES.find((o) => o === state.outcome);
  const decision = DECISIONS.find((d) => d === state.decision);
  const sort = SORTS.find((k) => state.sort === k || state.sort === `-${k}`);
  const sortParam = sort ? (state.sort as SortParam) : undefined;
  const query = { unitId, page: state.page, pageSize: state.pageSize, ...(outcome ? { outcome } : {}), ...(decision ? { decision } : {}), ...(sortParam ? { sort: sortParam } : {}) };
  const sorter = (key: SortKey) => ({
    key,
    sorter: true,
    sortOrder: sort === key ? (sortParam!.startsWith('-') ? ('descend' as const) : ('ascend' as const)) : null,
  });
  const registrations = useQuery({
    queryKey: ['cycle', cycle.id, 'registrations', query],
    queryFn: () => call(api.GET('/cycles/{id}/registrations', { params: { path: { id: cycle.id }, query } })),
    placeholderData: (previous) => previous,
  });
  const canDecide = user?.role === 'REVIEWER';
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  const items = registrations.data?.items ?? [];
  const openByDefault = user?.role === 'COORDINATOR';
  const expandedRowKeys = items.filter((r) => hasReview(r) && openByDefault !== toggled.has(r.id)).map((r) => r.id);

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <Segmented
          aria-label={t('registrations.verification')}
          value={outcome ?? 'ALL'}
          onChange={(v) => setState({ outcome: v === 'ALL' ? undefined : String(v), open: undefined })}
          options={[{ value: 'ALL', label: t('registrations.all') }, ...OUTCOMES.map((o) => ({ value: o, label: t(`registrations.outcome.${o}`) }))]}
        />
        <Select
          aria-label={t('registrations.decisionFilter')}
          style={{ minWidth: 200 }}
          value={decision ?? ''}
          onChange={(v) => setState({ decision: v || undefined, open: undefined })}
          options={[{ value: '', label: t('registrations.anyDecision') }, ...DECISIONS.map((d) => ({ value: d, label: t(`registrations.decision.${d}`) }))]}
        />
        {registrations.data && <Typography.Text type="secondary">{t('registrations.total', { count: registrations.data.total })}</Typography.Text>}
      </Space>
      {registrations.isError && <LoadError error={registrations.error} onRetry={() => void registrations.refetch()} />}
      <Table
        size="small"
        loading={registrations.isFetching}
        rowKey="id"
        dataSource={items}
        expandable={{
          rowExpandable: hasReview,
          expandedRowKeys,
          onExpand: (_, r) => setToggled((prev) => {
            const next = new Set(prev);
            if (!next.delete(r.id)) next.add(r.id);
            return next;
          }),
          expandedRowRender: (r) => <ReviewNotes registration={r} />,
        }}
        locale={{ emptyText: <Empty description={t('registrations.none')} /> }}
        pagination={{ current: state.page, pageSize: state.pageSize, total: registrations.data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [20, 50, 100] }}
        onChange={(p, _filters, sorted) => {
          const chosen = Array.isArray(sorted) ? sorted[0] : sorted;
          const next = chosen?.order ? `${chosen.order === 'descend' ? '-' : ''}${String(chosen.columnKey)}` : undefined;
          if (next !== sortParam) setState({ sort: next, page: 1, open: undefined });
          else setState({ page: p.current, pageSize: p.pageSize, open: undefined });
        }}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('registrations.officer'),
            ...sorter('officer'),
            render: (_, r) => (
              <span>
                <strong>{r.officer.fullName}</strong>
                <br />
                <Typography.Text type="secondary">{r.officer.employeeCode}</Typography.Text>
              </span>
            ),
          },
          { title: t('registrations.chosen'), ...sorter('position'), render: (_, r) => name(r.position) },
          { title: t('registrations.held'), render: (_, r) => (r.position.id === r.heldPosition.id ? <Typography.Text type="secondary">{name(r.heldPosition)}</Typography.Text> : <strong>{name(r.heldPosition)}</strong>) },
          {
            title: t('registrations.verification'),
            ...sorter('outcome'),
            render: (_, r) => (r.verification ? <Tag color={OUTCOME_COLOR[r.verification.outcome]}>{t(`registrations.outcome.${r.verification.outcome}`)}</Tag> : <Tag>{t('registrations.unverified')}</Tag>),
          },
          {
            title: t('registrations.review'),
            ...sorter('decision'),
            render: (_, r) => (r.verification && r.verification.outcome !== 'CLEAR') || r.review.decision !== 'PENDING' ? <Tag color={DECISION_COLOR[r.review.decision]}>{t(`registrations.decision.${r.review.decision}`)}</Tag> : '—',
          },
          {
            title: '',
            render: (_, r) => {
              const flagged = r.verification && r.verification.outcome !== 'CLEAR';
              return (
                <Button size="small" type={flagged && r.review.decision === 'PENDING' && canDecide ? 'primary' : 'default'} onClick={() => setState({ open: r.id, page: state.page })} aria-label={`${flagged && canDecide ? t('registrations.decide') : t('registrations.open')}: ${r.officer.fullName}`}>
                  {flagged && canDecide ? t('registrations.decide') : t('registrations.open')}
                </Button>
              );
            },
          },
        ]}
      />
      {state.open && <DecisionDrawer cycleId={cycle.id} unitId={unitId} registrationId={state.open} onClose={() => setState({ open: undefined, page: state.page })} />}
    </Space>
  );
}

/** A registration with something to read under its row: verification's reasons or a reviewer's justification. */
const hasReview = (r: Registration) => !!r.verification?.reasons.length || !!r.review.justification;

/** Why verification flagged the registration, and what the reviewer wrote on deciding it. */
function ReviewNotes({ registration: r }: { registration: Registration }) {
  const { t } = useTranslation();
  const flagged = !!r.verification?.reasons.length;
  return (
    <div className="review-notes">
      {flagged && (
        <div>
          <Typography.Text strong>{t('registrations.reasons')}</Typography.Text>
          <ul>
            {r.verification!.reasons.map((reason) => (
              <li key={reason.code}>{reason.message}</li>
            ))}
          </ul>
        </div>
      )}
      <div>
        <Typography.Text strong>{t('registrations.reviewerJustification')}</Typography.Text>
        {r.review.justification ? (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{r.review.justification}</Typography.Paragraph>
        ) : (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>{t('registrations.noJustification')}</Typography.Paragraph>
        )}
      </div>
    </div>
  );
}
