/**
 * 계약서 초안: for deals with build/development/delivery or agent staffing, the seed asks the rep
 * to draft a contract from the standard contract, have 법무센터(kt legal) review it, then send it
 * for signing (II.2.3). This is that draft: fixed Korean contract prose with the deal's values
 * filled in (parties, period, amounts from the quote, delivery and acceptance with form #5,
 * staffing when the quote has agents), clearly marked as a draft for legal review. Its DOCX is the
 * editable copy legal works on; the PDF is for reading.
 */
import { z } from 'zod';
import { TERM_MONTHS, type Application } from '../domain/application';
import { count, isoDate, optionalText } from '../domain/fields';
import { eulReul } from '../format/josa';
import { formatAmount, formatMoney } from '../money';
import type { Block, Cell } from './blocks';
import { dateText } from './common';
import { SUPPLIER_UNSET, SUPPLIER_UNSET_NOTE, type Supplier } from './inputs';
import { amountInWordsText, moneyCell } from './money-blocks';
import { versionKeyOf, type FormDocument, type SignatureArea } from './model';
import { moneyHeader, quoteNumber, type QuoteSource } from './quote';
import { termEndDate } from '../lifecycle/term';
import { STAFFING_CODES } from './settlement';

const CONTRACT_TITLE = 'olleh bizmeka 콜센터서비스 계약서';
const CONTRACT_DRAFT_MARK = '초안 — 법무센터(kt legal) 검토용';
const CONTRACT_DRAFT_NOTICE = '본 문서는 표준계약서에 기반한 계약서 초안으로, 법무센터(kt legal)의 법률검토를 거쳐 확정됩니다. 검토가 끝나기 전에는 서명·날인하지 마십시오.';
const DEFAULT_COURT = '서울중앙지방법원';
/** A date to write by hand; ideographic spaces keep the gaps (ordinary spaces collapse). */
const BLANK_DATE = '\u3000\u3000\u3000\u3000년\u3000\u3000\u3000월\u3000\u3000\u3000일';

/** What the rep may set on the draft; everything else comes from the application and the quote. */
export const contractInputSchema = z.strictObject({
  contractDate: isoDate('계약일').optional(),
  /** 계약 시작일 (default: the application date). */
  startDate: isoDate('계약 시작일').optional(),
  /** 납품기한 of build/development/delivery items. */
  deliveryDate: isoDate('납품기한').optional(),
  inspectionDays: count('검수 기간(일)', 1, 90).optional(),
  warrantyMonths: count('하자보수 기간(개월)', 0, 60).optional(),
  paymentDays: count('일회성 대금 지급 기한(일)', 1, 120).optional(),
  confidentialityYears: count('비밀유지 기간(년)', 1, 10).optional(),
  court: optionalText('관할법원', 100),
  specialTerms: optionalText('특약사항', 2000),
});
export type ContractInput = z.output<typeof contractInputSchema>;

interface ContractArticle {
  heading: string;
  paragraphs: string[];
  /** A table printed after the paragraph with this index (0-based). */
  table?: { after: number; block: 'scope' | 'amounts' };
}

interface ContractScopeLine {
  kind: '월' | '일회성';
  name: string;
  quantity: string;
  unitPrice: number;
  amount: number;
}

interface ContractParty {
  role: string;
  name: string;
  businessNumber: string;
  address: string;
  representativeTitle: string;
  area: SignatureArea;
}

export interface ContractContent {
  title: string;
  draftMark: string;
  draftNotice: string;
  preamble: string;
  currency: string;
  quoteRef: string;
  scope: ContractScopeLine[];
  amounts: { label: string; supply: number; vat: number; total: number }[];
  articles: ContractArticle[];
  specialTerms: string;
  closing: string;
  date: string;
  customer: ContractParty;
  kt: ContractParty;
  /** HQ had not published the supplier block (the KT party prints 미설정). */
  supplierUnset: boolean;
}

const q = (s: string) => `“${s}”`;
const CUSTOMER = q('고객사');
const KT = q('케이티');

function contractContent(app: Application, source: QuoteSource, published: Supplier | null, input: ContractInput = {}): ContractContent {
  const supplier: Supplier = published ?? { name: `(공급자 ${SUPPLIER_UNSET})`, businessNumber: SUPPLIER_UNSET, representative: SUPPLIER_UNSET, address: SUPPLIER_UNSET };
  const quote = source.quote;
  const cur = quote.currency;
  const money = (n: number) => formatMoney(n, cur);
  const monthlyLines = quote.lines.filter((l) => !l.oneOff);
  const oneOffLines = quote.lines.filter((l) => l.oneOff);
  const staffing = monthlyLines.filter((l) => STAFFING_CODES.includes(l.code));
  const negotiated = quote.lines.some((l) => l.kind === 'negotiated');
  const months = TERM_MONTHS[quote.term];
  const start = input.startDate ?? app.date;
  const end = months !== null ? termEndDate(start, months) : app.termEnd;
  const inspectionDays = input.inspectionDays ?? 14;
  const warrantyMonths = input.warrantyMonths ?? 12;
  const paymentDays = input.paymentDays ?? 30;
  const years = input.confidentialityYears ?? 3;
  const court = input.court ?? DEFAULT_COURT;
  const number = quoteNumber(source.identity);
  const quoteRef = `견적서(견적번호 ${number}, 버전 ${source.version})`;

  const parts = ['olleh bizmeka 콜센터서비스 이용'];
  if (oneOffLines.length) parts.push('구축·개발·납품');
  if (staffing.length) parts.push('상담원 위탁운영');
  const scopeText = parts.join(', ');

  const articles: ContractArticle[] = [];
  const add = (title: string, paragraphs: string[], table?: ContractArticle['table']) => articles.push({ heading: `제${articles.length + 1}조(${title})`, paragraphs, ...(table ? { table } : {}) });

  add('목적', [
    `본 계약은 ${KT}가 ${CUSTOMER}에게 제공하는 olleh bizmeka 콜센터서비스(이하 “서비스”라 한다)${parts.length > 1 ? `와 이에 따르는 ${parts.slice(1).join(' 및 ')}` : ''}에 관하여 양 당사자의 권리와 의무를 정함을 목적으로 한다.`,
  ]);
  add(
    '계약의 범위',
    [
      `1. ${KT}가 제공하는 서비스와 수량은 다음 표와 같으며, 세부 내역은 ${quoteRef}에 따른다.`,
      `2. 서비스의 이용조건은 olleh bizmeka 콜센터서비스 이용약관(양식 #2, 이하 “이용약관”이라 한다)에 따르며, 신청서(양식 #1), 이용약관, 이용요금표(양식 #3) 및 견적서는 본 계약의 일부를 이룬다.`,
    ],
    { after: 0, block: 'scope' },
  );
  add(
    '계약기간',
    months !== null
      ? [
          `1. 본 계약의 기간은 ${dateText(start)}부터 ${dateText(end)}까지(약정기간 ${months}개월)로 한다. 다만, 서비스 개시일이 달라지는 경우 약정기간은 서비스 개시일부터 기산한다.`,
          `2. 계약기간 만료 1개월 전까지 어느 당사자도 상대방에게 서면으로 종료 의사를 표시하지 않는 한 본 계약은 1년씩 자동으로 연장된다(이용약관 제14조 제2항).`,
        ]
      : [`1. 본 계약의 기간은 ${dateText(start)}부터 ${end ? `${dateText(end)}까지` : `${CUSTOMER}가 해지를 신청할 때까지`}로 하며, 약정기간을 두지 아니한다(무약정).`],
  );
  const amountParagraphs = [
    `1. 계약금액은 ${quoteRef}에 따라 다음 표와 같다.`,
    `2. 계약기간 총액: ${amountInWordsText(quote.contract.total, '부가세 포함', cur)}${months !== null ? ` — 월 이용료 × ${months}개월${oneOffLines.length ? ' + 일회성 대금' : ''}` : ''}.`,
  ];
  if (negotiated)
    amountParagraphs.push(
      `${amountParagraphs.length + 1}. 별도 협정가 항목(${quote.lines
        .filter((l) => l.kind === 'negotiated')
        .map((l) => l.name)
        .join(', ')})은 견적서의 협정 단가를 기준으로 하며, 본사 확인을 거쳐 확정한다.`,
    );
  amountParagraphs.push(`${amountParagraphs.length + 1}. 부가가치세는 관계 법령에 따라 월 공급가액 합계에 대하여 계산하며 ${cur === 'KRW' ? '원' : '최소 화폐 단위'} 미만은 절사한다.`);
  add('계약금액', amountParagraphs, { after: 0, block: 'amounts' });

  const pay = [`1. 월 이용료는 서비스 개시일부터 발생하며, ${CUSTOMER}는 ${KT}가 매월 발행하는 청구서(세금계산서)에 기재된 납기일까지 지급한다.`];
  if (oneOffLines.length)
    pay.push(
      `${pay.length + 1}. 일회성 대금(${money(quote.oneOff.supply)}, VAT 별도)은 제${articles.length + 2}조의 검수 완료 후 ${KT}가 발행하는 세금계산서에 따라 발행일로부터 ${paymentDays}일 이내에 지급한다.`,
    );
  if (staffing.length) pay.push(`${pay.length + 1}. 상담원 위탁운영비는 ${CUSTOMER}가 확인한 월별 복무확인서에 따라 매월 청구하며, ${CUSTOMER}는 청구서의 납기일까지 지급한다.`);
  pay.push(`${pay.length + 1}. ${CUSTOMER}가 요금을 납기일까지 지급하지 아니한 경우 ${KT}는 이용약관 제11조에 따라 서비스의 이용을 정지할 수 있다.`);
  add('대금의 지급', pay);

  add('납품 및 검수', [
    `1. ${oneOffLines.length ? `${KT}는 구축·개발·납품 대상(${oneOffLines.map((l) => l.name).join(', ')})을` : `구축·개발·납품 대상이 있는 경우 ${KT}는 이를`} ${input.deliveryDate ? dateText(input.deliveryDate) : '양 당사자가 협의한 날'}까지 ${CUSTOMER}가 지정한 장소(${app.customer.address})에 납품·설치한다.`,
    `2. ${KT}가 검수를 요청하면 ${CUSTOMER}는 요청일로부터 ${inspectionDays}일 이내에 검수를 실시하고, 합격한 경우 납품(검수) 확인서(양식 #5)에 서명·날인하여 교부한다.`,
    `3. 검수 결과 불합격한 부분이 있으면 ${CUSTOMER}는 그 사유를 서면으로 통지하고, ${KT}는 지체 없이 보완하여 다시 검수를 받는다.`,
    `4. 서비스는 검수 완료 후 개통(서비스 오픈)하며, 개통일을 서비스 개시일로 한다.`,
  ]);

  if (staffing.length) {
    const agents = staffing.reduce((s, l) => s + l.quantity, 0);
    const monthly = staffing.reduce((s, l) => s + l.amount, 0);
    const unit = staffing[0]!.unit;
    add('상담원 위탁운영', [
      `1. ${KT}는 협력사를 통하여 상담원 ${formatAmount(agents)}${unit}을 채용·교육하여 ${CUSTOMER}의 상담업무에 투입한다.`,
      `2. 상담원은 C/S 교육을 마친 후 상담업무에 투입하며, 업무교육이 필요한 경우 ${CUSTOMER}가 1~2개월의 업무교육을 실시한다. 업무교육 비용은 양 당사자가 협의하여 정한다.`,
      `3. 상담원 위탁운영비는 월 ${money(monthly)}(VAT 별도, ${staffing.map((l) => `${l.name} ${money(l.unitPrice)}/${l.unit}`).join(', ')})을 기준으로 하며, 실제 청구액은 ${CUSTOMER}가 확인한 월별 복무확인서에 따라 산정한다.`,
      `4. 상담원의 채용, 인사 및 노무관리는 ${KT} 또는 그 협력사가 수행하며, ${CUSTOMER}는 상담원에게 직접 지휘·명령하지 아니하고 업무상 요청은 ${KT}가 지정한 관리자를 통하여 한다.`,
      `5. ${CUSTOMER}가 정당한 사유를 들어 상담원의 교체를 요청하는 경우 ${KT}는 지체 없이 교체한다.`,
    ]);
  }

  add('유지보수', [
    `1. ${KT}는 계약기간 동안 서비스의 운영, 모니터링 및 장애처리를 수행한다.`,
    `2. 구축·개발·납품 품목의 하자보수 기간은 검수 완료일로부터 ${warrantyMonths}개월로 하며, 이 기간 중 ${KT}의 귀책사유로 발생한 하자는 무상으로 보수한다.`,
    `3. 하자보수 기간 이후의 유지보수와 ${CUSTOMER}의 요청에 의한 기능 변경·추가 개발은 양 당사자가 별도로 협의한다.`,
    `4. ARS 시나리오의 최초 녹음은 무상으로 제공하며, 이후 변경 녹음은 실비로 청구한다.`,
  ]);
  add('비밀유지', [
    `1. 양 당사자는 본 계약의 체결 및 이행 과정에서 알게 된 상대방의 영업상·기술상 정보를 상대방의 사전 서면 동의 없이 제3자에게 누설하거나 본 계약 외의 목적으로 사용하지 아니한다.`,
    `2. ${KT}는 서비스 제공과 관련하여 취득한 ${CUSTOMER}의 정보(통화 내용, 녹취 및 고객 명단을 포함한다)를 관계 법령과 이용약관 제8조에 따라 보호한다.`,
    `3. 본 조의 의무는 본 계약이 종료된 후에도 ${years}년간 유효하다.`,
  ]);
  add('손해배상', [
    `1. 서비스 중지에 따른 ${KT}의 손해배상은 이용약관 제10조에 따른다(손해배상액 = 월정액 / 25일 × (중지시간 / 24시간) × 3).`,
    `2. 제1항 외에 어느 당사자가 본 계약을 위반하여 상대방에게 손해를 입힌 경우 그 손해를 배상한다. 다만, 천재지변 등 불가항력으로 인한 경우에는 그러하지 아니하다.`,
  ]);
  const end14 = [
    `1. ${KT}는 이용약관 제15조에서 정한 사유가 있는 경우 ${CUSTOMER}에게 그 사유를 통보한 후 본 계약을 해지할 수 있다.`,
    `2. 어느 당사자가 본 계약을 위반하고 상대방으로부터 서면으로 시정을 요구받은 날부터 30일 이내에 시정하지 아니한 경우 상대방은 본 계약을 해지할 수 있다.`,
  ];
  if (months !== null) end14.push(`3. ${CUSTOMER}가 약정기간 내에 해지하거나 계약기간을 단축하는 경우 이용약관 제14조에 따라 해지위약금(사용월수 × 회선수 × 약정기간 월할인액)을 ${KT}에게 납부한다.`);
  end14.push(`${end14.length + 1}. 해지하는 경우 이미 납품·검수된 품목의 대금과 해지일까지 발생한 이용료는 정산하여 지급한다.`);
  add('계약의 해지', end14);
  add('분쟁해결', [`1. 본 계약에 관하여 분쟁이 발생한 경우 양 당사자는 상호 협의하여 해결한다.`, `2. 협의로 해결되지 아니한 분쟁은 ${eulReul(court)} 제1심 관할법원으로 한다.`]);
  add('기타', [
    `1. 본 계약에 정하지 아니한 사항은 이용약관, 관계 법령 및 일반 상관례에 따른다.`,
    `2. 본 계약의 변경은 양 당사자의 서면 합의로 한다.`,
    `3. 본 계약과 이용약관의 내용이 다른 경우에는 본 계약이 우선한다.`,
  ]);

  const scope: ContractScopeLine[] = quote.lines.map((l) => ({
    kind: l.oneOff ? '일회성' : '월',
    name: l.name,
    // Billed units, so that 수량 × 단가 = 금액 (a bundle bills groups, 6-second usage bills 6-second units).
    quantity: l.billedQuantity === l.quantity ? `${formatAmount(l.quantity)}${l.unit}` : `${formatAmount(l.billedQuantity)} (${formatAmount(l.quantity)}${l.unit})`,
    unitPrice: l.unitPrice,
    amount: l.amount,
  }));
  const amounts = [
    { label: '월 이용료', ...quote.monthly },
    ...(oneOffLines.length ? [{ label: '일회성 대금', ...quote.oneOff }] : []),
    {
      label: months !== null ? `계약기간 총액 (${months}개월)` : '무약정 (1개월 기준)',
      supply: quote.contract.supply,
      vat: quote.contract.vat,
      total: quote.contract.total,
    },
  ];
  return {
    title: CONTRACT_TITLE,
    draftMark: CONTRACT_DRAFT_MARK,
    draftNotice: CONTRACT_DRAFT_NOTICE,
    preamble: `${app.customer.name}(이하 ${CUSTOMER}라 한다)와 ${supplier.name}(이하 ${KT}라 한다)는 ${scopeText}에 관하여 다음과 같이 계약(이하 “본 계약”이라 한다)을 체결한다.`,
    currency: cur,
    quoteRef,
    scope,
    amounts,
    articles,
    specialTerms: input.specialTerms ?? '',
    closing: '본 계약의 성립을 증명하기 위하여 계약서 2부를 작성하여 양 당사자가 기명날인한 후 각 1부씩 보관한다.',
    date: input.contractDate ? dateText(input.contractDate) : BLANK_DATE,
    customer: {
      role: `고객사 (${CUSTOMER})`,
      name: app.customer.name,
      businessNumber: app.customer.businessNumber,
      address: app.customer.address,
      representativeTitle: '대표자',
      area: { id: 'contract-customer', role: '대표자', signer: app.customer.representative },
    },
    kt: {
      role: `케이티 (${KT})`,
      name: supplier.name,
      businessNumber: supplier.businessNumber,
      address: supplier.address,
      representativeTitle: '대표자',
      area: { id: 'contract-kt', role: '대표자', signer: supplier.representative },
    },
    supplierUnset: published === null,
  };
}

const L = (text: string, extra: Partial<Cell> = {}): Cell => ({ text, label: true, ...extra });
const SIZE = 9;
const PARTY_COLUMNS = [0.14, 0.36, 0.14, 0.36];

function tableFor(c: ContractContent, which: 'scope' | 'amounts'): Block {
  const cur = c.currency;
  if (which === 'scope') {
    return {
      type: 'table',
      columns: [0.09, 0.33, 0.18, 0.18, 0.22],
      header: [[L('구분'), L('품명'), L('수량'), L(moneyHeader('단가', cur)), L(moneyHeader('금액', cur))]],
      rows: c.scope.map((s): Cell[] => [{ text: s.kind, align: 'center' }, { text: s.name }, { text: s.quantity, align: 'right' }, moneyCell(s.unitPrice, cur), moneyCell(s.amount, cur)]),
      size: 8.5,
    };
  }
  return {
    type: 'table',
    columns: [0.34, 0.22, 0.2, 0.24],
    header: [[L('구분'), L(moneyHeader('공급가액', cur)), L(moneyHeader('세액', cur)), L(moneyHeader('합계', cur))]],
    rows: c.amounts.map((a, i): Cell[] => {
      const bold = i === c.amounts.length - 1;
      return [L(a.label, { bold }), moneyCell(a.supply, cur, { bold }), moneyCell(a.vat, cur, { bold }), moneyCell(a.total, cur, { bold })];
    }),
    size: 8.5,
    keepTogether: true,
  };
}

function partyRows(p: ContractParty): Cell[][] {
  return [[L(p.role, { colSpan: 2 })], [L('상호'), { text: p.name }], [L('사업자등록번호'), { text: p.businessNumber }], [L('주소'), { text: p.address }]];
}

function contractBlocks(c: ContractContent): Block[] {
  const blocks: Block[] = [
    { type: 'tagLine', left: '계약서 초안', right: c.draftMark },
    { type: 'title', text: `${c.title} (초안)` },
    { type: 'table', columns: [1], rows: [[L(`${c.draftMark}\n${c.draftNotice}`, { align: 'left', size: 8.5 })]] },
    ...(c.supplierUnset ? [{ type: 'paragraph', text: SUPPLIER_UNSET_NOTE, bold: true, size: 8.5, gapBefore: 4 } satisfies Block] : []),
    { type: 'paragraph', text: c.preamble, gapBefore: 8, size: SIZE },
  ];
  for (const a of c.articles) {
    blocks.push({ type: 'heading', text: a.heading, size: 10 });
    a.paragraphs.forEach((p, i) => {
      blocks.push({ type: 'paragraph', text: p, indent: 1, hanging: true, size: SIZE });
      if (a.table?.after === i) blocks.push({ type: 'spacer', height: 2 }, tableFor(c, a.table.block), { type: 'spacer', height: 4 });
    });
  }
  if (c.specialTerms) blocks.push({ type: 'heading', text: '특약사항', size: 10 }, { type: 'paragraph', text: c.specialTerms, indent: 1, size: SIZE });
  const cust = partyRows(c.customer);
  const kt = partyRows(c.kt);
  blocks.push(
    { type: 'spacer', height: 8 },
    {
      // The signature never stands alone on a page: it stays with what comes before it.
      type: 'keep',
      keepWithPrevious: true,
      blocks: [
        { type: 'paragraph', text: c.closing, size: SIZE },
        { type: 'paragraph', text: c.date, align: 'center', size: 10, gapBefore: 8 },
        { type: 'spacer', height: 6 },
        { type: 'table', columns: PARTY_COLUMNS, rows: cust.map((row, i) => [...row, ...kt[i]!]), minRowHeight: 20, size: 8.5 },
        {
          // The representatives' row, tall enough for a seal over "(인)".
          type: 'table',
          columns: PARTY_COLUMNS,
          rows: [[c.customer, c.kt].flatMap((p): Cell[] => [L(p.representativeTitle), { text: p.area.signer, signature: p.area.id }])],
          minRowHeight: 40,
          size: 8.5,
        },
      ],
    },
  );
  return blocks;
}

export function buildContract(app: Application, source: QuoteSource, supplier: Supplier | null, input: ContractInput = {}): FormDocument<ContractContent> {
  const content = contractContent(app, source, supplier, input);
  return {
    form: 'contract',
    code: '계약서 초안',
    title: `${CONTRACT_TITLE} — 법무센터(kt legal) 검토용`,
    content,
    versionKey: versionKeyOf('contract', content),
    signatureAreas: [content.customer.area, content.kt.area],
    blocks: contractBlocks(content),
  };
}
