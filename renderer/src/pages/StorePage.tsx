import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BackupInfo } from '../../../shared/store/recovery';
import { formatKstDateTime } from '../../../shared/format/date';
import { invoke } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { RetentionSection } from '../components/RetentionSection';

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** /store — the encrypted store's backups: back up now, restore a chosen one. */
export function StorePage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: ['store.status'], queryFn: () => invoke('store.status', {}) });
  const [chosen, setChosen] = useState<BackupInfo | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries().catch(() => undefined);
  const backup = useMutation({
    mutationFn: () => invoke('store.backup', {}),
    onSuccess: async (b) => {
      setDone(t('store.backupDone', { time: formatKstDateTime(b.createdAt) }));
      await refresh();
    },
  });
  const restore = useMutation({
    mutationFn: (id: string) => invoke('store.restore', { backup: id }),
    // Every screen's data changed: refetch everything.
    onSuccess: refresh,
  });
  const s = status.data;
  if (!s) return <p className="muted">{t('list.loading')}</p>;
  const error = backup.error ?? restore.error;

  return (
    <section className="page">
      <div className="page-head">
        <h1>{t('store.title')}</h1>
        <button type="button" className="primary" onClick={() => backup.mutate()} disabled={backup.isPending || restore.isPending}>
          {t('store.backupNow')}
        </button>
      </div>
      <p className="muted">{t('store.intro', { protection: t(`store.protection.${s.protection}`) })}</p>
      {error ? (
        <div className="error-banner" role="alert">
          {error.message}
        </div>
      ) : null}
      {done ? <p role="status">{done}</p> : null}
      {s.backups.length === 0 ? (
        <p className="muted">{t('store.empty')}</p>
      ) : (
        <table className="grid" data-testid="backups-table">
          <thead>
            <tr>
              <th>{t('store.colTime')}</th>
              <th>{t('store.colReason')}</th>
              <th>{t('store.colContents')}</th>
              <th>{t('store.colSize')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {s.backups.map((b) => (
              <tr key={b.id}>
                <td className="nowrap">{formatKstDateTime(b.createdAt)}</td>
                <td>{t(`store.reason.${b.reason}`)}</td>
                <td>{b.counts ? t('store.contents', b.counts) : '—'}</td>
                <td>{size(b.bytes)}</td>
                <td>
                  <button type="button" onClick={() => setChosen(b)} disabled={restore.isPending}>
                    {t('store.restore')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ConfirmDialog
        open={chosen !== null}
        title={t('store.confirmTitle')}
        body={chosen ? t('store.confirmBody', { time: formatKstDateTime(chosen.createdAt) }) : ''}
        confirmLabel={t('store.confirm')}
        cancelLabel={t('common.cancel')}
        onConfirm={() => {
          if (chosen) restore.mutate(chosen.id);
          setChosen(null);
        }}
        onCancel={() => setChosen(null)}
      />
      <RetentionSection />
    </section>
  );
}
