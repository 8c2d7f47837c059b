import { describe, expect, it } from 'vitest';
import { checkPhone, formatPhone, formatPhoneDigits } from '../../../shared/format/phone';

const HANGUL = /[가-힣]/;

describe('Korean phone numbers: kinds and the Korean grouping', () => {
  it.each([
    ['010-1234-5678', '010-1234-5678', 'mobile'],
    ['01012345678', '010-1234-5678', 'mobile'],
    ['011-123-4567', '011-123-4567', 'mobile'],
    ['02-123-4567', '02-123-4567', 'landline'],
    ['0212345678', '02-1234-5678', 'landline'],
    ['(02) 123-4567', '02-123-4567', 'landline'],
    ['031-123-4567', '031-123-4567', 'landline'],
    ['031.1234.5678', '031-1234-5678', 'landline'],
    ['051-123-4567', '051-123-4567', 'landline'],
    ['064-123-4567', '064-123-4567', 'landline'],
    ['070-1234-5678', '070-1234-5678', 'voip'],
    ['080-123-4567', '080-123-4567', 'tollFree'],
    ['0505-123-4567', '0505-123-4567', 'personal'],
    ['050512345678', '0505-1234-5678', 'personal'],
    ['1588-1234', '1588-1234', 'representative'],
    ['1644 1234', '1644-1234', 'representative'],
    ['18991234', '1899-1234', 'representative'],
    ['1577-1234', '1577-1234', 'representative'],
  ])('%s is valid, prints as %s, kind %s', (input, formatted, kind) => {
    expect(checkPhone(input)).toEqual({ valid: true, formatted, kind });
  });

  it('a number typed internationally prints in the domestic form (+82 10-1234-5678 → 010-1234-5678)', () => {
    expect(checkPhone('+82 10-1234-5678')).toEqual({ valid: true, formatted: '010-1234-5678', kind: 'mobile' });
    expect(checkPhone('+82-2-123-4567')).toMatchObject({ formatted: '02-123-4567' });
    expect(checkPhone('+82 1588 1234')).toMatchObject({ formatted: '1588-1234', kind: 'representative' });
  });

  it('a 대표번호 with a digit too many is refused, not read as the pager number 015-881-2345', () => {
    expect(checkPhone('1588-12345')).toMatchObject({ valid: false, formatted: null });
  });

  it.each(['02-0123-4567', '1234-5678', '070-123-4567', '080-1234-5678', '010-1234-56789', '2123-4567', '02-123', '02-123-ABCD', '0505-1234-56789'])('%s is refused with a Korean reason', (input) => {
    const r = checkPhone(input);
    expect(r).toMatchObject({ valid: false, formatted: null });
    expect(r.reason).toMatch(HANGUL);
  });

  it('formatPhoneDigits groups without validating; formatPhone keeps an invalid value as typed', () => {
    expect(formatPhoneDigits('0311234567')).toBe('031-123-4567');
    expect(formatPhoneDigits('15441234')).toBe('1544-1234');
    expect(formatPhone('01012345678')).toBe('010-1234-5678');
    expect(formatPhone('12-34')).toBe('12-34');
  });
});
