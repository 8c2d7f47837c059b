import { createHash } from 'node:crypto';
import http from 'node:http';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import {
  ADMIN_PATHS,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  SYNC_PATHS,
  APP_VERSION_HEADER,
  UPLOAD_COMPLETE_HEADER,
  UPLOAD_LENGTH_HEADER,
  UPLOAD_OFFSET_HEADER,
  enrollResponseSchema,
  errorResponseSchema,
  pullResponseSchema,
  pushResponseSchema,
  statsResponseSchema,
  type Change,
  type Fields,
  type Mutation,
  type PullResponse,
  type PushResponse,
} from '../../../shared/sync/protocol';

/**
 * A small protocol-level client, as the app's sync client will behave: it keeps a cursor and
 * the last pulled copy of every record, and takes each mutation's baseVersion from that copy.
 */
export interface HttpResult {
  status: number;
  headers: Headers;
  json: unknown;
}

export async function request(
  url: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string | Uint8Array; headers?: Record<string, string>; protocol?: string | null } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.protocol !== null) headers[PROTOCOL_HEADER] = options.protocol ?? String(PROTOCOL_VERSION);
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  // One connection per request: a request sent on an idle keep-alive connection at the moment HQ
  // closes it fails before any answer ("other side closed"), which Node's fetch does not retry
  // (seen in tickets-sync and device-sync on a loaded machine).
  if (!('connection' in headers)) headers.connection = 'close';
  let body: string | Blob | undefined;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(options.body);
  } else if (options.rawBody !== undefined) {
    body = typeof options.rawBody === 'string' ? options.rawBody : new Blob([Uint8Array.from(options.rawBody)]);
  }
  const res = await fetch(new URL(path, url), { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, headers: res.headers, json };
}

export function errorOf(result: HttpResult) {
  return errorResponseSchema.parse(result.json).error;
}

export interface LocalRecord {
  version: number;
  fields: Fields;
  deleted: boolean;
}

export const keyOf = (entity: string, id: string) => `${entity}:${id}`;

export class Device {
  cursor = 0;
  /** The last pulled copy of every record, by `entity:id`. */
  readonly records = new Map<string, LocalRecord>();
  /** Every change ever pulled, in order (for exactly-once checks). */
  readonly pulled: Change[] = [];
  /** The app version this device reports when it pulls (null: an app older than the header). */
  appVersion: string | null = '0.1.0';

  constructor(
    /** Changes when the test restarts HQ on another port. */
    public url: string,
    readonly id: string,
    readonly token: string,
    readonly branch: string,
  ) {}

  static async enroll(url: string, code: string, name: string): Promise<Device> {
    const res = await request(url, 'POST', SYNC_PATHS.enroll, { body: { code, deviceName: name } });
    if (res.status !== 200) throw new Error(`enroll failed: ${res.status} ${JSON.stringify(res.json)}`);
    const e = enrollResponseSchema.parse(res.json);
    return new Device(url, e.deviceId, e.deviceToken, e.branch.name);
  }

  /** A mutation whose baseVersion is the version of the record's last pulled copy (0 if none). */
  mutation(entity: string, entityId: string, fields: Fields, opts: { op?: 'upsert' | 'delete'; clientTime?: Date; baseVersion?: number } = {}): Mutation {
    return {
      mutationId: uuidv7(),
      entity,
      entityId,
      op: opts.op ?? 'upsert',
      fields,
      baseVersion: opts.baseVersion ?? this.records.get(keyOf(entity, entityId))?.version ?? 0,
      clientTime: (opts.clientTime ?? new Date()).toISOString(),
    };
  }

  async pushRaw(body: unknown, options: { protocol?: string | null; headers?: Record<string, string> } = {}): Promise<HttpResult> {
    return request(this.url, 'POST', SYNC_PATHS.push, { token: this.token, body, ...options });
  }

  async push(mutations: Mutation[]): Promise<PushResponse> {
    const res = await this.pushRaw({ mutations });
    if (res.status !== 200) throw new Error(`push failed: ${res.status} ${JSON.stringify(res.json)}`);
    return pushResponseSchema.parse(res.json);
  }

  async pullPage(limit?: number): Promise<PullResponse> {
    const q = new URLSearchParams({ cursor: String(this.cursor), ...(limit ? { limit: String(limit) } : {}) });
    const res = await request(this.url, 'GET', `${SYNC_PATHS.pull}?${q}`, { token: this.token, ...(this.appVersion !== null ? { headers: { [APP_VERSION_HEADER]: this.appVersion } } : {}) });
    if (res.status !== 200) throw new Error(`pull failed: ${res.status} ${JSON.stringify(res.json)}`);
    const page = pullResponseSchema.parse(res.json);
    for (const c of page.changes) {
      this.pulled.push(c);
      this.records.set(keyOf(c.entity, c.id), { version: c.version, fields: c.fields, deleted: c.deleted === true });
    }
    this.cursor = page.cursor;
    return page;
  }

  /** Pulls until HQ says there is no more; returns the changes of this sync. */
  async pullAll(limit?: number): Promise<Change[]> {
    const got: Change[] = [];
    for (;;) {
      const page = await this.pullPage(limit);
      got.push(...page.changes);
      if (!page.hasMore) return got;
    }
  }

  record(entity: string, id: string): LocalRecord | undefined {
    return this.records.get(keyOf(entity, id));
  }

  async uploadChunk(sha256: string, offset: number, size: number, chunk: Uint8Array): Promise<HttpResult> {
    return request(this.url, 'PUT', SYNC_PATHS.attachment(sha256), {
      token: this.token,
      rawBody: chunk,
      headers: { 'content-type': 'application/octet-stream', [UPLOAD_OFFSET_HEADER]: String(offset), [UPLOAD_LENGTH_HEADER]: String(size) },
    });
  }

  async uploadState(sha256: string): Promise<{ status: number; received: number; size: number; complete: boolean }> {
    const res = await fetch(new URL(SYNC_PATHS.attachment(sha256), this.url), {
      method: 'HEAD',
      headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), authorization: `Bearer ${this.token}` },
    });
    return {
      status: res.status,
      received: Number(res.headers.get(UPLOAD_OFFSET_HEADER)),
      size: Number(res.headers.get(UPLOAD_LENGTH_HEADER)),
      complete: res.headers.get(UPLOAD_COMPLETE_HEADER) === 'true',
    };
  }

  /**
   * Starts a chunk upload and cuts the connection after `sendBytes` of it, as a laptop losing
   * its network mid-upload would.
   */
  async interruptedChunk(sha256: string, offset: number, size: number, chunk: Uint8Array, sendBytes: number): Promise<void> {
    const target = new URL(SYNC_PATHS.attachment(sha256), this.url);
    await new Promise<void>((resolve) => {
      const req = http.request({
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'PUT',
        headers: {
          [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
          authorization: `Bearer ${this.token}`,
          'content-type': 'application/octet-stream',
          'content-length': String(chunk.length),
          [UPLOAD_OFFSET_HEADER]: String(offset),
          [UPLOAD_LENGTH_HEADER]: String(size),
        },
      });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      req.write(chunk.subarray(0, sendBytes), () => {
        setTimeout(() => req.destroy(), 50);
      });
    });
  }
}

export class Admin {
  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  call(method: string, path: string, body?: unknown): Promise<HttpResult> {
    return request(this.url, method, path, { token: this.token, ...(body !== undefined ? { body } : {}) });
  }

  async ok<S extends z.ZodType>(schema: S, method: string, path: string, body?: unknown): Promise<z.output<S>> {
    const res = await this.call(method, path, body);
    if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.json)}`);
    return schema.parse(res.json);
  }

  async enrollCode(branch: string, rep: string, ttlSeconds?: number): Promise<string> {
    const res = await this.call('POST', ADMIN_PATHS.enrollmentCodes, { branch, rep, ...(ttlSeconds ? { ttlSeconds } : {}) });
    if (res.status !== 200) throw new Error(`enrollment code: ${res.status} ${JSON.stringify(res.json)}`);
    return (res.json as { code: string }).code;
  }

  async enroll(branch: string, rep: string, deviceName: string): Promise<Device> {
    return Device.enroll(this.url, await this.enrollCode(branch, rep), deviceName);
  }

  stats(branch?: string) {
    return this.ok(statsResponseSchema, 'GET', `${ADMIN_PATHS.stats}${branch ? `?branch=${encodeURIComponent(branch)}` : ''}`);
  }
}

export const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
export const newId = () => uuidv7();

/** A customer record as the app would push it (rep-owned fields). */
export function customerFields(n: number): Fields {
  return {
    name: `테스트상사 ${n}`,
    businessNumber: '220-81-62517',
    representative: '대표자',
    address: `서울특별시 중구 세종대로 ${n}`,
    phone: '02-123-4567',
  };
}

/** An application record as the app would push it. */
export function applicationFields(customerId: string, status = 'draft', kind = 'new'): Fields {
  return {
    kind,
    customerId,
    term: '36m',
    items: [{ code: 'asp-basic', quantity: 30 }],
    seller: { team: '강남지사 기업영업팀', name: '영업대표', phone: '02-555-0101' },
    date: '2026-11-22',
    status,
  };
}

/** A saved quote version (immutable content; HQ owns its approval fields). */
export function quoteVersionFields(quoteId: string, version: number): Fields {
  return {
    quoteId,
    version,
    catalogId: 'bizmeka-callcenter',
    catalogVersion: '2014-01',
    currency: 'KRW',
    term: '36m',
    items: [{ code: 'asp-basic', quantity: 30, unitPrice: 136_000 }],
    result: { monthly: { supply: 4_080_000, vat: 408_000, total: 4_488_000 } },
    monthlyTotal: 4_080_000,
    approvalRequired: true,
    approvalStatus: 'pending',
    validUntil: '2026-12-22',
  };
}
