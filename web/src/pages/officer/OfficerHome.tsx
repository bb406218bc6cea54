// The officer's home: where I work now, the running cycle and my registration in it (what verification said,
// what my unit decided), registering with my current position preselected, and my exam: session, room, seat.
import { useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Col, Descriptions, Empty, Row, Select, Space, Tag, Typography } from 'antd';
import { CalendarOutlined, EditOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call, type ResponseOf } from '../../api/client';
import { dateOnly, dateTime, sameVietnamDay } from '../../time';
import { Loading } from '../Loading';
import { LoadError, useLocalized } from '../common';

type Overview = ResponseOf<'/me/overview', 'get'>;
type Cycle = Overview['cycles'][number];
type Exam = ResponseOf<'/me/exams', 'get'>['items'][number];

const OUTCOME_COLOR = { CLEAR: 'green', FLAGGED: 'orange', BLOCKED: 'red' } as const;

export default function OfficerHome() {
  const { t } = useTranslation();
  const overview = useQuery({ queryKey: ['me', 'overview'], queryFn: () => call(api.GET('/me/overview')) });
  const exams = useQuery({ queryKey: ['me', 'exams'], queryFn: () => call(api.GET('/me/exams')) });
  const name = useLocalized();
  if (overview.isPending || exams.isPending) return <Loading />;
  if (overview.isError) return <LoadError error={overview.error} onRetry={() => void overview.refetch()} />;
  const { officer, cycles, positions } = overview.data;
  return (
    <Space orientation="vertical" size={20} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={1} style={{ fontSize: 26, marginBottom: 4 }}>
          {t('officer.greeting', { name: officer.fullName })}
        </Typography.Title>
        <Typography.Text type="secondary">
          {t('officer.employeeCode')}: {officer.employeeCode}
        </Typography.Text>
      </div>
      <ExamToday exams={exams.data?.items ?? []} />
      <Row gutter={[20, 20]}>
        <Col xs={24} lg={9}>
          <Card title={<h2 className="card-heading">{t('officer.currentAssignment')}</h2>}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('officer.position')}>{name(officer.position)}</Descriptions.Item>
              <Descriptions.Item label={t('officer.unit')}>{name(officer.unit)}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card title={<h2 className="card-heading">{t('officer.cycles')}</h2>}>
            {cycles.length === 0 ? (
              <Empty description={t('officer.noCycles')} />
            ) : (
              <Space orientation="vertical" size={24} style={{ width: '100%' }}>
                {cycles.map((c) => (
                  <CycleRegistration key={c.id} cycle={c} officer={officer} positions={positions} />
                ))}
              </Space>
            )}
          </Card>
        </Col>
      </Row>
      <Card title={<h2 className="card-heading">{t('officer.exams')}</h2>}>
        <ExamList exams={exams.data?.items ?? []} />
      </Card>
    </Space>
  );
}

function ExamToday({ exams }: { exams: Exam[] }) {
  const { t } = useTranslation();
  const today = exams.find((e) => e.session && sameVietnamDay(e.session.startsAt, Date.now()) && e.attempt?.status !== 'SUBMITTED' && e.attempt?.status !== 'AUTO_SUBMITTED');
  if (!today?.session) return null;
  return (
    <Alert
      type="info"
      showIcon
      icon={<CalendarOutlined />}
      title={<strong>{t('officer.examToday')}</strong>}
      description={
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <span>
            {t('officer.session', { code: today.session.code })} · {dateTime(today.session.startsAt)}
            {today.session.room ? ` · ${today.session.room}` : ''} · {t('officer.seatNumber', { n: today.session.seatNumber })}
          </span>
          <Link to={`/exam/${today.registrationId}`}>
            <Button type="primary" size="large">
              {today.attempt ? t('officer.resumeExam') : t('officer.enterExam')}
            </Button>
          </Link>
        </Space>
      }
    />
  );
}

function ExamList({ exams }: { exams: Exam[] }) {
  const { t } = useTranslation();
  const name = useLocalized();
  if (!exams.length) return <Empty description={t('officer.noExams')} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {exams.map((e) => {
        const done = e.attempt && e.attempt.status !== 'IN_PROGRESS';
        const admissionEnds = e.session ? new Date(new Date(e.session.startsAt).getTime() + e.session.lateStartMinutes * 60_000) : null;
        const canEnter = e.session && !done && (e.attempt || (admissionEnds && admissionEnds.getTime() > Date.now() && new Date(e.session.startsAt).getTime() <= Date.now() + 15 * 60_000));
        return (
          <Card key={e.registrationId} size="small" type="inner" title={name(e.cycle)}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label={t('officer.position')}>{name(e.position)}</Descriptions.Item>
              {e.session ? (
                <>
                  <Descriptions.Item label={t('officer.session', { code: e.session.code })}>{dateTime(e.session.startsAt)}</Descriptions.Item>
                  <Descriptions.Item label={t('officer.room')}>{e.session.room ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('officer.seat')}>{e.session.seatNumber}</Descriptions.Item>
                  {admissionEnds && !done && <Descriptions.Item label={t('officer.admission')}>{dateTime(admissionEnds)}</Descriptions.Item>}
                </>
              ) : (
                <Descriptions.Item>{t('officer.notPublished')}</Descriptions.Item>
              )}
            </Descriptions>
            <Space wrap style={{ marginTop: 8 }}>
              {e.attempt && <Tag color={done ? 'green' : 'blue'}>{t(`officer.attempt.${e.attempt.status}`)}</Tag>}
              {canEnter && (
                <Link to={`/exam/${e.registrationId}`}>
                  <Button type="primary">{e.attempt ? t('officer.resumeExam') : t('officer.enterExam')}</Button>
                </Link>
              )}
              {done && (
                <Link to="/results">
                  <Button>{t('officer.seeResults')}</Button>
                </Link>
              )}
            </Space>
          </Card>
        );
      })}
    </Space>
  );
}

function CycleRegistration({ cycle, officer, positions }: { cycle: Cycle; officer: Overview['officer']; positions: Overview['positions'] }) {
  const { t } = useTranslation();
  const name = useLocalized();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const registration = cycle.registration;
  const [editing, setEditing] = useState(false);
  const [chosen, setChosen] = useState<string>(registration?.position.id ?? officer.position.id);
  const register = useMutation({
    mutationFn: () => call(api.POST('/cycles/{id}/registrations', { params: { path: { id: cycle.id } }, body: { positionId: chosen } })),
    onSuccess: async () => {
      message.success(t('officer.registeredOk'));
      setEditing(false);
      await queryClient.invalidateQueries({ queryKey: ['me'] });
    },
  });
  const options = useMemo(
    () => positions.map((p) => ({ value: p.id, label: `${name(p)}${p.id === officer.position.id ? ` (${t('results.current')})` : ''}` })),
    [positions, name, officer.position.id, t],
  );
  const chosenPosition = positions.find((p) => p.id === chosen);
  const showForm = cycle.registrationOpen && cycle.eligible && (!registration || editing);

  return (
    <section aria-label={name(cycle)}>
      <Typography.Title level={3} style={{ fontSize: 18, marginTop: 0 }}>
        {name(cycle)}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {t('officer.registrationWindow', { opens: dateOnly(cycle.registrationOpensAt), closes: dateTime(cycle.registrationClosesAt) })} · {t('officer.examFrom', { date: dateOnly(cycle.examStartsAt) })}
      </Typography.Paragraph>
      {!cycle.eligible && !registration && <Alert type="info" showIcon title={t('officer.notEligible')} />}
      {registration && !editing && (
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('officer.registerFor')}>
            <Space wrap>
              {name(registration.position)}
              <Tag>{t(`officer.status.${registration.status}`)}</Tag>
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('officer.verification')}>
            {registration.verification ? (
              <Space orientation="vertical" size={4}>
                <Tag color={OUTCOME_COLOR[registration.verification.outcome]}>{t(`officer.outcome.${registration.verification.outcome}`)}</Tag>
                {registration.verification.reasons.map((r) => (
                  <Typography.Text key={r.code}>{r.message}</Typography.Text>
                ))}
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('officer.verificationPending')}</Typography.Text>
            )}
          </Descriptions.Item>
          {registration.verification?.outcome === 'FLAGGED' || registration.review.decision !== 'PENDING' ? (
            <Descriptions.Item label={t('officer.review')}>
              <Space orientation="vertical" size={4}>
                <span>{t(`officer.decision.${registration.review.decision}`)}</span>
                {registration.review.justification && <Typography.Text type="secondary">“{registration.review.justification}”</Typography.Text>}
              </Space>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      )}
      {registration && !editing && cycle.registrationOpen && (
        <Button icon={<EditOutlined />} style={{ marginTop: 12 }} onClick={() => setEditing(true)}>
          {t('officer.changeRegistration')}
        </Button>
      )}
      {!cycle.registrationOpen && !registration && cycle.eligible && <Alert type="warning" showIcon title={t('officer.registrationClosed')} />}
      {showForm && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Text>{t('officer.registerHint')}</Typography.Text>
          <label htmlFor={`position-${cycle.id}`}>
            <Typography.Text strong>{t('officer.registerFor')}</Typography.Text>
          </label>
          <Select id={`position-${cycle.id}`} showSearch={{ optionFilterProp: 'label' }} value={chosen} onChange={setChosen} options={options} style={{ width: '100%' }} size="large" />
          {chosen !== officer.position.id && chosenPosition && (
            <Alert type="warning" showIcon role="alert" title={t('officer.otherPositionWarningTitle')} description={t('officer.otherPositionWarning', { held: name(officer.position), chosen: name(chosenPosition) })} />
          )}
          {register.isError && <Alert type="error" showIcon role="alert" title={register.error.message} />}
          <Space>
            <Button type="primary" size="large" onClick={() => register.mutate()} loading={register.isPending}>
              {t('officer.register')}
            </Button>
            {editing && <Button onClick={() => setEditing(false)}>{t('app.cancel')}</Button>}
          </Space>
        </Space>
      )}
    </section>
  );
}
