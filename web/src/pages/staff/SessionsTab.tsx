// A department's exam sessions: plan one at the test centre (start in Vietnam time, inside the cycle's exam
// window), seat the approved candidates (whoever is left without a seat stays listed, with why), read a
// session's seats and move a candidate to another session, publish a session (with a confirmation) and print
// its attendance sheet. The open session and the candidate being moved are in the URL.
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Col, DatePicker, Empty, Form, Grid, Input, InputNumber, Modal, Popconfirm, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { CloseOutlined, FilePdfOutlined, NotificationOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call, type ResponseOf } from '../../api/client';
import { dateTime, dayjs, VIETNAM_TZ } from '../../time';
import { LoadError, useLocalized } from '../common';
import { KeyboardScroll, type CycleView } from './console';
import './sessions.css';

type Session = ResponseOf<'/cycles/{id}/sessions', 'get'>['items'][number];
type Seat = ResponseOf<'/cycles/{id}/sessions/{sessionId}/seats', 'get'>['items'][number];
type SessionStatus = Session['status'];
type SetState = (patch: Partial<Record<string, string | number | undefined>>) => void;

const STATUS_COLOR: Record<SessionStatus, string> = { PLANNED: 'default', PUBLISHED: 'green', IN_PROGRESS: 'blue', DONE: 'purple' };
const OPEN: SessionStatus[] = ['PLANNED', 'PUBLISHED'];
const CODE = /^[A-Z0-9][A-Z0-9-]{1,39}$/;

/** A picked date and time is Vietnam's wall clock, whatever the browser's own zone. */
const vietnamIso = (d: Dayjs) => dayjs.tz(d.format('YYYY-MM-DDTHH:mm'), VIETNAM_TZ).toISOString();
const vietnamDay = (t: string | Dayjs) => (typeof t === 'string' ? dayjs(t).tz(VIETNAM_TZ) : t).format('YYYY-MM-DD');

/** Query keys of this tab, under the cycle's (so what invalidates a cycle refreshes these too). */
const keys = {
  all: (cycleId: string) => ['cycle', cycleId, 'exam-sessions'] as const,
  list: (cycleId: string, unitId: string) => ['cycle', cycleId, 'exam-sessions', 'list', unitId] as const,
  seating: (cycleId: string, unitId: string) => ['cycle', cycleId, 'exam-sessions', 'seating', unitId] as const,
  seats: (cycleId: string, sessionId: string) => ['cycle', cycleId, 'exam-sessions', 'seats', sessionId] as const,
};

function useSessions(cycleId: string, unitId: string) {
  return useQuery({
    queryKey: keys.list(cycleId, unitId),
    queryFn: () => call(api.GET('/cycles/{id}/sessions', { params: { path: { id: cycleId }, query: { unitId } } })),
  });
}

export function SessionsTab({ cycle, unitId, state, setState }: { cycle: CycleView; unitId: string; state: { session?: string; move?: string }; setState: SetState }) {
  const { t } = useTranslation();
  const sessions = useSessions(cycle.id, unitId);
  const open = sessions.data?.items.find((s) => s.id === state.session);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('sessions.intro')}
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <PlanCard cycle={cycle} unitId={unitId} />
        </Col>
        <Col xs={24} xl={14}>
          <SeatingCard cycleId={cycle.id} unitId={unitId} />
        </Col>
      </Row>
      <Card title={<h2 className="card-heading">{t('sessions.list.title')}</h2>}>
        {sessions.isError ? <LoadError error={sessions.error} onRetry={() => void sessions.refetch()} /> : <SessionsTable cycleId={cycle.id} sessions={sessions.data?.items} loading={sessions.isFetching} openId={state.session} setState={setState} />}
      </Card>
      {open && <SeatsCard cycleId={cycle.id} session={open} sessions={sessions.data?.items ?? []} moving={state.move} setState={setState} />}
    </Space>
  );
}

interface PlanValues {
  code: string;
  startsAt: Dayjs | null;
  capacity: number | null;
  room?: string;
  lateStartMinutes: number | null;
}

function PlanCard({ cycle, unitId }: { cycle: CycleView; unitId: string }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<PlanValues>();
  const from = cycle.timeline.examStartsAt;
  const to = cycle.timeline.closesAt;
  const examWindow = { from: dateTime(from), to: dateTime(to) };
  const plan = useMutation({
    mutationFn: (v: PlanValues) =>
      call(
        api.POST('/cycles/{id}/sessions', {
          params: { path: { id: cycle.id } },
          body: { unitId, code: v.code, startsAt: vietnamIso(v.startsAt!), capacity: v.capacity!, ...(v.room?.trim() ? { room: v.room.trim() } : {}), lateStartMinutes: v.lateStartMinutes ?? 30 },
        }),
      ),
    onSuccess: async (session) => {
      void message.success(t('sessions.plan.done', { code: session.code }));
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: keys.all(cycle.id) });
    },
    onError: (err) => {
      // The server's own messages go on the fields they concern ("body.capacity" → capacity).
      if (err instanceof ApiError && err.details.length) {
        form.setFields(err.details.filter((d) => d.path.startsWith('body.')).map((d) => ({ name: d.path.slice(5).split('.')[0] as keyof PlanValues, errors: [d.message] })));
      }
    },
  });
  const inWindow = (d: Dayjs) => {
    const at = dayjs.tz(d.format('YYYY-MM-DDTHH:mm'), VIETNAM_TZ).valueOf();
    return at >= new Date(from).getTime() && at < new Date(to).getTime();
  };

  return (
    <Card title={<h2 className="card-heading">{t('sessions.plan.title')}</h2>} style={{ height: '100%' }}>
      <Typography.Paragraph type="secondary">{t('sessions.plan.window', examWindow)}</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false} initialValues={{ lateStartMinutes: 30 }} onFinish={(v) => plan.mutate(v)}>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="code"
              label={t('sessions.plan.code')}
              extra={t('sessions.plan.codeHelp')}
              normalize={(v: string) => v?.toUpperCase().replace(/\s+/g, '')}
              rules={[{ required: true, message: t('sessions.plan.required') }, { pattern: CODE, message: t('sessions.plan.codeInvalid') }]}
            >
              <Input maxLength={40} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="startsAt"
              label={t('sessions.plan.startsAt')}
              rules={[{ required: true, message: t('sessions.plan.required') }, { validator: (_, v: Dayjs | null) => (!v || inWindow(v) ? Promise.resolve() : Promise.reject(new Error(t('sessions.plan.outsideWindow', examWindow)))) }]}
            >
              <DatePicker
                showTime={{ format: 'HH:mm', minuteStep: 5 }}
                format="HH:mm DD/MM/YYYY"
                showNow={false}
                placeholder={t('sessions.plan.startsAtPlaceholder')}
                disabledDate={(d) => vietnamDay(d) < vietnamDay(from) || vietnamDay(d) > vietnamDay(to)}
                style={{ width: '100%' }}
                aria-label={t('sessions.plan.startsAt')}
              />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="capacity" label={t('sessions.plan.capacity')} rules={[{ required: true, message: t('sessions.plan.required') }, { type: 'integer', min: 1, max: 1000, message: t('sessions.plan.capacityInvalid') }]}>
              <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="lateStartMinutes" label={t('sessions.plan.lateStart')} rules={[{ type: 'integer', min: 0, max: 1440, message: t('sessions.plan.lateStartInvalid') }]}>
              <InputNumber min={0} max={1440} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="room" label={t('sessions.plan.room')}>
              <Input maxLength={200} placeholder={t('sessions.plan.roomPlaceholder')} />
            </Form.Item>
          </Col>
        </Row>
        {plan.error && <Alert type="error" showIcon role="alert" title={plan.error.message} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={plan.isPending}>
          {t('sessions.plan.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function SeatingCard({ cycleId, unitId }: { cycleId: string; unitId: string }) {
  const { t } = useTranslation();
  const name = useLocalized();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const seating = useQuery({
    queryKey: keys.seating(cycleId, unitId),
    queryFn: () => call(api.GET('/cycles/{id}/schedule/{unitId}', { params: { path: { id: cycleId, unitId } } })),
  });
  const assign = useMutation({
    mutationFn: () => call(api.POST('/cycles/{id}/schedule/{unitId}', { params: { path: { id: cycleId, unitId } } })),
    onSuccess: async (report) => {
      void message.success(report.unseated.length ? t('sessions.seating.doneUnseated', { assigned: report.assigned, unseated: report.unseated.length }) : t('sessions.seating.done', { count: report.assigned }));
      await queryClient.invalidateQueries({ queryKey: keys.all(cycleId) });
    },
  });
  const title = <h2 className="card-heading">{t('sessions.seating.title')}</h2>;
  if (seating.isPending) return <Card title={title} loading />;
  if (seating.isError)
    return (
      <Card title={title}>
        <LoadError error={seating.error} onRetry={() => void seating.refetch()} />
      </Card>
    );
  const s = seating.data;
  return (
    <Card title={title} style={{ height: '100%' }}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {!s.listApproved ? (
          <Alert type="info" showIcon title={t('sessions.seating.listNotApproved')} />
        ) : (
          <Typography.Text>{t('sessions.seating.summary', { candidates: s.candidates, seated: s.seated, free: s.freeSeats })}</Typography.Text>
        )}
        <Space wrap align="center">
          <Button type="primary" icon={<TeamOutlined />} loading={assign.isPending} disabled={!s.listApproved || s.unseatedCount === 0 || s.freeSeats === 0} onClick={() => assign.mutate()}>
            {t('sessions.seating.assign')}
          </Button>
          <Typography.Text type="secondary">{t('sessions.seating.assignHelp')}</Typography.Text>
        </Space>
        {assign.error && <Alert type="error" showIcon role="alert" title={assign.error.message} />}
        {s.listApproved &&
          (s.unseatedCount === 0 ? (
            <Alert type="success" showIcon title={t('sessions.seating.allSeated')} />
          ) : (
            <>
              <Typography.Title level={3} style={{ fontSize: 15, margin: 0 }}>
                {t('sessions.seating.unseatedTitle', { count: s.unseatedCount })}
              </Typography.Title>
              {s.unseated.length < s.unseatedCount && <Typography.Text type="secondary">{t('sessions.seating.unseatedMore', { shown: s.unseated.length, count: s.unseatedCount })}</Typography.Text>}
              <KeyboardScroll label={t('sessions.seating.unseatedTitle', { count: s.unseatedCount })}>
                <Table
                  size="small"
                  rowKey="registrationId"
                  dataSource={s.unseated}
                  pagination={s.unseated.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
                  scroll={{ x: 'max-content' }}
                  columns={[
                    {
                      title: t('sessions.seats.fullName'),
                      render: (_, r) => (
                        <span>
                          <strong>{r.officer.fullName}</strong>
                          <br />
                          <Typography.Text type="secondary">{r.officer.employeeCode}</Typography.Text>
                        </span>
                      ),
                    },
                    { title: t('sessions.seating.reason'), render: (_, r) => <Tag color={r.reason === 'NOT_SEATED_YET' ? 'blue' : 'orange'} style={{ whiteSpace: 'normal', display: 'inline-block', maxWidth: 170 }}>{t(`sessions.seating.reasons.${r.reason}`)}</Tag> },
                    { title: t('sessions.seats.position'), render: (_, r) => name(r.position), responsive: ['sm'] },
                  ]}
                />
              </KeyboardScroll>
            </>
          ))}
      </Space>
    </Card>
  );
}

function attendanceHref(cycleId: string, sessionId: string) {
  return `/api/cycles/${cycleId}/sessions/${sessionId}/attendance`;
}

function PublishButton({ cycleId, session, size }: { cycleId: string; session: Session; size?: 'small' }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<Error | null>(null);
  const publish = useMutation({
    mutationFn: () => call(api.POST('/cycles/{id}/sessions/{sessionId}/publish', { params: { path: { id: cycleId, sessionId: session.id } } })),
    onSuccess: async (published) => {
      setProblem(null);
      void message.success(t('sessions.publish.done', { code: published.code, generated: published.forms.generated }));
      await queryClient.invalidateQueries({ queryKey: keys.all(cycleId) });
    },
    onError: (err) => {
      setProblem(err);
      void message.error(err.message);
    },
  });
  if (!OPEN.includes(session.status)) return null;
  const again = session.status === 'PUBLISHED';
  return (
    <Popconfirm
      title={t('sessions.publish.confirmTitle', { code: session.code })}
      description={<div style={{ maxWidth: 320 }}>{t('sessions.publish.confirm', { count: session.seated })}</div>}
      okText={again ? t('sessions.publish.again') : t('sessions.publish.action')}
      cancelText={t('app.cancel')}
      onConfirm={() => publish.mutate()}
    >
      <Button size={size} type={again ? 'default' : 'primary'} icon={<NotificationOutlined />} loading={publish.isPending} danger={!!problem} aria-label={again ? t('sessions.publish.againLabel', { code: session.code }) : t('sessions.publish.actionLabel', { code: session.code })}>
        {again ? t('sessions.publish.again') : t('sessions.publish.action')}
      </Button>
    </Popconfirm>
  );
}

function SessionActions({ cycleId, session, open, setState }: { cycleId: string; session: Session; open: boolean; setState: SetState }) {
  const { t } = useTranslation();
  return (
    <Space wrap size={8}>
      <Button size="small" type={open ? 'primary' : 'default'} ghost={open} onClick={() => setState({ session: session.id, move: undefined })} aria-label={t('sessions.list.viewLabel', { code: session.code })}>
        {t('sessions.list.view')}
      </Button>
      <PublishButton cycleId={cycleId} session={session} size="small" />
      <Button size="small" icon={<FilePdfOutlined />} href={attendanceHref(cycleId, session.id)} download aria-label={t('sessions.attendanceLabel', { code: session.code })}>
        PDF
      </Button>
    </Space>
  );
}

function SessionsTable({ cycleId, sessions, loading, openId, setState }: { cycleId: string; sessions: Session[] | undefined; loading: boolean; openId?: string; setState: SetState }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  // A phone gets one block per session: a table that wide would hide its actions off screen.
  if (!screens.md && sessions?.length)
    return (
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {sessions.map((s) => (
          <div key={s.id} className={s.id === openId ? 'session-block session-block-open' : 'session-block'} role="group" aria-label={s.code}>
            <Space wrap style={{ marginBottom: 4 }}>
              <strong>{s.code}</strong>
              <Tag color={STATUS_COLOR[s.status]}>{t(`sessions.list.statusName.${s.status}`)}</Tag>
            </Space>
            <div>
              {dateTime(s.startsAt)} · {t('sessions.list.lateStart', { minutes: s.lateStartMinutes })}
            </div>
            <div>
              {s.room ?? t('sessions.list.noRoom')} · {t('sessions.seats.count', { seated: s.seated, capacity: s.capacity })}
            </div>
            <div style={{ marginTop: 8 }}>
              <SessionActions cycleId={cycleId} session={s} open={s.id === openId} setState={setState} />
            </div>
          </div>
        ))}
      </Space>
    );
  return (
    <KeyboardScroll label={t('sessions.list.title')}>
      <Table
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={sessions ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        rowClassName={(s) => (s.id === openId ? 'session-row-open' : '')}
        locale={{ emptyText: <Empty description={t('sessions.list.none')} /> }}
        columns={[
          { title: t('sessions.list.code'), render: (_, s) => <strong>{s.code}</strong> },
          {
            title: t('sessions.list.startsAt'),
            render: (_, s) => (
              <span>
                {dateTime(s.startsAt)}
                <br />
                <Typography.Text type="secondary">{t('sessions.list.lateStart', { minutes: s.lateStartMinutes })}</Typography.Text>
              </span>
            ),
          },
          { title: t('sessions.list.room'), render: (_, s) => s.room ?? <Typography.Text type="secondary">{t('sessions.list.noRoom')}</Typography.Text> },
          { title: t('sessions.list.seats'), render: (_, s) => `${s.seated}/${s.capacity}` },
          { title: t('sessions.list.status'), render: (_, s) => <Tag color={STATUS_COLOR[s.status]}>{t(`sessions.list.statusName.${s.status}`)}</Tag> },
          { title: '', render: (_, s) => <SessionActions cycleId={cycleId} session={s} open={s.id === openId} setState={setState} /> },
        ]}
      />
    </KeyboardScroll>
  );
}

function SeatsCard({ cycleId, session, sessions, moving, setState }: { cycleId: string; session: Session; sessions: Session[]; moving?: string; setState: SetState }) {
  const { t } = useTranslation();
  const name = useLocalized();
  const seats = useQuery({
    queryKey: keys.seats(cycleId, session.id),
    queryFn: () => call(api.GET('/cycles/{id}/sessions/{sessionId}/seats', { params: { path: { id: cycleId, sessionId: session.id } } })),
  });
  const movingSeat = seats.data?.items.find((s) => s.registrationId === moving);
  return (
    <Card
      role="region"
      aria-label={t('sessions.seats.title', { code: session.code })}
      title={<h2 className="card-heading">{t('sessions.seats.title', { code: session.code })}</h2>}
      extra={
        <Button type="text" icon={<CloseOutlined />} onClick={() => setState({ session: undefined, move: undefined })} aria-label={t('sessions.seats.close')}>
          {t('sessions.seats.close')}
        </Button>
      }
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Space wrap>
          <Tag color={STATUS_COLOR[session.status]}>{t(`sessions.list.statusName.${session.status}`)}</Tag>
          <Typography.Text>
            {dateTime(session.startsAt)} · {session.room ?? t('sessions.list.noRoom')} · {t('sessions.seats.count', { seated: session.seated, capacity: session.capacity })}
          </Typography.Text>
        </Space>
        <Space wrap>
          <PublishButton cycleId={cycleId} session={session} />
          <Button icon={<FilePdfOutlined />} href={attendanceHref(cycleId, session.id)} download>
            {t('sessions.attendance')}
          </Button>
        </Space>
        {seats.isError && <LoadError error={seats.error} onRetry={() => void seats.refetch()} />}
        <KeyboardScroll label={t('sessions.seats.tableLabel', { code: session.code })}>
          <Table
            size="small"
            rowKey="registrationId"
            loading={seats.isFetching}
            dataSource={seats.data?.items ?? []}
            pagination={(seats.data?.items.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('sessions.seats.none')} /> }}
            columns={[
              { title: t('sessions.seats.seat'), dataIndex: 'seatNumber', width: 56 },
              {
                title: t('sessions.seats.fullName'),
                render: (_, s) => (
                  <span>
                    <strong>{s.officer.fullName}</strong>
                    <br />
                    <Typography.Text type="secondary">{s.officer.employeeCode}</Typography.Text>
                  </span>
                ),
              },
              { title: t('sessions.seats.position'), render: (_, s) => name(s.position), responsive: ['md'] },
              { title: t('sessions.seats.unit'), render: (_, s) => name(s.unit), responsive: ['xl'] },
              {
                title: t('sessions.seats.form'),
                render: (_, s) => (s.started ? <Tag color="blue">{t('sessions.seats.started')}</Tag> : <Tag color={s.formDrawn ? 'green' : 'default'}>{s.formDrawn ? t('sessions.seats.formDrawn') : t('sessions.seats.formMissing')}</Tag>),
              },
              {
                title: '',
                render: (_, s) =>
                  OPEN.includes(session.status) && !s.started ? (
                    <Button size="small" onClick={() => setState({ move: s.registrationId })} aria-label={t('sessions.seats.moveLabel', { name: s.officer.fullName })}>
                      {t('sessions.seats.move')}
                    </Button>
                  ) : null,
              },
            ]}
          />
        </KeyboardScroll>
      </Space>
      {movingSeat && <MoveModal cycleId={cycleId} seat={movingSeat} from={session} sessions={sessions} onClose={() => setState({ move: undefined })} />}
    </Card>
  );
}

function MoveModal({ cycleId, seat, from, sessions, onClose }: { cycleId: string; seat: Seat; from: Session; sessions: Session[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<string | undefined>();
  const [touched, setTouched] = useState(false);
  const targets = sessions.filter((s) => s.id !== from.id && OPEN.includes(s.status));
  const chosen = targets.find((s) => s.id === target);
  const move = useMutation({
    mutationFn: (sessionId: string) => call(api.POST('/cycles/{id}/seats/{registrationId}/move', { params: { path: { id: cycleId, registrationId: seat.registrationId } }, body: { sessionId } })),
    onSuccess: async (moved) => {
      const to = sessions.find((s) => s.id === moved.sessionId);
      void message.success(t('sessions.move.done', { name: seat.officer.fullName, code: to?.code ?? '', seat: moved.seatNumber }));
      onClose();
      await queryClient.invalidateQueries({ queryKey: keys.all(cycleId) });
    },
  });
  return (
    <Modal
      open
      title={t('sessions.move.title', { name: seat.officer.fullName })}
      okText={t('sessions.move.submit')}
      cancelText={t('app.cancel')}
      okButtonProps={{ disabled: targets.length === 0 }}
      confirmLoading={move.isPending}
      onCancel={onClose}
      onOk={() => {
        setTouched(true);
        if (target) move.mutate(target);
      }}
      destroyOnHidden
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Text>{t('sessions.move.current', { code: from.code, seat: seat.seatNumber })}</Typography.Text>
        {targets.length === 0 ? (
          <Alert type="info" showIcon title={t('sessions.move.noTarget')} />
        ) : (
          <Form layout="vertical" component="div">
            <Form.Item label={t('sessions.move.target')} htmlFor="move-target" validateStatus={touched && !target ? 'error' : undefined} help={touched && !target ? t('sessions.move.targetRequired') : undefined} style={{ marginBottom: 0 }}>
              <Select
                id="move-target"
                value={target}
                onChange={setTarget}
                style={{ width: '100%' }}
                options={targets.map((s) => {
                  const free = s.capacity - s.seated;
                  return { value: s.id, disabled: free <= 0, label: free > 0 ? t('sessions.move.option', { code: s.code, startsAt: dateTime(s.startsAt), free }) : t('sessions.move.full', { code: s.code, startsAt: dateTime(s.startsAt) }) };
                })}
              />
            </Form.Item>
          </Form>
        )}
        {chosen?.status === 'PUBLISHED' && !seat.formDrawn && <Alert type="warning" showIcon title={t('sessions.move.publishedNote')} />}
        {move.error && <Alert type="error" showIcon role="alert" title={move.error.message} />}
      </Space>
    </Modal>
  );
}
