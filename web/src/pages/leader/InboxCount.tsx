// The leader's open (and overdue) work, shown beside the inbox's entry in the navigation.
import { Badge } from 'antd';
import { useTranslation } from 'react-i18next';
import { useInboxCounts } from './api';

export function InboxCount() {
  const { t } = useTranslation();
  const { data } = useInboxCounts(true);
  if (!data || data.open === 0) return null;
  return (
    <Badge
      count={data.open}
      overflowCount={999}
      color={data.overdue ? '#b91c1c' : '#1d4ed8'}
      style={{ marginInlineStart: 6, boxShadow: 'none' }}
      title={t('inbox.counts', { open: data.open, overdue: data.overdue })}
      aria-label={t('inbox.counts', { open: data.open, overdue: data.overdue })}
    />
  );
}
