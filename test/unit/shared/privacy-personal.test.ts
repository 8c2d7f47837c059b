import { describe, expect, it } from 'vitest';
import { findResidentNumber, maskAddress, maskPersonName, maskPhone } from '../../../shared/privacy/personal';
import { requiredText, optionalText } from '../../../shared/domain/fields';

describe('personal data on screen: masking in lists and search results', () => {
  it('a phone number shows its first and last groups only (010-1234-5432 → 010-****-5432, 02-123-4567 → 02-***-4567)', () => {
    expect(maskPhone('010-1234-5432')).toBe('010-****-5432');
    expect(maskPhone('02-123-4567')).toBe('02-***-4567');
    expect(maskPhone('1588-1234')).toBe('****-1234');
    expect(maskPhone('01012345432')).toBe('*******5432');
    expect(maskPhone('123')).toBe('***');
  });

  it('an address keeps its region (시·도, 시·군·구) and masks the rest; a name keeps its first and last character', () => {
    expect(maskAddress('서울특별시 강남구 테헤란로 123, 4층')).toBe('서울특별시 강남구 ***');
    expect(maskAddress('세종특별자치시')).toBe('세종특별자치시 ***');
    expect(maskAddress('  ')).toBe('');
    expect(maskPersonName('홍길동')).toBe('홍*동');
    expect(maskPersonName('김철')).toBe('김*');
    expect(maskPersonName('남궁민수')).toBe('남**수');
  });
});

describe('resident registration numbers are refused where they have no place', () => {
  it('finds a number by its birth date and check digit, with or without the hyphen, inside text', () => {
    expect(findResidentNumber('주민번호 850615-1234562 입니다')).toBe('850615-1234562');
    expect(findResidentNumber('8506151234562')).toBe('8506151234562');
    expect(findResidentNumber('0102034123453')).toBe('0102034123453');
  });

  it('leaves alone what only looks like one: a wrong check digit, an impossible date, a longer digit run, phone and business numbers', () => {
    expect(findResidentNumber('850615-1234563')).toBeUndefined(); // check digit off by one
    expect(findResidentNumber('851315-1234562')).toBeUndefined(); // month 13
    expect(findResidentNumber('98506151234562')).toBeUndefined(); // 14 digits
    expect(findResidentNumber('010-1234-5678, 102-81-42945')).toBeUndefined();
    expect(findResidentNumber('')).toBeUndefined();
  });

  it('names, addresses and notes refuse one with a Korean message that says to remove it; everything else passes as before', () => {
    const note = optionalText('메모', 500, { lines: true });
    const refused = note.safeParse('고객 주민번호 850615-1234562 확인함');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toContain('주민등록번호');
    expect(refused.error?.issues[0]?.message).toContain('지우고');
    expect(requiredText('대표자 성명').safeParse('홍길동 8506151234562').success).toBe(false);
    expect(note.safeParse('상담석 35석, 02-123-4567로 연락').data).toBe('상담석 35석, 02-123-4567로 연락');
    expect(note.safeParse(undefined).success).toBe(true);
  });
});
