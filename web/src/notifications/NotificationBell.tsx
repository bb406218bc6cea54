// The bell in the header, for every role: the unread count, and a way to the notification centre.
import { Badge, Button } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useUnreadCount } from './api';

export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data } = useUnreadCount();
  const count = data ?? 0;
  return (
    <Badge count={count} size="small" offset={[-4, 4]}>
      <Button type="text" aria-label={t('notif.bell', { count })} icon={<BellOutlined style={{ color: '#fff', fontSize: 18 }} />} onClick={() => navigate('/notifications')} />
    </Badge>
  );
}
