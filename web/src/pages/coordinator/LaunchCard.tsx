// Launching a draft cycle. When the question bank cannot serve a blueprint the API refuses with one detail per
// shortfall, each carrying its position, competency, difficulty and the two counts as data (the route's
// documented refusal); they are shown as a table with a way to the bank.
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Table, Typography } from 'antd';
import { RocketOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, api, call, type RefusalOf } from '../../api/client';
import { useLocalized } from '../common';
import type { CycleView } from '../staff/console';

type Shortfall = NonNullable<RefusalOf<'/cycles/{id}/launch', 'post'>['error']['details']>[number];

/** The shortfalls of a BANK_SHORTFALL refusal: its details, as the route documents them. */
function shortfallsOf(err: ApiError): Shortfall[] {
  return err.details.filter((d): d is Shortfall & typeof d => typeof d.needed === 'number' && typeof d.available === 'number' && !!d.position && !!d.competency);
}

export function LaunchCard({ cycle }: { cycle: CycleView }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<ApiError | Error | null>(null);
  const launch = useMutation({
    mutationFn: () => call(api.POST('/cycles/{id}/launch', { params: { path: { id: cycle.id } } })),
    onSuccess: async (launched) => {
      setProblem(null);
      void message.success(t('newCycle.launched', { code: launched.code }));
      await queryClient.invalidateQueries({ queryKey: ['cycle', cycle.id] });
      await queryClient.invalidateQueries({ queryKey: ['cycles'] });
    },
    onError: (err) => setProblem(err),
  });
  const shortfalls = problem instanceof ApiError && problem.code === 'BANK_SHORTFALL' ? shortfallsOf(problem) : [];
  return (
    <Card title={<h2 className="card-heading">{t('newCycle.draft', { code: cycle.code })}</h2>}>
      <Typography.Paragraph>{t('newCycle.draftIntro')}</Typography.Paragraph>
      <Button type="primary" icon={<RocketOutlined />} loading={launch.isPending} onClick={() => launch.mutate()}>
        {t('newCycle.launch')}
      </Button>
      {problem && (
        <Alert style={{ marginTop: 16 }} type="error" showIcon role="alert" title={problem.message} description={shortfalls.length ? t('newCycle.shortfallsIntro') : undefined} />
      )}
      {shortfalls.length > 0 && <ShortfallTable shortfalls={shortfalls} />}
    </Card>
  );
}

/** The shortfalls, each with a way to the position's blueprint and to the competency's items in the bank. */
function ShortfallTable({ shortfalls }: { shortfalls: Shortfall[] }) {
  const { t } = useTranslation();
  const name = useLocalized();
  return (
    <>
      <Typography.Title level={3} style={{ fontSize: 17, marginTop: 16 }}>
        {t('newCycle.shortfalls')}
      </Typography.Title>
      <Table
        size="small"
        rowKey="path"
        dataSource={shortfalls}
        pagination={shortfalls.length > 20 ? { pageSize: 20 } : false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('newCycle.position'), key: 'position', render: (_, row) => <Link to={`/bank/blueprints?position=${encodeURIComponent(row.position.id)}`}>{name(row.position)}</Link> },
          { title: t('newCycle.competency'), key: 'competency', render: (_, row) => <Link to={`/bank?competencyId=${encodeURIComponent(row.competency.id)}&difficulty=${row.difficulty}`}>{name(row.competency)}</Link> },
          { title: t('newCycle.difficulty'), dataIndex: 'difficulty', render: (d: string) => t(`bank.difficultyName.${d}`, { defaultValue: d }) },
          { title: t('newCycle.needed'), dataIndex: 'needed', align: 'right' },
          { title: t('newCycle.available'), dataIndex: 'available', align: 'right' },
        ]}
      />
    </>
  );
}
