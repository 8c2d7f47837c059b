import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import sampleCatalogRaw from '../../../resources/catalogs/sample-cc-cny-2025.json';
import samplePlanRaw from '../../../resources/commission/sample-cc-cny.json';
import ktPlanRaw from '../../../resources/commission/kt-bizmeka.json';
import { catalogSchema } from '../../../shared/catalog/schema';
import { addMonths, commissionOptions, commissionSchedule, shareOf } from '../../../shared/commission/engine';
import { commissionCommand, commissionOutputSchema, currentPeriodKst } from '../../../shared/commission/cli';
import { commissionPlanSchema } from '../../../shared/commission/schema';
import { monthlyStatement, statementCsv, type LiveSubscription } from '../../../shared/commission/statement';
import { AppError } from '../../../shared/contract/errors';
import { kt } from '../catalog/fixtures';

/** The second operator's plan and price list exactly as shipped (resources/), no code of their own. */
const catalog = catalogSchema.parse(sampleCatalogRaw);
const plan = commissionPlanSchema.parse(samplePlanRaw);
const ktPlan = commissionPlanSchema.parse(ktPlanRaw);
const catalogs = { [catalog.id]: catalog, [kt.id]: kt };
const plans = { [plan.id]: plan, [ktPlan.id]: ktPlan };

// 10 outsourced seats = 2 groups of 5 at 12,000.00 CNY (1,200,000 fen) a month on 36 months.
const seats = [{ code: 'seat-outsourcing', quantity: 10 }];
const schedule = (payment: 'prepaid' | 'yearly' | 'monthly', items: { code: string; quantity: number }[] = seats, extra: { term?: '36m' | '24m' | '12m' | 'none'; trialMonths?: number } = {}) =>
  commissionSchedule(plan, catalog, { term: extra.term ?? '36m', items, payment, trialMonths: extra.trialMonths, start: '2026-01' });

describe("the second operator's commission plan, as data", () => {
  it('fully prepaid 36 months of 10 outsourced seats: 30% of the contract total 864,000.00 CNY = 259,200.00 CNY, once, in the first month', () => {
    const s = schedule('prepaid');
    expect(s.rows).toEqual([{ period: '2026-01', base: 86_400_000, ratePercent: 30, amount: 25_920_000, rule: 'prepaid-once' }]);
    expect(s.total).toBe(25_920_000);
  });

  it("paid yearly: 15% of year 1's 288,000.00 CNY, 10% of year 2's, 5% of year 3's, each at the start of its year", () => {
    expect(schedule('yearly').rows.map((r) => [r.period, r.base, r.ratePercent, r.amount])).toEqual([
      ['2026-01', 28_800_000, 15, 4_320_000],
      ['2027-01', 28_800_000, 10, 2_880_000],
      ['2028-01', 28_800_000, 5, 1_440_000],
    ]);
  });

  it('nothing after the last listed year: a plan listing only years 1 and 2 pays nothing for year 3', () => {
    const short = commissionPlanSchema.parse({ ...samplePlanRaw, rules: [{ ...samplePlanRaw.rules[1], percents: [15, 10] }] });
    const s = commissionSchedule(short, catalog, { term: '36m', items: seats, payment: 'yearly', start: '2026-01' });
    expect(s.rows.map((r) => r.period)).toEqual(['2026-01', '2027-01']);
  });

  it("paid monthly, seat outsourcing earns nothing (no rule for it); the virtual call center earns 15% of last month's function fee", () => {
    expect(schedule('monthly').rows).toEqual([]);
    expect(schedule('monthly').notApplied).toEqual(['prepaid-once', 'yearly-falling']);
    // 5 virtual-call-center seats × 180.00 CNY on 12 months = 900.00 CNY a month → 135.00 CNY the month after.
    const vcc = schedule('monthly', [{ code: 'vcc-seat', quantity: 5 }], { term: '12m' });
    expect(vcc.rows).toHaveLength(12);
    expect(vcc.rows[0]).toEqual({ period: '2026-02', base: 90_000, ratePercent: 15, amount: 13_500, rule: 'monthly-function' });
    expect(vcc.rows.at(-1)!.period).toBe('2027-01');
    expect(vcc.total).toBe(12 * 13_500);
  });

  it('usage is not a function fee: 100,000 estimated minutes beside the seats change nothing', () => {
    const withUsage = schedule(
      'monthly',
      [
        { code: 'vcc-seat', quantity: 5 },
        { code: 'inbound-min', quantity: 100_000 },
      ],
      { term: '12m' },
    );
    expect(withUsage.total).toBe(12 * 13_500);
  });

  it('nothing for free-trial months: 2 trial months then 12 paid ones — the first two payouts are 0 and the total is unchanged', () => {
    const s = schedule('monthly', [{ code: 'vcc-seat', quantity: 5 }], { term: '12m', trialMonths: 2 });
    expect(s.rows.slice(0, 3).map((r) => [r.period, r.base, r.amount])).toEqual([
      ['2026-02', 0, 0],
      ['2026-03', 0, 0],
      ['2026-04', 90_000, 13_500],
    ]);
    expect(s.total).toBe(12 * 13_500);
    // Prepaid after a trial: paid in the first paid month.
    expect(schedule('prepaid', seats, { trialMonths: 1 }).rows[0]!.period).toBe('2026-02');
  });

  it('prepaid counts the included one-off charges in the contract total; products outside the rule count for nothing', () => {
    const s = schedule('prepaid', [...seats, { code: 'setup', quantity: 1 }]);
    expect(s.rows[0]!.base).toBe(86_400_000); // setup is not in the rule's products
    const all = commissionPlanSchema.parse({ ...samplePlanRaw, rules: [{ kind: 'prepaidShare', id: 'all', label: '전 상품', percent: 10 }] });
    expect(
      commissionSchedule(all, catalog, {
        term: '12m',
        items: [
          { code: 'switchboard', quantity: 1 },
          { code: 'setup', quantity: 1 },
        ],
        payment: 'prepaid',
        start: '2026-01',
      }).rows[0]!.base,
    ).toBe(27_000 * 12 + 200_000);
  });

  it('prepaid or yearly without a term is refused with what to do; monthly without a term lists 12 months', () => {
    expect(() => schedule('prepaid', seats, { term: 'none' })).toThrow(/약정기간이 있는 계약에만/);
    expect(() => schedule('yearly', seats, { term: 'none' })).toThrow(AppError);
    expect(schedule('monthly', [{ code: 'vcc-seat', quantity: 1 }], { term: 'none' }).rows).toHaveLength(12);
  });

  it('each payment option side by side for the preview, an impossible one with its reason', () => {
    const o = commissionOptions(plan, catalog, { term: 'none', items: seats, start: '2026-01' });
    expect(o.map((x) => [x.payment, x.schedule?.total ?? null, x.reason !== null])).toEqual([
      ['prepaid', null, true],
      ['yearly', null, true],
      ['monthly', 0, false],
    ]);
  });

  it('the KT plan is 미설정: asking for its schedule says so', () => {
    expect(() => commissionSchedule(ktPlan, kt, { term: '36m', items: [{ code: 'asp-basic', quantity: 10 }], payment: 'monthly', start: '2026-01' })).toThrow(/미설정/);
  });

  it('a plan naming a product the catalog lacks, or in another currency, is refused', () => {
    const wrong = commissionPlanSchema.parse({ ...samplePlanRaw, rules: [{ kind: 'monthlyShare', id: 'm', label: 'x', percent: 5, products: { include: ['asp-basic'] } }] });
    expect(() => commissionSchedule(wrong, catalog, { term: '12m', items: seats, payment: 'monthly', start: '2026-01' })).toThrow(/asp-basic/);
    const krw = commissionPlanSchema.parse({ ...samplePlanRaw, currency: 'KRW' });
    expect(() => commissionSchedule(krw, catalog, { term: '12m', items: seats, payment: 'monthly', start: '2026-01' })).toThrow(/통화가 다릅니다/);
  });

  it('shares keep two decimals of a percent exactly and cut the fraction: 2.5% of 333 fen is 8 fen', () => {
    expect(shareOf(333, 2.5)).toBe(8);
    expect(shareOf(1_000_000, 0.01)).toBe(100);
    expect(commissionPlanSchema.safeParse({ ...samplePlanRaw, rules: [{ kind: 'monthlyShare', id: 'm', label: 'x', percent: 1.234 }] }).success).toBe(false);
  });

  it('a share is never more than its base and never negative (any base, any percent)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 10_000 }), (base, bp) => {
        const a = shareOf(base, bp / 100);
        expect(a).toBeGreaterThanOrEqual(0);
        expect(a).toBeLessThanOrEqual(base);
      }),
    );
  });

  it('months roll over years: 2026-11 + 3 is 2027-02, + 0 is itself', () => {
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(addMonths('2026-12', 0)).toBe('2026-12');
    expect(addMonths('2026-01', 24)).toBe('2028-01');
  });
});

describe('CLI commission', () => {
  it('prints exactly {schedule:[{period,base,ratePercent,amount}], total, currency}', () => {
    const out = commissionCommand({ plan: 'sample-cc-cny', term: '36m', items: seats, payment: 'yearly', start: '2026-03' }, catalogs, plans);
    expect(commissionOutputSchema.parse(out)).toEqual(out);
    expect(out).toEqual({
      schedule: [
        { period: '2026-03', base: 28_800_000, ratePercent: 15, amount: 4_320_000 },
        { period: '2027-03', base: 28_800_000, ratePercent: 10, amount: 2_880_000 },
        { period: '2028-03', base: 28_800_000, ratePercent: 5, amount: 1_440_000 },
      ],
      total: 8_640_000,
      currency: 'CNY',
    });
  });

  it('finds the plan by the catalog when none is named, and starts this month in Korea by default', () => {
    const out = commissionCommand({ catalog: 'sample-cc-cny-2025', term: '12m', items: [{ code: 'vcc-seat', quantity: 1 }], payment: 'monthly' }, catalogs, plans, new Date('2026-12-31T16:00:00Z'));
    expect(out.schedule[0]!.period).toBe('2027-02'); // 2027-01-01 01:00 KST: January's fee pays in February
    expect(currentPeriodKst(new Date('2026-12-31T14:59:59Z'))).toBe('2026-12');
  });

  const bad = (input: unknown) => {
    try {
      commissionCommand(input, catalogs, plans);
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('INVALID_INPUT');
      return (e as AppError).message;
    }
    throw new Error('expected INVALID_INPUT (exit 2)');
  };

  it('bad input says what to fix (exit 2): payment, start, trial, unknown plan, a plan for another catalog, an unset plan, a float CNY price, garbage', () => {
    expect(bad({ plan: 'sample-cc-cny', term: '36m', items: seats, payment: 'weekly' })).toMatch(/prepaid\(전액 선납\), yearly\(연납\), monthly\(월납\)/);
    expect(bad({ plan: 'sample-cc-cny', term: '36m', items: seats, payment: 'yearly', start: '2026-13' })).toMatch(/YYYY-MM/);
    expect(bad({ plan: 'sample-cc-cny', term: '36m', items: seats, payment: 'yearly', trialMonths: -1 })).toMatch(/0 이상/);
    expect(bad({ plan: 'nope', term: '36m', items: seats, payment: 'yearly' })).toMatch(/사용할 수 있는 기준: sample-cc-cny, kt-bizmeka/);
    expect(bad({ plan: 'sample-cc-cny', catalog: 'kt-bizmeka-2014', term: '36m', items: [{ code: 'asp-basic', quantity: 10 }], payment: 'yearly' })).toMatch(/sample-cc-cny-2025'용/);
    expect(bad({ term: '36m', items: [{ code: 'asp-basic', quantity: 10 }], payment: 'monthly' })).toMatch(/미설정/);
    expect(bad({ plan: 'sample-cc-cny', term: '36m', items: [{ code: 'switchboard', quantity: 1, unitPrice: 12.5 }], payment: 'yearly' })).toMatch(/0\.01 CNY\(fen·分\)/);
    expect(bad('not json')).toMatch(/수수료 입력/);
    expect(bad({ plan: 'sample-cc-cny', term: '36m', items: seats, payment: 'yearly', bonus: 1 })).toMatch(/bonus/);
  });
});

describe('HQ monthly statement', () => {
  const sub = (n: number, rep: string, branch: string, overrides: Partial<LiveSubscription> = {}): LiveSubscription => ({
    id: `s${n}`,
    customerName: `고객 ${n}`,
    catalogId: 'sample-cc-cny-2025',
    term: '12m',
    items: [{ code: 'vcc-seat', quantity: 5 }],
    openDate: '2026-01-15',
    rep,
    branch,
    ...overrides,
  });
  const lookup = { catalog: (id: string) => catalogs[id], planFor: (id: string) => Object.values(plans).find((p) => p.catalog === id) };

  it('one row per branch and rep: two subscriptions of one rep add up; an unset plan is counted apart', () => {
    const rows = monthlyStatement(
      [sub(1, '김영업', '강북'), sub(2, '김영업', '강북'), sub(3, '이영업', '강남'), sub(4, '이영업', '강남', { catalogId: 'kt-bizmeka-2014', items: [{ code: 'asp-basic', quantity: 10 }] })],
      '2026-03',
      lookup,
    );
    expect(rows).toEqual([
      { period: '2026-03', branch: '강남', rep: '이영업', currency: 'CNY', subscriptions: 1, amount: 13_500, withoutPlan: 0 },
      { period: '2026-03', branch: '강남', rep: '이영업', currency: 'KRW', subscriptions: 0, amount: 0, withoutPlan: 1 },
      { period: '2026-03', branch: '강북', rep: '김영업', currency: 'CNY', subscriptions: 2, amount: 27_000, withoutPlan: 0 },
    ]);
  });

  it('the CSV starts with a BOM, quotes commas, and defuses a name that would run as a spreadsheet formula', () => {
    const csv = statementCsv(monthlyStatement([sub(1, '=HYPERLINK("x")', '강북, 1팀')], '2026-03', lookup));
    expect(csv.startsWith('\uFEFF월,지사,판매자')).toBe(true);
    expect(csv).toContain('2026-03,"강북, 1팀","\'=HYPERLINK(""x"")",CNY,1,13500,135.00,0');
  });
});
