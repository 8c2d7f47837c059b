/**
 * The same blocks as HTML + CSS (A4 print styles). Used by the benchmark to render equivalent
 * content with Chromium's page.pdf(), and usable as a quick preview. Not used for the PDFs we ship.
 */
import type { Align, Block, Cell } from '../../../shared/forms/blocks';
import { checkText, SEAL_MARK } from '../../../shared/forms/blocks';
import { MM, A4 } from './layout';
import { listMarker } from './wrap';

const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const br = (t: string) => esc(t).replace(/\n/g, '<br>');

function cellHtml(cell: Cell, header: boolean): string {
  const tag = header ? 'th' : 'td';
  const attrs: string[] = [];
  if (cell.colSpan && cell.colSpan > 1) attrs.push(`colspan="${cell.colSpan}"`);
  if (cell.rowSpan && cell.rowSpan > 1) attrs.push(`rowspan="${cell.rowSpan}"`);
  const cls = [cell.label ? 'l' : '', cell.align ? `a-${cell.align}` : ''].filter(Boolean).join(' ');
  if (cls) attrs.push(`class="${cls}"`);
  let body: string;
  if (cell.checks?.length) body = [...cell.checks.map(checkText), ...(cell.text ? [cell.text] : [])].map((t) => `<span class="ck">${esc(t)}</span>`).join('');
  else if (cell.signature) body = `${br(cell.text ?? '')}<span class="seal">${SEAL_MARK}</span>`;
  else body = br(cell.text ?? '');
  return `<${tag}${attrs.length ? ' ' + attrs.join(' ') : ''}>${body}</${tag}>`;
}

function blockHtml(block: Block): string {
  switch (block.type) {
    case 'tagLine':
      return `<div class="tag"><span>${esc(block.left)}</span><span>${esc(block.right ?? '')}</span></div>`;
    case 'title':
      return `<h1${block.size ? ` style="font-size:${block.size}pt"` : ''}>${br(block.text)}</h1>`;
    case 'heading':
      return `<h2${block.size ? ` style="font-size:${block.size}pt"` : ''}>${br(block.text)}</h2>`;
    case 'paragraph': {
      const size = block.size ?? 9;
      const marker = block.hanging ? listMarker(block.text) : null;
      const style = [`font-size:${size}pt`, `margin-left:${(block.indent ?? 0) * size * 1.5 + (marker ? 1.2 * size : 0)}pt`];
      if (marker) style.push(`text-indent:-${1.2 * size}pt`);
      if (block.bold) style.push('font-weight:700');
      if (block.align) style.push(`text-align:${block.align}`);
      if (block.gapBefore) style.push(`margin-top:${block.gapBefore}pt`);
      return `<p class="${block.muted ? 'muted' : ''}" style="${style.join(';')}">${br(block.text)}</p>`;
    }
    case 'table': {
      const total = block.columns.reduce((a, b) => a + b, 0);
      const cols = block.columns.map((c) => `<col style="width:${((c / total) * 100).toFixed(2)}%">`).join('');
      const head = (block.header ?? []).map((row) => `<tr>${row.map((c) => cellHtml(c, true)).join('')}</tr>`).join('');
      const body = block.rows.map((row) => `<tr${block.minRowHeight ? ` style="height:${block.minRowHeight}pt"` : ''}>${row.map((c) => cellHtml(c, false)).join('')}</tr>`).join('');
      return `<table${block.size ? ` style="font-size:${block.size}pt"` : ''}${block.keepTogether ? ' class="keep"' : ''}><colgroup>${cols}</colgroup>${head ? `<thead>${head}</thead>` : ''}<tbody>${body}</tbody></table>`;
    }
    case 'signatureLine': {
      const align: Align = block.align ?? 'right';
      const parts = [block.before, block.role].filter(Boolean).map((t) => `<span>${esc(t!)}</span>`);
      return `<div class="sign a-${align}">${parts.join('')}<span class="signer">${esc(block.signer)}</span><span>${SEAL_MARK}</span>${block.after ? `<span>${esc(block.after)}</span>` : ''}</div>`;
    }
    case 'spacer':
      return `<div style="height:${block.height}pt"></div>`;
    case 'pageBreak':
      return '<div class="pb"></div>';
    case 'keep':
      return `<div class="keep">${block.blocks.map(blockHtml).join('')}</div>`;
  }
}

export interface HtmlDocument {
  blocks: readonly Block[];
}

export interface HtmlOptions {
  /** URLs of the Noto Sans KR Regular and Bold TTF files; omit to use an installed "Noto Sans KR". */
  fontUrls?: { regular: string; bold: string };
  title: string;
}

/** One HTML page holding the documents in order, each starting on a new page. */
export function documentsToHtml(documents: readonly HtmlDocument[], options: HtmlOptions): string {
  const m = A4.margin;
  const faces = options.fontUrls
    ? `@font-face{font-family:"Noto Sans KR";src:url("${options.fontUrls.regular}") format("truetype");font-weight:400}
@font-face{font-family:"Noto Sans KR";src:url("${options.fontUrls.bold}") format("truetype");font-weight:700}`
    : '';
  const css = `${faces}
@page{size:A4;margin:${(m.top / MM).toFixed(1)}mm ${(m.right / MM).toFixed(1)}mm ${(m.bottom / MM).toFixed(1)}mm ${(m.left / MM).toFixed(1)}mm}
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans KR",sans-serif;font-size:9pt;line-height:1.45;color:#000;word-break:keep-all;line-break:strict}
h1{font-size:16pt;text-align:center;margin:2pt 0 10pt}
h2{font-size:10pt;margin:4pt 0 1.5pt}
p{margin:0}
.muted{color:#595959}
.tag{display:flex;justify-content:space-between;font-size:8pt;color:#595959;margin-bottom:2pt}
table{width:100%;border-collapse:collapse;border:0.9pt solid #000;margin:0 0 2pt;font-size:9pt;line-height:1.32}
td,th{border:0.5pt solid #000;padding:3.2pt 4pt;vertical-align:middle;text-align:left;font-weight:400}
th{background:#ebebeb;text-align:center;font-weight:700}
td.l{background:#ebebeb;text-align:center}
.a-center{text-align:center}.a-right{text-align:right}.a-left{text-align:left}
.ck{margin-right:12pt;white-space:nowrap}
.seal{float:right}
.sign{height:40pt;display:flex;align-items:center;gap:10pt;font-size:10pt}
.sign.a-right{justify-content:flex-end}.sign.a-center{justify-content:center}
.signer{min-width:70pt;text-align:center}
.keep,table.keep,tr{break-inside:avoid}
thead{display:table-header-group}
.pb{break-after:page}
section{break-after:page}
section:last-child{break-after:auto}
`;
  const body = documents.map((d) => `<section>${d.blocks.map(blockHtml).join('\n')}</section>`).join('\n');
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>${esc(options.title)}</title><style>${css}</style></head><body>${body}</body></html>`;
}
