// One item of the bank: its current version (stem, options with the key marked, competency, difficulty, status),
// an edit that saves a new version, status changes after a confirmation, and any two versions side by side with
// what changed between them highlighted.
import { useMemo, useState } from 'react';
import { Alert, App as AntApp, Breadcrumb, Button, Card, Col, ConfigProvider, Descriptions, Form, Input, Modal, Result, Row, Select, Space, Tag, Typography } from 'antd';
import { CheckCircleFilled, EditOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client';
import { dateTime } from '../../time';
import { LoadError, useLocalized } from '../common';
import { Loading } from '../Loading';
import { bankKeys, ITEM_STATUSES, STATUS_COLOR, useReferences, type ItemDetail, type ItemStatus, type ItemVersion, type References } from './api';
import { versionChanges, wordDiff, type VersionChanges } from './diff';
import { ItemForm, contentOf, showServerErrors, type ItemFormValues } from './ItemForm';
import './bank.css';

type Side = 'left' | 'right';

function ChangedTag() {
  const { t } = useTranslation();
  return (
    <Tag color="orange" style={{ marginInlineStart: 8 }}>
      {t('item.changed')}
    </Tag>
  );
}

/** Marked words without the space after them (the space stays plain). */
function Marked({ as: Element, text }: { as: 'ins' | 'del'; text: string }) {
  const words = text.trimEnd();
  return (
    <>
      <Element className={`bank-${Element}`}>{words}</Element>
      {text.slice(words.length)}
    </>
  );
}

/** The stem with the words only in this version marked (added on the right, removed on the left). */
function Stem({ version, other, side, changed }: { version: ItemVersion; other?: ItemVersion; side?: Side; changed?: boolean }) {
  if (!other || !side || !changed) return <>{version.stem}</>;
  const parts = side === 'right' ? wordDiff(other.stem, version.stem) : wordDiff(version.stem, other.stem);
  return (
    <>
      {parts.map((p, i) =>
        p.kind === 'same' ? (
          <span key={i}>{p.text}</span>
        ) : p.kind === 'added' ? (
          side === 'right' ? <Marked key={i} as="ins" text={p.text} /> : null
        ) : side === 'left' ? (
          <Marked key={i} as="del" text={p.text} />
        ) : null,
      )}
    </>
  );
}

/** A version's content; beside another version, the parts that differ are highlighted and labelled. */
function VersionContent({ version, refs, other, side, changes }: { version: ItemVersion; refs: References; other?: ItemVersion; side?: Side; changes?: VersionChanges }) {
  const { t } = useTranslation();
  const name = useLocalized();
  const mark = (changed: boolean | undefined) => (changed ? 'bank-changed' : undefined);
  const competency = refs.competency.get(version.competencyId);
  const field = version.fieldId ? refs.field.get(version.fieldId) : undefined;
  return (
    <>
      <div className={mark(changes?.stem)} style={{ fontSize: 16, whiteSpace: 'pre-wrap', marginBottom: 12, padding: changes?.stem ? '6px 8px' : undefined }}>
        <Stem version={version} other={other} side={side} changed={changes?.stem} />
        {changes?.stem && <ChangedTag />}
      </div>
      <ol className="bank-options" aria-label={t('item.options')}>
        {version.options.map((o) => {
          const change = changes?.options[o.key];
          const changed = change === 'changed' || change === 'added' || change === 'removed';
          const correct = o.key === version.correctKey;
          return (
            <li key={o.key} className={[correct ? 'bank-correct' : '', changed || (correct && changes?.correctKey) ? 'bank-changed' : ''].join(' ')}>
              <strong style={{ minWidth: 22 }}>{o.key}.</strong>
              <span style={{ flex: 1 }}>
                {o.text}
                {correct && (
                  <Tag color="green" icon={<CheckCircleFilled aria-hidden />} style={{ marginInlineStart: 8 }}>
                    {t('item.correct')}
                  </Tag>
                )}
                {change === 'added' && <Tag color="orange" style={{ marginInlineStart: 8 }}>{t('item.optionAdded')}</Tag>}
                {change === 'removed' && <Tag color="orange" style={{ marginInlineStart: 8 }}>{t('item.optionRemoved')}</Tag>}
                {change === 'changed' && <ChangedTag />}
                {correct && changes?.correctKey && change === 'same' && <ChangedTag />}
              </span>
            </li>
          );
        })}
      </ol>
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'competency',
            label: t('bank.competency'),
            className: mark(changes?.competencyId),
            children: (
              <span>
                {competency ? `${competency.code} · ${name(competency)}` : version.competencyId}
                {changes?.competencyId && <ChangedTag />}
              </span>
            ),
          },
          {
            key: 'difficulty',
            label: t('bank.difficulty'),
            className: mark(changes?.difficulty),
            children: (
              <span>
                {t(`bank.difficultyName.${version.difficulty}`)}
                {changes?.difficulty && <ChangedTag />}
              </span>
            ),
          },
          {
            key: 'field',
            label: t('bank.field'),
            className: mark(changes?.fieldId),
            children: (
              <span>
                {field ? name(field) : t('item.noField')}
                {changes?.fieldId && <ChangedTag />}
              </span>
            ),
          },
          {
            key: 'positions',
            label: t('item.positions'),
            className: mark(changes?.positionIds),
            children: (
              <span>
                {version.positionIds.length
                  ? version.positionIds.map((id) => {
                      const p = refs.position.get(id);
                      return p ? `${p.code} · ${name(p)}` : id;
                    }).join('; ')
                  : t('item.anyPosition')}
                {changes?.positionIds && <ChangedTag />}
              </span>
            ),
          },
          { key: 'created', label: t('item.created'), children: dateTime(version.createdAt) },
        ]}
      />
    </>
  );
}

/** Any two versions side by side (by default the one before the current and the current). */
function Comparison({ item, refs }: { item: ItemDetail; refs: References }) {
  const { t } = useTranslation();
  const versions = item.versions;
  const [chosen, setChosen] = useState<{ left: number; right: number } | null>(null);
  const left = chosen?.left ?? Math.max(1, item.currentVersion - 1);
  const right = chosen?.right ?? item.currentVersion;
  const a = versions.find((v) => v.version === left) ?? versions[0];
  const b = versions.find((v) => v.version === right) ?? versions[versions.length - 1];
  const changes = useMemo(() => versionChanges(a, b), [a, b]);
  const options = versions.map((v) => ({ value: v.version, label: t('item.versionOption', { version: v.version, date: dateTime(v.createdAt) }) }));
  const changedParts = (['stem', 'competencyId', 'difficulty', 'fieldId', 'positionIds', 'correctKey'] as const).filter((k) => changes[k]);
  const optionsChanged = Object.values(changes.options).some((c) => c !== 'same');
  const parts = [...changedParts.slice(0, 1), ...(optionsChanged ? ['options' as const] : []), ...changedParts.slice(1)].map((k) => t(`item.part.${k}`));

  return (
    <Card title={<h2 className="card-heading">{t('item.versions')}</h2>}>
      {versions.length < 2 ? (
        <Typography.Text type="secondary">{t('item.onlyOne')}</Typography.Text>
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('item.versionsIntro')}</Typography.Paragraph>
          <Alert
            style={{ marginBottom: 16 }}
            type={changes.any ? 'warning' : 'info'}
            showIcon
            title={changes.any ? t('item.changedParts', { parts: parts.join(', ') }) : t('item.noChanges')}
          />
          <Row gutter={[20, 20]}>
            {([['left', a, b, left], ['right', b, a, right]] as const).map(([side, version, other, value]) => (
              <Col xs={24} md={12} key={side}>
                <section aria-label={t('item.currentVersion', { version: version.version })} className="bank-side">
                  <Select
                    aria-label={t(side === 'left' ? 'item.compareLeft' : 'item.compareRight')}
                    value={value}
                    onChange={(v) => setChosen({ left: side === 'left' ? v : left, right: side === 'right' ? v : right })}
                    options={options}
                    style={{ width: '100%', marginBottom: 12 }}
                  />
                  <h3 style={{ fontSize: 16, margin: '0 0 8px' }}>{t('item.currentVersion', { version: version.version })}</h3>
                  <VersionContent version={version} other={other} side={side} changes={changes} refs={refs} />
                </section>
              </Col>
            ))}
          </Row>
        </>
      )}
    </Card>
  );
}

function StatusModal({ item, target, onClose }: { item: ItemDetail; target: ItemStatus | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const change = useMutation({
    mutationFn: (status: ItemStatus) => call(api.POST('/items/{id}/status', { params: { path: { id: item.id } }, body: { status, ...(reason.trim() ? { reason: reason.trim() } : {}) } })),
    onSuccess: async (result) => {
      queryClient.setQueryData(bankKeys.item(item.id), result.item);
      await queryClient.invalidateQueries({ queryKey: bankKeys.all });
      void message.success(t('item.statusChanged', { code: item.code, status: t(`bank.statusName.${result.item.status}`) }));
      setReason('');
      change.reset();
      onClose();
    },
  });
  const err = change.error;
  return (
    <Modal
      open={target !== null}
      title={target ? t(`item.confirmTitle.${target}`, { code: item.code }) : ''}
      okText={t('item.confirm')}
      cancelText={t('item.cancel')}
      okButtonProps={{ danger: target === 'RETIRED', loading: change.isPending }}
      onOk={() => target && change.mutate(target)}
      onCancel={() => {
        change.reset();
        onClose();
      }}
      destroyOnHidden
    >
      {target && <Typography.Paragraph>{t(`item.confirmText.${target}`)}</Typography.Paragraph>}
      <label htmlFor="status-reason" style={{ display: 'block', marginBottom: 4 }}>
        {t('item.reason')}
      </label>
      <Input.TextArea id="status-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} autoSize={{ minRows: 2, maxRows: 5 }} />
      {err && (
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          role="alert"
          title={err.message}
          description={err instanceof ApiError && err.details.length ? <ul style={{ margin: 0, paddingInlineStart: 18 }}>{err.details.map((d, i) => <li key={i}>{d.message}</li>)}</ul> : undefined}
        />
      )}
    </Modal>
  );
}

function EditCard({ item, refs, onDone }: { item: ItemDetail; refs: References; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ItemFormValues>();
  const current = item.versions.find((v) => v.version === item.currentVersion)!;
  const initialValues: ItemFormValues = {
    competencyId: current.competencyId,
    difficulty: current.difficulty,
    fieldId: current.fieldId,
    positionIds: current.positionIds,
    stem: current.stem,
    options: current.options.map((o) => ({ text: o.text })),
    correctKey: current.correctKey,
  };
  const save = useMutation({
    mutationFn: (v: ItemFormValues) =>
      call(api.POST('/items/{id}/versions', { params: { path: { id: item.id } }, body: { ...contentOf(v), expectedVersion: item.currentVersion } })),
    onSuccess: async (result) => {
      queryClient.setQueryData(bankKeys.item(item.id), result.item);
      await queryClient.invalidateQueries({ queryKey: bankKeys.all });
      if (result.change === 'versioned') void message.success(t('item.versioned', { version: result.item.currentVersion }));
      else void message.info(t('item.unchanged'));
      onDone();
    },
    onError: (err) => showServerErrors(form, err),
  });
  return (
    <Card title={<h2 className="card-heading">{t('item.editTitle', { version: item.currentVersion + 1 })}</h2>}>
      <ItemForm
        form={form}
        refs={refs}
        withCode={false}
        initialValues={initialValues}
        submitLabel={t('item.saveVersion')}
        saving={save.isPending}
        error={save.error}
        onSubmit={(v) => save.mutate(v)}
        extraActions={<Button onClick={onDone}>{t('item.cancel')}</Button>}
      />
    </Card>
  );
}

export default function ItemPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const refs = useReferences();
  const [editing, setEditing] = useState(false);
  const [target, setTarget] = useState<ItemStatus | null>(null);
  const item = useQuery({ queryKey: bankKeys.item(id), queryFn: () => call(api.GET('/items/{id}', { params: { path: { id } } })) });

  if (item.isPending) return <Loading />;
  if (item.isError) {
    if (item.error instanceof ApiError && item.error.status === 404) return <Result status="404" title={t('item.notFound')} extra={<Link to="/bank">{t('item.back')}</Link>} />;
    return <LoadError error={item.error} onRetry={() => void item.refetch()} />;
  }
  const data = item.data;
  const current = data.versions.find((v) => v.version === data.currentVersion)!;

  return (
    // Ant Design's error red (#ff4d4f) is below WCAG AA as text on white: the retire button uses a darker one.
    <ConfigProvider theme={{ token: { colorError: '#cf1322' } }}>
    <Space orientation="vertical" size={20} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/bank">{t('bank.title')}</Link> }, { title: data.code }]} />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, justifyContent: 'space-between', alignItems: 'flex-start' }}>
        <div>
          <Typography.Title level={1} style={{ fontSize: 26, marginBottom: 4, wordBreak: 'break-all' }}>
            {data.code}
          </Typography.Title>
          <Space wrap size={8}>
            <Tag color={STATUS_COLOR[data.status]}>{t(`bank.statusName.${data.status}`)}</Tag>
            <Typography.Text type="secondary">{t('item.currentVersion', { version: data.currentVersion })}</Typography.Text>
          </Space>
        </div>
        <Space wrap>
          {!editing && (
            <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('item.edit')}
            </Button>
          )}
          {ITEM_STATUSES.filter((s) => s !== data.status).map((s) => (
            <Button key={s} danger={s === 'RETIRED'} onClick={() => setTarget(s)}>
              {t(`item.toStatus.${s}`)}
            </Button>
          ))}
        </Space>
      </div>
      {refs.error && <LoadError error={refs.error} />}
      {editing ? (
        <EditCard item={data} refs={refs} onDone={() => setEditing(false)} />
      ) : (
        <Card title={<h2 className="card-heading">{t('item.current')}</h2>}>
          <VersionContent version={current} refs={refs} />
        </Card>
      )}
      <Comparison key={data.currentVersion} item={data} refs={refs} />
      <StatusModal item={data} target={target} onClose={() => setTarget(null)} />
    </Space>
    </ConfigProvider>
  );
}
