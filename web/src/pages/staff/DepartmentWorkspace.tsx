// One department in one cycle: its list (what blocks submission, the deadline counting down, headquarters'
// comments on a return; the reviewer submits, the coordinator approves or returns), its registrations with
// outcome filters and the flagged one's review side by side, registering from a file, who has not
// registered, and its exam sessions (SessionsTab). The same page for the department's reviewer and for
// headquarters: the actions follow the role, the data follows the API's unit scope (another department's
// reviewer is refused, and told so).
import { Alert, Breadcrumb, Space, Tabs, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client';
import { useSession } from '../../session';
import { Loading } from '../Loading';
import { NotFoundPage } from '../NotFoundPage';
import { LoadError, useLocalized } from '../common';
import { useUrlState } from './console';
import { ListCard } from './ListCard';
import { RegistrationsTab } from './RegistrationsTab';
import { UploadTab } from './UploadTab';
import { NotRegisteredTab } from './NotRegisteredTab';
import { SessionsTab } from './SessionsTab';

const KEYS = ['tab', 'outcome', 'decision', 'sort', 'q', 'open', 'session', 'move'] as const;

export default function DepartmentWorkspace() {
  const { id = '', unitId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const name = useLocalized();
  const { user } = useSession();
  const [state, setState] = useUrlState(KEYS);
  const cycle = useQuery({ queryKey: ['cycle', id], queryFn: () => call(api.GET('/cycles/{id}', { params: { path: { id } } })), retry: false });
  const report = useQuery({
    queryKey: ['cycle', id, 'registration-report', unitId],
    queryFn: () => call(api.GET('/cycles/{id}/reports/registration', { params: { path: { id }, query: { unitId } } })),
    retry: false,
  });
  const forbidden = [cycle.error, report.error].some((e) => e instanceof ApiError && e.status === 403);
  if (forbidden)
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        <NotFoundPage forbidden />
        <Alert type="warning" showIcon role="alert" title={t('workspace.forbidden')} />
      </Space>
    );
  if (cycle.isPending || report.isPending) return <Loading />;
  if (cycle.isError) return cycle.error instanceof ApiError && cycle.error.status === 404 ? <NotFoundPage /> : <LoadError error={cycle.error} onRetry={() => void cycle.refetch()} />;
  if (report.isError) return report.error instanceof ApiError && report.error.status === 404 ? <NotFoundPage /> : <LoadError error={report.error} onRetry={() => void report.refetch()} />;
  const c = cycle.data;
  const department = report.data.departments.find((d) => d.unitId === unitId);
  const departmentName = department ? (i18n.language === 'en' ? department.unitNameEn : department.unitNameVi) : unitId;
  const now = Date.now();
  const registrationOpen = c.status === 'RUNNING' && new Date(c.timeline.registrationOpensAt).getTime() <= now && now < new Date(c.timeline.registrationClosesAt).getTime();
  const tab = state.tab === 'upload' || state.tab === 'not-registered' || state.tab === 'sessions' ? state.tab : 'registrations';
  const coordinator = user?.role === 'COORDINATOR';

  return (
    <Space orientation="vertical" size={20} style={{ width: '100%' }}>
      <Breadcrumb
        items={[
          { title: <Link to="/">{t('cycles.title')}</Link> },
          coordinator ? { title: <Link to={`/cycles/${c.id}`}>{c.code}</Link> } : { title: c.code },
          { title: departmentName },
        ]}
      />
      <div>
        <Typography.Title level={1} style={{ fontSize: 26, marginBottom: 4 }}>
          {departmentName}
        </Typography.Title>
        <Typography.Text type="secondary">{name(c)}</Typography.Text>
      </div>
      <ListCard cycle={c} unitId={unitId} pending={department?.pendingDecisions ?? 0} />
      <Tabs
        className="workspace-tabs"
        activeKey={tab}
        onChange={(key) => setState({ tab: key === 'registrations' ? undefined : key, outcome: undefined, decision: undefined, sort: undefined, q: undefined, open: undefined, session: undefined, move: undefined })}
        items={[
          { key: 'registrations', label: t('workspace.tabs.registrations'), children: <RegistrationsTab cycle={c} unitId={unitId} state={state} setState={setState} /> },
          ...(coordinator ? [] : [{ key: 'upload', label: t('workspace.tabs.upload'), children: <UploadTab cycleId={c.id} open={registrationOpen} /> }]),
          { key: 'not-registered', label: t('workspace.tabs.notRegistered'), children: <NotRegisteredTab cycleId={c.id} unitId={unitId} state={state} setState={setState} /> },
          { key: 'sessions', label: t('sessions.tab'), children: <SessionsTab cycle={c} unitId={unitId} state={state} setState={setState} /> },
        ]}
      />
    </Space>
  );
}
