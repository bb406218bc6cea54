// Registering a department from a file: the template, the upload, and when the file is refused (nothing is
// imported then) its errors row by row, so the person fixes the file from the table.
import { useState } from 'react';
import { Alert, App as AntApp, Button, Space, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { FileErrors, contentTypeOf } from '../FileErrors';

export function UploadTab({ cycleId, open }: { cycleId: string; open: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [fileName, setFileName] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: (file: File) => {
      return call(
        api.POST('/cycles/{id}/registrations/import', {
          params: { path: { id: cycleId } },
          body: file as unknown as string,
          bodySerializer: (b: unknown) => b as BodyInit,
          headers: { 'Content-Type': contentTypeOf(file) },
        }),
      );
    },
    onSuccess: async (outcome) => {
      void message.success(t('upload.done', outcome));
      await queryClient.invalidateQueries({ queryKey: ['cycle', cycleId] });
    },
  });

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Paragraph style={{ marginBottom: 0 }}>{t('upload.intro')}</Typography.Paragraph>
      {!open && <Alert type="info" showIcon title={t('upload.closed')} />}
      <Space wrap>
        <a href="/api/registrations/import-template" download>
          <Button icon={<DownloadOutlined />}>{t('upload.template')}</Button>
        </a>
        <Upload
          accept=".xlsx,.csv"
          showUploadList={false}
          disabled={!open || upload.isPending}
          beforeUpload={(file) => {
            setFileName(file.name);
            upload.mutate(file);
            return false;
          }}
        >
          <Button type="primary" icon={<UploadOutlined />} disabled={!open} loading={upload.isPending}>
            {upload.isPending ? t('upload.uploading') : t('upload.choose')}
          </Button>
        </Upload>
        {fileName && <Typography.Text type="secondary">{fileName}</Typography.Text>}
      </Space>
      {upload.data && <Alert type="success" showIcon title={t('upload.done', upload.data)} />}
      {upload.error && <Alert type="error" showIcon role="alert" title={upload.error.message} />}
      <FileErrors error={upload.error} ns="upload" />
    </Space>
  );
}
