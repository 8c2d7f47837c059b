/**
 * The device's HTTP calls to HQ: protocol header, device token, timeouts, and errors turned into
 * SyncFailure with a Korean message that says what the rep should do.
 *
 * Every failure has a kind (shared/sync/device-state.ts): the transient ones (no connection, no
 * answer in time, a server error, an answer that is not HQ's) are tried again with backoff and
 * never count against a record; only a refusal HQ itself made (`refused`: HQ's 4xx, with its
 * protocol header and error body) says something about what was sent.
 *
 * One request is sent a second time, at once: an idempotent one whose kept-alive connection HQ
 * closed as idle just as the request went out on it (see `closedUnderRequest`).
 */
import type { z } from 'zod';
import { AppError, type ErrorCode } from '../../../shared/contract/errors';
import type { SyncFailureKind } from '../../../shared/sync/device-state';
import { deviceReportHeaders, errorResponseSchema, PROTOCOL_HEADER, PROTOCOL_VERSION, SYNC_PATHS, type DeviceReport } from '../../../shared/sync/protocol';

export class SyncFailure extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly httpStatus: number | null,
    readonly kind: SyncFailureKind,
    /** HQ read the request and refused what it carried (not a passing failure). */
    readonly refused = false,
    extra: Record<string, unknown> = {},
  ) {
    super(code, message, { httpStatus, kind, ...(refused ? { refused } : {}), ...extra });
  }

  /** Tried again later by itself (with backoff); the rest need the rep (update, enroll again). */
  get retryable(): boolean {
    return this.kind !== 'update' && this.kind !== 'unauthorized' && !this.refused;
  }
}

const OFFLINE_MESSAGE = '본사 서버에 연결할 수 없습니다. 네트워크(와이파이·VPN)를 확인하세요. 작업 내용은 이 기기에 안전하게 저장되어 있고, 연결되면 자동으로 보냅니다.';
const TIMEOUT_MESSAGE = '본사 서버가 제때 응답하지 않습니다 (연결이 매우 느리거나 끊겼습니다). 작업 내용은 이 기기에 안전하게 저장되어 있고, 자동으로 다시 시도합니다.';

const UPDATE_MESSAGE = '앱을 업데이트하세요: 본사 서버와 동기화 규약이 다릅니다. 작업 내용은 이 기기에 그대로 있고, 업데이트한 뒤 보냅니다.';
const NOT_HQ_MESSAGE =
  '본사 서버의 응답을 이해할 수 없습니다. 서버 주소가 SalesDesk 본사 서버인지 확인하세요 (공용 와이파이의 로그인 화면일 수도 있습니다). 주소가 맞다면 앱을 최신 버전으로 업데이트하세요. 작업 내용은 이 기기에 그대로 있습니다.';

/** The app and HQ speak different protocol versions: only an update helps, not a retry. */
function updateRequired(message: string = UPDATE_MESSAGE): SyncFailure {
  return new SyncFailure('UNAVAILABLE', message, 426, 'update', false, { update: true });
}

/** A reply that is not what HQ sends (a captive portal, another server, a different HQ version). */
export function notHq(httpStatus: number | null): SyncFailure {
  return new SyncFailure('UNAVAILABLE', NOT_HQ_MESSAGE, httpStatus, 'not_hq');
}

/** An answer from HQ in the shape this version expects; anything else is "not our HQ / update", never a raw zod dump. */
export function fromHq<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const r = schema.safeParse(raw);
  if (!r.success) throw notHq(200);
  return r.data;
}

/** The request never got a whole answer: no connection, reset, or no answer in time. */
export function connectionFailure(error: unknown): SyncFailure {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError') return new SyncFailure('UNAVAILABLE', TIMEOUT_MESSAGE, null, 'timeout');
  return new SyncFailure('UNAVAILABLE', OFFLINE_MESSAGE, null, 'network');
}

/**
 * The connection closed under the request before any answer: Node's fetch reuses a kept-alive
 * connection, and HQ closes one that sat idle past its keep-alive time — on a busy machine just as
 * the client sends on it ("fetch failed", cause "other side closed" / a reset). Not a timeout, not
 * a refused connection, not an answer cut off mid-way (that fails while reading the body).
 */
function closedUnderRequest(error: unknown): boolean {
  if (!(error instanceof TypeError)) return false;
  const code = (error.cause as { code?: unknown } | null | undefined)?.code;
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE';
}

/**
 * Whether sending the request again cannot do anything twice: pushes carry mutation ids HQ applies
 * once, pulls and attachment reads only read, an attachment chunk goes to its content address at
 * its offset. Enrollment spends a one-time code: never sent twice.
 */
function idempotent(method: string, path: string): boolean {
  if (method === 'POST') return path === SYNC_PATHS.push;
  return method === 'GET' || method === 'HEAD' || method === 'PUT';
}

interface RequestOptions {
  token?: string | undefined;
  timeoutMs?: number;
  /** Headers of this request (the protocol's own are always sent). */
  headers?: Record<string, string>;
}

interface RawResponse {
  status: number;
  headers: Headers;
  /** The whole body, read within the request's time limit. */
  body: Uint8Array;
  json(): unknown;
}

export interface HqHttp {
  json<T>(method: 'GET' | 'POST', path: string, body?: unknown, opts?: RequestOptions): Promise<T>;
  raw(method: 'HEAD' | 'GET' | 'PUT', path: string, opts: RequestOptions & { body?: Uint8Array }): Promise<RawResponse>;
}

/** Request time limits: answering at all, and moving a large body. */
export interface HttpTimeouts {
  /** Small calls (enrollment, attachment status). */
  requestMs: number;
  /** Pushes, pulled pages and file chunks (up to a few MiB). */
  transferMs: number;
}
export const DEFAULT_TIMEOUTS: HttpTimeouts = { requestMs: 30_000, transferMs: 120_000 };

function failureFromStatus(status: number, body: unknown, enrolling = false): SyncFailure {
  const parsed = errorResponseSchema.safeParse(body);
  const serverMessage = parsed.success ? parsed.data.error.message : null;
  const code = parsed.success ? parsed.data.error.code : null;
  if (status === 401 && enrolling) {
    // The code itself was refused (used, unknown, expired): HQ's message says which.
    return new SyncFailure('UNAUTHORIZED', serverMessage ?? '등록 코드가 맞지 않습니다. 본사에서 새 등록 코드를 받아 입력하세요.', status, 'unauthorized', true);
  }
  if (status === 401) {
    return new SyncFailure(
      'UNAUTHORIZED',
      '이 기기의 본사 등록이 해제되었거나 만료되었습니다. 본사에서 새 등록 코드를 받아 다시 등록하세요. 작업 내용은 이 기기에 그대로 있습니다.',
      status,
      'unauthorized',
    );
  }
  if (status === 426) return updateRequired(serverMessage ?? UPDATE_MESSAGE);
  if (status >= 500 || status === 408 || status === 429) {
    return new SyncFailure(
      'UNAVAILABLE',
      `본사 서버에 일시적인 문제가 있습니다 (HTTP ${status}). 작업 내용은 이 기기에 그대로 있고, 자동으로 다시 시도합니다. 계속되면 본사 담당자에게 알려 주세요.`,
      status,
      'hq_error',
    );
  }
  // Without HQ's error body it is not HQ refusing (a proxy, a portal): nothing to hold against what was sent.
  if (!parsed.success) return notHq(status);
  if (status === 413) return new SyncFailure('INVALID_INPUT', serverMessage ?? '보낼 자료가 너무 큽니다.', status, 'hq_error', true);
  const known = code === 'FORBIDDEN' || code === 'NOT_FOUND' || code === 'CONFLICT' || code === 'NOT_ALLOWED' || code === 'INVALID_INPUT' ? code : 'INVALID_INPUT';
  return new SyncFailure(known, serverMessage ?? `본사 서버가 요청을 거절했습니다 (HTTP ${status}).`, status, 'hq_error', true);
}

function parseJson(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder().decode(bytes)) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * `report` says what the device tells HQ about itself on every call (app version, changes still
 * waiting); it is read at each request, so the last call of a sync carries the count after it.
 */
export function createHqHttp(baseUrl: string, fetchImpl: typeof fetch = fetch, timeouts: HttpTimeouts = DEFAULT_TIMEOUTS, report?: () => DeviceReport): HqHttp {
  const base = baseUrl.replace(/\/+$/, '');
  /** Sends and reads the whole answer within the time limit; anything short of that is a connection failure. */
  async function send(method: string, path: string, init: RequestOptions & { body?: BodyInit }): Promise<RawResponse> {
    const request = () =>
      fetchImpl(`${base}${path}`, {
        method,
        headers: {
          [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
          ...(report ? deviceReportHeaders(report()) : {}),
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
          ...init.headers,
        },
        ...(init.body !== undefined ? { body: init.body } : {}),
        signal: AbortSignal.timeout(init.timeoutMs ?? timeouts.requestMs),
      });
    try {
      let response: Response;
      try {
        response = await request();
      } catch (error) {
        // Once, on a fresh connection (the closed one has left the pool); a second failure stands.
        if (!closedUnderRequest(error) || !idempotent(method, path)) throw error;
        response = await request();
      }
      // A body cut off mid-way (reset, stall until the time limit) is a connection failure, not "not HQ".
      const body = method === 'HEAD' ? new Uint8Array() : new Uint8Array(await response.arrayBuffer());
      return {
        status: response.status,
        headers: response.headers,
        body,
        json: () => {
          const p = parseJson(body);
          return p.ok ? p.value : null;
        },
      };
    } catch (error) {
      throw connectionFailure(error);
    }
  }
  return {
    async json<T>(method: 'GET' | 'POST', path: string, body?: unknown, opts: RequestOptions = {}) {
      const response = await send(method, path, {
        token: opts.token,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        headers: { ...opts.headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
      });
      const parsed = parseJson(response.body);
      const version = response.headers.get(PROTOCOL_HEADER);
      if (response.status < 200 || response.status >= 300) {
        // 5xx and 426 mean the same whoever sent them; any other error without HQ's header is not HQ's.
        if (response.status < 500 && response.status !== 426 && response.status !== 408 && response.status !== 429 && (!parsed.ok || version === null)) throw notHq(response.status);
        throw failureFromStatus(response.status, parsed.ok ? parsed.value : null, path === SYNC_PATHS.enroll);
      }
      // Every HQ answer names its protocol version: another one (or none) is not our HQ, or not this version.
      if (version !== null && version !== String(PROTOCOL_VERSION)) throw updateRequired();
      if (!parsed.ok || version === null) throw notHq(response.status);
      return parsed.value as T;
    },
    async raw(method, path, opts) {
      const response = await send(method, path, {
        token: opts.token,
        ...(opts.body ? { body: opts.body as unknown as BodyInit } : {}),
        ...(opts.headers ? { headers: opts.headers } : {}),
        ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
      });
      if ((response.status < 200 || response.status >= 300) && response.status !== 404 && response.status !== 409) {
        const version = response.headers.get(PROTOCOL_HEADER);
        if (response.status < 500 && response.status !== 426 && response.status !== 408 && response.status !== 429 && version === null) throw notHq(response.status);
        throw failureFromStatus(response.status, response.json());
      }
      return response;
    },
  };
}
