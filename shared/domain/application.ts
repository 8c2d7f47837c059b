import { z } from 'zod';
import { keyed } from '../i18n/error-messages';
import { businessNumber, corporateNumber, count, isoDate, minorAmount, optionalText, phoneNumber, recordId, requiredText } from './fields';
import { APPLICATION_STATUSES, STATUS_AT_HQ } from './status';

/** 청약 종류: 신규 / 변경 / 해지 (form #1 marks one of them). */
export const APPLICATION_KINDS = ['new', 'change', 'termination'] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];

/** 약정기간: none (무약정, 단기) or 12/24/36 months. */
export const TERMS = ['none', '12m', '24m', '36m'] as const;
export type Term = (typeof TERMS)[number];

export const TERM_MONTHS: Record<Term, number | null> = { none: null, '12m': 12, '24m': 24, '36m': 36 };

const SERVICE_NUMBER_RE = /^J\d{8}$/;

/** 서비스번호: J + 8 digits, assigned by HQ at S/O processing (e.g. J00001587). */
export const serviceNumberSchema = z.string({ error: keyed('app.serviceNumberText') }).regex(SERVICE_NUMBER_RE, { error: keyed('app.serviceNumber') });

/** 신청고객: the subscribing company as printed in form #1's customer block. */
export const customerInputSchema = z.strictObject({
  name: requiredText('법인명(상호)', 100),
  businessNumber: businessNumber('사업자등록번호'),
  corporateNumber: corporateNumber('법인등록번호').optional(),
  representative: requiredText('대표자명', 50),
  address: requiredText('주소', 300),
  phone: phoneNumber('전화번호'),
  mobile: phoneNumber('이동전화').optional(),
});
export type Customer = z.output<typeof customerInputSchema>;

/** 요금납부 책임자: the party billed, when it differs from the customer. */
export const billingPartySchema = z.strictObject({
  name: requiredText('요금납부 법인명', 100),
  businessNumber: businessNumber('요금납부 사업자번호'),
  address: requiredText('요금납부 주소', 300),
  phone: phoneNumber('요금납부 전화번호'),
});
export type BillingParty = z.output<typeof billingPartySchema>;

/** One priced line: a catalog product code, a count, and an optional rep-entered unit price. */
export const applicationItemSchema = z.strictObject({
  code: z.string({ error: keyed('app.productCodeMissing') }).regex(/^[a-z][a-z0-9-]{0,39}$/, { error: keyed('app.productCode') }),
  quantity: count('수량', 1, 100_000),
  unitPrice: minorAmount('단가').optional(),
});
export type ApplicationItem = z.output<typeof applicationItemSchema>;

/** 판매자: the rep's team, name, phone and the B2B CRM sales-opportunity code. */
export const sellerSchema = z.strictObject({
  team: requiredText('판매자 소속', 100),
  name: requiredText('판매자 성명', 50),
  phone: phoneNumber('판매자 연락처'),
  opportunityCode: optionalText('영업기회 코드', 50),
});
export type Seller = z.output<typeof sellerSchema>;

const applicationFields = {
  kind: z.enum(APPLICATION_KINDS, { error: keyed('app.kind') }),
  customer: customerInputSchema,
  billing: billingPartySchema.optional(),
  term: z.enum(TERMS, { error: keyed('app.term') }),
  termEnd: isoDate('무약정 종료일').optional(),
  items: z.array(applicationItemSchema, { error: keyed('app.itemsArray') }).max(50, {
    error: keyed('app.itemsMax'),
  }),
  seller: sellerSchema,
  serviceNumber: serviceNumberSchema.optional(),
  date: isoDate('신청일'),
};

/**
 * The application JSON (청약서) — the exact shape the CLI imports and every other issue reuses.
 * Unknown fields are refused, so a typo never silently drops data.
 */
export const applicationInputSchema = z.strictObject(applicationFields).superRefine((app, ctx) => {
  const codes = new Set<string>();
  app.items.forEach((item, index) => {
    if (codes.has(item.code)) {
      ctx.addIssue({
        code: 'custom',
        path: ['items', index, 'code'],
        message: keyed('app.itemTwice', { code: item.code }),
      });
    }
    codes.add(item.code);
  });
  if (app.termEnd !== undefined && app.term !== 'none') {
    ctx.addIssue({ code: 'custom', path: ['termEnd'], message: keyed('app.termEndOnlyNone') });
  }
  if (app.termEnd !== undefined && app.termEnd < app.date) {
    ctx.addIssue({ code: 'custom', path: ['termEnd'], message: keyed('app.termEndAfterDate') });
  }
});
export type ApplicationInput = z.input<typeof applicationInputSchema>;
export type Application = z.output<typeof applicationInputSchema>;

const timestamp = z.iso.datetime({ offset: true });

/** What export prints: the application JSON plus its id, status and timestamps. */
export const applicationExportSchema = z.strictObject({
  id: recordId('청약 ID'),
  ...applicationFields,
  status: z.enum(APPLICATION_STATUSES),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type ApplicationExport = z.output<typeof applicationExportSchema>;

/** A stored application as the app sees it: the export plus the customer id and revision. */
export const applicationRecordSchema = applicationExportSchema.extend({
  customerId: recordId('고객 ID'),
  /** Increases by one on every local write; an update must name the revision it edited. */
  revision: z.number().int().min(1),
});
export type ApplicationRecord = z.output<typeof applicationRecordSchema>;

/** A row of the application list. */
export const applicationSummarySchema = z.object({
  id: z.string(),
  kind: z.enum(APPLICATION_KINDS),
  customer: z.object({ name: z.string(), businessNumber: z.string() }),
  status: z.enum(APPLICATION_STATUSES),
  serviceNumber: z.string().nullable(),
  date: z.string(),
  updatedAt: z.string(),
  /** local: only on this device (not enrolled yet); queued/sent: waiting for HQ; accepted; rejected (see sync.refused). */
  sync: z.enum(['local', 'queued', 'sent', 'accepted', 'rejected']),
  /** Whether HQ has the status shown (see statusShown: a submission HQ does not have is not 제출됨). */
  statusAtHq: z.enum(STATUS_AT_HQ),
});
export type ApplicationSummary = z.output<typeof applicationSummarySchema>;

/** Either the plain application JSON or an export of one (forms and re-imports take both). */
export function stripExportFields(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const { id: _id, status: _s, createdAt: _c, updatedAt: _u, ...rest } = value as Record<string, unknown>;
    return rest;
  }
  return value;
}
