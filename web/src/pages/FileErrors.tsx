// A file import's errors, one table row per problem, so the person fixes the file from it. The API names a
// problem's place "row 3, column B" (a missing column by its header name) or "file" for the whole file.
import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** The file's type as the import routes take it (CSV is told by its name). */
export const contentTypeOf = (file: File) =>
  file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Nothing unless `error` carries the file's problems; `ns` is the texts' namespace (errors, row, column, problem). */
export function FileErrors({ error, ns, wholeFile = '—' }: { error: unknown; ns: 'upload' | 'bankImport'; wholeFile?: string }) {
  const { t } = useTranslation();
  if (!(error instanceof ApiError) || error.details.length === 0) return null;
  const errors = error.details.map((d, i) => {
    const m = d.path.match(/^row (\d+)(?:, column (.+))?$/);
    return { key: i, row: m?.[1] ?? wholeFile, column: m?.[2] ?? '—', message: d.message };
  });
  return (
    <>
      <Typography.Title level={3} style={{ fontSize: 17, marginBottom: 0 }}>
        {t(`${ns}.errors`)}
      </Typography.Title>
      <Table
        size="small"
        rowKey="key"
        dataSource={errors}
        pagination={errors.length > 50 ? { pageSize: 50 } : false}
        // (No sideways scroll: on a phone the problem's text wraps under its narrow row and column.)
        columns={[
          { title: t(`${ns}.row`), dataIndex: 'row', width: 80 },
          { title: t(`${ns}.column`), dataIndex: 'column', width: 80 },
          { title: t(`${ns}.problem`), dataIndex: 'message' },
        ]}
      />
    </>
  );
}
