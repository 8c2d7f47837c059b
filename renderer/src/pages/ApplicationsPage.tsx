import { useState } from 'react';
import { Link, NavLink, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { invoke } from '../api';
import { useDebounced } from '../app/useDebounced';
import { date, dateTime, kindLabel } from '../app/format';
import { useSyncStatus } from '../app/useSyncStatus';
import { statusShownLabel } from '../app/syncWords';
import { statusShown } from '../../../shared/domain/status';

const PAGE = 50;

export function ApplicationsPage({ tab = 'applications' }: { tab?: 'applications' | 'customers' }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [query, setQuery] = useState(params.get('q') ?? '');
  const [offset, setOffset] = useState(0);
  const debounced = useDebounced(query.trim(), 200);

  return (
    <section className="page">
      <div className="page-head">
        <h1>{t('list.title')}</h1>
        <Link to="/applications/new" className="button primary">
          {t('list.newApplication')}
        </Link>
      </div>
      <div className="tabs" role="tablist">
        <NavLink to="/applications" role="tab" className={tab === 'applications' ? 'tab active' : 'tab'} aria-selected={tab === 'applications'}>
          {t('list.tabApplications')}
        </NavLink>
        <NavLink to="/customers" role="tab" className={tab === 'customers' ? 'tab active' : 'tab'} aria-selected={tab === 'customers'}>
          {t('list.tabCustomers')}
        </NavLink>
      </div>
      <input
        type="search"
        className="search"
        placeholder={t('list.search')}
        aria-label={t('list.search')}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setOffset(0);
        }}
      />
      {tab === 'applications' ? <ApplicationTable query={debounced} offset={offset} setOffset={setOffset} /> : <CustomerTable query={debounced} offset={offset} setOffset={setOffset} />}
    </section>
  );
}

interface TableProps {
  query: string;
  offset: number;
  setOffset: (n: number) => void;
}

function Pager({ total, capped, offset, setOffset }: { total: number; capped: boolean; offset: number; setOffset: (n: number) => void }) {
  const { t } = useTranslation();
  const totalText = capped ? t('list.totalCapped', { count: total.toLocaleString('ko-KR') }) : t('list.total', { count: total.toLocaleString('ko-KR') });
  if (total <= PAGE && !capped) return <p className="muted">{totalText}</p>;
  return (
    <div className="pager">
      <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
        {t('list.prev')}
      </button>
      <span>{t('list.page', { from: offset + 1, to: Math.min(total, offset + PAGE), total: totalText })}</span>
      <button type="button" disabled={offset + PAGE >= total && !capped} onClick={() => setOffset(offset + PAGE)}>
        {t('list.next')}
      </button>
    </div>
  );
}

function ApplicationTable({ query, offset, setOffset }: TableProps) {
  const { t } = useTranslation();
  const enrolled = useSyncStatus().data?.enrolled ?? false;
  const list = useQuery({
    queryKey: ['applications.list', query, offset],
    queryFn: () => invoke('applications.list', { query: query || undefined, limit: PAGE, offset }),
    placeholderData: keepPreviousData,
  });
  if (list.isError) return <p className="error-banner" role="alert">{(list.error as Error).message}</p>;
  if (!list.data) return <p className="muted">{t('list.loading')}</p>;
  if (list.data.total === 0) return <p className="empty">{query ? t('list.emptySearch') : t('list.empty')}</p>;
  return (
    <>
      <table className="grid" data-testid="applications-table">
        <thead>
          <tr>
            <th>{t('list.colCustomer')}</th>
            <th>{t('list.colBizno')}</th>
            <th>{t('list.colKind')}</th>
            <th>{t('list.colStatus')}</th>
            <th>{t('list.colServiceNumber')}</th>
            <th>{t('list.colDate')}</th>
            <th>{t('list.colUpdated')}</th>
            <th>{t('list.colSync')}</th>
          </tr>
        </thead>
        <tbody>
          {list.data.items.map((a) => (
            <tr key={a.id}>
              <td>
                <Link to={`/applications/${a.id}`}>{a.customer.name}</Link>
              </td>
              <td className="mono">{a.customer.businessNumber}</td>
              <td>{kindLabel(a.kind)}</td>
              <td>
                <span className={`badge status-${a.status}`} data-testid="record-status">
                  {statusShownLabel(statusShown(a.status, a.statusAtHq, enrolled))}
                </span>
              </td>
              <td className="mono">{a.serviceNumber ?? '—'}</td>
              <td>{date(a.date)}</td>
              <td>{dateTime(a.updatedAt)}</td>
              <td>
                <span className={`badge sync-${a.sync}`} data-testid="record-sync">
                  {t(`list.syncStates.${a.sync}`)}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager total={list.data.total} capped={list.data.totalCapped} offset={offset} setOffset={setOffset} />
    </>
  );
}

function CustomerTable({ query, offset, setOffset }: TableProps) {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['customers.list', query, offset],
    queryFn: () => invoke('customers.list', { query: query || undefined, limit: PAGE, offset }),
    placeholderData: keepPreviousData,
  });
  if (list.isError) return <p className="error-banner" role="alert">{(list.error as Error).message}</p>;
  if (!list.data) return <p className="muted">{t('list.loading')}</p>;
  if (list.data.total === 0) return <p className="empty">{query ? t('list.emptySearch') : t('list.empty')}</p>;
  return (
    <>
      <table className="grid" data-testid="customers-table">
        <thead>
          <tr>
            <th>{t('list.colCustomer')}</th>
            <th>{t('list.colBizno')}</th>
            <th>{t('list.colRepresentative')}</th>
            <th>{t('list.colPhone')}</th>
            <th>{t('list.colApplications')}</th>
            <th>{t('list.colUpdated')}</th>
          </tr>
        </thead>
        <tbody>
          {list.data.items.map((c) => (
            <tr key={c.id}>
              <td>{c.name}</td>
              <td className="mono">{c.businessNumber}</td>
              <td>{c.representative}</td>
              <td className="mono">{c.phone}</td>
              <td>{c.applicationCount}</td>
              <td>{dateTime(c.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager total={list.data.total} capped={list.data.totalCapped} offset={offset} setOffset={setOffset} />
    </>
  );
}
