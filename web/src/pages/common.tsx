// Small pieces every page uses: names in the reader's language, and a load failure a person can retry.
import { useCallback } from 'react';
import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';

/** Picks nameVi or nameEn by the current language. */
export function useLocalized() {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  return useCallback((x: { nameVi: string; nameEn: string }) => (en ? x.nameEn : x.nameVi), [en]);
}

export function LoadError({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={t('app.loadFailed')}
      description={error.message}
      action={onRetry && <Button onClick={onRetry}>{t('app.retry')}</Button>}
    />
  );
}
