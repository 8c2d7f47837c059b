import { useEffect, useState } from 'react';
import { createHashRouter, Navigate, NavLink, Outlet, RouterProvider } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionInfo } from '../../shared/console/api';
import { can, type Permission } from '../../shared/console/roles';
import { api, setCsrfToken, whenSignedOut, ApiError } from './api';
import { toggleLanguage } from './i18n';
import { background } from './components/hooks';
import { roleLabel } from './format';
import { LoginPage, ChangePasswordPage } from './pages/LoginPage';
import { OverviewPage } from './pages/OverviewPage';
import { ApplicationsPage } from './pages/ApplicationsPage';
import { ApplicationDetailPage } from './pages/ApplicationDetailPage';
import { QuotesPage } from './pages/QuotesPage';
import { QuoteDetailPage } from './pages/QuoteDetailPage';
import { SettlementsPage } from './pages/SettlementsPage';
import { CommissionPage } from './pages/CommissionPage';
import { TicketsPage } from './pages/TicketsPage';
import { AdminPage } from './pages/AdminPage';
import { ProspectsPage } from './pages/ProspectsPage';
import { AuditPage } from './pages/AuditPage';
import { AccessLogPage } from './pages/AccessLogPage';
import { RetentionPage } from './pages/RetentionPage';
import { SessionContext, useSession } from './session';

const NAV: { to: string; key: 'overview' | 'applications' | 'quotes' | 'settlements' | 'commission' | 'tickets' | 'prospects' | 'admin' | 'audit' | 'access' | 'retention'; permission: Permission }[] =
  [
    { to: '/overview', key: 'overview', permission: 'overview.read' },
    { to: '/applications', key: 'applications', permission: 'applications.read' },
    { to: '/quotes', key: 'quotes', permission: 'quotes.read' },
    { to: '/settlements', key: 'settlements', permission: 'settlements.read' },
    { to: '/commission', key: 'commission', permission: 'settlements.read' },
    { to: '/tickets', key: 'tickets', permission: 'tickets.read' },
    { to: '/prospects', key: 'prospects', permission: 'prospects.manage' },
    { to: '/admin', key: 'admin', permission: 'admin.read' },
    { to: '/audit', key: 'audit', permission: 'audit.read' },
    { to: '/access-log', key: 'access', permission: 'privacy.read' },
    { to: '/retention', key: 'retention', permission: 'privacy.read' },
  ];

function Layout() {
  const { t } = useTranslation();
  const { session, signOut } = useSession();
  return (
    <div className="frame">
      <aside className="sidebar">
        <div className="brand">
          <strong>{t('app.name')}</strong>
          <span>{t('app.subtitle')}</span>
        </div>
        <nav aria-label="콘솔 메뉴">
          <ul>
            {NAV.filter((n) => can(session.user.role, n.permission)).map((n) => (
              <li key={n.key}>
                <NavLink to={n.to} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}>
                  {t(`nav.${n.key}`)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar-foot">
          <small data-testid="who">
            {session.user.name} ({session.user.login}) · {roleLabel(session.user.role)}
          </small>
        </div>
      </aside>
      <div className="main">
        <header className="topbar">
          <strong className="topbar-title">{t('app.subtitle')}</strong>
          <div className="spacer" />
          <button type="button" className="link-button" onClick={() => background(toggleLanguage(), 'language')}>
            {t('app.language')}
          </button>
          <button type="button" className="link-button" onClick={signOut}>
            {t('app.signOut')}
          </button>
        </header>
        <main className="content">
          <Outlet />
        </main>
      </div>
    </div>
  );
}

const router = createHashRouter([
  {
    path: '/',
    element: <Layout />,
    children: [
      { index: true, element: <Navigate to="/overview" replace /> },
      { path: 'overview', element: <OverviewPage /> },
      { path: 'applications', element: <ApplicationsPage /> },
      { path: 'applications/:id', element: <ApplicationDetailPage /> },
      { path: 'quotes', element: <QuotesPage /> },
      { path: 'quotes/:id', element: <QuoteDetailPage /> },
      { path: 'settlements', element: <SettlementsPage /> },
      { path: 'commission', element: <CommissionPage /> },
      { path: 'tickets', element: <TicketsPage /> },
      { path: 'prospects', element: <ProspectsPage /> },
      { path: 'admin', element: <AdminPage /> },
      { path: 'audit', element: <AuditPage /> },
      { path: 'access-log', element: <AccessLogPage /> },
      { path: 'retention', element: <RetentionPage /> },
      { path: '*', element: <Navigate to="/overview" replace /> },
    ],
  },
]);

/** Signed in (with a password of one's own) → the console; otherwise sign-in or password change. */
export function App() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const session = useQuery({
    queryKey: ['session'],
    queryFn: async () => {
      try {
        return await api<SessionInfo>('GET', '/session');
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
  });
  useEffect(() => {
    whenSignedOut((message) => {
      setNotice(message);
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
      client.setQueryData(['session'], null);
    });
  }, [client]);
  if (session.data) setCsrfToken(session.data.csrfToken);

  // Another person's data must not stay cached across sign-in and sign-out; the session query stays
  // (its observer is this component), only its data changes.
  const forgetData = () => client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
  const signedIn = (info: SessionInfo) => {
    setNotice(null);
    setCsrfToken(info.csrfToken);
    forgetData();
    client.setQueryData(['session'], info);
  };
  const signOut = () => {
    background(
      api('POST', '/logout').finally(() => {
        forgetData();
        client.setQueryData(['session'], null);
      }),
      'sign out',
    );
  };

  if (session.isPending) return <p className="muted center">{t('app.loading')}</p>;
  if (session.isError)
    return (
      <p className="error-banner" role="alert">
        {session.error.message}
      </p>
    );
  if (!session.data) return <LoginPage notice={notice} onSignedIn={signedIn} />;
  if (session.data.user.mustChangePassword)
    return <ChangePasswordPage onChanged={() => signedIn({ ...session.data!, user: { ...session.data!.user, mustChangePassword: false } })} onSignOut={signOut} />;
  return (
    <SessionContext.Provider value={{ session: session.data, signOut }}>
      <RouterProvider router={router} />
    </SessionContext.Provider>
  );
}
