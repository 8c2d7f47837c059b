import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { StoreRecovery } from '../../../shared/store/recovery';
import { formatKstDateTime } from '../../../shared/format/date';
import { invoke } from '../api';

/** What happened to the store, which backup came back, and what may need entering again. */
export function StoreRecoveryNotice({ recovery }: { recovery: StoreRecovery }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const seen = useMutation({
    mutationFn: () => invoke('store.recoverySeen', {}),
    onSuccess: (status) => queryClient.setQueryData(['store.status'], status),
  });
  const lines = [t(`store.why.${recovery.reason}`)];
  if (recovery.kind === 'restored' && recovery.backup) {
    lines.push(t('store.fromBackup', { time: formatKstDateTime(recovery.backup.createdAt) }));
    lines.push(
      recovery.previousModifiedAt && recovery.previousModifiedAt > recovery.backup.createdAt
        ? t('store.mayReenter', { until: formatKstDateTime(recovery.previousModifiedAt) })
        : t('store.mayReenterUnknown'),
    );
    lines.push(t('store.fromHq'));
  } else {
    lines.push(t('store.noBackup'));
  }
  if (recovery.movedTo) lines.push(t('store.movedTo', { path: recovery.movedTo }));
  return (
    <div className="error-banner store-notice" role="alert" data-testid="store-recovery">
      <div>
        <strong>{recovery.kind === 'restored' ? t('store.restoredTitle') : t('store.resetTitle')}</strong>
        <p>{lines.join(' ')}</p>
      </div>
      <div className="store-notice-actions">
        <Link to="/store">{t('store.open')}</Link>
        <button type="button" onClick={() => seen.mutate()} disabled={seen.isPending}>
          {t('store.seen')}
        </button>
      </div>
    </div>
  );
}
