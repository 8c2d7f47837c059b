import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { FormId } from '../../../shared/forms/model';
import type { DocumentStatusView } from '../../../shared/domain/documents';
import { SigningSession } from '../components/SigningSession';
import { ApplicationTabs } from '../components/ApplicationTabs';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { isContentEditable } from '../../../shared/lifecycle/editing';
import { useDocuments } from './documents/useDocuments';
import { docLabel, signingSteps } from './documents/labels';
import { DocumentRow } from './documents/DocumentRow';
import { AttachmentsFieldset } from './documents/AttachmentsFieldset';
import { PreviewPane, ProgressBar } from './documents/PreviewPane';

/** /applications/:id/documents — preview, sign and seal, print and save every form of an application. */
export function DocumentsPage() {
  const id = useParams().id!;
  const { t } = useTranslation();
  const d = useDocuments(id);
  const { app, status, preview, progress, session, message, asking } = d;
  const [editing, setEditing] = useState<Set<string>>(() => new Set());

  const failed = app.error ?? status.error;
  if (failed)
    return (
      <p className="error-banner" role="alert">
        {failed.message}
      </p>
    );
  if (!app.data || !status.data) return <p className="muted">{t('list.loading')}</p>;
  const docs = status.data.documents;
  const printable = docs.filter((doc) => !doc.unavailable).map((doc) => doc.form as FormId);
  const attachmentsEditable = isContentEditable(app.data.status);
  const representative = app.data.customer.representative;
  const stepsOf = (doc: DocumentStatusView, from?: string) => signingSteps(doc, representative, from);
  // The packet's session: every area still to sign, form by form, of the forms that may be signed now.
  const packetSteps = docs.filter((doc) => !doc.unavailable && !doc.signBlocked).flatMap((doc) => stepsOf(doc));

  return (
    <section className="page wide documents-page">
      <div className="page-head no-print">
        <h1>{t('docs.title', { name: app.data.customer.name })}</h1>
        <div className="meta">
          <Link to={`/applications/${id}`}>{t('quote.openApplication')}</Link>
          {packetSteps.length > 0 ? (
            <button type="button" className="primary" data-testid="sign-all" onClick={() => d.startSession(packetSteps)}>
              {t('docs.signAll', { count: packetSteps.length })}
            </button>
          ) : null}
          <button type="button" className={packetSteps.length > 0 ? undefined : 'primary'} disabled={Boolean(progress)} onClick={() => d.show(printable, t('docs.packet'), true)}>
            {t('docs.packetPreview')}
          </button>
          <button type="button" onClick={() => d.afterNotices(printable, () => d.download(printable, 'pdf'))}>
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
      {progress ? <ProgressBar progress={progress} /> : null}

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
            <DocumentRow
              key={doc.form}
              applicationId={id}
              app={app.data}
              doc={doc}
              busy={Boolean(progress)}
              signing={Boolean(session)}
              inputsOpen={editing.has(doc.form)}
              onToggleInputs={() => setEditing((open) => toggled(open, doc.form))}
              stepsOf={stepsOf}
              onSign={d.startSession}
              onPreview={() => d.show([doc.form as FormId], docLabel(doc), false)}
              onSave={(format) => d.afterNotices([doc.form], () => d.download([doc.form as FormId], format))}
              onInputsSaved={(value) => d.inputsSaved(doc.form as FormId, value)}
            />
          ))}
        </tbody>
      </table>

      <AttachmentsFieldset
        applicationId={id}
        attachments={status.data.attachments}
        editable={attachmentsEditable}
        onMessage={d.setMessage}
        onAttach={(purpose, file) => d.attach.mutate({ purpose, file })}
      />

      {preview ? <PreviewPane preview={preview} onPrint={() => d.afterNotices(preview.forms, d.print)} onClose={() => d.setPreview(null)} /> : null}

      <ConfirmDialog
        open={asking !== null}
        title={asking?.title ?? ''}
        body={asking?.body ?? ''}
        confirmLabel={asking?.confirmLabel ?? ''}
        cancelLabel={t('common.cancel')}
        onConfirm={() => {
          const go = asking?.go;
          d.setAsking(null);
          go?.();
        }}
        onCancel={() => d.setAsking(null)}
      />
      {session ? <SigningSession key={session.id} steps={session.steps} seal={d.lastSeal} onSeal={d.setLastSeal} onSign={d.signStep} onClose={d.endSession} /> : null}
    </section>
  );
}

function toggled(set: Set<string>, key: string): Set<string> {
  const next = new Set(set);
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}
