// Launching a draft cycle. When the question bank cannot serve a blueprint the API refuses with one detail per
// shortfall (path "position/competency/difficulty"); they are shown as a table with a way to the bank.
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Table, Typography } from 'antd';
import { RocketOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, api, call } from '../../api/client';
import { useReferences } from '../bank/api';
import { useLocalized } from '../common';
import type { CycleView } from '../staff/console';

interface Shortfall {
  key: string;
  position: string;
  competency: string;
  difficulty: string;
  needed: string;
  available: string;
}

/** The detail's path names the blueprint cell; its message ends with the two counts (needed, then available). */
function shortfallsOf(err: ApiError): Shortfall[] {
  return err.details.map((d) => {
    const [position = '', competency = '', difficulty = ''] = d.path.split('/');
    const counts = d.message.match(/(\d+)\D+(\d+)\D*$/);
    return { key: d.path, position, competency, difficulty, needed: counts?.[1] ?? '', available: counts?.[2] ?? '' };
  });
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

/** The shortfalls with names, not ids (the bank's reference data, loaded only when there are shortfalls), each
 * with a way to the position's blueprint and to the competency's items in the bank. */
function ShortfallTable({ shortfalls }: { shortfalls: Shortfall[] }) {
  const { t } = useTranslation();
  const name = useLocalized();
  const refs = useReferences();
  const named = (map: Map<string, { nameVi: string; nameEn: string }>, id: string) => {
    const found = map.get(id);
    return found ? name(found) : id;
  };
  return (
    <>
      <Typography.Title level={3} style={{ fontSize: 17, marginTop: 16 }}>
        {t('newCycle.shortfalls')}
      </Typography.Title>
      <Table
        size="small"
        rowKey="key"
        loading={refs.loading}
        dataSource={shortfalls}
        pagination={shortfalls.length > 20 ? { pageSize: 20 } : false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('newCycle.position'), dataIndex: 'position', render: (id: string) => <Link to={`/bank/blueprints?position=${encodeURIComponent(id)}`}>{named(refs.position, id)}</Link> },
          { title: t('newCycle.competency'), dataIndex: 'competency', render: (id: string, row) => <Link to={`/bank?competencyId=${encodeURIComponent(id)}&difficulty=${row.difficulty}`}>{named(refs.competency, id)}</Link> },
          { title: t('newCycle.difficulty'), dataIndex: 'difficulty', render: (d: string) => t(`bank.difficultyName.${d}`, { defaultValue: d }) },
          { title: t('newCycle.needed'), dataIndex: 'needed', align: 'right' },
          { title: t('newCycle.available'), dataIndex: 'available', align: 'right' },
        ]}
      />
    </>
  );
}
