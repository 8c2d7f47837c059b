/** Pieces more than one form prints: the customer and billing blocks, term and size-tier checks. */
import type { Application, ApplicationItem } from '../domain/application';
import { formatKoreanDate } from '../format/date';
import { type Cell, type Check } from './blocks';
import type { Field } from './model';
import { BASIC_SERVICE_CODE, itemName, type ItemNames } from './items';

/** Options every form builder takes. */
export interface FormOptions {
  /** Product names by code (the catalog's, once it exists). */
  itemNames?: ItemNames;
  /**
   * Unit price of an item in won, for forms that print prices (#4). Defaults to the price the rep
   * entered on the item; the quote engine will supply catalog prices here.
   */
  unitPrice?: (item: ApplicationItem, application: Application) => number | undefined;
}

export const dateText = (iso: string | undefined): string => (iso ? formatKoreanDate(iso) : '');

/** 신청고객: the seed's labels, in the seed's order. */
export function customerFields(app: Application): Field[] {
  const c = app.customer;
  return [
    { key: 'customer.name', label: '법인명(상호)', value: c.name },
    { key: 'customer.businessNumber', label: '사업자번호', value: c.businessNumber },
    { key: 'customer.corporateNumber', label: '법인등록번호', value: c.corporateNumber ?? '' },
    { key: 'customer.representative', label: '대표자명', value: c.representative },
    { key: 'customer.address', label: '주   소', value: c.address },
    { key: 'customer.phone', label: '전화번호', value: c.phone },
    { key: 'customer.mobile', label: '이동전화', value: c.mobile ?? '' },
  ];
}

export const SAME_AS_CUSTOMER = '신청고객과 동일';

/** 요금납부 책임자: when the application names none, the customer pays ("신청고객과 동일"). */
export function billingFields(app: Application): Field[] {
  const b = app.billing;
  return [
    { key: 'billing.name', label: '법인명', value: b ? b.name : SAME_AS_CUSTOMER },
    { key: 'billing.businessNumber', label: '사업자번호', value: b?.businessNumber ?? '' },
    { key: 'billing.address', label: '주  소', value: b?.address ?? '' },
    { key: 'billing.phone', label: '전화번호', value: b?.phone ?? '' },
  ];
}

function field(fields: Field[], key: string): Field {
  const f = fields.find((x) => x.key.endsWith(`.${key}`));
  if (!f) throw new Error(`field ${key} missing`);
  return f;
}

const L = (text: string, extra: Partial<Cell> = {}): Cell => ({ text, label: true, ...extra });
const V = (text: string, extra: Partial<Cell> = {}): Cell => ({ text, ...extra });

/** Column fractions of the customer/billing table: group, label, value, label, value. */
export const CUSTOMER_TABLE_COLUMNS = [0.12, 0.14, 0.31, 0.14, 0.29] as const;

/** The boxed 신청고객 + 요금납부 책임자 table of forms #1 and #4. */
export function customerTableRows(customer: Field[], billing: Field[]): Cell[][] {
  const c = (k: string) => field(customer, k);
  const b = (k: string) => field(billing, k);
  return [
    [L('신청고객', { rowSpan: 5 }), L(c('name').label), V(c('name').value, { colSpan: 3 })],
    [L(c('businessNumber').label), V(c('businessNumber').value), L(c('corporateNumber').label), V(c('corporateNumber').value)],
    [L(c('representative').label), V(c('representative').value, { colSpan: 3 })],
    [L(c('address').label), V(c('address').value, { colSpan: 3 })],
    [L(c('phone').label), V(c('phone').value), L(c('mobile').label), V(c('mobile').value)],
    [L('요금납부\n책 임 자', { rowSpan: 3 }), L(b('name').label), V(b('name').value), L(b('businessNumber').label), V(b('businessNumber').value)],
    [L(b('address').label), V(b('address').value, { colSpan: 3 })],
    [L(b('phone').label), V(b('phone').value, { colSpan: 3 })],
  ];
}

/** 약정기간 checks; 무약정 carries its period "(신청일 ~ 종료일)" as the seed prints it. */
export function termChecks(app: Application): Check[] {
  const none = app.term === 'none';
  const period = none ? `(${dateText(app.date)} ~ ${dateText(app.termEnd)})` : '(     ~ 20   .    .    )';
  return [
    { key: 'term.12m', label: '12개월', checked: app.term === '12m' },
    { key: 'term.24m', label: '24개월', checked: app.term === '24m' },
    { key: 'term.36m', label: '36개월', checked: app.term === '36m' },
    { key: 'term.none', label: `무약정${period}`, checked: none },
  ];
}

/** The size tiers of form #1 and the price table, by number of basic-service seats. */
const SIZE_TIERS = [
  { key: 'size.under10', label: '10석 미만', min: 1, max: 9 },
  { key: 'size.10to29', label: '10 ~ 29석', min: 10, max: 29 },
  { key: 'size.30to49', label: '30석 ~ 49석', min: 30, max: 49 },
  { key: 'size.50to99', label: '50석 ~ 99석', min: 50, max: 99 },
  { key: 'size.100plus', label: '100석 이상', min: 100, max: Number.MAX_SAFE_INTEGER },
] as const;

/** Seats = the quantity of the basic service (asp-basic); null when the application has none. */
export function seatCount(app: Application): number | null {
  return app.items.find((i) => i.code === BASIC_SERVICE_CODE)?.quantity ?? null;
}

export function sizeTierChecks(app: Application): Check[] {
  const seats = seatCount(app);
  return SIZE_TIERS.map((t) => ({ key: t.key, label: t.label, checked: seats !== null && seats >= t.min && seats <= t.max }));
}

export function kindChecks(app: Application): Check[] {
  // The seed's title order: □신규 □해지 □변경.
  return [
    { key: 'kind.new', label: '신규', checked: app.kind === 'new' },
    { key: 'kind.termination', label: '해지', checked: app.kind === 'termination' },
    { key: 'kind.change', label: '변경', checked: app.kind === 'change' },
  ];
}

export interface ItemLine {
  code: string;
  name: string;
  quantity: number;
}

export function itemLines(app: Application, options: FormOptions): ItemLine[] {
  return app.items.map((i) => ({ code: i.code, name: itemName(i.code, options.itemNames), quantity: i.quantity }));
}
