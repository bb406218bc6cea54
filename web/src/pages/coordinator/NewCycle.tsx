// A new cycle: scope, timeline and policies, with the timeline's rules checked as the person types (the same
// rules the API applies: dates in order, lists approved at least 30 days before the exam). Saved as a draft,
// then launched from the cycle's page (where a bank shortfall is shown as a table).
import { Alert, App as AntApp, Breadcrumb, Button, Card, Checkbox, Col, ConfigProvider, DatePicker, Form, Input, Radio, Row, Select, Space, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client';
import { dayjs, VIETNAM_TZ } from '../../time';
import { useLocalized } from '../common';
import { TIMELINE_FIELDS } from '../staff/console';

type Field = (typeof TIMELINE_FIELDS)[number];
const DAY = 86_400_000;
const MIN_DAYS_LISTS_BEFORE_EXAM = 30;

interface Values {
  code: string;
  nameVi: string;
  nameEn: string;
  scopeUnitIds: string[];
  scopeFieldIds: string[];
  includeNonLeadership: boolean;
  includeTeamLeaders: boolean;
  timeline: Partial<Record<Field, Dayjs | null>>;
  missingListPolicy: 'EXCLUDE_CANDIDATES' | 'WAIT';
  reminderDaysBefore: number[];
}

/** The timeline's problems, field by field (mirrors domain/cycle-timeline.ts on the server). */
function timelineProblems(timeline: Values['timeline'], t: (k: string, o?: Record<string, unknown>) => string) {
  const problems: Partial<Record<Field, string>> = {};
  let outOfOrder = false;
  TIMELINE_FIELDS.forEach((f, i) => {
    const prev = TIMELINE_FIELDS[i - 1];
    const at = timeline[f];
    const before = prev ? timeline[prev] : null;
    if (at && before && !at.isAfter(before)) {
      problems[f] = t('newCycle.mustFollow', { previous: t(`cycles.deadline.${prev}`) });
      outOfOrder = true;
    }
  });
  const lists = timeline.listsDueAt;
  const exam = timeline.examStartsAt;
  const gap = lists && exam ? Math.floor((exam.valueOf() - lists.valueOf()) / DAY) : null;
  if (gap !== null && gap < MIN_DAYS_LISTS_BEFORE_EXAM && !problems.listsDueAt) problems.listsDueAt = t('newCycle.listsTooLate', { days: gap });
  return { problems, gap, outOfOrder };
}

/** A picked date and time is Vietnam's wall clock, whatever the browser's own zone. */
const vietnamIso = (d: Dayjs) => dayjs.tz(d.format('YYYY-MM-DDTHH:mm'), VIETNAM_TZ).toISOString();

function Rule({ ok, text }: { ok: boolean | null; text: string }) {
  return (
    <li style={{ display: 'flex', gap: 8, padding: '6px 0', alignItems: 'baseline' }}>
      {ok === false ? <CloseCircleFilled style={{ color: '#cf1322' }} aria-hidden /> : <CheckCircleFilled style={{ color: ok ? '#389e0d' : '#bfbfbf' }} aria-hidden />}
      <span style={ok === false ? { color: '#a8071a' } : undefined}>{text}</span>
    </li>
  );
}

export default function NewCycle() {
  const { t } = useTranslation();
  const name = useLocalized();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const timeline = Form.useWatch('timeline', form) ?? {};
  const units = useQuery({ queryKey: ['units', 'departments'], queryFn: () => call(api.GET('/units', { params: { query: { kind: 'DEPARTMENT', pageSize: 200 } } })) });
  const fields = useQuery({ queryKey: ['fields'], queryFn: () => call(api.GET('/fields')) });
  const { problems, gap, outOfOrder } = timelineProblems(timeline, t);
  const datesGiven = TIMELINE_FIELDS.filter((f) => timeline[f]).length;

  const create = useMutation({
    mutationFn: (v: Values) =>
      call(
        api.POST('/cycles', {
          body: {
            code: v.code.trim(),
            nameVi: v.nameVi,
            nameEn: v.nameEn,
            scopeUnitIds: v.scopeUnitIds ?? [],
            scopeFieldIds: v.scopeFieldIds ?? [],
            includeNonLeadership: v.includeNonLeadership,
            includeTeamLeaders: v.includeTeamLeaders,
            missingListPolicy: v.missingListPolicy,
            reminderDaysBefore: v.reminderDaysBefore,
            timeline: Object.fromEntries(TIMELINE_FIELDS.map((f) => [f, vietnamIso(v.timeline[f]!)])) as Record<Field, string>,
          },
        }),
      ),
    onSuccess: (cycle) => {
      void message.success(t('newCycle.saved', { code: cycle.code }));
      navigate(`/cycles/${cycle.id}`);
    },
    onError: (err) => {
      // The server's own messages go on the fields they concern ("body.timeline.listsDueAt" → timeline.listsDueAt).
      if (err instanceof ApiError && err.details.length) {
        form.setFields(
          err.details
            .map((d) => ({ name: d.path.replace(/^body\./, '').split('.'), errors: [d.message] }))
            .filter((f) => f.name[0] && f.name[0] !== 'body') as never,
        );
      }
    },
  });

  return (
    <Space orientation="vertical" size={20} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/">{t('cycles.title')}</Link> }, { title: t('newCycle.title') }]} />
      <div>
        <Typography.Title level={1} style={{ fontSize: 26, marginBottom: 4 }}>
          {t('newCycle.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('newCycle.intro')}</Typography.Text>
      </div>
      {/* Ant Design's error red (#ff4d4f) is below WCAG AA as text on white. */}
      <ConfigProvider theme={{ token: { colorError: '#cf1322' } }}>
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ includeNonLeadership: true, includeTeamLeaders: false, missingListPolicy: 'EXCLUDE_CANDIDATES', reminderDaysBefore: [7, 2], scopeUnitIds: [], scopeFieldIds: [], timeline: {} }}
        onFinish={(v) => create.mutate(v)}
      >
        <Row gutter={[20, 0]}>
          <Col xs={24} lg={15}>
            <Card title={<h2 className="card-heading">{t('newCycle.scope')}</h2>} style={{ marginBottom: 20 }}>
              <Form.Item name="code" label={t('newCycle.code')} extra={t('newCycle.codeHelp')} normalize={(v: string) => v.toUpperCase()} rules={[{ required: true, pattern: /^[A-Z0-9][A-Z0-9-]{2,39}$/, message: t('newCycle.codeInvalid') }]}>
                <Input autoComplete="off" />
              </Form.Item>
              <Form.Item name="nameVi" label={t('newCycle.nameVi')} rules={[{ required: true, min: 3, whitespace: true, message: t('newCycle.nameRequired') }]}>
                <Input />
              </Form.Item>
              <Form.Item name="nameEn" label={t('newCycle.nameEn')} rules={[{ required: true, min: 3, whitespace: true, message: t('newCycle.nameRequired') }]}>
                <Input />
              </Form.Item>
              <Form.Item name="scopeUnitIds" label={t('newCycle.units')} extra={t('newCycle.unitsHelp')}>
                <Select mode="multiple" allowClear loading={units.isPending} optionFilterProp="label" options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: name(u) }))} />
              </Form.Item>
              <Form.Item name="scopeFieldIds" label={t('newCycle.fields')} extra={t('newCycle.fieldsHelp')}>
                <Select mode="multiple" allowClear loading={fields.isPending} optionFilterProp="label" options={(fields.data?.items ?? []).map((f) => ({ value: f.id, label: name(f) }))} />
              </Form.Item>
              <Form.Item
                name="includeNonLeadership"
                valuePropName="checked"
                style={{ marginBottom: 4 }}
                dependencies={['includeTeamLeaders']}
                rules={[{ validator: (_, v) => (v || form.getFieldValue('includeTeamLeaders') ? Promise.resolve() : Promise.reject(new Error(t('newCycle.groupRequired')))) }]}
              >
                <Checkbox>{t('newCycle.nonLeaders')}</Checkbox>
              </Form.Item>
              <Form.Item name="includeTeamLeaders" valuePropName="checked">
                <Checkbox>{t('newCycle.teamLeaders')}</Checkbox>
              </Form.Item>
            </Card>
            <Card title={<h2 className="card-heading">{t('newCycle.timeline')}</h2>} style={{ marginBottom: 20 }}>
              <Row gutter={16}>
                {TIMELINE_FIELDS.map((f) => (
                  <Col xs={24} md={12} key={f}>
                    <Form.Item
                      name={['timeline', f]}
                      label={t(`cycles.deadline.${f}`)}
                      validateStatus={problems[f] ? 'error' : undefined}
                      help={problems[f]}
                      rules={[{ required: true, message: t('newCycle.required') }, { validator: () => (problems[f] ? Promise.reject(new Error(problems[f])) : Promise.resolve()) }]}
                    >
                      <DatePicker showTime={{ format: 'HH:mm' }} format="HH:mm DD/MM/YYYY" style={{ width: '100%' }} aria-label={t(`cycles.deadline.${f}`)} />
                    </Form.Item>
                  </Col>
                ))}
              </Row>
            </Card>
            <Card title={<h2 className="card-heading">{t('newCycle.policies')}</h2>}>
              <Form.Item name="missingListPolicy" label={t('newCycle.missingPolicy')}>
                <Radio.Group options={(['EXCLUDE_CANDIDATES', 'WAIT'] as const).map((p) => ({ value: p, label: t(`newCycle.${p}`) }))} />
              </Form.Item>
              <Form.Item name="reminderDaysBefore" label={t('newCycle.reminders')}>
                <Select mode="multiple" options={[14, 7, 3, 2, 1].map((d) => ({ value: d, label: String(d) }))} />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} lg={9}>
            <Card title={<h2 className="card-heading">{t('newCycle.rules')}</h2>} style={{ position: 'sticky', top: 16 }}>
              <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-live="polite">
                <Rule ok={outOfOrder ? false : datesGiven >= 2 ? true : null} text={t('newCycle.ruleOrder')} />
                <Rule ok={gap === null ? null : gap >= MIN_DAYS_LISTS_BEFORE_EXAM} text={`${t('newCycle.ruleLists')}${gap === null ? '' : ` (${t('newCycle.listsGap', { days: gap })})`}`} />
                <Rule ok={timeline.closesAt ? timeline.closesAt.valueOf() > Date.now() : null} text={t('newCycle.ruleFuture')} />
              </ul>
              {create.isError && <Alert style={{ marginTop: 12 }} type="error" showIcon role="alert" title={create.error.message} />}
              <Button style={{ marginTop: 16 }} type="primary" htmlType="submit" block loading={create.isPending}>
                {t('newCycle.save')}
              </Button>
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 13 }}>
                {VIETNAM_TZ} · {dayjs().tz(VIETNAM_TZ).format('HH:mm DD/MM/YYYY')}
              </Typography.Paragraph>
            </Card>
          </Col>
        </Row>
      </Form>
      </ConfigProvider>
    </Space>
  );
}
