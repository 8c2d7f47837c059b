/**
 * bench:forms — our PDF engine against Chromium's page.pdf() on the same content, in one run.
 *
 *   npx tsx scripts/bench-forms.ts [--runs N] [--warmup N] [--keep DIR]
 *
 * For every form of one application (the fixture in test/fixtures/documents) — #1, #2, #3 price
 * table, the quote, #4, #5, #6, the settlement request and the contract draft — and for the
 * subscription packet (1, 2, 3, quote, 4, 5, 6) as one file: warm median time and size of (a) @cantoo/pdf-lib with subset Noto
 * Sans KR — build the form models, lay out, write the PDF — and (b) the same blocks rendered as
 * HTML with the same Noto Sans KR TTF files as web fonts, loaded into a warm Debian Chromium page
 * and printed with page.pdf(). Goal: ≥ 10× faster and ≤ ½ the bytes.
 *
 * Two Chromium set-ups, both in the same run:
 *  - "chromium": what an Electron app would do — the font as @font-face web fonts, and the footer
 *    (page x/y, two footer lines, QR) as displayHeaderFooter's footerTemplate, which cannot use web
 *    fonts, so Chromium prints it in a system font (NanumGothic here, Malgun Gothic on Windows).
 *  - "chromium, same font": Noto Sans KR installed for Chromium through a private fontconfig file,
 *    used by the body and the footer alike — the fairest size comparison (one font family).
 * Chromium's footer is one template per file (QR of the file's first form); ours prints each
 * form's own QR and page x/y.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { PDFDocument } from '@cantoo/pdf-lib';
import { fontFiles, loadFonts } from '../electron/core/documents/fonts';
import { prepareDocuments, type GenerateOptions } from '../electron/core/documents/generate';
import { documentsToHtml } from '../electron/core/documents/html';
import { qrSvg } from '../electron/core/documents/qr';
import { qrPayload } from '../shared/forms/evidence';
import { FORM_IDS, type FormId } from '../shared/forms/model';
import { DEFAULT_CLI_FORMS } from '../electron/hosts/cli-forms';
import { renderPdf, type DocumentRef } from '../electron/core/documents/render';
import { recordBench } from './bench-record';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const RUNS = Number(arg('--runs') ?? 15);
const WARMUP = Number(arg('--warmup') ?? 10);
const keep = arg('--keep');

const root = path.resolve(import.meta.dirname, '..');
const fixture = (f: string) => JSON.parse(fs.readFileSync(path.join(root, 'test/fixtures/documents', f), 'utf8')) as unknown;
const now = '2026-11-22T14:00:00+09:00';
const base: GenerateOptions = {
  application: fixture('application-after.json'),
  before: fixture('application-before.json'),
  forms: [...FORM_IDS],
  format: 'pdf',
  outDir: os.tmpdir(),
  now,
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function timeIt(fn: () => Promise<Uint8Array>): Promise<{ ms: number; bytes: Uint8Array }> {
  let bytes: Uint8Array = new Uint8Array();
  for (let i = 0; i < WARMUP; i++) bytes = await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    bytes = await fn();
    times.push(performance.now() - t);
  }
  return { ms: median(times), bytes };
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function main() {
  const t0 = performance.now();
  loadFonts();
  const fontLoad = performance.now() - t0;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-forms-'));
  const files = fontFiles();
  const fontUrls = { regular: pathToFileURL(files.regular).href, bold: pathToFileURL(files.bold).href };

  async function chromiumPdf(page: Page, options: GenerateOptions, htmlFile: string, webFonts: boolean): Promise<Uint8Array> {
    const prepared = prepareDocuments(options);
    const refs: DocumentRef[] = prepared.refs;
    const first = refs[0]!;
    fs.writeFileSync(
      htmlFile,
      documentsToHtml(
        refs.map((r) => ({ blocks: r.document.blocks })),
        { fontUrls: webFonts ? fontUrls : undefined, title: first.document.title },
      ),
    );
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    const family = webFonts ? "'NanumGothic',sans-serif" : "'Noto Sans KR',sans-serif";
    const footer = `<div style="width:100%;font-size:7pt;color:#595959;padding:0 18mm;display:flex;justify-content:space-between;align-items:flex-end;font-family:${family}">
      <div>${first.document.code} ${first.document.title}<br>문서 ID ${first.docId} · 버전 ${first.document.versionKey.slice(0, 16)}</div>
      <div style="display:flex;align-items:flex-end;gap:8pt"><span style="font-size:9pt;color:#000"><span class="pageNumber"></span> / <span class="totalPages"></span></span>${qrSvg(qrPayload(first.docId, first.document.versionKey), '20mm')}</div></div>`;
    const buf = await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: footer,
      margin: { top: '15mm', bottom: '39mm', left: '18mm', right: '18mm' },
    });
    return new Uint8Array(buf);
  }

  const packet: FormId[] = [...DEFAULT_CLI_FORMS];
  const label = (f: FormId) => (/^\d$/.test(f) ? `form #${f}` : f);
  const cases: { name: string; forms: FormId[] }[] = [{ name: `packet (${packet.join(',')})`, forms: packet }, ...FORM_IDS.map((f) => ({ name: label(f), forms: [f] }))];
  const rows: string[][] = [];
  // Ours: validate + build models + lay out + write PDF, in memory — measured while no browser
  // runs, so Chromium's processes do not share the CPUs with it.
  const oursByCase = new Map<string, { ms: number; bytes: Uint8Array }>();
  for (const c of cases) {
    const options: GenerateOptions = { ...base, forms: c.forms };
    oursByCase.set(
      c.name,
      await timeIt(async () => {
        const prepared = prepareDocuments(options);
        return (await renderPdf(prepared.refs, { now: prepared.now, appVersion: 'bench' })).bytes;
      }),
    );
  }
  // Variant B: Noto Sans KR visible to Chromium as an installed font, through a private fontconfig.
  const fcConf = path.join(work, 'fonts.conf');
  fs.writeFileSync(
    fcConf,
    `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>${path.dirname(files.regular)}</dir><dir>${path.dirname(files.bold)}</dir><cachedir>${path.join(work, 'fc-cache')}</cachedir></fontconfig>`,
  );
  const browserA = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const browserB = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, env: { ...process.env, FONTCONFIG_FILE: fcConf } });
  const pageA = await browserA.newPage();
  const pageB = await browserB.newPage();

  const totals = { ours: 0, a: 0, b: 0 };
  const figures: Record<string, number> = {};
  for (const c of cases) {
    const options: GenerateOptions = { ...base, forms: c.forms };
    const ours = oursByCase.get(c.name)!;
    const htmlFile = path.join(work, `${c.forms.join('-')}.html`);
    const a = await timeIt(() => chromiumPdf(pageA, options, htmlFile, true));
    const b = await timeIt(() => chromiumPdf(pageB, options, htmlFile, false));
    const pages = async (bytes: Uint8Array) => (await PDFDocument.load(bytes)).getPageCount();
    if (keep) {
      fs.mkdirSync(keep, { recursive: true });
      const stem = c.forms.length > 1 ? 'packet' : /^\d$/.test(c.forms[0]!) ? `form${c.forms[0]!}` : c.forms[0]!;
      fs.writeFileSync(path.join(keep, `${stem}-ours.pdf`), ours.bytes);
      fs.writeFileSync(path.join(keep, `${stem}-chromium.pdf`), a.bytes);
      fs.writeFileSync(path.join(keep, `${stem}-chromium-samefont.pdf`), b.bytes);
    }
    if (c.forms.length === 1) {
      totals.ours += ours.ms;
      totals.a += a.ms;
      totals.b += b.ms;
    }
    figures[`${c.name} ms`] = Math.round(ours.ms * 10) / 10;
    figures[`${c.name} chromium ms`] = Math.round(a.ms * 10) / 10;
    figures[`${c.name} bytes`] = ours.bytes.length;
    figures[`${c.name} chromium bytes`] = a.bytes.length;
    figures[`${c.name} size ratio`] = Math.round((ours.bytes.length / a.bytes.length) * 100) / 100;
    const kb = (x: Uint8Array) => `${(x.length / 1024).toFixed(1)} KB`;
    rows.push([
      c.name,
      `${ours.ms.toFixed(1)} ms`,
      `${a.ms.toFixed(1)} ms`,
      `${(a.ms / ours.ms).toFixed(1)}×`,
      `${b.ms.toFixed(1)} ms`,
      `${(b.ms / ours.ms).toFixed(1)}×`,
      kb(ours.bytes),
      kb(a.bytes),
      (ours.bytes.length / a.bytes.length).toFixed(2),
      kb(b.bytes),
      (ours.bytes.length / b.bytes.length).toFixed(2),
      `${await pages(ours.bytes)}/${await pages(a.bytes)}/${await pages(b.bytes)}`,
    ]);
  }
  await browserA.close();
  await browserB.close();
  fs.rmSync(work, { recursive: true, force: true });

  const head = ['case', 'ours', 'chromium', 'speed-up', 'chr same-font', 'speed-up', 'ours size', 'chromium', 'ratio', 'chr same-font', 'ratio', 'pages o/c/s'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`bench:forms — ${RUNS} warm runs after ${WARMUP} warm-up runs; median times. Node ${process.version}, ${os.cpus().length} CPU(s).`);
  console.log('chromium = web fonts + footerTemplate (system font in footer); chr same-font = Noto Sans KR installed for Chromium, body and footer.');
  console.log(`font load (once per process, not in the figures): ${fontLoad.toFixed(0)} ms`);
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  console.log(
    `all singles together: ours ${totals.ours.toFixed(1)} ms, chromium ${totals.a.toFixed(1)} ms (${(totals.a / totals.ours).toFixed(1)}×), chromium same-font ${totals.b.toFixed(1)} ms (${(totals.b / totals.ours).toFixed(1)}×)`,
  );
  console.log('goal: speed-up ≥ 10×, size ratio ≤ 0.50');
  recordBench('forms', { ...figures, 'singles ms': Math.round(totals.ours * 10) / 10, 'singles chromium ms': Math.round(totals.a * 10) / 10 });
}

await main();
