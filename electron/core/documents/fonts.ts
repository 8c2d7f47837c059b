/**
 * The Korean font of every printed document: Noto Sans KR (OFL-1.1, from the npm package
 * @expo-google-fonts/noto-sans-kr; licence in resources/licenses/). Regular is embedded as a
 * subset by @cantoo/pdf-lib; Bold is read for its advances only (the layout measures bold text
 * with them, and the PDF draws it as stroked Regular: see pdf.ts). DOCX names the family and
 * weight and leaves the face to Word.
 *
 * Speed: pdf-lib encodes and measures text through fontkit's `layout()`, which runs OpenType
 * shaping and costs ~50 ms for the two pages of form #2. Our forms print precomposed Hangul
 * syllables, Latin, digits and symbols — text that needs no shaping — so the font handed to
 * pdf-lib maps code points straight through the cmap (`glyphForCodePoint`). Widths the layout
 * measures are the same advances the PDF's /W array carries, so what we measure is what prints.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as fk from 'fontkit';
import type { Font, Fontkit, Glyph } from 'fontkit';

const require = createRequire(import.meta.url);
// fontkit is CommonJS: under ESM its API may sit on `default` (read indirectly so bundlers do not warn).
const fontkit = (Reflect.get(fk, 'default') ?? fk) as Fontkit;

export type FontWeight = 'regular' | 'bold';

export interface LoadedFont {
  weight: FontWeight;
  /** The TTF file's bytes (pdf-lib subsets from these). */
  bytes: Uint8Array;
  /** fontkit font whose layout() is a plain cmap lookup. */
  font: Font;
  postscriptName: string;
  /** Advance width of a code point in thousandths of an em (0 for line breaks). */
  advance(codePoint: number): number;
  /** Whether the font has a real glyph for the code point. */
  covers(codePoint: number): boolean;
}

export interface FontSet {
  regular: LoadedFont;
  bold: LoadedFont;
  /** The fontkit to register with pdf-lib: hands back these fonts for their bytes. */
  fontkit: Fontkit;
}

/** Where the Noto Sans KR TTF files are (the npm package, or SALESDESK_FONT_DIR when set). */
export function fontFiles(dir = process.env.SALESDESK_FONT_DIR): Record<FontWeight, string> {
  if (dir) return { regular: path.join(dir, 'NotoSansKR_400Regular.ttf'), bold: path.join(dir, 'NotoSansKR_700Bold.ttf') };
  const pkg = path.dirname(require.resolve('@expo-google-fonts/noto-sans-kr/package.json'));
  return {
    regular: path.join(pkg, '400Regular', 'NotoSansKR_400Regular.ttf'),
    bold: path.join(pkg, '700Bold', 'NotoSansKR_700Bold.ttf'),
  };
}

function fastLayoutFont(font: Font): Font {
  // fontkit walks the cmap on every lookup; each code point is looked up once per process.
  const cache = new Map<number, Glyph>();
  const glyphOf = (cp: number): Glyph => {
    let g = cache.get(cp);
    if (!g) {
      g = font.glyphForCodePoint(cp) ?? font.glyphForCodePoint(0x25a1)!;
      cache.set(cp, g);
    }
    return g;
  };
  const layout = (text: string) => {
    const glyphs: Glyph[] = [];
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i)!;
      if (cp > 0xffff) i++;
      glyphs.push(glyphOf(cp));
    }
    return { glyphs };
  };
  return new Proxy(font, {
    get(target, prop) {
      if (prop === 'layout') return layout;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

interface DecodableGlyph {
  _decode(): unknown;
}

/**
 * fontkit decodes a glyph's outline every time a subset includes it; outlines never change, so
 * each glyph object remembers its decoding (the subset only reads it).
 */
function memoiseGlyphDecoding(raw: Font): void {
  const font = raw as unknown as { getGlyph(id: number, codePoints?: number[]): DecodableGlyph };
  const getGlyph = font.getGlyph.bind(raw);
  const done = new WeakSet<DecodableGlyph>();
  font.getGlyph = (id, codePoints) => {
    const glyph = getGlyph(id, codePoints);
    if (!done.has(glyph)) {
      const decode = glyph._decode.bind(glyph);
      let decoded: unknown;
      let has = false;
      glyph._decode = () => {
        if (!has) {
          decoded = decode();
          has = true;
        }
        return decoded;
      };
      done.add(glyph);
    }
    return glyph;
  };
}

function load(weight: FontWeight, file: string): LoadedFont {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const raw = fontkit.create(bytes) as Font;
  memoiseGlyphDecoding(raw);
  const font = fastLayoutFont(raw);
  const scale = 1000 / raw.unitsPerEm;
  // Advances of the Basic Multilingual Plane, looked up once per code point (NaN = not yet).
  const bmp = new Float32Array(0x10000).fill(Number.NaN);
  const astral = new Map<number, number>();
  const lookup = (cp: number) => (cp === 10 || cp === 13 ? 0 : (raw.glyphForCodePoint(cp)?.advanceWidth ?? 1000) * scale);
  return {
    weight,
    bytes,
    font,
    postscriptName: raw.postscriptName ?? `NotoSansKR-${weight === 'bold' ? 'Bold' : 'Regular'}`,
    advance(cp) {
      if (cp < 0x10000) {
        let w = bmp[cp]!;
        if (Number.isNaN(w)) bmp[cp] = w = lookup(cp);
        return w;
      }
      let w = astral.get(cp);
      if (w === undefined) astral.set(cp, (w = lookup(cp)));
      return w;
    },
    covers(cp) {
      const g = raw.glyphForCodePoint(cp);
      return Boolean(g && g.id !== 0);
    },
  };
}

let cached: FontSet | undefined;

/** Loads both weights once per process (the files are 6 MB each; parsing is lazy). */
export function loadFonts(): FontSet {
  if (cached) return cached;
  const files = fontFiles();
  const regular = load('regular', files.regular);
  const bold = load('bold', files.bold);
  const byBytes = new Map<Uint8Array, Font>([
    [regular.bytes, regular.font],
    [bold.bytes, bold.font],
  ]);
  cached = {
    regular,
    bold,
    fontkit: {
      create(buffer: Uint8Array) {
        const known = byBytes.get(buffer);
        return known ?? fontkit.create(buffer);
      },
    },
  };
  return cached;
}

/** Width of a text in points. */
export function textWidth(font: LoadedFont, text: string, size: number): number {
  let w = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    w += font.advance(cp);
  }
  return (w * size) / 1000;
}
