import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { JsonChange } from '../../../../shared/console/diff';
import { api } from '../../api';
import { DataTable, ErrorBanner } from '../../components/Table';
import { JsonFileInput } from '../../components/JsonFileInput';
import { background } from '../../components/hooks';
import { date, dateTime } from '../../format';
import { useCan } from '../../session';

interface CatalogsInfo {
  current: { source: 'published' | 'shipped'; catalogVersion: number | null; id: string; version: string; effectiveDate: string } | null;
  published: { recordId: string; catalogVersion: number; publishedAt: string; id: string | null; version: string | null; effectiveDate: string | null; title: string | null }[];
}
interface Preview {
  id: string;
  version: string;
  effectiveDate: string;
  products: number;
  diff: { changes: JsonChange[]; truncated: boolean };
}

const show = (v: unknown) => (v === undefined ? '' : JSON.stringify(v));

export function AdminCatalogs() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const canManage = useCan('admin.manage');
  const info = useQuery({ queryKey: ['catalogs'], queryFn: () => api<CatalogsInfo>('GET', '/catalogs') });
  const [text, setText] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [effectiveDate, setEffectiveDate] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const body = () => {
    let catalog: unknown;
    try {
      catalog = JSON.parse(text ?? '');
    } catch (e) {
      throw new Error(`올린 파일이 올바른 JSON이 아닙니다: ${(e as Error).message}. 파일 내용을 확인하세요.`);
    }
    return { catalog, ...(effectiveDate ? { effectiveDate } : {}) };
  };
  const preview = useMutation({ mutationFn: () => api<Preview>('POST', '/catalogs/preview', body()) });
  const publish = useMutation({
    mutationFn: () => api<{ version: number; unchanged: boolean }>('POST', '/catalogs', body()),
    onSuccess: (r) => {
      setResult(r.unchanged ? t('admin.unchanged') : t('admin.publishedDone', { version: r.version }));
      background(client.invalidateQueries({ queryKey: ['catalogs'] }), 'refresh');
    },
  });
  const cur = info.data?.current;
  return (
    <>
      <ErrorBanner error={info.error} />
      {cur ? (
        <p data-testid="current-catalog">
          {t('admin.currentCatalog')}:{' '}
          <strong>
            {cur.id} {cur.version}
          </strong>{' '}
          ({cur.source === 'published' ? `${t('admin.published')} v${cur.catalogVersion ?? '?'}` : t('admin.shipped')}) · {t('admin.effectiveDate')} {date(cur.effectiveDate)}
        </p>
      ) : null}
      {canManage ? (
        <fieldset>
          <legend>{t('admin.upload')}</legend>
          <div className="filters">
            <JsonFileInput
              label={t('admin.upload')}
              onPicked={() => {
                setResult(null);
                preview.reset();
              }}
              onText={(s) => {
                setText(s);
                setFileError(null);
              }}
              onError={setFileError}
            />
            <div className="field">
              <label htmlFor="eff">{t('admin.effectiveDate')}</label>
              <input id="eff" type="date" value={effectiveDate} onChange={(e) => setEffectiveDate(e.target.value)} />
            </div>
            <button type="button" disabled={text === null || preview.isPending} onClick={() => preview.mutate()}>
              {t('admin.preview')}
            </button>
            <button
              type="button"
              className="primary"
              disabled={!preview.data || publish.isPending}
              onClick={() => {
                if (window.confirm(t('admin.publishConfirm'))) publish.mutate();
              }}
            >
              {t('admin.publish')}
            </button>
          </div>
          {fileError ? <p className="error-banner">{fileError}</p> : null}
          <ErrorBanner error={preview.error ?? publish.error} />
          {result ? <p className="ok-banner">{result}</p> : null}
          {preview.data ? (
            <>
              <p>
                <strong>
                  {preview.data.id} {preview.data.version}
                </strong>{' '}
                · {t('admin.effectiveDate')} {date(preview.data.effectiveDate)} · {t('admin.productCount', { count: preview.data.products })}
              </p>
              <h3>{t('admin.diff')}</h3>
              {preview.data.diff.changes.length === 0 ? (
                <p className="muted">{t('admin.noDiff')}</p>
              ) : (
                <DataTable
                  testId="catalog-diff"
                  rows={preview.data.diff.changes}
                  rowKey={(c) => c.path}
                  columns={[
                    { key: 'kind', label: '', render: (c) => <span className={`badge change-${c.kind}`}>{t(`admin.change_${c.kind}`)}</span> },
                    { key: 'path', label: t('admin.path'), className: 'mono small wrap', render: (c) => c.path },
                    { key: 'before', label: t('admin.before'), className: 'mono small wrap', render: (c) => show(c.before) },
                    { key: 'after', label: t('admin.after'), className: 'mono small wrap', render: (c) => show(c.after) },
                  ]}
                />
              )}
            </>
          ) : null}
        </fieldset>
      ) : null}
      <h3>{t('admin.history')}</h3>
      {info.data ? (
        <DataTable
          rows={info.data.published}
          rowKey={(p) => p.recordId}
          columns={[
            { key: 'v', label: t('col.version'), render: (p) => `v${p.catalogVersion}` },
            { key: 'id', label: 'ID', render: (p) => `${p.id ?? ''} ${p.version ?? ''}` },
            { key: 'eff', label: t('admin.effectiveDate'), render: (p) => date(p.effectiveDate) },
            { key: 'at', label: t('col.created'), render: (p) => dateTime(p.publishedAt) },
          ]}
        />
      ) : null}
    </>
  );
}
