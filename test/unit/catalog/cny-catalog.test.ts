import { describe, expect, it } from 'vitest';
import { priceQuote, type QuoteItem } from '../../../shared/catalog/engine';
import { catalogSchema } from '../../../shared/catalog/schema';
import { AppError } from '../../../shared/contract/errors';
import { formatMoney } from '../../../shared/money';
import { cny, cnyInput } from './fixtures';

const base: QuoteItem[] = [{ code: 'seat', quantity: 25 }];
const price = (items: QuoteItem[], term: 'none' | '12m' = '12m') => priceQuote(cny, { term, items });
const line = (item: QuoteItem, term: 'none' | '12m' = '12m') => price([...base, item], term).lines[1]!;

describe('a second catalog in CNY (minor unit: fen) proves every pricing kind', () => {
  it('money is integer fen and prints with two decimals', () => {
    expect(cny.currency).toBe('CNY');
    expect(formatMoney(23_050, 'CNY')).toBe('230.50 CNY');
  });

  it('tiers × terms: 25 seats select the 20+ row — 230.50 CNY each on 12 months, 280.00 without commitment', () => {
    expect(price(base).lines[0]).toMatchObject({ unitPrice: 23_050, amount: 576_250, tierFrom: 20 });
    expect(price(base, 'none').lines[0]).toMatchObject({ unitPrice: 28_000, amount: 700_000 });
    expect(price([{ code: 'seat', quantity: 19 }]).lines[0]).toMatchObject({ unitPrice: 25_000, tierFrom: 1 });
  });

  it('flat per unit, per term column: CRM 45.50 CNY on 12 months, 50.00 without commitment', () => {
    expect(line({ code: 'crm', quantity: 25 })).toMatchObject({ unitPrice: 4_550, amount: 113_750 });
    expect(line({ code: 'crm', quantity: 25 }, 'none')).toMatchObject({ unitPrice: 5_000, amount: 125_000 });
  });

  it('flat per unit, any term: a wallboard is 19.99 CNY on every term', () => {
    expect(line({ code: 'wallboard', quantity: 2 })).toMatchObject({ unitPrice: 1_999, amount: 3_998 });
    expect(line({ code: 'wallboard', quantity: 2 }, 'none')).toMatchObject({ unitPrice: 1_999, amount: 3_998 });
  });

  it('bundle: 11 seats in packs of 5 are charged as 3 packs (the remainder pays a full pack)', () => {
    expect(line({ code: 'seat-pack', quantity: 11 })).toMatchObject({ quantity: 11, billedQuantity: 3, unitPrice: 120_000, amount: 360_000 });
    expect(line({ code: 'seat-pack', quantity: 10 })).toMatchObject({ billedQuantity: 2, amount: 240_000 });
    expect(line({ code: 'seat-pack', quantity: 1 })).toMatchObject({ billedQuantity: 1, amount: 120_000 });
  });

  it('usage per minute: an estimated 10,000 minutes × 0.12 CNY = 1,200.00 CNY, marked as an estimate', () => {
    expect(line({ code: 'inbound-min', quantity: 10_000 })).toMatchObject({ billedQuantity: 10_000, unitPrice: 12, amount: 120_000, estimated: true });
    const product = cny.products.find((p) => p.code === 'inbound-min')!;
    expect(product.pricing).toMatchObject({ kind: 'usage', estimatedQuantity: 10_000 });
  });

  it('usage per 6-second unit: an estimated 1,000 minutes are 10,000 units × 0.03 CNY = 300.00 CNY', () => {
    expect(line({ code: 'outbound-6s', quantity: 1_000 })).toMatchObject({ quantity: 1_000, billedQuantity: 10_000, unitPrice: 3, amount: 30_000, estimated: true });
  });

  it('per hour, monthly: 7 hours of remote support × 80.00 CNY join the monthly bill', () => {
    const q = price([...base, { code: 'support', quantity: 7 }]);
    expect(q.lines[1]).toMatchObject({ amount: 56_000, oneOff: false, estimated: true });
    expect(q.monthly.supply).toBe(576_250 + 56_000);
  });

  it('per hour, billed once: 12 hours of training go to the one-off total, not the monthly bill', () => {
    const q = price([...base, { code: 'training', quantity: 12 }]);
    expect(q.lines[1]).toMatchObject({ amount: 600_000, oneOff: true });
    expect(q.monthly.supply).toBe(576_250);
    expect(q.oneOff.supply).toBe(600_000);
  });

  it('one-off fee: setup 1,500.00 CNY is billed once and added once to the contract total', () => {
    const q = price([...base, { code: 'setup', quantity: 1 }]);
    expect(q.oneOff).toEqual({ supply: 150_000, vat: 9_000, total: 159_000 });
    expect(q.contract.supply).toBe(576_250 * 12 + 150_000);
  });

  it('negotiated, billed once, with a range: in range raises NEGOTIATED only; out of range adds OUT_OF_RANGE', () => {
    const codes = (unitPrice: number) => price([...base, { code: 'custom-dev', quantity: 1, unitPrice }]).warnings.map((w) => w.code);
    expect(codes(2_000_000)).toEqual(['NEGOTIATED']);
    expect(codes(99_999)).toEqual(['NEGOTIATED', 'OUT_OF_RANGE']);
    expect(codes(5_000_001)).toEqual(['NEGOTIATED', 'OUT_OF_RANGE']);
    expect(price([...base, { code: 'custom-dev', quantity: 1, unitPrice: 2_000_000 }]).lines[1]).toMatchObject({ oneOff: true, listUnitPrice: null });
  });

  it('discount floor 70%: 175.00 CNY (exactly 70% of 250.00) is only BELOW_LIST; 174.99 is also BELOW_FLOOR', () => {
    const codes = (unitPrice: number) => price([{ code: 'seat', quantity: 10, unitPrice }]).warnings.map((w) => w.code);
    expect(codes(25_000)).toEqual([]);
    expect(codes(17_500)).toEqual(['BELOW_LIST']);
    expect(codes(17_499)).toEqual(['BELOW_LIST', 'BELOW_FLOOR']);
    const floor = price([{ code: 'seat', quantity: 10, unitPrice: 17_499 }]).warnings[1]!;
    expect(floor.message).toMatch(/정가의 70%, 175\.00 CNY/);
    expect(price([{ code: 'seat', quantity: 10, unitPrice: 17_499 }]).approvalRequired).toBe(true);
  });

  it('a product-level floor overrides the catalog floor', () => {
    const strict = catalogSchema.parse({
      ...cnyInput,
      products: cnyInput.products.map((p) => (p.code === 'wallboard' ? { ...p, floorPercent: 90 } : p)),
    });
    const codes = (unitPrice: number) => priceQuote(strict, { term: '12m', items: [{ code: 'wallboard', quantity: 1, unitPrice }] }).warnings.map((w) => w.code);
    expect(codes(1_800)).toEqual(['BELOW_LIST']); // 1,800 ≥ 90% of 1,999 (1,799.1)
    expect(codes(1_799)).toEqual(['BELOW_LIST', 'BELOW_FLOOR']);
  });

  it('minimum quantity: 4 seats (minimum 5) raise MIN_QUANTITY; 5 do not', () => {
    expect(price([{ code: 'seat', quantity: 4 }]).warnings.map((w) => w.code)).toEqual(['MIN_QUANTITY']);
    expect(price([{ code: 'seat', quantity: 5 }]).warnings).toEqual([]);
  });

  it('requires: CRM needs 10 seats; with 9 it raises REQUIRES', () => {
    expect(
      price([
        { code: 'seat', quantity: 9 },
        { code: 'crm', quantity: 9 },
      ]).warnings.map((w) => w.code),
    ).toEqual(['REQUIRES']);
  });

  it('VAT uses the catalog rate (6%) on the monthly total, fraction cut; the whole document adds up', () => {
    const q = price([
      { code: 'seat', quantity: 25 },
      { code: 'crm', quantity: 25 },
      { code: 'wallboard', quantity: 2 },
      { code: 'seat-pack', quantity: 11 },
      { code: 'inbound-min', quantity: 10_000 },
      { code: 'outbound-6s', quantity: 1_000 },
      { code: 'support', quantity: 7 },
      { code: 'training', quantity: 12 },
      { code: 'setup', quantity: 1 },
      { code: 'custom-dev', quantity: 1, unitPrice: 2_000_000 },
      { code: 'outsourcing', quantity: 3, unitPrice: 800_000 },
    ]);
    expect(q.monthly).toEqual({ supply: 3_659_998, vat: 219_599, total: 3_879_597 }); // 219,599.88 → 219,599
    expect(q.oneOff).toEqual({ supply: 2_750_000, vat: 165_000, total: 2_915_000 });
    expect(q.contract).toEqual({ months: 12, supply: 46_669_976, vat: 2_800_188, total: 49_470_164 });
    expect(q.approvalReasons).toEqual(['NEGOTIATED']);
    expect(q.warnings.map((w) => w.productCode)).toEqual(['custom-dev', 'outsourcing']);
  });

  it('a term the CNY catalog does not offer (24m) is refused', () => {
    expect(() => priceQuote(cny, { term: '24m', items: base })).toThrow(AppError);
  });
});
