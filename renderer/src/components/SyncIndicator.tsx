import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { invoke } from '../api';
import { useOnline } from '../app/useOnline';
import { useSyncStatus } from '../app/useSyncStatus';
import { dateTime } from '../app/format';

/** Always visible: network, HQ connection, pending changes, last sync, and "sync now". */
export function SyncIndicator() {
  const { t } = useTranslation();
  const online = useOnline();
  const status = useSyncStatus();
  const queryClient = useQueryClient();
  const s = status.data;
  const hqDown = s?.activity === 'offline';
  // A finished sync may have brought HQ's changes: refresh whatever the screens show.
  const lastSync = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    if (!s) return;
    if (lastSync.current !== undefined && lastSync.current !== s.lastSyncAt) {
      void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'sync.status' });
    }
    lastSync.current = s.lastSyncAt;
  }, [s, queryClient]);
  const network = !online ? 'offline' : hqDown ? 'hq-down' : 'online';
  return (
    <div className="sync-indicator" data-testid="sync-indicator">
      <div className={`net-status ${network === 'online' ? 'online' : 'offline'}`} role="status" aria-live="polite" data-testid="net-status" title={online ? t('status.onlineHint') : t('status.offlineHint')}>
        <span className="dot" aria-hidden="true" />
        {network === 'offline' ? t('status.offline') : network === 'hq-down' ? t('sync.hqDown') : t('status.online')}
      </div>
      {s ? (
        <Link to="/sync" className={`sync-chip activity-${s.activity}`} data-testid="sync-chip" title={s.lastError?.message ?? ''}>
          {s.activity === 'not_enrolled'
            ? t('sync.notEnrolledShort')
            : s.activity === 'syncing'
              ? s.progress
                ? t('sync.syncingProgress', { label: s.progress.label, done: s.progress.done, total: s.progress.total })
                : t('sync.syncing')
              : s.activity === 'error'
                ? s.lastError?.update
                  ? t('sync.updateShort')
                  : t('sync.errorShort')
                : s.pending > 0
                  ? t('sync.pending', { count: s.pending })
                  : t('sync.upToDate')}
          {s.lastSyncAt ? <span className="muted small"> · {t('sync.lastAt', { time: dateTime(s.lastSyncAt) })}</span> : null}
          {s.unseenConflicts > 0 ? <span className="badge status-rejected">{t('sync.conflictsBadge', { count: s.unseenConflicts })}</span> : null}
          {s.rejected > 0 ? <span className="badge status-rejected">{t('sync.rejectedBadge', { count: s.rejected })}</span> : null}
        </Link>
      ) : null}
      {s?.enrolled ? (
        <button
          type="button"
          className="link-button"
          disabled={s.activity === 'syncing'}
          onClick={async () => {
            queryClient.setQueryData(['sync.status'], await invoke('sync.now', {}));
          }}
        >
          {t('sync.now')}
        </button>
      ) : null}
    </div>
  );
}
