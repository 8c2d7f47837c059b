/**
 * The printed forms, checked the way a person would: pdftotext finds what was filled in and the
 * fixed labels, pdffonts shows the Korean font embedded as a subset, pdfinfo counts pages, and
 * the QR on a rendered page decodes to the document id and version.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDocuments, type GeneratedFile } from '../../../electron/core/documents/generate';
import { CONSENT_COLLECTION, CONSENT_THIRD_PARTY, TERMS_ARTICLES, TERMS_PREAMBLE, APPLICATION_ATTACHMENTS, APPLICATION_NOTES, CHANGE_ATTACHMENTS } from '../../../shared/forms/texts';
import { fixtureJson } from '../../fixtures/documents/load';
import { contentStreams, decodeQr, pageCount, pdffonts, pdfinfo, pdftotext, requireTools, sha256OfFile, squash } from './tools';

const NOW = '2026-11-22T14:00:00+09:00';
const POPPLER = ['pdftotext', 'pdffonts', 'pdfinfo', 'pdftoppm'];
let dirA: string;
let dirB: string;
let filesA: GeneratedFile[];
let filesB: GeneratedFile[];
const file = (files: GeneratedFile[], form: string) => files.find((f) => f.form === form)!;

beforeAll(async () => {
  dirA = fs.mkdtempSync(path.join(os.tmpdir(), 'forms-a-'));
  dirB = fs.mkdtempSync(path.join(os.tmpdir(), 'forms-b-'));
  filesA = await generateDocuments({ application: fixtureJson('application.json'), forms: ['1', '2', '5', '6'], format: 'pdf', packet: true, outDir: dirA, now: NOW });
  filesB = await generateDocuments({
    application: fixtureJson('application-after.json'),
    before: fixtureJson('application-before.json'),
    change: { reason: '상담석 증설 및 상담어플리케이션 Premium 전환', requestedDate: '2026-12-01', billingStartDate: '2026-12-15' },
    delivery: {
      description: '상담석 증설분 헤드셋 납품',
      location: '서울특별시 중구 세종대로 100, 한빛빌딩 12층 콜센터실',
      date: '2026-12-10',
      rows: [
        { name: '헤드셋', spec: 'HS-200 양이형', quantity: 10, note: '증설분' },
        { name: 'IP전화기', spec: 'IP-450', quantity: 10 },
      ],
      handover: { company: '삼정씨브이지', person: '이인계' },
      receiver: { person: '최인수' },
    },
    forms: ['4', '5'],
    format: 'pdf',
    outDir: dirB,
    now: NOW,
  });
});

function expectAll(text: string, needles: readonly string[], what: string) {
  const hay = squash(text);
  const missing = needles.filter((n) => !hay.includes(squash(n)));
  expect(missing, `${what}: not found in pdftotext output`).toEqual([]);
}

describe('form #1 신청서 + privacy consents', () => {
  it('pdftotext finds every filled value and every checkbox state', (ctx) => {
    requireTools(ctx, ...POPPLER);
    const text = pdftotext(file(filesA, '1').path);
    expectAll(
      text,
      [
        'olleh bizmeka 콜센터 서비스(■신규 □해지 □변경)신청서',
        '주식회사 한빛콜테크',
        '220-81-12341',
        '110111-1234569',
        '홍길동',
        '서울특별시 중구 세종대로 100, 한빛빌딩 12층',
        '02-555-0123',
        '010-5555-0123',
        '한빛콜테크 정산센터',
        '314-86-56784',
        '경기도 성남시 분당구 판교로 200',
        '031-777-0100',
        'ASP 기본서비스',
        '상담어플리케이션 Premium',
        '녹음서비스',
        '추가회선서비스',
        '상담원 제공서비스',
        '□ 12개월',
        '□ 24개월',
        '■ 36개월',
        '□ 무약정(',
        '□ 10석 미만',
        '□ 10 ~ 29석',
        '■ 30석 ~ 49석',
        '□ 50석 ~ 99석',
        '□ 100석 이상',
        '(기본서비스 35석)',
        '강북법인지사 기업영업2팀',
        '박영업',
        '02-3456-7890',
        'OPP-2026-00417',
        '신청일: 2026. 11. 22.',
      ],
      'form #1 values',
    );
  });

  it('pdftotext finds every fixed label, attachment, note and both consent texts', (ctx) => {
    requireTools(ctx, ...POPPLER);
    const text = pdftotext(file(filesA, '1').path);
    expectAll(
      text,
      [
        '양식 #1',
        '1. 고객사항',
        '신청고객',
        '법인명(상호)',
        '사업자번호',
        '법인등록번호',
        '대표자명',
        '주 소',
        '전화번호',
        '이동전화',
        '요금납부 책 임 자',
        '법인명',
        '2. 신청서비스',
        '3. 약정기간',
        '4. 신청규모',
        '5. 첨부서류',
        '6. 기 타',
        '판매자',
        '소속',
        '성명',
        'TEL',
        '영업기회 Code',
        '신청인:',
        '(인)',
        'KT 귀중',
        ...APPLICATION_ATTACHMENTS,
        ...APPLICATION_NOTES,
        '개인정보의 수집·이용·제공 동의서',
        CONSENT_COLLECTION.title,
        CONSENT_THIRD_PARTY.title,
        CONSENT_COLLECTION.intro,
        ...CONSENT_COLLECTION.lines.map((l) => l.text),
        CONSENT_THIRD_PARTY.intro,
        ...CONSENT_THIRD_PARTY.lines.map((l) => l.text),
        '※ 본인은 본 동의서에 대한 설명을 듣고 내용을 이해하였습니다.',
        '신청인(본인):',
        '대리인:',
        '주식회사 케이티 귀중',
      ],
      'form #1 labels',
    );
  });

  it('puts each consent on its own page with its own signature line', (ctx) => {
    requireTools(ctx, ...POPPLER);
    const f = file(filesA, '1').path;
    expect(pageCount(f)).toBe(3);
    const p2 = squash(pdftotext(f, { first: 2, last: 2 }));
    const p3 = squash(pdftotext(f, { first: 3, last: 3 }));
    expect(p2).toContain(squash(CONSENT_COLLECTION.title));
    expect(p2).not.toContain(squash(CONSENT_THIRD_PARTY.title));
    expect(p3).toContain(squash(CONSENT_THIRD_PARTY.title));
    for (const p of [p2, p3]) expect(p).toContain(squash('2026. 11. 22. 신청인(본인): 홍길동 (인)'));
  });
});

describe('form #2 이용약관', () => {
  it('prints the preamble and all 16 articles word for word, and the customer confirmation', (ctx) => {
    requireTools(ctx, ...POPPLER);
    const f = file(filesA, '2').path;
    const text = pdftotext(f);
    expectAll(text, [TERMS_PREAMBLE, ...TERMS_ARTICLES.flatMap((a) => [a.heading, ...a.paragraphs])], 'terms');
    expectAll(text, ['olleh bizmeka 콜센터서비스 이용약관(고객사 확인용)', '양식 #2', '2026. 11. 22.', '확인 : 고객사명 주식회사 한빛콜테크', '대표이사', '홍길동', '(인)'], 'confirmation');
    // Article order is the seed's.
    const squashed = squash(text);
    const positions = TERMS_ARTICLES.map((a) => squashed.indexOf(squash(a.heading)));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(pageCount(f)).toBe(2);
  });
});

describe('form #4 변경신청서', () => {
  it('pdftotext finds the service number, reason, dates and every unit price and count before and after', (ctx) => {
    requireTools(ctx, ...POPPLER);
    // -layout keeps each table row on one line, so a row reads label, prices and counts in order.
    const text = pdftotext(file(filesB, '4').path, { layout: true });
    expectAll(
      text,
      [
        'olleh bizmeka 콜센터서비스 변경신청서',
        '양식 #4',
        '1. 고객사항 (서비스번호 : J00001587)',
        '주식회사 한빛콜테크',
        '220-81-12341',
        '신청고객과 동일',
        '2. 서비스 변경내역',
        'ㅇ 변경 사유 : 상담석 증설 및 상담어플리케이션 Premium 전환',
        'ㅇ 변경 요청일자 : 2026. 12. 1.',
        'ㅇ 서비스개시 및 과금일자 : 2026. 12. 15.',
        '구 분',
        '기 존',
        '변 경',
        '단가(원)',
        '회선수',
        '비고',
        '기본이용료',
        '상담어플리케이션 Basic',
        '상담어플리케이션 Premium',
        '녹취',
        '추가회선',
        '장비임대',
        '상담석 제공',
        '상담석',
        '상담원',
        '기본이용료 180,000 20 160,000 30 증설 10, 단가 변경',
        '상담어플리케이션 Basic 51,000 20 해지',
        '녹취 20,000 20 20,000 30 증설 10',
        '추가회선 20,000 5 신규',
        '3. 첨부서류',
        ...CHANGE_ATTACHMENTS,
        '신청일: 2026. 11. 22.',
        '신청인:',
        '홍길동',
        '(인)',
        'KT 귀중',
      ],
      'form #4',
    );
    // Row-group labels span two lines of their own: read them in reading order.
    expectAll(pdftotext(file(filesB, '4').path), ['ASP 서비스', '상담석 제공'], 'form #4 row groups');
    expect(pageCount(file(filesB, '4').path)).toBe(1);
  });
});

describe('form #5 납품 확인서', () => {
  it('pdftotext finds the delivered rows, location, date and both parties', (ctx) => {
    requireTools(ctx, ...POPPLER);
    const text = pdftotext(file(filesB, '5').path);
    expectAll(
      text,
      [
        '납 품 확 인 서',
        '양식 #5',
        '고객사(상호)',
        '주식회사 한빛콜테크',
        '대표자',
        '홍길동',
        '내 용',
        '상담석 증설분 헤드셋 납품',
        '설치위치',
        '서울특별시 중구 세종대로 100, 한빛빌딩 12층 콜센터실',
        '납품일자',
        '2026. 12. 10.',
        '품명',
        '규격',
        '수량',
        '비고',
        '헤드셋 HS-200 양이형 10 증설분',
        'IP전화기 IP-450 10',
        '구분',
        '인계자',
        '인수자',
        '상호명',
        '삼정씨브이지',
        '담당자',
        '이인계',
        '최인수',
        '(인)',
      ],
      'form #5',
    );
  });

  it('defaults to the application items, KT as the handing-over party and the customer as receiver', (ctx) => {
    requireTools(ctx, ...POPPLER);
    expectAll(
      pdftotext(file(filesA, '5').path),
      ['ASP 기본서비스 35', '상담어플리케이션 Premium 35', '녹음서비스 35', '추가회선서비스 10', '상담원 제공서비스 5', '주식회사 케이티', '박영업'],
      'form #5 defaults',
    );
  });
});

describe('form #6 담당자 연락처', () => {
  it('prints the role rows of the default list with placeholder people', (ctx) => {
    requireTools(ctx, ...POPPLER);
    const text = pdftotext(file(filesA, '6').path);
    expectAll(
      text,
      [
        '콜센터서비스 담당자 연락처',
        '양식 #6',
        '회 사 명',
        '담당업무',
        '담당자',
        'Mobile',
        'Tel',
        '스마트솔루션사업담당 BM 총괄 (담당자 미지정)',
        'IMO운용센터 시스템운용',
        '삼정씨브이지 헤드셋 납품',
        'KTIS 상담인력',
      ],
      'form #6',
    );
    expect(squash(text).split(squash('(담당자 미지정)')).length - 1).toBe(11);
  });
});

describe('every PDF', () => {
  it('embeds one face, Noto Sans KR Regular, as a subset (XXXXXX+ name, emb yes, sub yes, uni yes), and draws bold by stroking it (render mode 2)', (ctx) => {
    requireTools(ctx, ...POPPLER, 'qpdf');
    for (const f of [...filesA, ...filesB]) {
      const fonts = pdffonts(f.path);
      expect(
        fonts.map((x) => x.name.replace(/^[A-Z]{6}\+/, '')),
        f.path,
      ).toEqual(['NotoSansKR-Regular']);
      for (const font of fonts) {
        expect(font.name).toMatch(/^[A-Z]{6}\+NotoSansKR-Regular$/);
        expect(font.type).toBe('CID TrueType');
        expect([font.emb, font.sub, font.uni]).toEqual(['yes', 'yes', 'yes']);
      }
      // Every form has a bold title: filled and stroked at 4% of its size, then back to fill only.
      const content = contentStreams(f.path);
      expect(content, f.path).toMatch(/\b2 Tr [\d.]+ w\b/);
      expect(content, f.path).toMatch(/\b0 Tr\b/);
    }
  });

  it('is A4, with the page counts of each form; the packet is the forms in order', (ctx) => {
    requireTools(ctx, ...POPPLER);
    const pages = Object.fromEntries([...filesA, ...filesB].map((f) => [`${f.form}${f.path.startsWith(dirB) ? 'b' : ''}`, pageCount(f.path)]));
    expect(pages).toEqual({ '1': 3, '2': 2, '5': 1, '6': 1, packet: 7, '4b': 1, '5b': 1 });
    for (const f of [...filesA, ...filesB]) {
      expect(pdfinfo(f.path)['Page size']).toBe('595.28 x 841.89 pts (A4)');
      expect(f.pages).toBe(pageCount(f.path));
    }
  });

  it('packet pages read exactly like the single forms, page for page', (ctx) => {
    requireTools(ctx, ...POPPLER);
    const packet = file(filesA, 'packet').path;
    let n = 1;
    for (const form of ['1', '2', '5', '6']) {
      const single = file(filesA, form).path;
      for (let p = 1; p <= pageCount(single); p++, n++) {
        expect(pdftotext(packet, { first: n, last: n }), `packet page ${n} = form #${form} page ${p}`).toBe(pdftotext(single, { first: p, last: p }));
      }
    }
  });

  it('has a footer with page x/y on every page', (ctx) => {
    requireTools(ctx, ...POPPLER);
    const f = file(filesA, '1').path;
    for (let p = 1; p <= 3; p++) expect(pdftotext(f, { first: p, last: p })).toMatch(new RegExp(`(^|\\n)${p}\\s*/\\s*3(\\n|$)`));
  });

  it('keeps every word inside the 15 mm printable margins', (ctx) => {
    requireTools(ctx, ...POPPLER);
    const min = (15 * 72) / 25.4;
    for (const f of [...filesA, ...filesB]) {
      const html = execFileSync('pdftotext', ['-bbox', f.path, '-'], { encoding: 'utf8' });
      const words = [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g)];
      expect(words.length).toBeGreaterThan(20);
      for (const [, x0, y0, x1, y1, w] of words) {
        const where = `${path.basename(f.path)}: ${w ?? ''}`;
        expect(Number(x0), where).toBeGreaterThanOrEqual(min);
        expect(Number(y0), where).toBeGreaterThanOrEqual(min);
        expect(Number(x1), where).toBeLessThanOrEqual(595.28 - min);
        expect(Number(y1), where).toBeLessThanOrEqual(841.89 - min);
      }
    }
  });

  it('carries a QR on each page that decodes to salesdesk:doc:<docId>:<version key>', (ctx) => {
    requireTools(ctx, ...POPPLER);
    const f1 = file(filesA, '1');
    const doc1 = f1.documents[0]!;
    expect(doc1.versionKey).toMatch(/^[0-9a-f]{64}$/);
    for (const p of [1, 3]) expect(decodeQr(f1.path, p)).toBe(`salesdesk:doc:${doc1.docId}:${doc1.versionKey}`);
    const f4 = file(filesB, '4');
    expect(decodeQr(f4.path, 1)).toBe(`salesdesk:doc:${f4.documents[0]!.docId}:${f4.documents[0]!.versionKey}`);
    // In the packet, a page carries the QR of its own form (page 4 = form #2 page 1).
    const packet = file(filesA, 'packet');
    const terms = packet.documents.find((d) => d.form === '2')!;
    expect(terms.firstPage).toBe(4);
    expect(decodeQr(packet.path, 4)).toBe(`salesdesk:doc:${terms.docId}:${terms.versionKey}`);
  });

  it('is reproducible: the same inputs and date give the same bytes; another date changes the file, not the version', async (ctx) => {
    requireTools(ctx, ...POPPLER);
    const again = fs.mkdtempSync(path.join(os.tmpdir(), 'forms-again-'));
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'forms-other-'));
    const same = await generateDocuments({ application: fixtureJson('application.json'), forms: ['1', '2', '5', '6'], format: 'pdf', packet: true, outDir: again, now: NOW });
    expect(same.map((f) => f.sha256)).toEqual(filesA.map((f) => f.sha256));
    expect(same.map((f) => sha256OfFile(f.path))).toEqual(filesA.map((f) => f.sha256));
    const later = await generateDocuments({ application: fixtureJson('application.json'), forms: ['1'], format: 'pdf', outDir: other, now: '2026-11-23T09:00:00+09:00' });
    expect(later[0]!.sha256).not.toBe(file(filesA, '1').sha256);
    expect(later[0]!.documents[0]!.versionKey).toBe(file(filesA, '1').documents[0]!.versionKey);
    expect(pdfinfo(later[0]!.path).CreationDate).toMatch(/2026/);
  });
});
