// Registering a department from a file: the template, the upload, and when the file is refused (nothing is
// imported then) its errors row by row, so the person fixes the file from the table.
import { useState } from 'react';
import { Alert, App as AntApp, Button, Space, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface RowError {
  key: number;
  row: string;
  column: string;
  message: string;
}

/** The server names a problem's place as "row 3, column A" (or "file"). */
function rowErrors(err: ApiError): RowError[] {
  return err.details.map((d, i) => {
    const m = d.path.match(/row (\d+)(?:, column (\w+))?/);
    return { key: i, row: m?.[1] ?? '—', column: m?.[2] ?? '—', message: d.message };
  });
}

export function UploadTab({ cycleId, open }: { cycleId: string; open: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [fileName, setFileName] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: (file: File) => {
      const type = file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : XLSX;
      return call(
        api.POST('/cycles/{id}/registrations/import', {
          params: { path: { id: cycleId } },
          body: file as unknown as string,
          bodySerializer: (b: unknown) => b as BodyInit,
          headers: { 'Content-Type': type },
        }),
      );
    },
    onSuccess: async (outcome) => {
      void message.success(t('upload.done', outcome));
      await queryClient.invalidateQueries({ queryKey: ['cycle', cycleId] });
    },
  });
  const errors = upload.error instanceof ApiError ? rowErrors(upload.error) : [];

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
      {errors.length > 0 && (
        <>
          <Typography.Title level={3} style={{ fontSize: 17, marginBottom: 0 }}>
            {t('upload.errors')}
          </Typography.Title>
          <Table
            size="small"
            rowKey="key"
            dataSource={errors}
            pagination={errors.length > 50 ? { pageSize: 50 } : false}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('upload.row'), dataIndex: 'row', width: 80 },
              { title: t('upload.column'), dataIndex: 'column', width: 80 },
              { title: t('upload.problem'), dataIndex: 'message' },
            ]}
          />
        </>
      )}
    </Space>
  );
}
