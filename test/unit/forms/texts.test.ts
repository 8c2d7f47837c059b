import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONSENT_COLLECTION, CONSENT_THIRD_PARTY, TERMS_ARTICLES, TERMS_PREAMBLE } from '../../../shared/forms/texts';

/** The seed lives beside the repository: ../shared/seeds (see PRODUCT.md). */
const SEED = path.resolve(import.meta.dirname, '../../../../shared/seeds/bizmeka-callcenter-process-2014.txt');

function seedText(skip: (note: string) => void): string {
  if (!fs.existsSync(SEED)) {
    const note = `SKIPPED: the seed manual is not at ${SEED}; the verbatim check of form #2 cannot run here.`;
    console.warn(note);
    skip(note);
  }
  return fs.readFileSync(SEED, 'utf8');
}

const squash = (s: string) => s.replace(/\s+/g, '');

describe('fixed texts come from the seed manual', () => {
  it('form #2 prints all 16 articles verbatim, line for line, as the seed has them', (ctx) => {
    const seed = seedText((n) => ctx.skip(n)).split('\n');
    const start = seed.findIndex((l) => l.startsWith('청약자(이하'));
    const end = seed.findIndex((l) => l.startsWith('본 약관에 명시하지'));
    const seedLines = seed.slice(start, end + 1).map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
    const ours = [TERMS_PREAMBLE, ...TERMS_ARTICLES.flatMap((a) => [a.heading, ...a.paragraphs])];
    expect(ours).toEqual(seedLines);
    expect(TERMS_ARTICLES.map((a) => /^제 (\d+)조/.exec(a.heading)?.[1])).toEqual(Array.from({ length: 16 }, (_, i) => String(i + 1)));
  });

  it('each privacy-consent line is in the seed (U+2219 ∙ printed as the middle dot ·)', (ctx) => {
    const seed = squash(seedText((n) => ctx.skip(n)).replace(/∙/g, '·'));
    for (const consent of [CONSENT_COLLECTION, CONSENT_THIRD_PARTY]) {
      for (const text of [consent.intro, ...consent.lines.map((l) => l.text), consent.closing]) {
        expect(seed.includes(squash(text)), text).toBe(true);
      }
    }
  });
});
