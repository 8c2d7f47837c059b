/**
 * Editable Word documents (DOCX) from the same blocks the PDFs are laid out from — the draft a
 * rep edits afterwards (#4 change request, and the quote once it exists). `blocksToDocx` is the
 * reusable helper: any template's blocks become paragraphs and bordered tables. DOCX files are
 * drafts: they carry the document id and version in the footer but no signatures and no QR.
 *
 * Font: "Noto Sans KR" for every script, declared in the font table with "맑은 고딕" (Malgun
 * Gothic, on every Korean Windows) as its alternative, so Word substitutes it where Noto Sans KR
 * is not installed.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeightRule,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IParagraphOptions,
  type IRunOptions,
} from 'docx';
import type { Align, Block, Cell } from '../../../shared/forms/blocks';
import { checkText, SEAL_MARK } from '../../../shared/forms/blocks';
import { A4, MM } from './layout';
import { listMarker } from './wrap';
import { rezip } from './zip';

export const DOCX_FONT = 'Noto Sans KR';
export const DOCX_FONT_FALLBACK = '맑은 고딕';

const TWIP_PER_PT = 20;
const twips = (pt: number) => Math.round(pt * TWIP_PER_PT);
const half = (pt: number) => Math.round(pt * 2);
const CONTENT_WIDTH_PT = A4.width - A4.margin.left - A4.margin.right;

const ALIGN: Record<Align, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
};

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;
const CELL_BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER };

/**
 * A run from its options. `TextRun` also takes a bare string, so an object literal given to it
 * directly is typed against `IRunOptions | string` and its `bold` reads as the deprecated
 * `String.prototype.bold`; typing the options as `IRunOptions` says which `bold` this is.
 */
function textRun(options: IRunOptions): TextRun {
  return new TextRun(options);
}

function run(text: string, size: number, opts: { bold?: boolean; muted?: boolean } = {}): TextRun {
  return textRun({ text, size: half(size), bold: opts.bold, color: opts.muted ? '595959' : undefined });
}

function para(text: string, size: number, options: Omit<IParagraphOptions, 'children'> & { bold?: boolean; muted?: boolean } = {}): Paragraph {
  const { bold, muted, ...rest } = options;
  const lines = text.split('\n');
  const children: TextRun[] = [];
  lines.forEach((line, i) => {
    children.push(i === 0 ? run(line, size, { bold, muted }) : textRun({ text: line, size: half(size), bold, break: 1 }));
  });
  return new Paragraph({ spacing: { after: 0, line: 276, lineRule: LineRuleType.AUTO }, ...rest, children });
}

function cellParagraphs(cell: Cell, size: number, bold: boolean, align: Align): Paragraph[] {
  if (cell.checks?.length) {
    const text = [...cell.checks.map(checkText), ...(cell.text ? [cell.text] : [])].join('    ');
    return [para(text, size, { bold, alignment: ALIGN[align] })];
  }
  if (cell.signature) {
    // Name at the left, "(인)" at the right edge of the cell.
    return [
      new Paragraph({
        tabStops: [{ type: TabStopType.RIGHT, position: 9000 }],
        children: [run(cell.text ?? '', size, { bold }), new TextRun({ text: `\t${SEAL_MARK}`, size: half(size) })],
      }),
    ];
  }
  return [para(cell.text ?? '', size, { bold, alignment: ALIGN[align] })];
}

function tableOf(block: Extract<Block, { type: 'table' }>): Table {
  const total = block.columns.reduce((a, b) => a + b, 0);
  const widths = block.columns.map((c) => twips((c / total) * CONTENT_WIDTH_PT));
  const size = block.size ?? 9;
  const header = block.header ?? [];
  const toRow = (cells: readonly Cell[], isHeader: boolean, startCol: (i: number) => number) =>
    new TableRow({
      tableHeader: isHeader || undefined,
      cantSplit: true,
      height: !isHeader && block.minRowHeight ? { value: twips(block.minRowHeight), rule: HeightRule.ATLEAST } : undefined,
      children: cells.map((cell, i) => {
        const shaded = isHeader || cell.label;
        const align: Align = cell.align ?? (shaded ? 'center' : 'left');
        const col = startCol(i);
        const span = cell.colSpan ?? 1;
        return new TableCell({
          children: cellParagraphs(cell, cell.size ?? size, cell.bold ?? isHeader, align),
          columnSpan: span > 1 ? span : undefined,
          rowSpan: (cell.rowSpan ?? 1) > 1 ? cell.rowSpan : undefined,
          width: { size: widths.slice(col, col + span).reduce((a, b) => a + b, 0), type: WidthType.DXA },
          shading: shaded ? { fill: 'EBEBEB' } : undefined,
          verticalAlign: VerticalAlignTable.CENTER,
          margins: { left: 80, right: 80, top: 40, bottom: 40 },
          borders: CELL_BORDERS,
        });
      }),
    });
  // Column of each cell, skipping columns covered by row spans from above (as in the PDF layout).
  const all = [...header, ...block.rows];
  const occupied = all.map(() => widths.map(() => false));
  const cols: number[][] = all.map((row, r) => {
    let col = 0;
    return row.map((cell) => {
      while (col < widths.length && occupied[r]![col]) col++;
      const start = col;
      for (let rr = r; rr < Math.min(all.length, r + (cell.rowSpan ?? 1)); rr++) for (let cc = col; cc < Math.min(widths.length, col + (cell.colSpan ?? 1)); cc++) occupied[rr]![cc] = true;
      col += cell.colSpan ?? 1;
      return start;
    });
  });
  return new Table({
    columnWidths: widths,
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER },
    rows: all.map((cells, r) => toRow(cells, r < header.length, (i) => cols[r]![i]!)),
  });
}

function blockChildren(block: Block, keepNext = false): (Paragraph | Table)[] {
  switch (block.type) {
    case 'tagLine':
      return [
        new Paragraph({
          tabStops: [{ type: TabStopType.RIGHT, position: twips(CONTENT_WIDTH_PT) }],
          children: [run(block.left, 8, { muted: true }), ...(block.right ? [new TextRun({ text: `\t${block.right}`, size: 16, color: '595959' })] : [])],
        }),
      ];
    case 'title':
      return [para(block.text, block.size ?? 16, { bold: true, alignment: AlignmentType.CENTER, spacing: { before: 80, after: 200 }, keepNext: true })];
    case 'heading':
      return [para(block.text, block.size ?? 10, { bold: true, spacing: { before: 160, after: 60 }, keepNext: true })];
    case 'paragraph': {
      const size = block.size ?? 9;
      const indentPt = (block.indent ?? 0) * size * 1.5;
      const marker = block.hanging ? listMarker(block.text) : null;
      // A hanging indent as wide as the list marker, roughly (Word measures with its own font).
      const hangingPt = marker ? [...marker].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2000 ? size : size * 0.55), 0) : 0;
      return [
        para(block.text, size, {
          bold: block.bold,
          muted: block.muted,
          alignment: ALIGN[block.align ?? 'left'],
          indent: { left: twips(indentPt + hangingPt), hanging: hangingPt ? twips(hangingPt) : undefined },
          spacing: { before: block.gapBefore ? twips(block.gapBefore) : 0, after: 0 },
          keepNext,
        }),
      ];
    }
    case 'table':
      return [tableOf(block), new Paragraph({ spacing: { after: 0 }, children: [] })];
    case 'signatureLine': {
      const parts = [block.before, block.role, block.signer || '            ', SEAL_MARK, block.after].filter(Boolean);
      return [para(parts.join('   '), 10, { alignment: ALIGN[block.align ?? 'right'], spacing: { before: 240, after: 240 }, keepNext })];
    }
    case 'spacer':
      return [new Paragraph({ spacing: { before: twips(block.height), after: 0 }, keepNext, children: [] })];
    case 'pageBreak':
      return [new Paragraph({ pageBreakBefore: true, children: [] })];
    case 'keep':
      return block.blocks.flatMap((b, i) => blockChildren(b, keepNext || i < block.blocks.length - 1));
  }
}

/** Whether a `keep` marked `keepWithPrevious` follows block `i` (spacers between skipped): Word keeps them together. */
function keptWithNext(blocks: readonly Block[], i: number): boolean {
  let k = i + 1;
  while (blocks[k]?.type === 'spacer') k++;
  const next = blocks[k];
  return next?.type === 'keep' && next.keepWithPrevious === true;
}

export interface DocxDocument {
  title: string;
  /** Footer line (e.g. "양식 #4 … · 문서 ID … · 버전 …"). */
  footer: string;
  blocks: readonly Block[];
}

const FONT_TABLE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:font w:name="${DOCX_FONT}"><w:altName w:val="${DOCX_FONT_FALLBACK}"/><w:charset w:val="81"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font><w:font w:name="${DOCX_FONT_FALLBACK}"><w:altName w:val="Malgun Gothic"/><w:charset w:val="81"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font></w:fonts>`;

/** Renders documents (one section each, in order) to DOCX bytes. */
export async function blocksToDocx(documents: readonly DocxDocument[], meta: { title: string; creator: string; date: Date }): Promise<Uint8Array> {
  const doc = new Document({
    title: meta.title,
    creator: meta.creator,
    lastModifiedBy: meta.creator,
    description: 'SalesDesk',
    styles: {
      default: {
        document: {
          run: { font: { ascii: DOCX_FONT, hAnsi: DOCX_FONT, eastAsia: DOCX_FONT, cs: DOCX_FONT }, size: 18 },
        },
      },
    },
    sections: documents.map((d) => ({
      properties: {
        page: {
          size: { width: twips(A4.width), height: twips(A4.height) },
          margin: { top: twips(15 * MM), bottom: twips(20 * MM), left: twips(A4.margin.left), right: twips(A4.margin.right), footer: twips(8 * MM) },
        },
      },
      footers: {
        default: new Footer({
          children: [
            new Paragraph({
              tabStops: [{ type: TabStopType.RIGHT, position: twips(CONTENT_WIDTH_PT) }],
              children: [new TextRun({ text: d.footer, size: 14, color: '595959' }), new TextRun({ children: ['\t', PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES], size: 16 })],
            }),
          ],
        }),
      },
      children: d.blocks.flatMap((b, i) => blockChildren(b, keptWithNext(d.blocks, i))),
    })),
  });
  const buffer = await Packer.pack(doc, 'nodebuffer', false, [{ path: 'word/fontTable.xml', data: FONT_TABLE }]);
  return fixDocxDates(new Uint8Array(buffer), meta.date);
}

/**
 * docx stamps core.xml with the current time and zips with today's file dates; rewrite both from
 * `date` so the same input gives the same bytes.
 */
function fixDocxDates(bytes: Uint8Array, date: Date): Uint8Array {
  return rezip(bytes, date, (name, data) => {
    if (name !== 'docProps/core.xml') return data;
    const iso = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const text = new TextDecoder().decode(data).replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g, `$1${iso}$2`);
    return new TextEncoder().encode(text);
  });
}
