import type { z } from 'zod';
import { koreanErrorMap, zodIssues } from '../shared/contract/errors';
import { HTTP_STATUS_OF, type SyncError, type SyncErrorCode } from '../shared/sync/protocol';

/** An expected failure: becomes `{ error: { code, message, details } }` with its HTTP status. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly code: SyncErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: SyncErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.status = HTTP_STATUS_OF[code];
    this.details = details;
  }
  toWire(): SyncError {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
  }
}

/** Parses a request part with Korean messages; a failure is a 400 naming the first problem. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, subject: string): z.output<S> {
  const result = schema.safeParse(value, { error: koreanErrorMap });
  if (result.success) return result.data;
  const issues = zodIssues(result.error);
  const first = issues[0];
  const where = first?.path ? ` (위치: ${first.path})` : '';
  const more = issues.length > 1 ? ` 외 ${issues.length - 1}건` : '';
  throw new HttpError('INVALID_INPUT', `${subject}이(가) 올바르지 않습니다: ${first?.message ?? '형식을 확인하세요.'}${where}${more}. 보낸 내용은 적용되지 않았습니다.`, {
    issues: issues.slice(0, 20),
  });
}
