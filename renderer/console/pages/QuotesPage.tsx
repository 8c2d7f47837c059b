import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Page, QuoteRow } from '../../../shared/console/api';
import { QUOTE_APPROVAL_STATUSES } from '../../../shared/sync/ownership';
import { api } from '../api';
import { DataTable, ErrorBanner, Pager, type SortState } from '../components/Table';
import { background, useDebounced } from '../components/hooks';
import { approvalLabel, dateTime, money, termLabel } from '../format';

const LIMIT = 50;

/** 승인: quote versions, by default those awaiting HQ approval. */
export function QuotesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [approval, setApproval] = useState('pending');
  const [branch, setBranch] = useState('');
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const [sort, setSort] = useState<SortState>({ sort: 'created', dir: 'asc' });
  const query = { approval, branch: useDebounced(branch.trim(), 250), q: useDebounced(q.trim(), 250), offset, limit: LIMIT, sort: sort.sort, dir: sort.dir };
  const list = useQuery({
    queryKey: ['quotes', query],
    queryFn: () => api<Page<QuoteRow & { discountPercent: number }>>('GET', '/quotes', undefined, query),
    placeholderData: keepPreviousData,
  });
  return (
    <section className="page wide">
      <div className="page-head">
        <h1>{t('nav.quotes')}</h1>
      </div>
      <div className="filters">
        <div className="field">
          <label htmlFor="f-approval">{t('col.approval')}</label>
          <select
            id="f-approval"
            value={approval}
            onChange={(e) => {
              setApproval(e.target.value);
              setOffset(0);
            }}
          >
            <option value="">{t('list.all')}</option>
            {QUOTE_APPROVAL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {approvalLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-branch">{t('list.branch')}</label>
          <input id="f-branch" value={branch} onChange={(e) => setBranch(e.target.value)} />
        </div>
        <input type="search" className="search" aria-label={t('list.search')} placeholder={t('list.search')} value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      <ErrorBanner error={list.error} />
      {list.data ? (
        <>
          <DataTable
            testId="quotes-table"
            rows={list.data.items}
            rowKey={(r) => r.id}
            sort={sort}
            onSort={setSort}
            onOpen={(r) => background(navigate(`/quotes/${r.id}`), 'open quote')}
            columns={[
              { key: 'customer', label: t('col.customer'), sort: 'customer', render: (r) => <a href={`#/quotes/${r.id}`}>{r.customerName ?? '—'}</a> },
              { key: 'branch', label: t('col.branch'), sort: 'branch', render: (r) => r.branch },
              { key: 'version', label: t('col.version'), render: (r) => `v${r.version ?? '?'}` },
              { key: 'term', label: t('col.term'), render: (r) => termLabel(r.term) },
              { key: 'monthly', label: t('col.monthly'), sort: 'monthly', className: 'num', render: (r) => money(r.monthlySupply, r.currency ?? 'KRW') },
              { key: 'discount', label: t('col.discount'), sort: 'discount', className: 'num', render: (r) => `${r.discountPercent}%` },
              { key: 'approval', label: t('col.approval'), render: (r) => <span className={`badge approval-${r.approvalStatus ?? 'none'}`}>{approvalLabel(r.approvalStatus)}</span> },
              { key: 'created', label: t('col.created'), sort: 'created', render: (r) => dateTime(r.createdAt) },
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
