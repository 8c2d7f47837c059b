import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { handler } from '../app/background';
import SignaturePad from 'signature_pad';
import { useTranslation } from 'react-i18next';

export interface CapturedMark {
  mark: 'signature' | 'seal';
  signerName: string;
  pngBase64: string;
}

interface Props {
  open: boolean;
  areaLabel: string;
  defaultSigner: string;
  busy: boolean;
  error: string | null;
  onSubmit: (captured: CapturedMark) => void;
  onClose: () => void;
}

/** Near-white pixels of a seal photo become transparent, so the seal sits on the printed form. */
async function sealFromPhoto(file: File): Promise<string> {
  const url = URL.createObjectURL(file);
  try {
    const img = await new Promise<HTMLImageElement>((resolve, reject) => {
      const i = new Image();
      i.onload = () => resolve(i);
      i.onerror = () => reject(new Error('이미지를 읽을 수 없습니다. PNG나 JPEG 사진을 고르세요.'));
      i.src = url;
    });
    const max = 600;
    const scale = Math.min(1, max / Math.max(img.width, img.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(img.width * scale));
    canvas.height = Math.max(1, Math.round(img.height * scale));
    const g = canvas.getContext('2d')!;
    g.drawImage(img, 0, 0, canvas.width, canvas.height);
    const data = g.getImageData(0, 0, canvas.width, canvas.height);
    const p = data.data;
    for (let i = 0; i < p.length; i += 4) {
      const [r, gg, b] = [p[i]!, p[i + 1]!, p[i + 2]!];
      // Paper is bright and unsaturated; the seal's red ink is not.
      const bright = Math.min(r, gg, b);
      if (bright > 200) p[i + 3] = 0;
      else if (bright > 160) p[i + 3] = Math.round(((200 - bright) / 40) * p[i + 3]!);
    }
    g.putImageData(data, 0, 0);
    return canvas.toDataURL('image/png').split(',')[1]!;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Captures a signature (pen, touch or mouse) or imports a seal photo for one signature area. */
export function SignatureDialog({ open, areaLabel, defaultSigner, busy, error, onSubmit, onClose }: Props) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad | null>(null);
  const [mode, setMode] = useState<'signature' | 'seal'>('signature');
  const [signer, setSigner] = useState(defaultSigner);
  const [seal, setSeal] = useState<string | null>(null);
  const [local, setLocal] = useState<string | null>(null);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      setSigner(defaultSigner);
      setSeal(null);
      setLocal(null);
    }
    if (!open && d.open) d.close();
  }, [open, defaultSigner]);

  useEffect(() => {
    if (!open || mode !== 'signature' || !canvas.current) return;
    const c = canvas.current;
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    c.width = c.offsetWidth * ratio;
    c.height = c.offsetHeight * ratio;
    c.getContext('2d')!.scale(ratio, ratio);
    pad.current = new SignaturePad(c, { penColor: '#1a1a80', minWidth: 0.8, maxWidth: 2.6 });
    return () => pad.current?.off();
  }, [open, mode]);

  const submit = () => {
    if (!signer.trim()) return setLocal(t('sign.nameRequired'));
    if (mode === 'signature') {
      if (!pad.current || pad.current.isEmpty()) return setLocal(t('sign.drawFirst'));
      onSubmit({ mark: 'signature', signerName: signer.trim(), pngBase64: pad.current.toDataURL('image/png').split(',')[1]! });
    } else {
      if (!seal) return setLocal(t('sign.sealFirst'));
      onSubmit({ mark: 'seal', signerName: signer.trim(), pngBase64: seal });
    }
  };

  return (
    <dialog
      ref={dialog}
      className="dialog sign-dialog"
      onCancel={(e) => {
        // A file picker's own "cancel" bubbles up here too: only Escape on the dialog closes it.
        if (e.target !== e.currentTarget) return;
        e.preventDefault();
        onClose();
      }}
      aria-labelledby="sign-title"
    >
      <h2 id="sign-title">{t('sign.title', { area: areaLabel })}</h2>
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
        <input id="signer-name" value={signer} onChange={(e) => setSigner(e.target.value)} />
      </div>
      {mode === 'signature' ? (
        <div className="pad-wrap">
          <canvas ref={canvas} className="signature-pad" aria-label={t('sign.padLabel')} data-testid="signature-pad" />
          <button type="button" className="link-button" onClick={() => pad.current?.clear()}>
            {t('sign.clear')}
          </button>
        </div>
      ) : (
        <div className="seal-wrap">
          <label className="button">
            {t('sign.pickSeal')}
            <input
              type="file"
              accept="image/png,image/jpeg"
              hidden
              data-testid="seal-file"
              onChange={handler(
                async (e: ChangeEvent<HTMLInputElement>) => {
                  const file = e.target.files?.[0];
                  e.target.value = ''; // so picking the same photo again (another document) still counts
                  if (!file) return;
                  setSeal(await sealFromPhoto(file));
                  setLocal(null);
                },
                (err) => setLocal(err.message),
              )}
            />
          </label>
          {seal ? <img className="seal-preview" alt={t('sign.sealPreview')} src={`data:image/png;base64,${seal}`} /> : <p className="muted small">{t('sign.sealHint')}</p>}
        </div>
      )}
      {local || error ? (
        <p className="field-error" role="alert">
          {local ?? error}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {t('common.close')}
        </button>
        <button type="button" className="primary" disabled={busy} onClick={submit}>
          {busy ? t('sign.saving') : t('sign.save')}
        </button>
      </div>
    </dialog>
  );
}
