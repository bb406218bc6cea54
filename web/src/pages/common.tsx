// Small pieces every page uses: names in the reader's language, a load failure a person can retry, and the pager
// of a list paged on the server.
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

/**
 * The pager of a list the server pages, whose page lives in the address: one page size, the total in words, and
 * a page change that goes back to the top of the list.
 */
export function serverPager({ page, pageSize, total, showTotal, onPage }: { page: number; pageSize: number; total: number; showTotal: (count: number) => string; onPage: (page: number | undefined) => void }) {
  return {
    current: page,
    pageSize,
    total,
    hideOnSinglePage: true,
    showSizeChanger: false,
    showTotal,
    onChange: (p: number) => {
      onPage(p > 1 ? p : undefined);
      window.scrollTo({ top: 0 });
    },
  };
}
