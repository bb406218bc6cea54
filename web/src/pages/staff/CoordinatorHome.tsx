import { useTranslation } from 'react-i18next';
import { CyclesTable } from './CyclesTable';

export default function CoordinatorHome() {
  const { t } = useTranslation();
  return <CyclesTable title={t('staff.cycles')} />;
}
