import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Preview, Progress } from './useDocuments';

/** The drawing progress of a preview (or a packet being rendered). */
export function ProgressBar({ progress }: { progress: Progress }) {
  return (
    <div className="progress no-print" role="progressbar" aria-valuemin={0} aria-valuemax={progress.total} aria-valuenow={progress.done} data-testid="docs-progress">
      <span>{progress.label}</span>
      <div className="bar">
        <div style={{ width: `${Math.round((progress.done / Math.max(1, progress.total)) * 100)}%` }} />
      </div>
      <span>
        {progress.done}/{progress.total}
      </span>
    </div>
  );
}

/** The preview's pages, with 인쇄 and 닫기; it scrolls into view when it opens or shows other forms. */
export function PreviewPane({ preview, onPrint, onClose }: { preview: Preview; onPrint: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  // A preview opens where the rep can see it, not below the fold.
  const previewRef = useRef<HTMLDivElement>(null);
  const previewKey = `${preview.title}:${preview.forms.join(',')}`;
  useEffect(() => {
    const el = previewRef.current;
    // Vertically only, below the sticky top bar, so the preview's title and 인쇄 show.
    const bar = document.querySelector('.topbar')?.getBoundingClientRect().height ?? 0;
    if (el) window.scrollTo({ top: el.getBoundingClientRect().top + window.scrollY - bar - 12 });
  }, [previewKey]);
  return (
    <div className="preview" ref={previewRef} data-testid="preview">
      <div className="preview-head no-print">
        <h2>{preview.title}</h2>
        <button type="button" className="primary" onClick={onPrint}>
          {t('docs.print')}
        </button>
        <button type="button" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      <div className="pages" data-testid="preview-pages">
        {preview.pages.map((src, i) => (
          <img key={i} src={src} alt={t('docs.page', { n: i + 1, total: preview.pages.length })} className="page-image" />
        ))}
      </div>
    </div>
  );
}
