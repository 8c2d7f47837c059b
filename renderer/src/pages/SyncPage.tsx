import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import i18n from '../i18n';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ContractError } from '../../../shared/contract/client';
import type { DeviceSyncState } from '../../../shared/sync/device-state';
import { invoke } from '../api';
import { useDeviceSyncState } from '../app/useSyncStatus';
import { dateTime } from '../app/format';
import { changeWords, progressWords, recordLabel, stateHeadline, waitingWords } from '../app/syncWords';
import { Field } from '../components/Field';

const show = (v: unknown) => (v === null || v === undefined ? i18n.t('common.none') : typeof v === 'string' ? v : JSON.stringify(v));

/** /sync — enrollment, the one sync state, what waits, what HQ refused, conflicts; in plain words. */
export function SyncPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { status: s, state } = useDeviceSyncState();
  if (!s || !state) return <p className="muted">{t('list.loading')}</p>;
  const syncNow = () => {
    invoke('sync.now', {})
      .then((next) => queryClient.setQueryData(['sync.status'], next))
      .catch(() => undefined);
  };
  return (
    <section className="page">
      <div className="page-head">
        <h1>{t('sync.title')}</h1>
        {s.enrolled ? (
          <button type="button" className="primary" disabled={state.syncing} onClick={syncNow}>
            {t('sync.now')}
          </button>
        ) : null}
      </div>
      {!s.enrolled ? <EnrollForm revoked={state.revoked} /> : null}
      <StateFacts state={state} server={s.enrolled ? { url: s.serverUrl, branch: s.branch, rep: s.rep } : null} progress={s.progress} unapplied={s.unapplied} />
      <RefusedList />
      <WaitingList enrolled={s.enrolled} />
      <ConflictsTable />
    </section>
  );
}

function EnrollForm({ revoked }: { revoked: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ serverUrl: '', code: '', deviceName: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const enroll = useMutation({
    mutationFn: () => invoke('sync.enroll', { serverUrl: form.serverUrl, code: form.code, ...(form.deviceName.trim() ? { deviceName: form.deviceName.trim() } : {}) }),
    onSuccess: (s) => {
      queryClient.setQueryData(['sync.status'], s);
      setErrors({});
    },
    onError: (e) => {
      if (e instanceof ContractError) setErrors(Object.fromEntries(e.issues.map((i) => [i.path, i.message])));
    },
  });
  return (
    <fieldset data-testid="enroll-form">
      <legend>{t('sync.enrollTitle')}</legend>
      <p className="muted">{revoked ? t('sync.state.revoked') : t('sync.enrollHint')}</p>
      {enroll.error ? (
        <div className="error-banner" role="alert">
          {enroll.error.message}
        </div>
      ) : null}
      <div className="grid-2">
        <Field label={t('sync.serverUrl')} htmlFor="serverUrl" error={errors.serverUrl}>
          <input id="serverUrl" placeholder="https://hq.example.kt.com" value={form.serverUrl} onChange={(e) => setForm({ ...form, serverUrl: e.target.value })} />
        </Field>
        <Field label={t('sync.code')} htmlFor="enrollCode" error={errors.code}>
          <input id="enrollCode" placeholder="ABCD-EFGH-JKLM" value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} />
        </Field>
        <Field label={t('sync.deviceName')} htmlFor="deviceName" optional={t('form.optional')}>
          <input id="deviceName" value={form.deviceName} onChange={(e) => setForm({ ...form, deviceName: e.target.value })} />
        </Field>
      </div>
      <button
        type="button"
        className="primary"
        disabled={enroll.isPending}
        onClick={() => {
          enroll.mutate();
        }}
      >
        {enroll.isPending ? t('sync.enrolling') : t('sync.enroll')}
      </button>
    </fieldset>
  );
}

function StateFacts({
  state,
  server,
  progress,
  unapplied,
}: {
  state: DeviceSyncState;
  server: { url: string | null; branch: string | null; rep: string | null } | null;
  progress: { phase: string; label: string; done: number; total: number } | null;
  unapplied: number;
}) {
  const { t } = useTranslation();
  const trouble = state.kind === 'offline' || state.kind === 'update_needed' || (state.kind === 'not_enrolled' && state.revoked);
  return (
    <fieldset data-testid="sync-state" data-state={state.kind}>
      <legend>{t('sync.stateTitle')}</legend>
      <dl className="facts">
        {server ? (
          <>
            <dt>{t('sync.server')}</dt>
            <dd className="mono">{server.url}</dd>
            <dt>{t('sync.branchRep')}</dt>
            <dd>
              {server.branch} · {server.rep}
            </dd>
          </>
        ) : null}
        <dt>{t('sync.stateLabel')}</dt>
        <dd data-testid="sync-activity">
          <strong>{stateHeadline(state, t)}</strong>
          {state.syncing ? ` — ${progress ? progressWords(progress, t) : t('sync.detail.syncing')}` : ''}
        </dd>
        <dt>{t('sync.waitingLabel')}</dt>
        <dd data-testid="sync-pending">{waitingWords(state, t)}</dd>
        <dt>{t('sync.lastExchangeLabel')}</dt>
        <dd data-testid="sync-last">{state.lastExchangeAt ? dateTime(state.lastExchangeAt) : t('sync.never')}</dd>
        {state.offlineSince ? (
          <>
            <dt>{t('sync.offlineSinceLabel')}</dt>
            <dd data-testid="sync-offline-since">{dateTime(state.offlineSince)}</dd>
          </>
        ) : null}
        {state.nextAttemptAt && !state.syncing ? (
          <>
            <dt>{t('sync.nextAttemptLabel')}</dt>
            <dd>{dateTime(state.nextAttemptAt)}</dd>
          </>
        ) : null}
      </dl>
      {trouble && state.message ? (
        <div className="error-banner" role="alert" data-testid="sync-error">
          {state.message}
        </div>
      ) : null}
      {unapplied > 0 ? <p className="muted small">{t('sync.unappliedNote', { count: unapplied })}</p> : null}
    </fieldset>
  );
}

function WaitingList({ enrolled }: { enrolled: boolean }) {
  const { t } = useTranslation();
  const waiting = useQuery({ queryKey: ['sync.waiting'], queryFn: () => invoke('sync.waiting', {}) });
  if (!waiting.data) return null;
  const { total, records } = waiting.data;
  return (
    <fieldset data-testid="waiting">
      <legend>{t('sync.waitingTitle', { count: total })}</legend>
      {total === 0 ? <p className="muted">{t('sync.noWaiting')}</p> : null}
      {total > 0 && !enrolled ? <p className="warn-banner">{t('sync.waitingLocalNote')}</p> : null}
      {records.length > 0 ? (
        <table className="grid" data-testid="waiting-list">
          <thead>
            <tr>
              <th>{t('sync.colRecord')}</th>
              <th>{t('sync.colChange')}</th>
              <th>{t('sync.colSince')}</th>
              <th>{t('sync.colState')}</th>
            </tr>
          </thead>
          <tbody>
            {records.map((r) => (
              <tr key={`${r.entity}:${r.entityId}`}>
                <td>
                  <strong>{r.customer ?? (r.entity === 'prospect_handout' ? t('sync.prospectList') : t('sync.noCustomer'))}</strong> · {recordLabel(r, t)}
                </td>
                <td className="wrap">
                  {changeWords(r, t)}
                  {r.changes > 1 ? <span className="muted small"> ({t('sync.changesCount', { count: r.changes })})</span> : null}
                </td>
                <td className="nowrap">{dateTime(r.since)}</td>
                <td className="small">{r.sent ? t('sync.sentNoAnswer') : t('sync.queued')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {total > records.length ? <p className="muted small">{t('sync.waitingMore', { shown: records.length, count: total })}</p> : null}
    </fieldset>
  );
}

function RefusedList() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const refused = useQuery({ queryKey: ['sync.refused'], queryFn: () => invoke('sync.refused', {}) });
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const after = (text: string) => {
    setNote({ ok: true, text });
    queryClient.invalidateQueries({ queryKey: ['sync.refused'] }).catch(() => undefined);
    queryClient.invalidateQueries({ queryKey: ['sync.status'] }).catch(() => undefined);
    queryClient.invalidateQueries({ queryKey: ['sync.waiting'] }).catch(() => undefined);
  };
  const resend = useMutation({
    mutationFn: (ids: string[]) => invoke('sync.resendRefused', { ids }),
    onSuccess: (r) => after(t('sync.resent', { count: r.resent })),
    onError: (e) => setNote({ ok: false, text: e.message }),
  });
  const discard = useMutation({
    mutationFn: (ids: string[]) => invoke('sync.discardRefused', { ids }),
    onSuccess: (r) => after(t('sync.discarded', { count: r.discarded })),
    onError: (e) => setNote({ ok: false, text: e.message }),
  });
  const items = refused.data ?? [];
  if (items.length === 0 && !note) return null;
  const busy = resend.isPending || discard.isPending;
  return (
    <fieldset data-testid="refused">
      <legend>{t('sync.refusedTitle', { count: items.length })}</legend>
      {note ? (
        <div className={note.ok ? 'ok-banner' : 'error-banner'} role={note.ok ? 'status' : 'alert'} data-testid="refused-message">
          {note.text}
        </div>
      ) : null}
      {items.length > 0 ? (
        <>
          <p className="muted small">{t('sync.refusedHint')}</p>
          <ul className="refused-list" data-testid="rejected-list">
            {items.map((r) => (
              <li key={r.id} data-testid="refused-item">
                <div>
                  <strong>{r.customer ?? t('sync.noCustomer')}</strong> · {recordLabel(r, t)} — {changeWords(r, t)}
                  {r.at ? <span className="muted small"> ({dateTime(r.at)})</span> : null}
                </div>
                <div className="small">
                  {t('sync.reasonLabel')}: <span className="error-text">{r.reason}</span>
                </div>
                <div className="actions">
                  <button type="button" disabled={busy} onClick={() => resend.mutate([r.id])}>
                    {t('sync.resend')}
                  </button>
                  <button type="button" className="link-button" disabled={busy} onClick={() => discard.mutate([r.id])}>
                    {t('sync.discard')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
          {items.length > 1 ? (
            <button type="button" disabled={busy} onClick={() => resend.mutate(items.map((r) => r.id))}>
              {t('sync.resendAll')}
            </button>
          ) : null}
        </>
      ) : null}
    </fieldset>
  );
}

function ConflictsTable() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const conflicts = useQuery({ queryKey: ['sync.conflicts'], queryFn: () => invoke('sync.conflicts', {}) });
  const seen = useMutation({
    mutationFn: (ids: string[]) => invoke('sync.conflictsSeen', { ids }),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: ['sync.conflicts'] }).catch(() => undefined);
      queryClient.invalidateQueries({ queryKey: ['sync.status'] }).catch(() => undefined);
    },
  });
  const list = conflicts.data;
  return (
    <fieldset>
      <legend>
        {t('sync.conflictsTitle')} ({list?.length ?? 0})
      </legend>
      {list?.length === 0 ? <p className="muted">{t('sync.noConflicts')}</p> : null}
      {list && list.length > 0 ? (
        <>
          <table className="grid" data-testid="conflicts-table">
            <thead>
              <tr>
                <th>{t('sync.field')}</th>
                <th>{t('sync.yours')}</th>
                <th>{t('sync.theirs')}</th>
                <th>{t('sync.kept')}</th>
                <th>{t('sync.what')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((c) => (
                <tr key={c.id} className={c.seenAt ? 'seen' : 'unseen'}>
                  <td>{t(`sync.fields.${c.field}`, { defaultValue: c.field })}</td>
                  <td className="wrap">{show(c.yours)}</td>
                  <td className="wrap">{show(c.theirs)}</td>
                  <td>{c.winner === 'yours' ? t('sync.keptYours') : t('sync.keptTheirs')}</td>
                  <td className="wrap small">
                    {c.message} <span className="muted">({dateTime(c.createdAt)})</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" onClick={() => seen.mutate(list.filter((c) => !c.seenAt).map((c) => c.id))}>
            {t('sync.markSeen')}
          </button>
        </>
      ) : null}
    </fieldset>
  );
}
