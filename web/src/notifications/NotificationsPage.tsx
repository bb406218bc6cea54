// The notification centre: what the system told me (reminders, escalations, answers), newest first, with a link
// to the thing; opening one marks it read.
import { useState } from 'react';
import { Button, Card, Empty, List, Space, Switch, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { dateTime } from '../time';
import { LoadError } from '../pages/common';
import { useMarkAllRead, useMarkRead, useNotifications } from './api';

export default function NotificationsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useNotifications(unreadOnly, 50);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('notif.title')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Switch checked={unreadOnly} onChange={setUnreadOnly} aria-label={t('notif.unreadOnly')} />
        <span>{t('notif.unreadOnly')}</span>
        <Button onClick={() => markAll.mutate()} disabled={!list.data?.unread} loading={markAll.isPending}>
          {t('notif.markAll')}
        </Button>
      </Space>
      {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
      <Card>
        <List
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('notif.empty')} /> }}
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
