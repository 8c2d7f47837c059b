import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ContractError } from '../../../shared/contract/client';
import { areaWithinForm, isVoidDetails, type VoidDetails } from '../../../shared/lifecycle/editing';
import { isCustomerNameDetails, type CustomerNameAnswer, type CustomerNameDetails } from '../../../shared/domain/customer';
import { statusLabel, dateTime } from '../app/format';

/** What the rep answers to the core's question, sent again with the write. */
export type WriteAnswer = { confirmVoids: string[] } | { nameChange: CustomerNameAnswer };

/** The question the core asked for a write (CONFIRM_REQUIRED), if `error` is one this dialog answers. */
export function questionOf(error: unknown): VoidDetails | CustomerNameDetails | null {
  if (!(error instanceof ContractError) || error.code !== 'CONFIRM_REQUIRED') return null;
  if (isVoidDetails(error.details) || isCustomerNameDetails(error.details)) return error.details;
  return null;
}

interface Props {
  /** The core's question (from questionOf), or null when there is none. */
  question: VoidDetails | CustomerNameDetails | null;
  busy?: boolean;
  onAnswer: (answer: WriteAnswer) => void;
  onCancel: () => void;
}

/**
 * Asks what the core asks before a write with consequences: the signatures a change would void
 * (named one by one, and where the application goes back to), or whether a known business number
 * typed with another name means the company was renamed or the name was mistyped.
 */
export function QuestionDialog({ question, busy, onAnswer, onCancel }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (question && !dialog.open) dialog.showModal();
    if (!question && dialog.open) dialog.close();
  }, [question]);
  return (
    <dialog
      ref={ref}
      className="dialog question-dialog"
      aria-labelledby="question-title"
      data-testid="question-dialog"
      onCancel={(e) => {
        if (e.target !== e.currentTarget) return;
        e.preventDefault();
        onCancel();
      }}
    >
      {question && isVoidDetails(question) ? (
        <>
          <h2 id="question-title">{t('question.voidsTitle', { count: question.voids.length })}</h2>
          <p>{t('question.voidsBody')}</p>
          <ul className="void-list" data-testid="void-list">
            {question.voids.map((v) => (
              <li key={v.id}>
                <strong>{v.formTitle}</strong> — {areaWithinForm(v.formTitle, v.areaLabel)} ({v.mark === 'seal' ? t('docs.sealed') : t('docs.signedBy')} {v.signerName} · {dateTime(v.signedAt)})
              </li>
            ))}
          </ul>
          {question.backTo ? <p className="warn-banner">{t('question.backTo', { status: statusLabel(question.backTo) })}</p> : null}
          <p className="muted small">{t('question.voidsKept')}</p>
          <div className="dialog-actions">
            <button type="button" onClick={onCancel} autoFocus>
              {t('common.cancel')}
            </button>
            <button type="button" className="danger" disabled={busy} onClick={() => onAnswer({ confirmVoids: question.voids.map((v) => v.id) })}>
              {t('question.voidsConfirm')}
            </button>
          </div>
        </>
      ) : null}
      {question && isCustomerNameDetails(question) ? (
        <>
          <h2 id="question-title">{t('question.nameTitle')}</h2>
          <p>{t('question.nameBody', { businessNumber: question.businessNumber, registered: question.registeredName, count: question.applications, typed: question.typedName })}</p>
          <div className="choice-cards">
            <button type="button" className="choice-card" disabled={busy} onClick={() => onAnswer({ nameChange: 'renamed' })}>
              <strong>{t('question.renamed', { name: question.typedName })}</strong>
              <span className="muted small">{t('question.renamedHint')}</span>
            </button>
            <button type="button" className="choice-card" disabled={busy} onClick={() => onAnswer({ nameChange: 'mistake' })}>
              <strong>{t('question.mistake', { name: question.registeredName })}</strong>
              <span className="muted small">{t('question.mistakeHint')}</span>
            </button>
          </div>
          <div className="dialog-actions">
            <button type="button" onClick={onCancel} autoFocus>
              {t('common.cancel')}
            </button>
          </div>
        </>
      ) : null}
    </dialog>
  );
}
