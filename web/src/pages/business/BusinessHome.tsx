// A business's declarations, newest first, each with how many of its subjects were rated and a way to rate.
// Cards rather than a table, so it reads as well on a phone.
import { Button, Card, Empty, List, Pagination, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { dateOnly } from '../../time';
import { LoadError, useLocalized } from '../common';

/** The newest legal notices, above the declarations (the whole list is one link away). */
function LatestNotices() {
  const { t, i18n } = useTranslation();
  const notices = useQuery({ queryKey: ['portal', 'notices', 'latest'], queryFn: () => call(api.GET('/feedback/legal-notices', { params: { query: { pageSize: 3 } } })) });
  if (!notices.data?.items.length) return null;
  return (
    <Card size="small" style={{ marginBottom: 16 }} title={t('portal.notices')} extra={<Link to="/notices">{t('notif.all')}</Link>}>
      <ul style={{ margin: 0, paddingLeft: 18 }}>
        {notices.data.items.map((n) => (
          <li key={n.id}>
            <a href={n.sourceLink} target="_blank" rel="noreferrer">{i18n.language === 'en' ? n.titleEn : n.titleVi}</a>{' '}
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>({dateOnly(n.issuedAt)})</Typography.Text> {n.isNew && <Tag color="#166534">{t('portal.new')}</Tag>}
          </li>
        ))}
      </ul>
    </Card>
  );
}

export default function BusinessHome() {
  const { t } = useTranslation();
  const name = useLocalized();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? 1) || 1;
  const declarations = useQuery({
    queryKey: ['portal', 'declarations', page],
    queryFn: () => call(api.GET('/feedback/my/declarations', { params: { query: { page, pageSize: 10 } } })),
  });
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('portal.declarations')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('portal.intro')}</Typography.Paragraph>
      <LatestNotices />
      {declarations.isError && <LoadError error={declarations.error} onRetry={() => void declarations.refetch()} />}
      <List
        loading={declarations.isPending}
        dataSource={declarations.data?.items ?? []}
        locale={{ emptyText: <Empty /> }}
        renderItem={(d) => {
          const rated = d.subjects.filter((s) => s.rating).length;
          const all = rated === d.subjects.length;
          return (
            <List.Item style={{ padding: '6px 0', border: 0 }}>
              <Card style={{ width: '100%' }} styles={{ body: { padding: 16 } }}>
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', justifyContent: 'space-between' }}>
                  <div>
                    <Typography.Text strong style={{ fontSize: 16 }}>
                      {t('portal.number')} {d.number}
                    </Typography.Text>
                    <div>
                      <Typography.Text type="secondary">
                        {dateOnly(d.registeredAt)} · {name(d.branch)}
                      </Typography.Text>
                    </div>
                  </div>
                  <Space wrap>
                    <Tag color={all ? '#166534' : rated ? '#854d0e' : 'blue'}>{t('portal.rated', { rated, total: d.subjects.length })}</Tag>
                    <Button type={all ? 'default' : 'primary'} onClick={() => navigate(`/declarations/${d.id}`)} aria-label={`${all ? t('portal.view') : t('portal.rate')} ${d.number}`}>
                      {all ? t('portal.view') : t('portal.rate')}
                    </Button>
                  </Space>
                </div>
              </Card>
            </List.Item>
          );
        }}
      />
      {declarations.data && declarations.data.total > 10 && (
        <Pagination style={{ marginTop: 12 }} current={page} pageSize={10} total={declarations.data.total} showSizeChanger={false}
          onChange={(p) => setParams(p === 1 ? {} : { page: String(p) })} />
      )}
    </>
  );
}
