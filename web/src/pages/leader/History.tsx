// A thing's history (audit trail) as a timeline: what happened, when (Vietnam time), and why.
import { Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { dateTime } from '../../time';

export function History({ entries }: { entries: { at: string; action: string; reason: string | null }[] }) {
  const { t } = useTranslation();
  return (
    <Timeline
      items={entries.map((h) => ({
        color: /escalat/.test(h.action) ? 'red' : /remind/.test(h.action) ? 'orange' : 'blue',
        content: (
          <>
            <div>
              <strong>{t(`hist.${h.action.replace(/\./g, '_')}`, { defaultValue: h.action })}</strong> — {dateTime(h.at)}
            </div>
            {h.reason && <Typography.Text type="secondary">{h.reason}</Typography.Text>}
          </>
        ),
      }))}
    />
  );
}
