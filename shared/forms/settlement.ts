/**
 * 청구/정산 요청서: what the rep sends 기업IP컨설팅센터 고객정산팀 to bill the customer and settle
 * the partners (seed II.4.5; PRODUCT.md "Billing and settlement request"). The outline is the
 * seed's: 1. 서비스 계약 (가. 고객계약내역, 나. 협력사 계약내역), 2. 고객사 청구 및 정산요청 (가. 고객사
 * 청구요청, 나. 협력사 정산요청). What the application and the quote already say (customer, contract
 * period from the term, ASP monthly amounts, staffing and one-off amounts) is prefilled by
 * `settlementDefaults`; the rep fills the rest (`settlementInputSchema`).
 */
import { z } from 'zod';
import { TERM_MONTHS, type Application } from '../domain/application';
import { termEndDate } from '../lifecycle/term';
import { isoDate, minorAmount, optionalText } from '../domain/fields';
import type { PricedQuote } from '../domain/quote';
import { TERM_LABELS } from '../catalog/schema';
import { formatAmount, formatMoney } from '../money';
import type { Block, Cell } from './blocks';
import { dateText } from './common';
import { itemName } from './items';
import { versionKeyOf, type FormDocument, type SignatureArea } from './model';
import { kstMonth, kstMonthRange, monthOutageCredit, outageLine, type OutageWindow } from '../service/outages';

const SETTLEMENT_TITLE = 'olleh bizmeka 콜센터서비스 청구/정산 요청서';
const SETTLEMENT_ADDRESSEE = '기업IP컨설팅센터 고객정산팀';
/** Partner settlement of agent staffing happens around the 24th of the month after (seed II.4.5). */
const STAFFING_SETTLEMENT_DATE = '발생월 익월 24일경';
const STAFFING_BASIS = '상담원 복무자료에 근거한 자료 산출';
const NOT_APPLICABLE = '해당 없음';
/** Product codes of agent staffing (상담원 위탁운영): billed monthly from the service record. */
export const STAFFING_CODES: readonly string[] = ['agent'];

const yearMonth = (label: string) =>
  z.string({ error: `${label}은(는) YYYY-MM 형식으로 입력하세요 (예: 2026-12).` }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: `${label}은(는) YYYY-MM 형식으로 입력하세요 (예: 2026-12).` });

const developmentSchema = z.strictObject({
  startDate: isoDate('개발 시작일').optional(),
  endDate: isoDate('개발 종료일').optional(),
  /** 개발대금 (고객 계약, VAT 별도). */
  amount: minorAmount('개발대금').optional(),
  partner: optionalText('APP개발/장비납품 협력사', 100),
  /** 개발정산대금 (협력사 계약). */
  partnerAmount: minorAmount('개발정산대금').optional(),
  content: optionalText('개발내용', 500, { lines: true }),
  /** 청구요금 (VAT 별도); defaults to 개발대금. */
  billingAmount: minorAmount('청구요금').optional(),
  billingAccount: optionalText('청구계정과목', 100),
  taxInvoiceDate: isoDate('세금계산서 작성일자').optional(),
  dueDate: isoDate('납기일자').optional(),
  /** 정산요청금액; defaults to 개발정산대금. */
  settlementAmount: minorAmount('정산요청금액').optional(),
  budgetAccount: optionalText('예산과목', 100),
  paymentDate: isoDate('지급일자').optional(),
});

const staffingSchema = z.strictObject({
  /** 상담원 위탁운영계약 (고객 계약 내역). */
  contract: optionalText('상담원 위탁운영계약', 500, { lines: true }),
  partner: optionalText('상담원 위탁운영 협력사', 100),
  /** The month of service the monthly charge is for. */
  month: yearMonth('청구 대상월').optional(),
  /** 매월 청구요금: 상담원 위탁운영 인건비 (월별복무자료에 근거), VAT 별도. */
  monthlyBilling: minorAmount('매월 청구요금(상담원 위탁운영 인건비)').optional(),
  billingAccount: optionalText('상담원 위탁운영비 청구계정과목', 100),
  /** 정산 금액 (상담원 복무자료에 근거한 자료 산출). */
  settlementAmount: minorAmount('상담원 위탁운영비 정산 금액').optional(),
  settlementDate: optionalText('정산일자', 100),
  budgetAccount: optionalText('상담원 위탁운영비 예산과목', 100),
});

/** What the rep fills in (every field optional: blanks print as blanks to fill by hand). */
export const settlementInputSchema = z
  .strictObject({
    requestDate: isoDate('요청일자').optional(),
    customerName: optionalText('고객명', 100),
    contractStart: isoDate('계약 시작일').optional(),
    contractEnd: isoDate('계약 종료일').optional(),
    /** ASP계약내역. */
    aspContract: optionalText('ASP계약내역', 500, { lines: true }),
    development: developmentSchema.optional(),
    staffing: staffingSchema.optional(),
    /** 판매국(판매자). */
    seller: optionalText('판매국(판매자)', 200),
    /** 요금관리국. */
    billingOffice: optionalText('요금관리국', 100),
    notes: optionalText('비고', 1000, { lines: true }),
    /** 청구 대상월 of the outage credit (art. 10); default: the staffing month, else the month before the request date. */
    creditMonth: yearMonth('장애 배상 대상월').optional(),
  })
  .superRefine((s, ctx) => {
    const order = (a: string | undefined, b: string | undefined, path: (string | number)[], message: string) => {
      if (a && b && b < a) ctx.addIssue({ code: 'custom', path, message });
    };
    order(s.contractStart, s.contractEnd, ['contractEnd'], '계약 종료일은 계약 시작일 이후여야 합니다.');
    order(s.development?.startDate, s.development?.endDate, ['development', 'endDate'], '개발 종료일은 개발 시작일 이후여야 합니다.');
  });
export type SettlementInput = z.output<typeof settlementInputSchema>;

type Line = PricedQuote['lines'][number];
const qty = (l: Pick<Line, 'quantity' | 'unit'>) => `${formatAmount(l.quantity)}${l.unit}`;

/**
 * The fields the application and the quote already determine: customer name, contract period
 * (from the service opening date, or the application date, for the term), the ASP contract with
 * its monthly amount, staffing (monthly charge) and one-off development/delivery amounts, and the
 * seller. Money comes from the quote engine only; without a quote the lines are listed without
 * amounts.
 */
export function settlementDefaults(app: Application, quote?: PricedQuote, openDate?: string): SettlementInput {
  const start = openDate ?? app.date;
  const months = TERM_MONTHS[quote?.term ?? app.term];
  const end = months !== null ? termEndDate(start, months) : app.termEnd;
  const termText = TERM_LABELS[quote?.term ?? app.term];
  const out: SettlementInput = {
    customerName: app.customer.name,
    contractStart: start,
    ...(end ? { contractEnd: end } : {}),
    seller: `${app.seller.team} ${app.seller.name} (${app.seller.phone})`,
  };
  if (quote) {
    const money = (n: number) => formatMoney(n, quote.currency);
    const asp = quote.lines.filter((l) => !l.oneOff && !STAFFING_CODES.includes(l.code));
    const staffing = quote.lines.filter((l) => !l.oneOff && STAFFING_CODES.includes(l.code));
    const oneOff = quote.lines.filter((l) => l.oneOff);
    if (asp.length) {
      const monthly = asp.reduce((s, l) => s + l.amount, 0);
      out.aspContract = `${asp.map((l) => `${l.name} ${qty(l)}`).join(', ')} — 월 ${money(monthly)} (VAT 별도), ${termText}`;
    }
    if (staffing.length) {
      const monthly = staffing.reduce((s, l) => s + l.amount, 0);
      out.staffing = {
        contract: `${staffing.map((l) => `${l.name} ${qty(l)}`).join(', ')} — 월 ${money(monthly)} (VAT 별도, 협정가)`,
        monthlyBilling: monthly,
        settlementDate: STAFFING_SETTLEMENT_DATE,
      };
    }
    if (oneOff.length) {
      const total = oneOff.reduce((s, l) => s + l.amount, 0);
      out.development = { amount: total, billingAmount: total, content: oneOff.map((l) => `${l.name} ${qty(l)}`).join(', ') };
    }
  } else {
    const asp = app.items.filter((i) => !STAFFING_CODES.includes(i.code));
    const staffing = app.items.filter((i) => STAFFING_CODES.includes(i.code));
    if (asp.length) out.aspContract = `${asp.map((i) => `${itemName(i.code)} ${formatAmount(i.quantity)}`).join(', ')}, ${termText}`;
    if (staffing.length) {
      out.staffing = { contract: staffing.map((i) => `${itemName(i.code)} ${formatAmount(i.quantity)}명`).join(', '), settlementDate: STAFFING_SETTLEMENT_DATE };
    }
  }
  return out;
}

/** The rep's input over the defaults: a field the rep gave wins, the development/staffing parts merge field by field. */
export function mergeSettlement(defaults: SettlementInput, input: SettlementInput = {}): SettlementInput {
  const merged: SettlementInput = { ...defaults, ...input };
  if (defaults.development || input.development) {
    const d = { ...defaults.development, ...input.development };
    // A rep-entered 개발대금 is what gets billed unless the rep also gave the 청구요금.
    if (input.development?.amount !== undefined && input.development.billingAmount === undefined) d.billingAmount = input.development.amount;
    merged.development = d;
  }
  if (defaults.staffing || input.staffing) merged.staffing = { settlementDate: STAFFING_SETTLEMENT_DATE, ...defaults.staffing, ...input.staffing };
  return merged;
}

interface SettlementDevelopment {
  period: string;
  amount: number | null;
  partner: string;
  partnerAmount: number | null;
  content: string;
  billingAmount: number | null;
  billingAccount: string;
  taxInvoiceDate: string;
  dueDate: string;
  settlementAmount: number | null;
  budgetAccount: string;
  paymentDate: string;
}

interface SettlementStaffing {
  contract: string;
  partner: string;
  month: string;
  monthlyBilling: number | null;
  billingAccount: string;
  settlementAmount: number | null;
  settlementDate: string;
  budgetAccount: string;
}

export interface SettlementContent {
  requestDate: string;
  customerName: string;
  contractPeriod: string;
  currency: string;
  aspContract: string;
  development: SettlementDevelopment | null;
  staffing: SettlementStaffing | null;
  seller: string;
  billingOffice: string;
  notes: string;
  attachments: string[];
  requester: SignatureArea;
  /** Art. 10 damages of the billed month, as a credit (감액) on the bill; null when none is owed. */
  outageCredit: SettlementOutageCredit | null;
}

export interface SettlementOutageCredit {
  month: string;
  /** One line per merged outage, as printed. */
  outages: string[];
  totalMinutes: number;
  monthlyFee: number;
  /** 손해배상액 (positive; printed as a deduction). */
  amount: number;
  basis: 'single-outage' | 'monthly-total';
}

/** The month whose outages the request credits: the rep's choice, else the staffing month, else the month before the request. */
export function creditMonthOf(input: SettlementInput, requestDate: string): string {
  if (input.creditMonth) return input.creditMonth;
  if (input.staffing?.month) return input.staffing.month;
  const [y, m] = requestDate.split('-').map(Number) as [number, number];
  return kstMonth(kstMonthRange(`${y}-${String(m).padStart(2, '0')}`)[0] - 1);
}

/**
 * The art. 10 credit line for the settlement request: the subscription's outage windows of the
 * credited month against its monthly fee (ASP lines of the quote, VAT excluded). Null when the
 * month owes nothing.
 */
export function settlementOutageCredit(month: string, outages: readonly OutageWindow[], monthlyFee: number, currency = 'KRW'): SettlementOutageCredit | null {
  const credit = monthOutageCredit(month, outages, monthlyFee, currency);
  if (!credit.damages.eligible || credit.damages.basis === null) return null;
  return {
    month,
    outages: credit.outages.map(outageLine),
    totalMinutes: credit.totalMinutes,
    monthlyFee,
    amount: credit.damages.amount,
    basis: credit.damages.basis,
  };
}

/** The monthly fee art. 10 credits against: the quote's recurring lines except agent staffing. */
export function outageFeeOf(quote: PricedQuote | undefined): number {
  return quote ? quote.lines.filter((l) => !l.oneOff && !STAFFING_CODES.includes(l.code)).reduce((s, l) => s + l.amount, 0) : 0;
}

function period(start: string | undefined, end: string | undefined, suffix = ''): string {
  if (!start && !end) return '';
  return `${dateText(start) || '    .   .   .'} ~ ${dateText(end) || '    .   .   .'}${suffix}`;
}

/**
 * The settlement request of an application: `input` is the rep's (already validated) input
 * merged over `settlementDefaults`. `requestDate` defaults to the application date.
 */
function settlementContent(app: Application, input: SettlementInput, currency = 'KRW', outageCredit: SettlementOutageCredit | null = null): SettlementContent {
  const d = input.development;
  const s = input.staffing;
  const months = TERM_MONTHS[app.term];
  const attachments = ['체결된 계약서 사본 1부'];
  if (d) attachments.push('납품(검수) 확인서(양식 #5) 1부', 'APP준공확인서 1부');
  if (s) attachments.push(`상담원 복무확인서${s.month ? ` (${s.month.replace('-', '년 ')}월분)` : ''} 1부`);
  return {
    requestDate: dateText(input.requestDate ?? app.date),
    customerName: input.customerName ?? app.customer.name,
    contractPeriod: period(input.contractStart, input.contractEnd, months !== null ? ` (${months}개월)` : ' (무약정)'),
    currency,
    aspContract: input.aspContract ?? '',
    development: d
      ? {
          period: period(d.startDate, d.endDate),
          amount: d.amount ?? null,
          partner: d.partner ?? '',
          partnerAmount: d.partnerAmount ?? null,
          content: d.content ?? '',
          billingAmount: d.billingAmount ?? d.amount ?? null,
          billingAccount: d.billingAccount ?? '',
          taxInvoiceDate: dateText(d.taxInvoiceDate),
          dueDate: dateText(d.dueDate),
          settlementAmount: d.settlementAmount ?? d.partnerAmount ?? null,
          budgetAccount: d.budgetAccount ?? '',
          paymentDate: dateText(d.paymentDate),
        }
      : null,
    staffing: s
      ? {
          contract: s.contract ?? '',
          partner: s.partner ?? '',
          month: s.month ?? '',
          monthlyBilling: s.monthlyBilling ?? null,
          billingAccount: s.billingAccount ?? '',
          settlementAmount: s.settlementAmount ?? null,
          settlementDate: s.settlementDate ?? STAFFING_SETTLEMENT_DATE,
          budgetAccount: s.budgetAccount ?? '',
        }
      : null,
    seller: input.seller ?? '',
    billingOffice: input.billingOffice ?? '',
    notes: input.notes ?? '',
    attachments,
    requester: { id: 'settlement-requester', role: `요청자: ${app.seller.team}`, signer: app.seller.name },
    outageCredit,
  };
}

const L = (text: string, extra: Partial<Cell> = {}): Cell => ({ text, label: true, ...extra });
const V = (text: string, extra: Partial<Cell> = {}): Cell => ({ text, ...extra });
const COLUMNS = [0.25, 0.2, 0.55];

/** A group of rows under one label: [label (row span) | item | value]; "해당 없음" when the part does not apply. */
function group(label: string, items: [string, string][], applies: boolean): Cell[][] {
  return items.map(([item, value], i) => {
    const cells: Cell[] = [];
    if (i === 0) cells.push(L(label, { rowSpan: items.length }));
    cells.push(L(item), V(applies ? value : i === 0 ? NOT_APPLICABLE : '-'));
    return cells;
  });
}

const single = (label: string, value: string): Cell[] => [L(label, { colSpan: 2 }), V(value)];

function settlementBlocks(c: SettlementContent): Block[] {
  const amount = (n: number | null, suffix = ' (VAT 별도)') => (n === null ? '' : `${formatMoney(n, c.currency)}${suffix}`);
  const d = c.development;
  const s = c.staffing;
  const table = (rows: Cell[][]): Block => ({ type: 'table', columns: COLUMNS, rows, minRowHeight: 18 });
  // A sub-heading never stays behind at the foot of a page: it moves with its table.
  const section = (text: string, rows: Cell[][]): Block => ({ type: 'keep', blocks: [{ type: 'paragraph', text, bold: true, indent: 1, gapBefore: 4 }, table(rows)] });
  return [
    { type: 'tagLine', left: '청구/정산 요청', right: `수신: ${SETTLEMENT_ADDRESSEE}` },
    { type: 'title', text: SETTLEMENT_TITLE },
    {
      type: 'table',
      columns: [0.18, 0.82],
      rows: [
        [L('수  신'), V(SETTLEMENT_ADDRESSEE)],
        [L('발  신'), V(c.seller)],
        [L('제  목'), V(`olleh bizmeka 콜센터서비스 고객사 청구 및 협력사 정산 요청 (${c.customerName})`)],
        [L('요청일자'), V(c.requestDate)],
      ],
    },
    { type: 'heading', text: '1. 서비스 계약' },
    section('가. 고객계약내역', [
      single('고객명', c.customerName),
      single('계약기간', c.contractPeriod),
      ...group(
        'APP개발/장비납품 내역',
        [
          ['개발기간', d?.period ?? ''],
          ['개발대금', amount(d?.amount ?? null)],
        ],
        d !== null,
      ),
      single('ASP계약내역', c.aspContract),
      single('상담원 위탁운영계약', s ? s.contract : NOT_APPLICABLE),
    ]),
    section('나. 협력사 계약내역', [
      ...group(
        'APP개발/장비납품 협력사',
        [
          ['협력사명', d?.partner ?? ''],
          ['개발정산대금', amount(d?.partnerAmount ?? null)],
          ['개발내용', d?.content ?? ''],
        ],
        d !== null,
      ),
      ...group(
        '상담원 위탁운영 협력사',
        [
          ['협력사명', s?.partner ?? ''],
          ['매월 정산요청금액', `${STAFFING_BASIS}${s?.settlementAmount != null ? ` — ${amount(s.settlementAmount)}` : ''}`],
        ],
        s !== null,
      ),
    ]),
    { type: 'heading', text: '2. 고객사 청구 및 정산요청' },
    section('가. 고객사 청구요청', [
      ...group(
        'APP개발/장비납품 대금 청구',
        [
          ['청구요금', amount(d?.billingAmount ?? null) || '              (VAT별도)'],
          ['청구계정과목', d?.billingAccount ?? ''],
          ['세금계산서 작성일자', d?.taxInvoiceDate ?? ''],
          ['납기일자', d?.dueDate ?? ''],
          ['APP준공확인서 및 납품확인서', '붙임'],
        ],
        d !== null,
      ),
      ...group(
        '상담원 위탁운영비 청구',
        [
          ['매월 청구요금', `상담원 위탁운영 인건비 (월별복무자료에 근거)${s?.month ? ` ${s.month.replace('-', '년 ')}월분` : ''}: ${amount(s?.monthlyBilling ?? null)}`],
          ['청구계정과목', s?.billingAccount ?? ''],
        ],
        s !== null,
      ),
      [L('판매국(판매자) 및 요금관리국', { colSpan: 2 }), V(`판매국(판매자): ${c.seller}\n요금관리국: ${c.billingOffice}`)],
    ]),
    section('나. 협력사 정산요청', [
      ...group(
        'APP개발/장비납품 대금 정산',
        [
          ['협력사명', d?.partner ?? ''],
          ['정산요청금액', amount(d?.settlementAmount ?? null)],
          ['예산과목', d?.budgetAccount ?? ''],
          ['지급일자', d?.paymentDate ?? ''],
        ],
        d !== null,
      ),
      ...group(
        '상담원 위탁운영비 정산',
        [
          ['협력사명', s?.partner ?? ''],
          ['정산 금액', `${amount(s?.settlementAmount ?? null)}${s?.settlementAmount != null ? ' ' : ''}(${STAFFING_BASIS})`],
          ['정산일자', s?.settlementDate ?? STAFFING_SETTLEMENT_DATE],
          ['예산과목', s?.budgetAccount ?? ''],
        ],
        s !== null,
      ),
    ]),
    ...(c.outageCredit ? [creditSection(c.outageCredit, c.currency, section)] : []),
    { type: 'heading', text: '3. 첨부' },
    ...c.attachments.map((t, i): Block => ({ type: 'paragraph', text: `${i + 1}. ${t}`, indent: 1, hanging: true })),
    ...(c.notes ? [{ type: 'heading', text: '4. 비고' } as Block, { type: 'paragraph', text: c.notes, indent: 1 } as Block] : []),
    { type: 'spacer', height: 10 },
    {
      // The signature never stands alone on a page: it stays with what comes before it.
      type: 'keep',
      keepWithPrevious: true,
      blocks: [
        { type: 'paragraph', text: '위와 같이 고객사 청구 및 협력사 정산을 요청합니다.', align: 'center', size: 10 },
        { type: 'paragraph', text: c.requestDate, align: 'right', size: 10, gapBefore: 6 },
        { type: 'signatureLine', area: c.requester.id, role: c.requester.role, signer: c.requester.signer, align: 'right' },
        { type: 'paragraph', text: `${SETTLEMENT_ADDRESSEE} 귀중`, size: 12, bold: true },
      ],
    },
  ];
}

const BASIS_TEXT = { 'single-outage': '1회 4시간 이상 중단', 'monthly-total': '월 누적 24시간 초과' } as const;

/** 다. 장애 손해배상 (이용약관 제10조): the credit line with the outage list. */
function creditSection(k: SettlementOutageCredit, currency: string, section: (text: string, rows: Cell[][]) => Block): Block {
  const [y, m] = k.month.split('-').map(Number) as [number, number];
  return section('다. 장애 손해배상 감액 (이용약관 제10조)', [
    single('대상월', `${y}년 ${m}월`),
    single('장애 내역', k.outages.join('\n')),
    single('장애시간 합계', `${Math.floor(k.totalMinutes / 60)}시간 ${k.totalMinutes % 60}분 (${BASIS_TEXT[k.basis]})`),
    single('산정', `월정액 ${formatMoney(k.monthlyFee, currency)} ÷ 25 × (장애시간 ÷ 24) × 3`),
    single('감액(손해배상액)', `-${formatMoney(k.amount, currency)} (VAT 별도)`),
  ]);
}

export function buildSettlement(app: Application, input: SettlementInput, currency = 'KRW', outageCredit: SettlementOutageCredit | null = null): FormDocument<SettlementContent> {
  const content = settlementContent(app, input, currency, outageCredit);
  return {
    form: 'settlement',
    code: '내부 문서',
    title: SETTLEMENT_TITLE,
    content,
    versionKey: versionKeyOf('settlement', content),
    signatureAreas: [content.requester],
    blocks: settlementBlocks(content),
  };
}
