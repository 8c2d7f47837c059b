import { useQuery } from '@tanstack/react-query';
import { invoke } from '../api';

/** The sync status, polled: quickly while a sync runs, slowly otherwise. */
export function useSyncStatus() {
  return useQuery({
    queryKey: ['sync.status'],
    queryFn: () => invoke('sync.status', {}),
    refetchInterval: (q) => (q.state.data?.activity === 'syncing' ? 700 : 5_000),
  });
}
