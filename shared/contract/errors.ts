import { z } from 'zod';
import { errorMessageText, errorMsg, isErrorKey, keyed, keyOfText, type ErrorLanguage, type ErrorMsg, type ErrorParams } from '../i18n/error-messages';

/** Every error that can cross the contract boundary, by what the caller should do about it. */
export const ERROR_CODES = [
  'INVALID_INPUT', // fix the named fields and try again
  'NOT_FOUND', // the record is gone or the id is wrong
  'CONFLICT', // someone else changed it first: reload, then edit again
  'UNKNOWN_CHANNEL', // the caller is newer or older than the core
  'UNAUTHORIZED', // sign in / enroll again
  'FORBIDDEN', // not allowed for this user or device
  'UNAVAILABLE', // a needed service (HQ, printer, disk) is not reachable now
  'NOT_ALLOWED', // a business rule forbids this now (the message says which)
  'CONFIRM_REQUIRED', // the change has consequences the person must accept first (details name them): ask, then send again with the answer
  'INTERNAL', // our bug: the message says what to report
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One field that needs fixing: where, its Korean message (and its key, for the UI's language). */
export interface FieldIssue {
  /** Dotted path into the input, e.g. "customer.businessNumber" or "items.0.quantity". */
  path: string;
  message: string;
  /** The message's key in shared/i18n/error-messages.ts, when it has one. */
  key?: string;
  params?: ErrorParams;
}

export interface ErrorDetails {
  issues?: FieldIssue[];
  [key: string]: unknown;
}

/** The error shape on the wire: never a stack trace. */
export interface WireError {
  code: ErrorCode;
  /** Korean, says what to fix. */
  message: string;
  /** The message's key in shared/i18n/error-messages.ts (a client shows it in its language); absent on unkeyed errors. */
  key?: string;
  params?: ErrorParams;
  details?: ErrorDetails;
}

export type WireResult<T = unknown> = { ok: true; value: T } | { ok: false; error: WireError };

/** A typed error any handler may throw; the dispatcher passes it through as a WireError. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;
  /** The keyed message behind `message` (Korean), when it was raised with one. */
  readonly keyedMessage: ErrorMsg | undefined;
  /** `message`: the Korean text, or a keyed message (`errorMsg(key, params)`) whose Korean becomes the text. */
  constructor(code: ErrorCode, message: string | ErrorMsg, details?: ErrorDetails) {
    super(typeof message === 'string' ? message : errorMessageText(message));
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    this.keyedMessage = typeof message === 'string' ? keyOfText(message) : message;
  }
  toWire(): WireError {
    const keyedPart = this.keyedMessage ? { key: this.keyedMessage.key, ...(this.keyedMessage.params ? { params: this.keyedMessage.params } : {}) } : {};
    return this.details === undefined ? { code: this.code, message: this.message, ...keyedPart } : { code: this.code, message: this.message, ...keyedPart, details: this.details };
  }
}

function localizedText(message: string, key: unknown, params: ErrorParams | undefined, language: ErrorLanguage): string {
  if (language === 'ko' || !isErrorKey(key)) return message;
  return errorMessageText({ key, params }, language);
}

/**
 * The error as a client in `language` shows it: the message and each field issue in that language
 * where they carry a known key; anything unkeyed (or a key this client does not know: a newer
 * core) keeps its Korean message.
 */
export function localizeWireError(error: WireError, language: ErrorLanguage): WireError {
  if (language === 'ko') return error;
  const issues = error.details?.issues;
  const details = issues ? { ...error.details, issues: issues.map((i) => ({ ...i, message: localizedText(i.message, i.key, i.params, language) })) } : error.details;
  return { ...error, message: localizedText(error.message, error.key, error.params, language), ...(details ? { details } : {}) };
}

const SECTION_LABELS: Record<string, string> = {
  customer: '신청고객',
  billing: '요금납부 책임자',
  seller: '판매자',
  items: '상품 목록',
  term: '약정기간',
  kind: '신청 구분',
  date: '신청일',
};

function labelOf(path: PropertyKey[]): string {
  if (path.length === 0) return '입력';
  const first = String(path[0]);
  const section = SECTION_LABELS[first] ?? first;
  const rest = path.slice(1).map((p) => (typeof p === 'number' ? `${p + 1}번째` : String(p)));
  return [section, ...rest].join(' › ');
}

/**
 * Korean messages for the issues a schema did not word itself (missing objects, wrong types,
 * unknown keys). Passed to every parse at a boundary.
 */
export const koreanErrorMap: z.core.$ZodErrorMap = (issue) => {
  const where = labelOf(issue.path ?? []);
  switch (issue.code) {
    case 'unrecognized_keys':
      return keyed('zod.unrecognizedKeys', { keys: issue.keys.map((k) => `'${k}'`).join(', '), where });
    case 'invalid_type':
      if (issue.input === undefined) return keyed('zod.required', { where });
      return keyed('zod.invalidType', { where, expected: expectedKo(issue.expected) });
    case 'invalid_value':
      return keyed('zod.invalidValue', { where, values: issue.values.map((v) => String(v)).join(', ') });
    case 'too_small':
      return keyed('zod.tooSmall', { where });
    case 'too_big':
      return keyed('zod.tooBig', { where });
    case 'invalid_format':
      return keyed('zod.invalidFormat', { where });
    default:
      return keyed('zod.check', { where });
  }
};

function expectedKo(expected: string): string {
  const map: Record<string, string> = {
    string: '글자',
    number: '숫자',
    object: '객체 {…}',
    array: '배열 […]',
    boolean: '참/거짓',
  };
  return map[expected] ?? expected;
}

/** The issues of a failed parse, each with its key and params when its message was made by `keyed`. */
export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const m = keyOfText(issue.message);
    return m ? { path, message: issue.message, key: m.key, ...(m.params ? { params: m.params } : {}) } : { path, message: issue.message };
  });
}

/** Turns a failed parse into the INVALID_INPUT error people see: the first problem, then the count. */
export function invalidInput(error: z.ZodError, subject = '입력값'): AppError {
  const issues = zodIssues(error);
  const head = issues[0];
  // The first issue nested as a keyed message when it has a key, else its Korean text.
  const first = head === undefined ? errorMsg('err.checkValue') : isErrorKey(head.key) ? errorMsg(head.key, head.params) : head.message;
  return new AppError('INVALID_INPUT', issues.length > 1 ? errorMsg('err.invalidInputMore', { subject, first, more: issues.length - 1 }) : errorMsg('err.invalidInput', { subject, first }), {
    issues,
  });
}

/** Parses with Korean messages; throws AppError('INVALID_INPUT') on failure. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, subject?: string): z.output<S> {
  const result = schema.safeParse(value, { error: koreanErrorMap });
  if (!result.success) throw invalidInput(result.error, subject);
  return result.data;
}
