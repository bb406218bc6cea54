// A leader's home: their unit's follow-up tasks and businesses' complaints in one list, by due date with the
// overdue ones first, filtered by kind, state, unit and cycle. The server orders, counts and pages the list
// (GET /api/inbox); filters and page live in the address, so a link keeps them.
import { Card, Grid, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { dateTime } from '../../time';
import { LoadError, useLocalized } from '../common';
import { useUrlState } from '../staff/console';
import { cyclesQuery, inboxQuery, unitsQuery, type InboxItem, type InboxQuery } from './api';

const KEYS = ['kind', 'state', 'unit', 'cycle'] as const;
const PAGE_SIZE = 25;

interface Row {
  key: string;
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
  const [state, setState] = useUrlState(KEYS);
  const query: InboxQuery = {
    kind: (state.kind as InboxQuery['kind']) ?? 'ALL',
    state: (state.state as InboxQuery['state']) ?? 'OPEN',
    ...(state.unit ? { unitId: state.unit } : {}),
    ...(state.cycle ? { cycleId: state.cycle } : {}),
    page: state.page,
    pageSize: PAGE_SIZE,
  };
  const inbox = useQuery(inboxQuery(query));
  const units = useQuery(unitsQuery());
  const cycles = useQuery(cyclesQuery());

  const row = (item: InboxItem): Row => {
    if (item.kind === 'FOLLOW_UP') {
      const f = item.task;
      return {
        key: `task:${f.id}`,
        link: `/follow-ups/${f.id}`,
        what: `${t(`results.followUpType.${f.type}`)}${f.competency ? ` — ${name(f.competency)}` : f.proposedPosition ? ` — ${name(f.proposedPosition)}` : ''}`,
        who: `${f.officer.fullName} (${f.officer.employeeCode})`,
        unit: name(f.unit),
        dueAt: f.dueAt,
        overdue: f.overdue,
        escalated: f.escalationLevel > 0,
        status: t(`task.status.${f.status}`),
      };
    }
    const c = item.case;
    return {
      key: `case:${c.id}`,
      link: `/cases/${c.id}`,
      what: `${t('inbox.caseWhat', { number: c.declaration.number })} — ${t(`portal.levels.${c.feedback.level}`)}`,
      who: c.business.name,
      unit: name(c.responsibleUnit),
      dueAt: c.stepDueAt,
      overdue: c.overdue,
      escalated: c.escalationLevel > 0,
      status: c.step ? t(`case.steps.${c.step}`) : t(`portal.statuses.${c.status}`),
    };
  };
  const rows = (inbox.data?.items ?? []).map(row);
  const total = inbox.data?.total ?? 0;
  const pagination = {
    current: state.page,
    pageSize: PAGE_SIZE,
    total,
    hideOnSinglePage: true,
    showSizeChanger: false,
    onChange: (page: number) => setState({ page }),
  };

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('inbox.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('inbox.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }} align="end">
        <label>
          <div>{t('inbox.kind')}</div>
          <Select aria-label={t('inbox.kind')} value={query.kind} style={{ width: 220 }} onChange={(v) => setState({ kind: v === 'ALL' ? undefined : v })}
            options={(['ALL', 'FOLLOW_UP', 'CASE'] as const).map((k) => ({ value: k, label: t(`inbox.kinds.${k}`) }))} />
        </label>
        <label>
          <div>{t('inbox.state')}</div>
          <Select aria-label={t('inbox.state')} value={query.state} style={{ width: 160 }} onChange={(v) => setState({ state: v === 'OPEN' ? undefined : v })}
            options={(['OPEN', 'OVERDUE', 'CLOSED', 'ALL'] as const).map((k) => ({ value: k, label: t(`inbox.states.${k}`) }))} />
        </label>
        <label>
          <div>{t('inbox.unit')}</div>
          <Select aria-label={t('inbox.unit')} showSearch optionFilterProp="label" value={state.unit ?? ''} style={{ width: 280 }}
            onChange={(v) => setState({ unit: v || undefined })} options={[{ value: '', label: t('inbox.anyUnit') }, ...(units.data?.items ?? []).filter((u) => u.kind !== 'TEAM').map((u) => ({ value: u.id, label: name(u) }))]} />
        </label>
        <label>
          <div>{t('inbox.cycle')}</div>
          <Select aria-label={t('inbox.cycle')} value={state.cycle ?? ''} style={{ width: 240 }}
            onChange={(v) => setState({ cycle: v || undefined })} options={[{ value: '', label: t('inbox.anyCycle') }, ...(cycles.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.code} — ${name(c)}` }))]} />
        </label>
      </Space>
      {inbox.error && <LoadError error={inbox.error} onRetry={() => void inbox.refetch()} />}
      <Typography.Paragraph>{t('inbox.listed', { total, overdue: inbox.data?.overdue ?? 0 })}</Typography.Paragraph>
      {!screens.md ? (
        // On a phone: one card per item, the due time and marks first.
        <List
          loading={inbox.isPending}
          dataSource={rows}
          locale={{ emptyText: t('inbox.empty') }}
          pagination={{ ...pagination, size: 'small' }}
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
          loading={inbox.isPending}
          rowKey="key"
          dataSource={rows}
          pagination={pagination}
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
