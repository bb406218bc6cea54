import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session';
import type { Language } from '../i18n';

export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  const { setLanguage } = useSession();
  return (
    <Segmented<Language>
      size="small"
      aria-label={t('app.language')}
      value={i18n.language === 'en' ? 'en' : 'vi'}
      onChange={(lang) => setLanguage(lang)}
      options={[
        { label: 'Tiếng Việt', value: 'vi' },
        { label: 'English', value: 'en' },
      ]}
    />
  );
}

