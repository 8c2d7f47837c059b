import { describe, expect, it } from 'vitest';
import { businessNumberCheckDigit, checkBusinessNumber, formatBusinessNumber } from '../../../shared/format/bizno';
import { checkCorporateNumber, corporateNumberCheckDigit, formatCorporateNumber } from '../../../shared/format/corpno';

describe('사업자등록번호 (business registration number)', () => {
  it.each([
    ['102-81-42945', '102-81-42945'], // KT
    ['1028142945', '102-81-42945'],
    ['124-81-00998', '124-81-00998'], // Samsung Electronics
    ['220 81 62517', '220-81-62517'], // NAVER
  ])('%s is valid and prints as %s', (input, formatted) => {
    expect(checkBusinessNumber(input)).toEqual({ valid: true, formatted });
  });

  it.each(['102-81-42946', '102-81-42940', '123-45-67890', '124-81-00999'])('%s fails the check digit', (input) => {
    const r = checkBusinessNumber(input);
    expect(r).toMatchObject({ valid: false, formatted: null });
    expect(r.reason).toMatch(/검증번호/);
  });

  it('the tens of (9th digit × 5) count toward the sum: without them 102-81-4294? would need 7, not 5', () => {
    expect(businessNumberCheckDigit('102814294')).toBe(5);
    // weights 1,3,7,1,3,7,1,3,5 alone give 103 → 7; the carry of 4 × 5 = 20 adds 2 → 105 → 5
  });

  it('wrong length or other characters are refused with a Korean reason that says what to type', () => {
    expect(checkBusinessNumber('102-81-4294').reason).toMatch(/10자리.*9자리/);
    expect(checkBusinessNumber('102-81-4294A').reason).toMatch(/숫자와 하이픈/);
  });

  it('a number no office issues (tax office 000, registry office 0000) is refused even when its check digit fits', () => {
    expect(checkBusinessNumber('0000000000')).toMatchObject({ valid: false, reason: expect.stringContaining('000') });
    expect(checkCorporateNumber('0000000000000')).toMatchObject({ valid: false, reason: expect.stringContaining('0000') });
  });

  it('formatBusinessNumber groups 10 digits and leaves anything else as typed', () => {
    expect(formatBusinessNumber('1028142945')).toBe('102-81-42945');
    expect(formatBusinessNumber('12345')).toBe('12345');
  });
});

describe('법인등록번호 (corporate registration number)', () => {
  it.each([
    ['110111-1468754', '110111-1468754'], // KT
    ['1101111468754', '110111-1468754'],
    ['130111-0006246', '130111-0006246'], // Samsung Electronics
  ])('%s is valid and prints as %s', (input, formatted) => {
    expect(checkCorporateNumber(input)).toEqual({ valid: true, formatted });
  });

  it.each(['110111-1468755', '130111-0006247', '110111-0000000'])('%s fails the check digit', (input) => {
    expect(checkCorporateNumber(input)).toMatchObject({ valid: false, formatted: null, reason: expect.stringMatching(/검증번호/) });
  });

  it('the check digit uses weights 1,2,1,2… and (10 − sum mod 10) mod 10', () => {
    // 1+2+0+2+1+2+1+8+6+16+7+10 = 56 → 4
    expect(corporateNumberCheckDigit('110111146875')).toBe(4);
  });

  it('wrong length is refused; formatting splits 6-7', () => {
    expect(checkCorporateNumber('110111-146875').reason).toMatch(/13자리.*12자리/);
    expect(formatCorporateNumber('1101111468754')).toBe('110111-1468754');
  });
});
