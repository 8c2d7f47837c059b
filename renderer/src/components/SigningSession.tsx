import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { background } from '../app/background';
import SignaturePad from 'signature_pad';
import { useTranslation } from 'react-i18next';
import { SealPicker } from './SealPicker';

export interface CapturedMark {
  mark: 'signature' | 'seal';
  signerName: string;
  pngBase64: string;
}

/** One signature area to collect: a form's area, named as the rep reads it. */
export interface SigningStep {
  form: string;
  area: string;
  /** "양식 #1 신청서 — 개인정보 수집·이용 동의" */
  title: string;
  /** Who signs there by default (the form's signer, else the customer's 대표자). */
  signer: string;
}

export interface SessionResult {
  total: number;
  signed: number;
  /** The forms that got a signature in this session (a preview of them is redrawn). */
  forms: string[];
}

interface Props {
  /** The areas to walk in order (at least one). Mount one session per walk (a `key`). */
  steps: readonly SigningStep[];
  /** A seal photo chosen earlier on this page: offered pre-filled for the next seal area. */
  seal: string | null;
  onSeal: (seal: string) => void;
  /** Saves one area (one `documents.sign` call); throws with the core's message when refused. */
  onSign: (step: SigningStep, captured: CapturedMark) => Promise<void>;
  /** The session ends (finished, or left midway: what was signed stays signed). */
  onClose: (result: SessionResult) => void;
}

/**
 * One signing session: walks the given signature areas in order (one area, a document's, or the
 * whole packet's), shows where it is (2/5), keeps the seal photo once chosen for the next seal
 * area, and saves each area as it goes, so it can be left midway with what was signed kept.
 * Enter saves and goes on, Esc closes; the error under the pad clears as soon as the customer draws.
 */
export function SigningSession({ steps, seal: rememberedSeal, onSeal, onSign, onClose }: Props) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad | null>(null);
  const [index, setIndex] = useState(0);
  const [mode, setMode] = useState<'signature' | 'seal'>('signature');
  const [signer, setSigner] = useState(steps[0]?.signer ?? '');
  const [seal, setSeal] = useState<string | null>(rememberedSeal);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** A seal photo is being read: saving now would save no seal (or the one before), so it waits. */
  const [readingSeal, setReadingSeal] = useState(false);
  const [signed, setSigned] = useState<{ count: number; forms: string[] }>({ count: 0, forms: [] });
  const total = steps.length;
  const step = steps[Math.min(index, total - 1)];
  const last = index >= total - 1;

  // One session per mount (the page keys it): it opens as a modal and closes when unmounted.
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  // Enter is "save and go on": the save button holds the focus at every area (drawing on the pad
  // does not take it; a click elsewhere in the dialog leaves it on the dialog, which answers too).
  const primary = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    primary.current?.focus();
  }, [index]);

  useEffect(() => {
    if (mode !== 'signature' || !canvas.current) return;
    const c = canvas.current;
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    c.width = c.offsetWidth * ratio;
    c.height = c.offsetHeight * ratio;
    c.getContext('2d')!.scale(ratio, ratio);
    const p = new SignaturePad(c, { penColor: '#1a1a80', minWidth: 0.8, maxWidth: 2.6 });
    // Drawing is the answer to "서명란에 서명하세요": the message goes as the pen touches.
    const clear = () => setError(null);
    p.addEventListener('beginStroke', clear);
    pad.current = p;
    return () => {
      p.removeEventListener('beginStroke', clear);
      p.off();
    };
  }, [mode, index]);

  const finish = (count: number, forms: string[]) => onClose({ total, signed: count, forms });

  const submit = async () => {
    if (!step || busy || readingSeal) return;
    if (!signer.trim()) {
      setError(t('sign.nameRequired'));
      return;
    }
    let captured: CapturedMark;
    if (mode === 'signature') {
      if (!pad.current || pad.current.isEmpty()) {
        setError(t('sign.drawFirst'));
        return;
      }
      captured = { mark: 'signature', signerName: signer.trim(), pngBase64: pad.current.toDataURL('image/png').split(',')[1]! };
    } else {
      if (!seal) {
        setError(t('sign.sealFirst'));
        return;
      }
      captured = { mark: 'seal', signerName: signer.trim(), pngBase64: seal };
    }
    setBusy(true);
    try {
      await onSign(step, captured);
    } catch (e) {
      setError((e as Error).message);
      return;
    } finally {
      setBusy(false);
    }
    const now = { count: signed.count + 1, forms: signed.forms.includes(step.form) ? signed.forms : [...signed.forms, step.form] };
    setSigned(now);
    if (last) finish(now.count, now.forms);
    else goTo(index + 1);
  };

  /** The next area: the pad is blank again, a seal chosen stays offered, its own signer is named. */
  const goTo = (next: number) => {
    setIndex(next);
    setError(null);
    setSigner(steps[next]?.signer ?? '');
    pad.current?.clear();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    // Enter is "save and go on" anywhere but on a button (which answers Enter itself) and while
    // a Korean syllable is still being composed in the name field.
    if (e.key !== 'Enter' || e.nativeEvent.isComposing || e.target instanceof HTMLButtonElement) return;
    e.preventDefault();
    background(submit(), 'sign an area');
  };

  const actionLabel = busy ? t('sign.saving') : total <= 1 ? t('sign.save') : last ? t('sign.saveAndFinish') : t('sign.saveAndNext');

  return (
    <dialog
      ref={dialog}
      className="dialog sign-dialog"
      onCancel={(e) => {
        // A file picker's own "cancel" bubbles up here too: only Escape on the dialog closes it.
        if (e.target !== e.currentTarget) return;
        e.preventDefault();
        finish(signed.count, signed.forms);
      }}
      onKeyDown={onKeyDown}
      tabIndex={-1}
      aria-labelledby="sign-title"
      data-testid="signing-session"
    >
      {step ? (
        <>
          <h2 id="sign-title">{t('sign.title', { area: step.title })}</h2>
          {total > 1 ? <SigningProgress at={index + 1} total={total} signed={signed.count} /> : null}
          <div className="tabs" role="tablist">
            <button type="button" role="tab" aria-selected={mode === 'signature'} className={mode === 'signature' ? 'tab active' : 'tab'} onClick={() => setMode('signature')}>
              {t('sign.modeSignature')}
            </button>
            <button type="button" role="tab" aria-selected={mode === 'seal'} className={mode === 'seal' ? 'tab active' : 'tab'} onClick={() => setMode('seal')}>
              {t('sign.modeSeal')}
            </button>
          </div>
          <div className="field">
            <label htmlFor="signer-name">{t('sign.signerName')}</label>
            <input
              id="signer-name"
              value={signer}
              onChange={(e) => {
                setSigner(e.target.value);
                setError(null);
              }}
            />
          </div>
          {mode === 'signature' ? (
            <div className="pad-wrap">
              <canvas ref={canvas} className="signature-pad" aria-label={t('sign.padLabel')} data-testid="signature-pad" />
              <button type="button" className="link-button" onClick={() => pad.current?.clear()}>
                {t('sign.clear')}
              </button>
            </div>
          ) : (
            <SealPicker
              seal={seal}
              onReading={setReadingSeal}
              onPicked={(picked) => {
                setSeal(picked);
                onSeal(picked);
                setError(null);
              }}
              onError={setError}
            />
          )}
          {error ? (
            <p className="field-error" role="alert" data-testid="sign-error">
              {error}
            </p>
          ) : null}
          <div className="dialog-actions">
            <button type="button" onClick={() => finish(signed.count, signed.forms)}>
              {total > 1 && signed.count > 0 && !last ? t('sign.stopHere') : t('common.close')}
            </button>
            {total > 1 && !last ? (
              <button type="button" disabled={busy} onClick={() => goTo(index + 1)}>
                {t('sign.skip')}
              </button>
            ) : null}
            <button ref={primary} type="button" className="primary" disabled={busy || readingSeal} onClick={() => background(submit(), 'sign an area')}>
              {actionLabel}
            </button>
          </div>
          <p className="muted small keys-hint">{t('sign.keys')}</p>
        </>
      ) : null}
    </dialog>
  );
}

/** Where the walk is (2/5) and how many areas were signed so far. */
function SigningProgress({ at, total, signed }: { at: number; total: number; signed: number }) {
  const { t } = useTranslation();
  return (
    <div className="progress sign-progress" role="progressbar" aria-label={t('sign.progressLabel')} aria-valuemin={0} aria-valuemax={total} aria-valuenow={at} data-testid="sign-progress">
      <span>{t('sign.progress', { n: at, total })}</span>
      <div className="bar">
        <div style={{ width: `${Math.round((at / total) * 100)}%` }} />
      </div>
      <span className="muted small">{t('sign.signedSoFar', { count: signed })}</span>
    </div>
  );
}
