import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { base64ToBytes, renderPages } from '../app/pdf';
import { background } from '../app/background';

export interface OpenedAttachment {
  fileName: string;
  mime: string;
  base64: string;
}

/**
 * Shows an attachment over the page: an image as it is, a PDF drawn page by page (the preview's
 * renderer), with "새 탭에서 열기" for the browser's own viewer (a blob URL of the bytes the host
 * served). Esc or 닫기 closes it; the blob URL is released with it.
 */
export function AttachmentViewer({ file, onClose }: { file: OpenedAttachment; onClose: () => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [url] = useState(() => URL.createObjectURL(new Blob([base64ToBytes(file.base64) as BlobPart], { type: file.mime })));
  const [pages, setPages] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pdf = file.mime === 'application/pdf';

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => {
      d?.close();
      URL.revokeObjectURL(url);
    };
  }, [url]);

  useEffect(() => {
    if (!pdf) return;
    let live = true;
    background(
      renderPages(base64ToBytes(file.base64), 1.2)
        .then((drawn) => {
          if (live) setPages(drawn);
        })
        .catch((e: unknown) => {
          if (live) setError(e instanceof Error ? e.message : String(e));
        }),
      'draw attachment',
    );
    return () => {
      live = false;
    };
  }, [pdf, file.base64]);

  return (
    <dialog
      ref={dialog}
      className="dialog lightbox"
      aria-labelledby="attachment-title"
      data-testid="attachment-viewer"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="lightbox-head">
        <h2 id="attachment-title">{file.fileName}</h2>
        <a className="button" href={url} target="_blank" rel="noreferrer" data-testid="attachment-new-tab">
          {t('docs.attachment.newTab')}
        </a>
        <button type="button" onClick={onClose} autoFocus>
          {t('common.close')}
        </button>
      </div>
      <div className="lightbox-body">
        {pdf ? (
          pages ? (
            pages.map((src, i) => <img key={i} src={src} alt={t('docs.page', { n: i + 1, total: pages.length })} className="page-image" />)
          ) : error ? (
            <p className="field-error" role="alert">
              {error}
            </p>
          ) : (
            <p className="muted">{t('docs.drawing')}</p>
          )
        ) : (
          <img src={url} alt={file.fileName} data-testid="attachment-image" />
        )}
      </div>
    </dialog>
  );
}
