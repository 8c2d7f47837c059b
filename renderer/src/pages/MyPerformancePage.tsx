import { Link } from 'react-router';
import { money } from '../app/format';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { invoke } from '../api';

/** 내 실적: this month's and next month's expected commission from the rep's live subscriptions. */
export function MyPerformancePage() {
  const { t } = useTranslation();
  const mine = useQuery({ queryKey: ['commission.mine'], queryFn: () => invoke('commission.mine', {}) });
  const data = mine.data;
  return (
    <section className="page">
      <div className="page-head">
        <h1>{t('commission.pageTitle')}</h1>
      </div>
      <p className="muted small">{t('commission.pageHint')}</p>
      {mine.isError ? (
        <p className="error-banner" role="alert">
          {mine.error.message}
        </p>
      ) : null}
      {data?.subscriptions.length === 0 ? <p className="empty">{t('commission.noLive')}</p> : null}
      {data && data.totals.length > 0 ? (
        <div className="totals" data-testid="commission-totals">
          <table>
            <thead>
              <tr>
                <th>{t('commission.currency')}</th>
                <th className="num">{t('commission.thisMonth', { period: data.periods[0] })}</th>
                <th className="num">{t('commission.nextMonth', { period: data.periods[1] })}</th>
              </tr>
            </thead>
            <tbody>
              {data.totals.map((row) => (
                <tr key={row.currency}>
                  <th>{row.currency}</th>
                  <td className="num strong">{money(row.amounts[data.periods[0]!] ?? 0, row.currency)}</td>
                  <td className="num strong">{money(row.amounts[data.periods[1]!] ?? 0, row.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {data && data.subscriptions.length > 0 ? (
        <table className="grid" data-testid="commission-subscriptions">
          <thead>
            <tr>
              <th>{t('commission.customer')}</th>
              <th className="num">{data.periods[0]}</th>
              <th className="num">{data.periods[1]}</th>
              <th>{t('commission.note')}</th>
            </tr>
          </thead>
          <tbody>
            {data.subscriptions.map((s) => (
              <tr key={s.subscriptionId}>
                <td>
                  <Link to={`/applications/${s.subscriptionId}/workflow`}>{s.customerName}</Link>
                </td>
                <td className="num">{s.status === 'ok' && s.currency ? money(s.amounts[data.periods[0]!] ?? 0, s.currency) : '—'}</td>
                <td className="num">{s.status === 'ok' && s.currency ? money(s.amounts[data.periods[1]!] ?? 0, s.currency) : '—'}</td>
                <td className="small">{s.status === 'ok' ? s.planTitle : s.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
