/**
 * generateDocuments: validates everything first and writes nothing on bad input; accepts the
 * plain application JSON and an export of one; writes files atomically; DOCX opens and holds the
 * values.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCX_FONT, DOCX_FONT_FALLBACK } from '../../../electron/core/documents/docx';
import { defaultDocId, generateDocuments, parseApplication, type GenerateOptions } from '../../../electron/core/documents/generate';
import { readZip } from '../../../electron/core/documents/zip';
import { fixtureApplication, fixtureJson } from '../../fixtures/documents/load';
import { libreofficeToPdf, pdftotext, requireTools, sha256OfFile, squash } from './tools';

const NOW = '2026-11-22T14:00:00+09:00';
const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
/** A folder that does not exist yet: a failed run must not even create it. */
const fresh = () => path.join(tmp('gen'), 'out');

const ok = (): GenerateOptions => ({
  application: fixtureJson('application-after.json'),
  before: fixtureJson('application-before.json'),
  forms: ['1', '4'],
  format: 'pdf',
  packet: true,
  outDir: fresh(),
  now: NOW,
});

function withApp(change: (a: Record<string, unknown> & { customer: Record<string, unknown> }) => void): unknown {
  const app = structuredClone(fixtureJson('application.json')) as Record<string, unknown> & { customer: Record<string, unknown> };
  change(app);
  return app;
}

describe('invalid input writes nothing', () => {
  const cases: [string, Partial<GenerateOptions>, RegExp][] = [
    ['a business number with a wrong check digit', { application: withApp((a) => (a.customer.businessNumber = '220-81-12342')) }, /검증번호/],
    ['an unknown field in the application', { application: withApp((a) => (a.colour = 'blue')) }, /알 수 없는 항목 'colour'/],
    ['a form that does not exist (#7)', { forms: ['1', '7' as '1'] }, /양식은 1, 2, 3, quote, 4, 5, 6, settlement, contract 중에서/],
    ['the same form twice', { forms: ['1', '1'] }, /같은 양식을 두 번/],
    ['no forms', { forms: [] }, /하나 이상/],
    ['#4 without the application before the change', { before: undefined }, /변경 전 청약이 필요/],
    ['#4 with an application of another customer before', { before: withApp((a) => (a.customer.businessNumber = '105-87-24685')) }, /고객이 다릅니다/],
    ['a date that is not ISO 8601', { now: '22.11.2026' }, /ISO 8601/],
    ['a bad format', { format: 'odt' as 'pdf' }, /pdf 또는 docx/],
    ['a document id with a space', { docIds: { '1': 'my doc' } }, /문서 ID/],
    ['a change request with an impossible date', { change: { requestedDate: '2026-02-30' } }, /변경 요청일자/],
    ['contacts without a person', { forms: ['6'], contacts: [{ company: 'KTIS', role: '상담인력' }] }, /담당자/],
  ];
  it.each(cases)('refuses %s, with a Korean message, and creates no file or folder', async (_name, change, message) => {
    const options = { ...ok(), ...change };
    const error = await generateDocuments(options).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_INPUT' });
    expect((error as Error).message).toMatch(message);
    expect(fs.existsSync(options.outDir)).toBe(false);
  });

  it('leaves an existing folder exactly as it was', async () => {
    const dir = tmp('keep');
    fs.writeFileSync(path.join(dir, 'form1-application.pdf'), 'old');
    await expect(generateDocuments({ ...ok(), outDir: dir, application: withApp((a) => delete a.customer.name) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(fs.readdirSync(dir)).toEqual(['form1-application.pdf']);
    expect(fs.readFileSync(path.join(dir, 'form1-application.pdf'), 'utf8')).toBe('old');
  });
});

describe('generateDocuments', () => {
  it('writes each form and the packet, reporting path, size and SHA-256 of exactly what is on disk, and no temporary files', async () => {
    const options = ok();
    const files = await generateDocuments(options);
    expect(files.map((f) => [f.form, path.basename(f.path)])).toEqual([
      ['1', 'form1-application.pdf'],
      ['4', 'form4-change-request.pdf'],
      ['packet', 'packet.pdf'],
    ]);
    for (const f of files) {
      expect(f.bytes).toBe(fs.statSync(f.path).size);
      expect(f.sha256).toBe(sha256OfFile(f.path));
    }
    expect(fs.readdirSync(options.outDir).sort()).toEqual(['form1-application.pdf', 'form4-change-request.pdf', 'packet.pdf']);
  });

  it('accepts an export of an application (id, status, timestamps) and files it under an id derived from the export id', async () => {
    const parsed = parseApplication(fixtureJson('application-after.json'));
    expect(parsed.id).toBe('0195a3b2-7c1d-7e4f-9a2b-3c4d5e6f7a8b');
    const [file] = await generateDocuments({ ...ok(), forms: ['1'], packet: false });
    expect(file!.documents[0]!.docId).toBe(defaultDocId('1', parsed.application, parsed.id));
    expect(file!.documents[0]!.docId).toMatch(/^sd-f1-[0-9a-f]{12}$/);
    // The export's own fields are not part of the document: the same application as plain JSON has the same version.
    const { id: _id, status: _status, createdAt: _createdAt, updatedAt: _updatedAt, ...plain } = structuredClone(fixtureJson('application-after.json'));
    const [again] = await generateDocuments({ ...ok(), application: plain, forms: ['1'], packet: false });
    expect(again!.documents[0]!.versionKey).toBe(file!.documents[0]!.versionKey);
    expect(again!.documents[0]!.docId).not.toBe(file!.documents[0]!.docId);
  });

  it('refuses an export whose own fields are broken (status unknown)', async () => {
    const app = { ...fixtureJson('application-after.json'), status: 'lost' };
    await expect(generateDocuments({ ...ok(), application: app })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('uses the document ids it is given', async () => {
    const [file] = await generateDocuments({ ...ok(), forms: ['1'], packet: false, docIds: { '1': '0195a3b2-doc-1' } });
    expect(file!.documents[0]!.docId).toBe('0195a3b2-doc-1');
  });
});

describe('DOCX', () => {
  const docxOptions = (): GenerateOptions => ({ ...ok(), forms: ['4'], format: 'docx', packet: false, change: { reason: '상담석 증설', requestedDate: '2026-12-01', billingStartDate: '2026-12-15' } });

  it('#4 is a Word document holding every value, in bordered tables, in Noto Sans KR with 맑은 고딕 as its alternative', async () => {
    const [file] = await generateDocuments(docxOptions());
    expect(path.basename(file!.path)).toBe('form4-change-request.docx');
    const parts = Object.fromEntries(readZip(fs.readFileSync(file!.path)).map((e) => [e.name, new TextDecoder().decode(e.data)]));
    const body = parts['word/document.xml']!;
    const text = squash(body.replace(/<[^>]+>/g, ''));
    for (const v of [
      'olleh bizmeka 콜센터서비스 변경신청서',
      '서비스번호 : J00001587',
      '주식회사 한빛콜테크',
      '220-81-12341',
      '상담석 증설',
      '2026. 12. 1.',
      '2026. 12. 15.',
      '180,000',
      '160,000',
      '51,000',
      '76,500',
      '증설 10, 단가 변경',
      '해지',
      '신규',
      '신청일: 2026. 11. 22.',
      'KT 귀중',
      '(인)',
    ]) {
      expect(text, v).toContain(squash(v));
    }
    expect(body).toContain('<w:tblBorders>');
    expect(body).toMatch(/<w:tcBorders>.*w:val="single"/s);
    expect(body).toMatch(/w:vMerge/); // the ASP 서비스 group spans its rows
    expect(parts['word/fontTable.xml']).toContain(`<w:font w:name="${DOCX_FONT}"><w:altName w:val="${DOCX_FONT_FALLBACK}"/>`);
    expect(parts['word/styles.xml']).toContain(`w:eastAsia="${DOCX_FONT}"`);
    expect(parts['word/footer1.xml'] ?? Object.entries(parts).find(([k]) => k.startsWith('word/footer'))?.[1]).toContain(file!.documents[0]!.docId);
  });

  it('is reproducible: the same inputs and date give the same bytes', async () => {
    const [a] = await generateDocuments(docxOptions());
    const [b] = await generateDocuments(docxOptions());
    expect(a!.sha256).toBe(b!.sha256);
  });

  it('opens in LibreOffice, which finds the values when converting it to PDF', async (ctx) => {
    requireTools(ctx, 'soffice', 'pdftotext');
    const [file] = await generateDocuments(docxOptions());
    const pdf = libreofficeToPdf(file!.path, tmp('lo'));
    const text = squash(pdftotext(pdf));
    for (const v of ['변경신청서', 'J00001587', '주식회사 한빛콜테크', '160,000', '76,500', '상담석 증설', 'KT 귀중']) expect(text, v).toContain(squash(v));
  }, 180_000);

  it('every form renders to DOCX, and a DOCX packet holds them in order', async () => {
    const files = await generateDocuments({ ...ok(), forms: ['1', '2', '4', '5', '6'], format: 'docx', packet: true });
    expect(files.map((f) => f.form)).toEqual(['1', '2', '4', '5', '6', 'packet']);
    const body = readZip(fs.readFileSync(files.at(-1)!.path)).find((e) => e.name === 'word/document.xml')!;
    const text = squash(new TextDecoder().decode(body.data).replace(/<[^>]+>/g, ''));
    const at = ['olleh bizmeka 콜센터 서비스(', '이용약관(고객사 확인용)', '변경신청서', '납 품 확 인 서', '콜센터서비스 담당자 연락처'].map((t) => text.indexOf(squash(t)));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
  });
});

describe('fixture sanity', () => {
  it('the before/after fixtures are the same customer, 20 then 30 seats', () => {
    expect(fixtureApplication('application-before.json').customer.businessNumber).toBe(fixtureApplication('application-after.json').customer.businessNumber);
    expect([fixtureApplication('application-before.json').items[0]!.quantity, fixtureApplication('application-after.json').items[0]!.quantity]).toEqual([20, 30]);
  });
});
