import { NavLink, Outlet } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { invoke } from '../api';
import { setLanguage } from '../i18n';
import { SyncIndicator } from '../components/SyncIndicator';
import { StoreRecoveryNotice } from '../components/StoreRecoveryNotice';
import { useCoreEvents } from './useCoreEvents';

interface NavEntry {
  to: string;
  key: 'dashboard' | 'applications' | 'quotes' | 'documents' | 'performance' | 'prospects' | 'sync' | 'store';
  enabled: boolean;
}

const NAV: NavEntry[] = [
  { to: '/dashboard', key: 'dashboard', enabled: true },
  { to: '/applications', key: 'applications', enabled: true },
  { to: '/quotes', key: 'quotes', enabled: true },
  { to: '/documents', key: 'documents', enabled: true },
  { to: '/performance', key: 'performance', enabled: true },
  { to: '/prospects', key: 'prospects', enabled: true },
  { to: '/sync', key: 'sync', enabled: true },
  { to: '/store', key: 'store', enabled: true },
];

export function Layout() {
  const { t, i18n } = useTranslation();
  useCoreEvents();
  const info = useQuery({ queryKey: ['app.info'], queryFn: () => invoke('app.info', {}) });
  const store = useQuery({ queryKey: ['store.status'], queryFn: () => invoke('store.status', {}) });

  return (
    <div className="frame">
      <aside className="sidebar">
        <div className="brand">
          <strong>{t('app.name')}</strong>
          <span>{t('app.subtitle')}</span>
        </div>
        <nav aria-label={t('app.mainMenu')}>
          <ul>
            {NAV.map((entry) => (
              <li key={entry.key}>
                {entry.enabled ? (
                  <NavLink to={entry.to} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}>
                    {t(`nav.${entry.key}`)}
                  </NavLink>
                ) : (
                  <span className="nav-link disabled" aria-disabled="true" title={t('nav.comingSoon')}>
                    {t(`nav.${entry.key}`)} <small>({t('nav.comingSoon')})</small>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar-foot">
          {info.data ? (
            <small>
              v{info.data.version} · {info.data.host}
            </small>
          ) : null}
        </div>
      </aside>
      <div className="main">
        <header className="topbar">
          <SyncIndicator />
          {info.isError ? (
            <div className="core-status error" role="alert">
              {t('status.coreDown')}: {info.error.message}
            </div>
          ) : null}
          <div className="spacer" />
          <button type="button" className="link-button" lang={i18n.language === 'ko' ? 'en' : 'ko'} onClick={() => setLanguage(i18n.language === 'ko' ? 'en' : 'ko')}>
            {t('app.language')}
          </button>
        </header>
        <main className="content">
          {store.data?.recovery ? <StoreRecoveryNotice recovery={store.data.recovery} /> : null}
          <Outlet />
        </main>
      </div>
    </div>
  );
}
