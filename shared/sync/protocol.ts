import { z } from 'zod';
import { ERROR_CODES } from '../contract/errors';
import { QUOTE_APPROVAL_STATUSES } from './ownership';
import { APPLICATION_STATUSES } from '../domain/status';
import { supplierSchema } from '../forms/inputs';
import { catalogSchema } from '../catalog/schema';
import { cleanText, findUnsafeJson, requiredCleanText, unsafeJsonMessage } from '../domain/text';

/**
 * The sync protocol between the app (device) and HQ: every request and response shape, the
 * limits and the headers. Pure zod; both ends parse with these schemas.
 *
 * Versioning: the device sends `x-salesdesk-protocol: <PROTOCOL_VERSION>` on every /sync call;
 * HQ answers 426 (code UPGRADE_REQUIRED, nothing applied) when it differs. Bump the version for
 * any change an older peer would misread; additive optional response fields do not need it.
 */
export const PROTOCOL_VERSION = 1;
export const PROTOCOL_HEADER = 'x-salesdesk-protocol';

/** Resumable upload headers (request: where this chunk starts and the file's total size;
 * HEAD response: how many bytes HQ holds, the declared size, and whether it is complete). */
export const UPLOAD_OFFSET_HEADER = 'x-salesdesk-upload-offset';
export const UPLOAD_LENGTH_HEADER = 'x-salesdesk-upload-length';
export const UPLOAD_COMPLETE_HEADER = 'x-salesdesk-upload-complete';

/**
 * What the device reports about itself on every /sync call, in two optional headers (a device
 * that sends neither — an older app — syncs as before, and an older HQ ignores them): the app's
 * version and how many changes still wait in its outbox (queued or sent, not yet taken by HQ).
 * HQ keeps the latest on the device row for the console's 기기 page.
 */
export const APP_VERSION_HEADER = 'x-salesdesk-app-version';
export const PENDING_HEADER = 'x-salesdesk-pending';
export const deviceReportSchema = z.object({
  appVersion: z
    .string()
    .trim()
    .min(1, { error: '앱 버전(x-salesdesk-app-version)이 비어 있습니다.' })
    .max(40, { error: '앱 버전(x-salesdesk-app-version)은 40자까지입니다.' })
    .regex(/^[0-9A-Za-z.+_-]+$/, { error: '앱 버전(x-salesdesk-app-version)에는 영문·숫자와 . + _ - 만 쓸 수 있습니다 (예: 1.4.0).' })
    .optional(),
  pending: z
    .string()
    .regex(/^\d{1,9}$/, { error: '대기 중인 변경 수(x-salesdesk-pending)는 0 이상의 정수입니다.' })
    .transform(Number)
    .optional(),
});
export type DeviceReport = { appVersion?: string; pending?: number };
/** The report as headers (what the device sends); a part HQ would refuse is left out, never sent. */
export function deviceReportHeaders(report: DeviceReport): Record<string, string> {
  const headers: Record<string, string> = {};
  if (report.appVersion !== undefined && deviceReportSchema.shape.appVersion.safeParse(report.appVersion).success) headers[APP_VERSION_HEADER] = report.appVersion.trim();
  if (report.pending !== undefined && deviceReportSchema.shape.pending.safeParse(String(report.pending)).success) headers[PENDING_HEADER] = String(report.pending);
  return headers;
}

const KiB = 1024;
const MiB = 1024 * KiB;

export const SYNC_LIMITS = {
  /** Mutations per push request. */
  pushMaxMutations: 1000,
  /** Bytes of one push request body. */
  pushMaxBytes: 4 * MiB,
  /** Bytes of one mutation's `fields` as JSON. */
  mutationMaxFieldBytes: 256 * KiB,
  /** Fields named in one mutation. */
  mutationMaxFields: 200,
  /** Changes per pull page: the default and the most a device may ask for. */
  pullDefaultLimit: 1000,
  pullMaxLimit: 5000,
  /** A pull page stops growing past about this many bytes of changes (at least one change). */
  pullMaxBytes: 4 * MiB,
  /** One attachment (signed PDF, scan) and one upload chunk. */
  attachmentMaxBytes: 64 * MiB,
  attachmentChunkMaxBytes: 2 * MiB,
  /** Enrollment request body. */
  enrollMaxBytes: 4 * KiB,
  /** Admin request bodies (catalog, contacts). */
  adminMaxBytes: 2 * MiB,
  /** Enrollment codes live this long (seconds) unless the admin says otherwise. */
  enrollmentCodeDefaultTtlSeconds: 24 * 60 * 60,
  enrollmentCodeMaxTtlSeconds: 30 * 24 * 60 * 60,
} as const;

export const SYNC_PATHS = {
  health: '/health',
  enroll: '/sync/enroll',
  push: '/sync/push',
  pull: '/sync/pull',
  /** HEAD: upload state in headers; GET: the file once complete; PUT: one chunk. */
  attachment: (sha256: string) => `/sync/attachments/${sha256}`,
  /** GET: upload state as JSON. */
  attachmentStatus: (sha256: string) => `/sync/attachments/${sha256}/status`,
} as const;

export const ADMIN_PATHS = {
  enrollmentCodes: '/admin/enrollment-codes',
  applications: '/admin/applications',
  soProcess: (id: string) => `/admin/applications/${id}/so-process`,
  applicationStatus: (id: string) => `/admin/applications/${id}/status`,
  catalogs: '/admin/catalogs',
  contacts: '/admin/contacts',
  supplier: '/admin/supplier',
  quotes: '/admin/quotes',
  quoteApprove: (id: string) => `/admin/quotes/${id}/approve`,
  quoteRefuse: (id: string) => `/admin/quotes/${id}/refuse`,
  deviceRevoke: (id: string) => `/admin/devices/${id}/revoke`,
  stats: '/admin/stats',
} as const;

// ---------------------------------------------------------------------------------------------
// Errors

/** The contract's error codes plus those only the sync wire has. */
const SYNC_ERROR_CODES = [...ERROR_CODES, 'UPGRADE_REQUIRED', 'TOO_LARGE', 'RATE_LIMITED'] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

const syncErrorSchema = z.object({
  code: z.enum(SYNC_ERROR_CODES),
  /** Korean: what happened and what to do. */
  message: z.string(),
  /** The message's key in shared/i18n/error-messages.ts, when it has one (the console shows it in its language). */
  key: z.string().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type SyncError = z.output<typeof syncErrorSchema>;

/** Every non-2xx response body. */
export const errorResponseSchema = z.object({ error: syncErrorSchema });
export type ErrorResponse = z.output<typeof errorResponseSchema>;

export const HTTP_STATUS_OF: Record<SyncErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  UNKNOWN_CHANNEL: 404,
  CONFLICT: 409,
  NOT_ALLOWED: 409,
  CONFIRM_REQUIRED: 409,
  TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UPGRADE_REQUIRED: 426,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

/** The Korean text of a 426, by which side is older. */
export function upgradeMessage(clientVersion: number | undefined): string {
  if (clientVersion !== undefined && clientVersion > PROTOCOL_VERSION) {
    return `이 앱(동기화 규약 ${clientVersion})이 HQ 서버(규약 ${PROTOCOL_VERSION})보다 새 버전이라 동기화할 수 없습니다. 작업 내용은 이 기기에 안전하게 남아 있으니, HQ 담당자에게 서버 업데이트를 요청한 뒤 다시 동기화하세요.`;
  }
  return `앱을 업데이트하세요: 이 앱의 동기화 규약(${clientVersion ?? '없음'})이 HQ 서버(규약 ${PROTOCOL_VERSION})와 다릅니다. 작업 내용은 이 기기에 안전하게 남아 있으니, 최신 SalesDesk로 업데이트한 뒤 다시 동기화하세요.`;
}

// ---------------------------------------------------------------------------------------------
// Common pieces

const uuidV7 = z.uuid({ version: 'v7', error: 'ID는 UUIDv7 형식이어야 합니다.' });
export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, { error: 'SHA-256은 소문자 16진수 64자리입니다.' });
const isoTime = z.iso
  .datetime({ offset: true, error: '시각은 ISO 8601 형식이어야 합니다 (예: 2026-11-22T10:00:00+09:00).' })
  // Year 0 is valid ISO 8601 but not a date PostgreSQL stores.
  .refine((v) => !v.startsWith('0000'), { error: '시각의 연도는 0001년 이후여야 합니다. 기기의 날짜와 시각을 확인하세요.' });

/** Versions and change numbers are PostgreSQL integers (versions int4, change numbers int8 within JS's safe range). */
const MAX_VERSION = 2_147_483_647;
const MAX_CURSOR = Number.MAX_SAFE_INTEGER;

/** An id HQ's admin API takes in its path (application, quote or device ids: UUIDs in practice). */
export const adminIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, { error: 'ID는 영문·숫자·-·_ 200자 이내입니다 (예: 청약 ID는 UUID).' });

/** An enrollment code as a person types it: letters, digits, dashes and spaces (e.g. 7KQ2-M9XD-4HTW). */
export const enrollmentCodeText = z
  .string({ error: '등록 코드를 입력하세요.' })
  .trim()
  .min(4, { error: '등록 코드를 확인하세요 (본사에서 받은 코드).' })
  .max(64, { error: '등록 코드를 확인하세요 (본사에서 받은 코드).' })
  .regex(/^[0-9A-Za-z -]+$/, { error: '등록 코드는 영문자·숫자·하이픈(-)입니다 (예: 7KQ2-M9XD-4HTW). 본사에서 받은 코드를 확인하세요.' });
/** True when `value` is JSON: null, a boolean, a finite number, a string, or arrays and plain objects of them (walked iteratively). */
function isJsonValue(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v === 'string' || typeof v === 'boolean') continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return false;
      continue;
    }
    if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
      continue;
    }
    if (typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return false;
    for (const item of Object.values(v as Record<string, unknown>)) stack.push(item);
  }
  return true;
}

/**
 * A pushed mutation's field values: a JSON object (names to any JSON values), checked by
 * one walk and taken as it is (not copied). The body arrived through JSON.parse, so the walk
 * only guards other callers; z.json()'s union per value was ~30 ms of HQ's CPU per 1,000
 * mutations. What the values may be, field by field, HQ checks next (checkMutationFields).
 */
const pushedFieldsSchema = z.custom<Fields>((v) => typeof v === 'object' && v !== null && !Array.isArray(v) && isJsonValue(v), {
  error: '변경 내용(fields)은 항목 이름과 JSON 값의 객체여야 합니다.',
});
export type JsonValue = z.output<ReturnType<typeof z.json>>;
export type Fields = Record<string, JsonValue>;

// ---------------------------------------------------------------------------------------------
// Enrollment: POST /sync/enroll (no token; the one-time code is the credential)

export const enrollRequestSchema = z.strictObject({
  code: enrollmentCodeText,
  deviceName: requiredCleanText('기기 이름', 100),
});

export const enrollResponseSchema = z.object({
  deviceId: z.uuid(),
  /** Send as `Authorization: Bearer <deviceToken>`. Shown once; HQ keeps only its SHA-256. */
  deviceToken: z.string(),
  branch: z.object({ id: z.number().int(), name: z.string() }),
  rep: z.object({ id: z.number().int(), name: z.string() }),
  /** Identifies the HQ database; if it ever changes, the device must start over from cursor 0. */
  serverId: z.string(),
});
export type EnrollResponse = z.output<typeof enrollResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Push: POST /sync/push

const MUTATION_OPS = ['upsert', 'delete'] as const;

const mutationSchema = z.strictObject({
  /** Made by the device when the rep's write is stored (UUIDv7); the same id on every resend. */
  mutationId: uuidV7,
  /** Which kind of record; unknown kinds are rejected one by one, not the whole batch. */
  entity: z.string().regex(/^[a-z][a-z_]{0,31}$/),
  /** The record's id (UUIDv7, made by the device when the record was created). */
  entityId: z.uuid(),
  op: z.enum(MUTATION_OPS),
  /** upsert: only the fields this write changed → their new values (null clears). delete: {}. */
  fields: pushedFieldsSchema,
  /** The record's server version the device's copy was based on (0 if never seen by HQ). */
  baseVersion: z
    .number()
    .int()
    .min(0)
    .max(MAX_VERSION, { error: `baseVersion은 ${MAX_VERSION} 이하입니다.` }),
  /** When the rep made the change, by the device clock. */
  clientTime: isoTime,
});
export type Mutation = z.input<typeof mutationSchema>;

export const pushRequestSchema = z.strictObject({
  mutations: z
    .array(mutationSchema)
    .min(1, { error: '보낼 변경이 없습니다.' })
    .max(SYNC_LIMITS.pushMaxMutations, { error: `한 번에 ${SYNC_LIMITS.pushMaxMutations}건까지 보낼 수 있습니다. 나누어 보내세요.` }),
});

const fieldConflictSchema = z.object({
  field: z.string(),
  /** The value this device sent. */
  yours: z.json(),
  /** The server's value: the one the record keeps when `winner` is 'theirs', the one this
   * write overrode when `winner` is 'yours' (null: none). */
  theirs: z.json(),
  /** Whose value the record now holds; the other one is the overridden value HQ keeps. */
  winner: z.enum(['yours', 'theirs']),
  /** One of ConflictReason (shared/sync/ownership.ts) (a newer server may add reasons: conflictReasonMessage gives a general text for those). */
  reason: z.string(),
});
export type FieldConflict = z.output<typeof fieldConflictSchema>;

const MUTATION_STATUSES = ['applied', 'duplicate', 'rejected'] as const;

const mutationResultSchema = z.object({
  mutationId: z.string(),
  /**
   * applied: HQ took it (some fields may have lost a conflict, see `conflicts`);
   * duplicate: HQ had already processed this mutationId — nothing was done again, the original
   *   outcome is repeated (`original`, `version`, `conflicts`, `error`);
   * rejected: nothing of it was applied (`error` says why and what to do); resending gives the
   *   same answer, so the device should stop sending it and show it to the rep.
   */
  status: z.enum(MUTATION_STATUSES),
  original: z.enum(['applied', 'rejected']).optional(),
  /** The record's server version right after this mutation (null when rejected). */
  version: z.number().int().nullable(),
  conflicts: z.array(fieldConflictSchema),
  error: syncErrorSchema.optional(),
});
export type MutationResult = z.output<typeof mutationResultSchema>;

/**
 * The change numbers one push batch wrote, from first to last (issue 12). HQ gives them only when
 * every record the batch wrote now holds exactly what the pushing device's copy holds: records
 * new to HQ or edited on the version HQ holds, every field taken as sent, nothing added by HQ, no
 * conflict and nothing else written. Such a device need not download them again: it names the
 * ranges when it pulls (PULL_SKIP_HEADER) and HQ leaves those numbers out of its pages.
 */
const echoSchema = z.object({
  fromSeq: z.number().int().min(1).max(MAX_CURSOR),
  toSeq: z.number().int().min(1).max(MAX_CURSOR),
});
export type PushEcho = z.output<typeof echoSchema>;

export const pushResponseSchema = z.object({
  /** One result per mutation, in request order. */
  results: z.array(mutationResultSchema),
  serverTime: z.string(),
  /** Absent from an older HQ, and whenever a record written differs from the device's copy. */
  echo: echoSchema.optional(),
});
export type PushResponse = z.output<typeof pushResponseSchema>;

/**
 * A pull's request header naming change numbers the device holds already (its own exact pushes,
 * `echo` above): `from-to` ranges, comma-separated, ascending, at most PULL_SKIP_MAX_RANGES. An
 * older HQ ignores it and sends them (the device then finds nothing to change).
 */
export const PULL_SKIP_HEADER = 'x-salesdesk-pull-skip';
export const PULL_SKIP_MAX_RANGES = 64;

export const pullSkipSchema = z
  .string()
  .max(PULL_SKIP_MAX_RANGES * 40, { error: `${PULL_SKIP_HEADER}는 ${PULL_SKIP_MAX_RANGES}개 구간까지 보낼 수 있습니다.` })
  .regex(/^\d{1,16}-\d{1,16}(,\d{1,16}-\d{1,16})*$/, { error: `${PULL_SKIP_HEADER}는 '처음-끝' 구간을 쉼표로 나눈 목록이어야 합니다 (예: 10-20,31-40).` })
  .transform((text) => text.split(',').map((r) => r.split('-').map(Number) as [number, number]))
  .refine((ranges) => ranges.length <= PULL_SKIP_MAX_RANGES, { error: `${PULL_SKIP_HEADER}는 ${PULL_SKIP_MAX_RANGES}개 구간까지 보낼 수 있습니다.` })
  .refine((ranges) => ranges.every(([from, to], i) => from >= 1 && from <= to && to <= MAX_CURSOR && (i === 0 || from > ranges[i - 1]![1])), {
    error: `${PULL_SKIP_HEADER}의 구간은 1 이상, 처음 ≤ 끝, 겹치지 않게 오름차순이어야 합니다.`,
  });

/** Ranges as PULL_SKIP_HEADER writes them. */
export const pullSkipHeader = (ranges: readonly (readonly [number, number])[]): string => ranges.map(([from, to]) => `${from}-${to}`).join(',');

// ---------------------------------------------------------------------------------------------
// Pull: GET /sync/pull?cursor=<n>&limit=<n>

export const pullQuerySchema = z.strictObject({
  cursor: z.coerce.number().int().min(0).max(MAX_CURSOR).default(0),
  limit: z.coerce.number().int().min(1).max(SYNC_LIMITS.pullMaxLimit).default(SYNC_LIMITS.pullDefaultLimit),
});

/**
 * A pulled record's fields: an object of field values. The answer was parsed from JSON text, so
 * every value in it is JSON already: checking each again (z.json(), recursive) cost about 1 s of
 * CPU per 100k records of a first sync for nothing. The device stores each value by its column's
 * kind (electron/core/sync/apply.ts).
 */
const pulledFieldsSchema = z.custom<Fields>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), { error: '레코드 필드는 객체여야 합니다.' });

const changeSchema = z.object({
  /** The server sequence number of this change; the device's cursor moves to the last one. */
  seq: z.number().int(),
  /** One of SYNC_ENTITIES; a device skips kinds it does not know (a newer HQ may add some). */
  entity: z.string(),
  id: z.string(),
  version: z.number().int(),
  /** The record's full current fields (not a diff). */
  fields: pulledFieldsSchema,
  deleted: z.literal(true).optional(),
});
export type Change = z.output<typeof changeSchema>;

export const pullResponseSchema = z.object({
  changes: z.array(changeSchema),
  /** Pass back as `cursor` next time; equals the request cursor when nothing changed. */
  cursor: z.number().int(),
  /** More changes are waiting: pull again at once with the new cursor. */
  hasMore: z.boolean(),
  /**
   * About how many changes wait after this page (sent with `hasMore`; 0 or absent otherwise), so a
   * long first sync can show "12,000 / 100,000". Added in issue 12: an older HQ leaves it out and
   * an older app ignores it.
   */
  remaining: z.number().int().min(0).optional(),
  serverId: z.string(),
  serverTime: z.string(),
});
export type PullResponse = z.output<typeof pullResponseSchema>;

/** The fields of a pulled `conflict` record (one overridden value, kept by HQ). */
export const conflictRecordFieldsSchema = z.object({
  entity: z.string(),
  entityId: z.string(),
  field: z.string(),
  /** `yours`/`theirs`/`winner` as seen by the device that pushed (`deviceId`). */
  yours: z.json(),
  theirs: z.json(),
  winner: z.enum(['yours', 'theirs']),
  reason: z.string(),
  mutationId: z.string(),
  deviceId: z.string(),
  /** The device whose value `theirs` was; null when it was HQ's. */
  otherDeviceId: z.string().nullable(),
  createdAt: z.string(),
});

/** Well-known ids of HQ records. Catalogs are `catalog-v<version>`, one record per version. */
export const HQ_CONTACTS_ID = 'hq-contacts';
/** The supplier block (공급자) printed on quotes and contracts; HQ publishes it (console, admin API, hq CLI). */
export const HQ_SUPPLIER_ID = 'hq-supplier';
export const catalogRecordId = (version: number) => `catalog-v${version}`;

// ---------------------------------------------------------------------------------------------
// Attachments: /sync/attachments/:sha256

export const attachmentStatusSchema = z.object({
  sha256: z.string(),
  /** The declared size in bytes (0 when HQ has never heard of this file). */
  size: z.number().int(),
  /** Bytes HQ holds, contiguous from the start: the next chunk goes at this offset. */
  received: z.number().int(),
  /** All bytes arrived and their SHA-256 matched. */
  complete: z.boolean(),
});
export type AttachmentStatus = z.output<typeof attachmentStatusSchema>;

// ---------------------------------------------------------------------------------------------
// Admin API (Authorization: Bearer <admin token>)

const nameText = (label: string) => requiredCleanText(label, 100);

export const enrollmentCodeRequestSchema = z.strictObject({
  branch: nameText('지사 이름'),
  rep: nameText('영업대표 이름'),
  /** How long the code works, in seconds (default one day, at most 30 days). */
  ttlSeconds: z.number().int().min(1).max(SYNC_LIMITS.enrollmentCodeMaxTtlSeconds, { error: '등록 코드는 최대 30일까지 유효하게 만들 수 있습니다.' }).optional(),
});
export const enrollmentCodeResponseSchema = z.object({
  code: z.string(),
  expiresAt: z.string(),
  branch: z.string(),
  rep: z.string(),
});

export const adminApplicationSchema = z.object({
  id: z.string(),
  branch: z.string(),
  customer: z.object({ name: z.string().nullable() }),
  status: z.string().nullable(),
  serviceNumber: z.string().nullable(),
});
export const adminApplicationsResponseSchema = z.array(adminApplicationSchema);
export const adminApplicationsQuerySchema = z.strictObject({
  branch: nameText('지사 이름').optional(),
  status: z.enum(APPLICATION_STATUSES).optional(),
});

export const soProcessResponseSchema = z.object({
  serviceNumber: z.string(),
  /** true when it had been processed before: the same number, nothing changed. */
  alreadyProcessed: z.boolean(),
});

const reasonText = requiredCleanText('사유', 1000, { lines: true });

export const setStatusRequestSchema = z.strictObject({
  /** One step of the lifecycle (shared/lifecycle/machine.ts) from the current status. */
  status: z.enum(APPLICATION_STATUSES, { error: `상태는 ${APPLICATION_STATUSES.join(', ')} 중 하나입니다.` }),
  reason: reasonText.optional(),
});
export const setStatusResponseSchema = z.object({
  id: z.string(),
  status: z.string(),
  version: z.number().int(),
  unchanged: z.boolean(),
});

/**
 * A published catalog: a price list in the pricing engine's format (shared/catalog/schema.ts),
 * stored as sent. One that the engine cannot use is refused, so HQ never believes new prices are
 * out while the devices ignore them.
 */
export const catalogPublishSchema = z.record(z.string(), z.json()).superRefine((value, ctx) => {
  // Every key and string, also in parts the engine ignores: all of it is stored and sent to devices.
  const unsafe = findUnsafeJson(value);
  if (unsafe) {
    ctx.addIssue({ code: 'custom', path: unsafe.path ? unsafe.path.split('.') : [], message: unsafeJsonMessage('카탈로그', unsafe) });
    return;
  }
  const r = catalogSchema.safeParse(value);
  if (r.success) return;
  for (const issue of r.error.issues.slice(0, 20)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});
export const publishResponseSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  /** true when the body equalled the latest published one: no new version was made. */
  unchanged: z.boolean(),
});

/** One row of form #6 (연락처): role, team, person, mobile, phone — maintained by HQ. */
export const contactSchema = z.strictObject({
  role: nameText('역할'),
  team: nameText('소속 팀'),
  person: cleanText('담당자', 50).optional(),
  mobile: cleanText('휴대전화', 30).optional(),
  phone: cleanText('전화', 30).optional(),
  email: cleanText('이메일', 200).optional(),
  note: cleanText('메모', 500, { lines: true }).optional(),
});
export const contactsPublishSchema = z.array(contactSchema).max(1000, { error: '연락처는 1000건까지 게시할 수 있습니다.' });

/** The 공급자 block of the quote and the contract (KT's company facts), published by HQ. */
export const supplierPublishSchema = supplierSchema;

export const quoteDecisionRequestSchema = z.strictObject({ reason: reasonText.optional() });
export const quoteRefuseRequestSchema = z.strictObject({ reason: reasonText });
export const quoteDecisionResponseSchema = z.object({
  /** The quote version decided (a quote id given to the API means its latest version). */
  id: z.string(),
  approvalStatus: z.enum(QUOTE_APPROVAL_STATUSES),
  version: z.number().int(),
  unchanged: z.boolean(),
});
export const adminQuotesQuerySchema = z.strictObject({ approval: z.enum(QUOTE_APPROVAL_STATUSES).optional() });
/** A quote version as HQ lists it for approval. */
export const adminQuoteSchema = z.object({
  id: z.string(),
  quoteId: z.string().nullable(),
  quoteVersion: z.number().int().nullable(),
  branch: z.string(),
  approvalRequired: z.boolean(),
  approvalStatus: z.string().nullable(),
  version: z.number().int(),
});

export const statsResponseSchema = z.object({
  records: z.record(z.string(), z.number().int()),
  deleted: z.number().int(),
  processedMutations: z.number().int(),
  conflicts: z.number().int(),
  devices: z.number().int(),
  lastSeq: z.number().int(),
});
export const statsQuerySchema = z.strictObject({ branch: nameText('지사 이름').optional() });

export const healthResponseSchema = z.object({
  ok: z.boolean(),
  protocol: z.number().int(),
  database: z.enum(['pglite', 'postgres']),
  serverId: z.string(),
});
