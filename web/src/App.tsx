// Providers, and each role's pages: every role lands on its own home and reaches only what it may do.
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { App as AntApp, ConfigProvider } from 'antd';
import viVN from 'antd/locale/vi_VN';
import enUS from 'antd/locale/en_US';
import { useTranslation } from 'react-i18next';
import { SessionProvider, useSession, type Role } from './session';
import { dayjs } from './time';
import { theme } from './theme';
import { NotFoundPage } from './pages/NotFoundPage';
import { Loading } from './pages/Loading';

// Every page is its own chunk, so the exam room loads only what it uses.
const AppShell = lazy(() => import('./layout/AppShell'));
const SignInPage = lazy(() => import('./pages/SignInPage'));
const OfficerHome = lazy(() => import('./pages/officer/OfficerHome'));
const loadExamRoom = () => import('./pages/officer/ExamRoom');
const ExamRoom = lazy(loadExamRoom);
// A candidate reloading the exam room should not wait for the session check before its code starts loading.
if (window.location.pathname.startsWith('/exam/')) void loadExamRoom();
const MyResults = lazy(() => import('./pages/officer/MyResults'));
const CoordinatorHome = lazy(() => import('./pages/coordinator/CyclesHome'));
const ReviewerHome = lazy(() => import('./pages/coordinator/CyclesHome'));
const CycleDashboard = lazy(() => import('./pages/coordinator/CycleDashboard'));
const NewCycle = lazy(() => import('./pages/coordinator/NewCycle'));
const CycleReports = lazy(() => import('./pages/coordinator/ReportsPage'));
const ReviewerCycle = lazy(() => import('./pages/reviewer/ReviewerCycle'));
const DepartmentWorkspace = lazy(() => import('./pages/staff/DepartmentWorkspace'));
const LeaderHome = lazy(() => import('./pages/leader/LeaderInbox'));
const FollowUpTaskPage = lazy(() => import('./pages/leader/FollowUpTaskPage'));
const FeedbackCasePage = lazy(() => import('./pages/leader/FeedbackCasePage'));
const LeaderStatistics = lazy(() => import('./pages/leader/LeaderStatistics'));
const BusinessHome = lazy(() => import('./pages/business/BusinessHome'));
const DeclarationRating = lazy(() => import('./pages/business/DeclarationRating'));
const MyCases = lazy(() => import('./pages/business/MyCases'));
const LegalNotices = lazy(() => import('./pages/business/LegalNotices'));
const NotificationsPage = lazy(() => import('./notifications/NotificationsPage'));
const ItemAnalysis = lazy(() => import('./pages/coordinator/ItemAnalysis'));
const RuleSetsPage = lazy(() => import('./pages/rules/RuleSetsPage'));
const RuleSetPage = lazy(() => import('./pages/rules/RuleSetPage'));
const BankList = lazy(() => import('./pages/bank/BankList'));
const BankItem = lazy(() => import('./pages/bank/ItemPage'));
const BankNewItem = lazy(() => import('./pages/bank/NewItem'));
const BlueprintEditor = lazy(() => import('./pages/bank/BlueprintEditor'));

const HOME: Record<Role, ReactNode> = {
  OFFICER: <OfficerHome />,
  COORDINATOR: <CoordinatorHome />,
  REVIEWER: <ReviewerHome />,
  LEADER: <LeaderHome />,
  BUSINESS: <BusinessHome />,
};

function RoleRoutes() {
  const { user, loading } = useSession();
  if (loading) return <Loading />;
  if (!user)
    return (
      <Suspense fallback={<Loading />}>
        <SignInPage />
      </Suspense>
    );
  const only = (role: Role, page: ReactNode) => (user.role === role ? page : <NotFoundPage forbidden />);
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/exam/:registrationId" element={only('OFFICER', <ExamRoom />)} />
        <Route element={<AppShell />}>
          <Route index element={HOME[user.role]} />
          <Route path="/results" element={only('OFFICER', <MyResults />)} />
          <Route path="/cycles/new" element={only('COORDINATOR', <NewCycle />)} />
          <Route path="/cycles/:id" element={user.role === 'REVIEWER' ? <ReviewerCycle /> : only('COORDINATOR', <CycleDashboard />)} />
          <Route path="/cycles/:id/reports" element={only('COORDINATOR', <CycleReports />)} />
          <Route path="/cycles/:id/units/:unitId" element={user.role === 'REVIEWER' ? <DepartmentWorkspace /> : only('COORDINATOR', <DepartmentWorkspace />)} />
          <Route path="/follow-ups/:id" element={only('LEADER', <FollowUpTaskPage />)} />
          <Route path="/cases/:id" element={only('LEADER', <FeedbackCasePage />)} />
          <Route path="/statistics" element={only('LEADER', <LeaderStatistics />)} />
          <Route path="/declarations/:id" element={only('BUSINESS', <DeclarationRating />)} />
          <Route path="/my-cases" element={only('BUSINESS', <MyCases />)} />
          <Route path="/notices" element={only('BUSINESS', <LegalNotices />)} />
          <Route path="/bank" element={only('COORDINATOR', <BankList />)} />
          <Route path="/bank/new" element={only('COORDINATOR', <BankNewItem />)} />
          <Route path="/bank/items/:id" element={only('COORDINATOR', <BankItem />)} />
          <Route path="/bank/blueprints" element={only('COORDINATOR', <BlueprintEditor />)} />
          <Route path="/cycles/:id/items" element={only('COORDINATOR', <ItemAnalysis />)} />
          <Route path="/rule-sets" element={only('COORDINATOR', <RuleSetsPage />)} />
          <Route path="/rule-sets/:id" element={only('COORDINATOR', <RuleSetPage />)} />
          <Route path="/notifications" element={<NotificationsPage />} />
          <Route path="/sign-in" element={<Navigate to="/" replace />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

export function App() {
  const { i18n } = useTranslation();
  dayjs.locale(i18n.language);
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : viVN} theme={theme}>
      <AntApp>
        <SessionProvider>
          <RoleRoutes />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
