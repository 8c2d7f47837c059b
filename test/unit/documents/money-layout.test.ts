/**
 * Laid out on paper: the quote fits one page for a typical deal with its money right-aligned in one
 * column (lines and 공급가액/세액/합계 alike) and its seal area over "(인)"; #3 fits one page with
 * every price cell right-aligned; the settlement request never leaves a sub-heading at a page foot.
 */
import { describe, expect, it } from 'vitest';
import { loadFonts } from '../../../electron/core/documents/fonts';
import { layoutBlocks, type Op } from '../../../electron/core/documents/layout';
import { metricsOf } from '../../../electron/core/documents/render';
import { priceQuote } from '../../../shared/catalog/engine';
import { formatAmount } from '../../../shared/money';
import { buildForm3 } from '../../../shared/forms/form3';
import { buildQuote, quoteSourceFromApplication } from '../../../shared/forms/quote';
import { buildSettlement, settlementDefaults } from '../../../shared/forms/settlement';
import { fixtureApplication, ktCatalog, ktSupplier } from '../../fixtures/documents/load';

const metrics = metricsOf(loadFonts());
const kt = ktCatalog();
const app = fixtureApplication();
const quote = priceQuote(kt, { term: app.term, items: app.items });
type TextOp = Extract<Op, { op: 'text' }>;
const texts = (ops: Op[]) => ops.filter((o): o is TextOp => o.op === 'text');
const right = (o: TextOp) => Math.round((o.x + metrics.width(o.text, o.size, o.bold)) * 10) / 10;

describe('quote layout', () => {
  it('fits on one page; every 금액 figure, totals included, shares one right edge', () => {
    const layout = layoutBlocks(buildQuote(app, quoteSourceFromApplication(app, quote), ktSupplier(), kt).blocks, metrics);
    expect(layout.pages).toHaveLength(1);
    const amounts = [...quote.lines.map((l) => l.amount), quote.monthly.supply, quote.monthly.vat, quote.monthly.total].map((n) => formatAmount(n));
    const ops = texts(layout.pages[0]!);
    // The lines table comes before the summary table: take the first occurrence of each figure.
    const placed = amounts.map((a) => ops.find((o) => o.text === a));
    expect(placed.every(Boolean), 'every amount is printed').toBe(true);
    expect(new Set(placed.map((o) => right(o!))).size).toBe(1);
  });

  it('places the customer seal area (quote-customer) on the page, its mark over "(인)"', () => {
    const layout = layoutBlocks(buildQuote(app, quoteSourceFromApplication(app, quote), ktSupplier(), kt).blocks, metrics);
    const area = layout.areas.find((a) => a.area === 'quote-customer')!;
    expect(area).toBeDefined();
    const mark = texts(layout.pages[area.page]!).find((o) => o.text === '(인)')!;
    expect(mark.x).toBeGreaterThanOrEqual(area.mark.x);
    expect(mark.x).toBeLessThanOrEqual(area.mark.x + area.mark.w);
  });
});

describe('#3 layout', () => {
  it('fits the KT price table on one page with every per-term price right-aligned in its column', () => {
    const layout = layoutBlocks(buildForm3(kt).blocks, metrics);
    expect(layout.pages).toHaveLength(1);
    const prices = texts(layout.pages[0]!).filter((o) => /^[\d,]+원$/.test(o.text));
    expect(prices).toHaveLength(7 * 4);
    expect(new Set(prices.map(right)).size).toBe(4);
  });
});

describe('settlement layout', () => {
  it('keeps each sub-heading (가./나.) on the same page as its table', () => {
    const layout = layoutBlocks(buildSettlement(app, settlementDefaults(app, quote)).blocks, metrics);
    expect(layout.pages.length).toBeGreaterThanOrEqual(2);
    layout.pages.forEach((page) => {
      const ops = texts(page);
      const subs = ops.filter((o) => /^[가나]\. /.test(o.text));
      for (const sub of subs) {
        // Something of its table (a cell label) follows it on the same page.
        expect(ops.some((o) => o.y > sub.y + 5 && o.size <= sub.size)).toBe(true);
      }
    });
  });
});
