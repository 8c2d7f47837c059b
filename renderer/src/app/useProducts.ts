import { useTranslation } from 'react-i18next';
import { useCatalog } from './useCatalog';
import { productName } from './format';

/** The products a rep can put on an application: the default price list's, with a mark for negotiated ones. */
export interface ProductOption {
  code: string;
  name: string;
}

export function useProducts(): ProductOption[] {
  const { t } = useTranslation();
  const catalog = useCatalog().data;
  if (!catalog) return [];
  return catalog.products.map((p) => ({ code: p.code, name: p.pricing.kind === 'negotiated' ? t('quote.negotiatedName', { name: productName(p) }) : productName(p) }));
}
