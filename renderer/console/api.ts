import i18n from 'i18next';
import { CONSOLE_API } from '../../shared/console/api';
import { localizeWireError, type WireError } from '../../shared/contract/errors';
import { CONSOLE_HEADERS } from '../../shared/console/roles';

/**
 * The console's one way to HQ: same-origin fetch (the session cookie rides along, httpOnly), the
 * session's CSRF token on every write, HQ's Korean error message as the Error's message.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly details: Record<string, unknown> | undefined,
  ) {
    super(message);
  }
}

let csrfToken = '';
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when HQ says the session is gone (signed out, idle time-out): the app shows sign-in. */
let onSignedOut: (message: string) => void = () => undefined;
export function whenSignedOut(fn: (message: string) => void): void {
  onSignedOut = fn;
}

export type Query = Record<string, string | number | undefined | null>;

export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `${CONSOLE_API}${path}${qs ? `?${qs}` : ''}`;
}

export async function api<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = { [CONSOLE_HEADERS.client]: '1' };
  if (method !== 'GET') headers[CONSOLE_HEADERS.csrf] = csrfToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(apiUrl(path, query), { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  } catch {
    throw new ApiError('HQ 서버에 연결할 수 없습니다. 네트워크와 서버 상태를 확인하고 다시 시도하세요.', 0, 'UNAVAILABLE', undefined);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const raw = (json as { error?: { code?: string; message?: string; key?: string; params?: Record<string, unknown>; details?: Record<string, unknown> } } | undefined)?.error;
    // HQ's keyed errors read in the console's language; an unkeyed one keeps HQ's Korean.
    const error = raw?.message === undefined ? raw : localizeWireError(raw as WireError, i18n.language === 'en' ? 'en' : 'ko');
    const e = new ApiError(error?.message ?? `HQ 서버가 알 수 없는 응답을 보냈습니다 (HTTP ${response.status}).`, response.status, error?.code ?? String(response.status), error?.details);
    if (response.status === 401 && path !== '/login') onSignedOut(e.message);
    throw e;
  }
  return json as T;
}

/** The raw bytes of a file HQ holds for an application (signed documents, attachments). */
export async function fileBytes(applicationId: string, sha256: string): Promise<{ bytes: Uint8Array; type: string }> {
  const response = await fetch(apiUrl(`/applications/${encodeURIComponent(applicationId)}/files/${sha256}`), { credentials: 'same-origin' });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new ApiError(body?.error?.message ?? `파일을 열 수 없습니다 (HTTP ${response.status}).`, response.status, 'FILE', undefined);
  }
  return { bytes: new Uint8Array(await response.arrayBuffer()), type: response.headers.get('content-type') ?? 'application/octet-stream' };
}
