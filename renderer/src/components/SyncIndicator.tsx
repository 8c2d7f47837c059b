import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { invoke } from '../api';
import { useOnline } from '../app/useOnline';
import { useDeviceSyncState } from '../app/useSyncStatus';
import { progressWords, stateDetail, stateHeadline } from '../app/syncWords';

/** Always visible: the one sync state (shared/sync/device-state.ts), what waits, and "sync now". */
export function SyncIndicator() {
  const { t } = useTranslation();
  const online = useOnline();
  const { status: s, state } = useDeviceSyncState();
  const queryClient = useQueryClient();
  // A finished sync may have brought HQ's changes: refresh whatever the screens show.
  const lastExchange = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    if (!s) return;
    const at = s.facts.lastExchangeAt;
    if (lastExchange.current !== undefined && lastExchange.current !== at) {
      queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'sync.status' }).catch(() => undefined);
    }
    lastExchange.current = at;
  }, [s, queryClient]);
  // The network came back: try at once rather than at the next backoff step.
  const wasOnline = useRef(online);
  useEffect(() => {
    if (online && !wasOnline.current && s?.enrolled) {
      invoke('sync.now', {})
        .then((next) => queryClient.setQueryData(['sync.status'], next))
        .catch(() => undefined);
    }
    wasOnline.current = online;
  }, [online, s?.enrolled, queryClient]);
  if (!s || !state) return <div className="sync-indicator" data-testid="sync-indicator" />;
  const syncNow = () => {
    invoke('sync.now', {})
      .then((next) => queryClient.setQueryData(['sync.status'], next))
      .catch(() => undefined);
  };
  return (
    <div className="sync-indicator" data-testid="sync-indicator">
      <Link to="/sync" className={`sync-chip state-${state.kind}`} data-testid="sync-chip" data-state={state.kind} role="status" aria-live="polite" title={state.message ?? ''}>
        <span className="dot" aria-hidden="true" />
        <strong data-testid="sync-headline">{stateHeadline(state, t)}</strong>
        <span className="muted small" data-testid="sync-detail">
          {stateDetail(state, t)}
        </span>
        {state.syncing && state.kind !== 'sending' ? (
          <span className="small">
            · <span data-testid="sync-progress">{s.progress ? progressWords(s.progress, t) : t('sync.detail.syncing')}</span>
          </span>
        ) : null}
        {state.refused > 0 && state.kind !== 'refused' ? <span className="badge status-rejected">{t('sync.refusedBadge', { count: state.refused })}</span> : null}
        {s.unseenConflicts > 0 ? <span className="badge status-rejected">{t('sync.conflictsBadge', { count: s.unseenConflicts })}</span> : null}
      </Link>
      {s.enrolled ? (
        <button type="button" className="link-button" disabled={state.syncing} onClick={syncNow}>
          {t('sync.now')}
        </button>
      ) : null}
    </div>
  );
}
