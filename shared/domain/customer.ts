import { z } from 'zod';
import { errorMsg } from '../i18n/error-messages';
import { applicationSummarySchema } from './application';
import { AppError } from '../contract/errors';
import { companySearchKey } from '../search/keys';

/** A rename of the company the rep recorded (상호 변경): the earlier name and when it stopped being used. */
export const customerNameChangeSchema = z.strictObject({
  /** The name the company had before. */
  name: z.string().min(1).max(100),
  /** The name it has from then on. */
  to: z.string().min(1).max(100),
  /** When the rep recorded the rename (ISO 8601). */
  at: z.iso.datetime({ offset: true }),
  /** The device it was recorded on. */
  device: z.string().max(200),
  /** The application being written when the rep said the company was renamed. */
  applicationId: z.string().max(64).nullable(),
});
export type CustomerNameChange = z.output<typeof customerNameChangeSchema>;

/** A stored customer (고객사): the master record behind every application of that company. */
const customerRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  businessNumber: z.string(),
  corporateNumber: z.string().nullable(),
  representative: z.string(),
  address: z.string(),
  phone: z.string(),
  mobile: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Earlier names the rep recorded (상호 변경), oldest first. */
  nameHistory: z.array(customerNameChangeSchema).default([]),
});
export type CustomerRecord = z.output<typeof customerRecordSchema>;

export const customerSummarySchema = customerRecordSchema
  .pick({
    id: true,
    name: true,
    businessNumber: true,
    representative: true,
    phone: true,
    updatedAt: true,
  })
  .extend({ applicationCount: z.number().int() });
export type CustomerSummary = z.output<typeof customerSummarySchema>;

export const customerDetailSchema = customerRecordSchema.extend({
  applications: z.array(applicationSummarySchema),
});

/**
 * The rep's answer when a known business number comes with another company name:
 * `renamed` — the company changed its name: the new name goes everywhere (the customer record,
 * applications still being written), recorded in the name history; signed papers keep theirs.
 * `mistake` — the name was typed wrongly: the registered name is kept (and used on this application).
 */
export const CUSTOMER_NAME_ANSWERS = ['renamed', 'mistake'] as const;
export type CustomerNameAnswer = (typeof CUSTOMER_NAME_ANSWERS)[number];

/** Do two names write the same company name ("(주)하나콜" and "주식회사 하나콜" do)? */
export function sameCompanyName(a: string, b: string): boolean {
  return companySearchKey(a) === companySearchKey(b);
}

interface CustomerNameFacts {
  businessNumber: string;
  /** The name the business number is registered under on this device. */
  registeredName: string;
  /** The name the rep typed. */
  typedName: string;
  /** Other applications of the company (they show the registered name). */
  applications: number;
}

export interface CustomerNameDetails extends CustomerNameFacts {
  reason: 'customer_name';
  [key: string]: unknown;
}

/**
 * The question the core asks when a known business number comes with another company name:
 * answer with `nameChange` 'renamed' or 'mistake' (CUSTOMER_NAME_ANSWERS) and send again.
 */
export function customerNameQuestion(d: CustomerNameFacts): AppError {
  const details: CustomerNameDetails = { reason: 'customer_name', ...d };
  return new AppError(
    'CONFIRM_REQUIRED',
    errorMsg('customer.renamed', { businessNumber: d.businessNumber, registeredName: d.registeredName, typedName: d.typedName, applications: d.applications }),
    details,
  );
}

export function isCustomerNameDetails(details: unknown): details is CustomerNameDetails {
  return typeof details === 'object' && details !== null && (details as { reason?: unknown }).reason === 'customer_name';
}
