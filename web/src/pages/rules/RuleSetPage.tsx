// One rule set: its rules as sentences a person reads; for a draft, the JSON document to edit (the API's
// problems shown with their path and line) and activation with a confirmation; a draft from any version; and for
// level rules, a preview on a past cycle as a transition matrix (now x under this set) with who moves, paged.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App as AntApp, Breadcrumb, Button, Card, Col, Empty, Input, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { CheckCircleOutlined, CopyOutlined, EyeOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, call, type ResponseOf } from '../../api/client';
import { dateTime } from '../../time';
import { Loading } from '../Loading';
import { NotFoundPage } from '../NotFoundPage';
import { LoadError, useLocalized } from '../common';
import { KeyboardScroll, useUrlState } from '../staff/console';
import { ruleSentence, type RuleWords } from './rule-sentence';
import { lineOfPath, lineRange, linesByPath, parseJson } from './json-lines';
import { STATUS_COLOR, useVersionLabel } from './RuleSetsPage';
import './rules.css';

type RuleSet = ResponseOf<'/rule-sets/{id}', 'get'>;
type Preview = ResponseOf<'/rule-sets/{id}/preview', 'post'>;
type LevelKey = keyof Preview['current'];
const LEVEL_KEYS: LevelKey[] = ['LEVEL_3', 'LEVEL_2', 'LEVEL_1', 'NOT_ACHIEVED', 'NONE'];
const PAST_PHASES = new Set(['GRADING', 'LEVELS', 'FOLLOW_UP', 'CLOSED']);
const KEYS = ['cycle'] as const;
const MOVERS_PER_PAGE = 20;

const pretty = (definition: unknown) => JSON.stringify(definition, null, 2);

function RuleList({ definition, kind }: { definition: unknown; kind: string }) {
  const { t } = useTranslation();
  const words = t('ruleWords', { returnObjects: true }) as RuleWords;
  const rules = (definition as { rules?: unknown })?.rules;
  if (!Array.isArray(rules)) return <Typography.Text type="secondary">{t('ruleSets.unreadable')}</Typography.Text>;
  const ordered = rules.map((r, i) => ({ r: r as { name?: unknown; priority?: unknown }, i })).sort((a, b) => (Number(b.r?.priority) || 1) - (Number(a.r?.priority) || 1) || a.i - b.i);
  return (
    <ol className="rule-list">
      {ordered.map(({ r, i }) => {
        const sentence = ruleSentence(r, kind, words);
        return (
          <li key={i}>
            <div style={{ fontSize: 16 }}>{sentence ?? <Typography.Text type="secondary">{t('ruleSets.unreadable')}</Typography.Text>}</div>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('ruleSets.ruleName')}: <code>{String(r?.name ?? '')}</code>
              {typeof r?.priority === 'number' && ` · ${t('ruleSets.priority', { n: r.priority })}`}
            </Typography.Text>
          </li>
        );
      })}
    </ol>
  );
}

function DraftEditor({ ruleSet, text, setText }: { ruleSet: RuleSet; text: string; setText: (text: string) => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const ref = useRef<TextAreaRef>(null);
  const syntax = useMemo(() => parseJson(text), [text]);
  const dirty = text !== pretty(ruleSet.definition);
  const save = useMutation({
    mutationFn: (document: Record<string, unknown>) => call(api.PUT('/rule-sets/{id}', { params: { path: { id: ruleSet.id } }, body: document })),
    onSuccess: (saved) => {
      queryClient.setQueryData(['rule-set', ruleSet.id], saved);
      setText(pretty(saved.definition));
      void message.success(t('ruleSets.saved'));
    },
  });
  const problems = save.error instanceof ApiError ? save.error : null;
  const lines = useMemo(() => (problems ? linesByPath(text) : new Map<string, number>()), [problems, text]);
  const goTo = (line: number) => {
    const area = ref.current?.resizableTextArea?.textArea;
    if (!area) return;
    const [start, end] = lineRange(text, line);
    area.focus();
    area.setSelectionRange(start, end);
    // Scroll the line into view: the text area's line height is fixed by rules.css.
    area.scrollTop = Math.max(0, (line - 4) * 19.5);
  };
  return (
    <Card title={<h2 className="card-heading">{t('ruleSets.editor')}</h2>}>
      <Typography.Paragraph type="secondary">{t('ruleSets.editorIntro')}</Typography.Paragraph>
      <label htmlFor="rule-set-json" style={{ display: 'block', fontWeight: 600, marginBottom: 6 }}>
        {t('ruleSets.editorLabel')}
      </label>
      <Input.TextArea
        id="rule-set-json"
        ref={ref}
        className="json-editor"
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 12, maxRows: 28 }}
        spellCheck={false}
        wrap="off"
        aria-invalid={!syntax.ok || !!problems}
        aria-describedby={!syntax.ok || problems ? 'rule-set-problems' : undefined}
      />
      <div id="rule-set-problems" style={{ marginTop: 12 }}>
        {!syntax.ok && <Alert type="warning" showIcon role="alert" title={t('ruleSets.notJson', { line: syntax.line, column: syntax.column, message: syntax.message })} />}
        {syntax.ok && problems && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={problems.details.length ? t('ruleSets.errorsTitle', { count: problems.details.length }) : problems.message}
            description={
              problems.details.length > 0 && (
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {problems.details.map((d, i) => {
                    const path = d.path.replace(/^body\.?/, '');
                    const line = lineOfPath(lines, d.path);
                    return (
                      <li key={i}>
                        <code>{path || t('ruleSets.wholeDocument')}</code>
                        {line !== null && (
                          <>
                            {' '}(
                            <button type="button" className="line-link" onClick={() => goTo(line)} aria-label={t('ruleSets.goToLine', { line, path: path || t('ruleSets.wholeDocument') })}>
                              {t('ruleSets.atLine', { line })}
                            </button>
                            )
                          </>
                        )}
                        : {d.message}
                      </li>
                    );
                  })}
                </ul>
              )
            }
          />
        )}
        {!problems && save.error && <Alert type="error" showIcon role="alert" title={save.error.message} />}
      </div>
      <Space wrap style={{ marginTop: 12 }}>
        <Button type="primary" icon={<SaveOutlined />} disabled={!syntax.ok || !dirty} loading={save.isPending} onClick={() => syntax.ok && save.mutate(syntax.value as Record<string, unknown>)}>
          {t('ruleSets.save')}
        </Button>
        <Button icon={<UndoOutlined />} disabled={!dirty} onClick={() => { setText(pretty(ruleSet.definition)); save.reset(); }}>
          {t('ruleSets.reset')}
        </Button>
        {dirty && <span className="unsaved-note">{t('ruleSets.unsaved')}</span>}
      </Space>
    </Card>
  );
}

function TransitionMatrix({ preview }: { preview: Preview }) {
  const { t } = useTranslation();
  const shown = LEVEL_KEYS.filter((k) => k !== 'NONE' || preview.current.NONE > 0 || preview.proposed.NONE > 0);
  return (
    <KeyboardScroll label={t('ruleSets.matrix')}>
      <div className="ant-table-content" style={{ overflowX: 'auto' }}>
        <table className="transition-matrix">
          <caption className="visually-hidden">{t('ruleSets.matrixIntro')}</caption>
          <thead>
            <tr>
              <th scope="col" style={{ textAlign: 'left' }}>
                <span style={{ display: 'block', whiteSpace: 'nowrap' }}>{t('ruleSets.matrixNow')}</span>
                <span style={{ display: 'block', whiteSpace: 'nowrap', fontWeight: 400 }}>{t('ruleSets.matrixUnder')}</span>
              </th>
              {shown.map((to) => <th key={to} scope="col">{t(`ruleSets.level.${to}`)}</th>)}
              <th scope="col">{t('ruleSets.total')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((from) => (
              <tr key={from}>
                <th scope="row">{t(`ruleSets.level.${from}`)}</th>
                {shown.map((to) => {
                  const n = preview.matrix[from][to];
                  return <td key={to} className={from === to ? 'diagonal' : n > 0 ? 'move' : undefined}>{n}</td>;
                })}
                <td><strong>{preview.current[from]}</strong></td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t('ruleSets.total')}</th>
              {shown.map((to) => <td key={to}><strong>{preview.proposed[to]}</strong></td>)}
              <td><strong>{preview.results}</strong></td>
            </tr>
          </tbody>
        </table>
      </div>
    </KeyboardScroll>
  );
}

function PreviewCard({ ruleSet, dirty }: { ruleSet: RuleSet; dirty: boolean }) {
  const { t, i18n } = useTranslation();
  const name = useLocalized();
  const [state, setState] = useUrlState(KEYS);
  const [picked, setPicked] = useState<string | undefined>(state.cycle);
  const cycles = useQuery({ queryKey: ['cycles', 'all'], queryFn: () => call(api.GET('/cycles', { params: { query: { pageSize: 100 } } })) });
  const past = (cycles.data?.items ?? []).filter((c) => c.status === 'CLOSED' || PAST_PHASES.has(c.phase));
  const preview = useQuery({
    queryKey: ['rule-set', ruleSet.id, 'preview', ruleSet.checksum, state.cycle, state.page],
    queryFn: () =>
      call(api.POST('/rule-sets/{id}/preview', { params: { path: { id: ruleSet.id }, query: { page: state.page, pageSize: MOVERS_PER_PAGE } }, body: { cycleId: state.cycle! } })),
    enabled: !!state.cycle,
    placeholderData: (previous) => previous,
  });
  const p = preview.data;
  const score = new Intl.NumberFormat(i18n.language === 'en' ? 'en' : 'vi', { maximumFractionDigits: 2 });
  return (
    <Card title={<h2 className="card-heading">{t('ruleSets.preview')}</h2>}>
      <Typography.Paragraph type="secondary">{t('ruleSets.previewIntro')}</Typography.Paragraph>
      {dirty && <Alert style={{ marginBottom: 12 }} type="warning" showIcon title={t('ruleSets.previewSaveFirst')} />}
      <Space wrap align="end" style={{ marginBottom: 16 }}>
        <div>
          <label htmlFor="preview-cycle" style={{ display: 'block', fontWeight: 600, marginBottom: 6 }}>{t('ruleSets.previewCycle')}</label>
          <Select
            id="preview-cycle"
            className="readable-placeholder"
            style={{ width: 'min(520px, 80vw)' }}
            placeholder={t('ruleSets.previewPick')}
            loading={cycles.isPending}
            value={picked}
            onChange={setPicked}
            notFoundContent={<Empty description={t('ruleSets.noPastCycles')} />}
            options={past.map((c) => ({ value: c.id, label: `${c.code} · ${name(c)}` }))}
          />
        </div>
        <Button type="primary" icon={<EyeOutlined />} disabled={!picked} loading={preview.isFetching} onClick={() => (picked === state.cycle ? void preview.refetch() : setState({ cycle: picked }))}>
          {t('ruleSets.previewRun')}
        </Button>
      </Space>
      {preview.isError && <LoadError error={preview.error} onRetry={() => void preview.refetch()} />}
      {p && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}><Card size="small"><Statistic title={t('ruleSets.results')} value={p.results} /></Card></Col>
            <Col xs={12} md={6}><Card size="small"><Statistic title={t('ruleSets.moved')} value={p.moved.total} /></Card></Col>
            <Col xs={12} md={6}><Card size="small"><Statistic title={t('ruleSets.up')} value={p.moved.up} /></Card></Col>
            <Col xs={12} md={6}><Card size="small"><Statistic title={t('ruleSets.down')} value={p.moved.down} /></Card></Col>
          </Row>
          <section aria-labelledby="matrix-heading">
            <h3 id="matrix-heading" className="card-heading" style={{ marginBottom: 4 }}>{t('ruleSets.matrix')}</h3>
            <Typography.Paragraph type="secondary">{t('ruleSets.matrixIntro')}</Typography.Paragraph>
            <TransitionMatrix preview={p} />
          </section>
          <section aria-labelledby="movers-heading">
            <h3 id="movers-heading" className="card-heading" style={{ marginBottom: 8 }}>{t('ruleSets.movers')}</h3>
            <KeyboardScroll label={t('ruleSets.movers')}>
              <Table<Preview['movers']['items'][number]>
                size="small"
                rowKey="resultId"
                loading={preview.isFetching}
                dataSource={p.movers.items}
                scroll={{ x: 'max-content' }}
                locale={{ emptyText: <Empty description={t('ruleSets.noMovers')} /> }}
                pagination={{ current: p.movers.page, pageSize: p.movers.pageSize, total: p.movers.total, showSizeChanger: false }}
                onChange={(pg) => setState({ cycle: state.cycle, page: pg.current })}
                columns={[
                  { title: t('ruleSets.officer'), render: (_, m) => <><strong>{m.fullName}</strong><div><Typography.Text type="secondary">{m.employeeCode}</Typography.Text></div></> },
                  { title: t('ruleSets.from'), render: (_, m) => <span style={{ whiteSpace: 'nowrap' }}>{t(`ruleSets.level.${m.from}`)}</span> },
                  { title: t('ruleSets.to'), render: (_, m) => <strong style={{ whiteSpace: 'nowrap' }}>{t(`ruleSets.level.${m.to}`)}</strong> },
                  { title: t('ruleSets.score'), align: 'right', render: (_, m) => score.format(m.score) },
                  { title: t('ruleSets.unit'), render: (_, m) => <span style={{ display: 'inline-block', maxWidth: 260, whiteSpace: 'normal' }}>{name(m.unit)}</span> },
                  { title: t('ruleSets.why'), render: (_, m) => <span style={{ display: 'inline-block', maxWidth: 420, whiteSpace: 'normal' }}>{m.explanation}</span> },
                ]}
              />
            </KeyboardScroll>
          </section>
        </Space>
      )}
    </Card>
  );
}

export default function RuleSetPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const name = useLocalized();
  const versionLabel = useVersionLabel();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message, modal } = AntApp.useApp();
  const ruleSet = useQuery({ queryKey: ['rule-set', id], queryFn: () => call(api.GET('/rule-sets/{id}', { params: { path: { id } } })) });
  const [text, setText] = useState('');
  const saved = ruleSet.data ? pretty(ruleSet.data.definition) : '';
  useEffect(() => setText(saved), [saved]);
  const copy = useMutation({
    mutationFn: () => call(api.POST('/rule-sets/{id}/copy', { params: { path: { id } } })),
    onSuccess: async (draft) => {
      void message.success(t('ruleSets.copied'));
      await queryClient.invalidateQueries({ queryKey: ['rule-sets'] });
      navigate(`/rule-sets/${draft.id}`);
    },
  });
  const activate = useMutation({
    mutationFn: () => call(api.POST('/rule-sets/{id}/activate', { params: { path: { id } } })),
    onSuccess: async (active) => {
      queryClient.setQueryData(['rule-set', id], active);
      await queryClient.invalidateQueries({ queryKey: ['rule-sets'] });
      void message.success(t('ruleSets.activated', { n: active.version }));
    },
  });

  if (ruleSet.isPending) return <Loading />;
  if (ruleSet.isError) return ruleSet.error instanceof ApiError && ruleSet.error.status === 404 ? <NotFoundPage /> : <LoadError error={ruleSet.error} onRetry={() => void ruleSet.refetch()} />;
  const r = ruleSet.data;
  const draft = r.status === 'DRAFT';
  const dirty = draft && text !== saved;
  const parsed = draft ? parseJson(text) : null;
  const shownDefinition = parsed?.ok ? parsed.value : r.definition;
  const kindName = t(`ruleSets.kindName.${r.kind}`);

  const confirmActivation = () =>
    modal.confirm({
      title: t('ruleSets.activateTitle'),
      content: t('ruleSets.activateBody', { kind: kindName }),
      okText: t('ruleSets.activate'),
      cancelText: t('ruleSets.cancel'),
      onOk: () => activate.mutateAsync(),
    });

  return (
    <Space orientation="vertical" size={20} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/rule-sets">{t('ruleSets.title')}</Link> }, { title: `${kindName} · ${versionLabel(r)}` }]} />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, justifyContent: 'space-between', alignItems: 'flex-start' }}>
        <div style={{ flex: '1 1 420px', minWidth: 0 }}>
          <Typography.Title level={1} style={{ fontSize: 24, marginBottom: 8 }}>
            {name(r)}
          </Typography.Title>
          <Space wrap size={4}>
            <Tag>{kindName}</Tag>
            <Tag color="blue">{versionLabel(r)}</Tag>
            <Tag color={STATUS_COLOR[r.status]}>{t(`ruleSets.statusName.${r.status}`)}</Tag>
            <Typography.Text type="secondary">
              {t('ruleSets.createdAt')}: {dateTime(r.createdAt)} · {t('ruleSets.frozenBy')}: {r.frozenByCycles ?? 0}
            </Typography.Text>
          </Space>
        </div>
        <Space wrap>
          <Button icon={<CopyOutlined />} loading={copy.isPending} onClick={() => copy.mutate()}>
            {t('ruleSets.copy')}
          </Button>
          {draft && (
            <Button type="primary" icon={<CheckCircleOutlined />} disabled={dirty} title={dirty ? t('ruleSets.activateSaveFirst') : undefined} loading={activate.isPending} onClick={confirmActivation}>
              {t('ruleSets.activate')}
            </Button>
          )}
        </Space>
      </div>
      {copy.error && <Alert type="error" showIcon role="alert" title={copy.error.message} />}
      {activate.error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={activate.error.message}
          description={activate.error instanceof ApiError && activate.error.details.length > 0 && (
            <ul style={{ margin: 0, paddingLeft: 18 }}>{activate.error.details.map((d, i) => <li key={i}><code>{d.path.replace(/^body\.?/, '')}</code>: {d.message}</li>)}</ul>
          )}
        />
      )}
      <Card title={<h2 className="card-heading">{t('ruleSets.rules')}</h2>}>
        <Typography.Paragraph type="secondary">{t('ruleSets.rulesIntro')}</Typography.Paragraph>
        <RuleList definition={shownDefinition} kind={r.kind} />
      </Card>
      {draft && <DraftEditor ruleSet={r} text={text} setText={setText} />}
      {r.kind === 'LEVEL' && <PreviewCard ruleSet={r} dirty={dirty} />}
    </Space>
  );
}
