import { describe, expect, it } from 'vitest';
import { priceQuote, type QuoteRequest } from '../../../shared/catalog/engine';
import { AppError } from '../../../shared/contract/errors';
import { kt } from './fixtures';

const HANGUL = /[가-힣]/;

function codes(request: QuoteRequest) {
  return priceQuote(kt, request).warnings.map((w) => w.code);
}

/** Runs fn, expecting AppError('INVALID_INPUT'); returns it. */
function invalidInput(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INVALID_INPUT');
    return error as AppError;
  }
  throw new Error('expected an INVALID_INPUT AppError, nothing was thrown');
}

describe('warnings: each one makes the quote need HQ approval', () => {
  it('a list-price quote of 10+ seats needs no approval', () => {
    const q = priceQuote(kt, {
      term: '24m',
      items: [
        { code: 'asp-basic', quantity: 10 },
        { code: 'app-basic', quantity: 10 },
        { code: 'recording', quantity: 10 },
        { code: 'extra-line', quantity: 5 },
      ],
    });
    expect(q.warnings).toEqual([]);
    expect(q.approvalRequired).toBe(false);
    expect(q.approvalReasons).toEqual([]);
  });

  it('MIN_SEATS: 9 basic seats are priced (art. 3.7 exception) but flagged; 10 seats are not', () => {
    const q = priceQuote(kt, { term: '12m', items: [{ code: 'asp-basic', quantity: 9 }] });
    expect(q.monthly.supply).toBe(9 * 220_000);
    expect(q.warnings.map((w) => w.code)).toEqual(['MIN_SEATS']);
    expect(q.approvalRequired).toBe(true);
    expect(q.approvalReasons).toEqual(['MIN_SEATS']);
    expect(q.warnings[0]!.message).toMatch(/제3조 7호/);
    expect(q.warnings[0]!.message).toMatch(/10석 이상/);
    expect(codes({ term: '12m', items: [{ code: 'asp-basic', quantity: 10 }] })).toEqual([]);
  });

  it('APP_MIN_SEATS: a counseling app with 9 basic seats is flagged, priced at the 10+ row', () => {
    const q = priceQuote(kt, {
      term: '36m',
      items: [
        { code: 'asp-basic', quantity: 9 },
        { code: 'app-basic', quantity: 9 },
      ],
    });
    expect(q.warnings.map((w) => w.code)).toEqual(['MIN_SEATS', 'APP_MIN_SEATS']);
    expect(q.lines[1]!.unitPrice).toBe(51_000);
    expect(q.warnings[1]!).toMatchObject({ productCode: 'app-basic', lineIndex: 1 });
    expect(q.warnings[1]!.message).toMatch(/ASP 기본서비스를 10석 이상으로 늘리세요/);
  });

  it('APP_MIN_SEATS: a counseling app without any basic seats is flagged (0 seats)', () => {
    expect(codes({ term: '12m', items: [{ code: 'app-premium', quantity: 12 }] })).toEqual(['APP_MIN_SEATS']);
    expect(
      codes({
        term: '12m',
        items: [
          { code: 'asp-basic', quantity: 10 },
          { code: 'app-premium', quantity: 12 },
        ],
      }),
    ).toEqual([]);
  });

  it('NEGOTIATED: agent staffing or floor space with a rep-entered price always needs approval', () => {
    expect(
      codes({
        term: '12m',
        items: [
          { code: 'asp-basic', quantity: 20 },
          { code: 'agent', quantity: 2, unitPrice: 2_500_000 },
        ],
      }),
    ).toEqual(['NEGOTIATED']);
    expect(
      codes({
        term: 'none',
        items: [
          { code: 'asp-basic', quantity: 20 },
          { code: 'floor', quantity: 20, unitPrice: 0 },
        ],
      }),
    ).toEqual(['NEGOTIATED']);
  });

  it('a negotiated item without a unit price is an error that asks for the 협정가', () => {
    const error = invalidInput(() =>
      priceQuote(kt, {
        term: '12m',
        items: [
          { code: 'asp-basic', quantity: 20 },
          { code: 'agent', quantity: 2 },
        ],
      }),
    );
    expect(error.message).toMatch(/협정가/);
    expect(error.details?.issues).toEqual([{ path: 'items.1.unitPrice', message: expect.stringMatching(/협정가를 단가\(unitPrice\)에 입력하세요/) }]);
  });

  it('BELOW_LIST: a unit price under list is flagged; list or above is not', () => {
    const at = (unitPrice: number) =>
      codes({
        term: '12m',
        items: [
          { code: 'asp-basic', quantity: 10 },
          { code: 'recording', quantity: 10, unitPrice },
        ],
      });
    expect(at(19_999)).toEqual(['BELOW_LIST']);
    expect(at(20_000)).toEqual([]);
    expect(at(25_000)).toEqual([]);
  });

  it('BELOW_LIST compares with the list price of the chosen term and tier (30 seats, 36 months: 160,000)', () => {
    const at = (unitPrice: number) => codes({ term: '36m', items: [{ code: 'asp-basic', quantity: 30, unitPrice }] });
    expect(at(159_999)).toEqual(['BELOW_LIST']);
    expect(at(160_000)).toEqual([]);
    const q = priceQuote(kt, { term: '36m', items: [{ code: 'asp-basic', quantity: 30, unitPrice: 150_000 }] });
    expect(q.lines[0]).toMatchObject({ unitPrice: 150_000, listUnitPrice: 160_000, priceEntered: true, amount: 4_500_000 });
  });

  it('the KT catalog sets no discount floor, so BELOW_FLOOR never fires there (see the CNY catalog tests)', () => {
    expect(kt.floorPercent).toBeUndefined();
    expect(codes({ term: '12m', items: [{ code: 'asp-basic', quantity: 10, unitPrice: 1 }] })).toEqual(['BELOW_LIST']);
  });

  it('every warning message is Korean and says what happens next (HQ confirmation before the seal)', () => {
    const q = priceQuote(kt, {
      term: '12m',
      items: [
        { code: 'asp-basic', quantity: 5 },
        { code: 'app-basic', quantity: 5 },
        { code: 'recording', quantity: 5, unitPrice: 10_000 },
        { code: 'agent', quantity: 1, unitPrice: 3_000_000 },
      ],
    });
    expect(q.approvalReasons).toEqual(['MIN_SEATS', 'APP_MIN_SEATS', 'BELOW_LIST', 'NEGOTIATED']);
    for (const w of q.warnings) {
      expect(w.message).toMatch(HANGUL);
      expect(w.message).toMatch(/본사\(BM·컨설팅담당\) 확인\(승인\)을 받은 뒤에 고객 날인/);
    }
  });
});

describe('request errors', () => {
  it('an unknown product code is INVALID_INPUT naming the line and the codes that exist', () => {
    const error = invalidInput(() =>
      priceQuote(kt, {
        term: '12m',
        items: [
          { code: 'asp-basic', quantity: 10 },
          { code: 'asp-gold', quantity: 1 },
        ],
      }),
    );
    expect(error.details?.issues?.[0]?.path).toBe('items.1.code');
    expect(error.message).toMatch(/asp-gold/);
    expect(error.message).toMatch(/asp-basic, app-basic/);
  });

  it('a term the catalog lacks is INVALID_INPUT on "term"', () => {
    const error = invalidInput(() => priceQuote(kt, { term: '48m' as never, items: [{ code: 'asp-basic', quantity: 10 }] }));
    expect(error.details?.issues?.map((i) => i.path)).toEqual(['term']);
    expect(error.message).toMatch(/none=무약정\(단기\), 12m=12개월/);
  });

  it('a duplicated product, a zero or fractional quantity and a fractional price are refused together', () => {
    const error = invalidInput(() =>
      priceQuote(kt, {
        term: '12m',
        items: [
          { code: 'asp-basic', quantity: 10 },
          { code: 'asp-basic', quantity: 0 },
          { code: 'recording', quantity: 1.5 },
          { code: 'extra-line', quantity: 1, unitPrice: 19_999.5 },
        ],
      }),
    );
    expect(error.details?.issues?.map((i) => i.path)).toEqual(['items.1.code', 'items.1.quantity', 'items.2.quantity', 'items.3.unitPrice']);
    expect(error.message).toMatch(/외 3건/);
  });

  it('amounts that would leave the safe-integer range are refused instead of rounded', () => {
    invalidInput(() => priceQuote(kt, { term: '12m', items: [{ code: 'agent', quantity: 100_000, unitPrice: 1_000_000_000_000 }] }));
  });
});
