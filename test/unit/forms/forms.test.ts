import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors';
import type { Block, Cell } from '../../../shared/forms/blocks';
import { blockTexts } from '../../../shared/forms/blocks';
import { SAME_AS_CUSTOMER, sizeTierChecks, termChecks, kindChecks } from '../../../shared/forms/common';
import { buildForm1 } from '../../../shared/forms/form1';
import { buildForm2 } from '../../../shared/forms/form2';
import { buildForm4, changeRows } from '../../../shared/forms/form4';
import { buildForm5 } from '../../../shared/forms/form5';
import { buildForm6 } from '../../../shared/forms/form6';
import { contactsSchema } from '../../../shared/forms/inputs';
import { DEFAULT_ITEM_NAMES, itemName } from '../../../shared/forms/items';
import { signatureValidity, versionKeyOf, type FormDocument } from '../../../shared/forms/model';
import { buildForm, FORM_REGISTRY } from '../../../shared/forms/registry';
import { fixtureApplication, ktCatalog, ktSupplier, variant } from '../../fixtures/documents/load';

const checked = (checks: { label: string; checked: boolean }[]) => checks.filter((c) => c.checked).map((c) => c.label);

function signaturePlaces(blocks: readonly Block[]): string[] {
  const out: string[] = [];
  const cells = (rows: readonly (readonly Cell[])[]) => rows.forEach((r) => r.forEach((c) => c.signature && out.push(c.signature)));
  for (const b of blocks) {
    if (b.type === 'signatureLine') out.push(b.area);
    if (b.type === 'table') cells([...(b.header ?? []), ...b.rows]);
    if (b.type === 'keep') out.push(...signaturePlaces(b.blocks));
  }
  return out;
}

const contacts = [{ company: '브리지텍', role: '서비스운용', person: '(담당자 미지정)', mobile: '(미지정)', tel: '' }];

function allDocuments(): FormDocument[] {
  const app = fixtureApplication();
  return [buildForm1(app), buildForm2(app), buildForm4(fixtureApplication('application-before.json'), fixtureApplication('application-after.json')), buildForm5(app), buildForm6(contacts)];
}

describe('form #1 checkboxes', () => {
  it.each([
    [1, '10석 미만'],
    [9, '10석 미만'],
    [10, '10 ~ 29석'],
    [29, '10 ~ 29석'],
    [30, '30석 ~ 49석'],
    [49, '30석 ~ 49석'],
    [50, '50석 ~ 99석'],
    [99, '50석 ~ 99석'],
    [100, '100석 이상'],
    [250, '100석 이상'],
  ])('%i basic-service seats tick only the "%s" size tier', (seats, tier) => {
    const app = variant(
      (a) =>
        (a.items = [
          { code: 'asp-basic', quantity: seats },
          { code: 'recording', quantity: 500 },
        ]),
    );
    expect(checked(sizeTierChecks(app))).toEqual([tier]);
  });

  it('ticks no size tier when the application has no basic service (asp-basic)', () => {
    const app = variant((a) => (a.items = [{ code: 'recording', quantity: 40 }]));
    expect(checked(sizeTierChecks(app))).toEqual([]);
  });

  it('ticks the chosen term only; no commitment prints its period from the application date to the end date', () => {
    expect(checked(termChecks(fixtureApplication()))).toEqual(['36개월']);
    const none = variant((a) => {
      a.term = 'none';
      a.termEnd = '2027-05-31';
    });
    expect(checked(termChecks(none))).toEqual(['무약정(2026. 11. 22. ~ 2027. 5. 31.)']);
  });

  it('marks exactly one of 신규/해지/변경, in the seed order', () => {
    const app = variant((a) => (a.kind = 'termination'));
    expect(kindChecks(app).map((c) => [c.label, c.checked])).toEqual([
      ['신규', false],
      ['해지', true],
      ['변경', false],
    ]);
    expect(buildForm1(app).blocks.find((b) => b.type === 'title')).toMatchObject({ text: 'olleh bizmeka 콜센터 서비스(□신규 ■해지 □변경)신청서' });
  });
});

describe('form content', () => {
  it('form #1 prints every customer, billing and seller value of the application', () => {
    const doc = buildForm1(fixtureApplication());
    const texts = blockTexts(doc.blocks).join('\n');
    for (const v of [
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
      '강북법인지사 기업영업2팀',
      '박영업',
      '02-3456-7890',
      'OPP-2026-00417',
      '신청일: 2026. 11. 22.',
    ]) {
      expect(texts, v).toContain(v);
    }
    expect(doc.signatureAreas.map((a) => a.id)).toEqual(['applicant', 'consent-collection', 'consent-third-party']);
  });

  it('with no billing party the billing block says the customer pays ("신청고객과 동일")', () => {
    const app = variant((a) => delete a.billing);
    expect(buildForm1(app).content.billing[0]).toMatchObject({ label: '법인명', value: SAME_AS_CUSTOMER });
  });

  it('item names come from one table; an unknown code prints as itself; the catalog can pass its own names', () => {
    expect(Object.keys(DEFAULT_ITEM_NAMES)).toEqual(['asp-basic', 'app-basic', 'app-premium', 'recording', 'extra-line', 'agent', 'floor']);
    expect(itemName('floor')).toBe('상면제공서비스');
    expect(itemName('build-headset')).toBe('build-headset');
    const app = fixtureApplication();
    expect(buildForm1(app, { itemNames: { recording: '녹취(catalog)' } }).content.items.map((i) => i.name)).toContain('녹취(catalog)');
  });

  it('form #4 compares unit price and count per seed row, before and after, and says what changed', () => {
    const rows = changeRows(fixtureApplication('application-before.json'), fixtureApplication('application-after.json'));
    const byLabel = Object.fromEntries(rows.map((r) => [r.label, r]));
    expect(rows.map((r) => r.label)).toEqual(['기본이용료', '상담어플리케이션 Basic', '상담어플리케이션 Premium', '녹취', '추가회선', '장비임대', '상담석', '상담원']);
    expect(byLabel['기본이용료']).toMatchObject({ before: { unitPrice: 180000, count: 20 }, after: { unitPrice: 160000, count: 30 }, note: '증설 10, 단가 변경' });
    expect(byLabel['상담어플리케이션 Basic']).toMatchObject({ after: { unitPrice: null, count: null }, note: '해지' });
    expect(byLabel['상담어플리케이션 Premium']).toMatchObject({ before: { count: null }, after: { unitPrice: 76500, count: 30 }, note: '신규' });
    expect(byLabel['장비임대']).toMatchObject({ before: { count: null }, after: { count: null }, note: '' });
    const doc = buildForm4(fixtureApplication('application-before.json'), fixtureApplication('application-after.json'));
    expect(doc.content.reason).toBe('ASP 기본서비스 20 → 30, 상담어플리케이션 Basic 해지, 상담어플리케이션 Premium 신규, 녹음서비스 20 → 30, 추가회선서비스 신규');
    expect(doc.content.serviceNumber).toBe('J00001587');
    expect(doc.content.requestedDate).toBe('2026. 11. 22.');
  });

  it('form #4 takes the reason and dates given, and unit prices from the pricing hook', () => {
    const doc = buildForm4(
      fixtureApplication('application-before.json'),
      fixtureApplication('application-after.json'),
      { reason: '상담석 추가', requestedDate: '2026-12-01', billingStartDate: '2026-12-15' },
      { unitPrice: (item) => (item.code === 'recording' ? 19000 : undefined) },
    );
    expect(doc.content).toMatchObject({ reason: '상담석 추가', requestedDate: '2026. 12. 1.', billingStartDate: '2026. 12. 15.' });
    expect(doc.content.rows.find((r) => r.label === '녹취')).toMatchObject({ before: { unitPrice: 19000 }, after: { unitPrice: 19000 } });
  });

  it('form #4 refuses two applications of different customers', () => {
    const other = variant((a) => (a.customer.businessNumber = '105-87-24685'), 'application-before.json');
    expect(() => buildForm4(other, fixtureApplication('application-after.json'))).toThrow(AppError);
    expect(() => buildForm('4', { application: fixtureApplication() })).toThrow(/변경 전 청약이 필요/);
  });

  it('form #5 lists the application items by default; KT hands over, the customer receives', () => {
    const doc = buildForm5(fixtureApplication());
    expect(doc.content.rows.map((r) => [r.name, r.quantity])).toEqual([
      ['ASP 기본서비스', 35],
      ['상담어플리케이션 Premium', 35],
      ['녹음서비스', 35],
      ['추가회선서비스', 10],
      ['상담원 제공서비스', 5],
    ]);
    expect(doc.content.handover).toMatchObject({ company: '주식회사 케이티', person: '박영업' });
    expect(doc.content.receiver).toMatchObject({ company: '주식회사 한빛콜테크', person: '' });
    expect(doc.content.location).toBe('서울특별시 중구 세종대로 100, 한빛빌딩 12층');
  });

  it('every signature area of every form has exactly one place on paper', () => {
    for (const doc of allDocuments()) {
      expect(signaturePlaces(doc.blocks).sort(), `form #${doc.form}`).toEqual(doc.signatureAreas.map((a) => a.id).sort());
    }
  });

  it('every registered form builds from the fixture inputs', () => {
    const inputs = { application: fixtureApplication('application-after.json'), before: fixtureApplication('application-before.json'), contacts, catalog: ktCatalog(), supplier: ktSupplier() };
    for (const form of Object.keys(FORM_REGISTRY) as (keyof typeof FORM_REGISTRY)[]) expect(buildForm(form, inputs).form).toBe(form);
  });
});

describe('document versions and signatures', () => {
  it('the version key is the same for the same content, whatever order its fields were built in', () => {
    expect(versionKeyOf('1', { a: 1, b: [1, 2] })).toBe(versionKeyOf('1', { b: [1, 2], a: 1 }));
    expect(versionKeyOf('1', { a: 1 })).not.toBe(versionKeyOf('2', { a: 1 }));
    expect(buildForm1(fixtureApplication()).versionKey).toBe(buildForm1(fixtureApplication()).versionKey);
  });

  it('changing the application makes a new version: a signature given to the old one is void', () => {
    const before = buildForm1(fixtureApplication());
    const after = buildForm1(variant((a) => (a.items[0]!.quantity = 36)));
    expect(after.versionKey).not.toBe(before.versionKey);
    const sig = { form: '1' as const, area: 'applicant' as const, versionKey: before.versionKey };
    expect(signatureValidity(sig, before)).toEqual({ valid: true });
    expect(signatureValidity(sig, after)).toEqual({ valid: false, reason: 'content-changed' });
    expect(signatureValidity({ ...sig, form: '2' }, before)).toEqual({ valid: false, reason: 'wrong-form' });
    expect(signatureValidity({ ...sig, area: 'delivery-receiver' }, before)).toEqual({ valid: false, reason: 'unknown-area' });
  });

  it('a change the form does not print (the seller phone on form #2) keeps form #2 signatures valid', () => {
    const a = buildForm2(fixtureApplication());
    const b = buildForm2(variant((x) => (x.seller.phone = '010-2000-0001')));
    expect(b.versionKey).toBe(a.versionKey);
  });
});

describe('default contact list (form #6)', () => {
  it('ships the seed roles with placeholder people only — no names, no phone numbers', () => {
    const file = path.resolve(import.meta.dirname, '../../../resources/contacts/default.json');
    const list = contactsSchema.parse((JSON.parse(fs.readFileSync(file, 'utf8')) as { contacts: unknown }).contacts);
    expect(list.map((c) => c.company)).toEqual([
      '스마트솔루션사업담당',
      'Biz사업본부 컨설팅지원담당',
      '기업고객센터',
      'IMO운용센터',
      '브리지텍',
      '넥스프론',
      '센터링크',
      '삼정씨브이지',
      '델타링크',
      'KTCS',
      'KTIS',
    ]);
    for (const c of list) {
      expect(c.person).toBe('(담당자 미지정)');
      for (const phone of [c.mobile ?? '', c.tel ?? '']) expect(phone, `${c.company} phone`).toMatch(/^(\(미지정\))?$/);
    }
    expect(buildForm6(list).content.rows).toHaveLength(11);
  });
});
