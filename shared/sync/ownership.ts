import { z } from 'zod';
import { APPLICATION_KINDS } from '../domain/application';
import { APPLICATION_STATUSES, type ApplicationStatus } from '../domain/status';

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

/** Records a device creates and edits, pushed through the outbox. */
export const DEVICE_ENTITIES = ['customer', 'application', 'quote', 'document'] as const;
export type DeviceEntity = (typeof DEVICE_ENTITIES)[number];

/** Records only HQ writes; they reach devices on pull like any other record. */
export const HQ_ENTITIES = ['catalog', 'contacts', 'conflict'] as const;
export type HqEntity = (typeof HQ_ENTITIES)[number];

export const SYNC_ENTITIES = [...DEVICE_ENTITIES, ...HQ_ENTITIES] as const;
export type SyncEntity = (typeof SYNC_ENTITIES)[number];

export function isDeviceEntity(entity: string): entity is DeviceEntity {
  return (DEVICE_ENTITIES as readonly string[]).includes(entity);
}
export function isSyncEntity(entity: string): entity is SyncEntity {
  return (SYNC_ENTITIES as readonly string[]).includes(entity);
}

export interface FieldRule {
  owner: Owner;
  /** Korean name of the field, for messages. */
  label: string;
  /** A rep-owned field whose other values are HQ's to set (e.g. status: the rep may only submit). */
  repValues?: readonly string[];
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
  /**
   * The whole record becomes HQ's once `field` (on the server) leaves `repPhase`: every
   * device edit is then kept as a conflict and the record cannot be deleted by a device.
   */
  lock?: { field: string; repPhase: readonly string[] };
  /**
   * An HQ decision that covers the record's content as it was decided: a device edit of any
   * rep-owned field sets `field` back to `resetTo` so HQ decides again.
   */
  decision?: { field: string; decided: readonly string[]; resetTo: string };
}

/** The statuses a rep moves an application through on the device (작성 → 견적 → 서명 → 제출). */
export const REP_APPLICATION_STATUSES = ['draft', 'quoted', 'signed', 'submitted'] as const satisfies readonly ApplicationStatus[];
/** While the server-side status is one of these, the application is the rep's to edit. After
 * submission it is HQ's; a rejection (반려) hands it back to the rep. */
export const REP_PHASE_STATUSES = ['draft', 'quoted', 'signed', 'rejected'] as const satisfies readonly ApplicationStatus[];

export const QUOTE_APPROVAL_STATUSES = ['pending', 'approved', 'refused'] as const;
export type QuoteApprovalStatus = (typeof QUOTE_APPROVAL_STATUSES)[number];

const nullableText = (max: number) => z.union([z.string().max(max), z.null()]);

export const OWNERSHIP: Record<SyncEntity, EntityRules> = {
  customer: {
    label: '고객사',
    writableByDevice: true,
    defaultOwner: 'rep',
    fields: {},
  },
  application: {
    label: '청약',
    writableByDevice: true,
    defaultOwner: 'rep',
    fields: {
      kind: { owner: 'rep', label: '신청 구분', value: z.enum(APPLICATION_KINDS) },
      status: {
        owner: 'rep',
        label: '청약 상태',
        repValues: REP_APPLICATION_STATUSES,
        value: z.enum(APPLICATION_STATUSES),
      },
      serviceNumber: {
        owner: 'hq',
        label: '서비스번호',
        repWhen: { field: 'kind', in: ['change', 'termination'] },
        value: z.union([z.string().regex(/^J\d{8}$/), z.null()]),
      },
      statusReason: { owner: 'hq', label: '상태 변경 사유' },
      statusChangedAt: { owner: 'hq', label: '상태 변경 시각' },
    },
    lock: { field: 'status', repPhase: REP_PHASE_STATUSES },
  },
  quote: {
    label: '견적',
    writableByDevice: true,
    defaultOwner: 'rep',
    fields: {
      needsApproval: { owner: 'rep', label: '승인 필요 여부', value: z.boolean() },
      approvalStatus: { owner: 'hq', label: '승인 상태', value: z.union([z.enum(QUOTE_APPROVAL_STATUSES), z.null()]) },
      approvalReason: { owner: 'hq', label: '승인/거절 사유', value: nullableText(1000) },
      approvalDecidedAt: { owner: 'hq', label: '승인/거절 시각' },
    },
    decision: { field: 'approvalStatus', decided: ['approved', 'refused'], resetTo: 'pending' },
  },
  document: {
    label: '서류',
    writableByDevice: true,
    defaultOwner: 'rep',
    fields: {
      sha256: { owner: 'rep', label: '파일 SHA-256', value: z.union([z.string().regex(/^[0-9a-f]{64}$/), z.null()]) },
    },
  },
  catalog: { label: '상품 카탈로그', writableByDevice: false, defaultOwner: 'hq', fields: {} },
  contacts: { label: '연락처', writableByDevice: false, defaultOwner: 'hq', fields: {} },
  conflict: { label: '충돌 기록', writableByDevice: false, defaultOwner: 'hq', fields: {} },
};

/** Field names the protocol keeps for itself; a record's own fields may not use them. */
export const RESERVED_FIELDS = ['id', 'entity', 'version', 'seq', 'deleted', 'branch'] as const;
export const FIELD_NAME_RE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export function ruleOf(entity: SyncEntity, field: string): FieldRule | undefined {
  return OWNERSHIP[entity].fields[field];
}

/**
 * Who owns `field` of a record whose current values (server values merged with the incoming
 * change) are `record`.
 */
export function ownerOf(entity: SyncEntity, field: string, record: Readonly<Record<string, unknown>>): Owner {
  const rules = OWNERSHIP[entity];
  const rule = rules.fields[field];
  if (!rule) return rules.defaultOwner;
  if (rule.owner === 'hq' && rule.repWhen) {
    const v = record[rule.repWhen.field];
    if (typeof v === 'string' && rule.repWhen.in.includes(v)) return 'rep';
  }
  return rule.owner;
}

/** May a device write this value into a field it owns? (status: only the rep's own steps). */
export function repMayWriteValue(entity: SyncEntity, field: string, value: unknown): boolean {
  const rule = OWNERSHIP[entity].fields[field];
  if (!rule?.repValues) return true;
  return typeof value === 'string' && rule.repValues.includes(value);
}

/** Has HQ taken the record over (e.g. an application after submission)? */
export function isLockedForRep(entity: SyncEntity, serverRecord: Readonly<Record<string, unknown>> | undefined): boolean {
  const lock = OWNERSHIP[entity].lock;
  if (!lock || !serverRecord) return false;
  const v = serverRecord[lock.field];
  if (v === undefined || v === null) return false;
  return !(typeof v === 'string' && lock.repPhase.includes(v));
}

/**
 * The application status moves HQ may make by hand (S/O processing has its own command, as it
 * also assigns the service number). `reasonRequired` statuses need a reason people can read.
 */
export const HQ_STATUS_TRANSITIONS: Partial<Record<ApplicationStatus, readonly ApplicationStatus[]>> = {
  submitted: ['rejected'],
  so_processed: ['provisioning', 'rejected', 'force_terminated'],
  provisioning: ['acceptance', 'force_terminated'],
  acceptance: ['open', 'provisioning', 'force_terminated'],
  open: ['billing_requested', 'suspended', 'terminated', 'force_terminated'],
  billing_requested: ['active', 'suspended', 'terminated', 'force_terminated'],
  active: ['suspended', 'terminated', 'force_terminated'],
  suspended: ['active', 'terminated', 'force_terminated'],
};
export const HQ_SETTABLE_STATUSES = [
  'provisioning',
  'acceptance',
  'open',
  'billing_requested',
  'active',
  'suspended',
  'terminated',
  'force_terminated',
  'rejected',
] as const satisfies readonly ApplicationStatus[];
export type HqSettableStatus = (typeof HQ_SETTABLE_STATUSES)[number];
export const STATUS_REASON_REQUIRED: readonly ApplicationStatus[] = ['rejected', 'force_terminated'];

/**
 * What "latest write" means when two devices edited the same rep-owned field concurrently:
 * the edit with the later client time wins (the time the rep made it, as stamped by the device,
 * capped at the moment HQ received it so a clock running ahead cannot win for ever); equal times
 * go to the one HQ received last. A change made after seeing the other one (its baseVersion
 * already includes it) is not concurrent and simply applies.
 */
export const LATEST_WRITE_RULE = 'client-time-capped-at-receipt, ties-by-receipt-order' as const;

export const CONFLICT_REASONS = ['newer_edit', 'older_edit', 'hq_owned', 'locked'] as const;
export type ConflictReason = (typeof CONFLICT_REASONS)[number];

/** What the app shows the rep for each conflict (Korean: what happened and what to do). */
export const CONFLICT_REASON_MESSAGES: Record<ConflictReason, string> = {
  newer_edit:
    '다른 기기에서도 이 항목을 고쳤지만 이 기기의 수정이 더 최근이라 이 값이 반영되었습니다. 덮어쓴 다른 기기의 값은 충돌 기록에 남아 있으니 확인하세요.',
  older_edit:
    '다른 기기에서 이 항목을 더 최근에 고쳐 그 값이 유지되었습니다. 이 기기에서 입력한 값은 충돌 기록에 남아 있으니, 필요하면 다시 입력하세요.',
  hq_owned: 'HQ가 정하는 항목이라 기기에서 바꿀 수 없어 HQ의 값이 유지되었습니다. 바꿔야 하면 HQ 담당자에게 요청하세요.',
  locked:
    '제출 후 HQ가 처리 중인 청약이라 기기에서 고칠 수 없어 HQ의 값이 유지되었습니다. 내용을 바꾸려면 변경 청약을 작성하세요.',
};
