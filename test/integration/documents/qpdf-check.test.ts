/**
 * Every PDF the app generates is structurally sound: `qpdf --check` (xref table, object streams,
 * page tree, fonts) passes on each form and on the packet of all of them, signed or not.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDocuments, prepareDocuments } from '../../../electron/core/documents/generate';
import type { SignatureInput } from '../../../electron/core/documents/render';
import { fixtureJson } from '../../fixtures/documents/load';
import { requireTools, sealPng, signaturePng } from './tools';

function qpdfClean(file: string): void {
  // qpdf exits 0 when clean, 3 with warnings, 2 with errors: execFileSync throws on both.
  const out = execFileSync('qpdf', ['--check', file], { encoding: 'utf8' });
  expect(out, `${path.basename(file)}: ${out}`).toMatch(/No syntax or stream encoding errors found/);
}

const FORMS = ['1', '2', '3', 'quote', '4', '5', '6', 'settlement', 'contract'] as const;

describe('qpdf --check', () => {
  it('passes on every form (#1–#6, the quote, the settlement request, the contract draft) and on the packet of all of them', async (ctx) => {
    requireTools(ctx, 'qpdf');
    const outDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qpdf-')), 'out');
    const files = await generateDocuments({
      application: fixtureJson('application-after.json'),
      before: fixtureJson('application-before.json'),
      forms: [...FORMS],
      format: 'pdf',
      packet: true,
      outDir,
      now: '2026-11-22T14:00:00+09:00',
      contacts: [{ company: 'KT', role: '영업대표', person: '담당 영업대표' }],
    });
    expect(files.map((f) => f.form)).toEqual([...FORMS, 'packet']);
    for (const f of files) qpdfClean(f.path);
  });

  it('passes on a signed and sealed form #1 with its audit page', async (ctx) => {
    requireTools(ctx, 'qpdf');
    const options = {
      application: fixtureJson('application.json'),
      forms: ['1' as const],
      format: 'pdf' as const,
      outDir: fs.mkdtempSync(path.join(os.tmpdir(), 'qpdf-signed-')),
      now: '2026-11-22T14:00:00+09:00',
    };
    const versionKey = prepareDocuments(options).refs[0]!.document.versionKey;
    const mark = (area: SignatureInput['area'], kind: 'seal' | 'signature'): SignatureInput => ({
      form: '1' as const,
      area,
      png: kind === 'seal' ? sealPng() : signaturePng(),
      mark: kind,
      signerName: '홍길동',
      signedAt: '2026-11-22T14:05:09+09:00',
      device: 'SALES-LAPTOP-07',
      appVersion: '0.1.0',
      versionKey,
    });
    const [signed] = await generateDocuments({ ...options, signatures: [mark('applicant', 'seal'), mark('consent-collection', 'signature'), mark('consent-third-party', 'seal')] });
    qpdfClean(signed!.path);
  });
});
