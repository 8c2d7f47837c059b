import { describe, expect, it } from 'vitest';
import { listMarker, wrapItems, wrapText } from '../../../electron/core/documents/wrap';

/** Monospace-ish widths: Hangul and CJK 1, everything else 0.5 (enough to reason about breaks). */
const width = (t: string) => [...t].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2000 ? 1 : 0.5), 0);

describe('Korean line breaking', () => {
  it('Korean text wraps at spaces, not inside words (word-break: keep-all)', () => {
    // The reviewer's cases: "업무제휴 등⏎을 통하여", "제⏎공 시에는", "고객 날인⏎을".
    expect(wrapText('업무제휴 등을 통하여 제공 시에는', 8, width)).toEqual(['업무제휴 등을', '통하여 제공', '시에는']);
    expect(wrapText('확인 전에는 고객 날인을 받지 않습니다.', 10, width)).toEqual(['확인 전에는 고객', '날인을 받지', '않습니다.']);
    for (const max of [5, 6, 7, 8, 9, 10, 12, 15]) {
      // Every word (the longest is 4.5 wide) fits on a line of 5 or more: none is cut.
      const lines = wrapText('본 서비스는 업무제휴 등을 통하여 제공되며 제공 시에는 고객 날인을 받습니다.', max, width);
      const words = lines.flatMap((l) => l.split(' '));
      expect(words, `width ${max}`).toEqual('본 서비스는 업무제휴 등을 통하여 제공되며 제공 시에는 고객 날인을 받습니다.'.split(' '));
      expect(
        lines.every((l) => width(l) <= max),
        `width ${max}`,
      ).toBe(true);
    }
  });

  it('breaks inside a word only when the word alone is wider than a line, between Hangul syllables', () => {
    expect(wrapText('가나다라마바사아자차', 4, width)).toEqual(['가나다라', '마바사아', '자차']);
    // The long word starts its own line; the words around it stay whole.
    expect(wrapText('가 나다라마바사 아자', 4, width)).toEqual(['가', '나다라마', '바사', '아자']);
  });

  it('breaks Latin text and numbers only at spaces', () => {
    expect(wrapText('olleh bizmeka callcenter', 4, width)).toEqual(['olleh', 'bizmeka', 'callcent', 'er']);
    expect(wrapText('금액 260,000원 입니다', 5, width)).toEqual(['금액', '260,000원', '입니다']);
  });

  it('keeps a particle or counter with the Latin word or number before it', () => {
    const lines = wrapText('별도의 Network를 구성하여', 5, width);
    expect(lines).toEqual(['별도의', 'Network를', '구성하여']);
    expect(wrapText('좌석 10석 미만', 3, width)).toEqual(['좌석', '10석', '미만']);
  });

  it('never starts a line with closing punctuation nor ends one with an opening bracket', () => {
    const lines = wrapText('“케이티”의 승낙(동의)으로, 성립한다.', 3, width);
    for (const line of lines) {
      expect(line, line).not.toMatch(/^[)”’.,]/);
      expect(line, line).not.toMatch(/[(“‘]$/);
    }
    expect(lines.join('').replace(/ /g, '')).toBe('“케이티”의승낙(동의)으로,성립한다.');
    expect(lines.length).toBeGreaterThan(3);
  });

  it('honours forced line breaks and drops the spaces a break replaces', () => {
    expect(wrapText('요금납부\n책 임 자', 10, width)).toEqual(['요금납부', '책 임 자']);
    expect(wrapText('가나 다라', 2, width)).toEqual(['가나', '다라']);
  });

  it('cuts a word longer than a line by characters rather than overflowing', () => {
    const lines = wrapText('http://biz.olleh.com/very/long/path', 5, width);
    expect(lines.every((l) => width(l) <= 5)).toBe(true);
    expect(lines.join('')).toBe('http://biz.olleh.com/very/long/path');
  });

  it('lets the first line be narrower (hanging indent)', () => {
    expect(wrapText('가나다라마바사', 4, width, 2)).toEqual(['가나', '다라마바', '사']);
  });

  it('moves a checkbox item to the next line whole', () => {
    expect(wrapItems(['■ 12개월', '□ 24개월', '□ 36개월'], '  ', 10, width)).toEqual(['■ 12개월  □ 24개월', '□ 36개월']);
  });

  it('recognises the list markers of the seed', () => {
    expect(['1. 타인의', '3) 손해', '① 사업자', 'ㅇ 신상품', '※ 본인은', '가. 이용기간', 'KT 귀중'].map(listMarker)).toEqual(['1. ', '3) ', '① ', 'ㅇ ', '※ ', '가. ', null]);
  });
});
