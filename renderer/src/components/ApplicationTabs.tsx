import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';

/** The views of one application: its content, its quote, its documents, its progress. */
export function ApplicationTabs({ applicationId, quotePath }: { applicationId: string; quotePath?: string | undefined }) {
  const { t } = useTranslation();
  const cls = ({ isActive }: { isActive: boolean }) => (isActive ? 'tab active' : 'tab');
  return (
    <nav className="tabs app-tabs no-print" aria-label={t('tabs.label')}>
      <NavLink end to={`/applications/${applicationId}`} className={cls}>
        {t('tabs.application')}
      </NavLink>
      <NavLink to={quotePath ?? `/quotes/new?application=${applicationId}`} className={cls}>
        {t('tabs.quote')}
      </NavLink>
      <NavLink to={`/applications/${applicationId}/documents`} className={cls}>
        {t('tabs.documents')}
      </NavLink>
      <NavLink to={`/applications/${applicationId}/workflow`} className={cls}>
        {t('tabs.workflow')}
      </NavLink>
      <NavLink to={`/applications/${applicationId}/service`} className={cls}>
        {t('tabs.service')}
      </NavLink>
      <NavLink to={`/applications/${applicationId}/consents`} className={cls}>
        {t('tabs.consent')}
      </NavLink>
    </nav>
  );
}
