import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { QuoteDetail } from '../../../shared/console/api';
import { api } from '../api';
import { ErrorBanner } from '../components/Table';
import { background } from '../components/hooks';
import { approvalLabel, dateTime, money, statusLabel, termLabel } from '../format';
import { useCan } from '../session';
import { AuditList } from './ApplicationDetailPage';

export function QuoteDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const client = useQueryClient();
  const canDecide = useCan('quotes.decide');
  const detail = useQuery({ queryKey: ['quote', id], queryFn: () => api<QuoteDetail>('GET', `/quotes/${encodeURIComponent(id)}`) });
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const decide = useMutation({
    mutationFn: (decision: 'approve' | 'refuse') => api('POST', `/quotes/${encodeURIComponent(id)}/${decision}`, reason.trim() ? { reason } : {}),
    onSuccess: (_r, decision) => {
      setDone(t(decision === 'approve' ? 'quote.approved' : 'quote.refused'));
      setReason('');
      background(client.invalidateQueries(), 'refresh');
    },
  });
  if (detail.error) return <ErrorBanner error={detail.error} />;
  if (!detail.data) return <p className="muted">{t('app.loading')}</p>;
  const d = detail.data;
  const cur = d.currency ?? 'KRW';
  return (
    <section className="page wide">
      <Link to="/quotes">{t('app_.backToList')}</Link>
      <div className="page-head">
        <h1 data-testid="quote-title">
          {t('quote.detail')}: {d.customerName ?? '—'}{' '}
          <span className="muted small">
            v{d.version} · {d.branch}
          </span>
        </h1>
        <div className="meta">
          <span className={`badge approval-${d.approvalStatus ?? 'none'}`} data-testid="approval-status">
            {approvalLabel(d.approvalStatus)}
          </span>
          {d.applicationId ? (
            <Link to={`/applications/${d.applicationId}`}>
              {t('quote.application')} ({statusLabel(d.applicationStatus)})
            </Link>
          ) : null}
        </div>
      </div>
      {done ? (
        <p className="ok-banner" role="status">
          {done}
        </p>
      ) : null}
      {d.approvalReason ? (
        <p className="note-banner">
          {t('quote.decided', { status: approvalLabel(d.approvalStatus) })}: {d.approvalReason}
        </p>
      ) : null}
      <ErrorBanner error={decide.error} />
      {!d.catalogKnown && d.catalog ? <p className="warn-banner">{t('quote.catalogUnknown', { id: d.catalog.id, version: d.catalog.version })}</p> : null}

      <fieldset>
        <legend>{t('quote.lines')}</legend>
        <table className="grid" data-testid="quote-lines">
          <thead>
            <tr>
              <th>{t('quote.product')}</th>
              <th className="num">{t('app_.quantity')}</th>
              <th className="num">{t('quote.list')}</th>
              <th className="num">{t('quote.floor')}</th>
              <th className="num">{t('quote.unit')}</th>
              <th className="num">{t('quote.discount')}</th>
              <th className="num">{t('quote.amount')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {d.lines.map((l, i) => (
              <tr key={`${l.code}-${i}`} className={l.belowFloor ? 'below-floor' : undefined}>
                <td>{l.name}</td>
                <td className="num">{l.quantity}</td>
                <td className="num">{money(l.listUnitPrice, cur)}</td>
                <td className="num">{money(l.floorUnitPrice, cur)}</td>
                <td className="num strong">{money(l.unitPrice, cur)}</td>
                <td className="num">{l.discountPercent === null ? '—' : `${l.discountPercent}%`}</td>
                <td className="num">{money(l.amount, cur)}</td>
                <td>
                  {l.belowFloor ? <span className="badge status-rejected">{t('quote.belowFloor')}</span> : null}
                  {l.priceEntered ? <span className="badge">{t('quote.entered')}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th colSpan={6}>
                {t('col.monthly')} ({termLabel(d.term)})
              </th>
              <th className="num">{money(d.monthlySupply, cur)}</th>
              <th className="muted small">{d.listMonthlyTotal !== null ? `${t('quote.list')} ${money(d.listMonthlyTotal, cur)}` : ''}</th>
            </tr>
          </tfoot>
        </table>
        {d.warnings.length > 0 ? (
          <div className="warn-banner">
            <strong>{t('quote.warnings')}</strong>
            <ul className="warnings">
              {d.warnings.map((w, i) => (
                <li key={i}>
                  <code>{w.code}</code>
                  {w.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </fieldset>

      <div className="wf-grid">
        <fieldset>
          <legend>{t('quote.comparison')}</legend>
          {d.comparison ? (
            <>
              <table className="grid" data-testid="term-comparison">
                <thead>
                  <tr>
                    <th>{t('col.term')}</th>
                    <th className="num">{t('col.monthly')}</th>
                    <th className="num">{t('quote.listMonthly')}</th>
                    <th className="num">{t('quote.contractTotal')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.comparison.map((o) => (
                    <tr key={o.term} className={o.selected ? 'selected' : undefined}>
                      <td>
                        {termLabel(o.term)} {o.selected ? <span className="badge">{t('quote.selected')}</span> : null}
                      </td>
                      <td className="num">{money(o.monthlyTotal, cur)}</td>
                      <td className="num muted">{money(o.listMonthlyTotal, cur)}</td>
                      <td className="num">{money(o.contractTotal, cur)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="chart" role="img" aria-label={t('quote.comparison')}>
                <ResponsiveContainer width="100%" height={180}>
                  <BarChart data={d.comparison.map((o) => ({ term: termLabel(o.term), monthly: o.monthlyTotal, list: o.listMonthlyTotal }))} margin={{ left: 20, right: 10, top: 8, bottom: 0 }}>
                    <CartesianGrid strokeDasharray="3 3" vertical={false} />
                    <XAxis dataKey="term" fontSize={12} />
                    <YAxis fontSize={11} width={70} tickFormatter={(v: number) => v.toLocaleString('ko-KR')} />
                    <Tooltip formatter={(v) => money(Number(v), cur)} />
                    <Bar dataKey="list" name={t('quote.listMonthly')} fill="#c9ced8" isAnimationActive={false} />
                    <Bar dataKey="monthly" name={t('col.monthly')} fill="#e4002b" isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </div>
            </>
          ) : (
            <p className="muted">—</p>
          )}
        </fieldset>
        <fieldset>
          <legend>{t('quote.note')}</legend>
          <p data-testid="quote-note">{d.notes ?? <span className="muted">{t('quote.noNote')}</span>}</p>
          <p className="muted small">{dateTime(d.createdAt)}</p>
          {canDecide && (d.approvalStatus === 'pending' || d.approvalStatus === 'refused' || d.approvalStatus === 'approved') ? (
            <div className="action-box">
              <label htmlFor="decision-reason">
                {t('quote.approveReason')} / {t('quote.refuseReason')}
              </label>
              <textarea id="decision-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} />
              <div className="row">
                <button type="button" className="primary" disabled={decide.isPending} onClick={() => decide.mutate('approve')}>
                  {t('quote.approve')}
                </button>
                <button type="button" className="danger" disabled={decide.isPending || !reason.trim()} onClick={() => decide.mutate('refuse')}>
                  {t('quote.refuse')}
                </button>
              </div>
            </div>
          ) : null}
          <h3>{t('quote.versions')}</h3>
          <ul className="recent">
            {d.versions.map((v) => (
              <li key={v.id}>
                {v.id === d.id ? <strong>v{v.version}</strong> : <Link to={`/quotes/${v.id}`}>v{v.version}</Link>} · {money(v.monthlyTotal, cur)} · {approvalLabel(v.approvalStatus)}
              </li>
            ))}
          </ul>
          <h3>{t('app_.audit')}</h3>
          <AuditList rows={d.audit} />
        </fieldset>
      </div>
    </section>
  );
}
