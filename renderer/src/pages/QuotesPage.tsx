import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { APPROVAL_LABELS } from '../../../shared/domain/quote';
import { TERM_LABELS } from '../../../shared/domain/status';
import { invoke } from '../api';
import { useDebounced } from '../app/useDebounced';
import { dateTime, money } from '../app/format';

export function QuotesPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ko';
  const [query, setQuery] = useState('');
  const debounced = useDebounced(query.trim(), 200);
  const list = useQuery({
    queryKey: ['quotes.list', debounced],
    queryFn: () => invoke('quotes.list', { query: debounced || undefined, limit: 100 }),
    placeholderData: keepPreviousData,
  });
  return (
    <section className="page">
      <div className="page-head">
        <h1>{t('quote.listTitle')}</h1>
      </div>
      <input type="search" className="search" placeholder={t('list.search')} aria-label={t('list.search')} value={query} onChange={(e) => setQuery(e.target.value)} />
      {list.isError ? (
        <p className="error-banner" role="alert">
          {list.error.message}
        </p>
      ) : null}
      {list.data?.total === 0 ? <p className="empty">{t('quote.empty')}</p> : null}
      {list.data && list.data.total > 0 ? (
        <table className="grid" data-testid="quotes-table">
          <thead>
            <tr>
              <th>{t('quote.colCustomer')}</th>
              <th>{t('quote.colVersion')}</th>
              <th>{t('quote.colTerm')}</th>
              <th className="num">{t('quote.colMonthly')}</th>
              <th>{t('quote.colApproval')}</th>
              <th>{t('quote.colUpdated')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((q) => (
              <tr key={q.quoteId}>
                <td>
                  <Link to={`/quotes/${q.quoteId}`}>{q.customerName}</Link>
                  <div className="muted small">{q.businessNumber}</div>
                </td>
                <td>{t('quote.versionShort', { version: q.latestVersion })}</td>
                <td>{TERM_LABELS[q.term][lang]}</td>
                <td className="num">{money(q.monthlyTotal, q.currency)}</td>
                <td>
                  <span className={`badge approval-${q.approvalStatus}`}>{APPROVAL_LABELS[q.approvalStatus][lang]}</span>
                </td>
                <td className="nowrap">{dateTime(q.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
