/**
 * 견적서 (quote): printed from a saved, immutable quote version — or, when only an application is
 * given (the CLI), from the engine's price of its items as version 1 on the application's date.
 * Every amount comes from the quote engine (shared/catalog/engine.ts) as integer minor units; this
 * file only arranges and formats them: the recipient and supplier blocks, the lines with list
 * versus entered price, 공급가액 / 세액 / 합계, the contract total for the term, one-off totals,
 * 일금…원정, validity, notes, the approval state and the customer's seal.
 */
import type { Application, Term } from '../domain/application';
import type { ApprovalStatus, PricedQuote, QuoteVersion } from '../domain/quote';
import type { Catalog, WarningCode } from '../catalog/schema';
import { TERM_LABELS, catalogName } from '../catalog/schema';
import { formatKoreanDate, formatPaperDate } from '../format/date';
import { formatAmount, formatMoney } from '../money';
import type { Block, Cell } from './blocks';
import { tierLabelFor } from './form3';
import { SUPPLIER_UNSET_NOTE, supplierFields, type Supplier } from './inputs';
import { amountInWordsText, moneyCell, totalsRows, type Totals } from './money-blocks';
import { versionKeyOf, type Field, type FormDocument, type SignatureArea } from './model';
import { sha256Hex } from './sha256';

const QUOTE_TITLE = '견적서';
/** Days a quote made from an application alone stays valid (the quote builder's default). */
const DEFAULT_QUOTE_VALID_DAYS = 30;

/** What a quote document is printed from: the priced quote and its metadata. */
export interface QuoteSource {
  quote: PricedQuote;
  /** What the quote number is derived from: the stored quote id, or the application for an unsaved quote. */
  identity: string;
  version: number;
  /** Date of the quote (YYYY-MM-DD, or an ISO timestamp of when the version was saved). */
  date: string;
  /** Last day the quote is valid (YYYY-MM-DD). */
  validUntil: string;
  notes: string | null;
  approval: { status: ApprovalStatus; reason: string | null; decidedAt: string | null };
}

/** A saved quote version, printed exactly as stored. */
export function quoteSourceFromVersion(v: QuoteVersion): QuoteSource {
  return {
    quote: v.result,
    identity: `quote|${v.quoteId}`,
    version: v.version,
    date: v.createdAt,
    validUntil: v.validUntil,
    notes: v.notes,
    approval: { status: v.approval.status, reason: v.approval.reason, decidedAt: v.approval.decidedAt },
  };
}

/** YYYY-MM-DD plus whole days, on the calendar (no time zone involved). */
function addDaysIso(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * An unsaved quote of an application (the CLI case): version 1, dated the application's date,
 * valid for 30 days, approval pending when the engine says it needs one.
 */
export function quoteSourceFromApplication(app: Application, quote: PricedQuote, validDays = DEFAULT_QUOTE_VALID_DAYS): QuoteSource {
  return {
    quote,
    identity: `application|${app.customer.businessNumber}|${app.kind}|${app.date}`,
    version: 1,
    date: app.date,
    validUntil: addDaysIso(app.date, validDays),
    notes: null,
    approval: { status: quote.approvalRequired ? 'pending' : 'not_required', reason: null, decidedAt: null },
  };
}

/**
 * What the customer reads about an exception on the quote: why HQ must confirm it, in the
 * customer's terms (the engine's messages tell the rep what to do, and stay on screen).
 */
export function customerNotes(warnings: readonly { code: WarningCode; productCode: string }[], nameOf: (code: string) => string): string[] {
  const why: Record<WarningCode, string> = {
    MIN_SEATS: '기준 수량 미만의 예외 견적입니다',
    APP_MIN_SEATS: '기준 수량 미만의 예외 견적입니다',
    MIN_QUANTITY: '기준 수량 미만의 예외 견적입니다',
    REQUIRES: '함께 필요한 상품의 기준 수량에 못 미치는 예외 견적입니다',
    NEGOTIATED: '별도 협정가 항목입니다',
    OUT_OF_RANGE: '별도 협정가 항목입니다',
    BELOW_LIST: '정가보다 낮은 단가가 적용되었습니다',
    BELOW_FLOOR: '정가보다 낮은 단가가 적용되었습니다',
  };
  const notes = warnings.map((w) => `${nameOf(w.productCode)}: ${why[w.code]}. 본 견적은 KT 본사 확인 후 확정됩니다.`);
  return [...new Set(notes)];
}

/** 견적번호: "Q-" and 8 hex digits of the identity's SHA-256 — the same for every version of a quote. */
export function quoteNumber(identity: string): string {
  return `Q-${sha256Hex(identity).slice(0, 8).toUpperCase()}`;
}

interface QuoteLineRow {
  no: number;
  code: string;
  name: string;
  /** 규격/단위: "석 (30석 이상 구간)", "5석 단위 (11석)", "6초 단위 (월 예상 1,000분)". */
  spec: string;
  /** Billed units (seats, groups, 6-second units …). */
  quantity: number;
  unitPrice: number;
  amount: number;
  listUnitPrice: number | null;
  priceEntered: boolean;
  /** 비고: 정가 / 정가 X (할인) / 별도 협정가 / 예상 사용량 / 본사 확인. */
  note: string;
}

export interface QuoteContent {
  number: string;
  version: number;
  date: string;
  recipient: { name: string; representative: string };
  supplier: Field[];
  currency: string;
  term: Term;
  termText: string;
  validUntil: string;
  /** The price list by its name and version (its id is never printed). */
  catalog: { name: string; version: string; effectiveDate: string };
  /** HQ had not published the supplier block when this was printed (it prints 미설정). */
  supplierUnset: boolean;
  monthlyLines: QuoteLineRow[];
  oneOffLines: QuoteLineRow[];
  monthly: Totals;
  oneOff: Totals | null;
  contract: Totals & { months: number | null; label: string };
  amountInWords: string;
  approval: { required: boolean; status: ApprovalStatus; text: string };
  warnings: string[];
  notes: string;
  conditions: string[];
  customerSeal: SignatureArea;
}

const money = (n: number, currency: string) => formatMoney(n, currency);

function lineSpec(line: PricedQuote['lines'][number], catalog: Catalog | undefined): string {
  const product = catalog?.products.find((p) => p.code === line.code);
  const q = formatAmount(line.quantity);
  switch (line.kind) {
    case 'tiered': {
      const tier = product && catalog ? tierLabelFor(catalog, product, line.tierFrom) : line.tierFrom !== null ? `${formatAmount(line.tierFrom)}${line.unit}~` : null;
      return tier && tier !== '단일' ? `${line.unit} (${tier} 구간)` : line.unit;
    }
    case 'bundle': {
      const size = product?.pricing.kind === 'bundle' ? `${formatAmount(product.pricing.groupSize)}${line.unit} 단위` : '묶음 단위';
      return `${size} (${q}${line.unit})`;
    }
    case 'usage': {
      // Quotes saved before issue 15 carry no billedUnit: per-6-second lines billed 10 units a minute.
      const unit = line.billedUnit ?? (line.billedQuantity === line.quantity * 10 ? '6초' : '분');
      const per = unit === '분' ? '1분' : unit;
      return line.calls !== undefined && line.calls !== null ? `${per} 단위 (통화 ${q}건, ${formatAmount(line.billedQuantity)}${unit === '분' ? '분' : '단위'})` : `${per} 단위 (월 예상 ${q}분)`;
    }
    case 'hourly':
      return `${line.unit} (예상 ${q}${line.unit})`;
    default:
      return line.unit;
  }
}

function lineNote(line: PricedQuote['lines'][number], flagged: boolean, currency: string): string {
  const parts: string[] = [];
  if (line.kind === 'negotiated') parts.push('별도 협정가');
  else if (line.listUnitPrice !== null && line.unitPrice !== line.listUnitPrice) {
    parts.push(`정가 ${money(line.listUnitPrice, currency)} (${line.unitPrice < line.listUnitPrice ? '할인' : '할증'})`);
  } else parts.push('정가');
  if (line.estimated) parts.push('예상 사용량');
  if (flagged) parts.push('본사 확인');
  return parts.join(', ');
}

function approvalText(required: boolean, approval: QuoteSource['approval']): string {
  switch (approval.status) {
    case 'pending':
      return '본사 확인 필요 (승인 대기)';
    case 'approved':
      return `본사 승인됨${approval.decidedAt ? ` (${formatPaperDate(approval.decidedAt)})` : ''}`;
    case 'refused':
      return `본사 반려${approval.reason ? `: ${approval.reason}` : ''}`;
    case 'not_required':
      return required ? '본사 확인 필요' : '본사 확인 불필요';
  }
}

export function quoteContent(app: Application, source: QuoteSource, supplier: Supplier | null, catalog?: Catalog): QuoteContent {
  const q = source.quote;
  const cur = q.currency;
  // Tier and bundle wording come from the catalog only when it is the one the quote was priced on.
  const same = catalog?.id === q.catalog.id && catalog.version === q.catalog.version ? catalog : undefined;
  const flagged = new Set(q.warnings.map((w) => w.lineIndex));
  const rows = q.lines.map((line, i): QuoteLineRow & { oneOff: boolean } => ({
    no: 0,
    code: line.code,
    name: line.name,
    spec: lineSpec(line, same),
    quantity: line.billedQuantity,
    unitPrice: line.unitPrice,
    amount: line.amount,
    listUnitPrice: line.listUnitPrice,
    priceEntered: line.priceEntered,
    note: lineNote(line, flagged.has(i), cur),
    oneOff: line.oneOff,
  }));
  const strip = ({ oneOff: _o, ...r }: QuoteLineRow & { oneOff: boolean }, no: number): QuoteLineRow => ({ ...r, no });
  const monthlyLines = rows.filter((r) => !r.oneOff).map((r, i) => strip(r, i + 1));
  const oneOffLines = rows.filter((r) => r.oneOff).map((r, i) => strip(r, i + 1));
  const months = q.contract.months;
  const required = q.approvalRequired;
  const name = q.catalog.title ?? (same ? catalogName(same) : catalogName({}));
  const conditions = [
    `※ 부가가치세는 월 공급가액 합계에 대해 계산하며 ${cur === 'KRW' ? '원' : '최소 화폐 단위'} 미만은 절사합니다.`,
    `※ 단가는 이용요금표(양식 #3, ‘${name}’ 버전 ${q.catalog.version})에 따릅니다.`,
    ...(months !== null ? [`※ 약정기간(${months}개월) 내 해지 시 이용약관 제14조에 따라 위약금(사용월수 × 회선수 × 월할인액)이 발생합니다.`] : []),
    ...(oneOffLines.length ? ['※ 일회성 요금은 납품(검수) 완료 후 별도로 청구합니다 (납품 확인서, 양식 #5).'] : []),
    ...(required && source.approval.status !== 'approved' ? ['※ 이 견적은 본사(BM·컨설팅담당) 확인 후 확정되며, 확인 전에는 고객 날인을 받지 않습니다.'] : []),
  ];
  return {
    number: quoteNumber(source.identity),
    version: source.version,
    // A saved version's time is an instant: its day in Korea, whatever zone the device is in.
    date: formatPaperDate(source.date),
    recipient: { name: app.customer.name, representative: app.customer.representative },
    supplier: [...supplierFields(supplier), { key: 'supplier.contact', label: '담당', value: `${app.seller.team} ${app.seller.name} (${app.seller.phone})` }],
    supplierUnset: supplier === null,
    currency: cur,
    term: q.term,
    // A catalog may name its own term columns (e.g. "1년"); KT's read as form #1 prints them.
    termText: catalog?.termLabels?.[q.term]?.ko ?? TERM_LABELS[q.term],
    validUntil: formatKoreanDate(source.validUntil),
    catalog: { name, version: q.catalog.version, effectiveDate: q.catalog.effectiveDate },
    monthlyLines,
    oneOffLines,
    monthly: { ...q.monthly },
    oneOff: oneOffLines.length ? { ...q.oneOff } : null,
    contract: {
      supply: q.contract.supply,
      vat: q.contract.vat,
      total: q.contract.total,
      months,
      label: months !== null ? `약정기간 총액 (${months}개월${oneOffLines.length ? ' + 일회성' : ''})` : `무약정 (1개월 기준${oneOffLines.length ? ' + 일회성' : ''})`,
    },
    amountInWords: amountInWordsText(q.monthly.total, '월 이용료, 부가세 포함', cur),
    approval: { required, status: source.approval.status, text: approvalText(required, source.approval) },
    warnings: customerNotes(q.warnings, (code) => q.lines.find((l) => l.code === code)?.name ?? code),
    notes: source.notes ?? '',
    conditions,
    customerSeal: { id: 'quote-customer', role: '대표자', signer: app.customer.representative },
  };
}

const L = (text: string, extra: Partial<Cell> = {}): Cell => ({ text, label: true, ...extra });

/** Unit suffix of money column headers: "(원)" or "(CNY)". */
export function moneyHeader(label: string, currency: string): string {
  return `${label}(${currency === 'KRW' ? '원' : currency})`;
}

const LINE_COLUMNS = [0.05, 0.22, 0.19, 0.09, 0.13, 0.15, 0.17];

function linesTable(lines: readonly QuoteLineRow[], totals: Totals, currency: string): Block {
  return {
    type: 'table',
    columns: LINE_COLUMNS,
    header: [[L('번호'), L('품명'), L('규격/단위'), L('수량'), L(moneyHeader('단가', currency)), L(moneyHeader('금액', currency)), L('비고')]],
    rows: [
      ...lines.map((l): Cell[] => [
        { text: String(l.no), align: 'center' },
        { text: l.name },
        { text: l.spec, size: 8 },
        moneyCell(l.quantity),
        moneyCell(l.unitPrice, currency),
        moneyCell(l.amount, currency),
        { text: l.note, size: 7.5 },
      ]),
      ...totalsRows(totals, LINE_COLUMNS.length, currency, 1),
    ],
    minRowHeight: 18,
  };
}

function quoteBlocks(c: QuoteContent): Block[] {
  const cur = c.currency;
  const left: [string, string][] = [
    ['견적일자', c.date],
    ['견적번호', `${c.number} (버전 ${c.version})`],
    ['약정기간', c.termText],
    ['유효기간', `${c.validUntil}까지`],
    ['본사 확인', c.approval.text],
  ];
  const right = c.supplier;
  const n = Math.max(left.length, right.length);
  const head: Cell[][] = [];
  for (let i = 0; i < n; i++) {
    const l = left[i];
    const r = right[i];
    const row: Cell[] = [l ? L(l[0]) : { text: '' }, l ? { text: l[1], bold: l[0] === '본사 확인' && c.approval.required } : { text: '' }];
    if (i === 0) row.push(L('공\n급\n자', { rowSpan: n }));
    row.push(r ? L(r.label) : { text: '' }, r ? { text: r.value } : { text: '' });
    head.push(row);
  }
  const summary: Cell[][] = [
    [L('월 이용료'), moneyCell(c.monthly.supply, cur), moneyCell(c.monthly.vat, cur), moneyCell(c.monthly.total, cur)],
    ...(c.oneOff ? [[L('일회성 요금'), moneyCell(c.oneOff.supply, cur), moneyCell(c.oneOff.vat, cur), moneyCell(c.oneOff.total, cur)]] : []),
    [L(c.contract.label, { bold: true }), moneyCell(c.contract.supply, cur, { bold: true }), moneyCell(c.contract.vat, cur, { bold: true }), moneyCell(c.contract.total, cur, { bold: true })],
  ];
  let section = 0;
  // A section heading moves to the next page with its table rather than stay behind alone.
  const withHeading = (text: string, table: Block): Block => ({ type: 'keep', blocks: [{ type: 'heading', text: `${++section}. ${text}` }, table] });
  const blocks: Block[] = [
    { type: 'tagLine', left: QUOTE_TITLE, right: `견적번호 ${c.number} · 버전 ${c.version}` },
    { type: 'title', text: '견 적 서', size: 22 },
    { type: 'paragraph', text: `${c.recipient.name}  대표자 ${c.recipient.representative}  귀하`, size: 13, bold: true, gapBefore: 2 },
    { type: 'spacer', height: 4 },
    { type: 'table', columns: [0.12, 0.3, 0.05, 0.12, 0.41], rows: head, size: 8.5 },
    ...(c.supplierUnset ? [{ type: 'paragraph', text: SUPPLIER_UNSET_NOTE, bold: true, size: 8.5, gapBefore: 2 } satisfies Block] : []),
    { type: 'paragraph', text: '아래와 같이 견적합니다.', gapBefore: 6 },
    { type: 'paragraph', text: c.amountInWords, size: 11, bold: true, gapBefore: 2 },
    withHeading('월 이용료', linesTable(c.monthlyLines, c.monthly, cur)),
  ];
  if (c.oneOff) blocks.push(withHeading('일회성 요금 (구축·개발·납품)', linesTable(c.oneOffLines, c.oneOff, cur)));
  blocks.push(
    withHeading('계약 총액', {
      type: 'table',
      columns: [0.34, 0.22, 0.2, 0.24],
      header: [[L('구분'), L(moneyHeader('공급가액', cur)), L(moneyHeader('세액', cur)), L(moneyHeader('합계', cur))]],
      rows: summary,
    }),
  );
  // The conditions are one section, and the customer's signature stays on its page.
  const conditions: Block[] = [{ type: 'heading', text: `${++section}. 견적 조건 및 비고` }];
  conditions.push({
    type: 'paragraph',
    text: `ㅇ 유효기간: ${c.validUntil}까지 · 약정기간: ${c.termText} · 가격표 ‘${c.catalog.name}’ (버전 ${c.catalog.version}, 시행일 ${formatKoreanDate(c.catalog.effectiveDate)})`,
    indent: 1,
    hanging: true,
  });
  if (c.notes) conditions.push({ type: 'paragraph', text: `ㅇ 비고: ${c.notes}`, indent: 1, hanging: true });
  conditions.push({ type: 'paragraph', text: `ㅇ 본사 확인: ${c.approval.text}`, indent: 1, hanging: true, bold: c.approval.required });
  for (const w of c.warnings) conditions.push({ type: 'paragraph', text: `- ${w}`, indent: 2, hanging: true, size: 8 });
  for (const t of c.conditions) conditions.push({ type: 'paragraph', text: t, indent: 1, hanging: true, size: 8, muted: true });
  blocks.push(
    { type: 'keep', blocks: conditions },
    { type: 'spacer', height: 8 },
    {
      type: 'keep',
      keepWithPrevious: true,
      blocks: [
        { type: 'paragraph', text: '위 견적 내용을 확인합니다.', align: 'right', size: 10 },
        {
          type: 'signatureLine',
          area: c.customerSeal.id,
          // The confirmation date is the day the customer sealed it: filled in from the seal when printed.
          before: '\u3000\u3000\u3000\u3000년\u3000\u3000월\u3000\u3000일',
          datedBySignature: true,
          role: `고객사: ${c.recipient.name}  ${c.customerSeal.role}`,
          signer: c.customerSeal.signer,
          align: 'right',
        },
      ],
    },
  );
  return blocks;
}

export function buildQuote(app: Application, source: QuoteSource, supplier: Supplier | null, catalog?: Catalog): FormDocument<QuoteContent> {
  const content = quoteContent(app, source, supplier, catalog);
  return {
    form: 'quote',
    code: '견적서',
    title: `${content.number} (버전 ${content.version})`,
    content,
    versionKey: versionKeyOf('quote', content),
    signatureAreas: [content.customerSeal],
    blocks: quoteBlocks(content),
  };
}
