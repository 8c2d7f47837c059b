import { describe, expect, it } from 'vitest';
import { applyEdits, toJsonText, type Edit } from './arbitraries';

const edit = (pick: number, action: Edit['action'], value: unknown): Edit => ({ pick, action, value, key: 'k', char: '\u0000' });

describe('the fuzzers’ edit generator', () => {
  it('one value instance inserted by two edits (fast-check constants such as {} are shared) never makes a circular request, and the shared instance is left as it was', () => {
    const shared = {};
    // Replace `a` with the instance, then add a key to it whose value is the same instance.
    const edited = applyEdits({ a: 1 }, [edit(1, 'replace', shared), edit(1, 'add', shared)]);
    expect(toJsonText(edited)).toBe('{"a":{"k":{}}}');
    expect(shared).toEqual({});
  });
});
