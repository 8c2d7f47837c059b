import { z } from 'zod';
import { APPLICATION_STATUSES } from '../domain/status';
import { APPLICATION_KINDS } from '../domain/application';
import { QUOTE_APPROVAL_STATUSES } from '../sync/ownership';
import { isoDate, requiredText } from '../domain/fields';
import { CONSOLE_ROLES, SESSION_RULES, type ConsoleRole } from './roles';

/**
 * The HQ console's HTTP API (`/console/api/…`): every request shape, parsed by HQ with these
 * schemas (Korean messages), and the answers' types the console UI reads.
 */
export const CONSOLE_API = '/console/api';

const text = (label: string, max: number) => requiredText(label, max);

export const loginIdSchema = z
  .string({ error: '로그인 ID를 입력하세요.' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, { error: '로그인 ID는 영문 소문자·숫자·. _ -로 2~40자입니다 (예: kim.order).' });

const roleSchema = z.enum(CONSOLE_ROLES, { error: `역할은 ${CONSOLE_ROLES.join(', ')} 중 하나입니다.` });

export const loginRequestSchema = z.strictObject({
  login: loginIdSchema,
  password: z.string({ error: '비밀번호를 입력하세요.' }).min(1, { error: '비밀번호를 입력하세요.' }).max(200, { error: '비밀번호가 너무 깁니다.' }),
});

const passwordSchema = z
  .string({ error: '새 비밀번호를 입력하세요.' })
  .min(SESSION_RULES.passwordMinLength, { error: `새 비밀번호는 ${SESSION_RULES.passwordMinLength}자 이상으로 정하세요.` })
  .max(200, { error: '새 비밀번호는 200자 이하로 정하세요.' });

export const changePasswordRequestSchema = z.strictObject({
  current: z.string({ error: '지금 비밀번호를 입력하세요.' }).min(1, { error: '지금 비밀번호를 입력하세요.' }).max(200),
  next: passwordSchema,
});

export const accountCreateSchema = z.strictObject({
  login: loginIdSchema,
  name: text('이름', 50),
  role: roleSchema,
});
export const accountUpdateSchema = z.strictObject({
  role: roleSchema.optional(),
  disabled: z.boolean().optional(),
});

export interface ConsoleUser {
  id: number;
  login: string;
  name: string;
  role: ConsoleRole;
  mustChangePassword: boolean;
}
export interface SessionInfo {
  user: ConsoleUser;
  csrfToken: string;
  idleMinutes: number;
}

// ── lists: paging, sorting, searching ────────────────────────────────────────────────────────

const paging = {
  q: z.string().trim().max(100, { error: '검색어는 100자 이하로 입력하세요.' }).optional(),
  offset: z.coerce.number({ error: 'offset은 숫자입니다.' }).int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number({ error: 'limit은 숫자입니다.' }).int().min(1).max(200).default(50),
  dir: z.enum(['asc', 'desc'], { error: 'dir은 asc 또는 desc입니다.' }).default('desc'),
  branch: z.string().trim().max(100).optional(),
};

export const applicationListQuerySchema = z.strictObject({
  ...paging,
  status: z.enum(APPLICATION_STATUSES, { error: '상태 값이 올바르지 않습니다.' }).optional(),
  kind: z.enum(APPLICATION_KINDS, { error: '신청 구분은 new, change, termination 중 하나입니다.' }).optional(),
  sort: z.enum(['updated', 'date', 'customer', 'status', 'branch', 'waiting'], { error: '정렬 기준이 올바르지 않습니다.' }).default('updated'),
});

export const quoteListQuerySchema = z.strictObject({
  ...paging,
  approval: z.enum(QUOTE_APPROVAL_STATUSES, { error: '승인 상태 값이 올바르지 않습니다.' }).optional(),
  sort: z.enum(['created', 'customer', 'monthly', 'discount', 'branch'], { error: '정렬 기준이 올바르지 않습니다.' }).default('created'),
});

export const settlementListQuerySchema = z.strictObject({
  ...paging,
  state: z.enum(['pending', 'handled'], { error: 'state는 pending 또는 handled입니다.' }).default('pending'),
  sort: z.enum(['requested', 'customer', 'branch'], { error: '정렬 기준이 올바르지 않습니다.' }).default('requested'),
});

export const deviceListQuerySchema = z.strictObject({
  ...paging,
  state: z.enum(['active', 'revoked', 'all']).default('active'),
  sort: z.enum(['lastSeen', 'name', 'branch', 'created']).default('lastSeen'),
});

export const auditQuerySchema = z.strictObject({
  ...paging,
  actor: z.string().trim().max(100).optional(),
  action: z.string().trim().max(100).optional(),
  target: z.string().trim().max(200).optional(),
  from: isoDate('시작일').optional(),
  to: isoDate('종료일').optional(),
  sort: z.enum(['at']).default('at'),
});
export type AuditQuery = z.input<typeof auditQuerySchema>;

export const overviewQuerySchema = z.strictObject({
  staleDays: z.coerce.number({ error: '일 수는 숫자입니다.' }).int().min(1, { error: '1일 이상으로 지정하세요.' }).max(365).default(7),
});

export interface Page<T> {
  items: T[];
  total: number;
}

// ── actions ──────────────────────────────────────────────────────────────────────────────────

const reason = text('사유', 1000);

/** 반려 (back to the rep, who may fix and resubmit) needs a reason the rep will read. */
export const returnRequestSchema = z.strictObject({ reason });
/** 접수 거절 (final: HQ will not take it; the rep cannot revise it) needs a reason the rep will read. */
export const declineRequestSchema = z.strictObject({ reason });
export const statusMoveRequestSchema = z.strictObject({
  status: z.enum(APPLICATION_STATUSES, { error: '상태 값이 올바르지 않습니다.' }),
  reason: reason.optional(),
});
export const quoteApproveRequestSchema = z.strictObject({ reason: reason.optional() });
export const quoteRefuseRequestSchema = z.strictObject({ reason });

export const enrollmentCodeCreateSchema = z.strictObject({
  branch: text('지사 이름', 100),
  rep: text('영업대표 이름', 100),
  ttlHours: z
    .number({ error: '유효 시간은 숫자입니다.' })
    .int()
    .min(1, { error: '유효 시간은 1시간 이상입니다.' })
    .max(720, { error: '등록 코드는 최대 30일(720시간)까지 유효하게 만들 수 있습니다.' })
    .default(24),
});

export const catalogUploadSchema = z.strictObject({
  /** The price table JSON as uploaded (validated against the shared catalog schema). */
  catalog: z.record(z.string(), z.json(), { error: '단가표는 JSON 객체여야 합니다.' }),
  /** 적용일: replaces the table's effectiveDate when given. */
  effectiveDate: isoDate('적용일').optional(),
});

export const supplierPublishSchema = z.strictObject({
  supplier: z.record(z.string(), z.json(), { error: '공급자 정보는 JSON 객체여야 합니다.' }),
});

/** 판매 수수료 기준 upload: the plan JSON (checked with the shared plan schema before anything is stored). */
export const commissionPlanUploadSchema = z.strictObject({
  plan: z.record(z.string(), z.json(), { error: '수수료 기준은 JSON 객체여야 합니다.' }),
});

// ── answers ─────────────────────────────────────────────────────────────────────────────────

export interface ApplicationRow {
  id: string;
  branch: string;
  customerName: string | null;
  businessNumber: string | null;
  kind: string | null;
  status: string | null;
  serviceNumber: string | null;
  date: string | null;
  sellerName: string | null;
  updatedAt: string;
  /** When it reached its current status (HQ's copy): for the waiting time. */
  statusSince: string;
}

interface SignatureView {
  id: string;
  area: string;
  mark: string;
  signerName: string;
  signedAt: string;
  device: string;
  appVersion: string;
  versionKey: string;
  imageSha256: string;
  imageAvailable: boolean;
}
export interface DocumentView {
  id: string;
  form: string;
  title: string;
  inputs: Record<string, unknown> | null;
  signedVersionKey: string | null;
  signedPdfSha256: string | null;
  signedPdfAvailable: boolean;
  signatures: SignatureView[];
}
export interface AttachmentView {
  id: string;
  purpose: string;
  fileName: string;
  sha256: string;
  size: number;
  available: boolean;
}
interface ChecklistRow {
  key: string;
  label: string;
  done: boolean;
  kind: 'signature' | 'attachment' | 'review' | 'consent';
}
interface HqMove {
  to: string;
  label: string;
  needsReason: boolean;
}
export interface AuditRow {
  id: number;
  at: string;
  actorKind: string;
  actorLogin: string;
  actorName: string;
  ip: string | null;
  action: string;
  targetKind: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  outcome: string;
  note: string | null;
}

export interface ApplicationDetail {
  id: string;
  branch: string;
  version: number;
  fields: Record<string, unknown>;
  customer: Record<string, unknown> | null;
  statusSince: string;
  documents: DocumentView[];
  attachments: AttachmentView[];
  checklist: ChecklistRow[];
  quotes: QuoteRow[];
  moves: HqMove[];
  canSoProcess: boolean;
  /** Product names by code, from the price table the devices use now. */
  productNames: Record<string, string>;
  history: unknown[];
  audit: AuditRow[];
}

export interface QuoteRow {
  id: string;
  quoteId: string | null;
  version: number | null;
  branch: string;
  applicationId: string | null;
  customerName: string | null;
  term: string | null;
  /** Monthly total with VAT, as the quote prints it. */
  monthlyTotal: number | null;
  /** Monthly supply (공급가액, without VAT), and the same lines at list price. */
  monthlySupply: number | null;
  listMonthlyTotal: number | null;
  currency: string | null;
  approvalStatus: string | null;
  approvalReason: string | null;
  createdAt: string | null;
  notes: string | null;
}

export interface QuoteLineView {
  code: string;
  name: string;
  quantity: number;
  unitPrice: number;
  listUnitPrice: number | null;
  /** The lowest price the rep may give without HQ (list × floor %), when the table has a floor. */
  floorUnitPrice: number | null;
  amount: number;
  priceEntered: boolean;
  belowFloor: boolean;
  discountPercent: number | null;
}
interface TermOptionView {
  term: string;
  /** Monthly supply of the quote's items and prices on this term. */
  monthlyTotal: number;
  /** The same items at the table's list prices on this term (what the rep gave up, term by term). */
  listMonthlyTotal: number | null;
  contractTotal: number | null;
  selected: boolean;
}
export interface QuoteDetail extends QuoteRow {
  lines: QuoteLineView[];
  warnings: { code: string; message: string }[];
  comparison: TermOptionView[] | null;
  catalogKnown: boolean;
  catalog: { id: string; version: string } | null;
  versions: { id: string; version: number | null; approvalStatus: string | null; monthlyTotal: number | null }[];
  applicationStatus: string | null;
  audit: AuditRow[];
}

export interface Overview {
  pipeline: { branch: string; status: string; count: number }[];
  soWaiting: { count: number; oldestSince: string | null; averageHours: number | null };
  approvalsWaiting: { count: number; oldestSince: string | null };
  settlementsWaiting: number;
  staleDevices: { id: string; name: string; branch: string; rep: string; lastSeenAt: string | null }[];
  staleDays: number;
}

/** 판매 수수료: one month's statement per branch, rep and currency, with the totals per currency. */
export interface CommissionStatementView {
  month: string;
  branch: string | null;
  rows: { branch: string; rep: string; currency: string; subscriptions: number; amount: number; withoutPlan: number }[];
  totals: { currency: string; subscriptions: number; amount: number; withoutPlan: number }[];
}

export interface CommissionPlanView {
  source: 'published' | 'shipped';
  recordId: string | null;
  planVersion: number | null;
  publishedAt: string | null;
  id: string;
  version: string;
  title: string;
  catalog: string;
  currency: string;
  status: 'active' | 'unset';
  rules: number;
}
