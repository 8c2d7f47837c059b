import { describe, expect, it } from 'vitest';
import { blockTexts, type Block } from '../../../shared/forms/blocks';
import { auditBlocks } from '../../../shared/forms/evidence';
import { buildForm1 } from '../../../shared/forms/form1';
import { buildForm2 } from '../../../shared/forms/form2';
import { buildForm4 } from '../../../shared/forms/form4';
import { buildForm5 } from '../../../shared/forms/form5';
import { buildForm6 } from '../../../shared/forms/form6';
import { loadFonts } from '../../../electron/core/documents/fonts';
import { A4, layoutBlocks, MM, relativeAreas } from '../../../electron/core/documents/layout';
import { fitInto } from '../../../electron/core/documents/pdf';
import { metricsOf } from '../../../electron/core/documents/render';
import { fixtureApplication } from '../../fixtures/documents/load';

const fonts = loadFonts();
const metrics = metricsOf(fonts);
const contacts = [{ company: '브리지텍', role: '서비스운용', person: '(담당자 미지정)', mobile: '(미지정)', tel: '' }];
const docs = () => {
  const app = fixtureApplication();
  return [buildForm1(app), buildForm2(app), buildForm4(fixtureApplication('application-before.json'), fixtureApplication('application-after.json')), buildForm5(app), buildForm6(contacts)];
};

describe('layout', () => {
  it('Noto Sans KR has a glyph for every character any form or the audit page prints', () => {
    const audit = auditBlocks({ title: 't', code: '양식 #1', docId: 'x', versionKey: 'a'.repeat(64), unsignedSha256: 'b'.repeat(64), pages: 3, issuedAt: '2026-11-22T05:00:00Z', signatures: [] });
    const chars = new Set([...docs().flatMap((d) => blockTexts(d.blocks)), ...blockTexts(audit), '무효 (내용 변경됨)'].join(''));
    const missing = [...chars].filter((ch) => ch !== '\n' && !fonts.regular.covers(ch.codePointAt(0)!));
    expect(missing).toEqual([]);
  });

  it('keeps every text, cell and signature area inside the 15 mm printable margins of A4', () => {
    const min = 15 * MM;
    for (const doc of docs()) {
      const layout = layoutBlocks(doc.blocks, metrics);
      for (const [p, ops] of layout.pages.entries()) {
        for (const op of ops) {
          const [x0, x1, y0, y1] = op.op === 'text' ? [op.x, op.x + metrics.width(op.text, op.size, op.bold), op.y - op.size, op.y + op.size * 0.3] : [op.x, op.x + op.w, op.y, op.y + op.h];
          const where = `form #${doc.form} page ${p + 1}: ${op.op === 'text' ? op.text : op.op}`;
          expect(x0, where).toBeGreaterThanOrEqual(min - 0.01);
          expect(x1, where).toBeLessThanOrEqual(A4.width - min + 0.01);
          expect(y0, where).toBeGreaterThanOrEqual(min - 0.01);
          // Content stays above the footer zone (QR and page x/y).
          expect(y1, where).toBeLessThanOrEqual(A4.height - A4.margin.bottom + 0.01);
        }
      }
      for (const a of relativeAreas(layout)) {
        expect(a.x).toBeGreaterThan(0);
        expect(a.x + a.w).toBeLessThan(1);
        expect(a.y + a.h).toBeLessThan(1);
      }
    }
  });

  it('places each signature area once, with a seal square over its "(인)" mark', () => {
    for (const doc of docs()) {
      const layout = layoutBlocks(doc.blocks, metrics);
      expect(layout.areas.map((a) => a.area).sort()).toEqual(doc.signatureAreas.map((a) => a.id).sort());
      for (const a of layout.areas) {
        expect(a.mark.w).toBeCloseTo(a.mark.h);
        expect(a.mark.x).toBeGreaterThanOrEqual(a.rect.x - 0.01);
        expect(a.mark.x + a.mark.w).toBeLessThanOrEqual(a.rect.x + a.rect.w + 0.01);
      }
    }
  });

  it('form #1 is 3 pages (application, then each consent on its own page); #2 fits on 2; #4, #5, #6 on 1', () => {
    expect(docs().map((d) => layoutBlocks(d.blocks, metrics).pages.length)).toEqual([3, 2, 1, 1, 1]);
  });

  it('repeats a table header on the next page when a table breaks', () => {
    const rows = Array.from({ length: 80 }, (_, i) => [{ text: `품목 ${i + 1}` }, { text: String(i) }]);
    const layout = layoutBlocks(
      [
        {
          type: 'table',
          columns: [0.7, 0.3],
          header: [
            [
              { text: '품명', label: true },
              { text: '수량', label: true },
            ],
          ],
          rows,
        },
      ],
      metrics,
    );
    expect(layout.pages.length).toBeGreaterThan(1);
    for (const page of layout.pages) expect(page.filter((o) => o.op === 'text' && o.text === '품명')).toHaveLength(1);
    const texts = layout.pages.flatMap((p) => p.filter((o) => o.op === 'text').map((o) => (o as { text: string }).text));
    expect(texts.filter((t) => t.startsWith('품목 '))).toHaveLength(80);
  });
});

describe('keep with previous', () => {
  const filler = (n: number): Block[] => Array.from({ length: n }, (_, i) => ({ type: 'paragraph', text: `본문 ${i + 1}` }));
  const section: Block = {
    type: 'keep',
    blocks: [
      { type: 'heading', text: '6. 기  타' },
      { type: 'paragraph', text: '① 마지막 절' },
    ],
  };
  const signature: Block = {
    type: 'keep',
    keepWithPrevious: true,
    blocks: [
      { type: 'paragraph', text: '신청일: 2026. 11. 22.' },
      { type: 'signatureLine', area: 'applicant', role: '신청인:', signer: '홍길동' },
    ],
  };
  const pageOf = (layout: ReturnType<typeof layoutBlocks>, text: string) => layout.pages.findIndex((ops) => ops.some((o) => o.op === 'text' && o.text === text));
  /** Paragraphs that leave between `room` and one line more at the bottom of page 1. */
  const fillTo = (room: number) => {
    const probe: Block = { type: 'table', columns: [1], rows: [[{ text: '' }]], minRowHeight: room };
    let n = 1;
    while (layoutBlocks([...filler(n + 1), probe], metrics).pages.length === 1) n++;
    return filler(n);
  };

  it('a signature line is never the only thing on a page: the section before it moves with it', () => {
    // Room for the section but not for the section and the signature.
    const blocks: Block[] = [...fillTo(80), section, { type: 'spacer', height: 6 }, signature];
    const layout = layoutBlocks(blocks, metrics);
    expect(layout.pages).toHaveLength(2);
    expect(pageOf(layout, '6. 기 타')).toBe(1);
    expect(pageOf(layout, '① 마지막 절')).toBe(1);
    expect(layout.areas[0]!.page).toBe(1);
    // Without the flag, the signature alone goes over.
    const loose = layoutBlocks([...fillTo(80), section, { type: 'spacer', height: 6 }, { ...signature, keepWithPrevious: false }], metrics);
    expect(pageOf(loose, '① 마지막 절')).toBe(0);
    expect(loose.areas[0]!.page).toBe(1);
  });

  it("when the section and the signature are taller than a page, the signature keeps with the section's last block", () => {
    // Every length from just over a page to two pages: wherever the last line lands, the signature is beside it.
    for (let n = 50; n <= 110; n++) {
      const long: Block = { type: 'keep', blocks: [{ type: 'heading', text: '긴 절' }, ...filler(n), { type: 'paragraph', text: '마지막 줄' }] };
      const layout = layoutBlocks([long, { type: 'spacer', height: 6 }, signature], metrics);
      expect(pageOf(layout, '마지막 줄'), `${n} lines`).toBe(layout.areas[0]!.page);
    }
  });
});

describe('fitInto', () => {
  it('keeps the image aspect ratio and centres it in the box', () => {
    expect(fitInto({ x: 0, y: 0, w: 100, h: 40 }, 200, 200)).toEqual({ x: 30, y: 0, w: 40, h: 40 });
    expect(fitInto({ x: 10, y: 10, w: 100, h: 100 }, 400, 100)).toEqual({ x: 10, y: 47.5, w: 100, h: 25 });
  });
});
