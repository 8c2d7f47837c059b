import { background } from '../app/background';
import { Fragment, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormId } from '../../../shared/forms/model';
import type { DocumentStatusView } from '../../../shared/domain/documents';
import { invoke, waitForJob } from '../api';
import { dateTime, say, word } from '../app/format';
import { bytesToBase64, base64ToBytes, renderPages, saveFile } from '../app/pdf';
import { SigningSession, type CapturedMark, type SessionResult, type SigningStep } from '../components/SigningSession';
import { ApplicationTabs } from '../components/ApplicationTabs';
import { DocumentInputsPanel } from '../components/DocumentInputsPanel';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { AttachmentList } from '../components/AttachmentList';
import { isContentEditable } from '../../../shared/lifecycle/editing';
import { takesInputs } from './documentInputs';

/**
 * A form's name as a rep reads it: "양식 #5 납품 확인서", but "견적서" (not "견적서 견적서") and
 * "청구/정산 요청서" (its code "내부 문서" is a kind, not a number, and shows as a tag).
 */
function docLabel(doc: Pick<DocumentStatusView, 'form' | 'code' | 'title'>): string {
  const ko = /#\d/.test(doc.code) && !doc.title.includes(doc.code) ? `${doc.code} ${doc.title}` : doc.title;
  return word(`form.${doc.form}`, ko);
}
/** An area's label within its form's row: "견적서 고객 확인" under 견적서 reads "고객 확인". */
function areaLabel(doc: Pick<DocumentStatusView, 'title'>, area: { id: string; label: string }): string {
  const [first, ...rest] = area.label.split(' ');
  return word(`area.${area.id}`, rest.length > 0 && first && doc.title.startsWith(first) ? rest.join(' ') : area.label);
}
const docTag = (doc: Pick<DocumentStatusView, 'code' | 'title'>) => (/#\d/.test(doc.code) || doc.code === doc.title ? null : doc.code === '내부 문서' ? word('form.internal', doc.code) : doc.code);

/** /applications/:id/documents — preview, sign and seal, print and save every form of an application. */
export function DocumentsPage() {
  const id = useParams().id!;
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const app = useQuery({ queryKey: ['applications.get', id], queryFn: () => invoke('applications.get', { id }) });
  // Always asked afresh on arrival: a quote saved or an application edited a moment ago changes the forms.
  const status = useQuery({ queryKey: ['documents.status', id], queryFn: () => invoke('documents.status', { applicationId: id }), refetchOnMount: 'always' });
  const [preview, setPreview] = useState<{ title: string; pages: string[]; base64: string; forms: FormId[]; packet: boolean } | null>(null);
  // A preview opens where the rep can see it, not below the fold.
  const previewRef = useRef<HTMLDivElement>(null);
  const previewKey = preview ? `${preview.title}:${preview.forms.join(',')}` : null;
  useEffect(() => {
    const el = previewRef.current;
    // Vertically only, below the sticky top bar, so the preview's title and 인쇄 show.
    const bar = document.querySelector('.topbar')?.getBoundingClientRect().height ?? 0;
    if (previewKey && el) window.scrollTo({ top: el.getBoundingClientRect().top + window.scrollY - bar - 12 });
  }, [previewKey]);
  const [editing, setEditing] = useState<Set<string>>(() => new Set());
  const [progress, setProgress] = useState<{ label: string; done: number; total: number } | null>(null);
  // One signing session at a time (an area, a form's areas, or the packet's); `id` mounts it afresh.
  const [session, setSession] = useState<{ id: number; steps: SigningStep[] } | null>(null);
  /** Each signing session gets a new key, so a second one starts fresh. */
  const sessions = useRef(0);
  // The seal photo once chosen is offered again for the next seal area (until the rep leaves the page).
  const [lastSeal, setLastSeal] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // Printing or saving a form that would print 미설정 (HQ has not published the supplier or the contacts) asks first.
  // One question at a time: print/save despite 미설정, or remove an attachment.
  const [asking, setAsking] = useState<{ title: string; body: string; confirmLabel: string; go: () => void } | null>(null);

  const refresh = (value: Awaited<ReturnType<typeof invoke<'documents.status'>>>) => queryClient.setQueryData(['documents.status', id], value);

  /** Saves one area through `documents.sign` (one call per area); the session shows a refusal. */
  async function signStep(step: SigningStep, captured: CapturedMark) {
    const value = await invoke('documents.sign', { applicationId: id, form: step.form as FormId, area: step.area, ...captured });
    refresh(value);
    setMessage({ ok: true, text: t('docs.signed') });
  }

  function endSession(result: SessionResult) {
    setSession(null);
    // The preview showed the forms without these signatures: draw it again (it clears the message
    // area as it starts, so what was saved is said after).
    if (preview && result.forms.some((f) => preview.forms.includes(f as FormId))) show(preview.forms, preview.title, preview.packet);
    if (result.signed === 0) return;
    if (result.total === 1) setMessage({ ok: true, text: t('docs.signed') });
    else setMessage({ ok: true, text: result.signed === result.total ? t('docs.sessionDone', { total: result.total }) : t('docs.sessionPartial', { total: result.total, signed: result.signed }) });
  }

  const attach = useMutation({
    mutationFn: async ({ purpose, file }: { purpose: 'businessRegistration' | 'signedContract' | 'other'; file: File }) =>
      invoke('attachments.add', { applicationId: id, purpose, fileName: file.name, base64: bytesToBase64(new Uint8Array(await file.arrayBuffer())) }),
    onSuccess: (value) => {
      refresh(value);
      setMessage({ ok: true, text: t('docs.attached') });
    },
    onError: (e) => setMessage({ ok: false, text: e.message }),
  });

  /** Preview and download report their own failures in the message area; the clicks do not wait. */
  const show = (forms: FormId[], title: string, packet: boolean) => background(showPreview(forms, title, packet), 'preview');
  const download = (forms: FormId[], format: 'pdf' | 'docx') => background(saveAs(forms, format), 'download');

  async function showPreview(forms: FormId[], title: string, packet: boolean) {
    setMessage(null);
    try {
      let file;
      if (packet) {
        const { jobId } = await invoke('documents.packet', { applicationId: id, forms, format: 'pdf' });
        file = await waitForJob(jobId, (job) => setProgress({ label: t('docs.rendering', { label: job.label }), done: job.done, total: job.total }));
      } else {
        setProgress({ label: t('docs.rendering', { label: title }), done: 0, total: 1 });
        file = await invoke('documents.render', { applicationId: id, forms, format: 'pdf', packet: false });
      }
      const pages = await renderPages(base64ToBytes(file.base64), 1.4, (done, total) => setProgress({ label: t('docs.drawing'), done, total }));
      setPreview({ title, pages, base64: file.base64, forms, packet });
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    } finally {
      setProgress(null);
    }
  }

  async function saveAs(forms: FormId[], format: 'pdf' | 'docx') {
    try {
      const file = await invoke('documents.render', { applicationId: id, forms, format, packet: forms.length > 1 });
      saveFile(file.fileName, file.mime, file.base64);
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  }

  /** The system print dialog (Electron and the web host alike), with the preview's pages laid out for paper. */
  function print() {
    if (!preview) return;
    window.print();
  }

  /** Runs `go` (print, save) at once, or after the rep saw what these forms would print as 미설정. */
  function afterNotices(forms: readonly string[], go: () => void) {
    const codes = [...new Set((status.data?.documents ?? []).filter((d) => forms.includes(d.form)).flatMap((d) => d.notices.map((n) => n.code)))];
    if (codes.length === 0) go();
    else setAsking({ title: t('docs.noticeTitle'), body: codes.map((c) => t(`docs.notice.${c}`)).join('\n\n'), confirmLabel: t('docs.noticeGo'), go });
  }

  const failed = app.error ?? status.error;
  if (failed) return <p className="error-banner" role="alert">{failed.message}</p>;
  if (!app.data || !status.data) return <p className="muted">{t('list.loading')}</p>;
  const docs = status.data.documents;
  const printable = docs.filter((d) => !d.unavailable).map((d) => d.form as FormId);
  const attachmentsEditable = isContentEditable(app.data.status);
  const stepsOf = (doc: DocumentStatusView, from?: string): SigningStep[] => {
    const open = doc.areas.filter((a) => !a.current);
    const start = from ? Math.max(0, open.findIndex((a) => a.id === from)) : 0;
    return open.slice(start).map((a) => ({ form: doc.form, area: a.id, title: `${docLabel(doc)} — ${areaLabel(doc, a)}`, signer: a.signer || app.data.customer.representative }));
  };
  // The packet's session: every area still to sign, form by form, of the forms that may be signed now.
  const packetSteps = docs.filter((d) => !d.unavailable && !d.signBlocked).flatMap((d) => stepsOf(d));
  const startSession = (steps: SigningStep[]) => {
    setMessage(null);
    sessions.current += 1;
    setSession({ id: sessions.current, steps });
  };

  return (
    <section className="page wide documents-page">
      <div className="page-head no-print">
        <h1>{t('docs.title', { name: app.data.customer.name })}</h1>
        <div className="meta">
          <Link to={`/applications/${id}`}>{t('quote.openApplication')}</Link>
          {packetSteps.length > 0 ? (
            <button type="button" className="primary" data-testid="sign-all" onClick={() => startSession(packetSteps)}>
              {t('docs.signAll', { count: packetSteps.length })}
            </button>
          ) : null}
          <button type="button" className={packetSteps.length > 0 ? undefined : 'primary'} disabled={Boolean(progress)} onClick={() => show(printable, t('docs.packet'), true)}>
            {t('docs.packetPreview')}
          </button>
          <button type="button" onClick={() => {
              afterNotices(printable, () => {
                download(printable, 'pdf');
              });
            }}
          >
            {t('docs.packetSave')}
          </button>
        </div>
      </div>
      <ApplicationTabs applicationId={id} />
      {message ? (
        <div className={`${message.ok ? 'ok-banner' : 'error-banner'} no-print`} role={message.ok ? 'status' : 'alert'} data-testid="docs-message">
          {message.text}
        </div>
      ) : null}
      {progress ? (
        <div className="progress no-print" role="progressbar" aria-valuemin={0} aria-valuemax={progress.total} aria-valuenow={progress.done} data-testid="docs-progress">
          <span>{progress.label}</span>
          <div className="bar">
            <div style={{ width: `${Math.round((progress.done / Math.max(1, progress.total)) * 100)}%` }} />
          </div>
          <span>
            {progress.done}/{progress.total}
          </span>
        </div>
      ) : null}

      <table className="grid no-print" data-testid="documents-table">
        <thead>
          <tr>
            <th>{t('docs.form')}</th>
            <th>{t('docs.signatures')}</th>
            <th>{t('docs.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {docs.map((doc) => (
            <Fragment key={doc.form}>
            <tr data-testid={`doc-${doc.form}`}>
              <td>
                <strong title={doc.versionKey ? t('docs.versionTip', { key: doc.versionKey.slice(0, 12) }) : undefined}>{docLabel(doc)}</strong>{' '}
                {docTag(doc) ? <span className="badge">{docTag(doc)}</span> : null}
                {doc.complete ? <span className="badge status-open">{t('docs.complete')}</span> : null}
                {doc.unavailable ? <div className="muted small">{doc.unavailable}</div> : null}
                {!doc.unavailable
                  ? doc.notices.map((n) => (
                      <p key={n.code} className="warn-banner doc-notice" role="note" data-testid={`notice-${n.code}`}>
                        {t(`docs.notice.${n.code}`)}
                      </p>
                    ))
                  : null}
                {!doc.unavailable && doc.inputsSavedAt ? (
                  <div className="muted small" data-testid="inputs-saved-at">
                    {t('docs.inputsSavedAt', { time: dateTime(doc.inputsSavedAt) })}
                  </div>
                ) : null}
              </td>
              <td>
                {doc.areas.length === 0 && !doc.unavailable ? <span className="muted">{t('docs.noSignature')}</span> : null}
                <ul className="areas">
                  {doc.areas.map((area) => (
                    <li key={area.id}>
                      <span>{areaLabel(doc, area)}</span>{' '}
                      {area.current ? (
                        <span className="badge status-open" data-testid="signed-area" title={`${area.current.device} · ${area.current.signedAt}`}>
                          {area.current.mark === 'seal' ? t('docs.sealed') : t('docs.signedBy')} <span data-personal>{area.current.signerName}</span> · {dateTime(area.current.signedAt)}
                        </span>
                      ) : (
                        <button
                          type="button"
                          className="link-button"
                          disabled={Boolean(session) || Boolean(doc.signBlocked)}
                          aria-describedby={doc.signBlocked ? `sign-blocked-${doc.form}` : undefined}
                          onClick={() => startSession(stepsOf(doc, area.id).slice(0, 1))}
                        >
                          {t('docs.signHere')}
                        </button>
                      )}
                      {area.void.length > 0 ? <span className="badge status-rejected">{t('docs.void', { count: area.void.length })}</span> : null}
                    </li>
                  ))}
                </ul>
                {!doc.signBlocked && !doc.unavailable && stepsOf(doc).length > 1 ? (
                  <button type="button" className="small-button" data-testid={`sign-doc-${doc.form}`} onClick={() => startSession(stepsOf(doc))}>
                    {t('docs.signDoc', { count: stepsOf(doc).length })}
                  </button>
                ) : null}
                {doc.signBlocked && doc.areas.some((a) => !a.current) ? (
                  <p className="field-hint sign-blocked" id={`sign-blocked-${doc.form}`} data-testid="sign-blocked">
                    {doc.signBlockedMsg ? say(doc.signBlockedMsg) : doc.signBlocked}
                  </p>
                ) : null}
              </td>
              <td className="actions">
                <button type="button" disabled={Boolean(doc.unavailable) || Boolean(progress)} onClick={() => show([doc.form as FormId], docLabel(doc), false)}>
                  {t('docs.preview')}
                </button>
                <button type="button" disabled={Boolean(doc.unavailable)} onClick={() => {
                    afterNotices([doc.form], () => {
                      download([doc.form as FormId], 'pdf');
                    });
                  }}
                >
                  PDF
                </button>
                <button type="button" disabled={Boolean(doc.unavailable)} onClick={() => {
                    afterNotices([doc.form], () => {
                      download([doc.form as FormId], 'docx');
                    });
                  }}
                >
                  DOCX
                </button>
                {takesInputs(doc.form) && !doc.unavailable ? (
                  <button
                    type="button"
                    aria-expanded={editing.has(doc.form)}
                    aria-controls={`inputs-${doc.form}`}
                    onClick={() => setEditing((open) => toggled(open, doc.form))}
                  >
                    {editing.has(doc.form) ? t('docs.inputs.close') : t('docs.inputs.open')}
                  </button>
                ) : null}
              </td>
            </tr>
            {takesInputs(doc.form) && !doc.unavailable && editing.has(doc.form) ? (
              <tr className="doc-inputs-row" id={`inputs-${doc.form}`} data-testid={`inputs-${doc.form}`}>
                <td colSpan={3}>
                  <h3>{t('docs.inputs.title', { form: docLabel(doc) })}</h3>
                  <DocumentInputsPanel
                    applicationId={id}
                    app={app.data}
                    doc={doc}
                    items={app.data.items}
                    onSaved={(value) => {
                      refresh(value);
                      background(queryClient.invalidateQueries({ queryKey: ['workflow.get', id] }), 'refresh');
                      // The preview showed the old content: draw it again with the new inputs.
                      if (preview?.forms.includes(doc.form as FormId)) show(preview.forms, preview.title, preview.packet);
                    }}
                  />
                </td>
              </tr>
            ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>

      <fieldset className="no-print">
        <legend>{t('docs.attachments')}</legend>
        <AttachmentList applicationId={id} attachments={status.data.attachments} editable={attachmentsEditable} onMessage={setMessage} />
        {!attachmentsEditable && status.data.attachments.length > 0 ? <p className="muted small" data-testid="attachments-kept">{t('docs.attachment.kept')}</p> : null}
        <div className="row">
          {(['businessRegistration', 'signedContract', 'other'] as const).map((purpose) => (
            <label key={purpose} className="button">
              {t('docs.attach', { what: t(`docs.purpose.${purpose}`) })}
              <input
                type="file"
                accept="image/png,image/jpeg,application/pdf"
                hidden
                data-testid={`attach-${purpose}`}
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file) attach.mutate({ purpose, file });
                  e.target.value = '';
                }}
              />
            </label>
          ))}
        </div>
      </fieldset>

      {preview ? (
        <div className="preview" ref={previewRef} data-testid="preview">
          <div className="preview-head no-print">
            <h2>{preview.title}</h2>
            <button type="button" className="primary" onClick={() => afterNotices(preview.forms, print)}>
              {t('docs.print')}
            </button>
            <button type="button" onClick={() => setPreview(null)}>
              {t('common.close')}
            </button>
          </div>
          <div className="pages" data-testid="preview-pages">
            {preview.pages.map((src, i) => (
              <img key={i} src={src} alt={t('docs.page', { n: i + 1, total: preview.pages.length })} className="page-image" />
            ))}
          </div>
        </div>
      ) : null}

      <ConfirmDialog
        open={asking !== null}
        title={asking?.title ?? ''}
        body={asking?.body ?? ''}
        confirmLabel={asking?.confirmLabel ?? ''}
        cancelLabel={t('common.cancel')}
        onConfirm={() => {
          const go = asking?.go;
          setAsking(null);
          go?.();
        }}
        onCancel={() => setAsking(null)}
      />
      {session ? <SigningSession key={session.id} steps={session.steps} seal={lastSeal} onSeal={setLastSeal} onSign={signStep} onClose={endSession} /> : null}
    </section>
  );
}

function toggled(set: Set<string>, key: string): Set<string> {
  const next = new Set(set);
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}
