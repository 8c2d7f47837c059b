import { describe, expect, it } from 'vitest';
import sampleRaw from '../../../resources/catalogs/sample-cc-cny-2025.json';
import { priceQuote } from '../../../shared/catalog/engine';
import { catalogSchema, termLabelOf } from '../../../shared/catalog/schema';
import { cnyInput, kt } from './fixtures';

const sample = catalogSchema.parse(sampleRaw);
const codes = (unitPrice: number) => priceQuote(sample, { term: '12m', items: [{ code: 'switchboard', quantity: 1, unitPrice }] }).warnings.map((w) => w.code);

describe('discount authority (할인 권한) as data', () => {
  it('where the rep may discount to the floor, exactly 70% of list (189.00 of 270.00 CNY) needs no approval', () => {
    expect(codes(18_900)).toEqual([]);
    expect(priceQuote(sample, { term: '12m', items: [{ code: 'switchboard', quantity: 1, unitPrice: 18_900 }] }).approvalRequired).toBe(false);
  });

  it('there, one fen under the floor (188.99 CNY) needs HQ: BELOW_FLOOR only', () => {
    expect(codes(18_899)).toEqual(['BELOW_FLOOR']);
  });

  it('where the catalog keeps the default (KT), any price under list still raises BELOW_LIST', () => {
    expect(priceQuote(kt, { term: '12m', items: [{ code: 'recording', quantity: 10, unitPrice: 19_999 }] }).warnings.map((w) => w.code)).toEqual(['BELOW_LIST']);
  });

  it('a product may take back the authority: belowListNeedsApproval true on one product raises BELOW_LIST at the floor', () => {
    const c = catalogSchema.parse({ ...sampleRaw, products: sampleRaw.products.map((p) => (p.code === 'switchboard' ? { ...p, belowListNeedsApproval: true } : p)) });
    expect(priceQuote(c, { term: '12m', items: [{ code: 'switchboard', quantity: 1, unitPrice: 18_900 }] }).warnings.map((w) => w.code)).toEqual(['BELOW_LIST']);
  });

  it('authority without a floor is refused by the schema: the rep could otherwise sell at 0', () => {
    const r = catalogSchema.safeParse({ ...cnyInput, floorPercent: undefined, belowListNeedsApproval: false });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(/floorPercent/);
  });
});

describe('per-catalog terms', () => {
  it('a catalog names its own term columns (1년, 2년 …) and KT keeps 무약정/12개월', () => {
    expect(termLabelOf(sample, '12m')).toBe('1년');
    expect(termLabelOf(sample, '12m', 'en')).toBe('1 year');
    expect(termLabelOf(kt, '12m')).toBe('12개월');
    expect(termLabelOf(kt, 'none', 'en')).toBe('No commitment');
  });

  it('a label for a term the catalog does not offer is refused', () => {
    const r = catalogSchema.safeParse({ ...cnyInput, termLabels: { '24m': { ko: '2년' } } });
    expect(r.success).toBe(false);
  });

  it('the catalog offers only its own columns: the demo catalog refuses 24m and names what it offers', () => {
    const c = catalogSchema.parse(cnyInput);
    expect(() => priceQuote(c, { term: '24m', items: [{ code: 'seat', quantity: 5 }] })).toThrow(/none=무약정\(단기\), 12m=12개월/);
  });
});
