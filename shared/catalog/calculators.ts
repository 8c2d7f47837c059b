import { TERMS, TERM_MONTHS, type Term } from '../domain/application';
import { AppError } from '../contract/errors';
import { billedQuantity, findProduct, isOneOff, priceQuote, quantitiesOf, termUnitPrice, validateRequest, type Quote, type QuoteItem, type QuoteRequest, type Totals } from './engine';
import { TERM_LABELS, type Catalog } from './schema';

// ───────────────────────────── Early termination (이용약관 제14조 3항) ─────────────────────────────

interface PenaltyLine {
  code: string;
  name: string;
  billedQuantity: number;
  /** No-commitment list unit price − committed list unit price, never below 0. */
  discountPerUnit: number;
  /** discountPerUnit × billedQuantity. */
  perMonth: number;
}

export interface MonthlyDiscount {
  term: Term;
  months: number | null;
  /** Sum of every term-dependent item's monthly discount. */
  perMonth: number;
  /** One row per item whose list price depends on the term (in request order). */
  lines: PenaltyLine[];
}

export interface Penalty extends MonthlyDiscount {
  monthsUsed: number;
  /** 해지위약금 = 사용월수 × 회선수 × 약정기간 월할인액, i.e. monthsUsed × perMonth. */
  penalty: number;
}

function invalid(path: string, message: string): AppError {
  return new AppError('INVALID_INPUT', message, { issues: [{ path, message }] });
}

/**
 * The monthly discount a term gives (art. 14.3 "약정기간 월할인액"): for every item whose list
 * price depends on the term, (no-commitment unit price − committed unit price) × billed units.
 * List prices from the table (art. 14.4 → form #3) are used, not rep-entered prices: the penalty
 * claws back the term discount, not a negotiated one. Negotiated, one-off and term-independent
 * items (recording, extra lines) contribute nothing.
 */
export function monthlyDiscount(catalog: Catalog, request: QuoteRequest): MonthlyDiscount {
  validateRequest(catalog, request); // unknown code or term → INVALID_INPUT
  const months = TERM_MONTHS[request.term];
  if (months === null) return { term: request.term, months, perMonth: 0, lines: [] };
  const quantities = quantitiesOf(request.items);
  const lines: PenaltyLine[] = [];
  let perMonth = 0;
  for (const item of request.items) {
    const product = findProduct(catalog, item.code)!;
    // Rated calls are usage, not a commitment: only a quantity line can carry a term discount.
    if (isOneOff(product) || item.quantity === undefined) continue;
    const committed = termUnitPrice(product, request.term, quantities);
    const free = termUnitPrice(product, 'none', quantities);
    if (committed === null || committed === undefined) continue;
    if (free === null) continue;
    if (free === undefined) {
      throw new AppError('NOT_ALLOWED', `가격표 ${catalog.id}에는 '${product.name}'의 무약정 단가가 없어 약정 할인액(위약금)을 계산할 수 없습니다. 본사에 위약금 기준을 확인하세요.`);
    }
    if (free === committed) continue;
    const billed = billedQuantity(product, item.quantity);
    const discountPerUnit = Math.max(0, free - committed);
    const linePerMonth = discountPerUnit * billed;
    lines.push({ code: product.code, name: product.name, billedQuantity: billed, discountPerUnit, perMonth: linePerMonth });
    perMonth += linePerMonth;
  }
  if (!Number.isSafeInteger(perMonth)) throw invalid('items', '금액이 너무 커서 정확히 계산할 수 없습니다. 수량을 확인하세요.');
  return { term: request.term, months, perMonth, lines };
}

/**
 * Early-termination penalty after `monthsUsed` months (art. 14.3):
 * penalty = monthsUsed × Σ(seats × monthly discount). No commitment → 0. Leaving at the end of
 * the term (monthsUsed = months) is not early termination → 0. monthsUsed must be 0..months.
 */
export function earlyTerminationPenalty(catalog: Catalog, request: QuoteRequest, monthsUsed: number): Penalty {
  const discount = monthlyDiscount(catalog, request);
  const { months } = discount;
  if (!Number.isSafeInteger(monthsUsed) || monthsUsed < 0 || (months !== null && monthsUsed > months)) {
    const range = months === null ? '0 이상의 정수' : `0~${months} 사이의 정수`;
    throw invalid('monthsUsed', `사용월수(monthsUsed)는 ${range}로 입력하세요${months === null ? '' : ` (약정 ${months}개월을 다 채운 뒤에는 위약금이 없습니다)`}.`);
  }
  const early = months !== null && monthsUsed < months;
  const penalty = early ? monthsUsed * discount.perMonth : 0;
  if (!Number.isSafeInteger(penalty)) throw invalid('items', '금액이 너무 커서 정확히 계산할 수 없습니다. 수량을 확인하세요.');
  return { ...discount, monthsUsed, penalty };
}

export interface PenaltyScheduleRow {
  /** Leaving after this many months of use. */
  monthsUsed: number;
  penalty: number;
}

/**
 * What leaving after month N costs, N = 1..months (empty for no commitment). The last row
 * (N = months) is 0: the term is complete and nothing is owed.
 */
export function penaltySchedule(catalog: Catalog, request: QuoteRequest): { months: number | null; perMonth: number; rows: PenaltyScheduleRow[] } {
  const { months, perMonth } = monthlyDiscount(catalog, request);
  const rows: PenaltyScheduleRow[] = [];
  for (let n = 1; months !== null && n <= months; n++) rows.push({ monthsUsed: n, penalty: n < months ? n * perMonth : 0 });
  return { months, perMonth, rows };
}

// ───────────────────────────── Outage damages (이용약관 제10조) ─────────────────────────────

export interface DamagesInput {
  /** 월정액 of the affected service, VAT excluded, minor units. For an add-on, its own fee. */
  monthlyFee: number;
  /** Each KT-caused outage of the month, in hours (may be fractional: 4.5 = 4 h 30 min). */
  outagesHours: readonly number[];
  /**
   * The whole length, in hours, of an outage that runs into another month (its part in this month
   * is in `outagesHours`): "4 hours or more at once" is a fact of the outage, not of the calendar,
   * so it makes this month eligible too; the amount still counts only this month's hours.
   */
  atOnceHours?: readonly number[];
}

export interface Damages {
  eligible: boolean;
  /** Total outage hours of the month (exact decimal sum). */
  hours: number;
  /** 손해배상액, minor units, cut to a whole unit; 0 when not eligible. */
  amount: number;
  /** Which condition made it eligible. */
  basis: 'single-outage' | 'monthly-total' | null;
  /** Korean explanation for the rep. */
  reason: string;
}

/** An exact non-negative rational n/d (d a power of ten) for a decimal number of hours. */
interface Rational {
  n: bigint;
  d: bigint;
}

/**
 * Reads a JS number as the decimal a person typed (4.5 → 45/10, 0.1 → 1/10): the shortest
 * round-trip string of a double is that decimal, so no binary-float drift enters the sum.
 */
export function decimalToRational(value: number): Rational {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(value));
  if (!match) throw new RangeError(`not a non-negative finite number: ${value}`);
  const frac = match[2] ?? '';
  let n = BigInt(match[1]! + frac);
  let scale = frac.length - Number(match[3] ?? 0);
  if (scale < 0) {
    n *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { n, d: 10n ** BigInt(scale) };
}

function sumRationals(values: readonly Rational[]): Rational {
  const d = values.reduce((max, v) => (v.d > max ? v.d : max), 1n);
  return { n: values.reduce((acc, v) => acc + v.n * (d / v.d), 0n), d };
}

const HOURS_IN_LONGEST_MONTH = 31 * 24;

/**
 * Damages for KT-caused outages in one month (art. 10.3):
 * - owed when one outage lasted 4 hours or more, or the month's outages add up to MORE than
 *   24 hours (exactly 24 is not enough);
 * - amount = monthly fee / 25 × (outage hours of the month / 24) × 3 = fee × hours / 200,
 *   computed exactly with integers and cut to a whole minor unit once, at the end.
 */
export function outageDamages(input: DamagesInput): Damages {
  const { monthlyFee, outagesHours } = input;
  if (!Number.isSafeInteger(monthlyFee) || monthlyFee < 0) {
    throw invalid('monthlyFee', '월정액(monthlyFee)은 0 이상의 정수(원 단위, 부가세 제외)로 입력하세요.');
  }
  if (!Array.isArray(outagesHours)) throw invalid('outagesHours', '장애시간(outagesHours)은 시간 단위 숫자의 배열로 입력하세요 (예: [4.5, 2]).');
  outagesHours.forEach((h, i) => {
    if (typeof h !== 'number' || !Number.isFinite(h) || h < 0 || h > HOURS_IN_LONGEST_MONTH) {
      throw invalid(`outagesHours.${i}`, `${i + 1}번째 장애시간은 0~${HOURS_IN_LONGEST_MONTH} 사이의 시간(예: 4.5)으로 입력하세요.`);
    }
  });
  const each = outagesHours.map(decimalToRational);
  const total = sumRationals(each);
  if (total.n > BigInt(HOURS_IN_LONGEST_MONTH) * total.d) {
    throw invalid('outagesHours', `한 달 장애시간의 합이 ${HOURS_IN_LONGEST_MONTH}시간(31일)을 넘습니다. 한 달치 장애만 입력하세요.`);
  }
  const hours = Number(total.n) / Number(total.d);
  const atOnce = (input.atOnceHours ?? []).filter((h) => typeof h === 'number' && Number.isFinite(h) && h >= 0).map(decimalToRational);
  const single = each.some((h) => h.n >= 4n * h.d) || (each.length > 0 && atOnce.some((h) => h.n >= 4n * h.d));
  const overMonthly = total.n > 24n * total.d;
  const eligible = single || overMonthly;
  if (!eligible) {
    return {
      eligible,
      hours,
      amount: 0,
      basis: null,
      reason: '한 번에 4시간 이상 중단되었거나 한 달 장애시간 합계가 24시간을 넘을 때만 손해배상 대상입니다. 이번 달은 대상이 아닙니다.',
    };
  }
  // fee / 25 × (n/d) / 24 × 3  =  fee × n × 3 / (600 × d)
  const amount = Number((BigInt(monthlyFee) * total.n * 3n) / (600n * total.d));
  return {
    eligible,
    hours,
    amount,
    basis: single ? 'single-outage' : 'monthly-total',
    reason: single
      ? '한 번의 장애가 4시간 이상이어서 손해배상 대상입니다 (이용약관 제10조 3항 1호). 배상액만큼 이용료를 감면하도록 고객정산팀에 요청하세요.'
      : '한 달 장애시간 합계가 24시간을 넘어 손해배상 대상입니다 (이용약관 제10조 3항 2호). 배상액만큼 이용료를 감면하도록 고객정산팀에 요청하세요.',
  };
}

// ───────────────────────────── Term comparison ─────────────────────────────

export interface TermOption {
  term: Term;
  label: string;
  months: number | null;
  /** The month's bill on this term: 공급가액 / 세액 / 합계. */
  monthly: Totals;
  contract: Quote['contract'];
  /**
   * What this term saves each month against no commitment, on both bases (공급가액 and VAT
   * 포함), so a column never mixes one with the other; null when the catalog has no 'none' column.
   */
  savingVsNone: Totals | null;
  /**
   * The monthly discount the early-termination penalty claws back (이용약관 제14조: list prices,
   * 공급가액), per month used; 0 for no commitment. Equals `savingVsNone.supply` at list prices
   * and with negotiated prices carried as below.
   */
  penaltyPerMonth: number;
  /** The items as priced on this term (negotiated prices carried over, see compareTerms). */
  items: QuoteItem[];
  quote: Quote;
}

/**
 * A negotiated price is agreed for one term: what the rep entered for `baseTerm`. On another term
 * the same discount (or surcharge) off that term's list price applies, so the comparison shows
 * what committing longer or shorter would cost with the same deal — not one price for every term
 * (which would show no saving while the penalty still claws back the list discount). Items whose
 * price does not depend on the term (recording, negotiated-only products) keep their price.
 */
function itemsForTerm(catalog: Catalog, items: readonly QuoteItem[], baseTerm: Term, term: Term): QuoteItem[] {
  if (term === baseTerm) return items.map((i) => ({ ...i }));
  const quantities = quantitiesOf(items);
  return items.map((item) => {
    if (item.unitPrice === undefined) return { ...item };
    const product = findProduct(catalog, item.code);
    if (!product) return { ...item };
    const listBase = termUnitPrice(product, baseTerm, quantities);
    const listThere = termUnitPrice(product, term, quantities);
    if (typeof listBase !== 'number' || typeof listThere !== 'number' || listBase === listThere) return { ...item };
    return { ...item, unitPrice: Math.max(0, listThere - (listBase - item.unitPrice)) };
  });
}

/**
 * The same items priced on every term the catalog offers, in none/12m/24m/36m order. Entered
 * prices are read as agreed for `baseTerm` (the quote's term) and carried to the others.
 */
export function compareTerms(catalog: Catalog, items: readonly QuoteItem[], baseTerm: Term = 'none'): TermOption[] {
  const terms = TERMS.filter((t) => catalog.terms.includes(t));
  const options = terms.map((term) => {
    const carried = itemsForTerm(catalog, items, baseTerm, term);
    return { term, items: carried, quote: priceQuote(catalog, { term, items: carried }) };
  });
  const none = options.find((o) => o.term === 'none')?.quote;
  return options.map(({ term, items: carried, quote }) => ({
    term,
    label: TERM_LABELS[term],
    months: quote.contract.months,
    monthly: quote.monthly,
    contract: quote.contract,
    savingVsNone: none ? { supply: none.monthly.supply - quote.monthly.supply, vat: none.monthly.vat - quote.monthly.vat, total: none.monthly.total - quote.monthly.total } : null,
    penaltyPerMonth: none ? monthlyDiscount(catalog, { term, items }).perMonth : 0,
    items: carried,
    quote,
  }));
}
