import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApplicationDetail, AuditRow } from '../../../shared/console/api';
import { apiUrl, api } from '../api';
import { ErrorBanner } from '../components/Table';
import { FileViewer } from '../components/FileViewer';
import { background } from '../components/hooks';
import { approvalLabel, date, dateTime, kindLabel, money, statusLabel, termLabel, waited } from '../format';
import { useCan } from '../session';

/** A stored value as text (records are JSON from the devices: anything may be missing). */
const txt = (v: unknown, empty = '—') => (typeof v === 'string' || typeof v === 'number' ? String(v) : empty);

export function ApplicationDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const client = useQueryClient();
  const canProcess = useCan('applications.process');
  const detail = useQuery({ queryKey: ['application', id], queryFn: () => api<ApplicationDetail>('GET', `/applications/${encodeURIComponent(id)}`) });
  const [done, setDone] = useState<string | null>(null);
  const refresh = () => background(client.invalidateQueries(), 'refresh');
  const so = useMutation({
    mutationFn: () => api<{ serviceNumber: string; alreadyProcessed: boolean }>('POST', `/applications/${encodeURIComponent(id)}/so-process`),
    onSuccess: (r) => {
      setDone(t(r.alreadyProcessed ? 'app_.soAlready' : 'app_.soDone', { number: r.serviceNumber }));
      refresh();
    },
  });
  const [reason, setReason] = useState('');
  const back = useMutation({
    mutationFn: () => api('POST', `/applications/${encodeURIComponent(id)}/return`, { reason }),
    onSuccess: () => {
      setDone(t('app_.returnDone'));
      setReason('');
      refresh();
    },
  });
  const [declineReason, setDeclineReason] = useState('');
  const decline = useMutation({
    mutationFn: () => api('POST', `/applications/${encodeURIComponent(id)}/decline`, { reason: declineReason }),
    onSuccess: () => {
      setDone(t('app_.declineDone'));
      setDeclineReason('');
      refresh();
    },
  });
  const [moveTo, setMoveTo] = useState('');
  const [moveReason, setMoveReason] = useState('');
  const move = useMutation({
    mutationFn: () => api('POST', `/applications/${encodeURIComponent(id)}/status`, { status: moveTo, ...(moveReason.trim() ? { reason: moveReason } : {}) }),
    onSuccess: () => {
      setDone(t('app_.moveDone', { status: statusLabel(moveTo) }));
      setMoveReason('');
      refresh();
    },
  });
  if (detail.error) return <ErrorBanner error={detail.error} />;
  if (!detail.data) return <p className="muted">{t('app.loading')}</p>;
  const d = detail.data;
  const f = d.fields;
  const customer = (f.customer as Record<string, unknown> | undefined) ?? d.customer ?? {};
  const seller = (f.seller as Record<string, unknown> | undefined) ?? {};
  const items = Array.isArray(f.items) ? (f.items as { code: string; quantity: number; unitPrice?: number }[]) : [];
  const status = typeof f.status === 'string' ? f.status : 'draft';
  const serviceNumber = typeof f.serviceNumber === 'string' ? f.serviceNumber : null;
  const otherMoves = d.moves.filter((m) => m.to !== 'rejected' && m.to !== 'declined');
  const settlementDoc = d.documents.find((x) => x.form === 'settlement');
  return (
    <section className="page wide">
      <Link to="/applications">{t('app_.backToList')}</Link>
      <div className="page-head">
        <h1 data-testid="application-title">
          {txt(customer.name)} <span className="muted small">· {kindLabel(typeof f.kind === 'string' ? f.kind : null)} · {d.branch}</span>
        </h1>
        <div className="meta">
          <span className={`badge status-${status}`} data-testid="application-status">
            {statusLabel(status)}
          </span>
          <span className="muted small">{waited(d.statusSince)}</span>
        </div>
      </div>
      {serviceNumber ? (
        <p>
          {t('app_.serviceNumber')}: <span className="service-number" data-testid="service-number">{serviceNumber}</span>
        </p>
      ) : null}
      {typeof f.statusReason === 'string' && f.statusReason ? (
        <p className="note-banner">
          {t('app_.reasonNow')}: {f.statusReason}
        </p>
      ) : null}
      {done ? (
        <p className="ok-banner" role="status">
          {done}
        </p>
      ) : null}
      <ErrorBanner error={so.error ?? back.error ?? decline.error ?? move.error} />

      {canProcess ? (
        <div className="actions-bar">
          {d.canSoProcess ? (
            <div className="action-box">
              <button
                type="button"
                className="primary"
                disabled={so.isPending}
                onClick={() => {
                  if (window.confirm(t('app_.soConfirm'))) so.mutate();
                }}
              >
                {t('app_.soProcess')}
              </button>
            </div>
          ) : null}
          {d.moves.some((m) => m.to === 'rejected') ? (
            <div className="action-box">
              <label htmlFor="return-reason">{t('app_.returnReason')}</label>
              <textarea id="return-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} />
              <button type="button" className="danger" disabled={back.isPending || !reason.trim()} onClick={() => back.mutate()}>
                {t('app_.returnToRep')}
              </button>
            </div>
          ) : null}
          {d.moves.some((m) => m.to === 'declined') ? (
            <div className="action-box">
              <label htmlFor="decline-reason">{t('app_.declineReason')}</label>
              <textarea id="decline-reason" value={declineReason} onChange={(e) => setDeclineReason(e.target.value)} maxLength={1000} />
              <button
                type="button"
                className="danger"
                disabled={decline.isPending || !declineReason.trim()}
                onClick={() => {
                  if (window.confirm(t('app_.declineConfirm'))) decline.mutate();
                }}
              >
                {t('app_.decline')}
              </button>
            </div>
          ) : null}
          {otherMoves.length > 0 ? (
            <div className="action-box">
              <label htmlFor="move-to">{t('app_.move')}</label>
              <select id="move-to" value={moveTo} onChange={(e) => setMoveTo(e.target.value)}>
                <option value="">—</option>
                {otherMoves.map((m) => (
                  <option key={m.to} value={m.to}>
                    {m.label}
                  </option>
                ))}
              </select>
              <label htmlFor="move-reason">{t('app_.moveReason')}</label>
              <textarea id="move-reason" value={moveReason} onChange={(e) => setMoveReason(e.target.value)} maxLength={1000} />
              <button type="button" disabled={!moveTo || move.isPending || (otherMoves.find((m) => m.to === moveTo)?.needsReason === true && !moveReason.trim())} onClick={() => move.mutate()}>
                {t('app_.move')}
              </button>
            </div>
          ) : null}
        </div>
      ) : null}

      <div className="wf-grid">
        <fieldset>
          <legend>{t('app_.content')}</legend>
          <dl className="facts">
            <dt>{t('app_.customer')}</dt>
            <dd>
              {txt(customer.name)} <span className="mono muted">{txt(customer.businessNumber, '')}</span>
            </dd>
            <dt>{t('app_.representative')}</dt>
            <dd>{txt(customer.representative)}</dd>
            <dt>{t('app_.address')}</dt>
            <dd>{txt(customer.address)}</dd>
            <dt>{t('app_.phone')}</dt>
            <dd className="mono">{txt(customer.phone)}</dd>
            <dt>{t('col.term')}</dt>
            <dd>{termLabel(typeof f.term === 'string' ? f.term : null)}</dd>
            <dt>{t('col.date')}</dt>
            <dd>{date(typeof f.date === 'string' ? f.date : null)}</dd>
            <dt>{t('app_.seller')}</dt>
            <dd>
              {txt(seller.team, '')} {txt(seller.name, '')} <span className="mono">{txt(seller.phone, '')}</span>
            </dd>
          </dl>
          <table className="grid">
            <thead>
              <tr>
                <th>{t('app_.items')}</th>
                <th className="num">{t('app_.quantity')}</th>
                <th className="num">{t('app_.unitPrice')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((it, i) => (
                <tr key={`${it.code}-${i}`}>
                  <td>
                    {d.productNames[it.code] ?? it.code} <span className="muted small mono">{it.code}</span>
                  </td>
                  <td className="num">{it.quantity}</td>
                  <td className="num">{it.unitPrice === undefined ? '—' : money(it.unitPrice)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
        <fieldset>
          <legend>{t('app_.checklist')}</legend>
          <ul className="checklist" data-testid="checklist">
            {d.checklist.map((c) => (
              <li key={c.key} className={c.done ? 'done' : 'missing'}>
                {c.done ? '✔' : '✘'} {c.label}
              </li>
            ))}
          </ul>
          {d.quotes.length > 0 ? (
            <>
              <h3>{t('app_.quotes')}</h3>
              <ul className="recent">
                {d.quotes.map((q) => (
                  <li key={q.id}>
                    <Link to={`/quotes/${q.id}`}>
                      v{q.version} · {termLabel(q.term)} · {money(q.monthlySupply, q.currency ?? 'KRW')}
                    </Link>{' '}
                    <span className={`badge approval-${q.approvalStatus ?? 'none'}`}>{approvalLabel(q.approvalStatus)}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </fieldset>
      </div>

      <fieldset>
        <legend>{t('app_.documents')}</legend>
        {d.documents.length === 0 ? <p className="muted">{t('app_.noDocuments')}</p> : null}
        {d.documents.some((x) => x.signatures.length > 0 && !x.signedPdfAvailable) ? <p className="note-banner small">{t('app_.renderGap')}</p> : null}
        {d.documents.map((doc) => (
          <DocumentBlock key={doc.id} applicationId={d.id} doc={doc} />
        ))}
      </fieldset>

      <fieldset>
        <legend>{t('app_.attachments')}</legend>
        {d.attachments.length === 0 ? <p className="muted">{t('app_.noAttachments')}</p> : null}
        {d.attachments.map((a) => (
          <Attachment key={a.id} applicationId={d.id} name={a.fileName} sha256={a.sha256} available={a.available} purpose={a.purpose} size={a.size} />
        ))}
      </fieldset>

      {settlementDoc?.inputs ? (
        <fieldset>
          <legend>{t('app_.settlement')}</legend>
          <pre className="small wrap-pre">{JSON.stringify(settlementDoc.inputs, null, 2)}</pre>
        </fieldset>
      ) : null}

      <div className="wf-grid">
        <fieldset>
          <legend>{t('app_.history')}</legend>
          <ol className="history">
            {(d.history as { at: string; from: string; to: string; by: string; note?: string }[]).map((h, i) => (
              <li key={i}>
                {dateTime(h.at)} · {statusLabel(h.from)} → {statusLabel(h.to)} ({h.by}) {h.note ?? ''}
              </li>
            ))}
          </ol>
        </fieldset>
        <fieldset>
          <legend>{t('app_.audit')}</legend>
          <AuditList rows={d.audit} />
        </fieldset>
      </div>
    </section>
  );
}

function DocumentBlock({ applicationId, doc }: { applicationId: string; doc: ApplicationDetail['documents'][number] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <div className="doc-block" data-testid={`document-${doc.form}`}>
      <h3>
        {doc.title} <span className="muted small">#{doc.form}</span>{' '}
        {doc.signedPdfAvailable && doc.signedPdfSha256 ? (
          <button type="button" onClick={() => setOpen(!open)}>
            {open ? t('app_.hide') : t('app_.viewPdf')}
          </button>
        ) : null}
      </h3>
      {open && doc.signedPdfSha256 ? <FileViewer applicationId={applicationId} sha256={doc.signedPdfSha256} name={doc.title} /> : null}
      {doc.signatures.length > 0 ? (
        <table className="grid" aria-label={t('app_.signatures')}>
          <thead>
            <tr>
              <th>{t('app_.area')}</th>
              <th>{t('app_.mark')}</th>
              <th>{t('app_.signer')}</th>
              <th>{t('app_.signedAt')}</th>
              <th>{t('app_.device')}</th>
              <th>{t('app_.appVersion')}</th>
              <th>{t('app_.versionKey')}</th>
              <th>{t('app_.image')}</th>
            </tr>
          </thead>
          <tbody>
            {doc.signatures.map((s) => (
              <tr key={s.id}>
                <td>{s.area}</td>
                <td>{t(s.mark === 'seal' ? 'app_.mark_seal' : 'app_.mark_signature')}</td>
                <td>{s.signerName}</td>
                <td>{dateTime(s.signedAt)}</td>
                <td>{s.device}</td>
                <td>{s.appVersion}</td>
                <td className="mono small">{s.versionKey.slice(0, 12)}</td>
                <td>
                  {s.imageAvailable ? (
                    <img className="sig-image" src={apiUrl(`/applications/${encodeURIComponent(applicationId)}/files/${s.imageSha256}`)} alt={`${s.signerName} ${s.area}`} />
                  ) : (
                    <span className="muted small">{t('app_.notUploaded')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function Attachment(props: { applicationId: string; name: string; sha256: string; available: boolean; purpose: string; size: number }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <div className="doc-block">
      <strong>{props.name}</strong> <span className="badge">{props.purpose}</span> <span className="muted small">{Math.ceil(props.size / 1024)} KB</span>{' '}
      {props.available ? (
        <button type="button" onClick={() => setOpen(!open)}>
          {open ? t('app_.hide') : t('app_.view')}
        </button>
      ) : (
        <span className="muted small">{t('app_.notUploaded')}</span>
      )}
      {open ? <FileViewer applicationId={props.applicationId} sha256={props.sha256} name={props.name} /> : null}
    </div>
  );
}

export function AuditList({ rows }: { rows: AuditRow[] }) {
  const { t } = useTranslation();
  if (rows.length === 0) return <p className="muted">{t('list.empty')}</p>;
  return (
    <ul className="recent" data-testid="audit-trail">
      {rows.map((r) => (
        <li key={r.id}>
          {dateTime(r.at)} · <strong>{r.actorName}</strong> ({r.actorLogin}) · {r.action}{' '}
          {r.outcome !== 'ok' ? <span className="badge outcome-refused">{t('audit.outcome_refused')}</span> : null}
          {r.note ? <span className="muted small"> {r.note}</span> : null}
        </li>
      ))}
    </ul>
  );
}
