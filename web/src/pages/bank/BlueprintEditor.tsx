// A position's test blueprint: per framework competency and difficulty, how many items its test draws. Beside each
// count, what the bank holds for the position (active items that fit it, counted by the server's own rule), so a
// shortfall shows while the person types; saving makes a new blueprint version that replaces the one in force.
import { useMemo, useState } from 'react';
import { Alert, App as AntApp, Breadcrumb, Button, Card, Empty, Grid, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call, type ResponseOf } from '../../api/client';
import { dateTime } from '../../time';
import { LoadError, useLocalized } from '../common';
import { Loading } from '../Loading';
import { KeyboardScroll, useUrlState } from '../staff/console';
import { bankKeys, DIFFICULTIES, positionsQuery, useReferences, type Difficulty } from './api';
import './bank.css';

type Coverage = ResponseOf<'/positions/{id}/bank-coverage', 'get'>;
type Blueprint = ResponseOf<'/positions/{id}/blueprints', 'get'>['items'][number];
type Counts = Record<string, Record<Difficulty, number>>;

const KEYS = ['position'] as const;
const ZERO: Record<Difficulty, number> = { EASY: 0, MEDIUM: 0, HARD: 0 };

export interface Shortfall {
  competencyId: string;
  difficulty: Difficulty;
  needed: number;
  available: number;
}

/** The cells asking for more items than the bank has for the position. */
export function liveShortfalls(counts: Counts, coverage: Coverage): Shortfall[] {
  return coverage.competencies.flatMap((c) =>
    DIFFICULTIES.filter((d) => (counts[c.id]?.[d] ?? 0) > c.available[d]).map((d) => ({ competencyId: c.id, difficulty: d, needed: counts[c.id]?.[d] ?? 0, available: c.available[d] })),
  );
}

function countsOf(coverage: Coverage, blueprint: Blueprint | undefined): Counts {
  const counts: Counts = Object.fromEntries(coverage.competencies.map((c) => [c.id, { ...ZERO }]));
  for (const s of blueprint?.sections ?? []) if (counts[s.competencyId]) counts[s.competencyId][s.difficulty] = s.itemCount;
  return counts;
}

type CoverageRow = Coverage['competencies'][number];

/** One count of the blueprint with what the bank holds for it, and the shortfall if it asks for more. */
function CountCell({ competency, difficulty, needed, onChange, showLabel }: { competency: CoverageRow; difficulty: Difficulty; needed: number; onChange: (v: number | null) => void; showLabel?: boolean }) {
  const { t } = useTranslation();
  const name = useLocalized();
  const lacking = needed - competency.available[difficulty];
  return (
    <div>
      {showLabel && <div aria-hidden style={{ fontSize: 13, marginBottom: 2 }}>{t(`bank.difficultyName.${difficulty}`)}</div>}
      <InputNumber
        min={0}
        max={200}
        precision={0}
        value={needed}
        onChange={onChange}
        aria-label={t('blueprint.countLabel', { difficulty: t(`bank.difficultyName.${difficulty}`), competency: name(competency) })}
        style={{ width: showLabel ? '100%' : 80 }}
      />
      <div style={{ fontSize: 13, marginTop: 2 }}>
        <Typography.Text type="secondary">{t('blueprint.available', { count: competency.available[difficulty] })}</Typography.Text>
        {lacking > 0 && <strong style={{ color: '#a8071a', display: 'block' }}>{t('blueprint.short', { count: lacking })}</strong>}
      </div>
    </div>
  );
}

function Editor({ positionId, coverage, blueprints }: { positionId: string; coverage: Coverage; blueprints: Blueprint[] }) {
  const { t } = useTranslation();
  const name = useLocalized();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const screens = Grid.useBreakpoint();
  const active = blueprints.find((b) => b.status === 'ACTIVE');
  const initial = useMemo(() => ({ counts: countsOf(coverage, active), duration: active?.durationMinutes ?? 60, passMark: active?.passMark ?? 50 }), [coverage, active]);
  const [counts, setCounts] = useState<Counts>(initial.counts);
  const [duration, setDuration] = useState(initial.duration);
  const [passMark, setPassMark] = useState(initial.passMark);
  const shortfalls = liveShortfalls(counts, coverage);
  const short = new Set(shortfalls.map((s) => `${s.competencyId}/${s.difficulty}`));
  const total = Object.values(counts).reduce((n, row) => n + DIFFICULTIES.reduce((m, d) => m + row[d], 0), 0);
  const dirty = JSON.stringify([counts, duration, passMark]) !== JSON.stringify([initial.counts, initial.duration, initial.passMark]);
  const competencyName = (id: string) => {
    const c = coverage.competencies.find((x) => x.id === id);
    return c ? name(c) : id;
  };

  const save = useMutation({
    mutationFn: () =>
      call(
        api.POST('/positions/{id}/blueprints', {
          params: { path: { id: positionId } },
          body: {
            sections: Object.entries(counts).flatMap(([competencyId, row]) => DIFFICULTIES.filter((d) => row[d] > 0).map((d) => ({ competencyId, difficulty: d, itemCount: row[d] }))),
            durationMinutes: duration,
            passMark,
          },
        }),
      ),
    onSuccess: async (result) => {
      if (result.change === 'created') void message.success(t('blueprint.saved', { version: result.blueprint.version }));
      else void message.info(t('blueprint.savedUnchanged'));
      await queryClient.invalidateQueries({ queryKey: bankKeys.blueprints(positionId) });
      await queryClient.invalidateQueries({ queryKey: bankKeys.coverage(positionId) });
    },
  });

  const setCount = (competencyId: string, d: Difficulty, v: number | null) =>
    setCounts((prev) => ({ ...prev, [competencyId]: { ...ZERO, ...prev[competencyId], [d]: Math.max(0, Math.min(200, Math.floor(v ?? 0))) } }));

  type Row = CoverageRow;
  const rowTotal = (id: string) => DIFFICULTIES.reduce((n, d) => n + (counts[id]?.[d] ?? 0), 0);
  return (
    <Space orientation="vertical" size={20} style={{ width: '100%' }}>
      <Card title={<h2 className="card-heading" style={{ whiteSpace: 'normal' }}>{`${coverage.position.code} · ${name(coverage.position)}`}</h2>}>
        <Typography.Paragraph type="secondary">
          {active ? t('blueprint.activeVersion', { version: active.version, date: dateTime(active.createdAt) }) : t('blueprint.noBlueprint')}
        </Typography.Paragraph>
        {!screens.md ? (
          <ul className="blueprint-cards">
            {coverage.competencies.map((c) => (
              <li key={c.id}>
                <div style={{ fontWeight: 600 }}>{name(c)}</div>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {c.code} · {t('blueprint.requiredLevel', { level: c.requiredLevel })} · {t('blueprint.rowTotal')}: {rowTotal(c.id)}
                </Typography.Text>
                <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 8, marginTop: 8 }}>
                  {DIFFICULTIES.map((d) => (
                    <div key={d} className={short.has(`${c.id}/${d}`) ? 'blueprint-short' : undefined} style={{ padding: 4, borderRadius: 4 }}>
                      <CountCell competency={c} difficulty={d} needed={counts[c.id]?.[d] ?? 0} onChange={(v) => setCount(c.id, d, v)} showLabel />
                    </div>
                  ))}
                </div>
              </li>
            ))}
            <li>
              <strong>
                {t('blueprint.total')}: {total}
              </strong>{' '}
              ({DIFFICULTIES.map((d) => `${t(`bank.difficultyName.${d}`)} ${Object.values(counts).reduce((n, row) => n + row[d], 0)}`).join(' · ')})
            </li>
          </ul>
        ) : (
        <KeyboardScroll label={t('blueprint.tableLabel')}>
          <Table<Row>
            size="small"
            rowKey="id"
            dataSource={coverage.competencies}
            pagination={false}
            scroll={{ x: 760 }}
            columns={[
              {
                title: t('blueprint.competency'),
                key: 'competency',
                render: (_, c) => (
                  <div style={{ minWidth: 200 }}>
                    <div>{name(c)}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                      {c.code} · {t('blueprint.requiredLevel', { level: c.requiredLevel })}
                    </Typography.Text>
                  </div>
                ),
              },
              ...DIFFICULTIES.map((d) => ({
                title: t(`bank.difficultyName.${d}`),
                key: d,
                width: 150,
                onCell: (c: Row) => ({ className: short.has(`${c.id}/${d}`) ? 'blueprint-short' : undefined }),
                render: (_: unknown, c: Row) => <CountCell competency={c} difficulty={d} needed={counts[c.id]?.[d] ?? 0} onChange={(v) => setCount(c.id, d, v)} />,
              })),
              { title: t('blueprint.rowTotal'), key: 'total', width: 80, align: 'right' as const, render: (_: unknown, c: Row) => rowTotal(c.id) },
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <strong>{t('blueprint.total')}</strong>
                </Table.Summary.Cell>
                {DIFFICULTIES.map((d, i) => (
                  <Table.Summary.Cell index={i + 1} key={d}>
                    <strong>{Object.values(counts).reduce((n, row) => n + row[d], 0)}</strong>
                  </Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={4} align="right">
                  <strong>{total}</strong>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
        </KeyboardScroll>
        )}
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 24, marginTop: 16 }}>
          <label>
            <span style={{ display: 'block', marginBottom: 4 }}>{t('blueprint.duration')}</span>
            <InputNumber min={5} max={480} precision={0} value={duration} onChange={(v) => setDuration(v ?? 60)} />
          </label>
          <label>
            <span style={{ display: 'block', marginBottom: 4 }}>{t('blueprint.passMark')}</span>
            <InputNumber min={0} max={100} precision={0} value={passMark} onChange={(v) => setPassMark(v ?? 50)} />
          </label>
        </div>
      </Card>

      <Card>
        <div aria-live="polite">
          {total === 0 ? (
            <Alert type="info" showIcon title={t('blueprint.empty')} />
          ) : shortfalls.length === 0 ? (
            <Alert type="success" showIcon title={t('blueprint.sufficient')} />
          ) : (
            <Alert
              type="error"
              showIcon
              title={t('blueprint.insufficient', { count: shortfalls.length })}
              description={
                <>
                  <ul style={{ margin: '4px 0 8px', paddingInlineStart: 18 }}>
                    {shortfalls.map((s) => (
                      <li key={`${s.competencyId}/${s.difficulty}`}>
                        {t('blueprint.shortRow', { competency: competencyName(s.competencyId), difficulty: t(`bank.difficultyName.${s.difficulty}`), needed: s.needed, available: s.available })}
                      </li>
                    ))}
                  </ul>
                  {t('blueprint.insufficientHelp')}
                </>
              }
            />
          )}
        </div>
        {save.isError && <Alert style={{ marginTop: 12 }} type="error" showIcon role="alert" title={save.error.message} />}
        <Space wrap style={{ marginTop: 16 }}>
          <Button type="primary" disabled={total === 0} loading={save.isPending} onClick={() => save.mutate()}>
            {t('blueprint.save')}
          </Button>
          <Button
            disabled={!dirty}
            onClick={() => {
              setCounts(initial.counts);
              setDuration(initial.duration);
              setPassMark(initial.passMark);
            }}
          >
            {t('blueprint.reset')}
          </Button>
          {dirty && <Typography.Text type="secondary">{t('blueprint.unsaved')}</Typography.Text>}
        </Space>
      </Card>

      {blueprints.length > 0 && (
        <Card title={<h2 className="card-heading">{t('blueprint.history')}</h2>}>
          <Table<Blueprint>
            size="small"
            rowKey="id"
            dataSource={blueprints}
            pagination={blueprints.length > 10 ? { pageSize: 10 } : false}
            columns={[
              { title: t('blueprint.historyVersion'), dataIndex: 'version', width: 100 },
              { title: t('blueprint.historyStatus'), key: 'status', render: (_, b) => <Tag color={b.status === 'ACTIVE' ? 'green' : 'default'}>{t(`blueprint.blueprintStatus.${b.status}`)}</Tag> },
              { title: t('blueprint.historyItems'), dataIndex: 'itemCount', align: 'right' },
              { title: t('blueprint.historyCreated'), key: 'created', render: (_, b) => dateTime(b.createdAt) },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

export default function BlueprintEditor() {
  const { t } = useTranslation();
  const name = useLocalized();
  const refs = useReferences();
  const [state, setState] = useUrlState(KEYS);
  const positionId = state.position;
  const positions = useQuery(positionsQuery);
  const coverage = useQuery({
    queryKey: bankKeys.coverage(positionId ?? ''),
    queryFn: () => call(api.GET('/positions/{id}/bank-coverage', { params: { path: { id: positionId! } } })),
    enabled: !!positionId,
  });
  const blueprints = useQuery({
    queryKey: bankKeys.blueprints(positionId ?? ''),
    queryFn: () => call(api.GET('/positions/{id}/blueprints', { params: { path: { id: positionId! } } })),
    enabled: !!positionId,
  });
  const positionOptions = useMemo(
    () =>
      refs.fields
        .map((f) => ({
          label: name(f),
          title: name(f),
          options: (positions.data?.items ?? []).filter((p) => p.fieldId === f.id).map((p) => ({ value: p.id, label: `${p.code} · ${name(p)}` })),
        }))
        .filter((g) => g.options.length),
    [refs.fields, positions.data, name],
  );
  const activeVersion = blueprints.data?.items.find((b) => b.status === 'ACTIVE')?.version ?? 0;

  return (
    <Space orientation="vertical" size={20} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/bank">{t('bank.title')}</Link> }, { title: t('blueprint.title') }]} />
      <div style={{ maxWidth: 760 }}>
        <Typography.Title level={1} style={{ fontSize: 26, marginBottom: 4 }}>
          {t('blueprint.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('blueprint.intro')}</Typography.Text>
      </div>
      <div>
        <label htmlFor="blueprint-position" style={{ display: 'block', marginBottom: 4 }}>
          {t('blueprint.position')}
        </label>
        <Select
          id="blueprint-position"
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('blueprint.choosePosition')}
          loading={positions.isPending}
          value={positionId}
          onChange={(v) => setState({ position: v })}
          options={positionOptions}
          style={{ width: '100%', maxWidth: 520 }}
        />
      </div>
      {(positions.error || coverage.error || blueprints.error) && <LoadError error={(positions.error ?? coverage.error ?? blueprints.error)!} onRetry={() => { void coverage.refetch(); void blueprints.refetch(); }} />}
      {!positionId ? (
        <Card>
          <Empty description={t('blueprint.pickFirst')} />
        </Card>
      ) : coverage.isPending || blueprints.isPending ? (
        <Loading />
      ) : coverage.data && blueprints.data ? (
        <Editor key={`${positionId}/${activeVersion}`} positionId={positionId} coverage={coverage.data} blueprints={blueprints.data.items} />
      ) : null}
    </Space>
  );
}
