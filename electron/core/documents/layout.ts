/**
 * Flow layout: blocks (shared/forms/blocks.ts) → pages of drawing operations. Everything is
 * placed relative to the page and its margins; templates never give coordinates. Positions here
 * are points from the page's top-left corner; the PDF writer flips them. Signature areas come
 * out as rectangles (and as fractions of the page, for on-screen signing over a preview).
 */
import type { Align, Block, Cell, SignatureLineBlock, TableBlock } from '../../../shared/forms/blocks';
import { checkText, SEAL_MARK } from '../../../shared/forms/blocks';
import type { SignatureAreaId } from '../../../shared/forms/model';
import { listMarker, wrapItems, wrapText } from './wrap';

export const MM = 72 / 25.4;

export interface PageSpec {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

/** Footer zone (below the content, above the bottom margin): page x/y, document id, QR. */
export const FOOTER = { qrSize: 20 * MM, bottomMargin: 15 * MM, gap: 4 * MM } as const;

/** A4 with ≥ 15 mm printable margins on every side; the bottom one also holds the footer. */
export const A4: PageSpec = {
  width: 595.28,
  height: 841.89,
  // Top: 15 mm plus room for the ascent of the first line (glyph boxes rise above the line box).
  margin: { top: 16 * MM, right: 18 * MM, bottom: FOOTER.bottomMargin + FOOTER.qrSize + FOOTER.gap, left: 18 * MM },
};

export interface Metrics {
  /** Width in points of `text` at `size`. */
  width(text: string, size: number, bold: boolean): number;
}

export type Color = 'text' | 'muted' | 'shade' | 'rule' | 'void';

export type Op =
  | { op: 'text'; x: number; y: number; text: string; size: number; bold: boolean; color?: Color }
  | { op: 'fill'; x: number; y: number; w: number; h: number; color: Color }
  | { op: 'stroke'; x: number; y: number; w: number; h: number; width: number };

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Where a signature goes: the whole area, and the square over the "(인)" mark for a seal. */
export interface PlacedArea {
  area: SignatureAreaId;
  /** 0-based page within this layout. */
  page: number;
  rect: Rect;
  mark: Rect;
}

export interface Layout {
  page: PageSpec;
  pages: Op[][];
  areas: PlacedArea[];
}

/** Area rectangles as fractions of the page (x, y from the top-left), for overlays on a preview. */
export function relativeAreas(layout: Layout): { area: SignatureAreaId; page: number; x: number; y: number; w: number; h: number }[] {
  const { width, height } = layout.page;
  return layout.areas.map((a) => ({
    area: a.area,
    page: a.page,
    x: a.rect.x / width,
    y: a.rect.y / height,
    w: a.rect.w / width,
    h: a.rect.h / height,
  }));
}

const BASE_SIZE = 9;
const LINE = 1.45; // paragraph line height, × size
const CELL_LINE = 1.32;
const PAD_X = 4;
const PAD_Y = 3.2;
const SIGN_HEIGHT = 40; // ≈ 14 mm: room for a seal
const BORDER = 0.5;
const OUTLINE = 0.9;

/** Baseline that centres a line of `size` text vertically in a box [top, top+height]. */
function baseline(top: number, height: number, size: number): number {
  return top + height / 2 + 0.36 * size;
}

class Flow {
  pages: Op[][] = [[]];
  areas: PlacedArea[] = [];
  y: number;
  readonly x0: number;
  readonly width: number;
  readonly top: number;

  constructor(
    readonly spec: PageSpec,
    readonly metrics: Metrics,
    readonly bottom: number,
  ) {
    this.top = spec.margin.top;
    this.y = this.top;
    this.x0 = spec.margin.left;
    this.width = spec.width - spec.margin.left - spec.margin.right;
  }

  get pageIndex(): number {
    return this.pages.length - 1;
  }

  get ops(): Op[] {
    return this.pages[this.pages.length - 1]!;
  }

  get atTop(): boolean {
    return this.y <= this.top + 0.01;
  }

  newPage(): void {
    this.pages.push([]);
    this.y = this.top;
  }

  /** Starts a new page unless `height` still fits (or we are already at the top). */
  ensure(height: number): void {
    if (this.y + height > this.bottom + 0.01 && !this.atTop) this.newPage();
  }

  w(text: string, size: number, bold: boolean): number {
    return this.metrics.width(text, size, bold);
  }

  text(x: number, y: number, text: string, size: number, bold = false, color?: Color): void {
    if (text) this.ops.push(color ? { op: 'text', x, y, text, size, bold, color } : { op: 'text', x, y, text, size, bold });
  }

  alignedX(align: Align | undefined, left: number, width: number, textWidth: number): number {
    if (align === 'center') return left + (width - textWidth) / 2;
    if (align === 'right') return left + width - textWidth;
    return left;
  }
}

/**
 * The height blocks take on an endless page: from its top, or (`atTop` false) further down, where
 * a heading's or paragraph's space above and a leading spacer count too.
 */
function measure(blocks: readonly Block[], spec: PageSpec, metrics: Metrics, atTop = true): number {
  const flow = new Flow(spec, metrics, Number.POSITIVE_INFINITY);
  const start = atTop ? flow.top : flow.top + 1;
  flow.y = start;
  layoutSequence(flow, blocks);
  return flow.y - start;
}

/** Moves to a new page unless `blocks` fit on what is left of this one, when they fit on an empty page. */
function keepOnOnePage(flow: Flow, blocks: readonly Block[]): boolean {
  if (flow.bottom === Number.POSITIVE_INFINITY) return true; // measuring: everything fits
  if (flow.atTop) return measure(blocks, flow.spec, flow.metrics) <= flow.bottom - flow.top;
  if (flow.y + measure(blocks, flow.spec, flow.metrics, false) <= flow.bottom + 0.01) return true;
  if (measure(blocks, flow.spec, flow.metrics) > flow.bottom - flow.top) return false;
  flow.newPage();
  return true;
}

const keepsWithPrevious = (b: Block | undefined): boolean => b?.type === 'keep' && b.keepWithPrevious === true;

/**
 * Lays blocks out in order. A block followed by a `keep` marked `keepWithPrevious` (spacers
 * between skipped) is laid out as one chain with it, so a signature never starts a page alone.
 */
function layoutSequence(flow: Flow, blocks: readonly Block[]): void {
  let i = 0;
  while (i < blocks.length) {
    let end = i + 1;
    if (blocks[i]!.type !== 'pageBreak') {
      for (;;) {
        let k = end;
        while (blocks[k]?.type === 'spacer') k++;
        if (!keepsWithPrevious(blocks[k])) break;
        end = k + 1;
      }
    }
    if (end === i + 1) layoutBlock(flow, blocks[i]!);
    else layoutChain(flow, blocks.slice(i, end));
    i = end;
  }
}

/** A block and the blocks kept with it: on one page; when taller than a page, the tail with the head's last part. */
function layoutChain(flow: Flow, chain: readonly Block[]): void {
  if (keepOnOnePage(flow, chain)) {
    for (const b of chain) layoutBlock(flow, b);
    return;
  }
  const [head, ...tail] = chain as [Block, ...Block[]];
  if (head.type === 'keep' && head.blocks.length > 1) {
    keepOnOnePage(flow, head.blocks);
    layoutSequence(flow, head.blocks.slice(0, -1));
    layoutChain(flow, [head.blocks[head.blocks.length - 1]!, ...tail]);
    return;
  }
  layoutBlock(flow, head);
  layoutSequence(flow, tail);
}

function layoutBlock(flow: Flow, block: Block): void {
  switch (block.type) {
    case 'tagLine': {
      const size = 8;
      flow.ensure(12);
      const y = baseline(flow.y, 12, size);
      flow.text(flow.x0, y, block.left, size, false, 'muted');
      if (block.right) flow.text(flow.x0 + flow.width - flow.w(block.right, size, false), y, block.right, size, false, 'muted');
      flow.y += 14;
      return;
    }
    case 'title': {
      const size = block.size ?? 16;
      const lines = wrapText(block.text, flow.width, (t) => flow.w(t, size, true));
      const lh = size * 1.3;
      flow.ensure(lines.length * lh + 14);
      flow.y += 2;
      for (const line of lines) {
        flow.text(flow.alignedX('center', flow.x0, flow.width, flow.w(line, size, true)), baseline(flow.y, lh, size), line, size, true);
        flow.y += lh;
      }
      flow.y += 10;
      return;
    }
    case 'heading': {
      const size = block.size ?? 10;
      const lh = size * 1.4;
      const lines = wrapText(block.text, flow.width, (t) => flow.w(t, size, true));
      // Keep a heading with at least two lines of what follows.
      flow.ensure(4 + lines.length * lh + 2 * BASE_SIZE * LINE);
      if (!flow.atTop) flow.y += 4;
      for (const line of lines) {
        flow.text(flow.x0, baseline(flow.y, lh, size), line, size, true);
        flow.y += lh;
      }
      flow.y += 1.5;
      return;
    }
    case 'paragraph': {
      const size = block.size ?? BASE_SIZE;
      const bold = block.bold ?? false;
      const lh = size * LINE;
      const indent = (block.indent ?? 0) * size * 1.5;
      const widthOf = (t: string) => flow.w(t, size, bold);
      const marker = block.hanging ? listMarker(block.text) : null;
      const hang = marker ? widthOf(marker) : 0;
      const avail = flow.width - indent;
      const lines = wrapText(block.text, avail - hang, widthOf, avail);
      if (block.gapBefore && !flow.atTop) flow.y += block.gapBefore;
      lines.forEach((line, i) => {
        flow.ensure(lh);
        const left = flow.x0 + indent + (i === 0 ? 0 : hang);
        const width = avail - (i === 0 ? 0 : hang);
        const x = flow.alignedX(block.align, left, width, widthOf(line));
        flow.text(x, baseline(flow.y, lh, size), line, size, bold, block.muted ? 'muted' : undefined);
        flow.y += lh;
      });
      return;
    }
    case 'table':
      layoutTable(flow, block);
      return;
    case 'signatureLine':
      layoutSignatureLine(flow, block);
      return;
    case 'spacer':
      if (!flow.atTop) flow.y += block.height;
      return;
    case 'pageBreak':
      if (!flow.atTop) flow.newPage();
      return;
    case 'keep':
      keepOnOnePage(flow, block.blocks);
      layoutSequence(flow, block.blocks);
      return;
  }
}

function layoutSignatureLine(flow: Flow, block: SignatureLineBlock): void {
  const size = 10;
  const gap = 14;
  const w = (t: string) => flow.w(t, size, false);
  const signerWidth = Math.max(block.signer ? w(block.signer) + 10 : 0, 70);
  const markWidth = w(SEAL_MARK);
  const lead = [block.before, block.role].filter(Boolean) as string[];
  const leadWidth = lead.reduce((s, t) => s + w(t), 0) + (lead.length > 1 ? gap : 0);
  const afterWidth = block.after ? gap + w(block.after) : 0;
  let total = leadWidth + 6 + signerWidth + markWidth + afterWidth;
  let leadOnOwnLine = false;
  if (total > flow.width) {
    // A long company name: the lead text goes on its own line above the signature.
    leadOnOwnLine = true;
    total = signerWidth + markWidth + afterWidth;
  }
  flow.ensure(SIGN_HEIGHT + (leadOnOwnLine ? size * LINE : 0));
  if (leadOnOwnLine) {
    layoutBlock(flow, { type: 'paragraph', text: lead.join('  '), size, align: block.align ?? 'right' });
  }
  let x = flow.alignedX(block.align ?? 'right', flow.x0, flow.width, total);
  const y = baseline(flow.y, SIGN_HEIGHT, size);
  if (!leadOnOwnLine) {
    lead.forEach((t, i) => {
      flow.text(x, y, t, size);
      x += w(t) + (i < lead.length - 1 ? gap : 0);
    });
    x += 6;
  }
  const areaLeft = x - 4;
  flow.text(x + (signerWidth - (block.signer ? w(block.signer) : 0)) / 2, y, block.signer, size);
  x += signerWidth;
  flow.text(x, y, SEAL_MARK, size);
  const markCenter = x + markWidth / 2;
  x += markWidth;
  const areaRight = x + 4;
  if (block.after) flow.text(x + gap, y, block.after, size);
  const mark = { x: markCenter - SIGN_HEIGHT / 2, y: flow.y, w: SIGN_HEIGHT, h: SIGN_HEIGHT };
  const left = Math.min(areaLeft, mark.x);
  const right = Math.max(areaRight, mark.x + mark.w);
  flow.areas.push({ area: block.area, page: flow.pageIndex, rect: { x: left, y: flow.y, w: right - left, h: SIGN_HEIGHT }, mark });
  flow.y += SIGN_HEIGHT;
}

interface PlacedCell {
  cell: Cell;
  row: number;
  col: number;
  colSpan: number;
  rowSpan: number;
  header: boolean;
  size: number;
  bold: boolean;
  lines: string[];
  lineHeight: number;
  height: number;
}

function cellLines(flow: Flow, cell: Cell, innerWidth: number, size: number, bold: boolean): string[] {
  const widthOf = (t: string) => flow.w(t, size, bold);
  if (cell.checks?.length) {
    const items = cell.checks.map(checkText);
    if (cell.text) items.push(cell.text);
    return wrapItems(items, '    ', innerWidth, widthOf);
  }
  const reserve = cell.signature ? widthOf(SEAL_MARK) + 8 : 0;
  return wrapText(cell.text ?? '', innerWidth - reserve, widthOf);
}

function layoutTable(flow: Flow, table: TableBlock): void {
  const total = table.columns.reduce((a, b) => a + b, 0);
  const widths = table.columns.map((c) => (c / total) * flow.width);
  const lefts = widths.map((_, i) => flow.x0 + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const baseSize = table.size ?? BASE_SIZE;
  const headerRows = table.header ?? [];
  const allRows = [...headerRows, ...table.rows];
  const nHeader = headerRows.length;

  // Place cells on the grid, as HTML does with colspan/rowspan.
  const occupied: boolean[][] = allRows.map(() => widths.map(() => false));
  const cells: PlacedCell[] = [];
  allRows.forEach((row, r) => {
    let col = 0;
    for (const cell of row) {
      while (col < widths.length && occupied[r]![col]) col++;
      if (col >= widths.length) break;
      const colSpan = Math.min(cell.colSpan ?? 1, widths.length - col);
      const rowSpan = Math.min(cell.rowSpan ?? 1, allRows.length - r);
      for (let rr = r; rr < r + rowSpan; rr++) for (let cc = col; cc < col + colSpan; cc++) occupied[rr]![cc] = true;
      const header = r < nHeader;
      const size = cell.size ?? baseSize;
      const bold = cell.bold ?? header;
      const inner = widths.slice(col, col + colSpan).reduce((a, b) => a + b, 0) - 2 * PAD_X;
      const lines = cellLines(flow, cell, inner, size, bold);
      const lineHeight = size * CELL_LINE;
      cells.push({ cell, row: r, col, colSpan, rowSpan, header, size, bold, lines, lineHeight, height: lines.length * lineHeight + 2 * PAD_Y });
      col += colSpan;
    }
  });

  const minBody = table.minRowHeight ?? 0;
  const rowHeights = allRows.map((_, r) => Math.max(r >= nHeader ? minBody : 0, baseSize * CELL_LINE + 2 * PAD_Y));
  for (const c of cells) if (c.rowSpan === 1) rowHeights[c.row] = Math.max(rowHeights[c.row]!, c.height);
  for (const c of cells) {
    if (c.rowSpan === 1) continue;
    const have = rowHeights.slice(c.row, c.row + c.rowSpan).reduce((a, b) => a + b, 0);
    if (c.height > have) rowHeights[c.row + c.rowSpan - 1]! += c.height - have;
  }

  // Bands: rows joined by a row-spanning cell never split across pages.
  const bandEnd = allRows.map((_, r) => r);
  for (const c of cells) for (let r = c.row; r < c.row + c.rowSpan; r++) bandEnd[r] = Math.max(bandEnd[r]!, c.row + c.rowSpan - 1);
  const bands: [number, number][] = [];
  for (let r = nHeader; r < allRows.length; ) {
    let end = bandEnd[r]!;
    for (let k = r; k <= end; k++) end = Math.max(end, bandEnd[k]!);
    bands.push([r, end]);
    r = end + 1;
  }
  const span = (a: number, b: number) => rowHeights.slice(a, b + 1).reduce((x, y) => x + y, 0);
  const headerHeight = nHeader ? span(0, nHeader - 1) : 0;
  const tableHeight = span(0, allRows.length - 1);

  if (table.keepTogether && tableHeight <= flow.bottom - flow.top) flow.ensure(tableHeight);
  const firstBand = bands[0] ? span(bands[0][0], bands[0][1]) : 0;
  flow.ensure(headerHeight + firstBand);

  let segmentTop = flow.y;
  const drawRows = (a: number, b: number) => {
    const top = flow.y;
    for (const c of cells) {
      if (c.row < a || c.row > b) continue;
      const x = lefts[c.col]!;
      const w = widths.slice(c.col, c.col + c.colSpan).reduce((p, q) => p + q, 0);
      const y = top + span(a, c.row - 1);
      const h = span(c.row, c.row + c.rowSpan - 1);
      drawCell(flow, c, x, y, w, h);
    }
    flow.y = top + span(a, b);
  };
  const closeSegment = () => {
    flow.ops.push({ op: 'stroke', x: flow.x0, y: segmentTop, w: flow.width, h: flow.y - segmentTop, width: OUTLINE });
  };
  if (nHeader) drawRows(0, nHeader - 1);
  for (const [a, b] of bands) {
    const h = span(a, b);
    if (flow.y + h > flow.bottom + 0.01 && flow.y > segmentTop + headerHeight + 0.01) {
      closeSegment();
      flow.newPage();
      segmentTop = flow.y;
      if (nHeader) drawRows(0, nHeader - 1);
    }
    drawRows(a, b);
  }
  closeSegment();
  flow.y += 2;
}

function drawCell(flow: Flow, c: PlacedCell, x: number, y: number, w: number, h: number): void {
  const { cell } = c;
  const shaded = c.header || cell.label;
  if (shaded) flow.ops.push({ op: 'fill', x, y, w, h, color: 'shade' });
  const align: Align = cell.align ?? (shaded ? 'center' : 'left');
  const blockHeight = c.lines.length * c.lineHeight;
  let lineTop = y + (h - blockHeight) / 2;
  const innerLeft = x + PAD_X;
  const innerWidth = w - 2 * PAD_X;
  const markWidth = cell.signature ? flow.w(SEAL_MARK, c.size, false) : 0;
  for (const line of c.lines) {
    const tw = flow.w(line, c.size, c.bold);
    const lx = flow.alignedX(align, innerLeft, innerWidth - (cell.signature ? markWidth + 8 : 0), tw);
    flow.text(lx, baseline(lineTop, c.lineHeight, c.size), line, c.size, c.bold);
    lineTop += c.lineHeight;
  }
  if (cell.signature) {
    const mx = x + w - PAD_X - markWidth;
    flow.text(mx, baseline(y, h, c.size), SEAL_MARK, c.size);
    const side = Math.min(h - 2, SIGN_HEIGHT);
    // Centred on the mark, but kept inside the cell.
    const mark = { x: Math.min(mx + markWidth / 2 - side / 2, x + w - 1 - side), y: y + (h - side) / 2, w: side, h: side };
    flow.areas.push({ area: cell.signature, page: flow.pageIndex, rect: { x: x + 1, y: y + 1, w: w - 2, h: h - 2 }, mark });
  }
  flow.ops.push({ op: 'stroke', x, y, w, h, width: BORDER });
}

/** Lays blocks out on pages of `spec`. */
export function layoutBlocks(blocks: readonly Block[], metrics: Metrics, spec: PageSpec = A4): Layout {
  const flow = new Flow(spec, metrics, spec.height - spec.margin.bottom);
  layoutSequence(flow, blocks);
  // A trailing page break leaves an empty last page: drop it.
  if (flow.pages.length > 1 && flow.ops.length === 0) flow.pages.pop();
  return { page: spec, pages: flow.pages, areas: flow.areas };
}
