import { useState } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { workflowPatchSchema } from '../../../shared/lifecycle/workflow';
import type { LifecycleEvent } from '../../../shared/lifecycle/machine';
import { formatMoney } from '../../../shared/money';
import { invoke } from '../api';
import { date, dateTime, statusLabel } from '../app/format';
import { ApplicationTabs } from '../components/ApplicationTabs';

type Patch = z.input<typeof workflowPatchSchema>;

/** /applications/:id/workflow — lifecycle, document checklist, provisioning tracker, term and penalty. */
export function WorkflowPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const app = useQuery({ queryKey: ['applications.get', id], queryFn: () => invoke('applications.get', { id: id! }) });
  const view = useQuery({ queryKey: ['workflow.get', id], queryFn: () => invoke('workflow.get', { applicationId: id! }) });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const done = (value: Awaited<ReturnType<typeof invoke<'workflow.get'>>>) => {
    queryClient.setQueryData(['workflow.get', id], value);
    void queryClient.invalidateQueries({ queryKey: ['applications.get', id] });
    void queryClient.invalidateQueries({ queryKey: ['applications.list'] });
  };
  const update = useMutation({
    mutationFn: (patch: Patch) => invoke('workflow.update', { applicationId: id!, patch }),
    onSuccess: (v) => {
      done(v);
      setMessage(null);
    },
    onError: (e) => setMessage({ ok: false, text: (e as Error).message }),
  });
  const move = useMutation({
    mutationFn: (event: LifecycleEvent) => invoke('workflow.transition', { applicationId: id!, event }),
    onSuccess: (v) => {
      done(v);
      setMessage({ ok: true, text: t('wf.moved', { status: statusLabel(v.status) }) });
    },
    onError: (e) => setMessage({ ok: false, text: (e as Error).message }),
  });

  if (app.error || view.error) return <p className="error-banner" role="alert">{((app.error ?? view.error) as Error).message}</p>;
  if (!app.data || !view.data) return <p className="muted">{t('list.loading')}</p>;
  const v = view.data;
  const p = v.provisioningInput;
  return (
    <section className="page wide">
      <div className="page-head">
        <h1>{t('wf.title', { name: app.data.customer.name })}</h1>
        <div className="meta">
          <span className={`badge status-${v.status}`} data-testid="wf-status">
            {statusLabel(v.status)}
          </span>
          {app.data.serviceNumber ? <span className="mono" data-testid="wf-service-number">{app.data.serviceNumber}</span> : null}
        </div>
      </div>
      <ApplicationTabs applicationId={id!} />
      {message ? (
        <div className={message.ok ? 'ok-banner' : 'error-banner'} role={message.ok ? 'status' : 'alert'} data-testid="wf-message">
          {message.text}
        </div>
      ) : null}
      {v.term?.renewalNotice ? (
        <div className="warn-banner" role="status" data-testid="renewal-notice">
          {t('wf.renewalNotice', { end: date(v.term.end), from: date(v.term.noticeFrom) })}
        </div>
      ) : null}

      <div className="wf-grid">
        <fieldset>
          <legend>{t('wf.next')}</legend>
          {v.transitions.length === 0 ? <p className="muted">{t('wf.noMoves')}</p> : null}
          <ul className="moves" data-testid="wf-moves">
            {v.transitions.map((m) => (
              <li key={m.event}>
                <button type="button" className={m.allowed ? 'primary' : undefined} disabled={!m.allowed || move.isPending} onClick={() => move.mutate(m.event)}>
                  {m.label} → {statusLabel(m.to)}
                </button>
                {m.by === 'hq' ? <span className="muted small"> {t('wf.byHq')}</span> : null}
                {!m.allowed && m.by === 'rep' ? (
                  <ul className="reasons">
                    {m.reasons.map((r) => (
                      <li key={r}>{r}</li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </fieldset>

        <fieldset>
          <legend>
            {t('wf.checklist')} ({v.deal === 'asp' ? t('wf.dealAsp') : t('wf.dealContract')})
          </legend>
          <ul className="checklist" data-testid="wf-checklist">
            {v.checklist.map((item) => (
              <li key={item.key} className={item.done ? 'done' : 'missing'}>
                <span aria-hidden="true">{item.done ? '✔' : '○'}</span> {item.label}
              </li>
            ))}
          </ul>
          <label className="choice">
            <input
              type="checkbox"
              checked={v.networkPreReview?.done ?? false}
              onChange={(e) => update.mutate({ networkPreReview: { done: e.target.checked, ...(e.target.checked ? { date: new Date().toISOString().slice(0, 10) } : {}) } })}
            />
            {t('wf.preReviewDone')}
          </label>
          <label className="choice">
            <input type="checkbox" checked={v.deal === 'withContract'} onChange={(e) => update.mutate({ dealType: e.target.checked ? 'withContract' : 'asp' })} />
            {t('wf.withContract')}
          </label>
        </fieldset>
      </div>

      {v.provisioning ? (
        <fieldset>
          <legend>{t('wf.provisioning')}</legend>
          <div className="row">
            <div className="field">
              <label htmlFor="lineType">{t('wf.lineType')}</label>
              <select id="lineType" value={p?.lineType ?? 'vpn'} onChange={(e) => update.mutate({ provisioning: { lineType: e.target.value as 'vpn' | 'leased' } })}>
                <option value="vpn">{t('wf.vpn')}</option>
                <option value="leased">{t('wf.leased')}</option>
              </select>
            </div>
            {(['lineInstallDate', 'scenarioReadyDate', 'acceptanceDate'] as const).map((k) => (
              <div className="field" key={k}>
                <label htmlFor={k}>{t(`wf.${k}`)}</label>
                <input id={k} type="date" value={p?.[k] ?? ''} onChange={(e) => e.target.value && update.mutate({ provisioning: { [k]: e.target.value } })} />
              </div>
            ))}
            <label className="choice">
              <input type="checkbox" checked={p?.headsetsViaKt ?? false} onChange={(e) => update.mutate({ provisioning: { headsetsViaKt: e.target.checked } })} />
              {t('wf.headsets')}
            </label>
          </div>
          <table className="grid steps" data-testid="wf-steps">
            <thead>
              <tr>
                <th>{t('wf.step')}</th>
                <th>{t('wf.owner')}</th>
                <th>{t('wf.due')}</th>
                <th>{t('wf.doneCol')}</th>
                <th>{t('wf.note')}</th>
              </tr>
            </thead>
            <tbody>
              {v.provisioning.map((s) => (
                <tr key={s.key} className={s.overdue ? 'overdue' : s.done ? 'done' : undefined} data-testid={`step-${s.key}`}>
                  <td>
                    {s.label}
                    {s.reminder ? <div className="reminder small">{s.reminder}</div> : null}
                  </td>
                  <td>{s.ownerLabel}</td>
                  <td>
                    {s.due ? date(s.due) : <span className="muted small">{s.rule}</span>}
                    {s.overdue ? <span className="badge status-rejected">{t('wf.overdue')}</span> : null}
                  </td>
                  <td>
                    <label className="choice">
                      <input type="checkbox" checked={s.done} aria-label={`${s.label} ${t('wf.doneCol')}`} onChange={(e) => update.mutate({ step: { key: s.key, done: e.target.checked, ...(s.note ? { note: s.note } : {}) } })} />
                      {s.doneDate ? date(s.doneDate) : ''}
                    </label>
                  </td>
                  <td>
                    <input
                      className="note"
                      defaultValue={s.note ?? ''}
                      aria-label={`${s.label} ${t('wf.note')}`}
                      onBlur={(e) => e.target.value !== (s.note ?? '') && update.mutate({ step: { key: s.key, done: s.done, note: e.target.value } })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
      ) : null}

      <div className="wf-grid">
        <fieldset>
          <legend>{t('wf.contract')}</legend>
          {v.term ? (
            <p data-testid="wf-term">
              {t('wf.termLine', { start: date(v.term.start), end: date(v.term.end), renewals: v.term.renewals })}
            </p>
          ) : (
            <p className="muted">{t('wf.notOpen')}</p>
          )}
          {v.penalty ? (
            <p data-testid="wf-penalty">
              {t('wf.penaltyLine', { months: v.penalty.monthsUsed, amount: formatMoney(v.penalty.penalty), perMonth: formatMoney(v.penalty.perMonth) })}
            </p>
          ) : null}
          {v.suspension ? (
            <p data-testid="wf-suspension">{t('wf.suspensionLine', { start: date(v.suspension.startDate), months: v.suspension.months, free: v.suspension.freeMonths.join(', ') })}</p>
          ) : null}
        </fieldset>
        <fieldset>
          <legend>{t('wf.history')}</legend>
          {v.history.length === 0 ? <p className="muted">{t('wf.noHistory')}</p> : null}
          <ol className="history">
            {[...v.history].reverse().map((h, i) => (
              <li key={i}>
                {dateTime(h.at)} · {statusLabel(h.from)} → <strong>{statusLabel(h.to)}</strong> {h.by === 'hq' ? `(${t('wf.hq')})` : ''} {h.note ? `— ${h.note}` : ''}
              </li>
            ))}
          </ol>
        </fieldset>
      </div>
    </section>
  );
}
