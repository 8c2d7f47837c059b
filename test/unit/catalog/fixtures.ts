import ktRaw from '../../../resources/catalogs/kt-bizmeka-2014.json';
import { catalogSchema, type Catalog, type CatalogInput } from '../../../shared/catalog/schema';

/** The shipped KT catalog, parsed with the same schema the core uses. */
export const kt: Catalog = catalogSchema.parse(ktRaw);

/**
 * A second, made-up price list in CNY (minor unit: fen, 2 digits) that uses every pricing kind
 * the schema offers, a 70% discount floor, a 6% VAT and only two term columns.
 */
export const cnyInput: CatalogInput = {
  id: 'demo-cc-cny',
  version: '2025.1',
  title: '데모 콜센터 가격표 (CNY, 테스트 전용)',
  currency: 'CNY',
  effectiveDate: '2025-01-01',
  floorPercent: 70,
  vatPercent: 6,
  terms: ['none', '12m'],
  products: [
    {
      code: 'seat',
      name: '좌석 기본료',
      unit: '석',
      group: 'basic',
      minQuantity: 5,
      pricing: {
        kind: 'tiered',
        tiers: [
          { from: 1, prices: { none: 30000, '12m': 25000 } }, // 300.00 / 250.00
          { from: 20, prices: { none: 28000, '12m': 23050 } }, // 280.00 / 230.50
        ],
      },
    },
    {
      code: 'crm',
      name: 'CRM 연동',
      unit: '석',
      group: 'app',
      requires: [{ code: 'seat', minQuantity: 10 }],
      pricing: { kind: 'flat', price: { none: 5000, '12m': 4550 } },
    },
    { code: 'wallboard', name: '월보드', unit: '대', group: 'option', pricing: { kind: 'flat', price: 1999 } },
    { code: 'seat-pack', name: '좌석 묶음', unit: '석', group: 'option', pricing: { kind: 'bundle', groupSize: 5, price: 120000 } },
    {
      code: 'inbound-min',
      name: '수신 통화료',
      unit: '분',
      group: 'usage',
      pricing: { kind: 'usage', per: 'minute', price: 12, estimatedQuantity: 10000 },
    },
    { code: 'outbound-6s', name: '발신 통화료', unit: '분', group: 'usage', pricing: { kind: 'usage', per: '6s', price: 3 } },
    { code: 'support', name: '원격 지원', unit: '시간', group: 'service', pricing: { kind: 'hourly', price: 8000 } },
    { code: 'training', name: '교육', unit: '시간', group: 'service', pricing: { kind: 'hourly', price: 50000, charge: 'once' } },
    { code: 'setup', name: '설치비', unit: '건', group: 'oneOff', pricing: { kind: 'oneOff', price: 150000 } },
    {
      code: 'custom-dev',
      name: '맞춤 개발',
      unit: '식',
      group: 'oneOff',
      pricing: { kind: 'negotiated', charge: 'once', range: { min: 100000, max: 5000000 } },
    },
    { code: 'outsourcing', name: '상담 위탁', unit: '명', group: 'service', pricing: { kind: 'negotiated' } },
  ],
};
export const cny: Catalog = catalogSchema.parse(cnyInput);
