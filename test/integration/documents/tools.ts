/** Poppler, LibreOffice and QR helpers for document tests (Debian: poppler-utils, libreoffice). */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

/**
 * Skips the test loudly when a tool is missing (DEVELOPERS.md: a test that cannot run here says so
 * and counts as skipped). `ctx` is vitest's test context.
 */
export function requireTools(ctx: { skip: (note?: string) => void }, ...names: string[]): void {
  const missing = names.filter((n) => !hasTool(n));
  if (missing.length) {
    const note = `SKIPPED: ${missing.join(', ')} not installed (apt-get install poppler-utils libreoffice-writer-nogui).`;
    console.warn(note);
    ctx.skip(note);
  }
}

export function pdftotext(file: string, opts: { first?: number; last?: number; layout?: boolean } = {}): string {
  const args = [...(opts.layout ? ['-layout'] : []), ...(opts.first ? ['-f', String(opts.first)] : []), ...(opts.last ? ['-l', String(opts.last)] : []), file, '-'];
  return execFileSync('pdftotext', args, { encoding: 'utf8' });
}

/** Text with every whitespace removed: Korean lines break anywhere, so compare without them. */
export const squash = (s: string) => s.replace(/\s+/g, '');

export interface PdfFont {
  name: string;
  type: string;
  emb: string;
  sub: string;
  uni: string;
}

export function pdffonts(file: string): PdfFont[] {
  const out = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  return out.map((line) => {
    const cols = line.trim().split(/\s+/);
    // name, type words…, encoding, emb, sub, uni, object id, gen
    const n = cols.length;
    return { name: cols[0]!, type: cols.slice(1, n - 6).join(' '), emb: cols[n - 5]!, sub: cols[n - 4]!, uni: cols[n - 3]! };
  });
}

/** Every page's content stream, uncompressed (qpdf --qdf), as latin1 text. */
export function contentStreams(file: string): string {
  return execFileSync('qpdf', ['--qdf', '--object-streams=disable', file, '-'], { encoding: 'latin1', maxBuffer: 64 * 1024 * 1024 });
}

export function pdfinfo(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of execFileSync('pdfinfo', [file], { encoding: 'utf8' }).split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) out[m[1]!.trim()] = m[2]!.trim();
  }
  return out;
}

export function pageCount(file: string): number {
  return Number(pdfinfo(file).Pages);
}

/** Renders one page to PNG (pdftoppm) and returns its pixels. */
export function renderPage(file: string, page: number, dpi: number): PNG {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdfpage-'));
  try {
    execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-f', String(page), '-l', String(page), '-singlefile', file, path.join(dir, 'p')]);
    return PNG.sync.read(fs.readFileSync(path.join(dir, 'p.png')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Decodes the QR code on a page rendered at 150 dpi. */
export function decodeQr(file: string, page: number): string | null {
  const png = renderPage(file, page, 150);
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

export const sha256OfFile = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** A PNG of w×h pixels painted by `paint(x, y)` → [r, g, b, a]. */
export function makePng(w: number, h: number, paint: (x: number, y: number) => [number, number, number, number]): Uint8Array {
  const png = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const [r, g, b, a] = paint(x, y);
      const i = (y * w + x) * 4;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = a;
    }
  return new Uint8Array(PNG.sync.write(png));
}

/** A red seal (직인): a thick ring with a bar, on a transparent background. */
export function sealPng(): Uint8Array {
  return makePng(120, 120, (x, y) => {
    const d = Math.hypot(x - 60, y - 60);
    const ring = d > 46 && d < 58;
    const bar = Math.abs(y - 60) < 6 && d < 46;
    return ring || bar ? [220, 20, 20, 255] : [0, 0, 0, 0];
  });
}

/** A drawn signature: a blue zig-zag stroke on a transparent background, 3:1. */
export function signaturePng(): Uint8Array {
  return makePng(300, 100, (x, y) => {
    const target = 50 + 35 * Math.sin(x / 18);
    return Math.abs(y - target) < 5 ? [20, 40, 200, 255] : [0, 0, 0, 0];
  });
}

/** Counts pixels of a page (rendered at `dpi`) matching `test` inside and outside a rectangle given as page fractions. */
export function countPixels(png: PNG, rect: { x: number; y: number; w: number; h: number }, test: (r: number, g: number, b: number) => boolean): { inside: number; outside: number } {
  let inside = 0;
  let outside = 0;
  const x0 = rect.x * png.width;
  const x1 = (rect.x + rect.w) * png.width;
  const y0 = rect.y * png.height;
  const y1 = (rect.y + rect.h) * png.height;
  for (let y = 0; y < png.height; y++)
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      if (!test(png.data[i]!, png.data[i + 1]!, png.data[i + 2]!)) continue;
      if (x >= x0 - 1 && x <= x1 + 1 && y >= y0 - 1 && y <= y1 + 1) inside++;
      else outside++;
    }
  return { inside, outside };
}

export function libreofficeToPdf(docx: string, outDir: string): string {
  execFileSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${path.join(outDir, 'lo-profile')}`, '--convert-to', 'pdf', '--outdir', outDir, docx], {
    stdio: 'pipe',
    timeout: 120_000,
  });
  return path.join(outDir, `${path.basename(docx, '.docx')}.pdf`);
}
