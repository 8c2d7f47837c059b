import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { ApplicationDetail, AuditRow } from '../../../shared/console/api';
import { apiUrl, api } from '../api';
import { ErrorBanner } from '../components/Table';
import { FileViewer } from '../components/FileViewer';
import { approvalLabel, dateTime, kindLabel, money, statusLabel, termLabel, waited } from '../format';
import { useCan } from '../session';
import { ApplicationActions } from './application/ApplicationActions';
import { ApplicationContent, txt } from './application/ApplicationContent';

export function ApplicationDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const canProcess = useCan('applications.process');
  const detail = useQuery({ queryKey: ['application', id], queryFn: () => api<ApplicationDetail>('GET', `/applications/${encodeURIComponent(id)}`) });
  if (detail.error) return <ErrorBanner error={detail.error} />;
  if (!detail.data) return <p className="muted">{t('app.loading')}</p>;
  const d = detail.data;
  const f = d.fields;
  const customer = (f.customer as Record<string, unknown> | undefined) ?? d.customer ?? {};
  const status = typeof f.status === 'string' ? f.status : 'draft';
  const serviceNumber = typeof f.serviceNumber === 'string' ? f.serviceNumber : null;
  const settlementDoc = d.documents.find((x) => x.form === 'settlement');
  return (
    <section className="page wide">
      <Link to="/applications">{t('app_.backToList')}</Link>
      <div className="page-head">
        <h1 data-testid="application-title">
          {txt(customer.name)}{' '}
          <span className="muted small">
            · {kindLabel(typeof f.kind === 'string' ? f.kind : null)} · {d.branch}
          </span>
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
          {t('app_.serviceNumber')}:{' '}
          <span className="service-number" data-testid="service-number">
            {serviceNumber}
          </span>
        </p>
      ) : null}
      {typeof f.statusReason === 'string' && f.statusReason ? (
        <p className="note-banner">
          {t('app_.reasonNow')}: {f.statusReason}
        </p>
      ) : null}
      {canProcess ? <ApplicationActions id={id} detail={d} /> : null}

      <div className="wf-grid">
        <ApplicationContent detail={d} />
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
          {dateTime(r.at)} · <strong>{r.actorName}</strong> ({r.actorLogin}) · {r.action} {r.outcome !== 'ok' ? <span className="badge outcome-refused">{t('audit.outcome_refused')}</span> : null}
          {r.note ? <span className="muted small"> {r.note}</span> : null}
        </li>
      ))}
    </ul>
  );
}
