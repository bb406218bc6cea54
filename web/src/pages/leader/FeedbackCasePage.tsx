// One business complaint, walked step by step: verify (what was checked and found), handling, the outcome
// (substantiated with the action taken, or not with the reasons), then the business's acceptance or contest; a
// contest that reopened the case shows what was contested and why, and the handling and answer of the
// reconsideration are marked as its round.
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Radio, Row, Steps, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call, type ResponseOf } from '../../api/client';
import { dateTime } from '../../time';
import { ContestRound, splitContests } from '../CaseContests';
import { LoadError, useLocalized } from '../common';
import { Loading } from '../Loading';
import { History } from './History';
import { caseQuery, leaderKeys, reasonsQuery } from './api';

type Case = ResponseOf<'/feedback/cases/{id}', 'get'>;
const STEPS = ['VERIFY', 'HANDLE', 'ANSWER', 'BUSINESS_RESPONSE'] as const;

function StepForm({ c }: { c: Case }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message } = App.useApp();
  const act = useMutation({
    mutationFn: (v: { note?: string; outcome?: 'SUBSTANTIATED' | 'NOT_SUBSTANTIATED'; reason?: string }) => {
      const path = { params: { path: { id: c.id } } };
      if (c.step === 'VERIFY') return call(api.POST('/feedback/cases/{id}/verify', { ...path, body: { note: v.note ?? '' } }));
      if (c.step === 'HANDLE') return call(api.POST('/feedback/cases/{id}/handling', { ...path, body: { note: v.note ?? '' } }));
      return call(api.POST('/feedback/cases/{id}/outcome', { ...path, body: { outcome: v.outcome ?? 'SUBSTANTIATED', reason: v.reason ?? '' } }));
    },
    onSuccess: async () => {
      void message.success(t('task.done'));
      await Promise.all([client.invalidateQueries({ queryKey: leaderKeys.case(c.id) }), client.invalidateQueries({ queryKey: leaderKeys.inbox })]);
    },
  });
  if (c.step !== 'VERIFY' && c.step !== 'HANDLE' && c.step !== 'ANSWER') return null;
  return (
    <Form layout="vertical" onFinish={(v) => act.mutate(v)} key={c.step}>
      {c.step === 'ANSWER' ? (
        <>
          <Form.Item name="outcome" label={t('case.outcome')} rules={[{ required: true, message: t('task.required') }]}>
            <Radio.Group optionType="button" buttonStyle="solid" options={(['SUBSTANTIATED', 'NOT_SUBSTANTIATED'] as const).map((o) => ({ value: o, label: t(`case.outcomes.${o}`) }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('case.outcomeReason')} rules={[{ required: true, min: 10, message: t('case.min10') }]}>
            <Input.TextArea rows={4} maxLength={4000} />
          </Form.Item>
        </>
      ) : (
        <Form.Item name="note" label={t(c.step === 'VERIFY' ? 'case.verifyNote' : 'case.handlingNote')} rules={[{ required: true, min: 10, message: t('case.min10') }]}>
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
      )}
      {act.isError && <Alert type="error" showIcon title={act.error.message} style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" loading={act.isPending}>
        {t('case.submit')}: {t(`case.steps.${c.step}`)}
      </Button>
    </Form>
  );
}

export default function FeedbackCasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const name = useLocalized();
  const c = useQuery(caseQuery(id));
  const reasons = useQuery(reasonsQuery());
  if (c.isPending) return <Loading />;
  if (c.isError) return <LoadError error={c.error} onRetry={() => void c.refetch()} />;
  const x = c.data;
  const reasonName = (code: string) => {
    const r = reasons.data?.items.find((i) => i.code === code);
    return r ? name(r) : code;
  };
  const current = x.status === 'CLOSED' ? STEPS.length : Math.max(0, STEPS.indexOf(x.step ?? 'VERIFY'));
  const { final } = splitContests(x.contests);
  const reopenings = x.contests.filter((k) => k.reopened).length;
  // The handling and answer after a reopening belong to its reconsideration round.
  const roundTitle = (step: 'HANDLE' | 'ANSWER') => (reopenings ? `${t(`case.steps.${step}`)} · ${t('contest.round', { n: reopenings })}` : t(`case.steps.${step}`));
  const record = (r: { note: string | null; at: string } | null) => (r ? <>{r.note} <Typography.Text type="secondary">({t('case.at', { at: dateTime(r.at) })})</Typography.Text></> : <Typography.Text type="secondary">{t('case.notYet')}</Typography.Text>);
  return (
    <>
      <Link to="/?kind=CASE">← {t('case.back')}</Link>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 8 }}>
        {t('case.title', { number: x.declaration.number })} {x.overdue && <Tag color="red">{t('inbox.overdue')}</Tag>}
        {x.escalationLevel > 0 && <Tag color="#9a3412">{t('inbox.escalated')}</Tag>}
      </Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Steps current={current} responsive items={STEPS.map((s) => ({ title: t(`case.steps.${s}`) }))} />
        <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }}>
          {x.status === 'CLOSED' ? t('case.closed', { at: x.closedAt ? dateTime(x.closedAt) : '—' }) : x.step && x.stepDueAt ? t('case.stepDue', { step: t(`case.steps.${x.step}`), at: dateTime(x.stepDueAt) }) : null}
        </Typography.Paragraph>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('case.steps.VERIFY')} style={{ marginBottom: 16 }}>{record(x.verification)}</Card>
          <Card title={roundTitle('HANDLE')} style={{ marginBottom: 16 }}>{record(x.handling)}</Card>
          <Card title={roundTitle('ANSWER')} style={{ marginBottom: 16 }}>
            {x.answer ? (
              <>
                <Tag color={x.answer.outcome === 'SUBSTANTIATED' ? 'red' : '#166534'}>{x.answer.outcome ? t(`case.outcomes.${x.answer.outcome}`) : '—'}</Tag> {x.answer.reason}{' '}
                <Typography.Text type="secondary">({t('case.at', { at: dateTime(x.answer.at) })})</Typography.Text>
              </>
            ) : (
              <Typography.Text type="secondary">{t('case.notYet')}</Typography.Text>
            )}
          </Card>
          <Card title={t('case.response')} style={{ marginBottom: 16 }}>
            {x.contests.map((k) => (
              <ContestRound key={k.round} contest={k} showAnswer={k !== final} />
            ))}
            {x.step === 'BUSINESS_RESPONSE' ? (
              <Typography.Paragraph style={{ margin: '12px 0 0' }}>{t('case.waiting')}</Typography.Paragraph>
            ) : x.businessResponse?.accepted ? (
              <Typography.Paragraph style={{ margin: '12px 0 0' }}>{t('case.accepted')} ({dateTime(x.businessResponse.at)})</Typography.Paragraph>
            ) : x.contests.length ? null : x.businessResponse ? (
              <Typography.Text>{t('case.contested')} ({dateTime(x.businessResponse.at)})</Typography.Text>
            ) : (
              <Typography.Text type="secondary">{t('case.notYet')}</Typography.Text>
            )}
          </Card>
          {x.status !== 'CLOSED' && x.step !== 'BUSINESS_RESPONSE' && (
            <Card title={x.step ? t(`case.steps.${x.step}`) : ''} style={{ marginBottom: 16 }}>
              <StepForm c={x} />
            </Card>
          )}
        </Col>
        <Col xs={24} lg={10}>
          <Card style={{ marginBottom: 16 }}>
            <Descriptions column={1} size="small"
              items={[
                { key: 'b', label: t('case.business'), children: `${x.business.name} (${x.business.taxCode})` },
                { key: 's', label: t('case.subject'), children: `${t(`portal.kinds.${x.feedback.subject.kind}`)}: ${name(x.feedback.subject)}` },
                { key: 'l', label: t('case.level'), children: <Tag color="red">{t(`portal.levels.${x.feedback.level}`)}</Tag> },
                { key: 'r', label: t('case.reasons'), children: x.feedback.reasonCodes.map(reasonName).join('; ') || '—' },
                { key: 'c', label: t('case.comment'), children: x.feedback.comment || '—' },
                { key: 'u', label: t('task.unit'), children: name(x.responsibleUnit) },
              ]}
            />
          </Card>
          <Card title={t('case.timeline')}>
            <History entries={x.timeline} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
