import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { handler } from '../app/background';
import i18n from '../i18n';

/** Near-white pixels of a seal photo become transparent, so the seal sits on the printed form. */
async function sealFromPhoto(file: File): Promise<string> {
  const url = URL.createObjectURL(file);
  try {
    const img = await new Promise<HTMLImageElement>((resolve, reject) => {
      const i = new Image();
      i.onload = () => resolve(i);
      i.onerror = () => reject(new Error(i18n.t('common.imageUnreadable')));
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

/**
 * The seal tab of a signing session: pick a photo of the company seal (its paper made transparent),
 * see it, and keep it offered for the next seal area. While a photo is read, `onReading(true)`
 * holds saving back.
 */
export function SealPicker(props: { seal: string | null; onPicked: (seal: string) => void; onReading: (reading: boolean) => void; onError: (message: string) => void }) {
  const { seal, onPicked, onReading, onError } = props;
  const { t } = useTranslation();
  return (
    <div className="seal-wrap">
      <label className="button">
        {seal ? t('sign.pickOtherSeal') : t('sign.pickSeal')}
        <input
          type="file"
          accept="image/png,image/jpeg"
          hidden
          data-testid="seal-file"
          onChange={handler(
            async (e: ChangeEvent<HTMLInputElement>) => {
              const file = e.target.files?.[0];
              e.target.value = ''; // so picking the same photo again still counts
              if (!file) return;
              onReading(true);
              try {
                onPicked(await sealFromPhoto(file));
              } finally {
                onReading(false);
              }
            },
            (err) => onError(err.message),
          )}
        />
      </label>
      {seal ? (
        <>
          <img className="seal-preview" alt={t('sign.sealPreview')} src={`data:image/png;base64,${seal}`} />
          <p className="muted small" data-testid="seal-reused">
            {t('sign.sealReused')}
          </p>
        </>
      ) : (
        <p className="muted small">{t('sign.sealHint')}</p>
      )}
    </div>
  );
}
