import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { onCoreEvent } from '../api';
import { background } from './background';

/** The queries that show the sync state (status, what waits, what HQ refused, conflicts), and 내 명단, which each sync replaces. */
const SYNC_QUERIES = new Set(['sync.status', 'sync.waiting', 'sync.refused', 'sync.conflicts', 'app.info', 'store.status', 'prospects.mine']);

/**
 * The screens follow the core's events instead of polling: a committed write (here, in another
 * window, or by a sync) refreshes what is on screen; a sync event refreshes the sync state. Mounted
 * once, by the layout.
 */
export function useCoreEvents(): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      onCoreEvent((event) => {
        if (event.type === 'changed') background(queryClient.invalidateQueries(), 'refresh');
        else if (event.type === 'sync') background(queryClient.invalidateQueries({ predicate: (q) => SYNC_QUERIES.has(String(q.queryKey[0])) }), 'refresh');
      }),
    [queryClient],
  );
}
