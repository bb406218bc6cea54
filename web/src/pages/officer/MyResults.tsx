// After grading: each cycle's score, the sub-scores against the levels the position requires, the level with
// its reasons in words, the follow-up tasks that concern me, and my scores across cycles.
import { useMemo } from 'react';
import { Card, Descriptions, Empty, List, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call, type ResponseOf } from '../../api/client';
import { useSession } from '../../session';
import { dateOnly } from '../../time';
import { Loading } from '../Loading';
import { LoadError, useLocalized } from '../common';
import { EChart, type ChartOption } from '../../charts/EChart';

type Profile = ResponseOf<'/officers/{id}/profile', 'get'>;
type Entry = Profile['cycles'][number];

const LEVEL_COLOR: Record<string, string> = { LEVEL_3: 'green', LEVEL_2: 'blue', LEVEL_1: 'gold', NOT_ACHIEVED: 'red' };

export default function MyResults() {
  const { t } = useTranslation();
  const { user } = useSession();
  const officerId = user?.officerId ?? '';
  const profile = useQuery({ queryKey: ['me', 'profile', officerId], queryFn: () => call(api.GET('/officers/{id}/profile', { params: { path: { id: officerId } } })), enabled: !!officerId });
  if (profile.isPending) return <Loading />;
  if (profile.isError) return <LoadError error={profile.error} onRetry={() => void profile.refetch()} />;
  const graded = profile.data.cycles.filter((c) => c.result);
  return (
    <Space orientation="vertical" size={20} style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 26, marginBottom: 0 }}>
        {t('results.title')}
      </Typography.Title>
      {graded.length === 0 ? (
        <Card>
          <Empty description={t('results.none')} />
        </Card>
      ) : (
        <>
          <ScoreTrend entries={graded} />
          {graded.map((e) => (
            <CycleResult key={e.registration.id} entry={e} />
          ))}
        </>
      )}
      <FollowUps profile={profile.data} />
      <Assignments profile={profile.data} />
    </Space>
  );
}

function ScoreTrend({ entries }: { entries: Entry[] }) {
  const { t } = useTranslation();
  const chronological = [...entries].reverse();
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 40, right: 36, top: 28, bottom: 32 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: chronological.map((e) => `${e.cycle.code}${e.registration.round > 1 ? ` (${e.registration.round})` : ''}`) },
      yAxis: { type: 'value', min: 0, max: 100, name: t('results.scoreAxis') },
      series: [
        {
          type: 'line',
          name: t('results.score'),
          data: chronological.map((e) => e.result!.score),
          symbolSize: 10,
          label: { show: true, position: 'top' },
          lineStyle: { width: 3, color: '#0b5394' },
          itemStyle: { color: '#0b5394' },
          markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#8a96a8' }, data: [{ yAxis: 85 }, { yAxis: 70 }, { yAxis: 50 }] },
        },
      ],
    }),
    [chronological, t],
  );
  const summary = chronological.map((e) => `${e.cycle.code}: ${e.result!.score}`).join(', ');
  return (
    <Card title={<h2 className="card-heading">{t('results.scoreTrend')}</h2>}>
      <EChart option={option} label={`${t('results.scoreTrend')}: ${summary}`} />
    </Card>
  );
}

function CycleResult({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  const name = useLocalized();
  const result = entry.result!;
  return (
    <Card
      title={<h2 className="card-heading">{name(entry.cycle)}</h2>}
      extra={result.level ? <Tag color={LEVEL_COLOR[result.level]}>{t(`results.levels.${result.level}`)}</Tag> : <Tag>{t('results.levelPending')}</Tag>}
    >
      <Descriptions column={{ xs: 1, md: 3 }} size="small">
        <Descriptions.Item label={t('results.position')}>{name(entry.registration.chosenPosition)}</Descriptions.Item>
        <Descriptions.Item label={t('results.score')}>
          <span>
            <strong data-testid="result-score">{result.score}</strong>/100 · {t('results.correct')}: {result.correctCount}/{result.itemCount}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('results.level')}>{result.level ? t(`results.levels.${result.level}`) : t('results.levelPending')}</Descriptions.Item>
      </Descriptions>
      {result.levelReason && (
        <div style={{ margin: '12px 0' }}>
          <Typography.Text strong>{t('results.why')}</Typography.Text>
          <ul style={{ marginTop: 4 }} data-testid="level-reasons">
            {result.levelReason.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
      <Table
        size="small"
        pagination={false}
        rowKey={(c) => c.competency.id}
        caption={<span className="visually-hidden">{t('results.subScores')}</span>}
        dataSource={result.competencies}
        scroll={{ x: true }}
        columns={[
          { title: t('results.competency'), render: (_, c) => name(c.competency) },
          { title: t('results.score'), dataIndex: 'score', align: 'right' },
          { title: t('results.correct'), render: (_, c) => `${c.correctCount}/${c.itemCount}`, align: 'right' },
          { title: t('results.required'), render: (_, c) => (c.requiredLevel ? t('results.requiredLevel', { level: c.requiredLevel }) : t('results.notRequired')) },
        ]}
      />
    </Card>
  );
}

function FollowUps({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const name = useLocalized();
  return (
    <Card title={<h2 className="card-heading">{t('results.followUps')}</h2>}>
      {profile.followUps.length === 0 ? (
        <Typography.Text type="secondary">{t('results.noFollowUps')}</Typography.Text>
      ) : (
        <List
          dataSource={profile.followUps}
          renderItem={(f) => (
            <List.Item>
              <Space wrap>
                <strong>{t(`results.followUpType.${f.type}`)}</strong>
                {f.competency && <span>· {name(f.competency)}</span>}
                {f.proposedPosition && <span>→ {name(f.proposedPosition)}</span>}
                <Tag color={f.status === 'DONE' ? 'green' : f.status === 'OPEN' ? 'blue' : 'default'}>{t(`results.followUpStatus.${f.status}`)}</Tag>
                {f.overdue && <Tag color="red">{t('results.overdue')}</Tag>}
                <Typography.Text type="secondary">
                  {t('results.due')}: {dateOnly(f.dueAt)}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function Assignments({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const name = useLocalized();
  return (
    <Card title={<h2 className="card-heading">{t('results.assignments')}</h2>}>
      <Timeline
        items={profile.assignments.map((a) => ({
          color: a.current ? 'blue' : 'gray',
          content: (
            <span>
              <strong>{name(a.position)}</strong> · {name(a.unit)} · {a.startDate.split('-').reverse().join('/')} – {a.endDate ? a.endDate.split('-').reverse().join('/') : t('results.current')}
            </span>
          ),
        }))}
      />
    </Card>
  );
}
