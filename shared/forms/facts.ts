import { z } from 'zod';
import { supplierSchema } from './inputs';
import { consentTextVersionSchema } from '../privacy/consent';

/**
 * Facts from outside an application that a form prints, frozen with the document when its first
 * signature is given (electron/core/store/schema.ts `documents.facts`): a supplier block HQ
 * publishes later, or changes, never alters a paper the customer already signed.
 */
export const documentFactsSchema = z.strictObject({
  /** The 공급자 block as printed then; null: HQ had not published it (printed as 미설정). */
  supplier: supplierSchema.nullable().optional(),
  /** Form #1: the consent text version in force at its first signature (issue 17), printed from then on. */
  consentTexts: consentTextVersionSchema.optional(),
  /** When the facts were frozen (the first signature), ISO 8601. */
  frozenAt: z.iso.datetime({ offset: true }),
});
export type DocumentFacts = z.output<typeof documentFactsSchema>;
