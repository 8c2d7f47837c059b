/**
 * The `forms` CLI command: writes the requested forms, prints [{"form","path","bytes","sha256"}]
 * that match the files on disk, adds the packet with --packet, and on any bad input exits 2 with
 * a Korean message, prints nothing on stdout and writes nothing — not even the output folder.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFormsCommand, type FormsIo } from '../../../electron/hosts/cli-forms';
import { FIXTURE_DIR, fixtureJson } from '../../fixtures/documents/load';
import { pageCount, pdftotext, requireTools } from './tools';

const EPOCH = '1795323600'; // 2026-11-22T14:00:00+09:00
const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));

/** A working folder holding the fixtures under short relative names. */
function workspace(): string {
  const dir = tmp('cli-forms');
  for (const f of ['application.json', 'application-before.json', 'application-after.json']) fs.copyFileSync(path.join(FIXTURE_DIR, f), path.join(dir, f));
  return dir;
}

const io = (cwd: string, env: Record<string, string | undefined> = { SOURCE_DATE_EPOCH: EPOCH }): FormsIo => ({ readFile: (p) => fs.readFileSync(p, 'utf8'), cwd, env });

interface Entry {
  form: string;
  path: string;
  bytes: number;
  sha256: string;
}

function entries(stdout: string): Entry[] {
  const parsed = JSON.parse(stdout) as Entry[];
  for (const e of parsed) expect(Object.keys(e)).toEqual(['form', 'path', 'bytes', 'sha256']);
  return parsed;
}

function expectMatchesDisk(list: Entry[]) {
  for (const e of list) {
    expect(path.isAbsolute(e.path)).toBe(true);
    expect(e.bytes, e.path).toBe(fs.statSync(e.path).size);
    expect(e.sha256, e.path).toBe(createHash('sha256').update(fs.readFileSync(e.path)).digest('hex'));
  }
}

describe('forms CLI: the supplier block', () => {
  it('prints the supplier given with --supplier; without it the block prints 미설정 (nothing shipped prints as if real); a bad supplier file exits 2 and writes nothing', async (ctx) => {
    requireTools(ctx, 'pdftotext');
    const dir = workspace();
    const supplier = (fixtureJson('supplier.json') as { supplier: Record<string, unknown> }).supplier;
    fs.writeFileSync(path.join(dir, 'supplier.json'), JSON.stringify(supplier));
    const given = await runFormsCommand(['forms', '--input', 'application.json', '--out', 'with', '--forms', 'quote', '--supplier', 'supplier.json'], io(dir));
    expect(given.exitCode).toBe(0);
    const withText = pdftotext(entries(given.stdout)[0]!.path).replace(/\s+/g, '');
    expect(withText).toContain(String(supplier.representative).replace(/\s+/g, ''));
    expect(withText).not.toContain('미설정');

    const none = await runFormsCommand(['forms', '--input', 'application.json', '--out', 'without', '--forms', 'quote'], io(dir));
    expect(none.exitCode).toBe(0);
    expect(pdftotext(entries(none.stdout)[0]!.path).replace(/\s+/g, '')).toContain('대표자미설정');

    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ ...supplier, businessNumber: '123-45-67890' }));
    const bad = await runFormsCommand(['forms', '--input', 'application.json', '--out', 'bad', '--forms', 'quote', '--supplier', 'bad.json'], io(dir));
    expect(bad.exitCode).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('공급자 정보를 확인하세요');
    expect(bad.stderr).toContain('사업자등록번호');
    expect(fs.existsSync(path.join(dir, 'bad'))).toBe(false);
  });
});

describe('forms CLI: successful runs', () => {
  it('without --forms writes 1, 2, 3, quote, 5, 6 (no #4 without --before) and prints form, path, bytes and SHA-256 of each file', async () => {
    const dir = workspace();
    const r = await runFormsCommand(['forms', '--input', 'application.json', '--out', 'out'], io(dir));
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const list = entries(r.stdout);
    expect(list.map((e) => [e.form, path.basename(e.path)])).toEqual([
      ['1', 'form1-application.pdf'],
      ['2', 'form2-terms.pdf'],
      ['3', 'form3-price-table.pdf'],
      ['quote', 'quote.pdf'],
      ['5', 'form5-delivery-confirmation.pdf'],
      ['6', 'form6-contacts.pdf'],
    ]);
    expect(list.every((e) => path.dirname(e.path) === path.join(dir, 'out'))).toBe(true);
    expectMatchesDisk(list);
    expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual(list.map((e) => path.basename(e.path)).sort());
  });

  it('with --before also writes #4, in packet order, from an exported application', async () => {
    const dir = workspace();
    const r = await runFormsCommand(['--input', 'application-after.json', '--before', 'application-before.json', '--out', 'out'], io(dir));
    expect(r.exitCode).toBe(0);
    const list = entries(r.stdout);
    expect(list.map((e) => e.form)).toEqual(['1', '2', '3', 'quote', '4', '5', '6']);
    expectMatchesDisk(list);
  });

  it('--packet adds the packet last: every form in order, its pages the sum of the singles', async (ctx) => {
    requireTools(ctx, 'pdfinfo');
    const dir = workspace();
    const r = await runFormsCommand(['--input', 'application.json', '--out', 'out', '--packet'], io(dir));
    expect(r.exitCode).toBe(0);
    const list = entries(r.stdout);
    expect(list.map((e) => e.form)).toEqual(['1', '2', '3', 'quote', '5', '6', 'packet']);
    expectMatchesDisk(list);
    const singles = list.filter((e) => e.form !== 'packet').reduce((s, e) => s + pageCount(e.path), 0);
    expect(pageCount(list.at(-1)!.path)).toBe(singles);
  });

  it('--forms picks forms (printed in packet order whatever the typed order), settlement and contract on request, --format docx', async () => {
    const dir = workspace();
    const r = await runFormsCommand(['--input', 'application.json', '--out', 'out', '--forms', 'contract, quote,3,1,settlement', '--format', 'docx'], io(dir));
    expect(r.exitCode).toBe(0);
    const list = entries(r.stdout);
    expect(list.map((e) => [e.form, path.basename(e.path)])).toEqual([
      ['1', 'form1-application.docx'],
      ['3', 'form3-price-table.docx'],
      ['quote', 'quote.docx'],
      ['settlement', 'settlement-request.docx'],
      ['contract', 'contract-draft.docx'],
    ]);
    expectMatchesDisk(list);
    for (const e of list) expect(fs.readFileSync(e.path).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('--change, --delivery and --settlement print what the rep would enter under 내용 입력 (#4 dates and reason, #5 rows, the settlement partner)', async (ctx) => {
    requireTools(ctx, 'pdftotext');
    const dir = workspace();
    fs.writeFileSync(path.join(dir, 'change.json'), JSON.stringify({ reason: '상담석 증설 및 녹취 추가', requestedDate: '2026-12-01', billingStartDate: '2026-12-10' }));
    fs.writeFileSync(path.join(dir, 'delivery.json'), JSON.stringify({ location: '부산광역시 해운대구 센텀로 1', date: '2026-12-09', rows: [{ name: '헤드셋', spec: 'HS-200', quantity: 12 }] }));
    const r = await runFormsCommand(
      ['--input', 'application-after.json', '--before', 'application-before.json', '--forms', '4,5', '--change', 'change.json', '--delivery', 'delivery.json', '--out', 'out'],
      io(dir),
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const [f4, f5] = entries(r.stdout);
    const text4 = pdftotext(f4!.path).replace(/\s+/g, '');
    expect(text4).toContain('상담석증설및녹취추가');
    expect(text4).toContain('2026.12.10.');
    const text5 = pdftotext(f5!.path).replace(/\s+/g, '');
    for (const v of ['부산광역시해운대구센텀로1', '2026.12.9.', '헤드셋', 'HS-200']) expect(text5).toContain(v);
  });

  it('is reproducible with SOURCE_DATE_EPOCH: two runs give the same SHA-256 for every file', async () => {
    const a = workspace();
    const b = workspace();
    const ra = entries((await runFormsCommand(['--input', 'application.json', '--out', 'out', '--forms', '3,quote'], io(a))).stdout);
    const rb = entries((await runFormsCommand(['--input', 'application.json', '--out', 'out', '--forms', '3,quote'], io(b))).stdout);
    expect(ra.map((e) => e.sha256)).toEqual(rb.map((e) => e.sha256));
  });

  it('--help prints the usage and exits 0', async () => {
    const r = await runFormsCommand(['--help'], io(workspace()));
    expect(r).toMatchObject({ exitCode: 0, stderr: '' });
    expect(r.stdout).toContain('--input');
  });
});

describe('forms CLI: bad input exits 2, says what to fix in Korean, prints nothing and writes nothing', () => {
  const write = (dir: string, name: string, content: string) => fs.writeFileSync(path.join(dir, name), content);
  const cases: [string, string[], RegExp, ((dir: string) => void)?, Record<string, string>?][] = [
    ['no --input', ['--out', 'out'], /--input으로 청약 JSON 파일을 지정하세요/],
    ['no --out', ['--input', 'application.json'], /--out으로 문서를 저장할 폴더를 지정하세요/],
    ['an input file that does not exist', ['--input', 'missing.json', '--out', 'out'], /청약 파일을 읽을 수 없습니다: .*missing\.json \(파일이 없습니다\)/],
    ['an input that is a folder', ['--input', '.', '--out', 'out'], /청약 파일을 읽을 수 없습니다: .*\(폴더입니다\)/],
    ['invalid JSON', ['--input', 'broken.json', '--out', 'out'], /올바른 JSON이 아닙니다.*따옴표와 쉼표/, (d) => write(d, 'broken.json', '{"kind": "new",')],
    [
      'a schema error (business number check digit)',
      ['--input', 'bad.json', '--out', 'out'],
      /검증번호/,
      (d) => write(d, 'bad.json', JSON.stringify({ ...fixtureJson('application.json'), customer: { ...(fixtureJson('application.json').customer as object), businessNumber: '220-81-12342' } })),
    ],
    ['an unknown field', ['--input', 'bad.json', '--out', 'out'], /알 수 없는 항목 'colour'/, (d) => write(d, 'bad.json', JSON.stringify({ ...fixtureJson('application.json'), colour: 'blue' }))],
    ['an unknown form id', ['--input', 'application.json', '--out', 'out', '--forms', '1,7'], /알 수 없는 양식입니다: 7\. 양식은 1, 2, 3, quote, 4, 5, 6, settlement, contract 중에서/],
    ['the same form twice', ['--input', 'application.json', '--out', 'out', '--forms', '1,quote,1'], /같은 양식을 두 번 지정했습니다: 1/],
    ['an empty --forms', ['--input', 'application.json', '--out', 'out', '--forms', ' , '], /--forms에 만들 양식을 하나 이상/],
    ['a bad format', ['--input', 'application.json', '--out', 'out', '--format', 'odt'], /형식\(--format\)은 pdf 또는 docx입니다: 'odt'/],
    ['#4 asked for without --before', ['--input', 'application.json', '--out', 'out', '--forms', '1,4'], /변경신청서\(양식 #4\)에는 변경 전 청약이 필요합니다. --before/],
    ['a --before file that does not exist', ['--input', 'application-after.json', '--before', 'nope.json', '--out', 'out'], /변경 전 청약 파일을 읽을 수 없습니다/],
    [
      'a --before file that is not JSON',
      ['--input', 'application-after.json', '--before', 'broken.json', '--out', 'out'],
      /변경 전 청약 파일이 올바른 JSON이 아닙니다/,
      (d) => write(d, 'broken.json', 'not json'),
    ],
    [
      'a --before application of another customer',
      ['--input', 'application-after.json', '--before', 'other.json', '--out', 'out'],
      /고객이 다릅니다/,
      (d) =>
        write(
          d,
          'other.json',
          JSON.stringify({ ...fixtureJson('application-before.json'), customer: { ...(fixtureJson('application-before.json').customer as object), businessNumber: '105-87-24685' } }),
        ),
    ],
    [
      'a --delivery whose quantity is not a number',
      ['--input', 'application.json', '--out', 'out', '--forms', '5', '--delivery', 'd.json'],
      /수량/,
      (d) => write(d, 'd.json', JSON.stringify({ rows: [{ name: '헤드셋', quantity: '열두개' }] })),
    ],
    [
      'a --change file that does not exist',
      ['--input', 'application-after.json', '--before', 'application-before.json', '--forms', '4', '--change', 'nope.json', '--out', 'out'],
      /변경 내역 파일을 읽을 수 없습니다/,
    ],
    ['an unknown option', ['--input', 'application.json', '--out', 'out', '--colour', 'red'], /알 수 없는 옵션입니다/],
    ['a stray argument', ['--input', 'application.json', '--out', 'out', 'extra'], /옵션이 아닌 인수가 있습니다/],
    [
      'an item the price list does not have (quote)',
      ['--input', 'bad.json', '--out', 'out'],
      /상품 코드 'hologram'은\(는\) 가격표 kt-bizmeka-2014에 없습니다/,
      (d) => write(d, 'bad.json', JSON.stringify({ ...fixtureJson('application.json'), items: [{ code: 'hologram', quantity: 3 }] })),
    ],
    [
      'a negotiated item without its price (quote)',
      ['--input', 'bad.json', '--out', 'out'],
      /별도 협정가 상품입니다. 고객과 협의한 협정가를 단가\(unitPrice\)에 입력하세요/,
      (d) =>
        write(
          d,
          'bad.json',
          JSON.stringify({
            ...fixtureJson('application.json'),
            items: [
              { code: 'asp-basic', quantity: 20 },
              { code: 'agent', quantity: 2 },
            ],
          }),
        ),
    ],
    ['a bad SOURCE_DATE_EPOCH', ['--input', 'application.json', '--out', 'out'], /SOURCE_DATE_EPOCH/, undefined, { SOURCE_DATE_EPOCH: 'yesterday' }],
  ];

  it.each(cases)('%s', async (_name, argv, message, setup, env) => {
    const dir = workspace();
    setup?.(dir);
    const before = fs.readdirSync(dir).sort();
    const r = await runFormsCommand(argv, io(dir, env ?? { SOURCE_DATE_EPOCH: EPOCH }));
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^오류: /);
    expect(r.stderr).toMatch(message);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });
});
