// The notification centre: what the system told me (reminders, escalations, answers), newest first, with a link
// to the thing; opening one marks it read. Paged on the server; the page and "unread only" live in the address.
import { useEffect } from 'react';
import { Button, Card, Empty, Grid, List, Space, Switch, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { dateTime } from '../time';
import { LoadError, serverPager } from '../pages/common';
import { useUrlState } from '../pages/staff/console';
import { useMarkAllRead, useMarkRead, useNotifications } from './api';

const PAGE_SIZE = 20;
const KEYS = ['unread'] as const;

export default function NotificationsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [state, setState] = useUrlState(KEYS);
  const unreadOnly = state.unread === 'true';
  const { page } = state;
  const list = useNotifications(unreadOnly, PAGE_SIZE, page);
  const total = list.data?.total ?? 0;
  // Marking read under "unread only" empties the last page: show the page before it.
  useEffect(() => {
    if (list.data && !list.isPlaceholderData && page > 1 && list.data.items.length === 0) {
      const last = Math.max(1, Math.ceil(total / PAGE_SIZE));
      setState({ page: last > 1 ? last : undefined });
    }
  }, [list.data, list.isPlaceholderData, page, total, setState]);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('notif.title')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Switch checked={unreadOnly} onChange={(on) => setState({ unread: on ? 'true' : undefined })} aria-label={t('notif.unreadOnly')} />
        <span>{t('notif.unreadOnly')}</span>
        <Button onClick={() => markAll.mutate()} disabled={!list.data?.unread} loading={markAll.isPending}>
          {t('notif.markAll')}
        </Button>
      </Space>
      {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
      <Card>
        <List
          // On a phone the actions go under the text, which keeps the width to read it.
          itemLayout={screens.md === false ? 'vertical' : 'horizontal'}
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('notif.empty')} /> }}
          pagination={serverPager({ page, pageSize: PAGE_SIZE, total, showTotal: (count) => t('notif.total', { count }), onPage: (p) => setState({ page: p }) })}
          renderItem={(n) => (
            <List.Item
              actions={[
                n.link && (
                  <Button
                    key="open"
                    type="link"
                    onClick={() => {
                      if (!n.readAt) markRead.mutate(n.id);
                      navigate(n.link!);
                    }}
                  >
                    {t('notif.open')}
                  </Button>
                ),
                !n.readAt && (
                  <Button key="read" type="link" onClick={() => markRead.mutate(n.id)}>
                    {t('notif.markRead')}
                  </Button>
                ),
              ].filter(Boolean)}
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    <span style={{ fontWeight: n.readAt ? 400 : 600 }}>{n.title}</span>
                    {!n.readAt && <Tag color="blue">{t('notif.unread')}</Tag>}
                  </Space>
                }
                description={
                  <>
                    <div style={{ color: '#374151' }}>{n.body}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {dateTime(n.createdAt)}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </>
  );
}
