/**
 * The price table (#3) and the quote are "just more templates": a table with a header row, money
 * columns and totals, and the 일금…원정 line. This proves the pieces they need work today.
 */
import { describe, expect, it } from 'vitest';
import type { Block } from '../../../shared/forms/blocks';
import { amountInWordsBlock, moneyCell, priceCell, totalsRows } from '../../../shared/forms/money-blocks';
import { loadFonts } from '../../../electron/core/documents/fonts';
import { layoutBlocks } from '../../../electron/core/documents/layout';
import { writePdf } from '../../../electron/core/documents/pdf';
import { metricsOf } from '../../../electron/core/documents/render';

const metrics = metricsOf(loadFonts());

function quoteLikeBlocks(): Block[] {
  const lines = [
    ['ASP 기본서비스', 30, 160_000],
    ['상담어플리케이션 Premium', 30, 76_500],
    ['녹음서비스', 30, 20_000],
  ] as const;
  const supply = lines.reduce((s, [, q, p]) => s + q * p, 0);
  const vat = Math.floor(supply / 10);
  return [
    { type: 'title', text: '견 적 서' },
    amountInWordsBlock(supply + vat),
    {
      type: 'table',
      columns: [0.46, 0.12, 0.2, 0.22],
      header: [[{ text: '품명' }, { text: '수량' }, { text: '단가(원)' }, { text: '금액(원)' }]],
      rows: [...lines.map(([name, q, p]) => [{ text: name }, moneyCell(q), moneyCell(p), moneyCell(q * p)]), ...totalsRows({ supply, vat, total: supply + vat }, 4)],
    },
  ];
}

describe('money blocks for the price table and the quote', () => {
  it('prints 공급가액 / 세액 / 합계 and refuses totals that do not add up', () => {
    expect(totalsRows({ supply: 7_695_000, vat: 769_500, total: 8_464_500 }, 4).map((r) => [r[0]!.text, r[1]!.text])).toEqual([
      ['공급가액', '7,695,000'],
      ['세액', '769,500'],
      ['합계', '8,464,500'],
    ]);
    expect(() => totalsRows({ supply: 100, vat: 10, total: 111 }, 4)).toThrow(RangeError);
  });

  it('money is integers: a fractional amount is refused, not rounded', () => {
    expect(() => moneyCell(1000.5)).toThrow(RangeError);
    expect(priceCell(260_000)).toMatchObject({ text: '260,000원', align: 'right' });
    expect(priceCell('별도 협정가')).toMatchObject({ text: '별도 협정가' });
  });

  it('writes the amount in words line: 일금 …원정 with the figure', () => {
    expect(amountInWordsBlock(1_200_000).text).toBe('일금 일백이십만원정 (₩1,200,000, 부가세 포함)');
  });

  it('lays money out right-aligned in its column, header and totals included, and renders to PDF', async () => {
    const blocks = quoteLikeBlocks();
    const layout = layoutBlocks(blocks, metrics);
    const money = layout.pages[0]!.filter((o) => o.op === 'text' && /^[\d,]+$/.test(o.text) && o.text.length > 3) as { x: number; text: string; size: number; bold: boolean }[];
    const right = (o: (typeof money)[number]) => Math.round((o.x + metrics.width(o.text, o.size, o.bold)) * 100) / 100;
    const amountColumn = money.filter((o) => right(o) > 480);
    expect(amountColumn.map((o) => o.text)).toEqual(['4,800,000', '2,295,000', '600,000', '7,695,000', '769,500', '8,464,500']);
    expect(new Set(amountColumn.map(right)).size).toBe(1); // one right edge for the 금액 column, totals included
    const bytes = await writePdf([{ layout, footer: { lines: ['견적서'], pageLabel: (i, n) => `${i + 1} / ${n}`, qrPayload: `salesdesk:doc:quote-1:${'0'.repeat(64)}` } }], {
      title: '견적서',
      subject: 'quote-1',
      keywords: [],
      date: new Date('2026-11-22T05:00:00Z'),
      creator: 'test',
    });
    expect(new TextDecoder('latin1').decode(bytes.subarray(0, 8))).toBe('%PDF-1.7');
  });
});
