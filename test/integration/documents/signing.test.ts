/**
 * Signing: drawn signatures and seal photos land in their areas, a signed PDF gets an audit page
 * whose hash of the unsigned document can be recomputed, and a signature given to an earlier
 * version of the document is void.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors';
import { generateDocuments, prepareDocuments, type GenerateOptions, type GeneratedFile } from '../../../electron/core/documents/generate';
import type { SignatureInput } from '../../../electron/core/documents/render';
import { fixtureJson } from '../../fixtures/documents/load';
import { countPixels, pageCount, pdftotext, renderPage, requireTools, sealPng, sha256OfFile, signaturePng, squash } from './tools';

const NOW = '2026-11-22T14:00:00+09:00';
const TOOLS = ['pdftotext', 'pdfinfo', 'pdftoppm', 'pdfimages'];
const red = (r: number, g: number, b: number) => r > 150 && g < 110 && b < 110;
const blue = (r: number, g: number, b: number) => b > 150 && r < 120 && g < 140;

const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
const base = (): GenerateOptions => ({ application: fixtureJson('application.json'), forms: ['1'], format: 'pdf', outDir: tmp('sign'), now: NOW });

let versionKey: string;
let seal: Uint8Array;
let signature: Uint8Array;
let signed: GeneratedFile;
let unsigned: GeneratedFile;

function sig(area: SignatureInput['area'], mark: SignatureInput['mark'], key = versionKey): SignatureInput {
  return {
    form: '1',
    area,
    png: mark === 'seal' ? seal : signature,
    mark,
    signerName: mark === 'seal' ? '주식회사 한빛콜테크 (직인)' : '홍길동',
    signedAt: '2026-11-22T14:05:09+09:00',
    device: 'SALES-LAPTOP-07',
    appVersion: '0.1.0',
    versionKey: key,
  };
}

beforeAll(async () => {
  seal = sealPng();
  signature = signaturePng();
  versionKey = prepareDocuments(base()).refs[0]!.document.versionKey;
  signed = (
    await generateDocuments({
      ...base(),
      signatures: [sig('applicant', 'seal'), sig('consent-collection', 'signature'), sig('consent-third-party', 'seal')],
    })
  )[0]!;
  unsigned = (await generateDocuments(base()))[0]!;
});

describe('a signed document', () => {
  it('gets an audit page after its pages: title, id, version, and each signature with name, device time, device and app version', (ctx) => {
    requireTools(ctx, ...TOOLS);
    expect(pageCount(signed.path)).toBe(4);
    const doc = signed.documents[0]!;
    expect(doc).toMatchObject({ pages: 3, audit: true });
    const audit = pdftotext(signed.path, { first: 4, last: 4 });
    for (const needle of [
      '서명 감사 기록',
      '양식 #1 olleh bizmeka 콜센터서비스 신청서',
      doc.docId,
      versionKey,
      '3쪽',
      '2026. 11. 22. 14:00:00 (UTC+09:00)',
      '신청서 신청인',
      '개인정보 수집·이용 동의',
      '개인정보 제3자 제공 동의',
      '주식회사 한빛콜테크 (직인)',
      '홍길동',
      '직인',
      '서명',
      '2026. 11. 22. 14:05:09 (UTC+09:00)',
      'SALES-LAPTOP-07',
      '0.1.0',
      '유효',
    ]) {
      expect(squash(audit), needle).toContain(squash(needle));
    }
    expect(squash(audit)).not.toContain(squash('무효'));
  });

  it('states the SHA-256 of the unsigned document, which recomputes from the same inputs', (ctx) => {
    requireTools(ctx, ...TOOLS);
    const audit = pdftotext(signed.path, { first: 4, last: 4 });
    const stated = /서명 전 문서 SHA-256\s+([0-9a-f]{64})/.exec(audit)?.[1];
    expect(stated).toMatch(/^[0-9a-f]{64}$/);
    expect(stated).toBe(sha256OfFile(unsigned.path));
    expect(signed.documents[0]!.unsignedSha256).toBe(stated);
    // …and the signed file itself differs from the unsigned one.
    expect(signed.sha256).not.toBe(unsigned.sha256);
  });

  it('places the seal over the applicant "(인)" area and nowhere else on page 1', (ctx) => {
    requireTools(ctx, ...TOOLS);
    const area = signed.documents[0]!.areas!.find((a) => a.area === 'applicant')!;
    expect(area.page).toBe(0);
    const png = renderPage(signed.path, 1, 72);
    const { inside, outside } = countPixels(png, area, red);
    expect(inside).toBeGreaterThan(150);
    expect(outside).toBe(0);
    expect(countPixels(renderPage(unsigned.path, 1, 72), area, red).inside).toBe(0);
  });

  it('places the drawn signature inside the collection-consent area on page 2, keeping its shape', (ctx) => {
    requireTools(ctx, ...TOOLS);
    const area = signed.documents[0]!.areas!.find((a) => a.area === 'consent-collection')!;
    expect(area.page).toBe(1);
    const png = renderPage(signed.path, 2, 72);
    const { inside, outside } = countPixels(png, area, blue);
    expect(inside).toBeGreaterThan(100);
    expect(outside).toBe(0);
  });

  it('keeps the seal photo transparent (embedded with a soft mask)', (ctx) => {
    requireTools(ctx, ...TOOLS);
    const list = execFileSync('pdfimages', ['-list', signed.path], { encoding: 'utf8' });
    expect(list).toMatch(/\bsmask\b/);
    expect(list.split('\n').filter((l) => /^\s*1\s/.test(l) && /\bimage\b/.test(l)).length).toBeGreaterThanOrEqual(1);
  });
});

describe('document versions', () => {
  const changed = (): GenerateOptions => {
    const app = structuredClone(fixtureJson('application.json')) as { items: { quantity: number }[] };
    app.items[0]!.quantity = 40;
    return { ...base(), application: app };
  };

  it('a changed application is a new version: the old signature is not drawn and no audit page is added', async (ctx) => {
    requireTools(ctx, ...TOOLS);
    const [file] = await generateDocuments({ ...changed(), signatures: [sig('applicant', 'seal')] });
    expect(file!.documents[0]!.versionKey).not.toBe(versionKey);
    expect(pageCount(file!.path)).toBe(3);
    expect(file!.documents[0]!.audit).toBe(false);
    expect(countPixels(renderPage(file!.path, 1, 72), { x: 0, y: 0, w: 0, h: 0 }, red).outside).toBe(0);
  });

  it('asked to, it draws the old signature faded under "무효 (내용 변경됨)" and the audit page says so', async (ctx) => {
    requireTools(ctx, ...TOOLS);
    const [file] = await generateDocuments({ ...changed(), signatures: [sig('applicant', 'seal')], showVoidSignatures: true });
    expect(pageCount(file!.path)).toBe(4);
    expect(squash(pdftotext(file!.path, { first: 1, last: 1 }))).toContain(squash('무효 (내용 변경됨)'));
    const audit = squash(pdftotext(file!.path, { first: 4, last: 4 }));
    expect(audit).toContain(squash('무효 (내용 변경됨)'));
    expect(audit).not.toContain(squash('유효무효'));
  });

  it('refuses a signature for an area the form does not have, or bytes that are not a PNG, writing nothing', async () => {
    for (const bad of [
      { ...sig('applicant', 'seal'), area: 'delivery-receiver' as const },
      { ...sig('applicant', 'seal'), png: new TextEncoder().encode('GIF89a not a png') },
      { ...sig('applicant', 'seal'), signedAt: '22/11/2026' },
    ]) {
      const options = base();
      await expect(generateDocuments({ ...options, signatures: [bad] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      expect(fs.readdirSync(options.outDir)).toEqual([]);
    }
    await expect(generateDocuments({ ...base(), format: 'docx', signatures: [sig('applicant', 'seal')] })).rejects.toBeInstanceOf(AppError);
  });
});
