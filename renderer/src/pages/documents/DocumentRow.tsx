import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentStatusView } from '../../../../shared/domain/documents';
import { dateTime, say } from '../../app/format';
import type { SigningStep } from '../../components/SigningSession';
import { DocumentInputsPanel } from '../../components/DocumentInputsPanel';
import { takesInputs } from '../documentInputs';
import { areaLabel, docLabel, docTag } from './labels';
import type { DocumentsStatus } from './useDocuments';

type InputsProps = Parameters<typeof DocumentInputsPanel>[0];

/** One form's row: its name and notices, its signature areas, its actions, and (opened) its inputs below. */
export function DocumentRow({
  applicationId,
  app,
  doc,
  busy,
  signing,
  inputsOpen,
  onToggleInputs,
  stepsOf,
  onSign,
  onPreview,
  onSave,
  onInputsSaved,
}: {
  applicationId: string;
  app: InputsProps['app'] & { items: InputsProps['items'] };
  doc: DocumentStatusView;
  /** A preview is being drawn. */
  busy: boolean;
  /** A signing session is open. */
  signing: boolean;
  inputsOpen: boolean;
  onToggleInputs: () => void;
  stepsOf: (doc: DocumentStatusView, from?: string) => SigningStep[];
  onSign: (steps: SigningStep[]) => void;
  onPreview: () => void;
  onSave: (format: 'pdf' | 'docx') => void;
  onInputsSaved: (value: DocumentsStatus) => void;
}) {
  const { t } = useTranslation();
  return (
    <Fragment>
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
        <SignaturesCell doc={doc} signing={signing} stepsOf={stepsOf} onSign={onSign} />
        <td className="actions">
          <button type="button" disabled={Boolean(doc.unavailable) || busy} onClick={onPreview}>
            {t('docs.preview')}
          </button>
          <button type="button" disabled={Boolean(doc.unavailable)} onClick={() => onSave('pdf')}>
            PDF
          </button>
          <button type="button" disabled={Boolean(doc.unavailable)} onClick={() => onSave('docx')}>
            DOCX
          </button>
          {takesInputs(doc.form) && !doc.unavailable ? (
            <button type="button" aria-expanded={inputsOpen} aria-controls={`inputs-${doc.form}`} onClick={onToggleInputs}>
              {inputsOpen ? t('docs.inputs.close') : t('docs.inputs.open')}
            </button>
          ) : null}
        </td>
      </tr>
      {takesInputs(doc.form) && !doc.unavailable && inputsOpen ? (
        <tr className="doc-inputs-row" id={`inputs-${doc.form}`} data-testid={`inputs-${doc.form}`}>
          <td colSpan={3}>
            <h3>{t('docs.inputs.title', { form: docLabel(doc) })}</h3>
            <DocumentInputsPanel applicationId={applicationId} app={app} doc={doc} items={app.items} onSaved={onInputsSaved} />
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}

/** A form's signature areas: each signed (by whom, when) or a button to sign it, and signing the whole form. */
function SignaturesCell({
  doc,
  signing,
  stepsOf,
  onSign,
}: {
  doc: DocumentStatusView;
  signing: boolean;
  stepsOf: (doc: DocumentStatusView, from?: string) => SigningStep[];
  onSign: (steps: SigningStep[]) => void;
}) {
  const { t } = useTranslation();
  return (
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
                disabled={signing || Boolean(doc.signBlocked)}
                aria-describedby={doc.signBlocked ? `sign-blocked-${doc.form}` : undefined}
                onClick={() => onSign(stepsOf(doc, area.id).slice(0, 1))}
              >
                {t('docs.signHere')}
              </button>
            )}
            {area.void.length > 0 ? <span className="badge status-rejected">{t('docs.void', { count: area.void.length })}</span> : null}
          </li>
        ))}
      </ul>
      {!doc.signBlocked && !doc.unavailable && stepsOf(doc).length > 1 ? (
        <button type="button" className="small-button" data-testid={`sign-doc-${doc.form}`} onClick={() => onSign(stepsOf(doc))}>
          {t('docs.signDoc', { count: stepsOf(doc).length })}
        </button>
      ) : null}
      {doc.signBlocked && doc.areas.some((a) => !a.current) ? (
        <p className="field-hint sign-blocked" id={`sign-blocked-${doc.form}`} data-testid="sign-blocked">
          {doc.signBlockedMsg ? say(doc.signBlockedMsg) : doc.signBlocked}
        </p>
      ) : null}
    </td>
  );
}
