// An item's content as a form: creating an item (with its code) and editing one (which saves a new version) share
// it. Rules mirror the API's (2–6 options A–F, each with text, the key among them); the API's own messages land
// on the fields they concern ("body.options.2.text" → options[2].text).
import { useEffect, useMemo } from 'react';
import { Alert, Button, ConfigProvider, Form, Input, Radio, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useLocalized } from '../common';
import { DIFFICULTIES, type Difficulty, type References } from './api';

export const OPTION_KEYS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
const MIN_OPTIONS = 2;

export interface ItemFormValues {
  code?: string;
  competencyId?: string;
  difficulty: Difficulty;
  fieldId?: string | null;
  positionIds: string[];
  stem: string;
  options: { text: string }[];
  correctKey?: string;
}

/** What the API takes: options keyed A, B, C… in the order shown. */
export function contentOf(v: ItemFormValues) {
  return {
    stem: v.stem,
    options: v.options.map((o, i) => ({ key: OPTION_KEYS[i], text: o.text ?? '' })),
    correctKey: v.correctKey ?? '',
    competencyId: v.competencyId ?? '',
    difficulty: v.difficulty,
    fieldId: v.fieldId ?? null,
    positionIds: v.positionIds ?? [],
  };
}

/** Puts the API's messages on the fields they name; says whether any landed on a field. */
export function showServerErrors(form: FormInstance<ItemFormValues>, err: unknown): boolean {
  if (!(err instanceof ApiError) || !err.details.length) return false;
  const fields = err.details
    .map((d) => ({ name: d.path.replace(/^body\./, '').split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), errors: [d.message] }))
    .filter((f) => typeof f.name[0] === 'string' && f.name[0] !== 'body');
  form.setFields(fields as never);
  return fields.length > 0;
}

export function ItemForm({
  form,
  refs,
  withCode,
  initialValues,
  submitLabel,
  saving,
  error,
  onSubmit,
  extraActions,
}: {
  form: FormInstance<ItemFormValues>;
  refs: References;
  withCode: boolean;
  initialValues: ItemFormValues;
  submitLabel: string;
  saving: boolean;
  error: Error | null;
  onSubmit: (values: ItemFormValues) => void;
  extraActions?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const name = useLocalized();
  const options = Form.useWatch('options', form) ?? initialValues.options;
  const competencyId = Form.useWatch('competencyId', form);
  const correctKey = Form.useWatch('correctKey', form);
  const keys = options.map((_, i) => OPTION_KEYS[i]);

  // The key follows its option when one above it is removed; a key whose option is gone is cleared.
  useEffect(() => {
    if (correctKey && !keys.includes(correctKey as (typeof OPTION_KEYS)[number])) form.setFieldValue('correctKey', undefined);
  }, [keys.length, correctKey, form]); // eslint-disable-line react-hooks/exhaustive-deps

  const competencyOptions = useMemo(() => {
    const groups = [...refs.fields.map((f) => ({ id: f.id as string | null, label: name(f) })), { id: null, label: t('bank.commonCompetencies') }];
    return groups
      .map((g) => ({ label: g.label, title: g.label, options: refs.competencies.filter((c) => (c.fieldId ?? null) === g.id).map((c) => ({ value: c.id, label: `${c.code} · ${name(c)}` })) }))
      .filter((g) => g.options.length);
  }, [refs.fields, refs.competencies, name, t]);
  const competency = competencyId ? refs.competency.get(competencyId) : undefined;

  return (
    // Ant Design's error red (#ff4d4f) is below WCAG AA as text on white.
    <ConfigProvider theme={{ token: { colorError: '#cf1322' } }}>
      <Form<ItemFormValues> form={form} layout="vertical" requiredMark={false} initialValues={initialValues} onFinish={onSubmit} scrollToFirstError>
        {withCode && (
          <Form.Item
            name="code"
            label={t('itemForm.code')}
            extra={t('itemForm.codeHelp')}
            normalize={(v: string) => v.toUpperCase()}
            rules={[{ required: true, pattern: /^[A-Z0-9][A-Z0-9._-]{0,39}$/, message: t('itemForm.codeInvalid') }]}
          >
            <Input autoComplete="off" style={{ maxWidth: 360 }} />
          </Form.Item>
        )}
        <Form.Item name="competencyId" label={t('itemForm.competency')} rules={[{ required: true, message: t('itemForm.competencyRequired') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} loading={refs.loading} options={competencyOptions} onChange={() => form.setFieldValue('fieldId', null)} />
        </Form.Item>
        <Form.Item name="difficulty" label={t('itemForm.difficulty')}>
          <Radio.Group optionType="button" options={DIFFICULTIES.map((d) => ({ value: d, label: t(`bank.difficultyName.${d}`) }))} />
        </Form.Item>
        {competency && competency.fieldId === null && (
          <Form.Item name="fieldId" label={t('itemForm.field')} extra={t('itemForm.fieldHelp')}>
            <Select allowClear options={refs.fields.map((f) => ({ value: f.id, label: name(f) }))} style={{ maxWidth: 360 }} />
          </Form.Item>
        )}
        <Form.Item name="positionIds" label={t('itemForm.positions')} extra={t('itemForm.positionsHelp')}>
          <Select
            mode="multiple"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={refs.positions
              .filter((p) => !competency?.fieldId || p.fieldId === competency.fieldId)
              .map((p) => ({ value: p.id, label: `${p.code} · ${name(p)}` }))}
          />
        </Form.Item>
        <Form.Item name="stem" label={t('itemForm.stem')} rules={[{ required: true, whitespace: true, message: t('itemForm.stemRequired') }, { max: 4000 }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} />
        </Form.Item>
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend style={{ fontSize: 15, marginBottom: 8, border: 0 }}>{t('itemForm.options')}</legend>
          <Form.List name="options">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <div key={f.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
                    <Form.Item
                      name={[f.name, 'text']}
                      label={t('itemForm.option', { key: OPTION_KEYS[i] })}
                      rules={[{ required: true, whitespace: true, message: t('itemForm.optionRequired') }, { max: 1000 }]}
                      style={{ flex: 1, marginBottom: 12 }}
                    >
                      <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
                    </Form.Item>
                    <Button
                      icon={<DeleteOutlined />}
                      aria-label={t('itemForm.removeOption', { key: OPTION_KEYS[i] })}
                      title={t('itemForm.removeOption', { key: OPTION_KEYS[i] })}
                      disabled={fields.length <= MIN_OPTIONS}
                      onClick={() => remove(f.name)}
                      style={{ marginTop: 30 }}
                    />
                  </div>
                ))}
                {fields.length < OPTION_KEYS.length && (
                  <Button icon={<PlusOutlined />} onClick={() => add({ text: '' })} style={{ marginBottom: 16 }}>
                    {t('itemForm.addOption')}
                  </Button>
                )}
              </>
            )}
          </Form.List>
        </fieldset>
        <Form.Item name="correctKey" label={t('itemForm.correctKey')} rules={[{ required: true, message: t('itemForm.correctKeyRequired') }]}>
          <Radio.Group optionType="button" options={keys.map((k) => ({ value: k, label: k }))} />
        </Form.Item>
        {error && <Alert style={{ marginBottom: 16 }} type="error" showIcon role="alert" title={error.message} />}
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={saving}>
            {submitLabel}
          </Button>
          {extraActions}
        </Space>
      </Form>
    </ConfigProvider>
  );
}
