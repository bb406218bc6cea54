// A department's list: where it stands, what blocks it, the deadline counting down, the reminders sent (and the
// next one due), headquarters' comments on a return, and the transitions the role may make. Every transition
// names the revision the page showed, so a stale page is refused by the server (LIST_STALE) and the person is
// told the list changed meanwhile and offered a reload.
import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, Modal, Popconfirm, Space, Typography } from 'antd';
import { BellOutlined, CheckOutlined, DownloadOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client';
import { useSession } from '../../session';
import { dateTime } from '../../time';
import { ListStatusTag, useCountdown, type CycleView } from './console';

type Action = 'submit' | 'approve' | 'return';

export function ListCard({ cycle, unitId, pending }: { cycle: CycleView; unitId: string; pending: number }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const countdown = useCountdown();
  const [, tick] = useState(0);
  const [returning, setReturning] = useState(false);
  const [problem, setProblem] = useState<Error | null>(null);
  const [form] = Form.useForm<{ comment: string }>();
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, []);
  const list = useQuery({
    queryKey: ['cycle', cycle.id, 'list', unitId],
    queryFn: () => call(api.GET('/cycles/{id}/lists/{unitId}', { params: { path: { id: cycle.id, unitId } } })),
    retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
  });
  const reload = async () => {
    setProblem(null);
    await queryClient.invalidateQueries({ queryKey: ['cycle', cycle.id] });
  };
  const transition = useMutation({
    mutationFn: ({ action, comment }: { action: Action; comment?: string }) => {
      const path = { id: cycle.id, unitId };
      const body = { expectedRevision: list.data!.revision, ...(comment ? { comment } : {}) };
      if (action === 'submit') return call(api.POST('/cycles/{id}/lists/{unitId}/submit', { params: { path }, body }));
      if (action === 'approve') return call(api.POST('/cycles/{id}/lists/{unitId}/approve', { params: { path }, body }));
      return call(api.POST('/cycles/{id}/lists/{unitId}/return', { params: { path }, body: { ...body, comment: comment ?? '' } }));
    },
    onSuccess: async (_, { action }) => {
      setProblem(null);
      setReturning(false);
      form.resetFields();
      void message.success(t({ submit: 'lists.submittedOk', approve: 'lists.approvedOk', return: 'lists.returnedOk' }[action]));
      await queryClient.invalidateQueries({ queryKey: ['cycle', cycle.id] });
    },
    onError: (err) => {
      setReturning(false);
      setProblem(err);
    },
  });

  const title = <h2 className="card-heading">{t('lists.title')}</h2>;
  if (list.isPending) return <Card title={title} loading />;
  if (list.isError) {
    const notYet = list.error instanceof ApiError && list.error.status === 404;
    return (
      <Card title={title}>
        <Alert type={notYet ? 'info' : 'error'} showIcon title={notYet ? t('lists.notReady') : list.error.message} />
      </Card>
    );
  }
  const l = list.data;
  const dueAt = l.dueAt;
  const overdue = new Date(dueAt).getTime() <= Date.now();
  const reviewer = user?.role === 'REVIEWER';
  const coordinator = user?.role === 'COORDINATOR';
  const editable = l.status === 'DRAFT' || l.status === 'RETURNED';
  const escalated = l.escalatedAt !== null || l.live?.escalated === true;

  return (
    <Card title={title} extra={<ListStatusTag status={l.status} escalated={escalated} />}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('cycles.deadline.listsDueAt')}>
            <span>
              {dateTime(dueAt)}{' '}
              {l.status !== 'APPROVED' && (
                <Typography.Text strong type={overdue ? 'danger' : undefined}>
                  ({overdue ? t('lists.overdue') : t('lists.countdown', { left: countdown(dueAt) })})
                </Typography.Text>
              )}
            </span>
          </Descriptions.Item>
          {l.submittedAt && <Descriptions.Item label={t('lists.status.SUBMITTED')}>{dateTime(l.submittedAt)}</Descriptions.Item>}
          {l.approvedAt && <Descriptions.Item label={t('lists.status.APPROVED')}>{dateTime(l.approvedAt)}</Descriptions.Item>}
          <Descriptions.Item label={t('lists.reminders')}>
            <Reminders dueAt={dueAt} sent={l.reminders} planned={l.status === 'APPROVED' ? [] : l.reminderDaysBefore} />
          </Descriptions.Item>
        </Descriptions>
        {escalated && <Alert type="error" showIcon title={t('lists.escalated')} />}
        {l.status === 'RETURNED' && l.returnComment && (
          <Alert type="warning" showIcon title={t('lists.returned')} description={<span style={{ whiteSpace: 'pre-wrap' }}>{l.returnComment}</span>} />
        )}
        {editable && (pending > 0 ? <Alert type="warning" showIcon title={t('lists.pending', { count: pending })} /> : <Alert type="success" showIcon title={t('lists.ready')} />)}
        {l.status === 'SUBMITTED' && l.submittedAt && <Typography.Text>{t('lists.submitted', { time: dateTime(l.submittedAt) })}</Typography.Text>}
        {problem && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={problem instanceof ApiError && problem.code === 'LIST_STALE' ? t('lists.stale') : problem.message}
            action={
              <Button size="small" onClick={() => void reload()}>
                {t('lists.reload')}
              </Button>
            }
          />
        )}
        <Space wrap>
          {reviewer && editable && (
            <Popconfirm title={t('lists.submitConfirm')} onConfirm={() => transition.mutate({ action: 'submit' })} okText={t('lists.submit')} cancelText={t('app.cancel')}>
              <Button type="primary" icon={<SendOutlined />} loading={transition.isPending} disabled={pending > 0}>
                {t('lists.submit')}
              </Button>
            </Popconfirm>
          )}
          {coordinator && l.status === 'SUBMITTED' && (
            <>
              <Popconfirm title={t('lists.approveConfirm')} onConfirm={() => transition.mutate({ action: 'approve' })} okText={t('lists.approve')} cancelText={t('app.cancel')}>
                <Button type="primary" icon={<CheckOutlined />} loading={transition.isPending}>
                  {t('lists.approve')}
                </Button>
              </Popconfirm>
              <Button icon={<RollbackOutlined />} onClick={() => setReturning(true)}>
                {t('lists.return')}
              </Button>
            </>
          )}
          {l.status === 'APPROVED' && (
            <a href={`/api/cycles/${cycle.id}/lists/${unitId}/export`} download>
              <Button icon={<DownloadOutlined />}>{t('lists.export')}</Button>
            </a>
          )}
        </Space>
      </Space>
      <Modal
        open={returning}
        title={t('lists.returnTitle')}
        okText={t('lists.return')}
        cancelText={t('app.cancel')}
        confirmLoading={transition.isPending}
        onCancel={() => setReturning(false)}
        onOk={() => void form.validateFields().then((v) => transition.mutate({ action: 'return', comment: v.comment }))}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="comment" label={t('lists.comment')} rules={[{ required: true, min: 5, whitespace: true, message: t('lists.commentRequired') }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** The reminders sent to the department's reviewers, then the next ones the plan still has ahead. */
function Reminders({ dueAt, sent, planned }: { dueAt: string; sent: { daysBefore: number; sentAt: string }[]; planned: number[] }) {
  const { t } = useTranslation();
  const due = new Date(dueAt).getTime();
  const ahead = [...new Set(planned)]
    .filter((days) => !sent.some((r) => r.daysBefore === days))
    .map((days) => ({ days, at: new Date(due - days * 86_400_000).toISOString() }))
    .filter((r) => new Date(r.at).getTime() > Date.now())
    .sort((a, b) => a.at.localeCompare(b.at));
  if (!sent.length && !ahead.length) return <Typography.Text type="secondary">{t('lists.noReminders')}</Typography.Text>;
  return (
    <ul className="list-reminders">
      {sent.map((r) => (
        <li key={`sent-${r.daysBefore}`}>
          <BellOutlined aria-hidden /> {t('lists.reminderSent', { time: dateTime(r.sentAt), count: r.daysBefore })}
        </li>
      ))}
      {ahead.map((r) => (
        <li key={`next-${r.days}`}>
          <Typography.Text type="secondary">{t('lists.reminderNext', { time: dateTime(r.at), count: r.days })}</Typography.Text>
        </li>
      ))}
    </ul>
  );
}
