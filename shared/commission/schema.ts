import { z } from 'zod';
import { requiredCleanText } from '../domain/text';
import { isCurrency } from '../money';

/**
 * A sales commission plan (판매 수수료 기준) as data: which share of which fees a seller earns,
 * per product, by how the customer pays. Shipped plans live in `resources/commission/*.json`
 * (the file name is the id); HQ publishes new versions through sync like catalogs. A plan names
 * the catalog whose product codes it uses. Money in the result is integer minor units.
 */

/** How the customer pays for the term: all at once, once a year, or every month. */
export const PAYMENTS = ['prepaid', 'yearly', 'monthly'] as const;
export type Payment = (typeof PAYMENTS)[number];

export const PAYMENT_LABELS: Record<Payment, { ko: string; en: string }> = {
  prepaid: { ko: '전액 선납', en: 'Fully prepaid' },
  yearly: { ko: '연납', en: 'Paid yearly' },
  monthly: { ko: '월납', en: 'Paid monthly' },
};

const code = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, { error: '상품 코드는 영문 소문자로 시작하는 소문자·숫자·하이픈입니다 (예: asp-basic).' });

/** A share in percent with at most two decimals (15, 2.5, 0.25). */
const percent = z
  .number({ error: '수수료율은 퍼센트 숫자로 입력하세요 (예: 15).' })
  .min(0, { error: '수수료율은 0% 이상입니다.' })
  .max(100, { error: '수수료율은 100% 이하입니다.' })
  .refine((p) => Number.isInteger(Math.round(p * 100)) && Math.abs(p * 100 - Math.round(p * 100)) < 1e-9, {
    error: '수수료율은 소수 둘째 자리까지 입력하세요 (예: 2.5).',
  });

/** Which products a rule counts: those in `include` (every product when absent), less those in `exclude`. */
const products = z.strictObject({ include: z.array(code).min(1).max(200).optional(), exclude: z.array(code).min(1).max(200).optional() }).optional();

const ruleBase = {
  /** Short id, unique in the plan (e.g. "prepaid-once"). */
  id: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, { error: '규칙 id는 영문 소문자·숫자·하이픈입니다 (예: prepaid-once).' }),
  /** Korean description shown to the rep. */
  label: requiredCleanText('수수료 항목 이름', 200),
  products,
};

const commissionRuleSchema = z.discriminatedUnion('kind', [
  /**
   * Fully prepaid for the whole term: `percent` of the contract total (the included products'
   * monthly fees × paid months + their one-off charges), once, in the first paid month.
   */
  z.strictObject({ kind: z.literal('prepaidShare'), ...ruleBase, percent }),
  /**
   * Paid yearly: `percents[k-1]` of contract year k's monthly fees (the included products', no
   * usage), at the start of that year; nothing for years after the last listed one.
   */
  z.strictObject({ kind: z.literal('yearlyShare'), ...ruleBase, percents: z.array(percent).min(1).max(10) }),
  /**
   * Every month, `percent` of the previous month's function fees (the included products'
   * monthly fees; usage is not a function fee). `payments` limits the payment kinds it applies
   * to (all when absent).
   */
  z.strictObject({ kind: z.literal('monthlyShare'), ...ruleBase, percent, payments: z.array(z.enum(PAYMENTS)).min(1).max(3).optional() }),
]);
export type CommissionRule = z.output<typeof commissionRuleSchema>;

export const commissionPlanSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,63}$/, { error: '수수료 기준 ID는 영문 소문자·숫자·점·하이픈입니다 (예: kt-bizmeka).' }),
    version: requiredCleanText('수수료 기준 버전', 40),
    title: requiredCleanText('수수료 기준 제목', 200),
    /** The catalog whose products and prices the plan uses. */
    catalog: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,63}$/),
    currency: z.string().refine(isCurrency, { error: '통화는 ISO 4217 통화 코드입니다 (예: KRW, CNY).' }),
    /** `unset` (미설정): the operator has not published a plan; nothing can be previewed. */
    status: z.enum(['active', 'unset']),
    rules: z.array(commissionRuleSchema).max(20),
    /** Conditions the engine does not compute, shown beside the preview (e.g. agent status rules). */
    notes: z
      .array(requiredCleanText('수수료 기준 메모', 300, { lines: true }))
      .max(10)
      .optional(),
  })
  .superRefine((plan, ctx) => {
    if (plan.status === 'unset' && plan.rules.length > 0)
      ctx.addIssue({ code: 'custom', path: ['rules'], message: '미설정(unset) 기준에는 규칙을 넣지 않습니다. 규칙을 넣으려면 status를 active로 하세요.' });
    if (plan.status === 'active' && plan.rules.length === 0) ctx.addIssue({ code: 'custom', path: ['rules'], message: '적용 중(active) 기준에는 규칙이 하나 이상 있어야 합니다.' });
    const ids = new Set<string>();
    plan.rules.forEach((r, i) => {
      if (ids.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `규칙 id '${r.id}'가 중복되었습니다.` });
      ids.add(r.id);
    });
  });
export type CommissionPlan = z.output<typeof commissionPlanSchema>;
