import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

export function NotFoundPage({ forbidden = false }: { forbidden?: boolean }) {
  const { t } = useTranslation();
  return (
    <Result
      status={forbidden ? '403' : '404'}
      title={<h1 style={{ fontSize: 24, margin: 0 }}>{forbidden ? t('app.forbidden') : t('app.notFound')}</h1>}
      extra={
        <Link to="/">
          <Button type="primary">{t('app.backHome')}</Button>
        </Link>
      }
    />
  );
}
