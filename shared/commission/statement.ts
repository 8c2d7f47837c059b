import { z } from 'zod';
import type { QuoteItem } from '../catalog/engine';
import type { Catalog } from '../catalog/schema';
import type { Term } from '../domain/application';
import { AppError } from '../contract/errors';
import { formatAmount } from '../money';
import { commissionSchedule } from './engine';
import type { CommissionPlan, Payment } from './schema';

/**
 * What live subscriptions are expected to earn in given months: the rep's 내 실적 page (on the
 * device, from its own store) and HQ's monthly statement per rep and branch (from synced
 * records) both use this, so the two agree.
 *
 * A live subscription is a new subscription that is open, billing-requested or active; its
 * schedule starts in the month of its service opening. The application does not record how the
 * customer pays, so it is `monthly` unless the caller knows better.
 */

export const LIVE_STATUSES = ['open', 'billing_requested', 'active'] as const;

export interface LiveSubscription {
  id: string;
  customerName: string;
  catalogId: string;
  term: Term;
  items: readonly QuoteItem[];
  /** 서비스 오픈일, YYYY-MM-DD. */
  openDate: string;
  payment?: Payment | undefined;
  trialMonths?: number | undefined;
  branch?: string | undefined;
  rep?: string | undefined;
}

export interface PlanLookup {
  catalog(id: string): Catalog | undefined;
  /** The plan written for a catalog (highest published version, else the shipped one). */
  planFor(catalogId: string): CommissionPlan | undefined;
}

type ExpectedStatus = 'ok' | 'unset' | 'no_plan' | 'error';

interface ExpectedCommission {
  subscriptionId: string;
  customerName: string;
  branch: string | null;
  rep: string | null;
  status: ExpectedStatus;
  currency: string | null;
  /** Commission per requested month (YYYY-MM), minor units; 0 when the status is not ok. */
  amounts: Record<string, number>;
  /** Why there is no amount (Korean), when the status is not ok. */
  message: string | null;
  planTitle: string | null;
}

/** Expected commission of each subscription in each of `periods`. */
function expectedCommissions(subs: readonly LiveSubscription[], periods: readonly string[], lookup: PlanLookup): ExpectedCommission[] {
  return subs.map((sub) => {
    const base = { subscriptionId: sub.id, customerName: sub.customerName, branch: sub.branch ?? null, rep: sub.rep ?? null };
    const zero = Object.fromEntries(periods.map((p) => [p, 0]));
    const catalog = lookup.catalog(sub.catalogId);
    const plan = lookup.planFor(sub.catalogId);
    if (!catalog || !plan) {
      return { ...base, status: 'no_plan' as const, currency: catalog?.currency ?? null, amounts: zero, planTitle: null, message: `가격표 '${sub.catalogId}'에 쓰는 수수료 기준이 없습니다.` };
    }
    if (plan.status === 'unset') {
      return { ...base, status: 'unset' as const, currency: plan.currency, amounts: zero, planTitle: plan.title, message: '수수료 기준 미설정 (본사 게시 전)' };
    }
    try {
      const schedule = commissionSchedule(plan, catalog, {
        term: sub.term,
        items: sub.items,
        payment: sub.payment ?? 'monthly',
        trialMonths: sub.trialMonths,
        start: sub.openDate.slice(0, 7),
      });
      const amounts = { ...zero };
      for (const row of schedule.rows) if (row.period in amounts) amounts[row.period] = amounts[row.period]! + row.amount;
      return { ...base, status: 'ok' as const, currency: schedule.currency, amounts, planTitle: plan.title, message: null };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { ...base, status: 'error' as const, currency: plan.currency, amounts: zero, planTitle: plan.title, message: error.message };
    }
  });
}

export interface StatementRow {
  period: string;
  branch: string;
  rep: string;
  currency: string;
  /** Live subscriptions counted (with an amount computed). */
  subscriptions: number;
  amount: number;
  /** Subscriptions whose plan is unset or missing, or could not be computed. */
  withoutPlan: number;
}

/** HQ's monthly statement: one row per branch, rep and currency, sorted by branch then rep. */
export function monthlyStatement(subs: readonly LiveSubscription[], period: string, lookup: PlanLookup): StatementRow[] {
  const rows = new Map<string, StatementRow>();
  for (const e of expectedCommissions(subs, [period], lookup)) {
    const branch = e.branch ?? '(지사 없음)';
    const rep = e.rep ?? '(판매자 없음)';
    const currency = e.currency ?? '';
    const key = JSON.stringify([branch, rep, currency]);
    const row = rows.get(key) ?? { period, branch, rep, currency, subscriptions: 0, amount: 0, withoutPlan: 0 };
    if (e.status === 'ok') {
      row.subscriptions++;
      row.amount += e.amounts[period]!;
    } else row.withoutPlan++;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => a.branch.localeCompare(b.branch, 'ko') || a.rep.localeCompare(b.rep, 'ko') || a.currency.localeCompare(b.currency));
}

function csvCell(value: string | number): string {
  const text = String(value);
  // A leading =, +, - or @ would run as a formula in a spreadsheet: quote it with a tick.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The statement as CSV (UTF-8 with BOM so spreadsheet programs read Korean), amounts in minor units and as text. */
export function statementCsv(rows: readonly StatementRow[]): string {
  const header = ['월', '지사', '판매자', '통화', '대상 가입 수', '수수료(최소 단위)', '수수료', '기준 없음·미설정'];
  const lines = rows.map((r) => [r.period, r.branch, r.rep, r.currency, r.subscriptions, r.amount, r.currency ? formatAmount(r.amount, r.currency) : '', r.withoutPlan].map(csvCell).join(','));
  return `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`;
}

// ── the rep's 내 실적 page, through the contract ──

const expectedCommissionSchema = z.object({
  subscriptionId: z.string(),
  customerName: z.string(),
  branch: z.string().nullable(),
  rep: z.string().nullable(),
  status: z.enum(['ok', 'unset', 'no_plan', 'error']),
  currency: z.string().nullable(),
  amounts: z.record(z.string(), z.number().int().min(0)),
  message: z.string().nullable(),
  planTitle: z.string().nullable(),
});

export const myCommissionSchema = z.object({
  /** This month and next month, YYYY-MM (KST). */
  periods: z.array(z.string()),
  subscriptions: z.array(expectedCommissionSchema),
  /** Sum per currency and month over the subscriptions whose plan is set. */
  totals: z.array(z.object({ currency: z.string(), amounts: z.record(z.string(), z.number().int().min(0)) })),
});
export type MyCommission = z.output<typeof myCommissionSchema>;

/** The 내 실적 view: each live subscription's expected commission in `periods`, and the totals per currency. */
export function myCommission(subs: readonly LiveSubscription[], periods: readonly string[], lookup: PlanLookup): MyCommission {
  const subscriptions = expectedCommissions(subs, periods, lookup);
  const totals = new Map<string, Record<string, number>>();
  for (const s of subscriptions) {
    if (s.status !== 'ok' || !s.currency) continue;
    const t = totals.get(s.currency) ?? Object.fromEntries(periods.map((p) => [p, 0]));
    for (const p of periods) t[p] = t[p]! + (s.amounts[p] ?? 0);
    totals.set(s.currency, t);
  }
  return { periods: [...periods], subscriptions, totals: [...totals].map(([currency, amounts]) => ({ currency, amounts })) };
}
