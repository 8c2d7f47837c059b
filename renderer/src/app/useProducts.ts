/** The products a rep can put on an application. */
export interface ProductOption {
  code: string;
  name: string;
}

// Interim list until the catalog channel lands (same codes as resources/catalogs/kt-bizmeka-2014.json).
const PRODUCTS: ProductOption[] = [
  { code: 'asp-basic', name: 'ASP 기본서비스' },
  { code: 'app-basic', name: '상담어플리케이션 Basic' },
  { code: 'app-premium', name: '상담어플리케이션 Premium' },
  { code: 'recording', name: '녹음서비스' },
  { code: 'extra-line', name: '추가회선서비스' },
  { code: 'agent', name: '상담원 제공서비스 (협정가)' },
  { code: 'floor', name: '상면제공서비스 (협정가)' },
];

export function useProducts(): ProductOption[] {
  return PRODUCTS;
}
