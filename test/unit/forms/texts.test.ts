import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONSENT_COLLECTION, CONSENT_THIRD_PARTY, TERMS_ARTICLES, TERMS_PREAMBLE } from '../../../shared/forms/texts';

/**
 * The seed manual, kept in the repository so the verbatim check runs on every machine. When the
 * original is beside the repository (../shared/seeds, see PRODUCT.md), the copy must equal it.
 */
const SEED_NAME = 'bizmeka-callcenter-process-2014.txt';
const SEED_COPY = path.resolve(import.meta.dirname, '../../fixtures/seed', SEED_NAME);
const SEED_ORIGINAL = path.resolve(import.meta.dirname, '../../../../shared/seeds', SEED_NAME);

function seedText(): string {
  const copy = fs.readFileSync(SEED_COPY, 'utf8');
  if (fs.existsSync(SEED_ORIGINAL)) expect(copy, 'test/fixtures/seed differs from ../shared/seeds').toBe(fs.readFileSync(SEED_ORIGINAL, 'utf8'));
  return copy;
}

const squash = (s: string) => s.replace(/\s+/g, '');

describe('fixed texts come from the seed manual', () => {
  it('form #2 prints all 16 articles verbatim, line for line, as the seed has them', () => {
    const seed = seedText().split('\n');
    const start = seed.findIndex((l) => l.startsWith('청약자(이하'));
    const end = seed.findIndex((l) => l.startsWith('본 약관에 명시하지'));
    const seedLines = seed
      .slice(start, end + 1)
      .map((l) => l.trimEnd())
      .filter((l) => l.trim() !== '');
    const ours = [TERMS_PREAMBLE, ...TERMS_ARTICLES.flatMap((a) => [a.heading, ...a.paragraphs])];
    expect(ours).toEqual(seedLines);
    expect(TERMS_ARTICLES.map((a) => /^제 (\d+)조/.exec(a.heading)?.[1])).toEqual(Array.from({ length: 16 }, (_, i) => String(i + 1)));
  });

  it('each privacy-consent line is in the seed (U+2219 ∙ printed as the middle dot ·)', () => {
    const seed = squash(seedText().replace(/∙/g, '·'));
    for (const consent of [CONSENT_COLLECTION, CONSENT_THIRD_PARTY]) {
      for (const text of [consent.intro, ...consent.lines.map((l) => l.text), consent.closing]) {
        expect(seed.includes(squash(text)), text).toBe(true);
      }
    }
  });
});
