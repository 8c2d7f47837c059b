import { useCatalog } from './useCatalog';

/** The products a rep can put on an application: the default price list's, with a mark for negotiated ones. */
export interface ProductOption {
  code: string;
  name: string;
}

export function useProducts(): ProductOption[] {
  const catalog = useCatalog().data;
  if (!catalog) return [];
  return catalog.products.map((p) => ({ code: p.code, name: p.pricing.kind === 'negotiated' ? `${p.name} (협정가)` : p.name }));
}
