import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CommissionPlanView, CommissionStatementView } from '../../../shared/console/api';
import { todayIso } from '../../../shared/format/date';
import { api, apiUrl } from '../api';
import { DataTable, ErrorBanner } from '../components/Table';
import { JsonFilePublish } from '../components/JsonFileInput';
import { background, useDebounced } from '../components/hooks';
import { dateTime, money } from '../format';
import { useCan } from '../session';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * 판매 수수료 (issue 14 with the commission issue): one month's statement per branch and rep, as
 * the reps' devices compute it from the plan HQ published, exportable to CSV; and the plans
 * themselves, which an administrator publishes here (checked with the shared plan schema).
 */
export function CommissionPage() {
  const { t } = useTranslation();
  const [month, setMonth] = useState(() => todayIso().slice(0, 7));
  const [branch, setBranch] = useState('');
  const query = { month, branch: useDebounced(branch.trim(), 250) || undefined };
  const valid = MONTH.test(month);
  const statement = useQuery({
    queryKey: ['commission-statement', query],
    queryFn: () => api<CommissionStatementView>('GET', '/commission/statement', undefined, query),
    enabled: valid,
    placeholderData: keepPreviousData,
  });
  const s = statement.data;
  return (
    <section className="page wide">
      <div className="page-head">
        <h1>{t('nav.commission')}</h1>
      </div>
      <div className="filters">
        <label>
          {t('commission.month')} <input type="month" value={month} aria-invalid={!valid} onChange={(e) => setMonth(e.target.value)} data-testid="commission-month" />
        </label>
        <input type="search" className="search" aria-label={t('col.branch')} placeholder={t('commission.branchFilter')} value={branch} onChange={(e) => setBranch(e.target.value)} />
        {valid ? (
          <a className="button" href={apiUrl('/commission/statement.csv', query)} download data-testid="commission-export">
            {t('commission.export')}
          </a>
        ) : null}
      </div>
      {valid ? null : <p className="error-banner">{t('commission.badMonth')}</p>}
      <ErrorBanner error={statement.error} />
      {s ? (
        <>
          <div className="cards" data-testid="commission-totals">
            {s.totals.length === 0 ? <p className="muted">{t('commission.none')}</p> : null}
            {s.totals.map((tot) => (
              <div className="card" key={tot.currency || 'none'}>
                <div className="card-label">
                  {t('commission.total')} {tot.currency}
                </div>
                <div className="card-value">{tot.currency ? money(tot.amount, tot.currency) : '—'}</div>
                <small className="muted">
                  {t('commission.subscriptions', { count: tot.subscriptions })}
                  {tot.withoutPlan > 0 ? ` · ${t('commission.withoutPlan', { count: tot.withoutPlan })}` : ''}
                </small>
              </div>
            ))}
          </div>
          {s.rows.length === 0 ? null : (
            <DataTable
              testId="commission-table"
              rows={s.rows}
              rowKey={(r) => `${r.branch}\u0000${r.rep}\u0000${r.currency}`}
              columns={[
                { key: 'branch', label: t('col.branch'), render: (r) => r.branch },
                { key: 'rep', label: t('commission.rep'), render: (r) => r.rep },
                { key: 'subs', label: t('commission.subs'), className: 'num', render: (r) => r.subscriptions.toLocaleString('ko-KR') },
                { key: 'amount', label: t('commission.amount'), className: 'num', render: (r) => (r.currency ? money(r.amount, r.currency) : '—') },
                { key: 'without', label: t('commission.withoutPlanCol'), className: 'num', render: (r) => (r.withoutPlan > 0 ? <span className="badge warn">{r.withoutPlan}</span> : '0') },
              ]}
            />
          )}
        </>
      ) : valid ? (
        <p className="muted">{t('app.loading')}</p>
      ) : null}
      <CommissionPlans />
    </section>
  );
}

function CommissionPlans() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const canManage = useCan('admin.manage');
  const plans = useQuery({ queryKey: ['commission-plans'], queryFn: () => api<CommissionPlanView[]>('GET', '/commission/plans') });
  return (
    <fieldset>
      <legend>{t('commission.plans')}</legend>
      <ErrorBanner error={plans.error} />
      {canManage ? (
        <JsonFilePublish
          label={t('commission.upload')}
          buttonLabel={t('commission.publish')}
          publish={(plan) => api<{ version: number; unchanged: boolean }>('POST', '/commission/plans', { plan })}
          onPublished={() => {
            background(client.invalidateQueries({ queryKey: ['commission-plans'] }), 'refresh');
            background(client.invalidateQueries({ queryKey: ['commission-statement'] }), 'refresh');
          }}
        />
      ) : null}
      {plans.data ? (
        <DataTable
          testId="commission-plans"
          rows={plans.data}
          rowKey={(p) => `${p.source}:${p.recordId ?? p.id}`}
          columns={[
            { key: 'title', label: t('commission.planTitle'), render: (p) => `${p.title} (${p.id} ${p.version})` },
            { key: 'catalog', label: t('commission.catalog'), className: 'mono', render: (p) => p.catalog },
            { key: 'status', label: t('col.status'), render: (p) => (p.status === 'active' ? t('commission.active') : <span className="badge warn">{t('commission.unset')}</span>) },
            { key: 'rules', label: t('commission.rules'), className: 'num', render: (p) => p.rules },
            {
              key: 'source',
              label: t('commission.source'),
              render: (p) => (p.source === 'published' ? `${t('admin.published')} v${p.planVersion ?? '?'} · ${dateTime(p.publishedAt)}` : t('admin.shipped')),
            },
          ]}
        />
      ) : null}
    </fieldset>
  );
}
