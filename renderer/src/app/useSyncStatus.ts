import { useQuery } from '@tanstack/react-query';
import { deviceSyncState, type DeviceSyncState } from '../../../shared/sync/device-state';
import { invoke } from '../api';
import { useOnline } from './useOnline';

/** The sync status: asked again on each core `sync` or `changed` event (useCoreEvents), not polled. */
export function useSyncStatus() {
  return useQuery({ queryKey: ['sync.status'], queryFn: () => invoke('sync.status', {}) });
}

/**
 * The one sync state every screen shows: the core's facts plus what only the browser knows (its
 * network), through the same shared function. Undefined until the first status arrives.
 */
export function useDeviceSyncState(): { status: ReturnType<typeof useSyncStatus>['data']; state: DeviceSyncState | undefined } {
  const status = useSyncStatus().data;
  const online = useOnline();
  return { status, state: status ? deviceSyncState({ ...status.facts, networkOnline: online }) : undefined };
}
