/**
 * The content models of #3 (price table), the quote, the settlement request and the contract
 * draft: built from the catalog and the quote engine, never typed in; money stays integers.
 */
import { describe, expect, it } from 'vitest';
import { priceQuote } from '../../../shared/catalog/engine';
import { catalogSchema, type Catalog } from '../../../shared/catalog/schema';
import { AppError } from '../../../shared/contract/errors';
import type { QuoteVersion } from '../../../shared/domain/quote';
import { blockTexts } from '../../../shared/forms/blocks';
import { buildContract, contractInputSchema } from '../../../shared/forms/contract';
import { buildForm3, form3Content, spanningPriceText } from '../../../shared/forms/form3';
import { amountInWordsText, totalsRows } from '../../../shared/forms/money-blocks';
import { buildQuote, quoteContent, quoteNumber, quoteSourceFromApplication, quoteSourceFromVersion } from '../../../shared/forms/quote';
import { buildForm, FORM_REGISTRY } from '../../../shared/forms/registry';
import { addMonthsIso, termEndDate } from '../../../shared/lifecycle/term';
import { buildSettlement, mergeSettlement, settlementDefaults, settlementInputSchema } from '../../../shared/forms/settlement';
import { parseOrThrow } from '../../../shared/contract/errors';
import { cnyInput } from '../catalog/fixtures';
import { fixtureApplication, ktCatalog, ktSupplier, variant } from '../../fixtures/documents/load';

const kt = ktCatalog();
const cny: Catalog = catalogSchema.parse(cnyInput);
const supplier = ktSupplier();
const app = fixtureApplication();
const priced = () => priceQuote(kt, { term: app.term, items: app.items });

describe('#3 price table from the catalog', () => {
  it('the KT catalog gives exactly the seed table: rows, tiers, spans and prices (PRODUCT.md price table)', () => {
    const c = form3Content(kt);
    expect(c.title).toBe('olleh bizmeka 콜센터서비스 이용 요금표(석당 단가표)');
    expect(c.termLabels).toEqual(['단기', '1년', '2년', '3년']);
    const rows = c.rows.map((r) => [r.group, r.type, r.scale, r.byTerm ?? spanningPriceText(r, 'KRW')]);
    expect(rows).toEqual([
      ['ASP 기본서비스', '필수', '10석 미만', [260_000, 220_000, 210_000, 200_000]],
      ['ASP 기본서비스', '필수', '10석 이상', [240_000, 200_000, 190_000, 180_000]],
      ['ASP 기본서비스', '필수', '30석 이상', [220_000, 180_000, 170_000, 160_000]],
      ['ASP 기본서비스', '필수', '50석 이상', [190_000, 150_000, 140_000, 130_000]],
      ['ASP 기본서비스', '필수', '100석 이상', [160_000, 120_000, 110_000, 100_000]],
      ['상담어플리케이션 ASP 서비스', '선택', 'Basic\n(10석 이상)', [60_000, 57_000, 54_000, 51_000]],
      ['상담어플리케이션 ASP 서비스', '선택', 'Premium\n(10석 이상)', [90_000, 85_500, 81_000, 76_500]],
      ['녹음서비스', '선택', '단일', '20,000원/석'],
      ['추가회선서비스', '선택', '단일', '20,000원/회선'],
      ['상담원 제공서비스', '선택', '단일', '별도 협정가'],
      ['상면제공서비스', '선택', '단일', '별도 협정가'],
    ]);
  });

  it('spans 서비스구분 and 서비스유형 over the rows of one product group, and the term header over 4 columns', () => {
    const table = buildForm3(kt).blocks.find((b) => b.type === 'table')!;
    expect(table.header![0]!.map((c) => [c.text, c.rowSpan ?? 1, c.colSpan ?? 1])).toEqual([
      ['서비스구분', 2, 1],
      ['서비스\n유형', 2, 1],
      ['청약규모', 2, 1],
      ['계약기간', 1, 4],
    ]);
    expect(table.rows.map((r) => r[0]!.rowSpan ?? null).filter((x) => x !== null)).toEqual([5, 2, 1, 1, 1, 1]);
    // Spanning price cells cover every term column.
    expect(table.rows[7]!.at(-1)).toMatchObject({ text: '20,000원/석', colSpan: 4 });
  });

  it('prints the price table by its name and version (never the internal catalog id), the effective date, "붙임 #3", VAT 별도 and the catalog rules as notes', () => {
    const texts = blockTexts(buildForm3(kt).blocks).join('\n');
    expect(texts).not.toContain('kt-bizmeka-2014');
    for (const t of [
      '붙임 #3',
      'olleh bizmeka 콜센터서비스 이용 요금표',
      '2014.07',
      '2014. 7. 1.',
      'VAT 별도',
      '이용약관 제3조 7호',
      '상담어플리케이션 ASP Basic·Premium은 ASP 기본서비스 10석 이상에서 제공됩니다',
      '이용약관 제14조',
    ]) {
      expect(texts).toContain(t);
    }
  });

  it('is generated from the data: a changed catalog price prints the new price and gives a new version', () => {
    const raw = structuredClone(cnyInput);
    const before = buildForm3(cny);
    (raw.products[0]!.pricing as { tiers: { prices: Record<string, number> }[] }).tiers[0]!.prices['12m'] = 24_990;
    const after = buildForm3(catalogSchema.parse(raw));
    expect(blockTexts(after.blocks)).toContain('249.90 CNY');
    expect(blockTexts(before.blocks)).not.toContain('249.90 CNY');
    expect(after.versionKey).not.toBe(before.versionKey);
  });

  it('renders any catalog the schema allows: each pricing kind shows its unit and price, only the offered term columns, in its currency', () => {
    const c = form3Content(cny);
    expect(c.title).toBe('데모 콜센터 가격표 (CNY, 테스트 전용)');
    expect(c.termLabels).toEqual(['단기', '1년']);
    const byCode = Object.fromEntries(c.rows.map((r) => [`${r.code}:${r.scale}`, r.byTerm ? r.byTerm.join('/') : spanningPriceText(r, 'CNY')]));
    expect(byCode).toEqual({
      'seat:20석 미만': '30000/25000',
      'seat:20석 이상': '28000/23050',
      'crm:단일': '5000/4550',
      'wallboard:단일': '19.99 CNY/대',
      'seat-pack:5석 단위': '1,200.00 CNY/5석 단위',
      'inbound-min:사용량\n(1분 단위)': '0.12 CNY/분',
      'outbound-6s:사용량\n(6초 단위)': '0.03 CNY/6초',
      'support:시간당': '80.00 CNY/시간',
      'training:시간당\n(1회)': '500.00 CNY/시간 (1회)',
      'setup:1회\n(일회성)': '1,500.00 CNY/건 (1회)',
      'custom-dev:1회\n(일회성)': '별도 협정가 (1,000.00 CNY ~ 50,000.00 CNY/식)',
      'outsourcing:단일': '별도 협정가',
    });
    const notes = c.notes.join('\n');
    for (const t of ['부가가치세 6%', '5석 단위로 과금', '6초 단위로 과금', '정가의 70% 미만', '좌석 기본료 5석 미만은 예외 청약', 'CRM 연동은 좌석 기본료 10석 이상에서 제공됩니다'])
      expect(notes).toContain(t);
    // Per-term cells print the currency's minor units.
    expect(blockTexts(buildForm3(cny).blocks)).toContain('230.50 CNY');
  });
});

describe('quote (견적서)', () => {
  it('prints the engine totals: 공급가액 / 세액 / 합계, the contract total and 일금…원정 of the monthly total', () => {
    const q = priced();
    const c = quoteContent(app, quoteSourceFromApplication(app, q), supplier, kt);
    expect(c.monthly).toEqual(q.monthly);
    expect(c.contract).toMatchObject({ supply: q.contract.supply, vat: q.contract.vat, total: q.contract.total, months: 36, label: '약정기간 총액 (36개월)' });
    expect(c.amountInWords).toBe(amountInWordsText(q.monthly.total, '월 이용료, 부가세 포함'));
    expect(c.amountInWords).toMatch(/^일금 .+원정 \(₩[\d,]+, 월 이용료, 부가세 포함\)$/);
    expect(c.monthlyLines.map((l) => [l.name, l.quantity, l.unitPrice, l.amount])).toEqual(q.lines.map((l) => [l.name, l.billedQuantity, l.unitPrice, l.amount]));
    expect(c.oneOff).toBeNull();
  });

  it('version 1 of an application is dated its date, valid 30 days, numbered from the customer, and pending approval when the engine flags it', () => {
    const source = quoteSourceFromApplication(app, priced());
    expect(source).toMatchObject({ version: 1, date: '2026-11-22', validUntil: '2026-12-22', approval: { status: 'pending' } });
    const c = quoteContent(app, source, supplier, kt);
    expect(c.number).toMatch(/^Q-[0-9A-F]{8}$/);
    expect(c.approval.text).toBe('본사 확인 필요 (승인 대기)');
    expect(c.warnings.length).toBeGreaterThan(0);
    const plain = variant((a) => (a.items = [{ code: 'asp-basic', quantity: 30 }]));
    expect(quoteContent(plain, quoteSourceFromApplication(plain, priceQuote(kt, { term: plain.term, items: plain.items })), supplier).approval.text).toBe('본사 확인 불필요');
  });

  it('shows list versus entered price in 비고, and the tier the seats fall in', () => {
    const a = variant(
      (x) =>
        (x.items = [
          { code: 'asp-basic', quantity: 35, unitPrice: 150_000 },
          { code: 'recording', quantity: 35 },
          { code: 'agent', quantity: 2, unitPrice: 2_500_000 },
        ]),
    );
    const c = quoteContent(a, quoteSourceFromApplication(a, priceQuote(kt, { term: a.term, items: a.items })), supplier, kt);
    expect(c.monthlyLines.map((l) => [l.spec, l.note])).toEqual([
      ['석 (30석 이상 구간)', '정가 160,000원 (할인), 본사 확인'],
      ['석', '정가'],
      ['명', '별도 협정가, 본사 확인'],
    ]);
  });

  it('a saved version prints exactly as stored: its number, version, notes, validity and HQ decision, not a re-priced quote', () => {
    const result = priced();
    const stored = { ...result, monthly: { supply: 1_000, vat: 100, total: 1_100 } };
    const v: QuoteVersion = {
      id: '0195a3b2-0000-7000-8000-000000000003',
      quoteId: '0195a3b2-0000-7000-8000-00000000000a',
      applicationId: '0195a3b2-7c1d-7e4f-9a2b-3c4d5e6f7a8b',
      version: 3,
      catalog: { id: 'kt-bizmeka-2014', version: '2014.07' },
      term: result.term,
      items: app.items,
      result: stored,
      approval: { status: 'approved', reason: null, decidedAt: '2026-11-25' },
      notes: '상담원 단가는 BM 협의 완료',
      validUntil: '2026-12-31',
      createdAt: '2026-11-24T10:00:00+09:00',
    };
    const c = quoteContent(app, quoteSourceFromVersion(v), supplier, kt);
    expect(c).toMatchObject({ version: 3, notes: '상담원 단가는 BM 협의 완료', validUntil: '2026. 12. 31.', monthly: { supply: 1_000, vat: 100, total: 1_100 } });
    expect(c.number).toBe(quoteNumber(`quote|${v.quoteId}`));
    expect(c.approval.text).toBe('본사 승인됨 (2026. 11. 25.)');
    expect(c.conditions.join('\n')).not.toContain('확인 전에는 고객 날인을 받지 않습니다');
  });

  it('keeps one-off lines in a section of their own with their own totals (CNY, minor units)', () => {
    const a = variant((x) => {
      x.term = '12m';
      x.items = [
        { code: 'seat', quantity: 12 },
        { code: 'setup', quantity: 2 },
        { code: 'outbound-6s', quantity: 1_000 },
      ];
    });
    const q = priceQuote(cny, { term: a.term, items: a.items });
    const doc = buildQuote(a, quoteSourceFromApplication(a, q), supplier, cny);
    expect(doc.content.oneOffLines.map((l) => [l.name, l.amount])).toEqual([['설치비', 300_000]]);
    expect(doc.content.oneOff).toEqual(q.oneOff);
    expect(doc.content.monthlyLines.find((l) => l.code === 'outbound-6s')).toMatchObject({ quantity: 10_000, spec: '6초 단위 (월 예상 1,000분)' });
    const texts = blockTexts(doc.blocks);
    expect(texts).toContain('3,000.00'); // 설치비 amount, 2 × 1,500.00
    expect(texts.join('\n')).toContain('人民币'); // CNY amount line in financial capitals, not 일금 … CNY정
    expect(texts.join('\n')).not.toContain('일금 ');
    expect(texts).toContain('단가(CNY)');
  });

  it('totals rows put the amount under 금액 with a blank 비고, and refuse totals that do not add up', () => {
    expect(totalsRows({ supply: 100, vat: 10, total: 110 }, 7, 'KRW', 1).map((r) => [r[0]!.colSpan, r[1]!.text, r[2]?.text])).toEqual([
      [5, '100', ''],
      [5, '10', ''],
      [5, '110', ''],
    ]);
    expect(() => totalsRows({ supply: 100, vat: 10, total: 111 }, 7, 'KRW', 1)).toThrow(RangeError);
  });

  it('without a saved version or a catalog the registry says what is missing; an application without items cannot be quoted', () => {
    expect(() => buildForm('quote', { application: app, supplier })).toThrow(AppError);
    const empty = variant((x) => (x.items = []));
    expect(() => buildForm('quote', { application: empty, supplier, catalog: kt })).toThrow(/상품이 한 줄 이상/);
    expect(() => buildForm('3', { application: app })).toThrow(/가격표/);
  });
});

describe('settlement request (청구/정산 요청서)', () => {
  it('prefills the customer, the contract period of the term, the ASP monthly amount and the staffing charge from the quote', () => {
    const d = settlementDefaults(app, priced());
    expect(d).toMatchObject({
      customerName: '주식회사 한빛콜테크',
      contractStart: '2026-11-22',
      contractEnd: '2029-11-21',
      seller: '강북법인지사 기업영업2팀 박영업 (02-3456-7890)',
      staffing: { monthlyBilling: 14_000_000, settlementDate: '발생월 익월 24일경' },
    });
    expect(d.aspContract).toBe('ASP 기본서비스 35석, 상담어플리케이션 ASP Premium 35석, 녹음서비스 35석, 추가회선서비스 10회선 — 월 9,177,500원 (VAT 별도), 36개월');
    expect(d.development).toBeUndefined();
    // The opening date starts the period.
    expect(settlementDefaults(app, priced(), '2027-01-31')).toMatchObject({ contractStart: '2027-01-31', contractEnd: '2030-01-30' });
  });

  it('one-off lines become the development/delivery amount billed once', () => {
    const a = variant(
      (x) =>
        (x.items = [
          { code: 'seat', quantity: 12 },
          { code: 'setup', quantity: 1 },
          { code: 'custom-dev', quantity: 1, unitPrice: 2_000_000 },
        ]),
    );
    const d = settlementDefaults(a, priceQuote(cny, { term: 'none', items: a.items }));
    expect(d.development).toEqual({ amount: 2_150_000, billingAmount: 2_150_000, content: '설치비 1건, 맞춤 개발 1식' });
  });

  it("the rep's input wins field by field over the defaults", () => {
    const merged = mergeSettlement(settlementDefaults(app, priced()), { staffing: { partner: 'KTCS', month: '2026-12' }, billingOffice: '강북요금관리팀' });
    expect(merged.staffing).toMatchObject({ partner: 'KTCS', month: '2026-12', monthlyBilling: 14_000_000 });
    expect(merged).toMatchObject({ billingOffice: '강북요금관리팀', customerName: '주식회사 한빛콜테크' });
    const dev = mergeSettlement({}, { development: { amount: 5_000_000 } });
    expect(dev.development).toMatchObject({ amount: 5_000_000, billingAmount: 5_000_000 });
  });

  it('the input schema refuses unknown fields, fractional money, impossible dates and periods that end before they start, in Korean', () => {
    const bad = (value: unknown, message: RegExp) => expect(() => parseOrThrow(settlementInputSchema, value, '청구/정산 요청 내용')).toThrow(message);
    bad({ colour: 'red' }, /알 수 없는 항목 'colour'/);
    bad({ development: { amount: 1000.5 } }, /개발대금.*정수/);
    bad({ development: { taxInvoiceDate: '2026-02-30' } }, /세금계산서 작성일자/);
    bad({ contractStart: '2027-01-01', contractEnd: '2026-01-01' }, /계약 종료일은 계약 시작일 이후/);
    bad({ staffing: { month: '2026-13' } }, /청구 대상월/);
    expect(parseOrThrow(settlementInputSchema, { staffing: { partner: 'KTIS', monthlyBilling: 14_000_000 } })).toEqual({ staffing: { partner: 'KTIS', monthlyBilling: 14_000_000 } });
  });

  it('term ends are calendar months minus a day, clamping to the month end', () => {
    expect(termEndDate('2026-11-22', 36)).toBe('2029-11-21');
    expect(addMonthsIso('2026-01-31', 1)).toBe('2026-02-28');
    expect(termEndDate('2028-02-29', 12)).toBe('2029-02-27');
  });

  it('prints every field of the seed (II.4.5) and 해당 없음 where the deal has no development', () => {
    const texts = blockTexts(buildSettlement(app, settlementDefaults(app, priced())).blocks).join('\n');
    for (const t of [
      '1. 서비스 계약',
      '가. 고객계약내역',
      '나. 협력사 계약내역',
      '2. 고객사 청구 및 정산요청',
      '가. 고객사 청구요청',
      '나. 협력사 정산요청',
      '고객명',
      '계약기간',
      'APP개발/장비납품 내역',
      '개발기간',
      '개발대금',
      'ASP계약내역',
      '상담원 위탁운영계약',
      'APP개발/장비납품 협력사',
      '개발정산대금',
      '개발내용',
      '상담원 위탁운영 협력사',
      '매월 정산요청금액',
      '청구요금',
      '청구계정과목',
      '세금계산서 작성일자',
      '납기일자',
      'APP준공확인서 및 납품확인서',
      '매월 청구요금',
      '판매국(판매자) 및 요금관리국',
      '협력사명',
      '정산요청금액',
      '예산과목',
      '지급일자',
      '정산 금액',
      '발생월 익월 24일경',
      '해당 없음',
    ]) {
      expect(texts, t).toContain(t);
    }
  });
});

describe('contract draft (계약서 초안)', () => {
  const source = () => quoteSourceFromApplication(app, priced());

  it('is marked as a draft for legal review and names both parties', () => {
    const doc = buildContract(app, source(), supplier);
    const texts = blockTexts(doc.blocks).join('\n');
    expect(texts).toContain('초안 — 법무센터(kt legal) 검토용');
    expect(doc.title).toContain('법무센터(kt legal) 검토용');
    expect(doc.content.preamble).toBe(
      '주식회사 한빛콜테크(이하 “고객사”라 한다)와 주식회사 케이티(이하 “케이티”라 한다)는 olleh bizmeka 콜센터서비스 이용, 상담원 위탁운영에 관하여 다음과 같이 계약(이하 “본 계약”이라 한다)을 체결한다.',
    );
    expect(doc.signatureAreas.map((a) => [a.id, a.signer])).toEqual([
      ['contract-customer', '홍길동'],
      ['contract-kt', '대표이사 김공급'],
    ]);
  });

  it('has the standard articles in order, with 상담원 위탁운영 only when the quote has agents', () => {
    const headings = (d: ReturnType<typeof buildContract>) => d.content.articles.map((a) => a.heading);
    expect(headings(buildContract(app, source(), supplier))).toEqual([
      '제1조(목적)',
      '제2조(계약의 범위)',
      '제3조(계약기간)',
      '제4조(계약금액)',
      '제5조(대금의 지급)',
      '제6조(납품 및 검수)',
      '제7조(상담원 위탁운영)',
      '제8조(유지보수)',
      '제9조(비밀유지)',
      '제10조(손해배상)',
      '제11조(계약의 해지)',
      '제12조(분쟁해결)',
      '제13조(기타)',
    ]);
    const noAgents = variant((x) => (x.items = x.items.filter((i) => i.code !== 'agent')));
    const h = headings(buildContract(noAgents, quoteSourceFromApplication(noAgents, priceQuote(kt, { term: noAgents.term, items: noAgents.items })), supplier));
    expect(h).not.toContain('제7조(상담원 위탁운영)');
    expect(h.at(-1)).toBe('제12조(기타)');
  });

  it('fills the period, amounts from the quote, the articles the terms of use point to, and the rep input', () => {
    const q = priced();
    const input = parseOrThrow(contractInputSchema, {
      startDate: '2026-12-01',
      deliveryDate: '2026-12-10',
      warrantyMonths: 24,
      court: '수원지방법원 성남지원',
      specialTerms: '상담원 업무교육은 2개월로 한다.',
    });
    const doc = buildContract(app, quoteSourceFromApplication(app, q), supplier, input);
    const all = doc.content.articles.flatMap((a) => a.paragraphs).join('\n');
    for (const t of [
      '2026. 12. 1.부터 2029. 11. 30.까지(약정기간 36개월)',
      '2026. 12. 10.까지',
      '검수 완료일로부터 24개월',
      '이용약관 제10조',
      '이용약관 제14조',
      '이용약관 제15조',
      '납품(검수) 확인서(양식 #5)',
      '수원지방법원 성남지원을 제1심 관할법원',
      '월 14,000,000원',
    ]) {
      expect(all, t).toContain(t);
    }
    expect(all).toContain(amountInWordsText(q.contract.total, '부가세 포함'));
    expect(doc.content.amounts.at(-1)).toEqual({ label: '계약기간 총액 (36개월)', supply: q.contract.supply, vat: q.contract.vat, total: q.contract.total });
    expect(doc.content.specialTerms).toBe('상담원 업무교육은 2개월로 한다.');
  });

  it('every registered form builds with a catalog and a supplier', () => {
    for (const form of Object.keys(FORM_REGISTRY) as (keyof typeof FORM_REGISTRY)[]) {
      if (form === '4' || form === '6') continue;
      expect(buildForm(form, { application: app, catalog: kt, supplier }).form).toBe(form);
    }
  });
});
