import { TERM_LABELS } from '../domain/status';
/**
 * Form #4: olleh bizmeka 콜센터서비스 변경신청서 — the customer block, why and when, and for each
 * item row of the seed the unit price and count before and after, from two application states.
 */
import type { Application, ApplicationItem } from '../domain/application';
import { AppError } from '../contract/errors';
import { formatAmount } from '../money';
import type { Block, Cell } from './blocks';
import { billingFields, customerFields, customerTableRows, CUSTOMER_TABLE_COLUMNS, dateText, type FormOptions } from './common';
import type { ChangeRequest } from './inputs';
import { itemName } from './items';
import { versionKeyOf, type Field, type FormDocument, type SignatureArea } from './model';
import { CHANGE_ATTACHMENTS } from './texts';

const FORM4_TITLE = 'olleh bizmeka 콜센터서비스 변경신청서';

/**
 * The seed's rows and the product codes each one covers. 장비임대 has no product code yet: the
 * catalog adds its rental codes here. Codes no row covers are printed as extra rows under 기타.
 */
const CHANGE_ROWS: readonly { key: string; group: string; label: string; codes: readonly string[] }[] = [
  { key: 'basic', group: 'ASP\n서비스', label: '기본이용료', codes: ['asp-basic'] },
  { key: 'app', group: 'ASP\n서비스', label: '상담어플리케이션', codes: ['app-basic', 'app-premium'] },
  { key: 'recording', group: 'ASP\n서비스', label: '녹취', codes: ['recording'] },
  { key: 'extra-line', group: 'ASP\n서비스', label: '추가회선', codes: ['extra-line'] },
  { key: 'equipment', group: 'ASP\n서비스', label: '장비임대', codes: [] },
  { key: 'floor', group: '상담석\n제공', label: '상담석', codes: ['floor'] },
  { key: 'agent', group: '상담석\n제공', label: '상담원', codes: ['agent'] },
];

interface ChangeSide {
  /** Won per unit per month, when known. */
  unitPrice: number | null;
  count: number | null;
}

export interface ChangeRow {
  group: string;
  label: string;
  code: string | null;
  before: ChangeSide;
  after: ChangeSide;
  note: string;
}

export interface Form4Content {
  serviceNumber: string;
  customer: Field[];
  billing: Field[];
  reason: string;
  requestedDate: string;
  billingStartDate: string;
  rows: ChangeRow[];
  attachments: readonly string[];
  date: string;
  applicant: SignatureArea;
}

function side(item: ApplicationItem | undefined, app: Application, options: FormOptions): ChangeSide {
  if (!item) return { unitPrice: null, count: null };
  const price = options.unitPrice ? options.unitPrice(item, app) : item.unitPrice;
  return { unitPrice: price ?? item.unitPrice ?? null, count: item.quantity };
}

function noteOf(before: ChangeSide, after: ChangeSide): string {
  if (before.count === null && after.count === null) return '';
  if (before.count === null) return '신규';
  if (after.count === null) return '해지';
  const parts: string[] = [];
  if (after.count > before.count) parts.push(`증설 ${formatAmount(after.count - before.count)}`);
  if (after.count < before.count) parts.push(`감설 ${formatAmount(before.count - after.count)}`);
  if (before.unitPrice !== null && after.unitPrice !== null && before.unitPrice !== after.unitPrice) parts.push('단가 변경');
  return parts.join(', ');
}

export function changeRows(before: Application, after: Application, options: FormOptions = {}): ChangeRow[] {
  const find = (app: Application, code: string) => app.items.find((i) => i.code === code);
  const present = (code: string) => find(before, code) !== undefined || find(after, code) !== undefined;
  const row = (group: string, label: string, code: string | null): ChangeRow => {
    const b = code ? side(find(before, code), before, options) : side(undefined, before, options);
    const a = code ? side(find(after, code), after, options) : side(undefined, after, options);
    return { group, label, code, before: b, after: a, note: noteOf(b, a) };
  };
  const rows: ChangeRow[] = [];
  for (const def of CHANGE_ROWS) {
    const codes = def.codes.filter(present);
    if (codes.length === 0) rows.push(row(def.group, def.label, def.codes.length === 1 ? def.codes[0]! : null));
    else if (def.codes.length === 1) rows.push(row(def.group, def.label, codes[0]!));
    // A row covering variants (상담어플리케이션 Basic/Premium) names the variant in use.
    else for (const code of codes) rows.push(row(def.group, itemName(code, options.itemNames), code));
  }
  const covered = new Set(CHANGE_ROWS.flatMap((d) => d.codes));
  const extra = [...new Set([...before.items, ...after.items].map((i) => i.code))].filter((c) => !covered.has(c));
  for (const code of extra) rows.push(row('기타', itemName(code, options.itemNames), code));
  return rows;
}

/** "ASP 기본서비스 10 → 15, 녹음서비스 신규": what changed, when the rep gave no reason. */
function summariseChange(rows: readonly ChangeRow[], options: FormOptions = {}): string {
  const parts = rows
    .filter((r) => r.note)
    .map((r) => {
      const name = r.code ? itemName(r.code, options.itemNames) : r.label;
      if (r.note === '신규' || r.note === '해지') return `${name} ${r.note}`;
      if (r.before.count !== r.after.count) return `${name} ${formatAmount(r.before.count ?? 0)} → ${formatAmount(r.after.count ?? 0)}`;
      return `${name} ${r.note}`;
    });
  return parts.length ? parts.join(', ') : '변경 내역 없음';
}

function form4Content(before: Application, after: Application, change: ChangeRequest = {}, options: FormOptions = {}): Form4Content {
  if (before.customer.businessNumber !== after.customer.businessNumber) {
    throw new AppError(
      'INVALID_INPUT',
      `변경 전 청약(사업자번호 ${before.customer.businessNumber})과 변경 후 청약(사업자번호 ${after.customer.businessNumber})의 고객이 다릅니다. 같은 고객의 청약을 지정하세요.`,
      { issues: [{ path: 'before.customer.businessNumber', message: '변경 전·후 청약의 사업자번호가 다릅니다.' }] },
    );
  }
  const rows = changeRows(before, after, options);
  // Beyond the items: a shorter or longer term (art. 14.3: a shortened term is charged) and a new payer.
  const terms = before.term !== after.term ? `약정기간 ${TERM_LABELS[before.term].ko} → ${TERM_LABELS[after.term].ko}` : null;
  const payer = JSON.stringify(before.billing ?? null) !== JSON.stringify(after.billing ?? null) ? '요금납부 책임자 변경' : null;
  const itemsSummary = summariseChange(rows, options);
  const summary = [itemsSummary === '변경 내역 없음' ? null : itemsSummary, terms, payer].filter(Boolean).join(', ') || itemsSummary;
  return {
    serviceNumber: after.serviceNumber ?? before.serviceNumber ?? '',
    customer: customerFields(after),
    billing: billingFields(after),
    reason: change.reason ?? summary,
    requestedDate: dateText(change.requestedDate ?? after.date),
    billingStartDate: dateText(change.billingStartDate),
    rows,
    attachments: CHANGE_ATTACHMENTS,
    date: dateText(after.date),
    applicant: { id: 'change-applicant', role: '신청인', signer: after.customer.representative },
  };
}

const L = (text: string, extra: Partial<Cell> = {}): Cell => ({ text, label: true, ...extra });
const money = (n: number | null) => (n === null ? '' : formatAmount(n));

function form4Blocks(c: Form4Content): Block[] {
  const customerName = c.customer.find((f) => f.key === 'customer.name')?.value ?? '';
  const body: Cell[][] = [];
  c.rows.forEach((r, i) => {
    const first = i === 0 || c.rows[i - 1]!.group !== r.group;
    const span = c.rows.slice(i).findIndex((x) => x.group !== r.group);
    const cells: Cell[] = [];
    if (first) cells.push(L(r.group, { rowSpan: span === -1 ? c.rows.length - i : span }));
    cells.push(
      { text: r.label },
      { text: money(r.before.unitPrice), align: 'right' },
      { text: money(r.before.count), align: 'right' },
      { text: money(r.after.unitPrice), align: 'right' },
      { text: money(r.after.count), align: 'right' },
      { text: r.note, align: 'center' },
    );
    body.push(cells);
  });
  return [
    { type: 'tagLine', left: '양식 #4' },
    { type: 'title', text: FORM4_TITLE },
    { type: 'heading', text: `1. 고객사항 (서비스번호 : ${c.serviceNumber || '          '})` },
    { type: 'table', columns: CUSTOMER_TABLE_COLUMNS, rows: customerTableRows(c.customer, c.billing) },
    { type: 'heading', text: '2. 서비스 변경내역' },
    { type: 'paragraph', text: `ㅇ 변경 사유 : ${c.reason}`, indent: 1, hanging: true },
    { type: 'paragraph', text: `ㅇ 변경 요청일자 : ${c.requestedDate}`, indent: 1 },
    { type: 'paragraph', text: `ㅇ 서비스개시 및 과금일자 : ${c.billingStartDate}`, indent: 1 },
    { type: 'spacer', height: 4 },
    {
      type: 'table',
      columns: [0.1, 0.26, 0.13, 0.09, 0.13, 0.09, 0.2],
      header: [
        [L('구 분', { colSpan: 2, rowSpan: 2 }), L('기 존', { colSpan: 2 }), L('변 경', { colSpan: 2 }), L('비고', { rowSpan: 2 })],
        [L('단가(원)'), L('회선수'), L('단가(원)'), L('회선수')],
      ],
      rows: body,
      minRowHeight: 18,
      keepTogether: true,
    },
    { type: 'heading', text: '3. 첨부서류' },
    ...c.attachments.map((t): Block => ({ type: 'paragraph', text: t, indent: 1, hanging: true })),
    { type: 'spacer', height: 10 },
    {
      // The signature never stands alone on a page: it stays with what comes before it.
      type: 'keep',
      keepWithPrevious: true,
      blocks: [
        { type: 'paragraph', text: `신청일: ${c.date}`, align: 'right', size: 10 },
        { type: 'signatureLine', area: c.applicant.id, role: `${c.applicant.role}: ${customerName}  대표자`, signer: c.applicant.signer, align: 'right' },
        { type: 'paragraph', text: 'KT 귀중', size: 13, bold: true, align: 'left' },
      ],
    },
  ];
}

export function buildForm4(before: Application, after: Application, change: ChangeRequest = {}, options: FormOptions = {}): FormDocument<Form4Content> {
  const content = form4Content(before, after, change, options);
  return {
    form: '4',
    code: '양식 #4',
    title: FORM4_TITLE,
    content,
    versionKey: versionKeyOf('4', content),
    signatureAreas: [content.applicant],
    blocks: form4Blocks(content),
  };
}
