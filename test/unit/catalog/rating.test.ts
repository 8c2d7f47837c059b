import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import sampleRaw from '../../../resources/catalogs/sample-cc-cny-2025.json';
import { priceQuote, rateCall } from '../../../shared/catalog/engine';
import { catalogSchema, USAGE_INCREMENT_SECONDS, type Rating, type UsageIncrement } from '../../../shared/catalog/schema';
import { AppError } from '../../../shared/contract/errors';
import { cnyInput } from './fixtures';

/** The second operator's price list, shipped as a sample: every rule below is data in that file. */
const sample = catalogSchema.parse(sampleRaw);
const line = (code: string, calls: number[]) => priceQuote(sample, { term: '12m', items: [{ code, calls }] }).lines[0]!;

/** A catalog with one usage product under the given rules (prices in fen). */
function usageCatalog(per: UsageIncrement, price: number, rating?: Rating) {
  return catalogSchema.parse({
    ...cnyInput,
    products: [{ code: 'calls', name: '통화료', unit: '분', group: 'usage', pricing: { kind: 'usage', per, price, ...(rating ? { rating } : {}) } }],
  });
}

describe('call rating: each call rated on its own, then summed', () => {
  it('a 61 s call billed per started minute is 2 minutes (0.20 CNY at 0.10 CNY a minute)', () => {
    expect(line('inbound-min', [61])).toMatchObject({ billedQuantity: 2, billedUnit: '분', amount: 20, calls: 1, estimated: false });
  });

  it('a 60 s call is exactly 1 minute and a 1 s call is 1 minute', () => {
    expect(line('inbound-min', [60]).billedQuantity).toBe(1);
    expect(line('inbound-min', [1]).billedQuantity).toBe(1);
  });

  it('per-6-second price with each call first rounded up to a whole minute: a 61 s call is 120 s = 20 units of 6 s (0.40 CNY)', () => {
    expect(line('outbound-6s', [61])).toMatchObject({ billedQuantity: 20, billedUnit: '6초', amount: 40 });
  });

  it('per-6-second price without round-up: a 61 s call is 11 units of 6 s', () => {
    const c = usageCatalog('6s', 2);
    expect(priceQuote(c, { term: '12m', items: [{ code: 'calls', calls: [61] }] }).lines[0]).toMatchObject({ billedQuantity: 11, amount: 22 });
  });

  it('first 3 minutes for a fixed 0.20 CNY, then 0.10 CNY per started minute: 150 s costs 0.20, 180 s 0.20, 181 s 0.30, 301 s (3 more started minutes) 0.50', () => {
    expect(line('hotline-calls', [150]).amount).toBe(20);
    expect(line('hotline-calls', [180]).amount).toBe(20);
    expect(line('hotline-calls', [181]).amount).toBe(30);
    expect(line('hotline-calls', [301]).amount).toBe(50);
    expect(line('hotline-calls', [150, 181, 301])).toMatchObject({ amount: 100, billedQuantity: 3 + 4 + 6, calls: 3 });
  });

  it('a minimum of 30 s per call: a 5 s call is billed as 30 s (5 units of 6 s)', () => {
    const c = usageCatalog('6s', 2, { minimumSeconds: 30 });
    expect(priceQuote(c, { term: '12m', items: [{ code: 'calls', calls: [5] }] }).lines[0]).toMatchObject({ billedQuantity: 5, amount: 10 });
  });

  it('a 0 s call (not connected) bills nothing, even under a minimum and a first block', () => {
    expect(rateCall('minute', { minimumSeconds: 60, firstBlock: { seconds: 180, price: 20 } }, 0)).toEqual({ units: 0, blocks: 0, pricedUnits: 0 });
    expect(line('hotline-calls', [0]).amount).toBe(0);
  });

  it('monthly volume tiers, every unit at the reached row: 99,999 minutes at 0.10 CNY, 100,000 minutes all at 0.08 CNY', () => {
    const est = (quantity: number) => priceQuote(sample, { term: '12m', items: [{ code: 'inbound-min', quantity }] }).lines[0]!;
    expect(est(99_999)).toMatchObject({ unitPrice: 10, amount: 999_990, tierFrom: 0, estimated: true });
    expect(est(100_000)).toMatchObject({ unitPrice: 8, amount: 800_000, tierFrom: 100_000 });
  });

  it('graduated tiers: 150 minutes with rows 0→0.10 and 100→0.08 cost 100 × 0.10 + 50 × 0.08 = 14.00 CNY', () => {
    const c = usageCatalog('minute', 10, {
      tiers: {
        mode: 'graduated',
        rows: [
          { from: 0, price: 10 },
          { from: 100, price: 8 },
        ],
      },
    });
    expect(priceQuote(c, { term: '12m', items: [{ code: 'calls', quantity: 150 }] }).lines[0]!.amount).toBe(1_400);
  });

  it('an estimate in minutes on a per-6-second product bills 10 units a minute and is marked estimated', () => {
    expect(priceQuote(sample, { term: '12m', items: [{ code: 'outbound-6s', quantity: 100 }] }).lines[0]).toMatchObject({ billedQuantity: 1_000, amount: 2_000, estimated: true });
  });

  it('a rep price on a rated product replaces the unit price after the first block', () => {
    const l = priceQuote(sample, { term: '12m', items: [{ code: 'hotline-calls', calls: [301], unitPrice: 8 }] }).lines[0]!;
    expect(l.amount).toBe(20 + 3 * 8);
  });

  it('calls on a seat product, an empty call list, a negative or fractional call are refused with the line and call named', () => {
    const err = (items: unknown) => {
      try {
        priceQuote(sample, { term: '12m', items: items as never });
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        return (e as AppError).details?.issues?.[0];
      }
      throw new Error('expected INVALID_INPUT');
    };
    expect(err([{ code: 'vcc-seat', calls: [60] }])).toMatchObject({ path: 'items.0.calls' });
    expect(err([{ code: 'inbound-min', calls: [] }])).toMatchObject({ path: 'items.0.calls' });
    expect(err([{ code: 'inbound-min', calls: [60, -3] }])).toMatchObject({ path: 'items.0.calls.1' });
    expect(err([{ code: 'inbound-min', calls: [60, 2.5] }])?.message).toMatch(/2번째 통화 시간/);
    expect(err([{ code: 'inbound-min', calls: [60], quantity: 5 }])).toMatchObject({ path: 'items.0.quantity' });
  });
});

const ratingArb: fc.Arbitrary<{ per: UsageIncrement; rating: Rating }> = fc.record({
  per: fc.constantFrom(...(Object.keys(USAGE_INCREMENT_SECONDS) as UsageIncrement[])),
  rating: fc.record(
    {
      minimumSeconds: fc.integer({ min: 1, max: 600 }),
      roundTo: fc.integer({ min: 1, max: 600 }),
      firstBlock: fc.record({ seconds: fc.integer({ min: 1, max: 600 }), price: fc.integer({ min: 0, max: 10_000 }) }),
    },
    { requiredKeys: [] },
  ),
});

/** What one call costs on its own (units priced at `price`, the first block at its own price). */
function callAmount(per: UsageIncrement, rating: Rating, seconds: number, price: number): number {
  const c = rateCall(per, rating, seconds);
  return c.blocks * (rating.firstBlock?.price ?? 0) + c.pricedUnits * price;
}

describe('call rating properties', () => {
  it('monotonic in duration: a longer call never bills fewer units or less money', () => {
    fc.assert(
      fc.property(ratingArb, fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 1_000 }), ({ per, rating }, d, extra, price) => {
        expect(rateCall(per, rating, d + extra).units).toBeGreaterThanOrEqual(rateCall(per, rating, d).units);
        expect(callAmount(per, rating, d + extra, price)).toBeGreaterThanOrEqual(callAmount(per, rating, d, price));
      }),
    );
  });

  it('additive over calls: a line of calls costs the sum of each call priced alone', () => {
    fc.assert(
      fc.property(ratingArb, fc.array(fc.integer({ min: 0, max: 7_200 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 1_000 }), ({ per, rating }, calls, price) => {
        const c = usageCatalog(per, price, rating);
        const l = priceQuote(c, { term: '12m', items: [{ code: 'calls', calls }] }).lines[0]!;
        expect(l.amount).toBe(calls.reduce((sum, d) => sum + callAmount(per, rating, d, price), 0));
        expect(l.billedQuantity).toBe(calls.reduce((sum, d) => sum + rateCall(per, rating, d).units, 0));
      }),
    );
  });

  it('never below the minimum: a connected call bills at least the minimum seconds and, with a first block, at least its price', () => {
    fc.assert(
      fc.property(ratingArb, fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 0, max: 1_000 }), ({ per, rating }, d, price) => {
        const unit = USAGE_INCREMENT_SECONDS[per];
        const c = rateCall(per, rating, d);
        expect(c.units * unit).toBeGreaterThanOrEqual(Math.max(d, rating.minimumSeconds ?? 0));
        expect(c.units).toBeGreaterThanOrEqual(1);
        if (rating.firstBlock) expect(callAmount(per, rating, d, price)).toBeGreaterThanOrEqual(rating.firstBlock.price);
      }),
    );
  });
});
