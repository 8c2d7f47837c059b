import { z } from 'zod';
import { keyed, keyOfText } from '../i18n/error-messages';
import { checkBusinessNumber } from '../format/bizno';
import { checkCorporateNumber } from '../format/corpno';
import { checkPhone } from '../format/phone';
import { isIsoDate } from '../format/date';
import { cleanText, requiredCleanText } from './text';
import { findResidentNumber, residentNumberMessage } from '../privacy/personal';

/**
 * Field builders shared by every schema that takes text from a person: each one says, in
 * Korean, what is missing or wrong and what to type instead. Free text follows the one text
 * rule (./text.ts): no control characters (line breaks only where `lines` allows them), no lone
 * surrogates, NFC-normalised, trimmed, capped.
 */
export function requiredText(label: string, max = 200, options: { lines?: boolean } = {}) {
  return requiredCleanText(label, max, options).refine((v) => findResidentNumber(v) === undefined, { error: residentNumberMessage(label) });
}

/**
 * Free text that may be empty (a contact column, a note sent as null). Like `requiredText`, it
 * refuses a resident registration number (PIPA: such a number has no place in a name, an address,
 * a note or a ticket's text; `shared/privacy/personal.ts`).
 */
export function freeText(label: string, max = 200, options: { lines?: boolean } = {}) {
  return cleanText(label, max, options).refine((v) => findResidentNumber(v) === undefined, { error: residentNumberMessage(label) });
}

/** Optional free text: `freeText`, left out when not given. */
export function optionalText(label: string, max = 200, options: { lines?: boolean } = {}) {
  return freeText(label, max, options).optional();
}

function missing(ctx: z.RefinementCtx, label: string): never {
  ctx.addIssue({ code: 'custom', message: keyed('field.enter', { label }) });
  return z.NEVER;
}

/** 사업자등록번호, checked with its check digit and stored as XXX-XX-XXXXX. */
export function businessNumber(label = '사업자등록번호') {
  return z.string({ error: (iss) => (iss.input === undefined ? keyed('field.enter', { label }) : keyed('field.textExample', { label, example: '102-81-42945' })) }).transform((value, ctx) => {
    if (value.trim() === '') return missing(ctx, label);
    const r = checkBusinessNumber(value);
    if (!r.valid) {
      ctx.addIssue({ code: 'custom', message: r.reason ?? keyed('field.check', { label }) });
      return z.NEVER;
    }
    return r.formatted!;
  });
}

/** 법인등록번호, checked with its check digit and stored as XXXXXX-XXXXXXX. */
export function corporateNumber(label = '법인등록번호') {
  return z.string({ error: keyed('field.textExample', { label, example: '110111-1468754' }) }).transform((value, ctx) => {
    if (value.trim() === '') return missing(ctx, label);
    const r = checkCorporateNumber(value);
    if (!r.valid) {
      ctx.addIssue({ code: 'custom', message: r.reason ?? keyed('field.check', { label }) });
      return z.NEVER;
    }
    return r.formatted!;
  });
}

/** A Korean phone number of any kind, stored in its conventional grouping (02-123-4567). */
export function phoneNumber(label = '전화번호') {
  return z.string({ error: (iss) => (iss.input === undefined ? keyed('field.enter', { label }) : keyed('field.textExample', { label, example: '02-123-4567' })) }).transform((value, ctx) => {
    if (value.trim() === '') return missing(ctx, label);
    const r = checkPhone(value);
    if (!r.valid) {
      ctx.addIssue({ code: 'custom', message: keyed('field.phoneReason', { label, reason: (r.reason === undefined ? undefined : keyOfText(r.reason)) ?? r.reason ?? '번호를 확인하세요.' }) });
      return z.NEVER;
    }
    return r.formatted!;
  });
}

/** A calendar date written YYYY-MM-DD. */
export function isoDate(label: string) {
  return z
    .string({ error: (iss) => (iss.input === undefined ? keyed('field.enter', { label }) : keyed('field.dateFormat', { label })) })
    .refine(isIsoDate, { error: keyed('field.realDate', { label }) });
}

/** A whole number within a range, for counts. */
export function count(label: string, min: number, max: number) {
  return z
    .number({ error: (iss) => (iss.input === undefined ? keyed('field.enter', { label }) : keyed('field.number', { label })) })
    .int({ error: keyed('field.integer', { label }) })
    .min(min, { error: keyed('field.atLeast', { label, min }) })
    .max(max, { error: keyed('field.atMost', { label, max }) });
}

/** Money in the currency's minor unit (원 for KRW): a non-negative integer, never a float. */
export function minorAmount(label: string) {
  return (
    z
      .number({ error: keyed('field.moneyNumber', { label }) })
      // The range first: a huge number is "too big", not "not a whole number".
      .min(0, { error: keyed('field.atLeast', { label, min: 0 }) })
      .max(1_000_000_000_000, { error: keyed('field.moneyTooBig', { label }) })
      .int({ error: keyed('field.moneyInteger', { label }) })
  );
}

/** UUID (v7 for our records) given by the caller to point at a stored record. */
export function recordId(label = 'ID') {
  return z.uuid({
    error: (issue) => (issue.code === 'invalid_type' ? keyed('field.choose', { label }) : keyed('field.uuid', { label })),
  });
}
