import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cleanText, fileNameText, findUnsafeJson, MAX_JSON_DEPTH, printable, printableJson, requiredCleanText, textProblem, walkUnsafeJson } from '../../../../shared/domain/text';
import { customerInputSchema } from '../../../../shared/domain/application';
import { quoteSaveInputSchema } from '../../../../shared/domain/quote';
import { koreanErrorMap } from '../../../../shared/contract/errors';

const C0 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i));
const C1 = Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(0x7f + i));

describe('the one text rule (shared/domain/text.ts)', () => {
  it('refuses every C0 and C1 control character and DEL in single-line text, naming the field in Korean', () => {
    const name = requiredCleanText('법인명(상호)', 100);
    for (const c of [...C0, ...C1]) {
      const r = name.safeParse(`하나${c}콜`, { error: koreanErrorMap });
      expect(r.success, JSON.stringify(c)).toBe(false);
      expect(r.error!.issues[0]!.message).toContain('법인명(상호)에 보이지 않는 제어 문자');
    }
  });

  it('a field that allows line breaks keeps tab, LF and CR and refuses every other control character', () => {
    const notes = cleanText('비고', 1000, { lines: true });
    expect(notes.parse('1행\r\n2행\t끝')).toBe('1행\r\n2행\t끝');
    for (const c of [...C0, ...C1].filter((x) => !'\t\n\r'.includes(x))) expect(notes.safeParse(`a${c}b`).success, JSON.stringify(c)).toBe(false);
  });

  it('refuses lone surrogates (either half, anywhere) and keeps real pairs such as emoji', () => {
    const t = cleanText('메모', 100);
    fc.assert(
      fc.property(fc.integer({ min: 0xd800, max: 0xdfff }), fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), (unit, before, after) => {
        const r = t.safeParse(`${before}${String.fromCharCode(unit)}${after}`);
        expect(r.success).toBe(false);
        expect(r.error!.issues[0]!.message).toContain('깨진 문자');
      }),
    );
    expect(t.parse('좋아요 😀')).toBe('좋아요 😀');
  });

  it('normalises to NFC before trimming and counting (decomposed Hangul typed on macOS comes out composed)', () => {
    const t = requiredCleanText('대표자명', 3);
    const decomposed = '\u1112\u1169\u11bc\u1100\u1175\u11af\u1103\u1169\u11bc'; // 홍길동 as jamo: 9 units
    expect(t.parse(`  ${decomposed} `)).toBe('홍길동');
    expect(t.safeParse('홍길동전').success).toBe(false);
  });

  it('every schema that takes a name or a note goes through the rule (the application form and the quote)', () => {
    const customer = { name: '하나\u0000콜', businessNumber: '102-81-42945', representative: '홍길동', address: '서울', phone: '02-1234-5678' };
    expect(customerInputSchema.safeParse(customer).error!.issues[0]!.path).toEqual(['name']);
    const quote = quoteSaveInputSchema.safeParse({ applicationId: '01900000-0000-7000-8000-000000000000', term: '36m', items: [{ code: 'asp-basic', quantity: 1 }], notes: '\u0085' });
    expect(quote.error!.issues[0]!.message).toContain('견적 비고');
  });

  it('a file name never holds a folder separator or points at . or ..', () => {
    const f = fileNameText('첨부파일 이름');
    for (const bad of ['../x.pdf', 'a/b.pdf', 'a\\b.pdf', '.', '..', 'a\u0000.pdf']) expect(f.safeParse(bad).success, bad).toBe(false);
    expect(f.parse('사업자등록증 (사본).pdf')).toBe('사업자등록증 (사본).pdf');
  });

  it('findUnsafeJson finds a control character or lone surrogate in any key or string at any depth, and nesting past the cap', () => {
    expect(findUnsafeJson({ a: [{ b: 'ok\nfine' }], c: 1, d: null })).toBeUndefined();
    expect(findUnsafeJson({ a: [{ b: 'x\u0000' }] })).toEqual({ path: 'a.0.b', problem: 'control' });
    expect(findUnsafeJson({ ['k\ud800']: 1 })).toEqual({ path: 'k\\ud800', problem: 'surrogate' });
    let deep: unknown = 1;
    for (let i = 0; i < MAX_JSON_DEPTH + 1; i++) deep = [deep];
    expect(findUnsafeJson(deep)?.problem).toBe('depth');
    let ok: unknown = 1;
    for (let i = 0; i < MAX_JSON_DEPTH; i++) ok = [ok];
    expect(findUnsafeJson(ok)).toBeUndefined();
  });

  it('printable writes every control character and lone surrogate as \\uXXXX and leaves the rest; the result passes the rule', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), fc.integer({ min: 0, max: 0x9f }), fc.integer({ min: 0xd800, max: 0xdfff }), (s, ctl, half) => {
        const text = `${s}${String.fromCharCode(ctl)}${String.fromCharCode(half)}`;
        const out = printable(text);
        expect(textProblem(out)).toBeUndefined();
        expect(out).toContain(`\\u${half.toString(16)}`);
      }),
      { numRuns: 200 },
    );
    expect(printable('한글 ok')).toBe('한글 ok');
    expect(findUnsafeJson(printableJson({ ['a\u0000']: ['\udc00'] }))).toBeUndefined();
  });
});

describe('findUnsafeJson: the one-scan fast path agrees with the exact walk', () => {
  it('for generated JSON full of control characters, lone surrogates, escapes, line breaks in keys and deep nesting', () => {
    const char = fc.oneof(
      fc.integer({ min: 0, max: 0xa0 }).map((c) => String.fromCharCode(c)),
      fc.integer({ min: 0xd7f0, max: 0xe010 }).map((c) => String.fromCharCode(c)),
      fc.constantFrom('\\', '"', ':', 'u', 'b', 'n', 'f', '0', '한', '😀'),
    );
    const text = fc.array(char, { maxLength: 8 }).map((cs) => cs.join(''));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'medium', maxDepth: 40 }, text, fc.integer(), fc.constant(null), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(text, tie('node'), { maxKeys: 3 })),
    })).node;
    fc.assert(
      fc.property(value, fc.integer({ min: 1, max: 8 }), (v, depth) => {
        expect(findUnsafeJson(v, depth)).toEqual(walkUnsafeJson(v, depth));
      }),
      { numRuns: 2000 },
    );
  });
});
