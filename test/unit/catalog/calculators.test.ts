import { describe, expect, it } from 'vitest';
import { compareTerms, decimalToRational, earlyTerminationPenalty, monthlyDiscount, outageDamages, penaltySchedule } from '../../../shared/catalog/calculators';
import { priceQuote } from '../../../shared/catalog/engine';
import { catalogSchema } from '../../../shared/catalog/schema';
import { AppError } from '../../../shared/contract/errors';
import { cny, kt } from './fixtures';

function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

describe('early-termination penalty (art. 14.3: months used × seats × monthly discount of the term)', () => {
  it('30 basic seats on 36 months leaving after 10 months: 10 × 30 × (220,000 − 160,000) = 18,000,000', () => {
    const p = earlyTerminationPenalty(kt, { term: '36m', items: [{ code: 'asp-basic', quantity: 30 }] }, 10);
    expect(p).toMatchObject({ perMonth: 1_800_000, penalty: 18_000_000, months: 36, monthsUsed: 10 });
    expect(p.lines).toEqual([{ code: 'asp-basic', name: 'ASP 기본서비스', billedQuantity: 30, discountPerUnit: 60_000, perMonth: 1_800_000 }]);
  });

  it('sums every term-dependent item: 10 seats + Premium on 12 months → (40,000 + 4,500) × 10 per month; recording adds nothing', () => {
    const request = {
      term: '12m' as const,
      items: [
        { code: 'asp-basic', quantity: 10 },
        { code: 'app-premium', quantity: 10 },
        { code: 'recording', quantity: 10 },
        { code: 'extra-line', quantity: 4 },
      ],
    };
    const p = earlyTerminationPenalty(kt, request, 5);
    expect(p.perMonth).toBe(445_000);
    expect(p.penalty).toBe(2_225_000);
    expect(p.lines.map((l) => [l.code, l.discountPerUnit])).toEqual([
      ['asp-basic', 40_000],
      ['app-premium', 4_500],
    ]);
  });

  it('under 10 seats use the under-10 row on both sides: 9 seats on 24 months → 9 × 50,000 per month', () => {
    expect(monthlyDiscount(kt, { term: '24m', items: [{ code: 'asp-basic', quantity: 9 }] }).perMonth).toBe(450_000);
  });

  it('uses the table prices, not a rep-entered price, and ignores negotiated items', () => {
    const items = [
      { code: 'asp-basic', quantity: 50, unitPrice: 120_000 },
      { code: 'agent', quantity: 5, unitPrice: 2_500_000 },
    ];
    // 50–99 row: 190,000 − 130,000 = 60,000 × 50
    expect(monthlyDiscount(kt, { term: '36m', items }).perMonth).toBe(3_000_000);
  });

  it('no commitment owes nothing; 0 months used owes nothing; leaving at the end of the term owes nothing', () => {
    const items = [{ code: 'asp-basic', quantity: 30 }];
    expect(earlyTerminationPenalty(kt, { term: 'none', items }, 7)).toMatchObject({ penalty: 0, perMonth: 0, months: null });
    expect(earlyTerminationPenalty(kt, { term: '12m', items }, 0).penalty).toBe(0);
    expect(earlyTerminationPenalty(kt, { term: '12m', items }, 11).penalty).toBe(11 * 30 * 40_000);
    expect(earlyTerminationPenalty(kt, { term: '12m', items }, 12).penalty).toBe(0);
  });

  it('months used beyond the term, negative or fractional are INVALID_INPUT on monthsUsed', () => {
    const items = [{ code: 'asp-basic', quantity: 30 }];
    for (const bad of [13, -1, 2.5]) {
      const error = appError(() => earlyTerminationPenalty(kt, { term: '12m', items }, bad));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.details?.issues?.[0]?.path).toBe('monthsUsed');
    }
  });

  it('the schedule says what leaving after month N costs for N = 1..months (24 months: N × perMonth, 0 at month 24)', () => {
    const s = penaltySchedule(kt, { term: '24m', items: [{ code: 'asp-basic', quantity: 10 }] });
    expect(s.perMonth).toBe(10 * 50_000);
    expect(s.rows).toHaveLength(24);
    expect(s.rows[0]).toEqual({ monthsUsed: 1, penalty: 500_000 });
    expect(s.rows[22]).toEqual({ monthsUsed: 23, penalty: 11_500_000 });
    expect(s.rows[23]).toEqual({ monthsUsed: 24, penalty: 0 });
    expect(penaltySchedule(kt, { term: 'none', items: [{ code: 'asp-basic', quantity: 10 }] }).rows).toEqual([]);
  });

  it('works on the CNY catalog: tiered and per-term flat items count, an any-term flat item does not', () => {
    const d = monthlyDiscount(cny, {
      term: '12m',
      items: [
        { code: 'seat', quantity: 25 },
        { code: 'crm', quantity: 25 },
        { code: 'wallboard', quantity: 3 },
        { code: 'setup', quantity: 1 },
      ],
    });
    // (280.00 − 230.50) × 25 + (50.00 − 45.50) × 25 = 1,237.50 + 112.50
    expect(d.perMonth).toBe(135_000);
    expect(d.lines.map((l) => l.code)).toEqual(['seat', 'crm']);
  });

  it('a catalog without a no-commitment column cannot state the discount: NOT_ALLOWED, not a guess', () => {
    const noNone = catalogSchema.parse({
      id: 'no-none',
      version: '1',
      currency: 'KRW',
      effectiveDate: '2025-01-01',
      terms: ['12m', '24m'],
      products: [{ code: 'seat', name: '좌석', unit: '석', group: 'basic', pricing: { kind: 'tiered', tiers: [{ from: 1, prices: { '12m': 100, '24m': 90 } }] } }],
    });
    expect(appError(() => monthlyDiscount(noNone, { term: '24m', items: [{ code: 'seat', quantity: 1 }] })).code).toBe('NOT_ALLOWED');
  });
});

describe('outage damages (art. 10: fee / 25 × (hours / 24) × 3, cut to whole won)', () => {
  it('a single outage of 4 hours or more is eligible: 2,400,000 won, 4 h → 48,000', () => {
    expect(outageDamages({ monthlyFee: 2_400_000, outagesHours: [4] })).toMatchObject({ eligible: true, hours: 4, amount: 48_000, basis: 'single-outage' });
  });

  it('a single outage just under 4 hours (3.9 h) is not eligible', () => {
    expect(outageDamages({ monthlyFee: 2_400_000, outagesHours: [3.9] })).toMatchObject({ eligible: false, hours: 3.9, amount: 0, basis: null });
  });

  it('a month whose small outages add up to more than 24 hours is eligible: 7 × 3.5 h = 24.5 h → 294,000', () => {
    const d = outageDamages({ monthlyFee: 2_400_000, outagesHours: Array(7).fill(3.5) });
    expect(d).toMatchObject({ eligible: true, hours: 24.5, amount: 294_000, basis: 'monthly-total' });
  });

  it('exactly 24 hours in small outages (8 × 3 h) is NOT eligible: the terms say more than 24', () => {
    expect(outageDamages({ monthlyFee: 2_400_000, outagesHours: Array(8).fill(3) })).toMatchObject({ eligible: false, hours: 24, amount: 0 });
  });

  it('once eligible, every outage hour of the month counts: 4.5 h + 1.5 h = 6 h', () => {
    expect(outageDamages({ monthlyFee: 6_000_000, outagesHours: [4.5, 1.5] })).toMatchObject({ hours: 6, amount: 180_000 });
  });

  it('an add-on is compensated on its own monthly fee: recording for 10 seats (200,000), 5 h → 5,000', () => {
    const q = priceQuote(kt, {
      term: '12m',
      items: [
        { code: 'asp-basic', quantity: 10 },
        { code: 'recording', quantity: 10 },
      ],
    });
    const recordingFee = q.lines.find((l) => l.code === 'recording')!.amount;
    expect(recordingFee).toBe(200_000);
    expect(outageDamages({ monthlyFee: recordingFee, outagesHours: [5] }).amount).toBe(5_000);
  });

  it('fractional hours are exact: 8.2 h on 2,400,000 is 98,400 (floating point gives 98,399)', () => {
    expect(Math.floor((2_400_000 / 25) * (8.2 / 24) * 3)).toBe(98_399); // the drift this avoids
    expect(outageDamages({ monthlyFee: 2_400_000, outagesHours: [8.2] }).amount).toBe(98_400);
    expect(outageDamages({ monthlyFee: 2_000_000, outagesHours: [0.1, 0.2, 4] }).hours).toBe(4.3);
  });

  it('the fraction of a won is cut off: 1,000,001 won, 4 h → 20,000 (20,000.02)', () => {
    expect(outageDamages({ monthlyFee: 1_000_001, outagesHours: [4] }).amount).toBe(20_000);
  });

  it('no outages, a negative or impossible number of hours, or a fractional fee are refused or zero', () => {
    expect(outageDamages({ monthlyFee: 2_400_000, outagesHours: [] })).toMatchObject({ eligible: false, hours: 0, amount: 0 });
    expect(appError(() => outageDamages({ monthlyFee: 2_400_000, outagesHours: [-1] })).code).toBe('INVALID_INPUT');
    expect(appError(() => outageDamages({ monthlyFee: 2_400_000, outagesHours: [400, 400] })).code).toBe('INVALID_INPUT');
    expect(appError(() => outageDamages({ monthlyFee: 2_400_000.5, outagesHours: [5] })).code).toBe('INVALID_INPUT');
  });

  it('decimalToRational reads the decimal a person typed, including exponent notation', () => {
    expect(decimalToRational(4.5)).toEqual({ n: 45n, d: 10n });
    expect(decimalToRational(0.1)).toEqual({ n: 1n, d: 10n });
    expect(decimalToRational(24)).toEqual({ n: 24n, d: 1n });
    expect(decimalToRational(1e-7)).toEqual({ n: 1n, d: 10_000_000n });
  });
});

describe('term comparison (the same request on all four terms)', () => {
  const items = [
    { code: 'asp-basic', quantity: 30 },
    { code: 'recording', quantity: 30 },
  ];

  it('30 seats + recording: monthly 7,200,000 / 6,000,000 / 5,700,000 / 5,400,000 and the savings against no commitment', () => {
    const options = compareTerms(kt, items);
    expect(options.map((o) => [o.term, o.label, o.monthly.supply, o.savingVsNone?.supply, o.penaltyPerMonth])).toEqual([
      ['none', '무약정(단기)', 7_200_000, 0, 0],
      ['12m', '12개월', 6_000_000, 1_200_000, 1_200_000],
      ['24m', '24개월', 5_700_000, 1_500_000, 1_500_000],
      ['36m', '36개월', 5_400_000, 1_800_000, 1_800_000],
    ]);
    expect(options.map((o) => o.contract.months)).toEqual([null, 12, 24, 36]);
    expect(options[3]!.contract.total).toBe(5_940_000 * 36);
  });

  it('one basis per column: the saving is given both as 공급가액 and VAT 포함, each the difference of that basis of the monthly bill', () => {
    for (const o of compareTerms(kt, items)) {
      const none = compareTerms(kt, items)[0]!;
      expect(o.savingVsNone).toEqual({ supply: none.monthly.supply - o.monthly.supply, vat: none.monthly.vat - o.monthly.vat, total: none.monthly.total - o.monthly.total });
    }
    expect(compareTerms(kt, items)[3]!.savingVsNone).toEqual({ supply: 1_800_000, vat: 180_000, total: 1_980_000 });
  });

  it('a negotiated price (35 seats at 150,000 on 36 months) is carried to every term as the same discount off its list price: totals differ by term and the saving equals the penalty basis', () => {
    const deal = [{ code: 'asp-basic', quantity: 35, unitPrice: 150_000 }];
    const options = compareTerms(kt, deal, '36m');
    // 30–49 seats list: none 220,000 / 12m 180,000 / 24m 170,000 / 36m 160,000; the deal is 10,000 below list.
    expect(options.map((o) => [o.term, o.items[0]!.unitPrice, o.monthly.supply])).toEqual([
      ['none', 210_000, 7_350_000],
      ['12m', 170_000, 5_950_000],
      ['24m', 160_000, 5_600_000],
      ['36m', 150_000, 5_250_000],
    ]);
    for (const o of options) expect(o.savingVsNone!.supply, o.term).toBe(o.penaltyPerMonth);
    expect(options[3]!.penaltyPerMonth).toBe(35 * 60_000);
    // The chosen term is priced exactly as the quote is.
    expect(options[3]!.quote).toEqual(priceQuote(kt, { term: '36m', items: deal }));
  });

  it('a price that does not depend on the term (recording, a negotiated-only product) stays the same on every term', () => {
    const deal = [
      { code: 'asp-basic', quantity: 30 },
      { code: 'recording', quantity: 30, unitPrice: 15_000 },
      { code: 'agent', quantity: 5, unitPrice: 2_600_000 },
    ];
    for (const o of compareTerms(kt, deal, '12m')) {
      expect(o.items.find((i) => i.code === 'recording')!.unitPrice).toBe(15_000);
      expect(o.items.find((i) => i.code === 'agent')!.unitPrice).toBe(2_600_000);
    }
  });

  it('each option is exactly what priceQuote gives for that term', () => {
    for (const o of compareTerms(kt, items)) expect(o.quote).toEqual(priceQuote(kt, { term: o.term, items }));
  });

  it('a catalog with two term columns compares two terms', () => {
    expect(compareTerms(cny, [{ code: 'seat', quantity: 25 }]).map((o) => o.term)).toEqual(['none', '12m']);
  });
});
