import { z } from 'zod';
import { applicationSummarySchema } from './application';

/** A stored customer (고객사): the master record behind every application of that company. */
export const customerRecordSchema = z.object({
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
});
export type CustomerRecord = z.output<typeof customerRecordSchema>;

export const customerSummarySchema = customerRecordSchema.pick({
  id: true,
  name: true,
  businessNumber: true,
  representative: true,
  phone: true,
  updatedAt: true,
}).extend({ applicationCount: z.number().int() });
export type CustomerSummary = z.output<typeof customerSummarySchema>;

export const customerDetailSchema = customerRecordSchema.extend({
  applications: z.array(applicationSummarySchema),
});
