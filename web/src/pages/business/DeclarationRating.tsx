// Rating a declaration: the business picks one or more of the subjects that handled it (branch, team, stage,
// officer), gives each one of the five levels, reasons from the list and a comment, and sends them at once.
// A rating may be amended while its window is open.
import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Input, Radio, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call, type ResponseOf } from '../../api/client';
import { dateOnly, dateTime } from '../../time';
import { LoadError, useLocalized } from '../common';
import { Loading } from '../Loading';
import { reasonsQuery } from '../leader/api';

type Declaration = ResponseOf<'/feedback/my/declarations/{id}', 'get'>;
type Subject = Declaration['subjects'][number];
const LEVELS = ['VERY_SATISFIED', 'SATISFIED', 'NORMAL', 'UNSATISFIED', 'VERY_UNSATISFIED'] as const;
type Level = (typeof LEVELS)[number];
const LEVEL_COLOR: Record<Level, string> = { VERY_SATISFIED: '#166534', SATISFIED: '#3f6212', NORMAL: '#1e40af', UNSATISFIED: '#9a3412', VERY_UNSATISFIED: '#991b1b' };
interface Draft {
  level?: Level;
  reasonCodes: string[];
  comment: string;
}

export default function DeclarationRating() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const name = useLocalized();
  const { message } = App.useApp();
  const client = useQueryClient();
  const declaration = useQuery({ queryKey: ['portal', 'declaration', id], queryFn: () => call(api.GET('/feedback/my/declarations/{id}', { params: { path: { id } } })) });
  const reasons = useQuery(reasonsQuery());
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [casesOpened, setCasesOpened] = useState(false);
  const send = useMutation({
    mutationFn: (ratings: { subject: string; level: Level; reasonCodes: string[]; comment?: string }[]) =>
      call(api.POST('/feedback/my/declarations/{id}/ratings', { params: { path: { id } }, body: { ratings } })),
    onSuccess: async (result) => {
      void message.success(t('portal.sent'));
      setCasesOpened(result.ratings.some((r) => r.caseOpened));
      setDrafts({});
      await client.invalidateQueries({ queryKey: ['portal'] });
    },
  });

  if (declaration.isPending) return <Loading />;
  if (declaration.isError) return <LoadError error={declaration.error} onRetry={() => void declaration.refetch()} />;
  const d = declaration.data;
  const subjectName = (s: Subject) => `${s.nameVi ? name({ nameVi: s.nameVi, nameEn: s.nameEn ?? s.nameVi }) : s.id}${s.employeeCode ? ` (${s.employeeCode})` : ''}`;
  const update = (key: string, patch: Partial<Draft> | null) =>
    setDrafts((all) => {
      const next = { ...all };
      if (patch === null) delete next[key];
      else next[key] = { ...(all[key] ?? { reasonCodes: [], comment: '' }), ...patch };
      return next;
    });
  const picked = Object.entries(drafts);
  const submit = () => {
    setProblem(null);
    if (picked.length === 0) return setProblem(t('portal.nothingPicked'));
    if (picked.some(([, v]) => !v.level)) return setProblem(t('portal.chooseLevel'));
    send.mutate(picked.map(([subject, v]) => ({ subject, level: v.level!, reasonCodes: v.reasonCodes, ...(v.comment.trim() ? { comment: v.comment.trim() } : {}) })));
  };

  return (
    <>
      <Link to="/">← {t('portal.back')}</Link>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 8 }}>
        {t('portal.rateTitle', { number: d.number })}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {dateOnly(d.registeredAt)} · {name(d.branch)}
      </Typography.Paragraph>
      {casesOpened && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('portal.caseOpened')} action={<Link to="/my-cases">{t('portal.myCases')}</Link>} />}
      <Typography.Paragraph strong>{t('portal.pick')}</Typography.Paragraph>
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        {d.subjects.map((s) => {
          const draft = drafts[s.key];
          const label = `${t(`portal.kinds.${s.kind}`)}: ${subjectName(s)}`;
          return (
            <Card key={s.key} styles={{ body: { padding: 16 } }} style={draft ? { borderColor: '#1d4ed8' } : undefined}>
              <div style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', gap: 8 }}>
                {s.rating && !draft ? (
                  <div>
                    <Typography.Text strong>{label}</Typography.Text>
                    <div>
                      <Tag color={LEVEL_COLOR[s.rating.level]}>{t('portal.yourRating', { level: t(`portal.levels.${s.rating.level}`) })}</Tag>
                      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                        {s.rating.amendable ? t('portal.amendUntil', { at: dateTime(s.rating.amendableUntil) }) : t('portal.closedForAmend')}
                      </Typography.Text>
                    </div>
                  </div>
                ) : (
                  <Checkbox checked={!!draft} onChange={(e) => update(s.key, e.target.checked ? (s.rating ? { level: s.rating.level, reasonCodes: s.rating.reasonCodes, comment: s.rating.comment ?? '' } : {}) : null)}>
                    <Typography.Text strong>{label}</Typography.Text>
                  </Checkbox>
                )}
                {s.rating && !draft && s.rating.amendable && (
                  <Button onClick={() => update(s.key, { level: s.rating!.level, reasonCodes: s.rating!.reasonCodes, comment: s.rating!.comment ?? '' })} aria-label={`${t('portal.amend')}: ${label}`}>
                    {t('portal.amend')}
                  </Button>
                )}
              </div>
              {draft && (
                <div style={{ marginTop: 12 }}>
                  <div id={`level-${s.key}`} style={{ marginBottom: 6 }}>{t('portal.level')}</div>
                  <Radio.Group
                    aria-labelledby={`level-${s.key}`}
                    value={draft.level}
                    buttonStyle="solid"
                    onChange={(e) => update(s.key, { level: e.target.value as Level })}
                    style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}
                  >
                    {LEVELS.map((l) => (
                      <Radio.Button key={l} value={l} style={{ borderRadius: 6, minHeight: 40, lineHeight: '38px' }}>
                        {t(`portal.levels.${l}`)}
                      </Radio.Button>
                    ))}
                  </Radio.Group>
                  <div style={{ margin: '12px 0 6px' }} id={`reasons-${s.key}`}>{t('portal.reasons')}</div>
                  <Checkbox.Group
                    aria-labelledby={`reasons-${s.key}`}
                    value={draft.reasonCodes}
                    onChange={(v) => update(s.key, { reasonCodes: v as string[] })}
                    style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
                    options={(reasons.data?.items ?? []).filter((r) => r.active).map((r) => ({ value: r.code, label: name(r) }))}
                  />
                  <label style={{ display: 'block', margin: '12px 0 6px' }}>
                    {t('portal.comment')}
                    <Input.TextArea rows={2} maxLength={2000} value={draft.comment} onChange={(e) => update(s.key, { comment: e.target.value })} style={{ marginTop: 6 }} />
                  </label>
                </div>
              )}
            </Card>
          );
        })}
      </Space>
      {(problem || send.isError) && <Alert type="error" showIcon role="alert" style={{ marginTop: 16 }} title={problem ?? send.error?.message} />}
      <Button type="primary" size="large" style={{ marginTop: 16, minWidth: 200 }} onClick={submit} loading={send.isPending} disabled={picked.length === 0}>
        {t('portal.send')}
        {picked.length > 0 && ` (${picked.length})`}
      </Button>
    </>
  );
}
