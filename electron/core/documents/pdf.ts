/**
 * Writes laid-out pages to a PDF with @cantoo/pdf-lib: Noto Sans KR Regular embedded as a subset,
 * a footer on every page (title, document id and version, page x/y, QR), signature images in
 * their areas. Output is a pure function of the input: dates come from the caller and subset tags
 * from the content, so the same input gives the same bytes.
 *
 * Bold text is the Regular glyphs filled and stroked (text render mode 2) with a line of
 * {@link EMBOLDEN} of the font size, as Chromium, LibreOffice and Word do for a face without a
 * bold weight. Embedding Noto Sans KR Bold as a second subset cost a quarter to a third of every
 * form's bytes (most Hangul used in bold is also used in regular, so each glyph was in the file
 * twice); stroked, a form is 0.36–0.42× Chromium's bytes instead of 0.45–0.57×. The layout still
 * measures bold text with the Bold face's advances, and character spacing (Tc) makes up the
 * difference, so lines, wrapping and page breaks are exactly those of real bold, and the text
 * extracts the same (pdftotext).
 */
import zlib from 'node:zlib';
import { PDFArray, PDFContentStream, PDFDocument, type PDFFont, type PDFImage, type PDFPage, type PDFRef, grayscale, rgb, type Color as PdfColor } from '@cantoo/pdf-lib';
import { sha256Hex } from '../../../shared/forms/sha256';
import { VOID_SIGNATURE_LABEL } from '../../../shared/forms/model';
import { loadFonts, textWidth, type FontSet } from './fonts';
import { FOOTER, type Color, type Layout, type Op, type PlacedArea, type Rect } from './layout';
import { qrRuns } from './qr';

interface Footer {
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
function subsetTag(seed: string): string {
  const hex = sha256Hex(seed);
  let tag = '';
  for (let i = 0; i < 6; i++) tag += String.fromCharCode(65 + (parseInt(hex.slice(i * 2, i * 2 + 2), 16) % 26));
  return tag;
}

/** The stroke that makes Regular glyphs bold, as a share of the font size (≈ Noto Sans KR 700's stems). */
const EMBOLDEN = 0.04;

function embedRegular(doc: PDFDocument, fonts: FontSet, seed: string): Promise<PDFFont> {
  const f = fonts.regular;
  return doc.embedFont(f.bytes, { subset: true, customName: `${subsetTag(`${seed}:${f.postscriptName}`)}+${f.postscriptName}` });
}

function flipRect(page: PDFPage, r: Rect): { x: number; y: number; w: number; h: number } {
  return { x: r.x, y: page.getHeight() - r.y - r.h, w: r.w, h: r.h };
}

/** A number as content-stream text, rounded to 1/100 pt (full float precision only bloats streams). */
const n = (v: number) => {
  const r = Math.round(v * 100) / 100;
  return r === 0 ? '0' : String(r);
};

const GRAY: Record<Color, number | [number, number, number]> = { text: 0, muted: 0.35, shade: 0.92, rule: 0.6, void: [0.82, 0.08, 0.08] };

/**
 * A page's drawing as content-stream text, written directly (no PDFOperator objects): fills,
 * then cell borders by line width, then all text in one BT…ET switching font, size and colour
 * only when they change.
 */
function shapesContent(H: number, ops: readonly Op[], out: string[]): void {
  const fills: string[] = [];
  const strokes = new Map<number, string[]>();
  for (const op of ops) {
    if (op.op === 'fill') fills.push(`${n(op.x)} ${n(H - op.y - op.h)} ${n(op.w)} ${n(op.h)} re`);
    else if (op.op === 'stroke') {
      const list = strokes.get(op.width) ?? [];
      list.push(`${n(op.x)} ${n(H - op.y - op.h)} ${n(op.w)} ${n(op.h)} re`);
      strokes.set(op.width, list);
    }
  }
  if (fills.length) out.push('0.92 g', ...fills, 'f');
  for (const [width, rects] of [...strokes.entries()].sort((a, b) => a[0] - b[0])) out.push(`${n(width)} w 0 G`, ...rects, 'S');
}

interface PageFont {
  font: PDFFont;
  key: string;
  /** Extra advance of bold over regular for a text at a size, in points. */
  boldExtra: (text: string, size: number) => number;
}

/**
 * Glyph ids as a literal string of 2-byte codes (Identity-H), escaped: half the bytes of the hex
 * form pdf-lib writes, which matters because text is most of a page's content stream.
 */
function glyphString(hex: string): string {
  let out = '(';
  for (let i = 0; i < hex.length; i += 2) {
    const b = parseInt(hex.slice(i, i + 2), 16);
    if (b === 0x28 || b === 0x29 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x0a) out += '\\n';
    else out += String.fromCharCode(b);
  }
  return `${out})`;
}

function textContent(H: number, ops: readonly { x: number; y: number; text: string; size: number; bold: boolean; color?: Color }[], f: PageFont, out: string[]): void {
  out.push('BT');
  let size = -1;
  let color: Color | undefined;
  // Bold = fill and stroke at EMBOLDEN × size (render mode 2); spacing keeps the Bold advances.
  let stroke = 0;
  let spacing = 0;
  // Positions as moves from the previous line's start (Td): shorter than a full matrix each time.
  let px = 0;
  let py = 0;
  for (const op of ops) {
    if (!op.text) continue;
    if (op.size !== size) {
      out.push(`${f.key} ${n(op.size)} Tf`);
      size = op.size;
    }
    const c = op.color ?? 'text';
    if (c !== color) {
      const g = GRAY[c];
      // The stroke colour follows the fill: bold text strokes its glyphs in the same colour.
      out.push(typeof g === 'number' ? `${n(g)} g ${n(g)} G` : `${g.map(n).join(' ')} rg ${g.map(n).join(' ')} RG`);
      color = c;
    }
    const w = op.bold ? Math.round(op.size * EMBOLDEN * 1000) / 1000 : 0;
    if (w !== stroke) {
      out.push(w ? `2 Tr ${w} w` : '0 Tr');
      stroke = w;
    }
    const tc = op.bold ? Math.round((f.boldExtra(op.text, op.size) / Math.max(1, [...op.text].length)) * 1000) / 1000 : 0;
    if (tc !== spacing) {
      out.push(`${tc} Tc`);
      spacing = tc;
    }
    const x = Math.round(op.x * 100) / 100;
    const y = Math.round((H - op.y) * 100) / 100;
    out.push(`${n(x - px)} ${n(y - py)} Td ${glyphString(f.font.encodeText(op.text).asString())} Tj`);
    px = x;
    py = y;
  }
  out.push('ET');
}

/**
 * The QR as a 1-bit stencil image (one pixel per module, painted black, never interpolated):
 * ~200 bytes per document instead of ~1.3 KB of rectangles, shared by all its pages.
 */
function qrXObject(doc: PDFDocument, payload: string): { ref: PDFRef; modules: number } {
  const { size, runs } = qrRuns(payload);
  const rowBytes = Math.ceil(size / 8);
  const bits = new Uint8Array(rowBytes * size);
  for (const r of runs) for (let c = r.col; c < r.col + r.len; c++) bits[r.row * rowBytes + (c >> 3)]! |= 0x80 >> (c & 7);
  const image = doc.context.flateStream(bits, {
    Type: 'XObject',
    Subtype: 'Image',
    Width: size,
    Height: size,
    ImageMask: true,
    BitsPerComponent: 1,
    Decode: [1, 0],
    Interpolate: false,
  });
  return { ref: doc.context.register(image), modules: size };
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
    page.drawRectangle({
      x: r.x + (r.w - w) / 2 - 3,
      y: r.y + r.h / 2 - size * 0.75,
      width: w + 6,
      height: size * 1.6,
      color: rgb(1, 1, 1),
      opacity: 0.85,
      borderColor: COLORS.void,
      borderWidth: 0.8,
    });
    page.drawText(VOID_SIGNATURE_LABEL, { x: r.x + (r.w - w) / 2, y: r.y + r.h / 2 - size * 0.35, size, font, color: COLORS.void });
  }
}

/** Writes the parts, in order, into one PDF. */
export async function writePdf(parts: readonly PdfPart[], meta: PdfMeta, fonts: FontSet = loadFonts()): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fonts.fontkit as Parameters<PDFDocument['registerFontkit']>[0]);
  const regular = await embedRegular(doc, fonts, `${meta.subject}|${meta.keywords.join('|')}`);
  const images = new Map<string, PDFImage>();
  const boldExtra = (text: string, size: number) => textWidth(fonts.bold, text, size) - textWidth(fonts.regular, text, size);
  const qrCache = new Map<string, { ref: PDFRef; modules: number }>();

  for (const part of parts) {
    const { layout, footer } = part;
    const count = layout.pages.length;
    const pages: PDFPage[] = [];
    let qr = qrCache.get(footer.qrPayload);
    if (!qr) {
      qr = qrXObject(doc, footer.qrPayload);
      qrCache.set(footer.qrPayload, qr);
    }
    for (let i = 0; i < count; i++) {
      const page = doc.addPage([layout.page.width, layout.page.height]);
      pages.push(page);
      const H = page.getHeight();
      const { margin, width } = layout.page;
      const reg: PageFont = { font: regular, key: page.node.newFontDictionary(regular.name, regular.ref).toString(), boldExtra };
      const qrKey = page.node.newXObject('QR', qr.ref).toString();
      const ops = layout.pages[i]!;
      // Footer: rule, two lines of identification, page x/y, and the QR at the bottom right.
      const qrTop = layout.page.height - FOOTER.bottomMargin - FOOTER.qrSize;
      const qrX = width - margin.right - FOOTER.qrSize;
      const ruleY = H - (qrTop - 2);
      const label = footer.pageLabel(i, count);
      const texts: { x: number; y: number; text: string; size: number; bold: boolean; color?: Color }[] = ops.filter((o) => o.op === 'text');
      footer.lines.slice(0, 2).forEach((line, k) => texts.push({ x: margin.left, y: qrTop - 2 + 11 + k * 10, text: line, size: 7, bold: false, color: 'muted' }));
      texts.push({ x: qrX - 10 - textWidth(fonts.regular, label, 9), y: qrTop - 2 + 12, text: label, size: 9, bold: false });
      const out: string[] = ['q'];
      shapesContent(H, ops, out);
      out.push(`0.4 w 0.6 G ${n(margin.left)} ${n(ruleY)} m ${n(qrX - 8)} ${n(ruleY)} l S`);
      textContent(H, texts, reg, out);
      out.push(`q 0 g ${n(FOOTER.qrSize)} 0 0 ${n(FOOTER.qrSize)} ${n(qrX)} ${n(H - qrTop - FOOTER.qrSize)} cm ${qrKey} Do Q`, 'Q');
      const stream = doc.context.stream(zlib.deflateSync(Buffer.from(out.join('\n'), 'latin1')), { Filter: 'FlateDecode' });
      page.node.addContentStream(doc.context.register(stream));
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
  // Compress with Node's native zlib rather than pdf-lib's JavaScript deflate (≈ 5 ms of a
  // packet): page contents now, font files and CMaps as pdf-lib embeds them during save.
  for (const page of doc.getPages()) {
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
    for (const stream of streams) if (stream instanceof PDFContentStream) stream.updateContents(zlib.deflateSync(stream.getUnencodedContents()));
  }
  const context = doc.context;
  context.flateStream = (contents, dict = {}) => context.stream(zlib.deflateSync(typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents), { ...dict, Filter: 'FlateDecode' });
  return doc.save({ useObjectStreams: true });
}
