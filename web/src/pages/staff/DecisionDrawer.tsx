// A registration under review: the position chosen beside the officer's current assignment and its history, the
// reasons verification gave (naming both positions), and the reviewer's decision with a written justification.
// Headquarters reads the same, without the form.
import { useEffect } from 'react';
import { Alert, App as AntApp, Button, Card, Col, Descriptions, Drawer, Form, Grid, Input, Radio, Row, Space, Tag, Timeline, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client';
import { useSession } from '../../session';
import { dateOnly, dateTime } from '../../time';
import { LoadError, useLocalized } from '../common';
import { DECISION_COLOR, OUTCOME_COLOR } from './RegistrationsTab';

type Choice = 'ACCEPT' | 'REJECT' | 'CORRECT';
const CHOICE_OF = { ACCEPTED: 'ACCEPT', REJECTED: 'REJECT', CORRECTED: 'CORRECT', PENDING: undefined } as const;

export function DecisionDrawer({ cycleId, unitId, registrationId, onClose }: { cycleId: string; unitId: string; registrationId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const name = useLocalized();
  const { user } = useSession();
  const screens = Grid.useBreakpoint();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ decision: Choice; justification: string }>();
  const registration = useQuery({
    queryKey: ['cycle', cycleId, 'registration', registrationId],
    queryFn: () => call(api.GET('/cycles/{id}/registrations/{registrationId}', { params: { path: { id: cycleId, registrationId } } })),
  });
  const officerId = registration.data?.officer.id;
  const profile = useQuery({
    queryKey: ['officer', officerId, 'profile'],
    queryFn: () => call(api.GET('/officers/{id}/profile', { params: { path: { id: officerId! } } })),
    enabled: !!officerId,
  });
  const list = useQuery({
    queryKey: ['cycle', cycleId, 'list', unitId],
    queryFn: () => call(api.GET('/cycles/{id}/lists/{unitId}', { params: { path: { id: cycleId, unitId } } })),
    retry: false,
  });
  const r = registration.data;
  useEffect(() => {
    if (r) form.setFieldsValue({ decision: CHOICE_OF[r.review.decision], justification: r.review.justification ?? '' });
  }, [r, form]);
  const decide = useMutation({
    mutationFn: (v: { decision: Choice; justification: string }) => call(api.POST('/cycles/{id}/registrations/{registrationId}/decision', { params: { path: { id: cycleId, registrationId } }, body: v })),
    onSuccess: async () => {
      void message.success(t('decision.saved'));
      await queryClient.invalidateQueries({ queryKey: ['cycle', cycleId] });
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.details.some((d) => d.path.endsWith('justification'))) {
        form.setFields([{ name: 'justification', errors: err.details.filter((d) => d.path.endsWith('justification')).map((d) => d.message) }]);
      }
    },
  });

  const flagged = r?.verification && r.verification.outcome !== 'CLEAR';
  const editable = user?.role === 'REVIEWER' && !!flagged && (list.data?.status === 'DRAFT' || list.data?.status === 'RETURNED') && r?.status === 'ACTIVE';
  const assignments = profile.data?.assignments ?? [];

  return (
    <Drawer open onClose={onClose} size={screens.md ? 820 : '100%'} title={r ? t('decision.title', { name: r.officer.fullName }) : t('app.loading')} closable={{ 'aria-label': t('decision.close') }}>
      {registration.isError && <LoadError error={registration.error} onRetry={() => void registration.refetch()} />}
      {r && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Row gutter={[16, 16]}>
            <Col xs={24} md={12}>
              <Card size="small" title={<h3 className="card-heading">{t('decision.chosen')}</h3>} style={{ height: '100%', borderColor: flagged ? '#fa8c16' : undefined }}>
                <Typography.Text strong style={{ fontSize: 16 }}>{name(r.position)}</Typography.Text>
                {r.review.correctedFromPositionId && (
                  <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                    {t('registrations.decision.CORRECTED')}
                  </Typography.Paragraph>
                )}
              </Card>
            </Col>
            <Col xs={24} md={12}>
              <Card size="small" title={<h3 className="card-heading">{t('decision.held')}</h3>} style={{ height: '100%' }}>
                <Typography.Text strong style={{ fontSize: 16 }}>{name(r.heldPosition)}</Typography.Text>
                <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{name(r.unit)}</Typography.Paragraph>
                <Typography.Text strong>{t('decision.history')}</Typography.Text>
                <Timeline
                  style={{ marginTop: 12 }}
                  items={assignments.map((a) => ({
                    color: a.current ? 'blue' : 'gray',
                    content: (
                      <span>
                        {name(a.position)} {a.current && <Tag color="blue">{t('decision.current')}</Tag>}
                        <br />
                        <Typography.Text type="secondary">
                          {a.endDate ? t('decision.range', { from: dateOnly(a.startDate), to: dateOnly(a.endDate) }) : t('decision.since', { date: dateOnly(a.startDate) })} · {name(a.unit)}
                        </Typography.Text>
                      </span>
                    ),
                  }))}
                />
              </Card>
            </Col>
          </Row>
          {r.verification && (
            <Card size="small" title={<h3 className="card-heading">{t('decision.reasons')}</h3>} extra={<Tag color={OUTCOME_COLOR[r.verification.outcome]}>{t(`registrations.outcome.${r.verification.outcome}`)}</Tag>}>
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {r.verification.reasons.map((reason) => (
                  <li key={reason.code}>{reason.message}</li>
                ))}
              </ul>
            </Card>
          )}
          {r.review.decision !== 'PENDING' && (
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('decision.current_decision')}>
                <Tag color={DECISION_COLOR[r.review.decision]}>{t(`registrations.decision.${r.review.decision}`)}</Tag>
                {r.review.reviewedAt && <Typography.Text type="secondary">{t('decision.reviewedAt', { time: dateTime(r.review.reviewedAt) })}</Typography.Text>}
              </Descriptions.Item>
              {r.review.justification && <Descriptions.Item label={t('registrations.justification')}>{r.review.justification}</Descriptions.Item>}
            </Descriptions>
          )}
          {flagged && user?.role === 'REVIEWER' && !editable && list.data && <Alert type="info" showIcon title={t('decision.readOnly')} />}
          {editable && (
            <Form form={form} layout="vertical" onFinish={(v) => decide.mutate(v)} requiredMark={false}>
              <Form.Item name="decision" label={t('decision.choose')} rules={[{ required: true, message: t('decision.decisionRequired') }]}>
                <Radio.Group
                  options={(['ACCEPT', 'REJECT', 'CORRECT'] as const).map((c) => ({
                    value: c,
                    label: c === 'CORRECT' ? `${t('decision.CORRECT')}: ${name(r.heldPosition)}` : t(`decision.${c}`),
                    disabled: c === 'CORRECT' && r.position.id === r.heldPosition.id,
                  }))}
                  style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
                />
              </Form.Item>
              <Form.Item name="justification" label={t('decision.justification')} extra={t('decision.justificationHelp')} rules={[{ required: true, min: 10, whitespace: true, message: t('decision.justificationRequired') }]}>
                <Input.TextArea rows={4} maxLength={2000} />
              </Form.Item>
              {decide.isError && !(decide.error instanceof ApiError && decide.error.details.length) && <Alert type="error" showIcon role="alert" title={decide.error.message} style={{ marginBottom: 12 }} />}
              <Button type="primary" htmlType="submit" loading={decide.isPending}>
                {t('decision.save')}
              </Button>
            </Form>
          )}
        </Space>
      )}
    </Drawer>
  );
}
