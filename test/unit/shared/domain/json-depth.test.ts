import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonNestsDeeper } from '../../../../shared/domain/text';

function depthOf(v: unknown): number {
  if (Array.isArray(v)) return 1 + Math.max(0, ...v.map(depthOf));
  if (v && typeof v === 'object') return 1 + Math.max(0, ...Object.values(v).map(depthOf));
  return 0;
}

describe("HQ's JSON depth check before parsing", () => {
  it('says "deeper" exactly when the parsed value nests deeper than the cap, brackets inside strings and escapes not counted', () => {
    const strings = fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '"', '\\', 'a', '한') });
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, strings, fc.integer(), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(strings, tie('node'), { maxKeys: 3 })),
    })).node;
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 6 }), (v, max) => {
        expect(jsonNestsDeeper(JSON.stringify(v), max)).toBe(depthOf(v) > max);
      }),
      { numRuns: 500 },
    );
  });

  it('answers for 100,000 levels without recursing', () => {
    expect(jsonNestsDeeper(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 48)).toBe(true);
    expect(jsonNestsDeeper('{"a":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}', 2)).toBe(false);
  });
});
