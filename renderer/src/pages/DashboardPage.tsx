import { background } from '../app/background';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { invoke } from '../api';
import { date, dateTime, kindLabel, say, statusLabel } from '../app/format';
import { useDeviceSyncState } from '../app/useSyncStatus';
import { stateDetail, stateHeadline, statusShownLabel } from '../app/syncWords';
import { statusShown } from '../../../shared/domain/status';
import { DueTickets } from '../components/DueTickets';

/** / — the rep's day: pipeline, today's and overdue tasks, renewals, what needs attention. */
export function DashboardPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const data = useQuery({ queryKey: ['dashboard.get'], queryFn: () => invoke('dashboard.get', {}) });
  const { status: syncStatus, state: sync } = useDeviceSyncState();
  if (data.error)
    return (
      <p className="error-banner" role="alert">
        {data.error.message}
      </p>
    );
  if (!data.data) return <p className="muted">{t('list.loading')}</p>;
  const d = data.data;
  const pipeline = d.pipeline.filter(
    (p) => p.count > 0 || ['draft', 'quoted', 'signed', 'submitted', 'so_processed', 'provisioning', 'acceptance', 'open', 'billing_requested', 'active'].includes(p.status),
  );
  const overdue = d.tasks.filter((x) => x.overdue).length;
  return (
    <section className="page wide">
      <div className="page-head">
        <h1>{t('dash.title')}</h1>
        {/* The button the empty-state hint names (list.empty), with the same label. */}
        <Link to="/applications/new" className="button primary dash-new" data-testid="dash-new-application">
          {t('list.newApplication')}
        </Link>
        <form
          className="global-search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            if (query.trim()) background(navigate(`/search?q=${encodeURIComponent(query.trim())}`), 'navigate');
          }}
        >
          <input type="search" aria-label={t('dash.search')} placeholder={t('dash.search')} value={query} onChange={(e) => setQuery(e.target.value)} />
          <button type="submit">{t('dash.searchButton')}</button>
        </form>
      </div>

      <div className="cards">
        <div className="card" data-testid="card-tasks">
          <div className="card-label">{t('dash.tasksToday')}</div>
          <div className="card-value">{d.tasks.length}</div>
          {overdue > 0 ? <div className="card-note error-text">{t('dash.overdueCount', { count: overdue })}</div> : null}
        </div>
        <Link to="/sync" className={`card card-link state-${sync?.kind ?? 'loading'}`} data-testid="card-sync" data-state={sync?.kind}>
          <div className="card-label">{t('dash.pendingSync')}</div>
          <div className="card-value small-value">{sync ? stateHeadline(sync, t) : '—'}</div>
          <div className="card-note muted">{sync ? stateDetail(sync, t) : ''}</div>
        </Link>
        <div className="card">
          <div className="card-label">{t('dash.renewals')}</div>
          <div className="card-value">{d.renewals.length}</div>
        </div>
        <div className="card">
          <div className="card-label">{t('dash.attention')}</div>
          <div className="card-value">{d.attention.length}</div>
        </div>
      </div>

      <div className="wf-grid">
        <fieldset>
          <legend>{t('dash.pipeline')}</legend>
          <div role="img" aria-label={t('dash.pipeline')} data-testid="pipeline-chart">
            <ResponsiveContainer width="100%" height={230}>
              <BarChart data={pipeline.map((p) => ({ name: statusLabel(p.status), count: p.count }))} margin={{ left: 0, right: 10, top: 8, bottom: 30 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="name" fontSize={11} interval={0} angle={-30} textAnchor="end" />
                <YAxis allowDecimals={false} fontSize={11} width={30} />
                <Tooltip />
                <Bar dataKey="count" fill="#e4002b" radius={[3, 3, 0, 0]} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('dash.recent')}</legend>
          {d.recent.length === 0 ? <p className="muted">{t('list.empty', { button: t('list.newApplication') })}</p> : null}
          <ul className="recent" data-testid="recent">
            {d.recent.map((r) => (
              <li key={r.applicationId}>
                <Link to={`/applications/${r.applicationId}/workflow`}>{r.customerName}</Link> · {kindLabel(r.kind as 'new')} ·{' '}
                {statusShownLabel(statusShown(r.status, r.statusAtHq, syncStatus?.enrolled ?? false))} <span className="muted small">{dateTime(r.at)}</span>
              </li>
            ))}
          </ul>
        </fieldset>
      </div>

      <fieldset>
        <legend>{t('dash.tasks')}</legend>
        {d.tasks.length === 0 ? <p className="muted">{t('dash.noTasks')}</p> : null}
        {d.tasks.length > 0 ? (
          <table className="grid" data-testid="tasks-table">
            <thead>
              <tr>
                <th>{t('dash.due')}</th>
                <th>{t('list.colCustomer')}</th>
                <th>{t('wf.step')}</th>
                <th>{t('wf.owner')}</th>
              </tr>
            </thead>
            <tbody>
              {d.tasks.map((task) => (
                <tr key={`${task.applicationId}-${task.step}`} className={task.overdue ? 'overdue' : undefined}>
                  <td>
                    {date(task.due)} {task.overdue ? <span className="badge status-rejected">{t('wf.overdue')}</span> : <span className="badge">{t('dash.today')}</span>}
                  </td>
                  <td>
                    <Link to={`/applications/${task.applicationId}/workflow`}>{task.customerName}</Link>
                    {task.serviceNumber ? <span className="muted small mono"> {task.serviceNumber}</span> : null}
                  </td>
                  <td className="wrap">
                    {say(task.msgs.label)}
                    {task.msgs.reminder ? <div className="reminder small">{say(task.msgs.reminder)}</div> : null}
                  </td>
                  <td>{say(task.msgs.owner)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </fieldset>

      {d.renewals.length > 0 || d.attention.length > 0 ? (
        <div className="wf-grid">
          <fieldset>
            <legend>{t('dash.renewals')}</legend>
            <ul>
              {d.renewals.map((r) => (
                <li key={r.applicationId}>
                  <Link to={`/applications/${r.applicationId}/workflow`}>{r.customerName}</Link> — {t('dash.renewalLine', { end: date(r.end) })}
                </li>
              ))}
            </ul>
          </fieldset>
          <fieldset>
            <legend>{t('dash.attention')}</legend>
            <ul data-testid="attention">
              {d.attention.map((a) => (
                <li key={a.applicationId}>
                  <Link to={`/applications/${a.applicationId}/workflow`}>{a.customerName}</Link> — <strong>{statusLabel(a.status)}</strong>: {a.reason}
                </li>
              ))}
            </ul>
          </fieldset>
        </div>
      ) : null}
      <DueTickets />
    </section>
  );
}
