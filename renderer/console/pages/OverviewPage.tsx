import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Overview } from '../../../shared/console/api';
import { PIPELINE } from '../../../shared/lifecycle/machine';
import { api } from '../api';
import { ErrorBanner } from '../components/Table';
import { dateTime, statusLabel, waited } from '../format';

const COLORS = ['#9aa3b5', '#7b8cc4', '#5b7bd5', '#2457c5', '#e4002b', '#f08a24', '#d9a400', '#4caf50', '#137a3d', '#0b5d2e'];

export function OverviewPage() {
  const { t } = useTranslation();
  const [staleDays, setStaleDays] = useState(7);
  const data = useQuery({ queryKey: ['overview', staleDays], queryFn: () => api<Overview>('GET', '/overview', undefined, { staleDays }), refetchInterval: 30_000 });
  if (data.error) return <ErrorBanner error={data.error} />;
  if (!data.data) return <p className="muted">{t('app.loading')}</p>;
  const o = data.data;
  const branches = [...new Set(o.pipeline.map((p) => p.branch))];
  const stages = PIPELINE.filter((s) => o.pipeline.some((p) => p.status === s));
  const chart: Record<string, string | number>[] = branches.map((b) => ({
    branch: b,
    ...Object.fromEntries(stages.map((s) => [s, o.pipeline.find((p) => p.branch === b && p.status === s)?.count ?? 0])),
  }));
  return (
    <section className="page wide">
      <div className="page-head">
        <h1>{t('overview.title')}</h1>
      </div>
      <div className="cards">
        <Link to="/applications?status=submitted" className="card" data-testid="card-so">
          <div className="card-label">{t('overview.soWaiting')}</div>
          <div className="card-value">{o.soWaiting.count}</div>
          {o.soWaiting.oldestSince ? <div className="card-note muted">{t('overview.oldest', { time: waited(o.soWaiting.oldestSince) })}</div> : null}
          {o.soWaiting.averageHours !== null ? <div className="card-note muted">{t('overview.average', { hours: o.soWaiting.averageHours })}</div> : null}
        </Link>
        <Link to="/quotes" className="card" data-testid="card-approvals">
          <div className="card-label">{t('overview.approvals')}</div>
          <div className="card-value">{o.approvalsWaiting.count}</div>
          {o.approvalsWaiting.oldestSince ? <div className="card-note muted">{t('overview.oldest', { time: waited(o.approvalsWaiting.oldestSince) })}</div> : null}
        </Link>
        <Link to="/settlements" className="card">
          <div className="card-label">{t('overview.settlements')}</div>
          <div className="card-value">{o.settlementsWaiting}</div>
        </Link>
        <div className="card" data-testid="card-stale">
          <div className="card-label">{t('overview.stale', { days: o.staleDays })}</div>
          <div className="card-value">{o.staleDevices.length}</div>
        </div>
      </div>
      <fieldset>
        <legend>{t('overview.pipeline')}</legend>
        <div role="img" aria-label={t('overview.pipeline')} data-testid="pipeline-chart">
          <ResponsiveContainer width="100%" height={280}>
            <BarChart data={chart} margin={{ left: 0, right: 10, top: 8, bottom: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="branch" fontSize={12} />
              <YAxis allowDecimals={false} fontSize={11} width={30} />
              <Tooltip />
              <Legend formatter={(v: string) => statusLabel(v)} />
              {stages.map((s, i) => (
                <Bar key={s} dataKey={s} name={s} stackId="a" maxBarSize={90} fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('overview.stale', { days: o.staleDays })}</legend>
        <label className="choice">
          {t('overview.staleDays')}{' '}
          <select value={staleDays} onChange={(e) => setStaleDays(Number(e.target.value))}>
            {[1, 3, 7, 14, 30, 90].map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        {o.staleDevices.length === 0 ? (
          <p className="muted">{t('list.empty')}</p>
        ) : (
          <table className="grid" data-testid="stale-devices">
            <thead>
              <tr>
                <th>{t('admin.deviceName')}</th>
                <th>{t('col.branch')}</th>
                <th>{t('col.seller')}</th>
                <th>{t('admin.lastSeen')}</th>
              </tr>
            </thead>
            <tbody>
              {o.staleDevices.map((d) => (
                <tr key={d.id}>
                  <td>{d.name}</td>
                  <td>{d.branch}</td>
                  <td>{d.rep}</td>
                  <td>{d.lastSeenAt ? dateTime(d.lastSeenAt) : t('overview.never')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </fieldset>
    </section>
  );
}
