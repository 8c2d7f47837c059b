import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ContractError } from '../../../shared/contract/client';
import { invoke } from '../api';
import { useSyncStatus } from '../app/useSyncStatus';
import { dateTime } from '../app/format';
import { Field } from '../components/Field';

const FIELD_LABELS: Record<string, string> = {
  term: '약정기간',
  items: '상품',
  seller: '판매자',
  billing: '요금납부 책임자',
  status: '상태',
  workflow: '진행 관리',
  serviceNumber: '서비스번호',
  name: '법인명',
  phone: '전화번호',
  address: '주소',
  representative: '대표자명',
};

const show = (v: unknown) => (v === null || v === undefined ? '(없음)' : typeof v === 'string' ? v : JSON.stringify(v));

/** /sync — enrollment, sync state, conflicts and refused changes, all in plain Korean. */
export function SyncPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const status = useSyncStatus();
  const conflicts = useQuery({ queryKey: ['sync.conflicts'], queryFn: () => invoke('sync.conflicts', {}), refetchInterval: 10_000 });
  const rejected = useQuery({ queryKey: ['sync.rejected'], queryFn: () => invoke('sync.rejected', {}), refetchInterval: 10_000 });
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
  const seen = useMutation({
    mutationFn: (ids: string[]) => invoke('sync.conflictsSeen', { ids }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['sync.conflicts'] });
      void queryClient.invalidateQueries({ queryKey: ['sync.status'] });
    },
  });
  const s = status.data;
  if (!s) return <p className="muted">{t('list.loading')}</p>;

  return (
    <section className="page">
      <div className="page-head">
        <h1>{t('sync.title')}</h1>
        {s.enrolled ? (
          <button type="button" className="primary" disabled={s.activity === 'syncing'} onClick={async () => queryClient.setQueryData(['sync.status'], await invoke('sync.now', {}))}>
            {t('sync.now')}
          </button>
        ) : null}
      </div>

      {!s.enrolled ? (
        <fieldset data-testid="enroll-form">
          <legend>{t('sync.enrollTitle')}</legend>
          <p className="muted">{t('sync.enrollHint')}</p>
          {enroll.error ? (
            <div className="error-banner" role="alert">
              {(enroll.error as Error).message}
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
          <button type="button" className="primary" disabled={enroll.isPending} onClick={() => enroll.mutate()}>
            {enroll.isPending ? t('sync.enrolling') : t('sync.enroll')}
          </button>
        </fieldset>
      ) : (
        <fieldset data-testid="sync-state">
          <legend>{t('sync.stateTitle')}</legend>
          <dl className="facts">
            <dt>{t('sync.server')}</dt>
            <dd className="mono">{s.serverUrl}</dd>
            <dt>{t('sync.branchRep')}</dt>
            <dd>
              {s.branch} · {s.rep}
            </dd>
            <dt>{t('sync.activity')}</dt>
            <dd data-testid="sync-activity">
              {t(`sync.activities.${s.activity}`)}
              {s.progress ? ` — ${s.progress.label} (${s.progress.done}/${s.progress.total})` : ''}
            </dd>
            <dt>{t('sync.pendingLabel')}</dt>
            <dd data-testid="sync-pending">{t('sync.pendingCount', { count: s.pending })}</dd>
            <dt>{t('sync.lastSync')}</dt>
            <dd data-testid="sync-last">{s.lastSyncAt ? dateTime(s.lastSyncAt) : t('sync.never')}</dd>
            {s.nextAttemptAt && s.activity !== 'syncing' ? (
              <>
                <dt>{t('sync.nextAttempt')}</dt>
                <dd>{dateTime(s.nextAttemptAt)}</dd>
              </>
            ) : null}
          </dl>
          {s.lastError ? (
            <div className="error-banner" role="alert" data-testid="sync-error">
              {s.lastError.message}
            </div>
          ) : null}
        </fieldset>
      )}

      <fieldset>
        <legend>
          {t('sync.conflictsTitle')} ({conflicts.data?.length ?? 0})
        </legend>
        {conflicts.data && conflicts.data.length === 0 ? <p className="muted">{t('sync.noConflicts')}</p> : null}
        {conflicts.data && conflicts.data.length > 0 ? (
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
                {conflicts.data.map((c) => (
                  <tr key={c.id} className={c.seenAt ? 'seen' : 'unseen'}>
                    <td>{FIELD_LABELS[c.field] ?? c.field}</td>
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
            <button type="button" onClick={() => seen.mutate(conflicts.data!.filter((c) => !c.seenAt).map((c) => c.id))}>
              {t('sync.markSeen')}
            </button>
          </>
        ) : null}
      </fieldset>

      {rejected.data && rejected.data.length > 0 ? (
        <fieldset>
          <legend>{t('sync.rejectedTitle')}</legend>
          <ul data-testid="rejected-list">
            {rejected.data.map((r) => (
              <li key={r.mutationId}>
                {r.entity} {r.entityId.slice(0, 8)}… — {r.error}
              </li>
            ))}
          </ul>
        </fieldset>
      ) : null}
    </section>
  );
}
