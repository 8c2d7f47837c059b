import { z } from 'zod';
import { commissionPlanSchema } from './schema';
import { isPeriod } from './engine';

/**
 * Commission plans travel like catalogs: HQ publishes a plan as the next version of the
 * `commission_plan` record (`commission-plan-v<n>`, one record per version), devices pull it,
 * and the highest version of a plan id wins over the shipped one.
 */
export const COMMISSION_ENTITY = 'commission_plan';
export const commissionPlanRecordId = (version: number) => `commission-plan-v${version}`;

export const COMMISSION_ADMIN_PATHS = {
  plans: '/admin/commission-plans',
  /** GET ?month=YYYY-MM[&branch=…]: the monthly statement per rep and branch as CSV. */
  statement: '/admin/commission-statement',
} as const;

/** A published plan: refused unless the engine can use it, so HQ never publishes a plan devices ignore. */
export const commissionPlanPublishSchema = z.record(z.string(), z.json()).superRefine((value, ctx) => {
  const r = commissionPlanSchema.safeParse(value);
  if (r.success) return;
  for (const issue of r.error.issues.slice(0, 20)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});

export const commissionStatementQuerySchema = z.strictObject({
  month: z.string({ error: '월(month)을 YYYY-MM으로 주세요 (예: 2026-12).' }).refine(isPeriod, { error: '월(month)은 YYYY-MM 형식의 실제 월입니다 (예: 2026-12).' }),
  branch: z.string().min(1).max(100).optional(),
});
