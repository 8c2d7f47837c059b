import { describe, expect, it } from 'vitest';
import sampleRaw from '../../../resources/catalogs/sample-cc-cny-2025.json';
import { priceQuote } from '../../../shared/catalog/engine';
import { catalogSchema } from '../../../shared/catalog/schema';
import { blockTexts } from '../../../shared/forms/blocks';
import { buildForm3 } from '../../../shared/forms/form3';
import { buildQuote, quoteSourceFromApplication } from '../../../shared/forms/quote';
import { ktSupplier, variant } from '../../fixtures/documents/load';

/** The second operator's price list prints from data alone: its rating rules, per-call lines, currency words. */
const sample = catalogSchema.parse(sampleRaw);

describe("the second operator's price list on paper", () => {
  it("form #3 states each usage product's rating rules: minute round-up on a 6-second price, the fixed first 3 minutes, the volume tiers", () => {
    const notes = blockTexts(buildForm3(sample).blocks).join('\n');
    expect(notes).toContain('실제 사용량을 6초 단위로 과금합니다 (통화마다 1분 단위로 올림)');
    expect(notes).toContain('첫 180초 0.20 CNY, 이후 시작된 1분마다 과금');
    expect(notes).toContain('0분~ 0.10 CNY, 100,000분~ 0.08 CNY');
  });

  it('a quote line of rated calls reads "통화 3건" with its billed minutes; an estimate reads "월 예상"', () => {
    const a = variant((x) => {
      x.term = '12m';
      x.items = [{ code: 'vcc-seat', quantity: 5 }];
    });
    const q = priceQuote(sample, {
      term: '12m',
      items: [
        { code: 'vcc-seat', quantity: 5 },
        { code: 'hotline-calls', calls: [150, 181, 301] },
        { code: 'outbound-6s', quantity: 100 },
      ],
    });
    const doc = buildQuote(a, quoteSourceFromApplication(a, q), ktSupplier(), sample);
    expect(doc.content.monthlyLines.find((l) => l.code === 'hotline-calls')).toMatchObject({ spec: '1분 단위 (통화 3건, 13분)' });
    expect(doc.content.monthlyLines.find((l) => l.code === 'outbound-6s')).toMatchObject({ spec: '6초 단위 (월 예상 100분)' });
    expect(blockTexts(doc.blocks).join('\n')).toContain('人民币');
    expect(doc.content.termText).toBe('1년'); // the catalog's own name for its 12m column
  });
});
