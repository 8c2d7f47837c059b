import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { invoke } from '../api';
import { background } from '../app/background';
import { date, kindLabel, statusLabel } from '../app/format';

/** /search?q= — customers and applications (by company name, business number or service number). */
export function SearchPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const q = params.get('q') ?? '';
  const navigate = useNavigate();
  const [typed, setTyped] = useState(q);
  const apps = useQuery({ queryKey: ['applications.list', q, 'search'], queryFn: () => invoke('applications.list', { query: q, limit: 50 }), enabled: Boolean(q) });
  const customers = useQuery({ queryKey: ['customers.list', q, 'search'], queryFn: () => invoke('customers.list', { query: q, limit: 20 }), enabled: Boolean(q) });
  return (
    <section className="page">
      <h1>{t('dash.searchResults', { q })}</h1>
      {/* Search again from the results, without going back to the dashboard. */}
      <form
        className="search-again"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          const next = typed.trim();
          if (next) background(navigate(`/search?q=${encodeURIComponent(next)}`), 'search');
        }}
      >
        <input type="search" className="search" aria-label={t('list.search')} placeholder={t('list.search')} value={typed} data-testid="search-again" onChange={(e) => setTyped(e.target.value)} />
        <button type="submit">{t('list.searchAgain')}</button>
      </form>
      <fieldset>
        <legend>
          {t('list.tabCustomers')} ({customers.data?.total ?? 0})
        </legend>
        <ul data-testid="search-customers">
          {customers.data?.items.map((c) => (
            <li key={c.id}>
              <Link to={`/applications?q=${encodeURIComponent(c.businessNumber)}`}>{c.name}</Link> <span className="mono muted">{c.businessNumber}</span> · {c.representative} ·{' '}
              {t('list.colApplications')} {c.applicationCount}
            </li>
          ))}
        </ul>
      </fieldset>
      <fieldset>
        <legend>
          {t('list.tabApplications')} ({apps.data?.total ?? 0})
        </legend>
        <ul data-testid="search-applications">
          {apps.data?.items.map((a) => (
            <li key={a.id}>
              <Link to={`/applications/${a.id}/workflow`}>{a.customer.name}</Link> · {kindLabel(a.kind)} · {statusLabel(a.status)}{' '}
              {a.serviceNumber ? <span className="mono">{a.serviceNumber}</span> : null} · {date(a.date)}
            </li>
          ))}
        </ul>
      </fieldset>
    </section>
  );
}
