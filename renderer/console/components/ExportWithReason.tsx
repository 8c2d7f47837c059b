import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiUrl, type Query } from '../api';

/**
 * A CSV export that needs a reason (issue 17): the reason travels with the request and HQ keeps
 * it in the access log; without one the link stays disabled (HQ would refuse it anyway).
 */
export function ExportWithReason({ path, query, testId }: { path: string; query: Query; testId: string }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const ready = reason.trim().length >= 2;
  return (
    <div className="export-reason">
      <div className="field">
        <label htmlFor={`${testId}-reason`}>{t('access.reasonLabel')}</label>
        <input id={`${testId}-reason`} value={reason} maxLength={200} placeholder={t('access.reasonPlaceholder')} onChange={(e) => setReason(e.target.value)} />
      </div>
      {ready ? (
        <a className="button" href={apiUrl(path, { ...query, reason: reason.trim() })} download data-testid={testId}>
          {t('access.export')}
        </a>
      ) : (
        <span className="button disabled" aria-disabled="true" title={t('access.exportNeedsReason')} data-testid={testId}>
          {t('access.export')}
        </span>
      )}
    </div>
  );
}
