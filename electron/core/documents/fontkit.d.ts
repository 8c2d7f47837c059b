/**
 * fontkit 2 ships no type declarations. These are the parts we (and @cantoo/pdf-lib, whose
 * `registerFontkit` takes any structurally compatible engine) use.
 */
declare module 'fontkit' {
  export interface Glyph {
    id: number;
    codePoints: number[];
    advanceWidth: number;
  }
  export interface Font {
    postscriptName: string | null;
    unitsPerEm: number;
    ascent: number;
    descent: number;
    glyphForCodePoint(codePoint: number): Glyph | null;
    layout(text: string, features?: unknown): { glyphs: Glyph[] };
    createSubset(): unknown;
  }
  export interface Fontkit {
    create(buffer: Uint8Array, postscriptName?: string): unknown;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): unknown;
  // No default export: fontkit's ESM build (dist/module.mjs) has named exports only; the
  // CommonJS build shows up as `default` only through a bundler's interop (see fonts.ts).
}
