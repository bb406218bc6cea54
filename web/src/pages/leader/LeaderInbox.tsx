// A leader's home: their unit's follow-up tasks and businesses' complaints in one list, by due date with the
// overdue ones first, filtered by kind, state, unit and cycle (the filters live in the address, so a link keeps them).
import { useMemo } from 'react';
import { Card, Grid, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { dateTime } from '../../time';
import { LoadError, useLocalized } from '../common';
import { casesQuery, cyclesQuery, tasksQuery, unitsQuery, type InboxFilter } from './api';

type Kind = 'ALL' | 'FOLLOW_UP' | 'CASE';

interface Row {
  key: string;
  kind: 'FOLLOW_UP' | 'CASE';
  link: string;
  what: string;
  who: string;
  unit: string;
  dueAt: string | null;
  overdue: boolean;
  escalated: boolean;
  status: string;
}

export default function LeaderInbox() {
  const { t } = useTranslation();
  const name = useLocalized();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const kind = (params.get('kind') as Kind) ?? 'ALL';
  const filter: InboxFilter = { state: (params.get('state') as InboxFilter['state']) ?? 'OPEN', unitId: params.get('unit') ?? undefined, cycleId: params.get('cycle') ?? undefined };
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const wantTasks = kind !== 'CASE';
  const wantCases = kind !== 'FOLLOW_UP' && !filter.cycleId; // cases belong to no cycle
  const tasks = useQuery({ ...tasksQuery(filter), enabled: wantTasks });
  const cases = useQuery({ ...casesQuery(filter), enabled: wantCases });
  const units = useQuery(unitsQuery());
  const cycles = useQuery(cyclesQuery());

  const rows = useMemo<Row[]>(() => {
    const out: Row[] = [];
    if (wantTasks)
      for (const f of tasks.data?.items ?? []) {
        if (filter.state === 'CLOSED' && f.status === 'OPEN') continue;
        out.push({
          key: `task:${f.id}`,
          kind: 'FOLLOW_UP',
          link: `/follow-ups/${f.id}`,
          what: `${t(`results.followUpType.${f.type}`)}${f.competency ? ` — ${name(f.competency)}` : f.proposedPosition ? ` — ${name(f.proposedPosition)}` : ''}`,
          who: `${f.officer.fullName} (${f.officer.employeeCode})`,
          unit: name(f.unit),
          dueAt: f.dueAt,
          overdue: f.overdue,
          escalated: f.escalationLevel > 0,
          status: t(`task.status.${f.status}`),
        });
      }
    if (wantCases)
      for (const c of cases.data?.items ?? []) {
        out.push({
          key: `case:${c.id}`,
          kind: 'CASE',
          link: `/cases/${c.id}`,
          what: `${t('inbox.caseWhat', { number: c.declaration.number })} — ${t(`portal.levels.${c.feedback.level}`)}`,
          who: c.business.name,
          unit: name(c.responsibleUnit),
          dueAt: c.stepDueAt,
          overdue: c.overdue,
          escalated: c.escalationLevel > 0,
          status: c.step ? t(`case.steps.${c.step}`) : t(`portal.statuses.${c.status}`),
        });
      }
    // Overdue first, then by due time (none last).
    return out.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.dueAt ?? '9').localeCompare(b.dueAt ?? '9'));
  }, [tasks.data, cases.data, wantTasks, wantCases, filter.state, t, name]);

  const error = tasks.error ?? cases.error;
  const overdue = rows.filter((r) => r.overdue).length;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('inbox.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('inbox.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }} align="end">
        <label>
          <div>{t('inbox.kind')}</div>
          <Select aria-label={t('inbox.kind')} value={kind} style={{ width: 220 }} onChange={(v) => set('kind', v === 'ALL' ? undefined : v)}
            options={(['ALL', 'FOLLOW_UP', 'CASE'] as const).map((k) => ({ value: k, label: t(`inbox.kinds.${k}`) }))} />
        </label>
        <label>
          <div>{t('inbox.state')}</div>
          <Select aria-label={t('inbox.state')} value={filter.state} style={{ width: 160 }} onChange={(v) => set('state', v === 'OPEN' ? undefined : v)}
            options={(['OPEN', 'OVERDUE', 'CLOSED', 'ALL'] as const).map((k) => ({ value: k, label: t(`inbox.states.${k}`) }))} />
        </label>
        <label>
          <div>{t('inbox.unit')}</div>
          <Select aria-label={t('inbox.unit')} showSearch optionFilterProp="label" value={filter.unitId ?? ''} style={{ width: 280 }}
            onChange={(v) => set('unit', v || undefined)} options={[{ value: '', label: t('inbox.anyUnit') }, ...(units.data?.items ?? []).filter((u) => u.kind !== 'TEAM').map((u) => ({ value: u.id, label: name(u) }))]} />
        </label>
        <label>
          <div>{t('inbox.cycle')}</div>
          <Select aria-label={t('inbox.cycle')} value={filter.cycleId ?? ''} style={{ width: 240 }}
            onChange={(v) => set('cycle', v || undefined)} options={[{ value: '', label: t('inbox.anyCycle') }, ...(cycles.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.code} — ${name(c)}` }))]} />
        </label>
      </Space>
      {error && <LoadError error={error} onRetry={() => void (tasks.refetch(), cases.refetch())} />}
      <Typography.Paragraph>{t('inbox.counts', { open: rows.length, overdue })}</Typography.Paragraph>
      {!screens.md ? (
        // On a phone: one card per item, the due time and marks first.
        <List
          loading={(wantTasks && tasks.isPending) || (wantCases && cases.isPending)}
          dataSource={rows}
          locale={{ emptyText: t('inbox.empty') }}
          pagination={rows.length > 25 ? { pageSize: 25, size: 'small' } : false}
          renderItem={(r) => (
            <List.Item style={{ padding: '4px 0', border: 0 }}>
              <Card style={{ width: '100%' }} styles={{ body: { padding: 12 } }}>
                <Link to={r.link} style={{ fontWeight: 600 }}>{r.what}</Link>
                <div>{r.who}</div>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>{r.unit} · {r.status}</Typography.Text>
                <div style={{ marginTop: 4 }}>
                <Space size={4} wrap>
                  <span>{r.dueAt ? dateTime(r.dueAt) : '—'}</span>
                  {r.overdue && <Tag color="red">{t('inbox.overdue')}</Tag>}
                  {r.escalated && <Tag color="#9a3412">{t('inbox.escalated')}</Tag>}
                </Space>
                </div>
              </Card>
            </List.Item>
          )}
        />
      ) : (
      <Card>
        <Table<Row>
          loading={(wantTasks && tasks.isPending) || (wantCases && cases.isPending)}
          rowKey="key"
          dataSource={rows}
          pagination={{ pageSize: 25, hideOnSinglePage: true }}
          scroll={{ x: true }}
          locale={{ emptyText: t('inbox.empty') }}
          columns={[
            { title: t('inbox.what'), render: (_, r) => <Link to={r.link}>{r.what}</Link> },
            { title: t('inbox.who'), dataIndex: 'who' },
            { title: t('inbox.unit'), dataIndex: 'unit' },
            { title: t('inbox.state'), dataIndex: 'status' },
            {
              title: t('inbox.due'),
              render: (_, r) => (
                <Space size={4} wrap>
                  <span>{r.dueAt ? dateTime(r.dueAt) : '—'}</span>
                  {r.overdue && <Tag color="red">{t('inbox.overdue')}</Tag>}
                  {r.escalated && <Tag color="#9a3412">{t('inbox.escalated')}</Tag>}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      )}
    </>
  );
}
