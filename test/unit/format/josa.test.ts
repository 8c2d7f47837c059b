import { describe, expect, it } from 'vitest';
import { eulReul, eunNeun, iGa } from '../../../shared/format/josa';

describe('Korean particles follow the last sound of the word', () => {
  it('을/은/이 after a final consonant, 를/는/가 after a vowel', () => {
    expect([eulReul('법인명'), eunNeun('법인명'), iGa('법인명')]).toEqual(['법인명을', '법인명은', '법인명이']);
    expect([eulReul('주소'), eunNeun('주소'), iGa('주소')]).toEqual(['주소를', '주소는', '주소가']);
  });

  it('a trailing gloss in parentheses does not change the particle: 법인명(상호)을, 전화번호(대표)를', () => {
    expect(eulReul('법인명(상호)')).toBe('법인명(상호)을');
    expect(eulReul('전화번호(대표)')).toBe('전화번호(대표)를');
  });

  it('a word that is only a parenthetical is read from inside: (주)는', () => {
    expect(eunNeun('(주)')).toBe('(주)는');
  });

  it('digits and acronyms are read aloud: 10을 (십), 2를 (이), URL을 (엘), ID를 (디), 20,000원이', () => {
    expect(eulReul('10')).toBe('10을');
    expect(eulReul('2')).toBe('2를');
    expect(eulReul('URL')).toBe('URL을');
    expect(eulReul('ID')).toBe('ID를');
    expect(iGa('20,000원')).toBe('20,000원이');
  });

  it('trailing spaces and closing quotes are not read: "대표자"를, 상호 → 상호를', () => {
    expect(eulReul('"대표자"')).toBe('"대표자"를');
    expect(eulReul('상호 ')).toBe('상호를');
  });
});
