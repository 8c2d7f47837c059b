import { describe, expect, it } from 'vitest';
import { priceQuote, vatOf } from '../../../shared/catalog/engine';
import type { Term } from '../../../shared/domain/application';
import { kt } from './fixtures';

/** Form #3 exactly, per seat per month, KRW, VAT excluded: [label, seats to try, none, 12m, 24m, 36m]. */
const BASIC_TABLE: [string, number[], number, number, number, number][] = [
  ['under 10', [1, 5, 9], 260_000, 220_000, 210_000, 200_000],
  ['10–29', [10, 20, 29], 240_000, 200_000, 190_000, 180_000],
  ['30–49', [30, 40, 49], 220_000, 180_000, 170_000, 160_000],
  ['50–99', [50, 75, 99], 190_000, 150_000, 140_000, 130_000],
  ['100 and more', [100, 150, 1000], 160_000, 120_000, 110_000, 100_000],
];
const TERM_NAMES: Record<Term, string> = { none: 'no-commitment', '12m': '12-month', '24m': '24-month', '36m': '36-month' };
const TERMS: Term[] = ['none', '12m', '24m', '36m'];
const won = (n: number) => n.toLocaleString('en-US');

function basicLine(seats: number, term: Term) {
  return priceQuote(kt, { term, items: [{ code: 'asp-basic', quantity: seats }] }).lines[0]!;
}

describe('price table #3: ASP 기본서비스, every cell', () => {
  for (const [label, seatsList, ...prices] of BASIC_TABLE) {
    TERMS.forEach((term, col) => {
      const price = prices[col]!;
      it(`seats ${label} on a ${TERM_NAMES[term]} term cost ${won(price)} each`, () => {
        for (const seats of seatsList) {
          const line = basicLine(seats, term);
          expect(line.unitPrice).toBe(price);
          expect(line.listUnitPrice).toBe(price);
          expect(line.amount).toBe(price * seats);
        }
      });
    });
  }
});

describe('price table #3: tier boundaries', () => {
  const boundaries: [number, number, number, number][] = [
    // [last seat count of the lower row, its 12m price, first of the next row, its 12m price]
    [9, 220_000, 10, 200_000],
    [29, 200_000, 30, 180_000],
    [49, 180_000, 50, 150_000],
    [99, 150_000, 100, 120_000],
  ];
  for (const [below, belowPrice, at, atPrice] of boundaries) {
    it(`${below} seats pay the lower row (${won(belowPrice)}), ${at} seats already pay the next row (${won(atPrice)}) on 12 months`, () => {
      expect(basicLine(below, '12m').unitPrice).toBe(belowPrice);
      expect(basicLine(at, '12m').unitPrice).toBe(atPrice);
    });
  }
  it('every seat pays the row its total selects (a volume tier, not a graduated one): 30 seats × 160,000 on 36 months', () => {
    expect(basicLine(30, '36m').amount).toBe(4_800_000);
  });
});

describe('price table #3: counseling app, recording, additional lines', () => {
  const APP: Record<string, [string, number, number, number, number]> = {
    'app-basic': ['상담어플리케이션 ASP Basic', 60_000, 57_000, 54_000, 51_000],
    'app-premium': ['상담어플리케이션 ASP Premium', 90_000, 85_500, 81_000, 76_500],
  };
  for (const [code, [name, ...prices]] of Object.entries(APP)) {
    TERMS.forEach((term, col) => {
      it(`${code} (${name}) costs ${won(prices[col]!)} per seat on a ${TERM_NAMES[term]} term, whatever the 10+ seat tier`, () => {
        for (const seats of [10, 29, 30, 50, 100, 300]) {
          const q = priceQuote(kt, {
            term,
            items: [
              { code: 'asp-basic', quantity: seats },
              { code, quantity: seats },
            ],
          });
          expect(q.lines[1]!.unitPrice).toBe(prices[col]);
          expect(q.lines[1]!.amount).toBe(prices[col]! * seats);
          expect(q.warnings).toEqual([]);
        }
      });
    });
  }
  for (const code of ['recording', 'extra-line']) {
    it(`${code} costs 20,000 per unit on every term`, () => {
      for (const term of TERMS) {
        const q = priceQuote(kt, {
          term,
          items: [
            { code: 'asp-basic', quantity: 10 },
            { code, quantity: 7 },
          ],
        });
        expect(q.lines[1]!).toMatchObject({ unitPrice: 20_000, listUnitPrice: 20_000, amount: 140_000 });
      }
    });
  }
  it('products carry the Korean names of form #3', () => {
    expect(Object.fromEntries(kt.products.map((p) => [p.code, p.name]))).toEqual({
      'asp-basic': 'ASP 기본서비스',
      'app-basic': '상담어플리케이션 ASP Basic',
      'app-premium': '상담어플리케이션 ASP Premium',
      recording: '녹음서비스',
      'extra-line': '추가회선서비스',
      agent: '상담원 제공서비스',
      floor: '상면제공서비스',
    });
  });
  it('agent staffing and floor space have no list price (별도 협정가)', () => {
    const q = priceQuote(kt, {
      term: '12m',
      items: [
        { code: 'agent', quantity: 3, unitPrice: 2_800_000 },
        { code: 'floor', quantity: 3, unitPrice: 150_000 },
      ],
    });
    expect(q.lines.map((l) => [l.listUnitPrice, l.unitPrice, l.amount])).toEqual([
      [null, 2_800_000, 8_400_000],
      [null, 150_000, 450_000],
    ]);
  });
});

describe('VAT (세액) and totals', () => {
  it('a typical quote: 30 seats + Premium + recording on 36 months — 공급가액 7,695,000 / 세액 769,500 / 합계 8,464,500', () => {
    const q = priceQuote(kt, {
      term: '36m',
      items: [
        { code: 'asp-basic', quantity: 30 },
        { code: 'app-premium', quantity: 30 },
        { code: 'recording', quantity: 30 },
      ],
    });
    // 30 × (160,000 + 76,500 + 20,000) = 7,695,000
    expect(q.monthly).toEqual({ supply: 7_695_000, vat: 769_500, total: 8_464_500 });
    expect(q.contract).toEqual({ months: 36, supply: 277_020_000, vat: 27_702_000, total: 304_722_000 });
    expect(q.approvalRequired).toBe(false);
  });

  it('VAT cuts the fraction off: supply 199,999 → 세액 19,999, not 20,000', () => {
    const q = priceQuote(kt, { term: 'none', items: [{ code: 'recording', quantity: 1, unitPrice: 199_999 }] });
    expect(q.monthly).toEqual({ supply: 199_999, vat: 19_999, total: 219_998 });
  });

  it('VAT is 10% of the document total, once — not the sum of per-line VAT (15,005 + 15,005 → 3,001, not 3,000)', () => {
    const q = priceQuote(kt, {
      term: 'none',
      items: [
        { code: 'recording', quantity: 1, unitPrice: 15_005 },
        { code: 'extra-line', quantity: 1, unitPrice: 15_005 },
      ],
    });
    expect(q.monthly).toEqual({ supply: 30_010, vat: 3_001, total: 33_011 });
  });

  it('vatOf is exact integer arithmetic even past 2^53 / 10', () => {
    const supply = 9_007_199_254_740_991; // Number.MAX_SAFE_INTEGER
    expect(BigInt(vatOf(supply))).toBe(BigInt(supply) / 10n);
    expect(vatOf(99, 10)).toBe(9);
    expect(vatOf(100, 6)).toBe(6);
    expect(vatOf(1_666, 6)).toBe(99); // 99.96 → 99
  });

  it('contract totals are monthly × months (each monthly invoice with its own VAT); no commitment shows one month with months null', () => {
    const items = [{ code: 'recording', quantity: 1, unitPrice: 199_999 }];
    const committed = priceQuote(kt, { term: '24m', items });
    expect(committed.contract).toEqual({ months: 24, supply: 199_999 * 24, vat: 19_999 * 24, total: 219_998 * 24 });
    const none = priceQuote(kt, { term: 'none', items });
    expect(none.contract).toEqual({ months: null, supply: 199_999, vat: 19_999, total: 219_998 });
  });

  it('lines come back in the order they were asked for', () => {
    const codes = ['recording', 'extra-line', 'app-basic', 'asp-basic'];
    const q = priceQuote(kt, { term: '12m', items: codes.map((code) => ({ code, quantity: 12 })) });
    expect(q.lines.map((l) => l.code)).toEqual(codes);
  });

  it('the quote is stamped with the catalog id, title (what papers print), version and currency', () => {
    const q = priceQuote(kt, { term: '12m', items: [{ code: 'asp-basic', quantity: 12 }] });
    expect(q.catalog).toEqual({ id: 'kt-bizmeka-2014', title: 'olleh bizmeka 콜센터서비스 이용 요금표 (석당 단가표, 양식 #3)', version: '2014.07', effectiveDate: '2014-07-01' });
    expect(q.currency).toBe('KRW');
  });
});
