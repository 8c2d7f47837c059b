import { z } from 'zod';
import { APPLICATION_KINDS } from '../domain/application';
import { APPLICATION_STATUSES, type ApplicationStatus } from '../domain/status';
import type { ApprovalStatus } from '../domain/quote';
import { TRANSITIONS, isEditableByRep } from '../lifecycle/machine';
import { cleanText } from '../domain/text';

/**
 * Who owns which field of which synced record — one table, read by the HQ server (to decide
 * what a device may write) and by the app (to lock HQ fields in the UI and explain conflicts).
 * It is data, not code: change the table and both ends agree.
 *
 * - `rep`: the branch sales rep writes it on a device; concurrent edits are resolved by the
 *   latest edit (see `LATEST_WRITE_RULE`).
 * - `hq`: only HQ writes it; a device's value is never applied, it is kept as a conflict.
 */
export type Owner = 'rep' | 'hq';

/** Records a device creates and edits, pushed through the outbox (one per local table). */
export const DEVICE_ENTITIES = [
  'customer',
  'application',
  'quote',
  'quote_version',
  'document',
  'signature',
  'application_attachment',
  'ticket',
  'ticket_event',
  'consent_event',
  'destruction_entry',
] as const;
export type DeviceEntity = (typeof DEVICE_ENTITIES)[number];

/** Records only HQ writes; they reach devices on pull like any other record. */
const HQ_ENTITIES = ['catalog', 'contacts', 'supplier', 'conflict', 'commission_plan', 'service_targets', 'consent_texts', 'retention_rules'] as const;

export const SYNC_ENTITIES = [...DEVICE_ENTITIES, ...HQ_ENTITIES] as const;
export type SyncEntity = (typeof SYNC_ENTITIES)[number];

export function isDeviceEntity(entity: string): entity is DeviceEntity {
  return (DEVICE_ENTITIES as readonly string[]).includes(entity);
}
export function isSyncEntity(entity: string): entity is SyncEntity {
  return (SYNC_ENTITIES as readonly string[]).includes(entity);
}

interface FieldRule {
  owner: Owner;
  /** Korean name of the field, for messages. */
  label: string;
  /** An HQ-owned field the rep owns after all while the record matches (e.g. a change
   * application quotes the service number of the subscription it alters). */
  repWhen?: { field: string; in: readonly string[] };
  /** Values a device may send for this field; anything else rejects the mutation. */
  value?: z.ZodType;
}

export interface EntityRules {
  /** Korean name, for messages. */
  label: string;
  /** Can a device push mutations of this entity at all? */
  writableByDevice: boolean;
  /** Owner of every field not listed in `fields`. */
  defaultOwner: Owner;
  fields: Record<string, FieldRule>;
  /** Saved once, never changed by a device afterwards (HQ-owned fields may still change). */
  immutable?: boolean;
  /**
   * `field` moves along the application life (shared/lifecycle/machine.ts): a device may move it
   * only along the rep's transitions from the status HQ holds; HQ may make any transition.
   */
  lifecycle?: { field: string; initial: ApplicationStatus };
  /**
   * The rep's fields may change only while `field` (on the server) is in `editable`; fields in
   * `always` stay editable (e.g. the provisioning tracker after S/O).
   */
  lock?: { field: string; editable: readonly string[]; always: readonly string[] };
  /** An HQ decision the server opens itself when the record asks for it: on creation `field`
   * becomes `whenRequired` if `requiredBy` is true, else `whenNotRequired`. */
  decision?: { field: string; requiredBy: string; whenRequired: string; whenNotRequired: string };
}

export const QUOTE_APPROVAL_STATUSES = ['not_required', 'pending', 'approved', 'refused'] as const satisfies readonly ApprovalStatus[];

/** Statuses in which the rep may still change what was applied for (see isEditableByRep). */
const REP_EDITABLE_STATUSES = APPLICATION_STATUSES.filter(isEditableByRep);

const nullableText = (label: string, max: number) => z.union([cleanText(label, max, { lines: true }), z.null()]);
const hq = (label: string, value?: z.ZodType): FieldRule => (value ? { owner: 'hq', label, value } : { owner: 'hq', label });

export const OWNERSHIP: Record<SyncEntity, EntityRules> = {
  customer: { label: '고객사', writableByDevice: true, defaultOwner: 'rep', fields: {} },
  application: {
    label: '청약',
    writableByDevice: true,
    defaultOwner: 'rep',
    fields: {
      kind: { owner: 'rep', label: '신청 구분', value: z.enum(APPLICATION_KINDS) },
      status: { owner: 'rep', label: '청약 상태', value: z.enum(APPLICATION_STATUSES) },
      serviceNumber: {
        owner: 'hq',
        label: '서비스번호',
        repWhen: { field: 'kind', in: ['change', 'termination'] },
        value: z.union([z.string().regex(/^J\d{8}$/), z.null()]),
      },
      statusReason: hq('상태 변경 사유'),
      statusChangedAt: hq('상태 변경 시각'),
    },
    lifecycle: { field: 'status', initial: 'draft' },
    lock: { field: 'status', editable: REP_EDITABLE_STATUSES, always: ['status', 'workflow'] },
  },
  quote: { label: '견적', writableByDevice: true, defaultOwner: 'rep', fields: {} },
  quote_version: {
    label: '견적 버전',
    writableByDevice: true,
    defaultOwner: 'rep',
    immutable: true,
    fields: {
      approvalRequired: { owner: 'rep', label: '본사 승인 필요', value: z.boolean() },
      approvalStatus: hq('승인 상태', z.enum(QUOTE_APPROVAL_STATUSES)),
      approvalReason: hq('승인/반려 사유', nullableText('승인/반려 사유', 1000)),
      approvalDecidedAt: hq('승인/반려 시각'),
    },
    decision: { field: 'approvalStatus', requiredBy: 'approvalRequired', whenRequired: 'pending', whenNotRequired: 'not_required' },
  },
  document: { label: '서류', writableByDevice: true, defaultOwner: 'rep', fields: {} },
  signature: { label: '서명', writableByDevice: true, defaultOwner: 'rep', fields: {}, immutable: true },
  application_attachment: { label: '첨부 서류', writableByDevice: true, defaultOwner: 'rep', fields: {} },
  // 민원/장애 (issue 16): what a device may record is decided per event by shared/service/tickets.ts
  // (`deviceMayRecord`), checked again by HQ against its whole log; assignment is HQ's.
  ticket: { label: '민원/장애 접수 건', writableByDevice: true, defaultOwner: 'rep', immutable: true, fields: { assignee: hq('담당자') } },
  ticket_event: { label: '민원/장애 처리 기록', writableByDevice: true, defaultOwner: 'rep', immutable: true, fields: {} },
  // Issue 17: a consent decision (agree / refuse / withdraw) is appended, never changed (append-only at both ends).
  consent_event: { label: '고객 동의 기록', writableByDevice: true, defaultOwner: 'rep', immutable: true, fields: {} },
  destruction_entry: { label: '파기 기록', writableByDevice: true, defaultOwner: 'rep', immutable: true, fields: {} },
  catalog: { label: '상품 카탈로그', writableByDevice: false, defaultOwner: 'hq', fields: {} },
  contacts: { label: '연락처', writableByDevice: false, defaultOwner: 'hq', fields: {} },
  supplier: { label: '공급자 정보', writableByDevice: false, defaultOwner: 'hq', fields: {} },
  conflict: { label: '충돌 기록', writableByDevice: false, defaultOwner: 'hq', fields: {} },
  commission_plan: { label: '판매 수수료 기준', writableByDevice: false, defaultOwner: 'hq', fields: {} },
  service_targets: { label: '고객 응대 서비스 목표', writableByDevice: false, defaultOwner: 'hq', fields: {} },
  consent_texts: { label: '개인정보 동의서 문안', writableByDevice: false, defaultOwner: 'hq', fields: {} },
  retention_rules: { label: '개인정보 보관 규칙', writableByDevice: false, defaultOwner: 'hq', fields: {} },
};

/** Field names a record's fields may not use: its id travels as `entityId` (pull: `id`). */
export const RESERVED_FIELDS = ['id'] as const;
export const FIELD_NAME_RE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/**
 * Who owns `field` of a record whose current values (server values merged with the incoming
 * change) are `record`.
 */
export function ownerOf(entity: SyncEntity, field: string, record: Readonly<Record<string, unknown>>): Owner {
  const rules = OWNERSHIP[entity];
  const rule = Object.hasOwn(rules.fields, field) ? rules.fields[field] : undefined;
  if (!rule) return rules.defaultOwner;
  if (rule.owner === 'hq' && rule.repWhen) {
    const v = record[rule.repWhen.field];
    if (typeof v === 'string' && rule.repWhen.in.includes(v)) return 'rep';
  }
  return rule.owner;
}

/** Is the rep's `field` locked because HQ holds the record (e.g. an application after signing)? */
export function isLockedForRep(entity: SyncEntity, field: string, serverRecord: Readonly<Record<string, unknown>> | undefined): boolean {
  const lock = OWNERSHIP[entity].lock;
  if (!lock || !serverRecord || lock.always.includes(field)) return false;
  const v = serverRecord[lock.field];
  if (v === undefined || v === null) return false;
  return !(typeof v === 'string' && lock.editable.includes(v));
}

/** Can the rep's device take the status from `from` to `to` (one or several of its own steps)? */
export function repCanMoveStatus(from: ApplicationStatus, to: ApplicationStatus, kind?: unknown): boolean {
  if (from === to) return true;
  const seen = new Set<ApplicationStatus>([from]);
  const queue: ApplicationStatus[] = [from];
  while (queue.length > 0) {
    const at = queue.shift()!;
    for (const t of TRANSITIONS) {
      if (t.by !== 'rep' || !t.from.includes(at) || seen.has(t.to)) continue;
      // A step that exists only for some kinds of application (a change's completion) is no path for the others.
      if (t.kinds && typeof kind === 'string' && !(t.kinds as readonly string[]).includes(kind)) continue;
      if (t.to === to) return true;
      seen.add(t.to);
      queue.push(t.to);
    }
  }
  return false;
}

/** Statuses only HQ can set (no rep transition leads there). */
export const HQ_ONLY_STATUSES: readonly ApplicationStatus[] = APPLICATION_STATUSES.filter((s) => !TRANSITIONS.some((t) => t.by === 'rep' && t.to === s) && s !== 'draft');

/** The transition HQ makes by hand from `from` to `to` (one step of the lifecycle), if any. */
export function hqTransition(from: ApplicationStatus, to: ApplicationStatus, kind?: unknown) {
  return transitionsOutOf(from, kind).find((t) => t.to === to);
}

/** The lifecycle steps out of `from` for this kind of application (all kinds when unknown). */
export function transitionsOutOf(from: ApplicationStatus, kind?: unknown) {
  return TRANSITIONS.filter((t) => t.from.includes(from) && (!t.kinds || typeof kind !== 'string' || (t.kinds as readonly string[]).includes(kind)));
}

/** Statuses the admin API may set by hand (S/O processing has its own command: it also assigns
 * the service number). Moves HQ makes on the rep's behalf are allowed too. */
export const STATUS_REASON_REQUIRED: readonly ApplicationStatus[] = ['rejected', 'declined', 'force_terminated'];

/**
 * What "latest write" means when two devices edited the same rep-owned field concurrently:
 * the edit with the later client time wins (the time the rep made it, as stamped by the device,
 * capped at the moment HQ received it so a clock running ahead cannot win for ever); equal times
 * go to the one HQ received last. A change made after seeing the other one (its baseVersion
 * already includes it) is not concurrent and simply applies.
 */

export type ConflictReason = 'newer_edit' | 'older_edit' | 'hq_owned' | 'locked' | 'immutable' | 'status_changed';

/** What the app shows the rep for each conflict (Korean: what happened and what to do). */
const CONFLICT_REASON_MESSAGES: Record<ConflictReason, string> = {
  newer_edit: '다른 기기에서도 이 항목을 고쳤지만 이 기기의 수정이 더 최근이라 이 값이 반영되었습니다. 덮어쓴 다른 기기의 값은 충돌 기록에 남아 있으니 확인하세요.',
  older_edit: '다른 기기에서 이 항목을 더 최근에 고쳐 그 값이 유지되었습니다. 이 기기에서 입력한 값은 충돌 기록에 남아 있으니, 필요하면 다시 입력하세요.',
  hq_owned: 'HQ가 정하는 항목이라 기기에서 바꿀 수 없어 HQ의 값이 유지되었습니다. 바꿔야 하면 HQ 담당자에게 요청하세요.',
  locked: '서명·제출이 끝난 청약이라 내용을 고칠 수 없어 HQ의 값이 유지되었습니다. 바꿔야 하면 반려를 요청하거나 변경 청약을 작성하세요.',
  immutable: '한 번 저장된 기록(견적 버전, 서명)은 바꿀 수 없어 처음 값이 유지되었습니다. 고치려면 새 버전으로 저장하세요.',
  status_changed: '그 사이 청약 상태가 바뀌어(HQ 처리 또는 다른 기기) 이 기기의 상태 변경을 적용할 수 없었습니다. 동기화된 현재 상태에서 다시 진행하세요.',
};

/** The message for a conflict reason as stored; a reason a newer HQ added gets a general one. */
export function conflictReasonMessage(reason: string): string {
  return Object.hasOwn(CONFLICT_REASON_MESSAGES, reason) ? CONFLICT_REASON_MESSAGES[reason as ConflictReason] : '본사에서 이 항목의 값이 정리되었습니다. 값을 확인하세요.';
}
