import { TERMS, TERM_MONTHS, type Term } from '../domain/application';
import { AppError, type FieldIssue } from '../contract/errors';
import { formatMoney, minorUnitText } from '../money';
import { eulReul, eunNeun, iGa } from '../format/josa';
import { TERM_LABELS, USAGE_INCREMENT_SECONDS, type Catalog, type PriceByTerm, type PricingKind, type Product, type Rating, type ProductGroup, type WarningCode } from './schema';

/**
 * The quote engine (견적 계산): pure, integer arithmetic in the currency's minor unit.
 *
 * Rules (PRODUCT.md, form #3):
 * - A line's amount = billed quantity × unit price. The unit price is the rep-entered price when
 *   given, else the list price for the chosen term.
 * - 공급가액 (supply) of the monthly bill = sum of the monthly lines; 세액 (VAT) = vatPercent of
 *   that sum, fraction cut off, computed once on the document total, never per line.
 * - One-off lines (one-off fees, hourly/negotiated items billed once) are totalled separately,
 *   with their own VAT: they go on a separate invoice (납품계약서 + 검수확인서).
 * - Contract totals: supply, vat and total are each `monthly × months + one-off`, i.e. what
 *   the customer is invoiced over the term (each monthly invoice carries its own VAT). For the
 *   no-commitment term `months` is null and the contract shows one month plus the one-offs.
 */

export interface QuoteItem {
  code: string;
  /** Seats, lines, hours, estimated minutes … in the product's unit. Omitted when `calls` are given. */
  quantity?: number | undefined;
  /** Usage products only: each call's duration in whole seconds, rated one by one and summed. */
  calls?: readonly number[] | undefined;
  /** Rep-entered price of one billed unit, in minor units. Required for negotiated items. */
  unitPrice?: number | undefined;
}

export interface QuoteRequest {
  term: Term;
  items: readonly QuoteItem[];
}

interface QuoteLine {
  code: string;
  name: string;
  unit: string;
  group: ProductGroup;
  kind: PricingKind;
  /** As requested (seats, lines, estimated minutes, hours …); for rated calls, the number of calls. */
  quantity: number;
  /** Rated calls: how many calls the line rated (null: a quantity was given). */
  calls: number | null;
  /** What is charged: groups for a bundle, billed units for usage (6-second units …), else = quantity. */
  billedQuantity: number;
  /** The unit of `billedQuantity`: 석, "5석 단위", "6초", "분" … */
  billedUnit: string;
  /** Price of one billed unit actually used (rep-entered or list). */
  unitPrice: number;
  /** The catalog's price for one billed unit on this term; null for negotiated items. */
  listUnitPrice: number | null;
  /** True when the rep entered the unit price. */
  priceEntered: boolean;
  amount: number;
  /** Billed once (not part of the monthly bill). */
  oneOff: boolean;
  /** The quantity is an estimate (usage, hours). */
  estimated: boolean;
  /** For tiered prices: the `from` of the row that applied. */
  tierFrom: number | null;
}

export interface Totals {
  /** 공급가액 */
  supply: number;
  /** 세액 */
  vat: number;
  /** 합계 */
  total: number;
}

interface QuoteWarning {
  code: WarningCode;
  /** Korean; says what happens next and how to avoid it. */
  message: string;
  /** The product the warning is about. */
  productCode: string;
  /** Index of that product's line in `lines`. */
  lineIndex: number;
}

export interface Quote {
  /** The price list it was priced with; `title` is what papers print (older saved quotes lack it). */
  catalog: { id: string; version: string; effectiveDate: string; title?: string };
  currency: string;
  term: Term;
  lines: QuoteLine[];
  monthly: Totals;
  oneOff: Totals;
  contract: Totals & { months: number | null };
  warnings: QuoteWarning[];
  approvalRequired: boolean;
  /** Distinct warning codes, in the order they first appear. */
  approvalReasons: WarningCode[];
}

interface CatalogIndex {
  byCode: Map<string, Product>;
}

const indexes = new WeakMap<Catalog, CatalogIndex>();

/** Products by code, built once per catalog object (catalogs are treated as immutable). */
function indexOf(catalog: Catalog): CatalogIndex {
  let index = indexes.get(catalog);
  if (!index) {
    index = { byCode: new Map(catalog.products.map((p) => [p.code, p])) };
    indexes.set(catalog, index);
  }
  return index;
}

export function findProduct(catalog: Catalog, code: string): Product | undefined {
  return indexOf(catalog).byCode.get(code);
}

/** VAT in minor units: `percent`% of supply, fraction cut off, exact for any safe integer. */
export function vatOf(supply: number, percent = 10): number {
  return Math.floor(supply / 100) * percent + Math.floor(((supply % 100) * percent) / 100);
}

function totals(supply: number, vatPercent: number): Totals {
  const vat = vatOf(supply, vatPercent);
  return { supply, vat, total: checkedAdd(supply, vat) };
}

function tooLarge(): AppError {
  return new AppError('INVALID_INPUT', '금액이 너무 커서 정확히 계산할 수 없습니다. 수량과 단가를 확인하세요.', {
    issues: [{ path: 'items', message: '금액이 너무 큽니다.' }],
  });
}

function checkedMul(a: number, b: number): number {
  const r = a * b;
  if (!Number.isSafeInteger(r)) throw tooLarge();
  return r;
}

function checkedAdd(a: number, b: number): number {
  const r = a + b;
  if (!Number.isSafeInteger(r)) throw tooLarge();
  return r;
}

function priceFor(price: PriceByTerm, term: Term): number | undefined {
  return typeof price === 'number' ? price : price[term];
}

/**
 * The list price of one billed unit on a term: a number, null for negotiated items (no list
 * price), or undefined when the catalog has no column for that term.
 */
export function termUnitPrice(product: Product, term: Term, quantities: ReadonlyMap<string, number>): number | null | undefined {
  const pr = product.pricing;
  switch (pr.kind) {
    case 'tiered':
      return priceFor(tierRow(product, quantities).prices, term);
    case 'flat':
    case 'bundle':
    case 'usage':
    case 'hourly':
      return priceFor(pr.price, term);
    case 'oneOff':
      return pr.price;
    case 'negotiated':
      return null;
  }
}

/**
 * The tier row that applies: the last row whose `from` the driver quantity reaches; below the
 * first row, the first row (its `requires`/`minQuantity` rule flags the exception).
 */
function tierRow(product: Product, quantities: ReadonlyMap<string, number>) {
  const pr = product.pricing;
  if (pr.kind !== 'tiered') throw new TypeError('not a tiered product');
  const driverQty = quantities.get(pr.driver ?? product.code) ?? 0;
  let row = pr.tiers[0]!;
  for (const t of pr.tiers) if (driverQty >= t.from) row = t;
  return row;
}

/** The list price of one billed unit for a term (null for negotiated items), and the tier row used. */
export function listUnitPrice(product: Product, term: Term, quantities: ReadonlyMap<string, number>): { price: number | null; tierFrom: number | null } {
  const price = termUnitPrice(product, term, quantities);
  // The schema guarantees every offered term has a price; this guards a hand-built catalog.
  if (price === undefined) throw new AppError('INTERNAL', `가격표에 '${product.code}'의 약정기간 '${term}' 단가가 없습니다. 가격표 파일을 관리자에게 알려 주세요.`);
  return { price, tierFrom: product.pricing.kind === 'tiered' ? tierRow(product, quantities).from : null };
}

/** Requested quantity by product code (drives tiers and `requires` rules); a line of calls counts its calls. */
export function quantitiesOf(items: readonly QuoteItem[]): Map<string, number> {
  const quantities = new Map<string, number>();
  for (const item of items) quantities.set(item.code, item.quantity ?? item.calls?.length ?? 0);
  return quantities;
}

/** How many units are charged for a requested quantity (usage: estimated minutes → billed units). */
export function billedQuantity(product: Product, quantity: number): number {
  const pr = product.pricing;
  if (pr.kind === 'bundle') return Math.ceil(quantity / pr.groupSize);
  if (pr.kind === 'usage') return quantity * (USAGE_INCREMENT_SECONDS.minute / USAGE_INCREMENT_SECONDS[pr.per]);
  return quantity;
}

const UNIT_NAMES: Record<string, string> = { second: '초', '6s': '6초', '10s': '10초', '30s': '30초', minute: '분' };

/** The unit billedQuantity counts: a bundle's group, a usage product's billed unit, else the product's unit. */
export function billedUnitOf(product: Product): string {
  const pr = product.pricing;
  if (pr.kind === 'bundle') return `${pr.groupSize}${product.unit} 단위`;
  if (pr.kind === 'usage') return UNIT_NAMES[pr.per]!;
  return product.unit;
}

/**
 * The rating rules of a usage product in words, for the price table and the quote (Korean):
 * "통화마다 60초 단위로 올림, 첫 180초 0.20 CNY, 이후 시작된 1분마다 과금, 통화당 최소 30초".
 * Null for a product without rules.
 */
export function ratingText(product: Product, currency: string): string | null {
  const pr = product.pricing;
  if (pr.kind !== 'usage' || !pr.rating) return null;
  const r = pr.rating;
  const unit = UNIT_NAMES[pr.per]!;
  const parts: string[] = [];
  if (r.minimumSeconds !== undefined) parts.push(`통화당 최소 ${r.minimumSeconds}초`);
  if (r.roundTo !== undefined) parts.push(`통화마다 ${r.roundTo % 60 === 0 ? `${r.roundTo / 60}분` : `${r.roundTo}초`} 단위로 올림`);
  if (r.firstBlock) parts.push(`첫 ${r.firstBlock.seconds}초 ${formatMoney(r.firstBlock.price, currency)}, 이후 시작된 ${unit === '분' ? '1분' : unit}마다 과금`);
  if (r.tiers) {
    const rows = r.tiers.rows.map((row) => `${row.from.toLocaleString('ko-KR')}${unit === '분' ? '분' : '단위'}~ ${typeof row.price === 'number' ? formatMoney(row.price, currency) : '약정별'}`);
    parts.push(`월 사용량 구간(${r.tiers.mode === 'all' ? '도달 구간 단가를 전체에' : '구간별 누진'}): ${rows.join(', ')}`);
  }
  return parts.join(', ');
}

/** One call after the rating rules: its billed units, and how many of them the first block covers. */
export interface RatedCall {
  /** Billed units of the whole (rounded) call. */
  units: number;
  /** 1 when the call starts with the fixed-price first block, else 0. */
  blocks: 0 | 1;
  /** Units priced one by one (the units after the first block, or all of them). */
  pricedUnits: number;
}

/**
 * Rates one call of `seconds` (a whole number ≥ 0) by the product's rules (see the schema's
 * `rating`): 0 s is not a connected call and bills nothing; otherwise the minimum applies, the
 * duration is rounded up to `roundTo`, and the first block (if any) covers its seconds for its
 * fixed price while every further started unit is priced.
 */
export function rateCall(per: keyof typeof USAGE_INCREMENT_SECONDS, rating: Rating | undefined, seconds: number): RatedCall {
  if (seconds === 0) return { units: 0, blocks: 0, pricedUnits: 0 };
  const unit = USAGE_INCREMENT_SECONDS[per];
  const step = rating?.roundTo ?? unit;
  const atLeast = Math.max(seconds, rating?.minimumSeconds ?? 0);
  const rounded = Math.ceil(atLeast / step) * step;
  const units = Math.ceil(rounded / unit);
  const block = rating?.firstBlock;
  if (!block) return { units, blocks: 0, pricedUnits: units };
  return { units, blocks: 1, pricedUnits: Math.ceil(Math.max(0, rounded - block.seconds) / unit) };
}

/** The amount of `pricedUnits` under volume tiers: every unit at the reached row ("all") or each at its own row ("graduated"). */
function tieredAmount(rows: readonly { from: number; price: number }[], mode: 'all' | 'graduated', monthUnits: number, pricedUnits: number): number {
  if (mode === 'all') {
    let row = rows[0]!;
    for (const r of rows) if (monthUnits >= r.from) row = r;
    return checkedMul(pricedUnits, row.price);
  }
  // Graduated: the priced units are the last `pricedUnits` of the month's units (units inside
  // first blocks are not priced one by one); each falls in the row its position reaches.
  let amount = 0;
  const start = monthUnits - pricedUnits;
  rows.forEach((r, i) => {
    const lo = Math.max(i === 0 ? 0 : r.from, start);
    const next = rows[i + 1];
    const hi = next ? Math.min(next.from, monthUnits) : monthUnits;
    if (hi > lo) amount = checkedAdd(amount, checkedMul(hi - lo, r.price));
  });
  return amount;
}

export function isOneOff(product: Product): boolean {
  const pr = product.pricing;
  return pr.kind === 'oneOff' || ((pr.kind === 'hourly' || pr.kind === 'negotiated') && pr.charge === 'once');
}

function termLabel(term: string): string {
  return (TERM_LABELS as Record<string, string>)[term] ?? term;
}

/** Array.isArray without widening a typed list to any[] (a caller from JS may send anything). */
const isList = (value: unknown): value is readonly unknown[] => Array.isArray(value);

/** At most this many calls on one line, each at most a day long. */
export const MAX_CALLS = 100_000;
export const MAX_CALL_SECONDS = 86_400;

const isTerm = (value: unknown): value is Term => typeof value === 'string' && (TERMS as readonly string[]).includes(value);

function isMinorAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Checks the request against the catalog; throws one INVALID_INPUT listing every problem. */
export function validateRequest(catalog: Catalog, request: QuoteRequest): void {
  const issues: FieldIssue[] = [];
  const offered = catalog.terms.map((t) => `${t}=${termLabel(t)}`).join(', ');
  if (!isTerm(request.term) || !catalog.terms.includes(request.term)) {
    issues.push({
      path: 'term',
      message: `가격표 ${catalog.id}에는 약정기간 '${request.term}'이(가) 없습니다. ${offered} 중에서 고르세요.`,
    });
  }
  if (!isList(request.items)) {
    issues.push({ path: 'items', message: '상품 목록(items)은 배열로 입력하세요.' });
  } else {
    const seen = new Set<string>();
    request.items.forEach((item, i) => {
      const at = `items.${i}`;
      const product = findProduct(catalog, item.code);
      if (!product) {
        const known = catalog.products.map((p) => p.code).join(', ');
        issues.push({ path: `${at}.code`, message: `상품 코드 '${item.code}'은(는) 가격표 ${catalog.id}에 없습니다. 다음 중에서 고르세요: ${known}.` });
      } else if (seen.has(item.code)) {
        issues.push({ path: `${at}.code`, message: `상품 '${product.name}'이(가) 두 번 있습니다. 한 줄로 합쳐 수량을 입력하세요.` });
      }
      seen.add(item.code);
      const name = product ? product.name : `${i + 1}번째 상품`;
      if (item.calls !== undefined) {
        if (product && product.pricing.kind !== 'usage') {
          issues.push({ path: `${at}.calls`, message: `${eunNeun(product.name)} 통화료 상품이 아니어서 통화 목록(calls)을 받을 수 없습니다. 수량(quantity)을 입력하세요.` });
        } else if (item.quantity !== undefined) {
          issues.push({ path: `${at}.quantity`, message: `${name}에는 통화 목록(calls)과 수량(quantity) 중 하나만 입력하세요.` });
        } else if (!isList(item.calls) || item.calls.length === 0 || item.calls.length > MAX_CALLS) {
          issues.push({ path: `${at}.calls`, message: `${name}의 통화 목록(calls)은 통화별 초(0 이상의 정수)를 1~${MAX_CALLS}건 담은 배열입니다 (예: [61, 125, 30]).` });
        } else {
          const bad = item.calls.findIndex((c: unknown) => !(typeof c === 'number' && Number.isSafeInteger(c) && c >= 0 && c <= MAX_CALL_SECONDS));
          if (bad >= 0) {
            issues.push({ path: `${at}.calls.${bad}`, message: `${name}의 ${bad + 1}번째 통화 시간은 0~${MAX_CALL_SECONDS}초 사이의 정수(초)로 입력하세요 (입력: ${String(item.calls[bad])}).` });
          }
        }
      } else if (!(typeof item.quantity === 'number' && Number.isSafeInteger(item.quantity) && item.quantity >= 1)) {
        issues.push({ path: `${at}.quantity`, message: `${name}의 수량은 1 이상의 정수로 입력하세요.` });
      }
      if (item.unitPrice !== undefined && !isMinorAmount(item.unitPrice)) {
        issues.push({ path: `${at}.unitPrice`, message: `${name}의 단가는 0 이상의 ${minorUnitText(catalog.currency)}로 입력하세요.` });
      }
      if (product?.pricing.kind === 'negotiated' && item.unitPrice === undefined) {
        issues.push({
          path: `${at}.unitPrice`,
          message: `${eunNeun(product.name)} 별도 협정가 상품입니다. 고객과 협의한 협정가를 단가(unitPrice)에 입력하세요.`,
        });
      }
    });
  }
  if (issues.length > 0) {
    const more = issues.length > 1 ? ` 외 ${issues.length - 1}건의 문제가 더 있습니다.` : '';
    throw new AppError('INVALID_INPUT', `견적 요청을 확인하세요: ${issues[0]!.message}${more}`, { issues });
  }
}

interface PricedLine {
  list: number | null;
  tierFrom: number | null;
  billed: number;
  unitPrice: number;
  amount: number;
}

/**
 * One line's price. `amount = billed × unitPrice`, except usage rated by its rules (calls, a
 * fixed-price first block, graduated tiers), where the amount is the tariff's sum.
 */
function priceLine(product: Product, item: QuoteItem, term: Term, quantities: ReadonlyMap<string, number>): PricedLine {
  const pr = product.pricing;
  if (pr.kind !== 'usage') {
    const { price: list, tierFrom } = listUnitPrice(product, term, quantities);
    const billed = billedQuantity(product, item.quantity!);
    const unitPrice = item.unitPrice ?? list!;
    return { list, tierFrom, billed, unitPrice, amount: checkedMul(billed, unitPrice) };
  }
  // Usage: each call rated on its own (or the estimate's units), then the month's units priced.
  let billed = 0;
  let blocks = 0;
  let pricedUnits = 0;
  if (item.calls !== undefined) {
    for (const seconds of item.calls) {
      const call = rateCall(pr.per, pr.rating, seconds);
      billed = checkedAdd(billed, call.units);
      blocks += call.blocks;
      pricedUnits = checkedAdd(pricedUnits, call.pricedUnits);
    }
  } else {
    billed = billedQuantity(product, item.quantity!);
    pricedUnits = billed;
  }
  const blockAmount = pr.rating?.firstBlock ? checkedMul(blocks, pr.rating.firstBlock.price) : 0;
  const tiers = pr.rating?.tiers;
  const rows = tiers?.rows.map((r) => ({ from: r.from, price: priceFor(r.price, term)! }));
  let row = rows?.[0];
  for (const r of rows ?? []) if (billed >= r.from) row = r;
  const list = row ? row.price : listUnitPrice(product, term, quantities).price!;
  const unitPrice = item.unitPrice ?? list;
  const unitsAmount = rows && item.unitPrice === undefined ? tieredAmount(rows, tiers!.mode, billed, pricedUnits) : checkedMul(pricedUnits, unitPrice);
  return { list, tierFrom: row ? row.from : null, billed, unitPrice, amount: checkedAdd(blockAmount, unitsAmount) };
}

const APPROVAL = '이 견적은 본사(BM·컨설팅담당) 확인(승인)을 받은 뒤에 고객 날인을 받을 수 있습니다.';

/** Prices a request on a catalog. Throws AppError('INVALID_INPUT') for an unknown code or term. */
export function priceQuote(catalog: Catalog, request: QuoteRequest): Quote {
  validateRequest(catalog, request);
  const { term } = request;
  const money = (amount: number) => formatMoney(amount, catalog.currency);
  const quantities = quantitiesOf(request.items);

  const lines: QuoteLine[] = [];
  const warnings: QuoteWarning[] = [];
  let monthlySupply = 0;
  let oneOffSupply = 0;

  request.items.forEach((item, lineIndex) => {
    const product = findProduct(catalog, item.code)!;
    const warn = (code: WarningCode, message: string) => warnings.push({ code, message, productCode: product.code, lineIndex });
    const priced = priceLine(product, item, term, quantities);
    const { list, tierFrom, billed, unitPrice, amount } = priced;
    const quantity = item.quantity ?? item.calls?.length ?? 0;
    const oneOff = isOneOff(product);
    const kind = product.pricing.kind;
    lines.push({
      code: product.code,
      name: product.name,
      unit: product.unit,
      group: product.group,
      kind,
      quantity,
      calls: item.calls !== undefined ? item.calls.length : null,
      billedQuantity: billed,
      billedUnit: billedUnitOf(product),
      unitPrice,
      listUnitPrice: list,
      priceEntered: item.unitPrice !== undefined,
      amount,
      oneOff,
      estimated: (kind === 'usage' && item.calls === undefined) || kind === 'hourly',
      tierFrom,
    });
    if (oneOff) oneOffSupply = checkedAdd(oneOffSupply, amount);
    else monthlySupply = checkedAdd(monthlySupply, amount);

    const min = product.minQuantity;
    if (min && quantity < min.value) {
      const basis = min.basis ? `${min.basis}에 따라 ` : '';
      warn(
        min.warning,
        `${eunNeun(product.name)} ${min.value}${product.unit} 이상이 기준인데 ${quantity}${product.unit}입니다. ${basis}${min.value}${product.unit} 미만은 예외로만 받을 수 있습니다. ${APPROVAL} 승인 없이 진행하려면 ${min.value}${product.unit} 이상으로 늘리세요.`,
      );
    }
    for (const rule of product.requires ?? []) {
      const needed = findProduct(catalog, rule.code);
      const have = quantities.get(rule.code) ?? 0;
      if (have < rule.minQuantity) {
        const neededName = needed?.name ?? rule.code;
        const neededUnit = needed?.unit ?? '';
        warn(
          rule.warning,
          `${eunNeun(product.name)} ${neededName} ${rule.minQuantity}${neededUnit} 이상에서 제공됩니다(현재 ${have}${neededUnit}). ${APPROVAL} 승인 없이 진행하려면 ${eulReul(neededName)} ${rule.minQuantity}${neededUnit} 이상으로 늘리세요.`,
        );
      }
    }
    if (product.pricing.kind === 'negotiated') {
      warn('NEGOTIATED', `${eunNeun(product.name)} 별도 협정가 상품입니다(입력 단가 ${money(unitPrice)}/${product.unit}). ${APPROVAL}`);
      const range = product.pricing.range;
      if (range && ((range.min !== undefined && unitPrice < range.min) || (range.max !== undefined && unitPrice > range.max))) {
        const from = range.min !== undefined ? money(range.min) : '';
        const to = range.max !== undefined ? money(range.max) : '';
        warn('OUT_OF_RANGE', `${product.name}의 협정가 ${iGa(money(unitPrice))} 통상 범위(${from}~${to})를 벗어났습니다. 범위 밖 협정가는 본사가 사유를 확인한 뒤 승인합니다. 사유를 비고에 적으세요.`);
      }
    } else if (list !== null && item.unitPrice !== undefined) {
      const floor = product.floorPercent ?? catalog.floorPercent;
      const needsApproval = product.belowListNeedsApproval ?? catalog.belowListNeedsApproval;
      // Discount authority: where the rep may discount down to the floor, only a price under the floor needs HQ.
      if (unitPrice < list && (needsApproval || floor === undefined)) {
        warn('BELOW_LIST', `${product.name}의 단가 ${iGa(money(unitPrice))} 정가 ${money(list)}보다 낮습니다. ${APPROVAL} 승인 없이 진행하려면 정가로 되돌리세요.`);
      }
      if (floor !== undefined && unitPrice * 100 < list * floor) {
        const lowest = Math.ceil((list * floor) / 100);
        warn(
          'BELOW_FLOOR',
          `${product.name}의 단가 ${iGa(money(unitPrice))} 할인 하한(정가의 ${floor}%, ${money(lowest)}) 아래입니다. 하한 아래 가격은 본사 승인 없이는 청약할 수 없습니다. ${money(lowest)} 이상으로 올리거나 승인을 요청하세요.`,
        );
      }
    }
  });

  const monthly = totals(monthlySupply, catalog.vatPercent);
  const oneOff = totals(oneOffSupply, catalog.vatPercent);
  const months = TERM_MONTHS[term];
  const factor = months ?? 1;
  const contractSupply = checkedAdd(checkedMul(monthly.supply, factor), oneOff.supply);
  const contractVat = checkedAdd(checkedMul(monthly.vat, factor), oneOff.vat);
  const approvalReasons = [...new Set(warnings.map((w) => w.code))];
  return {
    catalog: { id: catalog.id, version: catalog.version, effectiveDate: catalog.effectiveDate, ...(catalog.title ? { title: catalog.title } : {}) },
    currency: catalog.currency,
    term,
    lines,
    monthly,
    oneOff,
    contract: { months, supply: contractSupply, vat: contractVat, total: checkedAdd(contractSupply, contractVat) },
    warnings,
    approvalRequired: warnings.length > 0,
    approvalReasons,
  };
}
