import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outageDamages } from '../../../shared/catalog/calculators';
import { priceQuote, vatOf } from '../../../shared/catalog/engine';
import type { Catalog } from '../../../shared/catalog/schema';
import { TERM_MONTHS, type Term } from '../../../shared/domain/application';
import { cny, kt } from './fixtures';

/** A random valid request on a catalog: distinct products, quantities, optional rep prices (always for negotiated ones). */
function requestArb(catalog: Catalog) {
  const item = (code: string, negotiated: boolean) =>
    fc.record({
      code: fc.constant(code),
      quantity: fc.integer({ min: 1, max: 2_000 }),
      unitPrice: negotiated ? fc.integer({ min: 0, max: 10_000_000 }) : fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: undefined }),
    });
  const arbs = catalog.products.map((p) => item(p.code, p.pricing.kind === 'negotiated'));
  return fc.record({
    term: fc.constantFrom(...catalog.terms),
    items: fc
      .subarray(
        arbs.map((_, i) => i),
        { minLength: 1 },
      )
      .chain((idx) => fc.tuple(...idx.map((i) => arbs[i]!))),
  });
}

describe('properties', () => {
  for (const catalog of [kt, cny]) {
    it(`${catalog.id}: totals equal the sum of the lines, VAT is the cut percentage of the total, the contract is monthly × months + one-off`, () => {
      fc.assert(
        fc.property(requestArb(catalog), (request) => {
          const q = priceQuote(catalog, { term: request.term, items: request.items });
          let monthly = 0;
          let oneOff = 0;
          for (const line of q.lines) {
            expect(line.amount).toBe(line.billedQuantity * line.unitPrice);
            expect(Number.isSafeInteger(line.amount)).toBe(true);
            if (line.oneOff) oneOff += line.amount;
            else monthly += line.amount;
          }
          expect(q.lines.map((l) => l.code)).toEqual(request.items.map((i) => i.code));
          expect(q.monthly.supply).toBe(monthly);
          expect(q.oneOff.supply).toBe(oneOff);
          for (const t of [q.monthly, q.oneOff]) {
            expect(BigInt(t.vat)).toBe((BigInt(t.supply) * BigInt(catalog.vatPercent)) / 100n);
            expect(t.total).toBe(t.supply + t.vat);
          }
          const factor = TERM_MONTHS[request.term] ?? 1;
          expect(q.contract.supply).toBe(monthly * factor + oneOff);
          expect(q.contract.vat).toBe(q.monthly.vat * factor + q.oneOff.vat);
          expect(q.contract.total).toBe(q.contract.supply + q.contract.vat);
          expect(q.approvalRequired).toBe(q.warnings.length > 0);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('adding seats never raises the per-seat basic price on a fixed term', () => {
    fc.assert(
      fc.property(fc.constantFrom<Term>('none', '12m', '24m', '36m'), fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: 1, max: 500 }), (term, seats, more) => {
        const unit = (n: number) => priceQuote(kt, { term, items: [{ code: 'asp-basic', quantity: n }] }).lines[0]!.unitPrice;
        expect(unit(seats + more)).toBeLessThanOrEqual(unit(seats));
      }),
      { numRuns: 500 },
    );
  });

  it('a longer commitment never costs more per month than a shorter one for the same items', () => {
    fc.assert(
      fc.property(requestArb(kt), (request) => {
        const supply = (term: Term) => priceQuote(kt, { term, items: request.items }).monthly.supply;
        expect(supply('12m')).toBeLessThanOrEqual(supply('none'));
        expect(supply('24m')).toBeLessThanOrEqual(supply('12m'));
        expect(supply('36m')).toBeLessThanOrEqual(supply('24m'));
      }),
      { numRuns: 200 },
    );
  });

  it('vatOf equals the exact floor of supply × rate / 100 for every safe supply', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: 100 }), (supply, rate) => {
        const vat = vatOf(supply, rate);
        if (Number.isSafeInteger(vat)) expect(BigInt(vat)).toBe((BigInt(supply) * BigInt(rate)) / 100n);
      }),
    );
  });

  it('damages: eligible exactly when one outage ≥ 4 h or the total > 24 h; amount = ⌊fee × tenths / 2,000⌋', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.array(fc.integer({ min: 0, max: 80 }), { maxLength: 20 }), (fee, tenths) => {
        const hours = tenths.map((t) => t / 10); // typed as 0.1-hour decimals: 4.5, 0.3 …
        const d = outageDamages({ monthlyFee: fee, outagesHours: hours });
        const total = tenths.reduce((a, b) => a + b, 0);
        const eligible = tenths.some((t) => t >= 40) || total > 240;
        expect(d.eligible).toBe(eligible);
        // fee / 25 × (total/10 / 24) × 3 = fee × total / 2,000
        expect(d.amount).toBe(eligible ? Number((BigInt(fee) * BigInt(total)) / 2_000n) : 0);
        expect(Math.round(d.hours * 10)).toBe(total);
      }),
      { numRuns: 500 },
    );
  });
});
