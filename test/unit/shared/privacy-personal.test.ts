import { describe, expect, it } from 'vitest';
import { findResidentNumber } from '../../../shared/privacy/personal';
import { maskAddress, maskPersonName, maskPhone } from '../../../shared/privacy/mask';
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

  it('finds a number issued since October 2020 (random last six digits, no valid check digit) by its birth date and gender digit alone', () => {
    expect(findResidentNumber('850615-1234563')).toBe('850615-1234563'); // the old check digit does not hold
    expect(findResidentNumber('고객 201118-4839201 확인')).toBe('201118-4839201');
    expect(findResidentNumber('9912316765432', new Date('2026-12-02'))).toBe('9912316765432'); // a foreigner born 1999
    expect(findResidentNumber('0203047000001', new Date('2026-12-02'))).toBe('0203047000001');
  });

  it('leaves alone what only looks like one: an impossible date, a gender digit 0 or 9, a 2000s birth still to come, a corporate number, a longer digit run, phone and business numbers', () => {
    expect(findResidentNumber('851315-1234562')).toBeUndefined(); // month 13
    expect(findResidentNumber('850230-1234563')).toBeUndefined(); // 30 February
    expect(findResidentNumber('850615-9234563')).toBeUndefined(); // gender digit 9
    expect(findResidentNumber('850615-0234563')).toBeUndefined(); // gender digit 0
    expect(findResidentNumber('950615-3234563', new Date('2026-12-02'))).toBeUndefined(); // born in 2095?
    expect(findResidentNumber('법인등록번호 110111-1468754')).toBeUndefined(); // a 주식회사 in Seoul, its own check digit holds
    expect(findResidentNumber('134511-0001239')).toBeUndefined(); // a 유한회사 number: gender digit 0 anyway
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
