import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ApplicationRow, Page } from '../../../shared/console/api';
import { APPLICATION_STATUSES } from '../../../shared/domain/status';
import { APPLICATION_KINDS } from '../../../shared/domain/application';
import { api } from '../api';
import { DataTable, ErrorBanner, Pager, type SortState } from '../components/Table';
import { useDebounced, background } from '../components/hooks';
import { date, kindLabel, statusLabel, waited } from '../format';

const LIMIT = 50;

/** 주문접수: applications, by default those submitted and waiting for S/O. */
export function ApplicationsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [status, setStatus] = useState(params.get('status') ?? 'submitted');
  const [kind, setKind] = useState('');
  const [branch, setBranch] = useState('');
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const [sort, setSort] = useState<SortState>({ sort: 'waiting', dir: 'desc' });
  const query = { status, kind, branch: useDebounced(branch.trim(), 250), q: useDebounced(q.trim(), 250), offset, limit: LIMIT, sort: sort.sort, dir: sort.dir };
  const list = useQuery({ queryKey: ['applications', query], queryFn: () => api<Page<ApplicationRow>>('GET', '/applications', undefined, query), placeholderData: keepPreviousData });
  const reset =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setOffset(0);
    };
  return (
    <section className="page wide">
      <div className="page-head">
        <h1>{t('nav.applications')}</h1>
      </div>
      <div className="filters">
        <div className="field">
          <label htmlFor="f-status">{t('list.status')}</label>
          <select id="f-status" value={status} onChange={(e) => reset(setStatus)(e.target.value)}>
            <option value="">{t('list.all')}</option>
            {APPLICATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-kind">{t('list.kind')}</label>
          <select id="f-kind" value={kind} onChange={(e) => reset(setKind)(e.target.value)}>
            <option value="">{t('list.all')}</option>
            {APPLICATION_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-branch">{t('list.branch')}</label>
          <input id="f-branch" value={branch} onChange={(e) => reset(setBranch)(e.target.value)} />
        </div>
        <input type="search" className="search" aria-label={t('list.search')} placeholder={t('list.search')} value={q} onChange={(e) => reset(setQ)(e.target.value)} />
      </div>
      <ErrorBanner error={list.error} />
      {list.data ? (
        <>
          <DataTable
            testId="applications-table"
            rows={list.data.items}
            rowKey={(r) => r.id}
            sort={sort}
            onSort={(s) => {
              setSort(s);
              setOffset(0);
            }}
            onOpen={(r) => background(navigate(`/applications/${r.id}`), 'open application')}
            columns={[
              { key: 'customer', label: t('col.customer'), sort: 'customer', render: (r) => <a href={`#/applications/${r.id}`}>{r.customerName ?? '—'}</a> },
              { key: 'bizno', label: t('col.bizno'), className: 'mono', render: (r) => r.businessNumber ?? '—' },
              { key: 'branch', label: t('col.branch'), sort: 'branch', render: (r) => r.branch },
              { key: 'seller', label: t('col.seller'), render: (r) => r.sellerName ?? '—' },
              { key: 'kind', label: t('col.kind'), render: (r) => kindLabel(r.kind) },
              { key: 'status', label: t('col.status'), sort: 'status', render: (r) => <span className={`badge status-${r.status ?? 'draft'}`}>{statusLabel(r.status)}</span> },
              { key: 'sn', label: t('col.serviceNumber'), className: 'mono', render: (r) => r.serviceNumber ?? '—' },
              { key: 'date', label: t('col.date'), sort: 'date', render: (r) => date(r.date) },
              { key: 'waiting', label: t('col.waiting'), sort: 'waiting', render: (r) => waited(r.statusSince) },
            ]}
          />
          <Pager total={list.data.total} offset={offset} limit={LIMIT} onOffset={setOffset} />
        </>
      ) : (
        <p className="muted">{t('app.loading')}</p>
      )}
    </section>
  );
}
