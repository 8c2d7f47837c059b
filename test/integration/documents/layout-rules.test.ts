/**
 * Layout rules a reader checks on paper, on an application that stretches the forms (a long
 * company name, a two-line address and all seven products) and on the everyday fixture: a
 * signature never stands alone on a page, away from what it confirms, and Korean lines break at
 * spaces — a word is never split across lines (word-break: keep-all).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDocuments, prepareDocuments, type GenerateOptions, type GeneratedFile } from '../../../electron/core/documents/generate';
import { A4 } from '../../../electron/core/documents/layout';
import { blockTexts } from '../../../shared/forms/blocks';
import type { FormId } from '../../../shared/forms/model';
import { fixtureJson } from '../../fixtures/documents/load';
import { sampleApplication } from '../../support/fixtures';
import { pageCount, pdftotext, requireTools, squash } from './tools';

const NOW = '2026-11-22T14:00:00+09:00';
const POPPLER = ['pdftotext', 'pdfinfo'];

/** The reviewer's case: every product, a company name and an address that take two lines. */
const LONG = sampleApplication({
  customer: {
    name: '(주)한국글로벌고객서비스센터 통합콜센터운영본부 주식회사',
    businessNumber: '102-81-42945',
    corporateNumber: '110111-1468754',
    representative: '홍길동',
    address: '서울특별시 종로구 세종대로 178 케이티광화문빌딩 이스트 12층 1201호 고객지원센터 통합운영본부 (세종로, 케이티광화문빌딩)',
    phone: '02-1234-5678',
    mobile: '010-2345-6789',
  },
  items: [
    { code: 'asp-basic', quantity: 32 },
    { code: 'app-basic', quantity: 20 },
    { code: 'app-premium', quantity: 12 },
    { code: 'recording', quantity: 32 },
    { code: 'extra-line', quantity: 10 },
    { code: 'agent', quantity: 3, unitPrice: 2_500_000 },
    { code: 'floor', quantity: 32, unitPrice: 150_000 },
  ],
});
const LONG_BEFORE = { ...LONG, items: LONG.items.slice(0, 3), date: '2026-03-02' };
const LONG_AFTER = { ...LONG, kind: 'change' as const, serviceNumber: 'J00001587' };

interface Case {
  name: string;
  options: Omit<GenerateOptions, 'outDir' | 'now' | 'format'>;
}

const CASES: Case[] = [
  { name: 'long', options: { application: LONG, forms: ['1', '2', 'quote', 'settlement', 'contract'] } },
  { name: 'long-change', options: { application: LONG_AFTER, before: LONG_BEFORE, forms: ['4'] } },
  { name: 'fixture', options: { application: fixtureJson('application.json'), forms: ['1', '2', 'quote', 'settlement', 'contract'] } },
];

interface Printed {
  case: string;
  form: FormId;
  file: string;
  /** Every word the form's blocks print (split at spaces). */
  words: Set<string>;
}

let printed: Printed[] = [];

beforeAll(async () => {
  printed = [];
  for (const c of CASES) {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), `layout-rules-${c.name}-`));
    const options: GenerateOptions = { ...c.options, format: 'pdf', outDir, now: NOW };
    const refs = prepareDocuments(options).refs;
    const files: GeneratedFile[] = await generateDocuments(options);
    for (const ref of refs) {
      const f = files.find((x) => x.form === ref.document.form)!;
      const words = new Set(
        blockTexts(ref.document.blocks)
          .flatMap((t) => t.split(/\s+/))
          .filter(Boolean),
      );
      printed.push({ case: c.name, form: ref.document.form, file: f.path, words });
    }
  }
});

const one = (caseName: string, form: FormId) => printed.find((p) => p.case === caseName && p.form === form)!;
const pageTexts = (file: string) => Array.from({ length: pageCount(file) }, (_, i) => pdftotext(file, { first: i + 1, last: i + 1 }));
/** A page's text without its footer (page x/y, document id). */
const body = (page: string) =>
  page
    .split('\n')
    .filter((l) => l.trim() && !/^\d+\s*\/\s*\d+$/.test(l.trim()) && !l.startsWith('문서 ID'))
    .join('\n');

describe('signatures stay with what they confirm', () => {
  // The signature block of each form, and the section before it that must share its page.
  const RULES: { form: FormId; signature: string; section: string }[] = [
    { form: '1', signature: '신청인: ', section: '6. 기 타' },
    { form: '2', signature: '확인 : 고객사명', section: '제 16조(해석)' },
    { form: 'quote', signature: '위 견적 내용을 확인합니다.', section: '견적 조건 및 비고' },
    { form: '4', signature: '신청인: ', section: '첨부서류' },
  ];

  it('a signature line is never the only thing on a page: it shares its page with the section before it', (ctx) => {
    requireTools(ctx, ...POPPLER);
    let checked = 0;
    for (const p of printed) {
      const rule = RULES.find((r) => r.form === p.form);
      if (!rule) continue;
      const pages = pageTexts(p.file);
      const at = pages.findIndex((t) => squash(t).includes(squash(rule.signature)));
      const where = `${p.case} form ${p.form}`;
      expect(at, `${where}: signature found`).toBeGreaterThanOrEqual(0);
      expect(squash(pages[at]!), `${where} page ${at + 1}: "${rule.section}" on the signature's page`).toContain(squash(rule.section));
      checked++;
    }
    expect(checked).toBe(7);
  });

  it('every page that carries "(인)" also carries text other than signature lines, dates and addressees', (ctx) => {
    requireTools(ctx, ...POPPLER);
    const signatureOnly =
      /^(신청일:.*|신청인.*|.*\(인\).*|\d{4}\. \d{1,2}\. \d{1,2}\.|.*년\s+월\s+일.*|KT 귀중|.*귀중|위 견적 내용을 확인합니다\.|확인 : 고객사명.*|대표이사|대표자|홍길동|고객사:.*|.*대표자|양식 #.*|견적서.*|내부 문서.*|계약서 초안.*)$/;
    for (const p of printed) {
      pageTexts(p.file).forEach((page, i) => {
        if (!page.includes('(인)')) return;
        const other = body(page)
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => !signatureOnly.test(l));
        expect(other.length, `${p.case} form ${p.form} page ${i + 1}:\n${body(page)}`).toBeGreaterThan(2);
      });
    }
  });

  it('page counts: the stretched #1 takes 2 + 2 consent pages and the quote 2; the fixture keeps #1 at 1 + 2, #2 at 2 and the quote at 1', (ctx) => {
    requireTools(ctx, ...POPPLER);
    expect(pageCount(one('long', '1').file)).toBe(4);
    expect(pageCount(one('long', 'quote').file)).toBe(2);
    expect(pageCount(one('long', '2').file)).toBe(2);
    expect(pageCount(one('fixture', '1').file)).toBe(3);
    expect(pageCount(one('fixture', '2').file)).toBe(2);
    expect(pageCount(one('fixture', 'quote').file)).toBe(1);
  });
});

describe('Korean line breaking on paper', () => {
  it('Korean text wraps at spaces, not inside words: every word pdftotext finds is a whole word of the form', (ctx) => {
    requireTools(ctx, ...POPPLER);
    const contentBottom = A4.height - A4.margin.bottom + 1;
    for (const p of printed) {
      const html = execFileSync('pdftotext', ['-bbox', p.file, '-'], { encoding: 'utf8' });
      const words = [...html.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</g)]
        .filter(([, y0]) => Number(y0) < contentBottom) // the footer is not the form's text
        .map(([, , w]) =>
          w!
            .replace(/&amp;/g, '&')
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&quot;/g, '"'),
        );
      expect(words.length).toBeGreaterThan(50);
      const broken = [...new Set(words.filter((w) => !p.words.has(w)))];
      expect(broken, `${p.case} form ${p.form}: words cut across lines`).toEqual([]);
    }
  });
});
