// A new item of the bank: its code and content, saved as a draft at version 1, then shown on its own page.
import { App as AntApp, Breadcrumb, Card, Form, Space, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { LoadError } from '../common';
import { bankKeys, useReferences } from './api';
import { ItemForm, contentOf, showServerErrors, type ItemFormValues } from './ItemForm';

const EMPTY: ItemFormValues = { difficulty: 'MEDIUM', positionIds: [], stem: '', options: [{ text: '' }, { text: '' }, { text: '' }, { text: '' }] };

export default function NewItem() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const refs = useReferences();
  const [form] = Form.useForm<ItemFormValues>();
  const create = useMutation({
    mutationFn: (v: ItemFormValues) => call(api.POST('/items', { body: { code: (v.code ?? '').trim(), ...contentOf(v) } })),
    onSuccess: async (item) => {
      void message.success(t('itemForm.created', { code: item.code }));
      await queryClient.invalidateQueries({ queryKey: bankKeys.all });
      navigate(`/bank/items/${item.id}`);
    },
    onError: (err) => showServerErrors(form, err),
  });

  return (
    <Space orientation="vertical" size={20} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/bank">{t('bank.title')}</Link> }, { title: t('itemForm.newTitle') }]} />
      <div>
        <Typography.Title level={1} style={{ fontSize: 26, marginBottom: 4 }}>
          {t('itemForm.newTitle')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('itemForm.newIntro')}</Typography.Text>
      </div>
      {refs.error && <LoadError error={refs.error} />}
      <Card style={{ maxWidth: 880 }}>
        <ItemForm
          form={form}
          refs={refs}
          withCode
          initialValues={EMPTY}
          submitLabel={t('itemForm.create')}
          saving={create.isPending}
          error={create.error}
          onSubmit={(v) => create.mutate(v)}
        />
      </Card>
    </Space>
  );
}
