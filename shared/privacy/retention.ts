/**
 * Retention and destruction of personal data (issue 17 item 3), as data and pure rules.
 *
 * What the law and form #1's consent text say: personal data is used from subscription to
 * termination and kept until 6 months after termination (until unpaid fees are settled, if any),
 * longer only where a law requires it — the contract and billing records 5 years (국세기본법
 * §85-3, 전자상거래법 §6). A prospect who never signed has no contract: kept while the sale is
 * worked, destroyed some months after the last activity. Prospect lists are kept at least a year
 * after their last use (PRODUCT.md, number lists).
 *
 * The rules are data (`RetentionRule`, HQ may publish its own); `retentionDue` decides, for each
 * subject, whether a rule has come due and whether something holds it back (a legal hold, an open
 * dispute — a complaint or fault not closed — or unpaid fees). Nothing held is ever destroyed; the
 * person named by the rule confirms before anything goes (`decidedBy`).
 */
import { addMonths, parseISO } from 'date-fns';
import { z } from 'zod';
import type { ApplicationStatus } from '../domain/status';

/** What a rule destroys: the personal data in a record (the record stays, anonymised), or the whole record. */
const RETENTION_ACTIONS = ['erase_personal', 'destroy_record'] as const;

/** Which subjects a rule applies to, and from which date its months run. */
const RETENTION_SCOPES = [
  'unsigned_application', // never submitted to HQ (a draft, a quote, signed papers not sent): from the last activity
  'declined_application', // 접수 거절 / 반려 never resubmitted: from the last activity
  'terminated_contract', // 해지 / 직권해지: from the termination
  'prospect_list', // a prospect list: from its last use
] as const;
type RetentionScope = (typeof RETENTION_SCOPES)[number];

const retentionRuleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_-]{1,40}$/, { error: '규칙 ID는 영문 소문자, 숫자, _ 또는 - 40자 이내입니다.' }),
  scope: z.enum(RETENTION_SCOPES, { error: `적용 대상은 ${RETENTION_SCOPES.join(', ')} 중 하나입니다.` }),
  action: z.enum(RETENTION_ACTIONS, { error: `처리는 ${RETENTION_ACTIONS.join(', ')} 중 하나입니다.` }),
  months: z
    .number({ error: '보관 기간(개월)은 숫자입니다.' })
    .int({ error: '보관 기간은 개월 단위 정수입니다.' })
    .min(1, { error: '보관 기간은 1개월 이상입니다.' })
    .max(240, { error: '보관 기간은 240개월 이하입니다.' }),
  /** Who confirms the destruction: the rep on the device, or HQ. */
  decidedBy: z.enum(['rep', 'hq'], { error: '확인자는 rep 또는 hq입니다.' }),
  /** Why this long (printed in the destruction log and on the confirm screen). */
  basis: z.string().trim().min(1, { error: '근거를 적으세요.' }).max(200),
});
export type RetentionRule = z.infer<typeof retentionRuleSchema>;

export const retentionRulesSchema = z
  .array(retentionRuleSchema)
  .min(1, { error: '규칙이 하나 이상 있어야 합니다.' })
  .max(50)
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    for (const [i, rule] of rules.entries()) {
      if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `규칙 ID ${rule.id}이(가) 두 번 나옵니다.` });
      seen.add(rule.id);
    }
    // A prospect list is kept at least a year (the number-list rules): a shorter rule is refused.
    for (const [i, rule] of rules.entries()) {
      if (rule.scope === 'prospect_list' && rule.months < 12) ctx.addIssue({ code: 'custom', path: [i, 'months'], message: '명단은 1년(12개월) 이상 보관해야 합니다.' });
      if (rule.scope === 'terminated_contract' && rule.action === 'destroy_record' && rule.months < 60) {
        ctx.addIssue({ code: 'custom', path: [i, 'months'], message: '계약·청구 기록은 해지 후 5년(60개월) 이상 보관해야 합니다 (국세기본법).' });
      }
    }
  });

/** The shipped rules, until HQ publishes its own. */
export const DEFAULT_RETENTION_RULES: readonly RetentionRule[] = [
  { id: 'unsigned-6m', scope: 'unsigned_application', action: 'destroy_record', months: 6, decidedBy: 'rep', basis: '계약에 이르지 않은 청약: 마지막 활동 후 6개월 (수집 목적 달성)' },
  { id: 'declined-6m', scope: 'declined_application', action: 'destroy_record', months: 6, decidedBy: 'hq', basis: '접수 거절·반려 후 재제출되지 않은 청약: 마지막 활동 후 6개월' },
  { id: 'terminated-personal-6m', scope: 'terminated_contract', action: 'erase_personal', months: 6, decidedBy: 'hq', basis: '해지 후 6개월 (서식 #1 개인정보 수집·이용 동의: 미납 요금 정산 시까지)' },
  { id: 'terminated-record-5y', scope: 'terminated_contract', action: 'destroy_record', months: 60, decidedBy: 'hq', basis: '해지 후 5년 (국세기본법 제85조의3, 전자상거래법 제6조: 계약·청구 기록)' },
  { id: 'prospect-list-1y', scope: 'prospect_list', action: 'destroy_record', months: 12, decidedBy: 'hq', basis: '명단: 마지막 사용 후 1년 (명단 관리 규정)' },
];

/** One thing that may come due: an application (with what holds it) or a prospect list. */
export interface RetentionSubject {
  kind: 'application' | 'prospect_list';
  id: string;
  /** For applications: where it stands. */
  status?: ApplicationStatus;
  /** The last change by anyone (ISO instant). */
  lastActivityAt: string;
  /** When the subscription ended (ISO date or instant), for terminated contracts. */
  terminatedAt?: string | null;
  /** The personal data was already erased (an `erase_personal` rule ran). */
  personalErased?: boolean;
  /** Complaints or faults not closed (a dispute is open). */
  openTickets?: number;
  /** Unpaid fees not yet settled. */
  unpaid?: boolean;
  /** An explicit legal hold (litigation, an authority's request), with its reason. */
  legalHold?: string | null;
}

export type RetentionHold = { kind: 'legal_hold'; reason: string } | { kind: 'open_dispute'; tickets: number } | { kind: 'unpaid' };

export interface RetentionDue<S extends RetentionSubject = RetentionSubject> {
  subject: S;
  rule: RetentionRule;
  /** When the rule came due (ISO instant). */
  dueAt: string;
  /** Why it must not be destroyed now (empty: it may go, once the person named confirms). */
  holds: RetentionHold[];
}

const UNSIGNED: ReadonlySet<ApplicationStatus> = new Set(['draft', 'quoted', 'signed']);
const DECLINED: ReadonlySet<ApplicationStatus> = new Set(['declined', 'rejected']);
const TERMINATED: ReadonlySet<ApplicationStatus> = new Set(['terminated', 'force_terminated']);

function scopeOf(subject: RetentionSubject): RetentionScope | null {
  if (subject.kind === 'prospect_list') return 'prospect_list';
  const status = subject.status;
  if (!status) return null;
  if (UNSIGNED.has(status)) return 'unsigned_application';
  if (DECLINED.has(status)) return 'declined_application';
  if (TERMINATED.has(status)) return 'terminated_contract';
  return null; // a live subscription: its purpose has not ended
}

function startOf(subject: RetentionSubject, scope: RetentionScope): Date | null {
  const value = scope === 'terminated_contract' ? subject.terminatedAt : subject.lastActivityAt;
  if (!value) return null;
  const date = parseISO(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * What has come due at `now`, one entry per subject: the furthest-reaching rule due (a record to
 * destroy outranks personal data to erase), with what holds it. A subject whose personal data is
 * already erased is due again only for a `destroy_record` rule. Sorted by due time, oldest first.
 */
export function retentionDue<S extends RetentionSubject>(subjects: readonly S[], rules: readonly RetentionRule[], now: Date): RetentionDue<S>[] {
  const due: RetentionDue<S>[] = [];
  for (const subject of subjects) {
    const scope = scopeOf(subject);
    if (!scope) continue;
    const start = startOf(subject, scope);
    if (!start) continue;
    let best: { rule: RetentionRule; at: Date } | null = null;
    for (const rule of rules) {
      if (rule.scope !== scope) continue;
      if (rule.action === 'erase_personal' && subject.personalErased) continue;
      const at = addMonths(start, rule.months);
      if (at.getTime() > now.getTime()) continue;
      if (!best || (rule.action === 'destroy_record' && best.rule.action !== 'destroy_record') || (rule.action === best.rule.action && at < best.at)) best = { rule, at };
    }
    if (!best) continue;
    const holds: RetentionHold[] = [];
    if (subject.legalHold) holds.push({ kind: 'legal_hold', reason: subject.legalHold });
    if ((subject.openTickets ?? 0) > 0) holds.push({ kind: 'open_dispute', tickets: subject.openTickets ?? 0 });
    if (subject.unpaid) holds.push({ kind: 'unpaid' });
    due.push({ subject, rule: best.rule, dueAt: best.at.toISOString(), holds });
  }
  return due.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.subject.id.localeCompare(b.subject.id));
}

/** The Korean words for a hold, for the confirm screen and the log. */
export function holdText(hold: RetentionHold): string {
  switch (hold.kind) {
    case 'legal_hold':
      return `법적 보존 조치: ${hold.reason}`;
    case 'open_dispute':
      return `처리 중인 민원·장애 ${hold.tickets}건`;
    case 'unpaid':
      return '미납 요금 정산 전';
  }
}

// ───────────── What the device and HQ run on these rules (issue 17 item 3, wired) ─────────────

/**
 * The rules in force: HQ's published set (an `hq_records` record `retention_rules`, fields
 * `{ rules }`) when it passes the schema, else the shipped defaults. A record that does not pass is
 * ignored, as for the other HQ publications.
 */
export const RETENTION_RULES_ENTITY = 'retention_rules';
/** The one `retention_rules` record HQ publishes (every device pulls it). */
export const HQ_RETENTION_RULES_ID = 'hq-retention-rules';
export function rulesFromRecord(fields: unknown): RetentionRule[] | null {
  const parsed = z.object({ rules: retentionRulesSchema }).safeParse(fields);
  return parsed.success ? parsed.data.rules : null;
}

/** Only the rules the named person confirms (the device never acts on HQ's rules, nor HQ on the rep's). */
export function rulesFor(rules: readonly RetentionRule[], decidedBy: RetentionRule['decidedBy']): RetentionRule[] {
  return rules.filter((r) => r.decidedBy === decidedBy);
}

/**
 * Backups in rotation hold a destroyed record until they rotate out. The rotation keeps no backup
 * older than this many days (electron/core/store/backups.ts prunes by it on every backup and on
 * the daily retention check), so this bounds how long a destroyed record survives in one.
 */
export const BACKUP_MAX_AGE_DAYS = 30;

/** The KST date by which the last backup taken before `destroyedAt` is gone (see BACKUP_MAX_AGE_DAYS). */
export function backupsGoneBy(destroyedAt: Date): string {
  return new Date(destroyedAt.getTime() + 9 * 3_600_000 + (BACKUP_MAX_AGE_DAYS + 1) * 86_400_000).toISOString().slice(0, 10);
}

const holdSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('legal_hold'), reason: z.string() }),
  z.object({ kind: z.literal('open_dispute'), tickets: z.number().int() }),
  z.object({ kind: z.literal('unpaid') }),
]);

/** One item the rep is asked to confirm (no personal data: the company name, the status and dates). */
const retentionDueItemSchema = z.object({
  subjectKind: z.enum(['application', 'prospect_list']),
  subjectId: z.string(),
  company: z.string(),
  status: z.string().nullable(),
  lastActivityAt: z.string(),
  dueAt: z.string(),
  ruleId: z.string(),
  action: z.enum(RETENTION_ACTIONS),
  basis: z.string(),
  months: z.number().int(),
  holds: z.array(holdSchema),
});
export type RetentionDueItem = z.infer<typeof retentionDueItemSchema>;

/** A due subject as the person confirming sees it (device and HQ list the same fields). */
export function retentionDueItem(d: RetentionDue<RetentionSubject & { company: string }>): RetentionDueItem {
  return {
    subjectKind: d.subject.kind,
    subjectId: d.subject.id,
    company: d.subject.company,
    status: d.subject.status ?? null,
    lastActivityAt: d.subject.lastActivityAt,
    dueAt: d.dueAt,
    ruleId: d.rule.id,
    action: d.rule.action,
    basis: d.rule.basis,
    months: d.rule.months,
    holds: d.holds,
  };
}

export const retentionDueViewSchema = z.object({
  /** Where the rules came from: HQ's publication or the shipped defaults. */
  rulesFrom: z.enum(['hq', 'default']),
  items: z.array(retentionDueItemSchema),
});

const itemRef = z.strictObject({
  subjectId: z.string().regex(/^[0-9a-f-]{36}$/, { error: '파기할 항목의 ID가 올바르지 않습니다. 목록을 새로 고친 뒤 다시 고르세요.' }),
  ruleId: z.string().regex(/^[a-z0-9_-]{1,40}$/, { error: '규칙 ID가 올바르지 않습니다. 목록을 새로 고친 뒤 다시 고르세요.' }),
  /** The last activity the list showed: a change since then refuses the item. */
  lastActivityAt: z.iso.datetime({ offset: true, error: '마지막 활동 시각이 올바르지 않습니다. 목록을 새로 고친 뒤 다시 고르세요.' }),
});
export const retentionDestroyInputSchema = z.strictObject({
  // Worded here: the shared error map names a top-level `items` as the application's 상품 목록.
  items: z
    .array(itemRef, { error: '파기할 항목(items)은 목록으로 보냅니다: [{ subjectId, ruleId, lastActivityAt }, …].' })
    .min(1, { error: '파기할 항목을 하나 이상 고르세요.' })
    .max(200, { error: '한 번에 200건까지 파기할 수 있습니다.' }),
});

const RETENTION_REFUSALS = ['not_found', 'not_due', 'held', 'changed', 'rule_changed'] as const;
export const retentionDestroyResultSchema = z.object({
  results: z.array(
    z.object({
      subjectId: z.string(),
      destroyed: z.boolean(),
      /** Why it was refused (Korean; the screen shows `refusal` in the UI language). */
      message: z.string().nullable(),
      refusal: z.enum(RETENTION_REFUSALS).nullable(),
      holds: z.array(holdSchema),
      entryId: z.string().nullable(),
    }),
  ),
});
export type RetentionDestroyResult = z.infer<typeof retentionDestroyResultSchema>;

/** One destruction, as logged: no destroyed personal data. */
export const destructionEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  ruleId: z.string(),
  basis: z.string(),
  action: z.enum(RETENTION_ACTIONS),
  subjectKind: z.string(),
  subjectId: z.string(),
  fieldsErased: z.number().int(),
  recordsRemoved: z.number().int(),
  filesRemoved: z.number().int(),
  confirmedBy: z.string(),
  device: z.string(),
  backupsGoneBy: z.string(),
});
export type DestructionEntry = z.infer<typeof destructionEntrySchema>;

/** HQ's admin API for retention (issue 17 item 3): what HQ's rules made due, and every destruction log entry. */
export const RETENTION_ADMIN_PATHS = {
  due: '/admin/retention/due',
  log: '/admin/retention/log',
  holds: '/admin/retention/holds',
  liftHold: '/admin/retention/holds/:id/lift',
  /** GET: the rules in force at HQ (published or shipped); PUT: publish a new set (`retentionRulesPublishSchema`). */
  rules: '/admin/retention/rules',
  /** HQ confirms the destruction of items its own rules made due (`decidedBy: 'hq'`). */
  destroy: '/admin/retention/destroy',
  /** What HQ's daily check last counted ("파기 대상 N건"). */
  status: '/admin/retention/status',
} as const;

/**
 * The same under the console API (`/console/api` + these; the console's 파기 page, admin only):
 * reading needs `privacy.read`, destroying and placing or lifting a hold `admin.manage`. The rules
 * are published from the CLI (`cli hq retention rules`), not from the console.
 */
export const RETENTION_CONSOLE_PATHS = {
  due: '/retention/due',
  log: '/retention/log',
  holds: '/retention/holds',
  liftHold: '/retention/holds/:id/lift',
  destroy: '/retention/destroy',
  status: '/retention/status',
} as const;

/** What HQ publishes: the whole set of rules (the rep's and HQ's), replacing the one before. */
export const retentionRulesPublishSchema = z.strictObject({ rules: retentionRulesSchema });
/** The rules in force at HQ: its last publication (with its version and when), or the shipped defaults (version 0). */
export const retentionRulesViewSchema = z.object({
  rulesFrom: z.enum(['hq', 'default']),
  version: z.number().int(),
  publishedAt: z.string().nullable(),
  rules: z.array(retentionRuleSchema),
});
export type RetentionRulesView = z.infer<typeof retentionRulesViewSchema>;
/** HQ's daily retention check (issue 17 item 3): counts only, it never destroys. */
export const hqRetentionStatusSchema = z.object({
  /** When the check last ran (null: not yet since HQ started). */
  checkedAt: z.string().nullable(),
  /** Items due under HQ's rules that nothing holds (waiting for an HQ account to confirm). */
  due: z.number().int(),
  /** Items due but held (legal hold, open complaint or fault). */
  held: z.number().int(),
});
export type HqRetentionStatus = z.infer<typeof hqRetentionStatusSchema>;

export const hqRetentionDueSchema = z.object({ items: z.array(retentionDueItemSchema) });
/** Who wrote a log entry: a device (its rep confirmed) or HQ (an HQ account confirmed). */
const DESTRUCTION_ORIGINS = ['device', 'hq'] as const;
export const hqDestructionLogSchema = z.object({
  items: z.array(destructionEntrySchema.extend({ branchId: z.number().int(), origin: z.enum(DESTRUCTION_ORIGINS) })),
});
export type HqDestructionLogItem = z.infer<typeof hqDestructionLogSchema>['items'][number];

/**
 * The `device` text of the `destruction_entry` HQ writes into a branch when HQ confirmed a
 * destruction: a device that pulls one and still holds the subject destroys its copy too. HQ refuses
 * a pushed entry carrying it (a device cannot speak for HQ).
 */
export const HQ_DESTRUCTION_DEVICE = '본사 (HQ)';

/** A legal hold at HQ (issue 17 item 3): on a customer (all its applications) or one application. */
const LEGAL_HOLD_SUBJECTS = ['application', 'customer'] as const;
const holdReason = (what: string) =>
  z
    .string({ error: `${what}를 쓰세요.` })
    .trim()
    .min(1, { error: `${what}를 쓰세요 (예: 소송 중, 수사기관 요청).` })
    .max(500, { error: `${what}는 500자까지 쓸 수 있습니다.` });
export const legalHoldPlaceSchema = z.strictObject({
  subjectKind: z.enum(LEGAL_HOLD_SUBJECTS, { error: '보존 대상 종류(subjectKind)는 application(청약) 또는 customer(고객)입니다.' }),
  subjectId: z.string({ error: '보존할 청약 또는 고객의 ID(subjectId)를 쓰세요.' }).regex(/^[0-9a-f-]{36}$/, { error: '보존할 청약 또는 고객의 ID(subjectId)가 올바르지 않습니다 (UUID).' }),
  reason: holdReason('보존 사유(reason)'),
});
export const legalHoldLiftSchema = z.strictObject({ reason: holdReason('해제 사유(reason)') });
export const legalHoldIdSchema = z.strictObject({ id: z.uuid({ error: '보존 조치 ID는 UUID입니다. hq retention holds로 확인하세요.' }) });

export const legalHoldSchema = z.object({
  id: z.string(),
  subjectKind: z.enum(LEGAL_HOLD_SUBJECTS),
  subjectId: z.string(),
  reason: z.string(),
  placedBy: z.string(),
  placedAt: z.string(),
  liftedBy: z.string().nullable(),
  liftedAt: z.string().nullable(),
  liftReason: z.string().nullable(),
});
export type LegalHold = z.infer<typeof legalHoldSchema>;
export const legalHoldsSchema = z.object({ items: z.array(legalHoldSchema) });
