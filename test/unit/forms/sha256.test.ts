import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../shared/forms/sha256';
import { stableJson } from '../../../shared/stable-json';

const node = (x: string | Uint8Array) => createHash('sha256').update(x).digest('hex');

describe('sha256Hex (pure, shared/)', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('agrees with node:crypto on Korean text and on every length around the 64-byte block edge', () => {
    expect(sha256Hex('olleh bizmeka 콜센터서비스 신청서')).toBe(node('olleh bizmeka 콜센터서비스 신청서'));
    for (let n = 50; n <= 130; n++) {
      const bytes = randomBytes(n);
      expect(sha256Hex(bytes), `length ${n}`).toBe(node(bytes));
    }
    const big = randomBytes(300_000);
    expect(sha256Hex(big)).toBe(node(big));
  });
});

describe('stableJson', () => {
  it('gives the same text whatever order the keys were built in', () => {
    expect(stableJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'ㄱ' } })).toBe(stableJson({ a: { c: 'ㄱ', d: [1, { x: 1, y: 2 }] }, b: 1 }));
    expect(stableJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('drops undefined fields like JSON.stringify and refuses non-finite numbers', () => {
    expect(stableJson({ a: undefined, b: null })).toBe('{"b":null}');
    expect(() => stableJson({ a: Number.NaN })).toThrow(RangeError);
  });
});
