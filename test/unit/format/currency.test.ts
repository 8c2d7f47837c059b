import { describe, expect, it } from 'vitest';
import { amountInWordsFor } from '../../../shared/format/words';
import { formatMoney, isCurrency, minorUnits, minorUnitText } from '../../../shared/money';

describe('currency-aware money text', () => {
  it.each([
    [1_200_000, '일금 일백이십만원정'],
    [0, '일금 영원정'],
  ])('KRW %i → %s', (n, text) => expect(amountInWordsFor(n, 'KRW')).toBe(text));

  it.each([
    [210_000, '人民币贰仟壹佰元整'],
    [123_456, '人民币壹仟贰佰叁拾肆元伍角陆分'],
    [123_406, '人民币壹仟贰佰叁拾肆元零陆分'],
    [56, '人民币伍角陆分'],
    [6, '人民币陆分'],
    [1_000, '人民币壹拾元整'],
    [100_500, '人民币壹仟零伍元整'],
    [10_000_000_000, '人民币壹亿元整'],
    [0, '人民币零元整'],
  ])('CNY %i fen → %s (financial capitals, 角/分, 零 for a skipped digit)', (n, text) => expect(amountInWordsFor(n, 'CNY')).toBe(text));

  it('other currencies have no amount-in-words line (null), never "일금 … USD정"', () => {
    expect(amountInWordsFor(123_450, 'USD')).toBeNull();
    expect(amountInWordsFor(5, 'JPY')).toBeNull();
  });

  it('minor units come from ISO 4217 as the platform knows it: KRW 0, JPY 0, CNY 2, USD 2, BHD 3', () => {
    expect(['KRW', 'JPY', 'CNY', 'USD', 'BHD'].map(minorUnits)).toEqual([0, 0, 2, 2, 3]);
    expect(formatMoney(1_234, 'BHD')).toBe('1.234 BHD');
    expect(formatMoney(260_000, 'KRW')).toBe('260,000원');
    expect(formatMoney(-5, 'CNY')).toBe('-0.05 CNY');
  });

  it('an unknown or malformed code is not a currency', () => {
    expect(isCurrency('XYZ')).toBe(false);
    expect(isCurrency('krw')).toBe(false);
    expect(isCurrency(42)).toBe(false);
    expect(() => minorUnits('XYZ')).toThrow(/ISO 4217/);
  });

  it("messages name the currency's unit: 원 for KRW, fen for CNY, whole units for JPY", () => {
    expect(minorUnitText('KRW')).toBe('원 단위 정수');
    expect(minorUnitText('CNY')).toBe('0.01 CNY(fen·分) 단위 정수 (소수점 불가, 예: 12.50 CNY → 1250)');
    expect(minorUnitText('JPY')).toBe('JPY 단위 정수');
  });
});
