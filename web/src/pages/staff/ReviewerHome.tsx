import { useTranslation } from 'react-i18next';
import { CyclesTable } from './CyclesTable';

export default function ReviewerHome() {
  const { t } = useTranslation();
  return <CyclesTable title={t('staff.cycles')} />;
}
