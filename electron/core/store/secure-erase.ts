import type { Store } from './db';
import { optimizeSearchIndexes } from './search-index';

/**
 * Runs `erase` so that what it deletes leaves no trace in the store's files (a privacy destruction:
 * the rep's confirm, one carried out again after a restore, one HQ confirmed and a pull brings).
 * Freed pages are overwritten with zeros (secure_delete) while it runs; when it erased something
 * (`erased(result)`), the search indexes are merged, still zeroing (their old segments hold the
 * deleted tokens), and the WAL, which holds the deleted rows' old pages, is emptied.
 */
export function eraseWithoutTrace<T>(store: Store, erase: () => T, erased: (result: T) => boolean = () => true): T {
  store.sqlite.pragma('secure_delete = ON');
  try {
    const result = erase();
    if (erased(result)) {
      optimizeSearchIndexes(store);
      store.emptyWal();
    }
    return result;
  } finally {
    store.sqlite.pragma('secure_delete = OFF');
  }
}
