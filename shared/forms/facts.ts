import { z } from 'zod';
import { supplierSchema } from './inputs';

/**
 * Facts from outside an application that a form prints, frozen with the document when its first
 * signature is given (electron/core/store/schema.ts `documents.facts`): a supplier block HQ
 * publishes later, or changes, never alters a paper the customer already signed.
 */
export const documentFactsSchema = z.strictObject({
  /** The 공급자 block as printed then; null: HQ had not published it (printed as 미설정). */
  supplier: supplierSchema.nullable().optional(),
  /** When the facts were frozen (the first signature), ISO 8601. */
  frozenAt: z.iso.datetime({ offset: true }),
});
export type DocumentFacts = z.output<typeof documentFactsSchema>;
