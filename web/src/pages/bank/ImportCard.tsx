// Importing items from an Excel or CSV file. The API takes all rows or none: while the file has errors nothing is
// imported, and its errors come back one per cell (row, column, what is wrong, in the reader's language), shown
// here as a table the person fixes the file from.
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Space, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { FileErrors, contentTypeOf } from '../FileErrors';
import { bankKeys } from './api';

/** The import's state, shared by its button (among the page's actions) and its outcome (under the page's title). */
export function useQuestionImport() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [fileName, setFileName] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: (file: File) =>
      call(
        api.POST('/items/import', {
          params: { query: { fileName: file.name } },
          body: file as unknown as string,
          bodySerializer: (b: unknown) => b as BodyInit,
          headers: { 'Content-Type': contentTypeOf(file) },
        }),
      ),
    onSuccess: async (outcome) => {
      void message.success(t('bankImport.done', outcome));
      await queryClient.invalidateQueries({ queryKey: bankKeys.all });
    },
  });
  const start = (file: File) => {
    setFileName(file.name);
    upload.mutate(file);
  };
  const dismiss = () => {
    upload.reset();
    setFileName(null);
  };
  return { upload, fileName, start, dismiss };
}

type QuestionImport = ReturnType<typeof useQuestionImport>;

export function ImportButton({ imp }: { imp: QuestionImport }) {
  const { t } = useTranslation();
  return (
    <Upload
      accept=".xlsx,.csv"
      showUploadList={false}
      disabled={imp.upload.isPending}
      beforeUpload={(file) => {
        imp.start(file);
        return false;
      }}
    >
      <Button icon={<UploadOutlined />} loading={imp.upload.isPending} title={t('bankImport.intro')}>
        {imp.upload.isPending ? t('bankImport.uploading') : t('bankImport.choose')}
      </Button>
    </Upload>
  );
}

/** What became of the last file: nothing until one is chosen; then its counts, or its errors as a table. */
export function ImportOutcome({ imp }: { imp: QuestionImport }) {
  const { t } = useTranslation();
  const { upload, fileName } = imp;
  if (!fileName) return null;
  return (
    <Card
      title={<h2 className="card-heading">{t('bankImport.title')}</h2>}
      extra={!upload.isPending && <Button type="link" onClick={imp.dismiss}>{t('bankImport.dismiss')}</Button>}
      size="small"
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Text type="secondary">{fileName}</Typography.Text>
        <Typography.Paragraph style={{ marginBottom: 0 }}>{t('bankImport.intro')}</Typography.Paragraph>
        {upload.isPending && <Alert type="info" showIcon title={t('bankImport.uploading')} />}
        {upload.data && <Alert type="success" showIcon title={t('bankImport.done', upload.data)} />}
        {upload.error && <Alert type="error" showIcon role="alert" title={upload.error.message} />}
        <FileErrors error={upload.error} ns="bankImport" wholeFile={t('bankImport.wholeFile')} />
      </Space>
    </Card>
  );
}
