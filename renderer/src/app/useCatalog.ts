import { useQuery } from '@tanstack/react-query';
import { invoke } from '../api';
import type { Catalog } from '../../../shared/catalog/schema';

/** The default price list (or a named one), fetched once: pricing then runs locally and offline. */
export function useCatalog(id?: string) {
  return useQuery({
    queryKey: ['catalog.get', id ?? 'default'],
    queryFn: () => invoke('catalog.get', id ? { id } : {}),
    staleTime: Infinity,
  }) as { data: Catalog | undefined; isError: boolean; error: unknown };
}
