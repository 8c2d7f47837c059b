import { TERM_MONTHS, type Term } from '../domain/application';
import { AppError } from '../contract/errors';
import { priceQuote, type Quote, type QuoteItem } from '../catalog/engine';
import type { Catalog } from '../catalog/schema';
import { PAYMENT_LABELS, type CommissionPlan, type CommissionRule, type Payment } from './schema';

/**
 * The commission engine (수수료 계산): pure, integer minor units. From a plan, a catalog and a
 * deal (term, items, how the customer pays, free-trial months, first month), it lists what the
 * seller earns month by month.
 *
 * - Free-trial months come first and bill nothing, so they earn nothing; the term's paid months
 *   follow them.
 * - A rule's fees are the included products' monthly lines (usage excluded: it is not a function
 *   fee, and in a quote only an estimate); one-off lines count only in a prepaid contract total.
 * - Each amount is `base × percent / 100`, cut to a whole minor unit, per row.
 * - A deal without a commitment (term none) has no contract total or contract years; its
 *   monthly share is listed for `NO_TERM_HORIZON` months.
 */

const NO_TERM_HORIZON = 12;

export interface CommissionDeal {
  term: Term;
  items: readonly QuoteItem[];
  payment: Payment;
  /** Free-trial months before the paid term (default 0). */
  trialMonths?: number | undefined;
  /** First month of service, YYYY-MM (the first trial month when there is a trial). */
  start: string;
}

interface CommissionRow {
  /** The month the commission is earned for payment, YYYY-MM. */
  period: string;
  /** What the share is taken of, minor units. */
  base: number;
  ratePercent: number;
  amount: number;
  /** The plan rule that produced the row. */
  rule: string;
}

export interface CommissionSchedule {
  plan: { id: string; version: string };
  currency: string;
  payment: Payment;
  rows: CommissionRow[];
  total: number;
  /** The rules of the plan that this payment kind does not earn by (for the preview's explanation). */
  notApplied: string[];
}

const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isPeriod(value: string): boolean {
  return PERIOD_RE.test(value);
}

/** "2026-11" + 3 → "2027-02". */
export function addMonths(period: string, months: number): string {
  const m = PERIOD_RE.exec(period);
  if (!m) throw new RangeError(`not a YYYY-MM period: ${period}`);
  const index = Number(m[1]) * 12 + (Number(m[2]) - 1) + months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** floor(base × percent / 100) with the percent's two decimals kept exact. */
export function shareOf(base: number, percent: number): number {
  const basisPoints = BigInt(Math.round(percent * 100));
  const amount = (BigInt(base) * basisPoints) / 10_000n;
  if (amount > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid('items', '금액이 너무 커서 정확히 계산할 수 없습니다. 수량과 단가를 확인하세요.');
  return Number(amount);
}

function invalid(path: string, message: string): AppError {
  return new AppError('INVALID_INPUT', message, { issues: [{ path, message }] });
}

function counts(rule: CommissionRule, code: string): boolean {
  const p = rule.products;
  if (p?.include && !p.include.includes(code)) return false;
  return !p?.exclude?.includes(code);
}

/** The included products' monthly function fees and one-off charges in a priced quote. */
function feesOf(quote: Quote, rule: CommissionRule): { monthly: number; oneOff: number } {
  let monthly = 0;
  let oneOff = 0;
  for (const line of quote.lines) {
    if (!counts(rule, line.code) || line.kind === 'usage') continue;
    if (line.oneOff) oneOff += line.amount;
    else monthly += line.amount;
  }
  return { monthly, oneOff };
}

function applies(rule: CommissionRule, payment: Payment): boolean {
  if (rule.kind === 'prepaidShare') return payment === 'prepaid';
  if (rule.kind === 'yearlyShare') return payment === 'yearly';
  return rule.payments === undefined || rule.payments.includes(payment);
}

/** Checks that a plan fits the catalog it is used with (its product codes, its currency). */
function assertPlanFits(plan: CommissionPlan, catalog: Catalog): void {
  const known = new Set(catalog.products.map((p) => p.code));
  const unknown = plan.rules.flatMap((r) => [...(r.products?.include ?? []), ...(r.products?.exclude ?? [])]).filter((c) => !known.has(c));
  if (plan.currency !== catalog.currency || unknown.length > 0) {
    const why = plan.currency !== catalog.currency ? `통화가 다릅니다 (기준 ${plan.currency}, 가격표 ${catalog.currency})` : `가격표에 없는 상품 코드가 있습니다: ${[...new Set(unknown)].join(', ')}`;
    throw invalid('plan', `수수료 기준 '${plan.id}'은(는) 가격표 '${catalog.id}'에 맞지 않습니다: ${why}. 본사에 올바른 수수료 기준을 요청하세요.`);
  }
}

/**
 * The commission schedule of one deal under a plan. Throws INVALID_INPUT for an unset plan, a
 * plan that does not fit the catalog, a prepaid or yearly payment without a term, or a bad deal
 * (the quote engine's messages).
 */
export function commissionSchedule(plan: CommissionPlan, catalog: Catalog, deal: CommissionDeal): CommissionSchedule {
  if (plan.status === 'unset') {
    throw invalid('plan', `수수료 기준 '${plan.title}'은(는) 아직 미설정입니다. 본사가 수수료 기준을 게시하면 동기화한 뒤 다시 보세요.`);
  }
  assertPlanFits(plan, catalog);
  const trial = deal.trialMonths ?? 0;
  if (!Number.isSafeInteger(trial) || trial < 0 || trial > 24) throw invalid('trialMonths', '무료 체험 개월 수(trialMonths)는 0~24 사이의 정수로 입력하세요.');
  if (!isPeriod(deal.start)) throw invalid('start', `시작월(start)은 YYYY-MM 형식의 실제 월로 입력하세요 (예: 2026-12, 입력: ${deal.start}).`);
  const months = TERM_MONTHS[deal.term];
  if (months === null && deal.payment !== 'monthly') {
    throw invalid('payment', `${PAYMENT_LABELS[deal.payment].ko}(${deal.payment})은 약정기간이 있는 계약에만 있습니다. 약정기간을 고르거나 monthly(월납)로 하세요.`);
  }
  const quote = priceQuote(catalog, { term: deal.term, items: deal.items });
  const firstPaid = addMonths(deal.start, trial);
  const rows: CommissionRow[] = [];
  const notApplied: string[] = [];
  for (const rule of plan.rules) {
    if (!applies(rule, deal.payment)) {
      notApplied.push(rule.id);
      continue;
    }
    // A rule none of whose products are in the deal earns nothing and lists nothing.
    if (!quote.lines.some((l) => l.kind !== 'usage' && counts(rule, l.code))) continue;
    const fees = feesOf(quote, rule);
    if (rule.kind === 'prepaidShare') {
      const base = fees.monthly * months! + fees.oneOff;
      rows.push({ period: firstPaid, base, ratePercent: rule.percent, amount: shareOf(base, rule.percent), rule: rule.id });
    } else if (rule.kind === 'yearlyShare') {
      const years = Math.ceil(months! / 12);
      for (let k = 1; k <= years && k <= rule.percents.length; k++) {
        const inYear = Math.min(12, months! - 12 * (k - 1));
        const base = fees.monthly * inYear;
        const rate = rule.percents[k - 1]!;
        rows.push({ period: addMonths(firstPaid, 12 * (k - 1)), base, ratePercent: rate, amount: shareOf(base, rate), rule: rule.id });
      }
    } else {
      // Month m's fees (trial months: none) earn their share in month m + 1.
      const billed = months ?? NO_TERM_HORIZON;
      for (let m = 0; m < trial + billed; m++) {
        const base = m < trial ? 0 : fees.monthly;
        rows.push({ period: addMonths(deal.start, m + 1), base, ratePercent: rule.percent, amount: shareOf(base, rule.percent), rule: rule.id });
      }
    }
  }
  rows.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  const total = rows.reduce((sum, r) => sum + r.amount, 0);
  if (!Number.isSafeInteger(total)) throw invalid('items', '금액이 너무 커서 정확히 계산할 수 없습니다. 수량과 단가를 확인하세요.');
  return { plan: { id: plan.id, version: plan.version }, currency: plan.currency, payment: deal.payment, rows, total, notApplied };
}

/** The same deal under each way of paying (the quote builder's preview). Unavailable ones carry their reason. */
export function commissionOptions(plan: CommissionPlan, catalog: Catalog, deal: Omit<CommissionDeal, 'payment'>): { payment: Payment; schedule: CommissionSchedule | null; reason: string | null }[] {
  return (['prepaid', 'yearly', 'monthly'] as const).map((payment) => {
    try {
      return { payment, schedule: commissionSchedule(plan, catalog, { ...deal, payment }), reason: null };
    } catch (error) {
      if (error instanceof AppError) return { payment, schedule: null, reason: error.message };
      throw error;
    }
  });
}
