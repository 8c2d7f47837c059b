import { z } from 'zod';
import { eulReul } from '../format/josa';

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

/** One field that needs fixing: where, its Korean message. */
export interface FieldIssue {
  /** Dotted path into the input, e.g. "customer.businessNumber" or "items.0.quantity". */
  path: string;
  message: string;
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
  details?: ErrorDetails;
}

export type WireResult<T = unknown> = { ok: true; value: T } | { ok: false; error: WireError };

/** A typed error any handler may throw; the dispatcher passes it through as a WireError. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;
  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  toWire(): WireError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
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
      return `알 수 없는 항목 ${issue.keys.map((k) => `'${k}'`).join(', ')}이(가) 있습니다 (위치: ${where}). 철자를 확인하거나 이 항목을 지우세요.`;
    case 'invalid_type':
      if (issue.input === undefined) return `'${where}' 항목이 필요합니다. 값을 입력하세요.`;
      return `'${where}' 항목의 형식이 맞지 않습니다 (${expectedKo(issue.expected)} 필요).`;
    case 'invalid_value':
      return `'${where}' 값은 ${issue.values.map((v) => String(v)).join(', ')} 중 하나여야 합니다.`;
    case 'too_small':
      return `'${where}' 값이 너무 작거나 짧습니다.`;
    case 'too_big':
      return `'${where}' 값이 너무 크거나 깁니다.`;
    case 'invalid_format':
      return `'${where}' 형식이 올바르지 않습니다.`;
    default:
      return `'${where}' 값을 확인하세요.`;
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

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** Turns a failed parse into the INVALID_INPUT error people see: the first problem, then the count. */
export function invalidInput(error: z.ZodError, subject = '입력값'): AppError {
  const issues = zodIssues(error);
  const first = issues[0]?.message ?? '값을 확인하세요.';
  const more = issues.length > 1 ? ` 외 ${issues.length - 1}건의 문제가 더 있습니다.` : '';
  return new AppError('INVALID_INPUT', `${eulReul(subject)} 확인하세요: ${first}${more}`, { issues });
}

/** Parses with Korean messages; throws AppError('INVALID_INPUT') on failure. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, subject?: string): z.output<S> {
  const result = schema.safeParse(value, { error: koreanErrorMap });
  if (!result.success) throw invalidInput(result.error, subject);
  return result.data;
}
