import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { invoke } from '../api';
import { useDebounced } from '../app/useDebounced';
import { date, kindLabel, statusLabel } from '../app/format';

/** /documents — pick an application to preview, sign, print and save its forms. */
export function DocumentsIndexPage() {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const debounced = useDebounced(query.trim(), 200);
  const list = useQuery({
    queryKey: ['applications.list', debounced, 0],
    queryFn: () => invoke('applications.list', { query: debounced || undefined, limit: 50, offset: 0 }),
    placeholderData: keepPreviousData,
  });
  return (
    <section className="page">
      <div className="page-head">
        <h1>{t('docs.listTitle')}</h1>
      </div>
      <p className="muted">{t('docs.pick')}</p>
      <input type="search" className="search" placeholder={t('list.search')} aria-label={t('list.search')} value={query} onChange={(e) => setQuery(e.target.value)} />
      {list.data?.items.length === 0 ? <p className="empty">{query ? t('list.emptySearch') : t('list.empty', { button: t('list.newApplication') })}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <table className="grid">
          <thead>
            <tr>
              <th>{t('list.colCustomer')}</th>
              <th>{t('list.colKind')}</th>
              <th>{t('list.colStatus')}</th>
              <th>{t('list.colDate')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/applications/${a.id}/documents`}>{a.customer.name}</Link>
                </td>
                <td>{kindLabel(a.kind)}</td>
                <td>{statusLabel(a.status)}</td>
                <td className="nowrap">{date(a.date)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
