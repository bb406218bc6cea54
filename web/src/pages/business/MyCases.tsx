// The business's complaints (its unsatisfied ratings), each with customs' answer; while the answer waits for the
// business it may accept it or contest it with a reason. A contested answer shows beside the reconsidered one.
// Paged on the server, the page in the address.
import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Input, List, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call, type ResponseOf } from '../../api/client';
import { dateTime } from '../../time';
import { ContestRound, OutcomeTag, splitContests } from '../CaseContests';
import { LoadError, serverPager, useLocalized } from '../common';
import { useUrlState } from '../staff/console';

type Case = ResponseOf<'/feedback/my/cases', 'get'>['items'][number];
const PAGE_SIZE = 10;
const NO_FILTERS = [] as const;

/** Customs' answer; after a reconsideration, the new one (or that it is still awaited). */
function Answer({ c }: { c: Case }) {
  const { t } = useTranslation();
  const { before, final, reconsidered } = splitContests(c.contests);
  return (
    <>
      {before.map((x) => (
        <ContestRound key={x.round} contest={x} />
      ))}
      <div style={{ marginTop: 12, padding: 12, background: '#f5f7fa', borderRadius: 6 }}>
        <Typography.Text strong>{reconsidered ? t('contest.newAnswer') : t('portal.answer')}</Typography.Text>
        {c.answer ? (
          <div>
            <OutcomeTag outcome={c.answer.outcome} />
            {c.answer.reason} <Typography.Text type="secondary">({dateTime(c.answer.at)})</Typography.Text>
          </div>
        ) : (
          <div>
            <Typography.Text type="secondary">{reconsidered ? t('contest.awaitingNew') : t('portal.noAnswer')}</Typography.Text>
          </div>
        )}
      </div>
      {final && <ContestRound contest={final} showAnswer={false} />}
    </>
  );
}

function Respond({ c }: { c: Case }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [contesting, setContesting] = useState(false);
  const [comment, setComment] = useState('');
  const respond = useMutation({
    mutationFn: (accept: boolean) => call(api.POST('/feedback/my/cases/{id}/response', { params: { path: { id: c.id } }, body: accept ? { accept } : { accept, comment } })),
    onSuccess: async (answered, accept) => {
      // A contest with no reconsideration left closes the case: say so, not that it is reconsidered.
      void message.success(accept ? t('portal.youAccepted') : answered.status === 'CLOSED' ? t('contest.final') : t('portal.youContested'));
      await client.invalidateQueries({ queryKey: ['portal'] });
    },
  });
  return (
    <div style={{ marginTop: 12 }}>
      {c.respondBy && <Typography.Paragraph type="secondary">{t('portal.respondBy', { at: dateTime(c.respondBy) })}</Typography.Paragraph>}
      {contesting ? (
        <>
          <label>
            {t('portal.contestWhy')}
            <Input.TextArea rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} style={{ marginTop: 6 }} />
          </label>
          <Space wrap style={{ marginTop: 8 }}>
            <Button type="primary" disabled={comment.trim().length < 5} loading={respond.isPending} onClick={() => respond.mutate(false)}>
              {t('portal.sendContest')}
            </Button>
            <Button onClick={() => setContesting(false)}>{t('app.cancel')}</Button>
          </Space>
        </>
      ) : (
        <Space wrap>
          <Button type="primary" loading={respond.isPending} onClick={() => respond.mutate(true)}>
            {t('portal.acceptAnswer')}
          </Button>
          <Button onClick={() => setContesting(true)}>{t('portal.contestAnswer')}</Button>
        </Space>
      )}
      {respond.isError && <Alert type="error" showIcon style={{ marginTop: 8 }} title={respond.error.message} />}
    </div>
  );
}

export default function MyCases() {
  const { t } = useTranslation();
  const name = useLocalized();
  const [{ page }, setUrl] = useUrlState(NO_FILTERS);
  const cases = useQuery({
    queryKey: ['portal', 'cases', page],
    queryFn: () => call(api.GET('/feedback/my/cases', { params: { query: { page, pageSize: PAGE_SIZE } } })),
    placeholderData: (previous) => previous,
  });
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('portal.myCases')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('portal.casesIntro')}</Typography.Paragraph>
      {cases.isError && <LoadError error={cases.error} onRetry={() => void cases.refetch()} />}
      <List
        loading={cases.isPending}
        dataSource={cases.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('portal.noCases')} /> }}
        pagination={serverPager({ page, pageSize: PAGE_SIZE, total: cases.data?.total ?? 0, showTotal: (count) => t('portal.total', { count }), onPage: (p) => setUrl({ page: p }) })}
        renderItem={(c) => (
          <List.Item style={{ padding: '6px 0', border: 0 }}>
            <Card style={{ width: '100%' }} styles={{ body: { padding: 16 } }}>
              <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
                <Typography.Text strong>{t('portal.caseFor', { number: c.declaration.number, subject: name(c.feedback.subject) })}</Typography.Text>
                <Tag color={c.status === 'CLOSED' ? 'default' : c.canRespond ? '#854d0e' : 'blue'}>{t(`portal.statuses.${c.status}`)}</Tag>
              </Space>
              <div style={{ marginTop: 4 }}>
                <Tag color="red">{t(`portal.levels.${c.feedback.level}`)}</Tag>
                <Typography.Text type="secondary">{dateTime(c.createdAt)}</Typography.Text>
              </div>
              {c.feedback.comment && <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>“{c.feedback.comment}”</Typography.Paragraph>}
              <Answer c={c} />
              {c.businessResponse && !c.canRespond && (c.businessResponse.accepted || c.status !== 'CLOSED') && (
                <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>{c.businessResponse.accepted ? t('portal.youAccepted') : t('portal.youContested')}</Typography.Paragraph>
              )}
              {c.canRespond && <Respond c={c} />}
            </Card>
          </List.Item>
        )}
      />
    </>
  );
}
