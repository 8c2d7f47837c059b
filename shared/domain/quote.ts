import { z } from 'zod';
import { keyed } from '../i18n/error-messages';
import { applicationItemSchema, TERMS } from './application';
import { optionalText, recordId } from './fields';
import { requiredCleanText } from './text';
import { WARNING_CODES } from '../catalog/schema';

const minor = z.number().int();
const totals = z.object({ supply: minor, vat: minor, total: minor });

/** The quote engine's result (shared/catalog/engine.ts `Quote`), as stored with each version. */
const pricedQuoteSchema = z.object({
  catalog: z.object({ id: z.string(), version: z.string(), effectiveDate: z.string(), title: z.string().optional() }),
  currency: z.string(),
  term: z.enum(TERMS),
  lines: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      unit: z.string(),
      group: z.string(),
      kind: z.string(),
      quantity: z.number(),
      /** Rated calls (issue 15); absent in quotes saved before. */
      calls: z.number().int().nullable().optional(),
      billedQuantity: z.number(),
      /** The unit billedQuantity counts (issue 15); absent in quotes saved before. */
      billedUnit: z.string().optional(),
      unitPrice: minor,
      listUnitPrice: minor.nullable(),
      priceEntered: z.boolean(),
      amount: minor,
      oneOff: z.boolean(),
      estimated: z.boolean(),
      tierFrom: z.number().nullable(),
    }),
  ),
  monthly: totals,
  oneOff: totals,
  contract: totals.extend({ months: z.number().int().nullable() }),
  warnings: z.array(z.object({ code: z.enum(WARNING_CODES), message: z.string(), productCode: z.string(), lineIndex: z.number().int() })),
  approvalRequired: z.boolean(),
  approvalReasons: z.array(z.enum(WARNING_CODES)),
});
export type PricedQuote = z.output<typeof pricedQuoteSchema>;

const APPROVAL_STATUSES = ['not_required', 'pending', 'approved', 'refused'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export const APPROVAL_LABELS: Record<ApprovalStatus, { ko: string; en: string }> = {
  not_required: { ko: '승인 불필요', en: 'No approval needed' },
  pending: { ko: '본사 승인 대기', en: 'Awaiting HQ approval' },
  approved: { ko: '본사 승인됨', en: 'Approved by HQ' },
  refused: { ko: '본사 반려', en: 'Refused by HQ' },
};

/**
 * The approval state a quote screen shows — one derivation, so it never says 본사 승인 대기 while
 * the version history says 본사 승인됨: the saved version's HQ decision while the rep looks at what
 * was saved; for an edit not saved yet, whether saving it will need HQ (priced live).
 */
export type ApprovalState = ApprovalStatus | 'unsaved_pending';

export const APPROVAL_STATE_LABELS: Record<ApprovalState, { ko: string; en: string }> = {
  ...APPROVAL_LABELS,
  unsaved_pending: { ko: '저장하면 본사 승인 필요', en: 'Needs HQ approval once saved' },
};

/** Do two quotes ask for the same thing (term, items in order, entered prices)? */
function sameQuoteRequest(a: { term: string; items: readonly { code: string; quantity: number; unitPrice?: number | undefined }[] }, b: typeof a): boolean {
  const key = (q: typeof a) => JSON.stringify([q.term, q.items.map((i) => [i.code, i.quantity, i.unitPrice ?? null])]);
  return key(a) === key(b);
}

export function approvalState(
  saved: { term: string; items: readonly { code: string; quantity: number; unitPrice?: number | undefined }[]; status: ApprovalStatus } | null,
  draft: { term: string; items: readonly { code: string; quantity: number; unitPrice?: number | undefined }[]; approvalRequired: boolean } | null,
): ApprovalState {
  if (saved && (!draft || sameQuoteRequest(saved, draft))) return saved.status;
  if (!draft) return 'not_required';
  return draft.approvalRequired ? 'unsaved_pending' : 'not_required';
}

/** Saving a quote: a new quote for an application, or the next version of an existing one. */
export const quoteSaveInputSchema = z.strictObject({
  applicationId: recordId('청약 ID'),
  /** Omit to start a new quote; give it to save the next version of that quote. */
  quoteId: recordId('견적 ID').optional(),
  catalogId: requiredCleanText('카탈로그 ID', 100).optional(),
  term: z.enum(TERMS, { error: keyed('app.term') }),
  items: z
    .array(applicationItemSchema, { error: '상품 목록은 배열입니다.' })
    .min(1, { error: keyed('quote.itemsMin') })
    .max(50, { error: keyed('app.itemsMax') }),
  notes: optionalText('견적 비고', 1000, { lines: true }),
  /** 견적 유효기간 (days from today). */
  validDays: z.number().int().min(1, { error: '유효기간은 1일 이상입니다.' }).max(365, { error: '유효기간은 365일 이하입니다.' }).default(30),
});

export const quoteVersionSchema = z.object({
  id: z.string(),
  quoteId: z.string(),
  applicationId: z.string(),
  version: z.number().int().min(1),
  catalog: z.object({ id: z.string(), version: z.string() }),
  term: z.enum(TERMS),
  items: z.array(applicationItemSchema),
  result: pricedQuoteSchema,
  approval: z.object({ status: z.enum(APPROVAL_STATUSES), reason: z.string().nullable(), decidedAt: z.string().nullable() }),
  notes: z.string().nullable(),
  validUntil: z.string(),
  createdAt: z.string(),
});
export type QuoteVersion = z.output<typeof quoteVersionSchema>;

const quoteVersionSummarySchema = z.object({
  version: z.number().int(),
  createdAt: z.string(),
  term: z.enum(TERMS),
  monthlyTotal: minor,
  approvalStatus: z.enum(APPROVAL_STATUSES),
  catalog: z.object({ id: z.string(), version: z.string() }),
});

export const quoteDetailSchema = z.object({
  quoteId: z.string(),
  applicationId: z.string(),
  customerName: z.string(),
  latestVersion: z.number().int(),
  version: quoteVersionSchema,
  versions: z.array(quoteVersionSummarySchema),
});
export type QuoteDetail = z.output<typeof quoteDetailSchema>;

export const quoteSummarySchema = z.object({
  quoteId: z.string(),
  applicationId: z.string(),
  customerName: z.string(),
  businessNumber: z.string(),
  latestVersion: z.number().int(),
  term: z.enum(TERMS),
  monthlyTotal: minor,
  currency: z.string(),
  approvalStatus: z.enum(APPROVAL_STATUSES),
  updatedAt: z.string(),
});
export type QuoteSummary = z.output<typeof quoteSummarySchema>;
