/**
 * The device's HTTP calls to HQ: protocol header, device token, timeouts, and errors turned into
 * SyncFailure with a Korean message that says what the rep should do.
 */
import { AppError, type ErrorCode } from '../../../shared/contract/errors';
import { errorResponseSchema, PROTOCOL_HEADER, PROTOCOL_VERSION, SYNC_PATHS } from '../../../shared/sync/protocol';

export class SyncFailure extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly httpStatus: number | null,
    readonly retryable: boolean,
    extra: Record<string, unknown> = {},
  ) {
    super(code, message, { httpStatus, retryable, ...extra });
  }
}

export const OFFLINE_MESSAGE =
  '본사 서버에 연결할 수 없습니다. 네트워크(와이파이·VPN)를 확인하세요. 작업 내용은 이 기기에 안전하게 저장되어 있고, 연결되면 자동으로 보냅니다.';

export const UPDATE_MESSAGE = '앱을 업데이트하세요: 본사 서버와 동기화 규약이 다릅니다. 작업 내용은 이 기기에 그대로 있고, 업데이트한 뒤 보냅니다.';
export const NOT_HQ_MESSAGE =
  '본사 서버의 응답을 이해할 수 없습니다. 서버 주소가 SalesDesk 본사 서버인지 확인하세요 (공용 와이파이의 로그인 화면일 수도 있습니다). 주소가 맞다면 앱을 최신 버전으로 업데이트하세요. 작업 내용은 이 기기에 그대로 있습니다.';

/** The app and HQ speak different protocol versions: only an update helps, not a retry. */
export function updateRequired(message: string = UPDATE_MESSAGE): SyncFailure {
  return new SyncFailure('UNAVAILABLE', message, 426, false, { update: true });
}

/** A reply that is not what HQ sends (a captive portal, another server, a different HQ version). */
export function notHq(httpStatus: number | null): SyncFailure {
  return new SyncFailure('UNAVAILABLE', NOT_HQ_MESSAGE, httpStatus, false);
}

export interface HqHttp {
  json<T>(method: 'GET' | 'POST', path: string, body?: unknown, opts?: { token?: string | undefined; timeoutMs?: number }): Promise<T>;
  raw(method: 'HEAD' | 'GET' | 'PUT', path: string, opts: { token?: string | undefined; body?: Uint8Array; headers?: Record<string, string>; timeoutMs?: number }): Promise<Response>;
}

function failureFromStatus(status: number, body: unknown, enrolling = false): SyncFailure {
  const parsed = errorResponseSchema.safeParse(body);
  const serverMessage = parsed.success ? parsed.data.error.message : null;
  const code = parsed.success ? parsed.data.error.code : null;
  if (status === 401 && enrolling) {
    // The code itself was refused (used, unknown, expired): HQ's message says which.
    return new SyncFailure('UNAUTHORIZED', serverMessage ?? '등록 코드가 맞지 않습니다. 본사에서 새 등록 코드를 받아 입력하세요.', status, false);
  }
  if (status === 401) {
    return new SyncFailure('UNAUTHORIZED', '이 기기의 본사 등록이 해제되었거나 만료되었습니다. 본사에서 새 등록 코드를 받아 다시 등록하세요. 작업 내용은 이 기기에 그대로 있습니다.', status, false);
  }
  if (status === 426) return updateRequired(serverMessage ?? UPDATE_MESSAGE);
  if (status === 413) return new SyncFailure('INVALID_INPUT', serverMessage ?? '보낼 자료가 너무 큽니다.', status, false);
  if (status >= 500) {
    return new SyncFailure('UNAVAILABLE', `본사 서버에 일시적인 문제가 있습니다 (HTTP ${status}). 자동으로 다시 시도합니다. 계속되면 본사 담당자에게 알려 주세요.`, status, true);
  }
  const known = code === 'FORBIDDEN' || code === 'NOT_FOUND' || code === 'CONFLICT' || code === 'NOT_ALLOWED' || code === 'INVALID_INPUT' ? code : 'INVALID_INPUT';
  return new SyncFailure(known, serverMessage ?? `본사 서버가 요청을 거절했습니다 (HTTP ${status}).`, status, false);
}

export function createHqHttp(baseUrl: string, fetchImpl: typeof fetch = fetch): HqHttp {
  const base = baseUrl.replace(/\/+$/, '');
  async function send(method: string, path: string, init: { token?: string | undefined; body?: BodyInit; headers?: Record<string, string>; timeoutMs?: number }) {
    try {
      return await fetchImpl(`${base}${path}`, {
        method,
        headers: {
          [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
          ...init.headers,
        },
        ...(init.body !== undefined ? { body: init.body } : {}),
        signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
      });
    } catch {
      throw new SyncFailure('UNAVAILABLE', OFFLINE_MESSAGE, null, true);
    }
  }
  return {
    async json<T>(method: 'GET' | 'POST', path: string, body?: unknown, opts: { token?: string | undefined; timeoutMs?: number } = {}) {
      const response = await send(method, path, {
        token: opts.token,
        ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
        ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
      });
      let parsed: unknown;
      let isJson = true;
      try {
        parsed = await response.json();
      } catch {
        parsed = null;
        isJson = false;
      }
      if (!response.ok) {
        if (!isJson && response.status < 500 && response.status !== 426) throw notHq(response.status);
        throw failureFromStatus(response.status, parsed, path === SYNC_PATHS.enroll);
      }
      // Every HQ answer names its protocol version: another one (or none) is not our HQ, or not this version.
      const version = response.headers.get(PROTOCOL_HEADER);
      if (version !== null && version !== String(PROTOCOL_VERSION)) throw updateRequired();
      if (!isJson || version === null) throw notHq(response.status);
      return parsed as T;
    },
    async raw(method, path, opts) {
      const response = await send(method, path, {
        token: opts.token,
        ...(opts.body ? { body: opts.body as unknown as BodyInit } : {}),
        ...(opts.headers ? { headers: opts.headers } : {}),
        ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
      });
      if (!response.ok && response.status !== 404 && response.status !== 409) {
        let parsed: unknown = null;
        try {
          parsed = await response.json();
        } catch {
          // not JSON
        }
        throw failureFromStatus(response.status, parsed);
      }
      return response;
    },
  };
}
