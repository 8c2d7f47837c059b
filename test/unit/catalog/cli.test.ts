import { describe, expect, it } from 'vitest';
import {
  amountInWordsFor,
  checkCommand,
  checkOutputSchema,
  compareCommand,
  damagesCommand,
  damagesOutputSchema,
  penaltyCommand,
  penaltyOutputSchema,
  quoteCommand,
  quoteOutputSchema,
  scheduleCommand,
  wordsCommand,
  type CatalogSource,
} from '../../../shared/catalog/cli';
import { AppError } from '../../../shared/contract/errors';
import { cny, kt } from './fixtures';

const catalogs: CatalogSource = { [kt.id]: kt, [cny.id]: cny };

function invalidInput(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INVALID_INPUT');
    return error as AppError;
  }
  throw new Error('expected INVALID_INPUT (CLI exit 2), nothing was thrown');
}

describe('CLI quote', () => {
  it('prints exactly the agreed shape, lines in input order, on the default catalog kt-bizmeka-2014', () => {
    const out = quoteCommand(
      {
        term: '36m',
        items: [
          { code: 'recording', quantity: 30 },
          { code: 'asp-basic', quantity: 30 },
        ],
      },
      catalogs,
    );
    expect(quoteOutputSchema.parse(out)).toEqual(out); // strict: no extra keys anywhere
    expect(out).toEqual({
      catalog: { id: 'kt-bizmeka-2014', version: '2014.07' },
      currency: 'KRW',
      term: '36m',
      lines: [
        { code: 'recording', quantity: 30, billedQuantity: 30, billedUnit: '석', unitPrice: 20_000, amount: 600_000, estimated: false },
        { code: 'asp-basic', quantity: 30, billedQuantity: 30, billedUnit: '석', unitPrice: 160_000, amount: 4_800_000, estimated: false },
      ],
      monthly: { supply: 5_400_000, vat: 540_000, total: 5_940_000 },
      oneOff: { supply: 0, vat: 0, total: 0 },
      usage: { supply: 0, estimated: false },
      contract: { months: 36, supply: 194_400_000, vat: 19_440_000, total: 213_840_000 },
      amountInWords: '일금 오백구십사만원정',
      warnings: [],
      approvalRequired: false,
    });
  });

  it('no commitment: contract months is null and the contract shows one month', () => {
    const out = quoteCommand({ catalog: 'kt-bizmeka-2014', term: 'none', items: [{ code: 'asp-basic', quantity: 5 }] }, catalogs);
    expect(out.contract).toEqual({ months: null, supply: 1_300_000, vat: 130_000, total: 1_430_000 });
    expect(out.amountInWords).toBe('일금 일백사십삼만원정');
    expect(out.warnings.map((w) => w.code)).toEqual(['MIN_SEATS']);
    expect(out.approvalRequired).toBe(true);
  });

  it('a CNY catalog writes the amount in financial capitals: 21.18 CNY is 人民币贰拾壹元壹角捌分, 2.00 CNY is 人民币贰元整', () => {
    const out = quoteCommand({ catalog: 'demo-cc-cny', term: '12m', items: [{ code: 'wallboard', quantity: 1 }] }, catalogs);
    expect(out.monthly).toEqual({ supply: 1_999, vat: 119, total: 2_118 });
    expect(out.amountInWords).toBe('人民币贰拾壹元壹角捌分');
    expect(amountInWordsFor(200, 'CNY')).toBe('人民币贰元整');
  });

  it("prints the one-off and the usage subtotals (usage marked estimated) and each line's billed quantity and unit", () => {
    const out = quoteCommand(
      {
        catalog: 'demo-cc-cny',
        term: '12m',
        items: [
          { code: 'seat', quantity: 10 },
          { code: 'outbound-6s', quantity: 1_000 },
          { code: 'seat-pack', quantity: 11 },
          { code: 'setup', quantity: 1 },
        ],
      },
      catalogs,
    );
    expect(quoteOutputSchema.parse(out)).toEqual(out);
    expect(out.lines.map((l) => [l.code, l.billedQuantity, l.billedUnit, l.estimated])).toEqual([
      ['seat', 10, '석', false],
      ['outbound-6s', 10_000, '6초', true],
      ['seat-pack', 3, '5석 단위', false],
      ['setup', 1, '건', false],
    ]);
    expect(out.usage).toEqual({ supply: 30_000, estimated: true });
    expect(out.oneOff).toEqual({ supply: 150_000, vat: 9_000, total: 159_000 });
  });

  it('rated calls are not an estimate: two calls of 61 s and 5 s on a per-minute line bill 3 minutes, marked not estimated', () => {
    const out = quoteCommand({ catalog: 'demo-cc-cny', term: '12m', items: [{ code: 'inbound-min', calls: [61, 5] }] }, catalogs);
    expect(out.lines[0]).toEqual({ code: 'inbound-min', quantity: 2, calls: 2, billedQuantity: 3, billedUnit: '분', unitPrice: 12, amount: 36, estimated: false });
    expect(out.usage).toEqual({ supply: 36, estimated: false });
  });

  it('calls on a product that is not usage, both calls and quantity, a negative or fractional call, or a float CNY price name what to fix (exit 2)', () => {
    expect(invalidInput(() => quoteCommand({ catalog: 'demo-cc-cny', term: '12m', items: [{ code: 'seat', calls: [60] }] }, catalogs)).message).toMatch(/통화료 상품이 아니어서/);
    expect(invalidInput(() => quoteCommand({ catalog: 'demo-cc-cny', term: '12m', items: [{ code: 'inbound-min', calls: [60], quantity: 3 }] }, catalogs)).message).toMatch(/하나만/);
    expect(invalidInput(() => quoteCommand({ catalog: 'demo-cc-cny', term: '12m', items: [{ code: 'inbound-min', calls: [-1] }] }, catalogs)).message).toMatch(/0초 이상/);
    expect(invalidInput(() => quoteCommand({ catalog: 'demo-cc-cny', term: '12m', items: [{ code: 'inbound-min', calls: [1.5] }] }, catalogs)).message).toMatch(/초 단위 정수/);
    const cnyPrice = invalidInput(() => quoteCommand({ catalog: 'demo-cc-cny', term: '12m', items: [{ code: 'seat', quantity: 10, unitPrice: 12.5 }] }, catalogs));
    expect(cnyPrice.message).toMatch(/0\.01 CNY\(fen·分\) 단위 정수/);
    expect(cnyPrice.message).not.toMatch(/원 단위/);
  });

  it('an unknown product, an unknown term, an unknown catalog, an unknown key or no items are bad input (exit 2)', () => {
    const ok = { code: 'asp-basic', quantity: 10 };
    expect(invalidInput(() => quoteCommand({ term: '12m', items: [{ code: 'asp-gold', quantity: 1 }] }, catalogs)).details?.issues?.[0]?.path).toBe('items.0.code');
    expect(invalidInput(() => quoteCommand({ term: '48m', items: [ok] }, catalogs)).details?.issues?.[0]?.path).toBe('term');
    expect(invalidInput(() => quoteCommand({ catalog: 'kt-2099', term: '12m', items: [ok] }, catalogs)).message).toMatch(/kt-2099/);
    invalidInput(() => quoteCommand({ term: '12m', items: [ok], discount: 5 }, catalogs));
    invalidInput(() => quoteCommand({ term: '12m', items: [] }, catalogs));
    invalidInput(() => quoteCommand({ term: '12m', items: [{ code: 'agent', quantity: 1 }] }, catalogs));
    invalidInput(() => quoteCommand('not json', catalogs));
  });

  it('a catalog lookup function works as well as a record', () => {
    const out = quoteCommand({ term: '12m', items: [{ code: 'asp-basic', quantity: 10 }] }, (id) => (id === kt.id ? kt : undefined));
    expect(out.monthly.supply).toBe(2_000_000);
  });
});

describe('CLI penalty, damages, check, words', () => {
  it('penalty: {penalty, perMonth}', () => {
    const out = penaltyCommand({ term: '36m', items: [{ code: 'asp-basic', quantity: 30 }], monthsUsed: 10 }, catalogs);
    expect(penaltyOutputSchema.parse(out)).toEqual(out);
    expect(out).toEqual({ penalty: 18_000_000, perMonth: 1_800_000 });
    invalidInput(() => penaltyCommand({ term: '36m', items: [{ code: 'asp-basic', quantity: 30 }] }, catalogs));
  });

  it('damages: {eligible, hours, amount}', () => {
    const out = damagesCommand({ monthlyFee: 2_400_000, outagesHours: [4.5] });
    expect(damagesOutputSchema.parse(out)).toEqual(out);
    expect(out).toEqual({ eligible: true, hours: 4.5, amount: 54_000 });
    expect(damagesCommand({ monthlyFee: 2_400_000, outagesHours: [3, 3, 3, 3, 3, 3, 3, 3] })).toEqual({ eligible: false, hours: 24, amount: 0 });
    invalidInput(() => damagesCommand({ monthlyFee: '2400000', outagesHours: [5] }));
    invalidInput(() => damagesCommand({ monthlyFee: 2_400_000, outagesHours: [-2] }));
  });

  it('check: {valid, formatted} or {valid: false, formatted: null, reason}', () => {
    expect(checkCommand('bizno', '1028142945')).toEqual({ valid: true, formatted: '102-81-42945' });
    const bad = checkCommand('bizno', '102-81-42946');
    expect(checkOutputSchema.parse(bad)).toEqual(bad);
    expect(bad).toMatchObject({ valid: false, formatted: null, reason: expect.stringMatching(/[가-힣]/) });
    expect(checkCommand('corpno', '1101111468754')).toEqual({ valid: true, formatted: '110111-1468754' });
    expect(checkCommand('phone', '0212345678')).toEqual({ valid: true, formatted: '02-1234-5678' });
    expect(invalidInput(() => checkCommand('email', 'a@b.c')).message).toMatch(/bizno/);
  });

  it('words: {text}, from a number or the text typed on the command line', () => {
    expect(wordsCommand(1_200_000)).toEqual({ text: '일금 일백이십만원정' });
    expect(wordsCommand('1,200,000')).toEqual({ text: '일금 일백이십만원정' });
    for (const bad of ['-5', '12.5', 'abc', '', 1.5, -1]) invalidInput(() => wordsCommand(bad));
  });

  it('words: commas only as thousands separators; stray ones are bad input', () => {
    expect(wordsCommand('1,200,000')).toEqual({ text: '일금 일백이십만원정' });
    expect(() => wordsCommand('1,2,3')).toThrow(/원 단위 정수/);
    expect(() => wordsCommand('12,00')).toThrow(/원 단위 정수/);
  });

  it('compare and schedule: what the quote builder shows beside the quote', () => {
    const options = compareCommand({ items: [{ code: 'asp-basic', quantity: 10 }] }, catalogs);
    expect(options.map((o) => [o.term, o.quote.monthly.supply, o.savingVsNone?.supply, o.savingVsNone?.total])).toEqual([
      ['none', 2_400_000, 0, 0],
      ['12m', 2_000_000, 400_000, 440_000],
      ['24m', 1_900_000, 500_000, 550_000],
      ['36m', 1_800_000, 600_000, 660_000],
    ]);
    const s = scheduleCommand({ term: '12m', items: [{ code: 'asp-basic', quantity: 10 }] }, catalogs);
    expect(s.rows.map((r) => r.penalty)).toEqual([...Array.from({ length: 11 }, (_, i) => (i + 1) * 400_000), 0]);
  });
});
