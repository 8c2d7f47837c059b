import type { z } from 'zod';
import { koreanErrorMap, zodIssues } from '../shared/contract/errors';
import { errorMessageText, errorMsg, isErrorKey, keyOfText, type ErrorMsg } from '../shared/i18n/error-messages';
import { HTTP_STATUS_OF, type SyncError, type SyncErrorCode } from '../shared/sync/protocol';

/** An expected failure: becomes `{ error: { code, message, details } }` with its HTTP status. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly code: SyncErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  /** The keyed message behind `message` (Korean), when it was raised with one. */
  readonly keyedMessage: ErrorMsg | undefined;
  /** `message`: the Korean text, or a keyed message whose Korean becomes the text. */
  constructor(code: SyncErrorCode, message: string | ErrorMsg, details?: Record<string, unknown>) {
    super(typeof message === 'string' ? message : errorMessageText(message));
    this.code = code;
    this.status = HTTP_STATUS_OF[code];
    this.details = details;
    this.keyedMessage = typeof message === 'string' ? keyOfText(message) : message;
  }
  toWire(): SyncError {
    const keyedPart = this.keyedMessage ? { key: this.keyedMessage.key, ...(this.keyedMessage.params ? { params: this.keyedMessage.params } : {}) } : {};
    return this.details === undefined ? { code: this.code, message: this.message, ...keyedPart } : { code: this.code, message: this.message, ...keyedPart, details: this.details };
  }
}

/** Parses a request part with Korean messages; a failure is a 400 naming the first problem. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, subject: string): z.output<S> {
  const result = schema.safeParse(value, { error: koreanErrorMap });
  if (result.success) return result.data;
  const issues = zodIssues(result.error);
  const head = issues[0];
  // The first issue nested as a keyed message when it has a key (the console shows it in its language).
  const first = head === undefined ? errorMsg('hq.checkFormat') : isErrorKey(head.key) ? errorMsg(head.key, head.params) : head.message;
  const where = head?.path ? errorMsg('hq.where', { path: head.path }) : '';
  const more = issues.length > 1 ? errorMsg('hq.more', { count: issues.length - 1 }) : '';
  throw new HttpError('INVALID_INPUT', errorMsg('hq.invalidRequest', { subject, first, where, more }), { issues: issues.slice(0, 20) });
}
