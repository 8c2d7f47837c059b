/**
 * Writes laid-out pages to a PDF with @cantoo/pdf-lib: Noto Sans KR Regular/Bold embedded as
 * subsets, a footer on every page (title, document id and version, page x/y, QR), signature
 * images in their areas. Output is a pure function of the input: dates come from the caller and
 * subset tags from the content, so the same input gives the same bytes.
 */
import {
  PDFDocument,
  type PDFFont,
  type PDFImage,
  type PDFPage,
  grayscale,
  rgb,
  pushGraphicsState,
  popGraphicsState,
  setFillingGrayscaleColor,
  setStrokingGrayscaleColor,
  setLineWidth,
  rectangle,
  fill,
  stroke,
  type PDFOperator,
  type Color as PdfColor,
} from '@cantoo/pdf-lib';
import { sha256Hex } from '../../../shared/forms/sha256';
import { VOID_SIGNATURE_LABEL } from '../../../shared/forms/model';
import { loadFonts, textWidth, type FontSet } from './fonts';
import { FOOTER, type Color, type Layout, type Op, type PlacedArea, type Rect } from './layout';
import { qrRuns } from './qr';

export interface Footer {
  /** Up to two short lines at the bottom left. */
  lines: string[];
  /** "1 / 3" etc., by 0-based page index and page count. */
  pageLabel: (index: number, count: number) => string;
  qrPayload: string;
}

export interface SignatureImage {
  area: PlacedArea;
  png: Uint8Array;
  mark: 'signature' | 'seal';
  /** A signature given to an earlier version: drawn faded under "무효 (내용 변경됨)". */
  void: boolean;
}

/** One laid-out document inside the PDF (a packet has several, each with its own footer). */
export interface PdfPart {
  layout: Layout;
  footer: Footer;
  signatures?: readonly SignatureImage[];
}

export interface PdfMeta {
  title: string;
  subject: string;
  keywords: string[];
  /** Creation and modification date written into the file. */
  date: Date;
  creator: string;
}

const COLORS: Record<Color, PdfColor> = {
  text: grayscale(0),
  muted: grayscale(0.35),
  shade: grayscale(0.92),
  rule: grayscale(0.6),
  void: rgb(0.82, 0.08, 0.08),
};

/** Six capital letters naming a font subset (PDF 32000 §9.6.4), derived from the content. */
export function subsetTag(seed: string): string {
  const hex = sha256Hex(seed);
  let tag = '';
  for (let i = 0; i < 6; i++) tag += String.fromCharCode(65 + (parseInt(hex.slice(i * 2, i * 2 + 2), 16) % 26));
  return tag;
}

class FontCache {
  private regular?: PDFFont;
  private bold?: PDFFont;
  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: FontSet,
    private readonly seed: string,
  ) {}
  async get(bold: boolean): Promise<PDFFont> {
    if (bold) return (this.bold ??= await this.embed(true));
    return (this.regular ??= await this.embed(false));
  }
  private embed(bold: boolean): Promise<PDFFont> {
    const f = bold ? this.fonts.bold : this.fonts.regular;
    return this.doc.embedFont(f.bytes, { subset: true, customName: `${subsetTag(`${this.seed}:${f.postscriptName}`)}+${f.postscriptName}` });
  }
}

function flipRect(page: PDFPage, r: Rect): { x: number; y: number; w: number; h: number } {
  return { x: r.x, y: page.getHeight() - r.y - r.h, w: r.w, h: r.h };
}

function drawShapes(page: PDFPage, ops: readonly Op[]): void {
  const H = page.getHeight();
  const fills: PDFOperator[] = [];
  const strokes = new Map<number, PDFOperator[]>();
  for (const op of ops) {
    if (op.op === 'fill') fills.push(rectangle(op.x, H - op.y - op.h, op.w, op.h));
    else if (op.op === 'stroke') {
      const list = strokes.get(op.width) ?? [];
      list.push(rectangle(op.x, H - op.y - op.h, op.w, op.h));
      strokes.set(op.width, list);
    }
  }
  const out: PDFOperator[] = [pushGraphicsState()];
  if (fills.length) out.push(setFillingGrayscaleColor(0.92), ...fills, fill());
  for (const [width, rects] of [...strokes.entries()].sort((a, b) => a[0] - b[0])) {
    out.push(setLineWidth(width), setStrokingGrayscaleColor(0), ...rects, stroke());
  }
  out.push(popGraphicsState());
  page.pushOperators(...out);
}

function drawQr(page: PDFPage, payload: string, x: number, yTop: number, size: number): void {
  const { size: n, runs } = qrRuns(payload);
  const module = size / n;
  const H = page.getHeight();
  const ops: PDFOperator[] = [pushGraphicsState(), setFillingGrayscaleColor(0)];
  for (const r of runs) ops.push(rectangle(x + r.col * module, H - (yTop + (r.row + 1) * module), r.len * module, module));
  ops.push(fill(), popGraphicsState());
  page.pushOperators(...ops);
}

/** Fits an image of w×h into a box keeping its aspect ratio, centred. */
export function fitInto(box: Rect, w: number, h: number): Rect {
  const scale = Math.min(box.w / w, box.h / h);
  const fw = w * scale;
  const fh = h * scale;
  return { x: box.x + (box.w - fw) / 2, y: box.y + (box.h - fh) / 2, w: fw, h: fh };
}

async function drawSignature(doc: PDFDocument, page: PDFPage, sig: SignatureImage, images: Map<string, PDFImage>, font: PDFFont): Promise<void> {
  const key = sha256Hex(sig.png);
  let image = images.get(key);
  if (!image) {
    image = await doc.embedPng(sig.png);
    images.set(key, image);
  }
  const { rect, mark } = sig.area;
  const box = sig.mark === 'seal' ? { x: mark.x + 1, y: mark.y + 1, w: mark.w - 2, h: mark.h - 2 } : { x: rect.x + 2, y: rect.y + 2, w: rect.w - 4, h: rect.h - 4 };
  const placed = flipRect(page, fitInto(box, image.width, image.height));
  page.drawImage(image, { x: placed.x, y: placed.y, width: placed.w, height: placed.h, opacity: sig.void ? 0.3 : 1 });
  if (sig.void) {
    const r = flipRect(page, rect);
    page.drawLine({ start: { x: r.x, y: r.y }, end: { x: r.x + r.w, y: r.y + r.h }, thickness: 1.2, color: COLORS.void });
    const size = 9;
    const w = font.widthOfTextAtSize(VOID_SIGNATURE_LABEL, size);
    page.drawRectangle({ x: r.x + (r.w - w) / 2 - 3, y: r.y + r.h / 2 - size * 0.75, width: w + 6, height: size * 1.6, color: rgb(1, 1, 1), opacity: 0.85, borderColor: COLORS.void, borderWidth: 0.8 });
    page.drawText(VOID_SIGNATURE_LABEL, { x: r.x + (r.w - w) / 2, y: r.y + r.h / 2 - size * 0.35, size, font, color: COLORS.void });
  }
}

/** Writes the parts, in order, into one PDF. */
export async function writePdf(parts: readonly PdfPart[], meta: PdfMeta, fonts: FontSet = loadFonts()): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fonts.fontkit as Parameters<PDFDocument['registerFontkit']>[0]);
  const fontCache = new FontCache(doc, fonts, `${meta.subject}|${meta.keywords.join('|')}`);
  const regular = await fontCache.get(false);
  const images = new Map<string, PDFImage>();

  for (const part of parts) {
    const { layout, footer } = part;
    const count = layout.pages.length;
    const pages: PDFPage[] = [];
    for (let i = 0; i < count; i++) {
      const page = doc.addPage([layout.page.width, layout.page.height]);
      pages.push(page);
      const ops = layout.pages[i]!;
      drawShapes(page, ops);
      const H = page.getHeight();
      for (const op of ops) {
        if (op.op !== 'text') continue;
        const font = await fontCache.get(op.bold);
        page.drawText(op.text, { x: op.x, y: H - op.y, size: op.size, font, color: COLORS[op.color ?? 'text'] });
      }
      // Footer: rule, two lines of identification, page x/y, and the QR at the bottom right.
      const { margin, width } = layout.page;
      const qrTop = layout.page.height - FOOTER.bottomMargin - FOOTER.qrSize;
      const qrX = width - margin.right - FOOTER.qrSize;
      const ruleY = H - (qrTop - 2);
      page.drawLine({ start: { x: margin.left, y: ruleY }, end: { x: qrX - 8, y: ruleY }, thickness: 0.4, color: COLORS.rule });
      footer.lines.slice(0, 2).forEach((line, n) => {
        page.drawText(line, { x: margin.left, y: ruleY - 11 - n * 10, size: 7, font: regular, color: COLORS.muted });
      });
      const label = footer.pageLabel(i, count);
      const labelSize = 9;
      page.drawText(label, { x: qrX - 10 - textWidth(fonts.regular, label, labelSize), y: ruleY - 12, size: labelSize, font: regular, color: COLORS.text });
      drawQr(page, footer.qrPayload, qrX, qrTop, FOOTER.qrSize);
    }
    for (const sig of part.signatures ?? []) {
      const page = pages[sig.area.page];
      if (page) await drawSignature(doc, page, sig, images, regular);
    }
  }

  doc.setTitle(meta.title);
  doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setAuthor('SalesDesk');
  doc.setCreator(meta.creator);
  doc.setProducer('SalesDesk document engine (@cantoo/pdf-lib, fontkit)');
  doc.setLanguage('ko-KR');
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);
  return doc.save({ useObjectStreams: true });
}
