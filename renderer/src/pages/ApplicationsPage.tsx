import { useState } from 'react';
import { Link, NavLink, useLocation, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { invoke } from '../api';
import { useDebounced } from '../app/useDebounced';
import { date, dateTime, kindLabel, statusLabel } from '../app/format';
import { useSyncStatus } from '../app/useSyncStatus';
import { statusShownLabel } from '../app/syncWords';
import { APPLICATION_STATUSES, statusShown, type ApplicationStatus } from '../../../shared/domain/status';
import { isIsoDate } from '../../../shared/format/date';
import { DateInput } from '../components/DateInput';

const PAGE = 50;

export function ApplicationsPage({ tab = 'applications' }: { tab?: 'applications' | 'customers' }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [query, setQuery] = useState(params.get('q') ?? '');
  const [offset, setOffset] = useState(0);
  const debounced = useDebounced(query.trim(), 200);
  const [status, setStatus] = useState<ApplicationStatus | ''>('');
  const [dateFrom, setDateFrom] = useState('');
  const [dateTo, setDateTo] = useState('');
  const discarded = (useLocation().state as { discarded?: boolean } | null)?.discarded === true;
  // A half-typed date filters nothing yet; a range written backwards is said, not sent.
  const from = isIsoDate(dateFrom) ? dateFrom : undefined;
  const to = isIsoDate(dateTo) ? dateTo : undefined;
  const backwards = Boolean(from && to && from > to);
  const filters: Filters = { status: status || undefined, dateFrom: backwards ? undefined : from, dateTo: backwards ? undefined : to };

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
      {discarded ? (
        <p className="ok-banner" role="status" data-testid="discarded-banner">
          {t('list.discarded')}
        </p>
      ) : null}
      {tab === 'applications' ? (
        <div className="filters" data-testid="list-filters">
          <label>
            {t('list.filterStatus')}
            <select
              className="select"
              value={status}
              data-testid="filter-status"
              onChange={(e) => {
                setStatus(e.target.value as ApplicationStatus | '');
                setOffset(0);
              }}
            >
              <option value="">{t('list.filterAll')}</option>
              {APPLICATION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {statusLabel(s)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('list.filterFrom')}
            <DateInput
              value={dateFrom}
              data-testid="filter-from"
              onValue={(v) => {
                setDateFrom(v);
                setOffset(0);
              }}
            />
          </label>
          <label>
            {t('list.filterTo')}
            <DateInput
              value={dateTo}
              data-testid="filter-to"
              onValue={(v) => {
                setDateTo(v);
                setOffset(0);
              }}
            />
          </label>
          {backwards ? (
            <span className="field-error" role="alert" data-testid="filter-error">
              {t('list.filterBackwards')}
            </span>
          ) : null}
        </div>
      ) : null}
      {tab === 'applications' ? (
        <ApplicationTable query={debounced} filters={filters} offset={offset} setOffset={setOffset} />
      ) : (
        <CustomerTable query={debounced} offset={offset} setOffset={setOffset} />
      )}
    </section>
  );
}

interface Filters {
  status: ApplicationStatus | undefined;
  dateFrom: string | undefined;
  dateTo: string | undefined;
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

function ApplicationTable({ query, filters, offset, setOffset }: TableProps & { filters: Filters }) {
  const { t } = useTranslation();
  const enrolled = useSyncStatus().data?.enrolled ?? false;
  const filtered = query !== '' || filters.status !== undefined || filters.dateFrom !== undefined || filters.dateTo !== undefined;
  const list = useQuery({
    queryKey: ['applications.list', query, filters, offset],
    queryFn: () => invoke('applications.list', { query: query || undefined, ...filters, limit: PAGE, offset }),
    placeholderData: keepPreviousData,
  });
  if (list.isError)
    return (
      <p className="error-banner" role="alert">
        {list.error.message}
      </p>
    );
  if (!list.data) return <p className="muted">{t('list.loading')}</p>;
  if (list.data.total === 0) return <p className="empty">{filtered ? t('list.emptySearch') : t('list.empty', { button: t('list.newApplication') })}</p>;
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
              <td className="nowrap">{date(a.date)}</td>
              <td className="nowrap">{dateTime(a.updatedAt)}</td>
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
  if (list.isError)
    return (
      <p className="error-banner" role="alert">
        {list.error.message}
      </p>
    );
  if (!list.data) return <p className="muted">{t('list.loading')}</p>;
  if (list.data.total === 0) return <p className="empty">{query ? t('list.emptySearch') : t('list.empty', { button: t('list.newApplication') })}</p>;
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
              <td className="nowrap">{dateTime(c.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager total={list.data.total} capped={list.data.totalCapped} offset={offset} setOffset={setOffset} />
    </>
  );
}
