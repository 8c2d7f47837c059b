import fc from 'fast-check';

/**
 * Generators of hostile input shared by the HQ and contract fuzz suites: strings with control
 * characters, lone surrogates, decomposed Hangul and oversized runs; numbers at and past every
 * integer boundary; JSON nested past any limit; and mutations of a valid request that break
 * exactly one part of it, so most requests get past the outer checks and probe the inner ones.
 */

const controlChar = fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f })).map((c) => String.fromCharCode(c));
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const hangulJamo = fc.integer({ min: 0x1100, max: 0x11ff }).map((c) => String.fromCharCode(c));
const oddChar = fc.constantFrom('\u202e', '\u2066', '\ufeff', '\u200b', '\u2028', '\ufffe', '𝕏', '😀', '한', '"', "'", '\\', '/', '%', '<', '{', '$', '.');

const nastyChar = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: controlChar },
  { weight: 2, arbitrary: loneSurrogate },
  { weight: 1, arbitrary: hangulJamo },
  { weight: 2, arbitrary: oddChar },
);

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.array(nastyChar, { maxLength: 24 }).map((cs) => cs.join('')) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\u0000',
      'a\u0000b',
      '\ud800',
      'x\udc00',
      '\u0085',
      '\u001b[31m',
      '\r\n',
      '%00',
      '../../etc/passwd',
      '__proto__',
      'constructor',
      'null',
      '1e400',
      '-0',
      '9'.repeat(40),
      '\u1112\u1161\u11ab',
      'https://hq.example.co.kr',
      'J00000001',
      '2026-02-30',
      '0000-01-01T00:00:00Z',
      '00000000-0000-7000-8000-000000000000',
    ),
  },
  { weight: 1, arbitrary: fc.tuple(nastyChar, fc.integer({ min: 200, max: 6000 })).map(([c, n]) => c.repeat(n)) },
);

const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 32, -1, 0, -0, 0.5, 2 ** 53, 2 ** 53 + 2, 1e21, 1e308, -1e308, 5e-324, 1_000_000_000_001),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** JSON text nested `depth` deep (as text: building it as a value would recurse on stringify). */
export const deepJsonText = fc
  .tuple(fc.integer({ min: 30, max: 6000 }), fc.constantFrom('[', '{"a":'))
  .map(([depth, open]) => (open === '[' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`));

/** A placeholder string replaced by deep JSON text after stringifying (see `toJsonText`). */
const DEEP_MARK = '\u0001__DEEP__\u0001';

const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: nastyString },
  { weight: 3, arbitrary: nastyNumber },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null, [], {}) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(nastyString, nastyString, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.array(nastyString, { maxLength: 3 }) },
  { weight: 1, arbitrary: deepJsonText.map((t) => `${DEEP_MARK}${t}`) },
);

/** Every path into a JSON value (objects and arrays), the root first. */
function pathsOf(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...path, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...path, k], out);
  return out;
}

export interface Edit {
  pick: number;
  /** taint: one control character or lone surrogate slipped into an existing string, the rest left valid. */
  action: 'replace' | 'delete' | 'add' | 'wrap' | 'taint';
  value: unknown;
  key: string;
  char: string;
}

export const edit: fc.Arbitrary<Edit> = fc.record({
  // Unbiased: fast-check's usual bias toward small numbers would hit the root far too often.
  pick: fc.noBias(fc.nat()),
  action: fc.constantFrom('replace', 'replace', 'replace', 'delete', 'add', 'wrap', 'taint', 'taint', 'taint'),
  value: nastyValue,
  key: fc.oneof(nastyString, fc.constantFrom('__proto__', 'constructor', 'extra', 'id')),
  char: fc.oneof(controlChar, loneSurrogate),
});

/** A copy of `template` with the edits applied, each at a path picked among the current ones. */
export function applyEdits(template: unknown, edits: readonly Edit[]): unknown {
  let root: unknown = structuredClone(template);
  for (const e of edits) {
    // A copy of the edit's value: constants such as `{}` are one instance across edits and runs, and
    // an 'add' onto an inserted instance would otherwise make it contain itself (a circular value).
    const value = structuredClone(e.value);
    const all = pathsOf(root);
    const strings = all.filter((p) => typeof p.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root) === 'string');
    const paths = e.action === 'taint' && strings.length > 0 ? strings : all;
    const path = paths[e.pick % paths.length]!;
    if (e.action === 'taint' && strings.length > 0) {
      const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root) as Record<string | number, unknown>;
      const last = path[path.length - 1];
      if (last === undefined) {
        const text = root as string;
        const at = e.pick % (text.length + 1);
        root = text.slice(0, at) + e.char + text.slice(at);
      } else {
        const text = parent[last] as string;
        const at = e.pick % (text.length + 1);
        parent[last] = text.slice(0, at) + e.char + text.slice(at);
      }
      continue;
    }
    if (path.length === 0) {
      root = e.action === 'wrap' ? [root] : e.action === 'add' && root && typeof root === 'object' && !Array.isArray(root) ? { ...root, [e.key]: value } : value;
      continue;
    }
    const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root) as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    if (e.action === 'replace' || e.action === 'taint') parent[last] = value;
    else if (e.action === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else Reflect.deleteProperty(parent, last);
    } else if (e.action === 'wrap') parent[last] = [parent[last]];
    else {
      const target = parent[last];
      if (target && typeof target === 'object' && !Array.isArray(target)) Object.defineProperty(target, e.key, { value, enumerable: true, writable: true, configurable: true });
      else parent[last] = value;
    }
  }
  return root;
}

/** JSON text of a value, with deep-JSON placeholders put in as raw text. */
export function toJsonText(value: unknown): string | undefined {
  const text = JSON.stringify(value) as string | undefined;
  return text?.replace(/"\\u0001__DEEP__\\u0001(?:[^"\\]|\\.)*"/g, (literal) => (JSON.parse(literal) as string).slice(DEEP_MARK.length));
}

/** A template broken by one to three edits, or (sometimes) replaced by anything at all. */
export function hostile(template: unknown): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => applyEdits(template, edits)) },
    { weight: 1, arbitrary: nastyValue },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
  );
}

/** Rejects when `promise` takes longer than `ms`: a hang fails the property, it never stalls the run. */
export async function withinMs<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
