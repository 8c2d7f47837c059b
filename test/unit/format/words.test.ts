import { describe, expect, it } from 'vitest';
import { amountInWords, koreanNumberWords } from '../../../shared/format/words';

describe('amount in words, formal style (일금 …원정)', () => {
  it('1,200,000 is 일금 일백이십만원정', () => {
    expect(amountInWords(1_200_000)).toBe('일금 일백이십만원정');
  });

  it.each([
    [10, '일십'],
    [11, '일십일'],
    [100, '일백'],
    [1_000, '일천'],
    [1_110, '일천일백일십'],
    [210_000, '이십일만'],
  ])('일 is written before 십/백/천: %i → %s', (n, text) => {
    expect(koreanNumberWords(n)).toBe(text);
  });

  it.each([
    [9_999, '구천구백구십구'],
    [10_000, '일만'],
    [10_001, '일만일'],
    [99_999_999, '구천구백구십구만구천구백구십구'],
    [100_000_000, '일억'],
    [100_010_000, '일억일만'],
    [100_000_001, '일억일'],
    [1_000_000_000_000, '일조'],
  ])('만/억/조 boundaries: %i → %s', (n, text) => {
    expect(koreanNumberWords(n)).toBe(text);
  });

  it('zero is 일금 영원정', () => {
    expect(amountInWords(0)).toBe('일금 영원정');
  });

  it('a typical monthly total: 8,464,500 → 일금 팔백사십육만사천오백원정', () => {
    expect(amountInWords(8_464_500)).toBe('일금 팔백사십육만사천오백원정');
  });

  it('negative, fractional or unsafe amounts are refused', () => {
    for (const bad of [-1, 1.5, Number.MAX_SAFE_INTEGER + 2, Number.NaN]) expect(() => amountInWords(bad)).toThrow(RangeError);
  });
});
