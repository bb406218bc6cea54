// The frame of every page but the exam room: the product's name, the navigation this role may use, the
// language switch and who is signed in.
import { Button, Grid, Layout, Menu, Typography } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession, type Role } from '../session';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationBell } from '../notifications/NotificationBell';
import { InboxCount } from '../pages/leader/InboxCount';

const NAV: Record<Role, { to: string; key: string; count?: boolean }[]> = {
  OFFICER: [
    { to: '/', key: 'nav.home' },
    { to: '/results', key: 'nav.myResults' },
  ],
  COORDINATOR: [
    { to: '/', key: 'nav.cycles' },
    { to: '/bank', key: 'bankNav.bank' },
    { to: '/rule-sets', key: 'rulesNav.ruleSets' },
  ],
  REVIEWER: [{ to: '/', key: 'nav.cycles' }],
  LEADER: [
    { to: '/', key: 'workNav.inbox', count: true },
    { to: '/statistics', key: 'workNav.statistics' },
  ],
  BUSINESS: [
    { to: '/', key: 'workNav.declarations' },
    { to: '/my-cases', key: 'workNav.myCases' },
  ],
};

const OUTSIDE_NAV = ['/notifications'];

export default function AppShell() {
  const { t } = useTranslation();
  const { user, signOut } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  if (!user) return null;
  const items = NAV[user.role].map((n) => ({ key: n.to, label: <Link to={n.to}>{t(n.key)}{n.count && <InboxCount />}</Link> }));
  // The entry a page belongs to: the longest one its path starts with ("/bank/items/x" → "/bank", "/cycles/x" → "/").
  // Pages reached from the header (the bell) belong to no entry.
  const selected = NAV[user.role]
    .map((n) => n.to)
    .filter(() => !OUTSIDE_NAV.some((p) => location.pathname === p || location.pathname.startsWith(`${p}/`)))
    .filter((to) => to === '/' || location.pathname === to || location.pathname.startsWith(`${to}/`))
    .sort((a, b) => b.length - a.length)
    .slice(0, 1);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: screens.md ? 24 : 12 }}>
        <Link to="/" style={{ color: '#fff', fontWeight: 600, whiteSpace: 'nowrap', fontSize: screens.md ? 17 : 15 }}>
          {screens.lg ? t('app.name') : t('app.short')}
        </Link>
        {screens.md ? (
          <nav aria-label={t('app.short')} style={{ flex: 1, minWidth: 0 }}>
            <Menu theme="dark" mode="horizontal" selectedKeys={selected} items={items} style={{ background: 'transparent', borderBottom: 0 }} />
          </nav>
        ) : (
          <span style={{ flex: 1 }} />
        )}
        <NotificationBell />
        {screens.sm && <LanguageSwitch />}
        {screens.md && (
          <span style={{ color: '#fff', lineHeight: 1.2, textAlign: 'right' }}>
            <span style={{ display: 'block', fontWeight: 600 }}>{user.displayName}</span>
            <span style={{ display: 'block', fontSize: 12, opacity: 0.85 }}>{t(`roles.${user.role}`)}</span>
          </span>
        )}
        <Button
          icon={<LogoutOutlined />}
          onClick={async () => {
            await signOut();
            navigate('/', { replace: true, state: { signedOut: true } });
          }}
          aria-label={t('app.signOut')}
        >
          {screens.md ? t('app.signOut') : null}
        </Button>
      </Layout.Header>
      {!screens.md && (
        // On a phone the navigation gets a row of its own, so no entry hides behind "…".
        <nav aria-label={t('app.short')} style={{ background: '#fff', borderBottom: '1px solid #e3e8ef' }}>
          <Menu mode="horizontal" selectedKeys={selected} items={items} style={{ borderBottom: 0, justifyContent: 'center' }} />
        </nav>
      )}
      <Layout.Content id="main" tabIndex={-1} style={{ padding: screens.md ? '24px 32px' : '16px 12px', maxWidth: 1280, width: '100%', margin: '0 auto' }}>
        {!screens.sm && (
          <div style={{ marginBottom: 12, display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8 }}>
            <Typography.Text strong>{user.displayName}</Typography.Text>
            <LanguageSwitch />
          </div>
        )}
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}
