import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApplicationRow, Page } from '../../../shared/console/api';
import { api } from '../api';
import { DataTable, ErrorBanner, Pager, type SortState } from '../components/Table';
import { background, useDebounced } from '../components/hooks';
import { statusLabel, waited } from '../format';
import { useCan } from '../session';

const LIMIT = 50;

/** 정산: billing (settlement) requests; marking one handled makes the subscription active. */
export function SettlementsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const canHandle = useCan('settlements.handle');
  const [state, setState] = useState<'pending' | 'handled'>('pending');
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const [sort, setSort] = useState<SortState>({ sort: 'requested', dir: 'desc' });
  const [done, setDone] = useState<string | null>(null);
  const query = { state, q: useDebounced(q.trim(), 250), offset, limit: LIMIT, sort: sort.sort, dir: sort.dir };
  const list = useQuery({ queryKey: ['settlements', query], queryFn: () => api<Page<ApplicationRow>>('GET', '/settlements', undefined, query), placeholderData: keepPreviousData });
  const handle = useMutation({
    mutationFn: (id: string) => api('POST', `/settlements/${encodeURIComponent(id)}/handled`),
    onSuccess: () => {
      setDone(t('settle.handledDone'));
      background(client.invalidateQueries(), 'refresh');
    },
  });
  return (
    <section className="page wide">
      <div className="page-head">
        <h1>{t('nav.settlements')}</h1>
      </div>
      <div className="tabs" role="tablist">
        {(['pending', 'handled'] as const).map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={state === s}
            className={state === s ? 'tab active link-button' : 'tab link-button'}
            onClick={() => {
              setState(s);
              setOffset(0);
            }}
          >
            {t(`settle.${s}`)}
          </button>
        ))}
      </div>
      <input type="search" className="search" aria-label={t('list.search')} placeholder={t('list.search')} value={q} onChange={(e) => setQ(e.target.value)} />
      {done ? <p className="ok-banner">{done}</p> : null}
      <ErrorBanner error={list.error ?? handle.error} />
      {list.data ? (
        <>
          <DataTable
            testId="settlements-table"
            rows={list.data.items}
            rowKey={(r) => r.id}
            sort={sort}
            onSort={setSort}
            onOpen={(r) => background(navigate(`/applications/${r.id}`), 'open')}
            columns={[
              { key: 'customer', label: t('col.customer'), sort: 'customer', render: (r) => <a href={`#/applications/${r.id}`}>{r.customerName ?? '—'}</a> },
              { key: 'branch', label: t('col.branch'), sort: 'branch', render: (r) => r.branch },
              { key: 'sn', label: t('col.serviceNumber'), className: 'mono', render: (r) => r.serviceNumber ?? '—' },
              { key: 'status', label: t('col.status'), render: (r) => <span className={`badge status-${r.status ?? 'draft'}`}>{statusLabel(r.status)}</span> },
              { key: 'requested', label: t('settle.requestedAt'), sort: 'requested', render: (r) => waited(r.statusSince) },
              {
                key: 'act',
                label: t('col.actions'),
                render: (r) =>
                  canHandle && r.status === 'billing_requested' ? (
                    <button type="button" disabled={handle.isPending} onClick={() => handle.mutate(r.id)}>
                      {t('settle.handle')}
                    </button>
                  ) : null,
              },
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
