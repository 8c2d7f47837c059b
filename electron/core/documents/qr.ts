/**
 * QR codes drawn as vector rectangles (one per horizontal run of dark modules), so a page's QR
 * costs a few hundred bytes and prints sharp at any resolution.
 */
import QRCode from 'qrcode';

export interface QrRuns {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** Dark runs in module units: row, first column, length. */
  runs: { row: number; col: number; len: number }[];
}

const cache = new Map<string, QrRuns>();

/** Error correction M (15 %): survives a smudge or a fold on paper. */
export function qrRuns(payload: string): QrRuns {
  const hit = cache.get(payload);
  if (hit) return hit;
  const { modules } = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  const runs: QrRuns['runs'] = [];
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && modules.get(row, col)) col++;
      runs.push({ row, col: start, len: col - start });
    }
  }
  const result = { size, runs };
  if (cache.size > 256) cache.clear();
  cache.set(payload, result);
  return result;
}

/** The same QR as an SVG element (for the HTML rendering of a document). */
export function qrSvg(payload: string, sizeCss: string): string {
  const { size, runs } = qrRuns(payload);
  const q = 4;
  const path = runs.map((r) => `M${r.col + q} ${r.row + q}h${r.len}v1h-${r.len}z`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${sizeCss}" height="${sizeCss}" viewBox="0 0 ${size + 2 * q} ${size + 2 * q}" shape-rendering="crispEdges"><path d="${path}"/></svg>`;
}
