import { z } from 'zod';
import { TERMS } from '../domain/application';
import { AppError, parseOrThrow } from '../contract/errors';
import { DEFAULT_CATALOG_ID, resolveCatalog, type CatalogSource } from '../catalog/cli';
import { applicationItemSchema } from '../domain/application';
import { count } from '../domain/fields';
import { minorUnitText } from '../money';
import { commissionSchedule, isPeriod } from './engine';
import { PAYMENTS, type CommissionPlan } from './schema';

/**
 * `salesdesk commission`: stdin {"plan"?, "catalog"?, "term", "items", "payment", "trialMonths"?,
 * "start"?} → {"schedule": [{"period","base","ratePercent","amount"}], "total", "currency"}.
 * Pure: the host passes the plans and catalogs it loaded and the current month (KST).
 */

/** Plans by id (the core loads resources/commission/*.json, overridden by what HQ publishes). */
export type PlanSource = Readonly<Record<string, CommissionPlan>>;

/** "2026-12": the month of `now` in Korea, the default first month of a deal. */
export function currentPeriodKst(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul', year: 'numeric', month: '2-digit' }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}`;
}

function bad(path: string, message: string): AppError {
  return new AppError('INVALID_INPUT', message, { issues: [{ path, message }] });
}

/** The plan a deal uses: the one named, else the one written for the catalog. */
function resolvePlan(plans: PlanSource, planId: string | undefined, catalogId: string): CommissionPlan {
  const known = Object.keys(plans).join(', ') || '(없음)';
  if (planId !== undefined) {
    const plan = Object.hasOwn(plans, planId) ? plans[planId] : undefined;
    if (!plan) throw bad('plan', `수수료 기준 '${planId}'을(를) 찾을 수 없습니다. 사용할 수 있는 기준: ${known}.`);
    return plan;
  }
  const plan = Object.values(plans).find((p) => p.catalog === catalogId);
  if (!plan) throw bad('plan', `가격표 '${catalogId}'에 쓰는 수수료 기준이 없습니다. plan으로 기준을 지정하세요 (사용할 수 있는 기준: ${known}).`);
  return plan;
}

const commissionInputFor = (currency: string) =>
  z.strictObject({
    plan: z.string({ error: '수수료 기준(plan)은 기준 ID 글자로 입력하세요 (예: sample-cc-cny).' }).min(1).max(64).optional(),
    catalog: z.string({ error: '가격표(catalog)는 가격표 ID 글자로 입력하세요 (예: kt-bizmeka-2014).' }).min(1).max(64).optional(),
    term: z.enum(TERMS, { error: '약정기간(term)은 none(무약정), 12m, 24m, 36m 중 가격표가 제공하는 것입니다.' }),
    items: z
      .array(
        z.strictObject({
          code: applicationItemSchema.shape.code,
          quantity: count('수량', 1, 100_000),
          unitPrice: z
            .number({ error: `단가(unitPrice)는 ${minorUnitText(currency)}로 입력하세요.` })
            .min(0, { error: '단가(unitPrice)는 0 이상이어야 합니다.' })
            .max(1_000_000_000_000, { error: '단가(unitPrice)가 너무 큽니다.' })
            .int({ error: `단가(unitPrice)는 ${minorUnitText(currency)}로 입력하세요.` })
            .optional(),
        }),
        { error: '상품 목록(items)은 배열로 입력하세요.' },
      )
      .min(1, { error: '상품을 한 줄 이상 입력하세요 (예: {"code":"vcc-seat","quantity":10}).' })
      .max(50, { error: '상품은 50줄까지 입력할 수 있습니다.' }),
    payment: z.enum(PAYMENTS, { error: '납부 방식(payment)은 prepaid(전액 선납), yearly(연납), monthly(월납) 중 하나입니다.' }),
    trialMonths: z
      .number({ error: '무료 체험 개월 수(trialMonths)는 숫자로 입력하세요.' })
      .int({ error: '무료 체험 개월 수(trialMonths)는 정수로 입력하세요.' })
      .min(0, { error: '무료 체험 개월 수(trialMonths)는 0 이상입니다.' })
      .max(24, { error: '무료 체험 개월 수(trialMonths)는 24 이하입니다.' })
      .optional(),
    start: z.string({ error: '시작월(start)은 YYYY-MM 글자로 입력하세요 (예: 2026-12).' }).refine(isPeriod, { error: '시작월(start)은 YYYY-MM 형식의 실제 월입니다 (예: 2026-12).' }).optional(),
  });

const minorOut = z.number().int().min(0);
export const commissionOutputSchema = z.strictObject({
  schedule: z.array(z.strictObject({ period: z.string().regex(/^\d{4}-\d{2}$/), base: minorOut, ratePercent: z.number().min(0).max(100), amount: minorOut })),
  total: minorOut,
  currency: z.string(),
});
export type CommissionOutput = z.output<typeof commissionOutputSchema>;

/** `commission`: validates the JSON, finds the plan and catalog, returns the schedule. */
export function commissionCommand(input: unknown, catalogs: CatalogSource, plans: PlanSource, now: Date = new Date()): CommissionOutput {
  // Messages about prices name the catalog's currency: find the catalog (named, or the plan's) first.
  const raw = typeof input === 'object' && input !== null ? (input as { plan?: unknown; catalog?: unknown }) : {};
  const peekId = typeof raw.catalog === 'string' ? raw.catalog : typeof raw.plan === 'string' && Object.hasOwn(plans, raw.plan) ? plans[raw.plan]!.catalog : DEFAULT_CATALOG_ID;
  let currency = 'KRW';
  try {
    currency = resolveCatalog(catalogs, peekId).currency;
  } catch {
    // reported below, after the input's own errors
  }
  const req = parseOrThrow(commissionInputFor(currency), input, '수수료 입력');
  const catalogId = req.catalog ?? (req.plan !== undefined && Object.hasOwn(plans, req.plan) ? plans[req.plan]!.catalog : DEFAULT_CATALOG_ID);
  const catalog = resolveCatalog(catalogs, catalogId);
  const plan = resolvePlan(plans, req.plan, catalog.id);
  if (plan.catalog !== catalog.id) {
    throw bad('catalog', `수수료 기준 '${plan.id}'은(는) 가격표 '${plan.catalog}'용입니다. catalog를 빼거나 '${plan.catalog}'로 하세요.`);
  }
  const schedule = commissionSchedule(plan, catalog, {
    term: req.term,
    items: req.items,
    payment: req.payment,
    trialMonths: req.trialMonths,
    start: req.start ?? currentPeriodKst(now),
  });
  return {
    schedule: schedule.rows.map((r) => ({ period: r.period, base: r.base, ratePercent: r.ratePercent, amount: r.amount })),
    total: schedule.total,
    currency: schedule.currency,
  };
}
