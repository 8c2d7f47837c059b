import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditRow, Page } from '../../../shared/console/api';
import { api } from '../api';
import { ExportWithReason } from '../components/ExportWithReason';
import { DataTable, ErrorBanner, Pager, type SortState } from '../components/Table';
import { useDebounced } from '../components/hooks';
import { dateTime } from '../format';

const LIMIT = 100;
const show = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));

/** 감사 기록: who did what, when, from where; searchable, exportable to CSV. */
export function AuditPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [offset, setOffset] = useState(0);
  const [sort, setSort] = useState<SortState>({ sort: 'at', dir: 'desc' });
  const filters = { q: useDebounced(q.trim(), 250), actor: useDebounced(actor.trim(), 250), action: useDebounced(action.trim(), 250), from, to };
  const query = { ...filters, offset, limit: LIMIT, sort: sort.sort, dir: sort.dir };
  const list = useQuery({ queryKey: ['audit', query], queryFn: () => api<Page<AuditRow>>('GET', '/audit', undefined, query), placeholderData: keepPreviousData });
  // The list masks phones, addresses and 대표자 in before → after; one entry opened shows them whole (logged as a view).
  const [openId, setOpenId] = useState<number | null>(null);
  const opened = useQuery({ queryKey: ['audit-entry', openId], queryFn: () => api<AuditRow>('GET', `/audit/${String(openId)}`), enabled: openId !== null });
  return (
    <section className="page wide">
      <div className="page-head">
        <h1>{t('audit.title')}</h1>
        <ExportWithReason path="/audit.csv" query={filters} testId="audit-export" />
      </div>
      <p className="muted small">{t('audit.keep')}</p>
      <div className="filters">
        <input type="search" className="search" aria-label={t('list.search')} placeholder={t('list.search')} value={q} onChange={(e) => setQ(e.target.value)} />
        <div className="field">
          <label htmlFor="f-actor">{t('audit.actor')}</label>
          <input id="f-actor" value={actor} onChange={(e) => setActor(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="f-action">{t('audit.action')}</label>
          <input id="f-action" value={action} onChange={(e) => setAction(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="f-from">{t('audit.from')}</label>
          <input id="f-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="f-to">{t('audit.to')}</label>
          <input id="f-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
      </div>
      <ErrorBanner error={list.error} />
      {list.data ? (
        <>
          <DataTable
            testId="audit-table"
            rows={list.data.items}
            rowKey={(r) => String(r.id)}
            sort={sort}
            onSort={setSort}
            columns={[
              { key: 'at', label: t('audit.at'), sort: 'at', render: (r) => dateTime(r.at) },
              { key: 'who', label: t('audit.who'), render: (r) => `${r.actorName} (${r.actorLogin})` },
              { key: 'where', label: t('audit.where'), className: 'mono small', render: (r) => r.ip ?? '—' },
              { key: 'what', label: t('audit.what'), className: 'mono', render: (r) => r.action },
              { key: 'target', label: t('audit.target'), className: 'mono small wrap', render: (r) => `${r.targetKind ?? ''} ${r.targetId ?? ''}` },
              { key: 'change', label: t('audit.change'), className: 'mono small wrap', render: (r) => (r.before || r.after ? `${show(r.before)} → ${show(r.after)}` : (r.note ?? '')) },
              { key: 'outcome', label: t('audit.outcome'), render: (r) => <span className={`badge outcome-${r.outcome}`}>{t(`audit.outcome_${r.outcome === 'ok' ? 'ok' : 'refused'}`)}</span> },
              {
                key: 'open',
                label: '',
                render: (r) =>
                  r.before || r.after ? (
                    <button type="button" className="link-button" data-testid={`audit-open-${String(r.id)}`} onClick={() => setOpenId(r.id)}>
                      {t('audit.open')}
                    </button>
                  ) : null,
              },
            ]}
          />
          {openId !== null ? (
            <fieldset data-testid="audit-entry">
              <legend>{t('audit.entry', { id: openId })}</legend>
              <ErrorBanner error={opened.error} />
              {opened.data ? (
                <pre className="mono small wrap" data-personal>
                  {`${show(opened.data.before)}\n→ ${show(opened.data.after)}`}
                </pre>
              ) : null}
              <button type="button" onClick={() => setOpenId(null)}>
                {t('audit.close')}
              </button>
            </fieldset>
          ) : null}
          <Pager total={list.data.total} offset={offset} limit={LIMIT} onOffset={setOffset} />
        </>
      ) : null}
    </section>
  );
}
