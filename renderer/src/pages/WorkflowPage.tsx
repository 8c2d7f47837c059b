import { background } from '../app/background';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { workflowPatchSchema } from '../../../shared/lifecycle/workflow';
import type { LifecycleEvent } from '../../../shared/lifecycle/machine';
import { todayIso } from '../../../shared/format/date';
import { invoke } from '../api';
import { date, dateTime, money, say, statusLabel } from '../app/format';
import { ApplicationTabs } from '../components/ApplicationTabs';
import { useSyncStatus } from '../app/useSyncStatus';
import { statusShownLabel } from '../app/syncWords';
import { statusShown } from '../../../shared/domain/status';
import { STATUS_REASON_REQUIRED } from '../../../shared/sync/ownership';
import { DateInput } from '../components/DateInput';
import { AttachmentList } from '../components/AttachmentList';
import { isContentEditable } from '../../../shared/lifecycle/editing';

type Patch = z.input<typeof workflowPatchSchema>;

/** /applications/:id/workflow — lifecycle, document checklist, provisioning tracker, term and penalty. */
export function WorkflowPage() {
  const id = useParams().id!;
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const app = useQuery({ queryKey: ['applications.get', id], queryFn: () => invoke('applications.get', { id }) });
  const view = useQuery({ queryKey: ['workflow.get', id], queryFn: () => invoke('workflow.get', { applicationId: id }) });
  // The attached papers, to open or remove them from the checklist (the documents page has the same list).
  const papers = useQuery({ queryKey: ['documents.status', id], queryFn: () => invoke('documents.status', { applicationId: id }) });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const enrolled = useSyncStatus().data?.enrolled ?? false;
  const navigate = useNavigate();
  const [suspension, setSuspension] = useState({ startDate: '', months: 1 });
  const [settlement, setSettlement] = useState({ billingOffice: '', notes: '' });
  const derive = useMutation({
    mutationFn: (kind: 'change' | 'termination') =>
      invoke('applications.derive', { fromId: id, kind, ...(kind === 'change' && suspension.startDate ? { reason: `일시정지 ${suspension.months}개월 (${suspension.startDate}부터)` } : {}) }),
    onSuccess: (created) => {
      background(queryClient.invalidateQueries({ queryKey: ['applications.list'] }), 'refresh');
      background(navigate(created.kind === 'termination' ? `/applications/${created.id}/workflow` : `/applications/${created.id}`), 'navigate');
    },
    onError: (e) => setMessage({ ok: false, text: e.message }),
  });
  const settle = useMutation({
    mutationFn: () => invoke('workflow.settlement', { applicationId: id, inputs: { ...(settlement.billingOffice ? { billingOffice: settlement.billingOffice } : {}), ...(settlement.notes ? { notes: settlement.notes } : {}) } }),
    onSuccess: (v) => {
      done(v);
      setMessage({ ok: true, text: t('wf.settlementSaved') });
    },
    onError: (e) => setMessage({ ok: false, text: e.message }),
  });
  const done = (value: Awaited<ReturnType<typeof invoke<'workflow.get'>>>) => {
    queryClient.setQueryData(['workflow.get', id], value);
    background(queryClient.invalidateQueries({ queryKey: ['applications.get', id] }), 'refresh');
    background(queryClient.invalidateQueries({ queryKey: ['applications.list'] }), 'refresh');
  };
  const update = useMutation({
    mutationFn: (patch: Patch) => invoke('workflow.update', { applicationId: id, patch }),
    onSuccess: (v) => {
      done(v);
      setMessage(null);
    },
    onError: (e) => setMessage({ ok: false, text: e.message }),
  });
  const move = useMutation({
    mutationFn: (event: LifecycleEvent) => invoke('workflow.transition', { applicationId: id, event }),
    onSuccess: (v) => {
      done(v);
      const shown = statusShown(v.status, v.statusAtHq, enrolled);
      const hint = shown === 'submit_pending_unenrolled' ? t('sync.submitPendingUnenrolled') : shown === 'submit_pending' ? t('sync.submitPending') : '';
      setMessage({ ok: true, text: `${t('wf.moved', { status: statusShownLabel(shown) })}${hint ? ` ${hint}` : ''}` });
    },
    onError: (e) => setMessage({ ok: false, text: e.message }),
  });

  const failed = app.error ?? view.error;
  if (failed) return <p className="error-banner" role="alert">{failed.message}</p>;
  if (!app.data || !view.data) return <p className="muted">{t('list.loading')}</p>;
  const v = view.data;
  const p = v.provisioningInput;
  return (
    <section className="page wide">
      <div className="page-head">
        <h1>{t('wf.title', { name: app.data.customer.name })}</h1>
        <div className="meta">
          <span className={`badge status-${v.status}`} data-testid="wf-status" data-status={statusShown(v.status, v.statusAtHq, enrolled)}>
            {statusShownLabel(statusShown(v.status, v.statusAtHq, enrolled))}
          </span>
          {app.data.serviceNumber ? <span className="mono" data-testid="wf-service-number">{app.data.serviceNumber}</span> : null}
        </div>
      </div>
      <ApplicationTabs applicationId={id} />
      {message ? (
        <div className={message.ok ? 'ok-banner' : 'error-banner'} role={message.ok ? 'status' : 'alert'} data-testid="wf-message">
          {message.text}
        </div>
      ) : null}
      {v.statusReason && STATUS_REASON_REQUIRED.includes(v.status) ? (
        <div className="error-banner" role="alert" data-testid="status-reason">
          {t('wf.hqReason', { status: statusLabel(v.status), reason: v.statusReason })}
        </div>
      ) : null}
      {v.kind === 'termination' && v.penalty ? (
        <div className="warn-banner" data-testid="termination-penalty">
          {t('wf.terminationPenalty', { amount: money(v.penalty.penalty), months: v.penalty.monthsUsed, perMonth: money(v.penalty.perMonth) })}
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
                  {say(m.labelMsg)}
                  {say(m.labelMsg) !== statusLabel(m.to) ? ` → ${statusLabel(m.to)}` : ''}
                </button>
                {m.by === 'hq' ? <span className="muted small"> {t('wf.byHq')}</span> : null}
                {!m.allowed && m.by === 'rep' ? (
                  <ul className="reasons">
                    {m.reasonMsgs.map(say).map((r) => (
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
            {t('wf.checklist')}
            {v.kind === 'new' ? ` (${v.deal === 'asp' ? t('wf.dealAsp') : t('wf.dealContract')})` : ''}
          </legend>
          <ul className="checklist" data-testid="wf-checklist">
            {v.checklist.map((item) => (
              <li key={item.key} className={item.done ? 'done' : 'missing'}>
                <span aria-hidden="true">{item.done ? '✔' : '○'}</span> {say(item.msg)}
                {item.kind === 'attachment' && papers.data?.attachments.some((a) => a.purpose === item.key) ? (
                  <AttachmentList
                    applicationId={id}
                    attachments={papers.data.attachments.filter((a) => a.purpose === item.key)}
                    editable={isContentEditable(app.data.status)}
                    onMessage={setMessage}
                    testId={`wf-attachments-${item.key}`}
                  />
                ) : null}
              </li>
            ))}
          </ul>
          {v.kind === 'new' ? (
          <>
          <label className="choice">
            <input
              type="checkbox"
              key={`pre-${String(v.networkPreReview?.done ?? false)}`}
              defaultChecked={v.networkPreReview?.done ?? false}
              onChange={(e) => update.mutate({ networkPreReview: { done: e.target.checked, ...(e.target.checked ? { date: todayIso() } : {}) } })}
            />
            {t('wf.preReviewDone')}
          </label>
          <label className="choice">
            <input type="checkbox" key={`deal-${v.deal}`} defaultChecked={v.deal === 'withContract'} onChange={(e) => update.mutate({ dealType: e.target.checked ? 'withContract' : 'asp' })} />
            {t('wf.withContract')}
          </label>
          </>
          ) : null}
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
                <SavedDateInput id={k} value={p?.[k] ?? ''} onSave={(value) => update.mutate({ provisioning: { [k]: value } })} />
              </div>
            ))}
            <label className="choice">
              <input type="checkbox" key={`hs-${String(p?.headsetsViaKt ?? false)}`} defaultChecked={p?.headsetsViaKt ?? false} onChange={(e) => update.mutate({ provisioning: { headsetsViaKt: e.target.checked } })} />
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
                    {say(s.msgs.label)}
                    {s.msgs.reminder ? <div className="reminder small">{say(s.msgs.reminder)}</div> : null}
                  </td>
                  <td>{say(s.msgs.owner)}</td>
                  <td>
                    {s.due ? date(s.due) : <span className="muted small">{say(s.msgs.rule)}</span>}
                    {s.overdue ? <span className="badge status-rejected">{t('wf.overdue')}</span> : null}
                  </td>
                  <td>
                    <label className="choice">
                      <input type="checkbox" key={`${s.key}-${String(s.done)}`} defaultChecked={s.done} aria-label={`${say(s.msgs.label)} ${t('wf.doneCol')}`} onChange={(e) => update.mutate({ step: { key: s.key, done: e.target.checked, ...(s.note ? { note: s.note } : {}) } })} />
                      {s.doneDate ? date(s.doneDate) : ''}
                    </label>
                  </td>
                  <td>
                    <input
                      className="note"
                      defaultValue={s.note ?? ''}
                      aria-label={`${say(s.msgs.label)} ${t('wf.note')}`}
                      onBlur={(e) => e.target.value !== (s.note ?? '') && update.mutate({ step: { key: s.key, done: s.done, note: e.target.value } })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
      ) : null}

      {v.kind === 'new' && ['open', 'billing_requested', 'active', 'suspended'].includes(v.status) ? (
        <div className="wf-grid">
          <fieldset data-testid="wf-changes">
            <legend>{t('wf.changesTitle')}</legend>
            <p className="muted small">{t('wf.changesHint')}</p>
            <div className="row">
              <button type="button" onClick={() => derive.mutate('change')} disabled={derive.isPending}>
                {t('wf.newChange')}
              </button>
              <button type="button" onClick={() => derive.mutate('termination')} disabled={derive.isPending}>
                {t('wf.newTermination')}
              </button>
            </div>
            <div className="row">
              <div className="field">
                <label htmlFor="suspStart">{t('wf.suspStart')}</label>
                <DateInput id="suspStart" value={suspension.startDate} onValue={(startDate) => setSuspension({ ...suspension, startDate })} />
              </div>
              <div className="field">
                <label htmlFor="suspMonths">{t('wf.suspMonths')}</label>
                <select id="suspMonths" value={suspension.months} onChange={(e) => setSuspension({ ...suspension, months: Number(e.target.value) })}>
                  {[1, 2, 3, 4, 5, 6].map((m) => (
                    <option key={m} value={m}>
                      {m}
                    </option>
                  ))}
                </select>
              </div>
              <button
                type="button"
                disabled={!suspension.startDate}
                onClick={() => update.mutate({ suspension: { startDate: suspension.startDate, months: suspension.months } })}
              >
                {t('wf.suspSave')}
              </button>
            </div>
          </fieldset>
          {v.status === 'open' ? (
            <fieldset data-testid="wf-settlement">
              <legend>{t('wf.settlementTitle')}</legend>
              <p className="muted small">{v.settlementRequestedAt ? t('wf.settlementDone', { at: dateTime(v.settlementRequestedAt) }) : t('wf.settlementHint')}</p>
              <div className="field">
                <label htmlFor="billingOffice">{t('wf.billingOffice')}</label>
                <input id="billingOffice" value={settlement.billingOffice} onChange={(e) => setSettlement({ ...settlement, billingOffice: e.target.value })} />
              </div>
              <div className="field">
                <label htmlFor="settleNotes">{t('wf.settleNotes')}</label>
                <input id="settleNotes" value={settlement.notes} onChange={(e) => setSettlement({ ...settlement, notes: e.target.value })} />
              </div>
              <button type="button" className="primary" onClick={() => settle.mutate()} disabled={settle.isPending}>
                {t('wf.settlementMake')}
              </button>{' '}
              <Link to={`/applications/${id}/documents`}>{t('wf.settlementDocs')}</Link>
            </fieldset>
          ) : null}
        </div>
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
              {t('wf.penaltyLine', { months: v.penalty.monthsUsed, amount: money(v.penalty.penalty), perMonth: money(v.penalty.perMonth) })}
            </p>
          ) : null}
          {v.suspension ? (
            <p data-testid="wf-suspension">{t('wf.suspensionLine', { start: date(v.suspension.startDate), months: v.suspension.months, free: v.suspension.freeMonths.map((m) => t('wf.month', { year: m.slice(0, 4), month: Number(m.slice(5, 7)) })).join(', ') })}</p>
          ) : null}
        </fieldset>
        <fieldset>
          <legend>{t('wf.history')}</legend>
          {v.related.length > 0 ? (
            <p className="muted small">{t('wf.relatedTitle')}</p>
          ) : null}
          {v.related.length > 0 ? (
            <ul className="related" data-testid="wf-related">
              {v.related.map((r) => (
                <li key={r.id}>
                  <Link to={`/applications/${r.id}/workflow`}>
                    {t(`kind.${r.kind}` as 'kind.new')} {date(r.date)}
                  </Link>{' '}
                  · {statusLabel(r.status)}
                </li>
              ))}
            </ul>
          ) : null}
          {v.related.length > 0 ? <p className="muted small">{t('wf.ownHistory')}</p> : null}
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

/**
 * A date the rep types or picks: kept locally while typing (a half-typed year is not a date) and
 * saved when the field is left or Enter is pressed, only when it is a whole date that changed.
 */
function SavedDateInput({ id, value, onSave }: { id: string; value: string; onSave: (value: string) => void }) {
  const [draft, setDraft] = useState(value);
  // A new value from the store replaces the draft (adjusted while rendering, not in an effect).
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setDraft(value);
  }
  const commit = () => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(draft) && draft !== value) onSave(draft);
  };
  return (
    <DateInput
      id={id}
      value={draft}
      onValue={setDraft}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
      }}
    />
  );
}
