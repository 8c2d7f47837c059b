import { z } from 'zod';
import { checkBusinessNumber } from '../format/bizno';
import { checkCorporateNumber } from '../format/corpno';
import { checkPhone } from '../format/phone';
import { isIsoDate } from '../format/date';
import { eulReul, eunNeun, iGa } from '../format/josa';
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
 * Optional free text. Like `requiredText`, it refuses a resident registration number (PIPA: such
 * a number has no place in a name, an address or a note; `shared/privacy/personal.ts`).
 */
export function optionalText(label: string, max = 200, options: { lines?: boolean } = {}) {
  return cleanText(label, max, options).refine((v) => findResidentNumber(v) === undefined, { error: residentNumberMessage(label) }).optional();
}

function missing(ctx: z.RefinementCtx, label: string): never {
  ctx.addIssue({ code: 'custom', message: `${eulReul(label)} 입력하세요.` });
  return z.NEVER;
}

/** 사업자등록번호, checked with its check digit and stored as XXX-XX-XXXXX. */
export function businessNumber(label = '사업자등록번호') {
  return z
    .string({ error: (iss) => (iss.input === undefined ? `${eulReul(label)} 입력하세요.` : `${eunNeun(label)} 글자로 입력하세요 (예: 102-81-42945).`) })
    .transform((value, ctx) => {
      if (value.trim() === '') return missing(ctx, label);
      const r = checkBusinessNumber(value);
      if (!r.valid) {
        ctx.addIssue({ code: 'custom', message: r.reason ?? `${eulReul(label)} 확인하세요.` });
        return z.NEVER;
      }
      return r.formatted!;
    });
}

/** 법인등록번호, checked with its check digit and stored as XXXXXX-XXXXXXX. */
export function corporateNumber(label = '법인등록번호') {
  return z
    .string({ error: `${eunNeun(label)} 글자로 입력하세요 (예: 110111-1468754).` })
    .transform((value, ctx) => {
      if (value.trim() === '') return missing(ctx, label);
      const r = checkCorporateNumber(value);
      if (!r.valid) {
        ctx.addIssue({ code: 'custom', message: r.reason ?? `${eulReul(label)} 확인하세요.` });
        return z.NEVER;
      }
      return r.formatted!;
    });
}

/** A Korean phone number of any kind, stored in its conventional grouping (02-123-4567). */
export function phoneNumber(label = '전화번호') {
  return z
    .string({ error: (iss) => (iss.input === undefined ? `${eulReul(label)} 입력하세요.` : `${eunNeun(label)} 글자로 입력하세요 (예: 02-123-4567).`) })
    .transform((value, ctx) => {
      if (value.trim() === '') return missing(ctx, label);
      const r = checkPhone(value);
      if (!r.valid) {
        ctx.addIssue({ code: 'custom', message: `${label}: ${r.reason ?? '번호를 확인하세요.'}` });
        return z.NEVER;
      }
      return r.formatted!;
    });
}

/** A calendar date written YYYY-MM-DD. */
export function isoDate(label: string) {
  return z
    .string({ error: (iss) => (iss.input === undefined ? `${eulReul(label)} 입력하세요.` : `${eunNeun(label)} YYYY-MM-DD 형식으로 입력하세요.`) })
    .refine(isIsoDate, { error: `${eunNeun(label)} 실제 날짜를 YYYY-MM-DD 형식으로 입력하세요 (예: 2026-11-22).` });
}

/** A whole number within a range, for counts. */
export function count(label: string, min: number, max: number) {
  return z
    .number({ error: (iss) => (iss.input === undefined ? `${eulReul(label)} 입력하세요.` : `${eunNeun(label)} 숫자로 입력하세요.`) })
    .int({ error: `${eunNeun(label)} 정수로 입력하세요.` })
    .min(min, { error: `${eunNeun(label)} ${min} 이상이어야 합니다.` })
    .max(max, { error: `${eunNeun(label)} ${max} 이하여야 합니다.` });
}

/** Money in the currency's minor unit (원 for KRW): a non-negative integer, never a float. */
export function minorAmount(label: string) {
  return z
    .number({ error: `${eunNeun(label)} 숫자(원 단위 정수)로 입력하세요.` })
    // The range first: a huge number is "too big", not "not a whole number".
    .min(0, { error: `${eunNeun(label)} 0 이상이어야 합니다.` })
    .max(1_000_000_000_000, { error: `${iGa(label)} 너무 큽니다 (1조 원 이하로 입력하세요).` })
    .int({ error: `${eunNeun(label)} 원 단위 정수로 입력하세요 (소수점 불가).` });
}

/** UUID (v7 for our records) given by the caller to point at a stored record. */
export function recordId(label = 'ID') {
  return z.uuid({
    error: (issue) => (issue.code === 'invalid_type' ? `${eulReul(label)} 지정하세요.` : `${label} 형식이 올바르지 않습니다 (UUID).`),
  });
}
