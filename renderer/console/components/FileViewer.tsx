import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { renderPages } from '../../src/app/pdf';
import { fileBytes } from '../api';

/** Shows a file HQ holds for an application: a PDF page by page (pdf.js), an image as it is. */
export function FileViewer({ applicationId, sha256, name }: { applicationId: string; sha256: string; name: string }) {
  const { t } = useTranslation();
  const [pages, setPages] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    const urls: string[] = [];
    fileBytes(applicationId, sha256)
      .then(async ({ bytes, type }) => {
        if (type === 'application/pdf') return renderPages(bytes, 1.3);
        if (type.startsWith('image/')) {
          const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
          urls.push(url);
          return [url];
        }
        throw new Error('PDF나 이미지가 아닌 파일이라 화면에 보여 줄 수 없습니다.');
      })
      .then((p) => {
        if (!cancelled) setPages(p);
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(e instanceof Error ? e.message : String(e));
      });
    return () => {
      cancelled = true;
      for (const u of urls) URL.revokeObjectURL(u);
    };
  }, [applicationId, sha256]);
  if (error)
    return (
      <p className="error-banner" role="alert">
        {error}
      </p>
    );
  if (!pages) return <p className="muted">{t('app.loading')}</p>;
  return (
    <div className="pages file-view" data-testid="file-view" aria-label={name}>
      {pages.map((src, i) => (
        <img key={i} className="page-image" src={src} alt={`${name} ${i + 1}`} />
      ))}
    </div>
  );
}
