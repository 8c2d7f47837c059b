// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import i18n from '../../../renderer/src/i18n';
import { progressWords } from '../../../renderer/src/app/syncWords';

/** The sync progress line is in the UI's language (issue 11 item 12), whatever label the core sends. */
describe('sync progress words', () => {
  const pulling = { phase: 'pull', label: '본사 자료 받는 중', done: 12_000, total: 100_000 };

  it('names the phase in the UI language with grouped counts: Korean "본사 자료 받는 중 12,000/100,000", English without Hangul', async () => {
    await i18n.changeLanguage('ko');
    expect(progressWords(pulling, i18n.t)).toBe('본사 자료 받는 중 12,000/100,000');
    await i18n.changeLanguage('en');
    const english = progressWords(pulling, i18n.t);
    expect(english).toBe('Receiving HQ data 12,000/100,000');
    expect(progressWords({ ...pulling, phase: 'push', total: 0 }, i18n.t)).toBe('Sending changes');
    expect(english).not.toMatch(/[\uAC00-\uD7A3]/u);
    await i18n.changeLanguage('ko');
  });

  it("a phase this screen does not know shows the core's own label rather than a key", async () => {
    await i18n.changeLanguage('en');
    expect(progressWords({ phase: 'verify', label: '검사 중', done: 0, total: 0 }, i18n.t)).toBe('검사 중');
    await i18n.changeLanguage('ko');
  });
});
