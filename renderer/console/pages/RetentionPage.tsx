import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  RETENTION_CONSOLE_PATHS,
  type HqDestructionLogItem,
  type HqRetentionStatus,
  type LegalHold,
  type RetentionDestroyResult,
  type RetentionDueItem,
  type RetentionHold,
} from '../../../shared/privacy/retention';
import { api } from '../api';
import { DataTable, ErrorBanner } from '../components/Table';
import { date, dateTime, statusLabel } from '../format';

const P = RETENTION_CONSOLE_PATHS;

function useHoldText() {
  const { t } = useTranslation();
  return (h: RetentionHold) =>
    h.kind === 'legal_hold' ? t('rt.holdKinds.legal_hold', { reason: h.reason }) : h.kind === 'open_dispute' ? t('rt.holdKinds.open_dispute', { n: h.tickets }) : t('rt.holdKinds.unpaid');
}

/** The daily check's counts: "오늘 점검: 파기 대상 N건, 보존 중 M건". */
function StatusLine() {
  const { t } = useTranslation();
  const status = useQuery({ queryKey: ['retention', 'status'], queryFn: () => api<HqRetentionStatus>('GET', P.status) });
  if (!status.data) return <ErrorBanner error={status.error} />;
  const s = status.data;
  return (
    <p className="muted" data-testid="retention-status">
      {s.checkedAt ? t('rt.status', { due: s.due, held: s.held, at: dateTime(s.checkedAt) }) : t('rt.statusNotYet')}
    </p>
  );
}

/** 파기 대상: HQ's due items; held ones shown held (no checkbox); chosen ones destroyed after a confirm. */
function Due({ onHold }: { onHold: (applicationId: string) => void }) {
  const { t } = useTranslation();
  const holdText = useHoldText();
  const client = useQueryClient();
  const due = useQuery({ queryKey: ['retention', 'due'], queryFn: () => api<{ items: RetentionDueItem[] }>('GET', P.due) });
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [results, setResults] = useState<{ company: string; result: RetentionDestroyResult['results'][number] }[] | null>(null);
  const items = due.data?.items ?? [];
  const free = items.filter((i) => i.holds.length === 0);
  const picked = free.filter((i) => chosen.has(i.subjectId));
  const destroy = useMutation({
    mutationFn: (list: RetentionDueItem[]) =>
      api<RetentionDestroyResult>('POST', P.destroy, { items: list.map((i) => ({ subjectId: i.subjectId, ruleId: i.ruleId, lastActivityAt: i.lastActivityAt })) }),
    onSuccess: (answer, list) => {
      const company = new Map(list.map((i) => [i.subjectId, i.company]));
      setResults(answer.results.map((result) => ({ company: company.get(result.subjectId) ?? result.subjectId, result })));
      setChosen(new Set());
      return client.invalidateQueries({ queryKey: ['retention'] });
    },
  });
  const toggle = (id: string, on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  return (
    <section className="review-box" data-testid="retention-due">
      <h2>{t('rt.due')}</h2>
      <p className="muted small">{t('rt.dueHint')}</p>
      <ErrorBanner error={due.error ?? destroy.error} />
      {due.data ? (
        <DataTable
          testId="retention-due-table"
          rows={items}
          rowKey={(i) => i.subjectId}
          columns={[
            {
              key: 'pick',
              label: t('rt.pick'),
              render: (i) =>
                i.holds.length > 0 ? (
                  <span className="badge status-rejected">{t('rt.held')}</span>
                ) : (
                  <input type="checkbox" aria-label={t('rt.pickOne', { company: i.company })} checked={chosen.has(i.subjectId)} onChange={(e) => toggle(i.subjectId, e.target.checked)} />
                ),
            },
            { key: 'company', label: t('rt.company'), render: (i) => <strong>{i.company || '—'}</strong> },
            { key: 'state', label: t('rt.state'), render: (i) => statusLabel(i.status) },
            {
              key: 'rule',
              label: t('rt.rule'),
              className: 'wrap small',
              render: (i) => (
                <>
                  <span className="mono">{i.ruleId}</span> · {t(`rt.actions.${i.action}`)}
                  <br />
                  <span className="muted">{i.basis}</span>
                </>
              ),
            },
            { key: 'dueAt', label: t('rt.dueAt'), render: (i) => date(i.dueAt) },
            { key: 'last', label: t('rt.lastActivity'), render: (i) => date(i.lastActivityAt) },
            { key: 'holds', label: t('rt.holds'), className: 'wrap small', render: (i) => (i.holds.length > 0 ? i.holds.map(holdText).join(', ') : '—') },
            {
              key: 'hold',
              label: '',
              render: (i) =>
                i.holds.length === 0 ? (
                  <button type="button" className="link-button" onClick={() => onHold(i.subjectId)}>
                    {t('rt.holdThis')}
                  </button>
                ) : null,
            },
          ]}
        />
      ) : null}
      <div className="actions-bar">
        <span className="muted">{t('rt.picked', { n: picked.length, free: free.length })}</span>
        <button
          type="button"
          className="danger"
          data-testid="retention-destroy"
          disabled={picked.length === 0 || destroy.isPending}
          onClick={() => {
            if (window.confirm(t('rt.confirm', { n: picked.length }))) destroy.mutate(picked);
          }}
        >
          {t('rt.destroy')}
        </button>
      </div>
      {results ? (
        <ul data-testid="retention-results">
          {results.map(({ company, result }) => (
            <li key={result.subjectId} className={result.destroyed ? 'retention-ok' : 'retention-refused'}>
              <strong>{company}</strong> — {result.destroyed ? t('rt.destroyed') : `${t('rt.refused')}: ${result.refusal ? t(`rt.refusals.${result.refusal}`) : (result.message ?? '')}`}
              {result.holds.length > 0 ? ` (${result.holds.map(holdText).join(', ')})` : ''}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** 보존 조치: the holds (open first); place one with a reason; lift one with a reason. */
function Holds({ subjectId, setSubjectId, companies }: { subjectId: string; setSubjectId: (id: string) => void; companies: ReadonlyMap<string, string> }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const holds = useQuery({ queryKey: ['retention', 'holds'], queryFn: () => api<{ items: LegalHold[] }>('GET', P.holds) });
  const [kind, setKind] = useState<'application' | 'customer'>('application');
  const [reason, setReason] = useState('');
  const [liftReasons, setLiftReasons] = useState<Record<string, string>>({});
  const done = () => client.invalidateQueries({ queryKey: ['retention'] });
  const place = useMutation({
    mutationFn: () => api<LegalHold>('POST', P.holds, { subjectKind: kind, subjectId: subjectId.trim(), reason }),
    onSuccess: () => {
      setReason('');
      setSubjectId('');
      return done();
    },
  });
  const lift = useMutation({
    mutationFn: (id: string) => api<LegalHold>('POST', P.liftHold.replace(':id', encodeURIComponent(id)), { reason: liftReasons[id] ?? '' }),
    onSuccess: () => done(),
  });
  return (
    <section className="review-box" data-testid="retention-holds">
      <h2>{t('rt.holdsTitle')}</h2>
      <p className="muted small">{t('rt.holdsHint')}</p>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          place.mutate();
        }}
      >
        <div className="field">
          <label htmlFor="hold-kind">{t('rt.subjectKind')}</label>
          <select id="hold-kind" value={kind} onChange={(e) => setKind(e.target.value === 'customer' ? 'customer' : 'application')}>
            <option value="application">{t('rt.kinds.application')}</option>
            <option value="customer">{t('rt.kinds.customer')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="hold-subject">{t('rt.subjectId')}</label>
          <input id="hold-subject" className="mono" value={subjectId} onChange={(e) => setSubjectId(e.target.value)} size={38} />
        </div>
        <div className="field">
          <label htmlFor="hold-reason">{t('rt.holdReason')}</label>
          <input id="hold-reason" value={reason} maxLength={500} placeholder={t('rt.holdReasonPlaceholder')} onChange={(e) => setReason(e.target.value)} />
        </div>
        <button type="submit" disabled={place.isPending || subjectId.trim() === ''} data-testid="hold-place">
          {t('rt.place')}
        </button>
      </form>
      <ErrorBanner error={holds.error ?? place.error ?? lift.error} />
      {holds.data ? (
        <DataTable
          testId="retention-holds-table"
          rows={holds.data.items}
          rowKey={(h) => h.id}
          columns={[
            {
              key: 'subject',
              label: t('rt.subject'),
              className: 'small',
              render: (h) => (
                <>
                  {t(`rt.kinds.${h.subjectKind}`)} {companies.get(h.subjectId) ? <strong>{companies.get(h.subjectId)}</strong> : null}
                  <br />
                  <span className="mono muted">{h.subjectId}</span>
                </>
              ),
            },
            { key: 'reason', label: t('rt.holdReason'), className: 'wrap', render: (h) => h.reason },
            { key: 'placed', label: t('rt.placed'), className: 'small', render: (h) => `${h.placedBy} · ${dateTime(h.placedAt)}` },
            {
              key: 'lifted',
              label: t('rt.lifted'),
              className: 'small wrap',
              render: (h) =>
                h.liftedAt ? (
                  `${h.liftedBy ?? ''} · ${dateTime(h.liftedAt)} — ${h.liftReason ?? ''}`
                ) : (
                  <span className="actions-inline">
                    <input
                      aria-label={t('rt.liftReason')}
                      placeholder={t('rt.liftReason')}
                      maxLength={500}
                      value={liftReasons[h.id] ?? ''}
                      onChange={(e) => setLiftReasons((r) => ({ ...r, [h.id]: e.target.value }))}
                    />
                    <button type="button" disabled={lift.isPending} onClick={() => lift.mutate(h.id)}>
                      {t('rt.lift')}
                    </button>
                  </span>
                ),
            },
          ]}
        />
      ) : null}
    </section>
  );
}

/** 파기 기록: every destruction, the devices' and HQ's, newest first (no destroyed data in it). */
function Log() {
  const { t } = useTranslation();
  const log = useQuery({ queryKey: ['retention', 'log'], queryFn: () => api<{ items: HqDestructionLogItem[] }>('GET', P.log) });
  return (
    <section className="review-box" data-testid="retention-log">
      <h2>{t('rt.log')}</h2>
      <p className="muted small">{t('rt.logHint')}</p>
      <ErrorBanner error={log.error} />
      {log.data ? (
        <DataTable
          testId="retention-log-table"
          rows={log.data.items}
          rowKey={(e) => `${e.origin}-${e.id}`}
          columns={[
            { key: 'at', label: t('rt.at'), render: (e) => dateTime(e.at) },
            { key: 'origin', label: t('rt.origin'), render: (e) => (e.origin === 'hq' ? t('rt.origins.hq') : `${t('rt.origins.device')} · ${e.device}`) },
            {
              key: 'rule',
              label: t('rt.rule'),
              className: 'small',
              render: (e) => (
                <>
                  <span className="mono">{e.ruleId}</span> · {t(`rt.actions.${e.action}`)}
                </>
              ),
            },
            { key: 'subject', label: t('rt.subject'), className: 'mono small wrap', render: (e) => e.subjectId },
            { key: 'counts', label: t('rt.counts'), className: 'small', render: (e) => t('rt.countsText', { records: e.recordsRemoved, fields: e.fieldsErased, files: e.filesRemoved }) },
            { key: 'by', label: t('rt.confirmedBy'), render: (e) => e.confirmedBy },
            { key: 'backups', label: t('rt.backupsGoneBy'), render: (e) => date(e.backupsGoneBy) },
          ]}
        />
      ) : null}
    </section>
  );
}

/** 파기 (issue 17 item 6): what HQ's rules made due, legal holds, and the destruction log. Administrators only. */
export function RetentionPage() {
  const { t } = useTranslation();
  const [holdSubject, setHoldSubject] = useState('');
  const due = useQuery({ queryKey: ['retention', 'due'], queryFn: () => api<{ items: RetentionDueItem[] }>('GET', P.due) });
  const companies = new Map((due.data?.items ?? []).map((i) => [i.subjectId, i.company]));
  return (
    <section className="page wide">
      <div className="page-head">
        <h1>{t('rt.title')}</h1>
      </div>
      <StatusLine />
      <Due onHold={setHoldSubject} />
      <Holds subjectId={holdSubject} setSubjectId={setHoldSubject} companies={companies} />
      <Log />
    </section>
  );
}
