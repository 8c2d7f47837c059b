import { describe, expect, it } from 'vitest';
import { ko as appKo } from '../../../renderer/src/i18n/ko';
import { en as appEn } from '../../../renderer/src/i18n/en';
import { ko as consoleKo } from '../../../renderer/console/i18n/ko';
import { en as consoleEn } from '../../../renderer/console/i18n/en';

/** Every leaf of a resource tree as "a.b.c" → text. */
function leaves(tree: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

const params = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
const HANGUL = /[\uac00-\ud7a3]/;

describe.each([
  ['the rep app', appKo, appEn],
  ['the HQ console', consoleKo, consoleEn],
])('UI texts of %s (issue 11, item 12)', (_name, ko, en) => {
  const k = leaves(ko);
  const e = leaves(en);

  it('Korean and English have exactly the same keys', () => {
    expect([...e.keys()].sort()).toEqual([...k.keys()].sort());
  });

  it('each English text uses the same {{params}} as its Korean one', () => {
    const differ = [...k].filter(([key, text]) => JSON.stringify(params(text)) !== JSON.stringify(params(e.get(key) ?? '')));
    expect(differ.map(([key]) => key)).toEqual([]);
  });

  it('no English text is Korean, except the name of the language to switch to', () => {
    const korean = [...e].filter(([key, text]) => HANGUL.test(text) && key !== 'app.language');
    expect(korean).toEqual([]);
  });
});
