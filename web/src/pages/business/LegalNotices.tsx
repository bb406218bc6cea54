// Notices of newly issued legal documents relevant to the business, newest first, each opening its source; paged
// on the server, the page in the address.
import { Card, Empty, List, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { dateOnly } from '../../time';
import { LoadError, serverPager } from '../common';
import { useUrlState } from '../staff/console';

const PAGE_SIZE = 10;
const NO_FILTERS = [] as const;

export default function LegalNotices() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [{ page }, setUrl] = useUrlState(NO_FILTERS);
  const notices = useQuery({
    queryKey: ['portal', 'notices', page],
    queryFn: () => call(api.GET('/feedback/legal-notices', { params: { query: { page, pageSize: PAGE_SIZE } } })),
    placeholderData: (previous) => previous,
  });
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('portal.notices')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('portal.noticesIntro')}</Typography.Paragraph>
      {notices.isError && <LoadError error={notices.error} onRetry={() => void notices.refetch()} />}
      <List
        loading={notices.isPending}
        dataSource={notices.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('portal.noNotices')} /> }}
        pagination={serverPager({ page, pageSize: PAGE_SIZE, total: notices.data?.total ?? 0, showTotal: (count) => t('portal.total', { count }), onPage: (p) => setUrl({ page: p }) })}
        renderItem={(n) => (
          <List.Item style={{ padding: '6px 0', border: 0 }}>
            <Card style={{ width: '100%' }} styles={{ body: { padding: 16 } }}>
              <Typography.Text strong style={{ fontSize: 16 }}>
                {en ? n.titleEn : n.titleVi}
              </Typography.Text>{' '}
              {n.isNew && <Tag color="#166534">{t('portal.new')}</Tag>}
              <div>
                <Typography.Text type="secondary">
                  {n.documentNo ? `${n.documentNo} · ` : ''}
                  {t('portal.issued', { at: dateOnly(n.issuedAt) })}
                </Typography.Text>
              </div>
              {(en ? n.summaryEn : n.summaryVi) && <Typography.Paragraph style={{ marginTop: 8, marginBottom: 8 }}>{en ? n.summaryEn : n.summaryVi}</Typography.Paragraph>}
              <a href={n.sourceLink} target="_blank" rel="noreferrer">
                {t('portal.openSource')}
              </a>
            </Card>
          </List.Item>
        )}
      />
    </>
  );
}
