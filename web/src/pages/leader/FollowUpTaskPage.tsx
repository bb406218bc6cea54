// One follow-up task: why it exists (the rules that fired, in words), the officer's result and level, what the
// leader may do about it (by the task's type), and its history with the reminders and escalations.
import { useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Radio, Row, Select, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { api, ApiError, call, type ResponseOf } from '../../api/client';
import { dateOnly, dateTime, dayjs } from '../../time';
import { LoadError, useLocalized } from '../common';
import { Loading } from '../Loading';
import { History } from './History';
import { leaderKeys, positionsQuery, taskQuery, unitsQuery } from './api';

type Task = ResponseOf<'/follow-ups/{id}', 'get'>;

/** An action on the task: on success the task and the inbox are read again. */
function useTaskAction<A>(taskId: string, fn: (a: A) => Promise<unknown>) {
  const client = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      void message.success(t('task.done'));
      await Promise.all([client.invalidateQueries({ queryKey: leaderKeys.task(taskId) }), client.invalidateQueries({ queryKey: leaderKeys.inbox })]);
    },
  });
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

function TrainingForm({ task }: { task: Task }) {
  const { t } = useTranslation();
  const save = useTaskAction(task.id, (v: { course: string; completedOn: Dayjs; hours: number }) =>
    call(api.POST('/follow-ups/{id}/training', { params: { path: { id: task.id } }, body: { course: v.course, completedOn: v.completedOn.format('YYYY-MM-DD'), hours: v.hours } })),
  );
  return (
    <Form layout="vertical" onFinish={(v) => save.mutate(v)} requiredMark>
      <Typography.Title level={3} style={{ fontSize: 18 }}>{t('task.training')}</Typography.Title>
      <Form.Item name="course" label={t('task.course')} rules={[{ required: true, min: 3, message: t('task.required') }]}>
        <Input maxLength={500} />
      </Form.Item>
      <Space wrap>
        <Form.Item name="completedOn" label={t('task.completedOn')} rules={[{ required: true, message: t('task.required') }]}>
          <DatePicker format="DD/MM/YYYY" disabledDate={(d) => d.isAfter(dayjs())} />
        </Form.Item>
        <Form.Item name="hours" label={t('task.hours')} rules={[{ required: true, message: t('task.required') }]}>
          <InputNumber min={0.5} max={2000} step={0.5} />
        </Form.Item>
      </Space>
      {save.isError && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 12 }} />}
      <div>
        <Button type="primary" htmlType="submit" loading={save.isPending}>{t('task.save')}</Button>
      </div>
    </Form>
  );
}

function DecisionForm({ task, kind }: { task: Task; kind: 'reassignment' | 'nomination' }) {
  const { t } = useTranslation();
  const name = useLocalized();
  const [decision, setDecision] = useState<'ACCEPT' | 'DECLINE'>('ACCEPT');
  const positions = useQuery({ ...positionsQuery(), enabled: kind === 'reassignment' });
  const units = useQuery({ ...unitsQuery(), enabled: kind === 'reassignment' });
  const decide = useTaskAction(task.id, (v: { positionId?: string; unitId?: string; reason?: string }) =>
    kind === 'reassignment'
      ? call(api.POST('/follow-ups/{id}/reassignment', { params: { path: { id: task.id } }, body: { decision, ...(decision === 'ACCEPT' ? { positionId: v.positionId, unitId: v.unitId } : {}), ...(v.reason ? { reason: v.reason } : {}) } }))
      : call(api.POST('/follow-ups/{id}/nomination', { params: { path: { id: task.id } }, body: { decision, reason: v.reason ?? '' } })),
  );
  const reasonNeeded = kind === 'nomination' || decision === 'DECLINE';
  return (
    <Form layout="vertical" onFinish={(v) => decide.mutate(v)} initialValues={{ positionId: task.proposedPosition?.id, unitId: task.officer.unitId }}>
      <Typography.Title level={3} style={{ fontSize: 18 }}>{t(kind === 'reassignment' ? 'task.reassignment' : 'task.nomination')}</Typography.Title>
      <Form.Item label={t('task.decide')}>
        <Radio.Group value={decision} onChange={(e) => setDecision(e.target.value as 'ACCEPT' | 'DECLINE')} optionType="button" buttonStyle="solid"
          options={[{ value: 'ACCEPT', label: t('task.accept') }, { value: 'DECLINE', label: t('task.decline') }]} />
      </Form.Item>
      {kind === 'reassignment' && decision === 'ACCEPT' && (
        <>
          <Form.Item name="positionId" label={t('task.newPosition')} rules={[{ required: true, message: t('task.required') }]}>
            <Select showSearch optionFilterProp="label" loading={positions.isPending}
              options={(positions.data?.items ?? []).filter((p) => p.active).map((p) => ({ value: p.id, label: `${p.code} — ${name(p)}` }))} />
          </Form.Item>
          <Form.Item name="unitId" label={t('task.newUnit')} rules={[{ required: true, message: t('task.required') }]}>
            <Select showSearch optionFilterProp="label" loading={units.isPending} options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: name(u) }))} />
          </Form.Item>
        </>
      )}
      {reasonNeeded && (
        <Form.Item name="reason" label={t(kind === 'nomination' ? 'task.nominationReason' : 'task.declineReason')} rules={[{ required: true, min: 5, message: t('task.min5') }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      )}
      {decide.isError && <Alert type="error" showIcon title={errorText(decide.error)} style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" loading={decide.isPending}>{t('task.decide')}</Button>
    </Form>
  );
}

function ReexamForm({ task }: { task: Task }) {
  const { t } = useTranslation();
  const sessions = useQuery({ queryKey: [...leaderKeys.task(task.id), 'sessions'], queryFn: () => call(api.GET('/follow-ups/{id}/reexamination/sessions', { params: { path: { id: task.id } } })) });
  const [sessionId, setSessionId] = useState<string>();
  const seat = useTaskAction(task.id, (id: string) => call(api.POST('/follow-ups/{id}/reexamination/schedule', { params: { path: { id: task.id } }, body: { sessionId: id } })));
  const seated = task.reexamination?.session;
  return (
    <>
      <Typography.Title level={3} style={{ fontSize: 18 }}>{t('task.reexam')}</Typography.Title>
      {seated && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('task.seated', { code: seated.code, at: dateTime(seated.startsAt), seat: seated.seatNumber })} />}
      {sessions.data && sessions.data.items.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('task.noSessions')}</Typography.Paragraph>
      ) : (
        <Space wrap>
          <Select aria-label={t('task.session')} style={{ minWidth: 280 }} value={sessionId} onChange={setSessionId} loading={sessions.isPending}
            options={(sessions.data?.items ?? []).map((s) => ({ value: s.id, label: t('task.sessionOption', { code: s.code, at: dateTime(s.startsAt), free: s.free }) }))} />
          <Button type="primary" disabled={!sessionId} loading={seat.isPending} onClick={() => sessionId && seat.mutate(sessionId)}>{t('task.seat')}</Button>
        </Space>
      )}
      {seat.isError && <Alert type="error" showIcon title={errorText(seat.error)} style={{ marginTop: 12 }} />}
    </>
  );
}

export default function FollowUpTaskPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const name = useLocalized();
  const task = useQuery(taskQuery(id));
  if (task.isPending) return <Loading />;
  if (task.isError) return <LoadError error={task.error} onRetry={task.error instanceof ApiError && task.error.status === 404 ? undefined : () => void task.refetch()} />;
  const f = task.data;
  const open = f.status === 'OPEN';
  return (
    <>
      <Link to="/">← {t('task.back')}</Link>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 8 }}>
        {t('task.title', { type: t(`results.followUpType.${f.type}`), name: f.officer.fullName })}{' '}
        <Tag color={open ? (f.overdue ? 'red' : 'blue') : 'default'}>{f.overdue && open ? t('inbox.overdue') : t(`task.status.${f.status}`)}</Tag>
        {f.escalationLevel > 0 && <Tag color="#9a3412">{t('inbox.escalated')}</Tag>}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('task.why')} style={{ marginBottom: 16 }}>
            {f.explanation.length ? (
              <ul style={{ paddingLeft: 20, margin: 0 }}>{f.explanation.map((line) => <li key={line}>{line}</li>)}</ul>
            ) : (
              <Typography.Text type="secondary">{t('task.noWhy')}</Typography.Text>
            )}
          </Card>
          <Card title={t('task.actions')} style={{ marginBottom: 16 }}>
            {!open ? (
              <Typography.Paragraph>
                {t('task.closedNote')} {f.decidedAt && t('task.decided', { at: dateTime(f.decidedAt) })} {f.decisionReason && `— ${f.decisionReason}`}
              </Typography.Paragraph>
            ) : f.type === 'RETRAINING' ? (
              <TrainingForm task={f} />
            ) : f.type === 'REASSIGNMENT' ? (
              <DecisionForm task={f} kind="reassignment" />
            ) : f.type === 'EXPERT_NOMINATION' ? (
              <DecisionForm task={f} kind="nomination" />
            ) : (
              <ReexamForm task={f} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('task.officer')} style={{ marginBottom: 16 }}>
            <Descriptions column={1} size="small"
              items={[
                { key: 'o', label: t('task.officer'), children: `${f.officer.fullName} (${f.officer.employeeCode})` },
                { key: 'u', label: t('officer.unit'), children: name(f.officer.unit) },
                { key: 'r', label: t('task.result'), children: f.result ? <>{t('task.score', { score: f.result.score })} · {f.result.level ? t(`results.levels.${f.result.level}`) : t('results.levelPending')}</> : t('task.noResult') },
                ...(f.cycle ? [{ key: 'c', label: t('inbox.cycle'), children: `${f.cycle.code} — ${name(f.cycle)}` }] : []),
                ...(f.competency ? [{ key: 'k', label: t('task.competency'), children: name(f.competency) }] : []),
                ...(f.proposedPosition ? [{ key: 'p', label: t('task.proposed'), children: name(f.proposedPosition) }] : []),
                { key: 'w', label: t('task.unit'), children: name(f.unit) },
                { key: 'd', label: t('inbox.due'), children: dateOnly(f.dueAt) },
              ]}
            />
          </Card>
          <Card title={t('task.history')}>
            <History entries={f.history} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
