import type { FieldIssue } from '../contract/errors';
import {
  FIELD_NAME_RE,
  HQ_ONLY_STATUSES,
  OWNERSHIP,
  RESERVED_FIELDS,
  isDeviceEntity,
  isLockedForRep,
  ownerOf,
  repCanMoveStatus,
  type ConflictReason,
  type DeviceEntity,
  type SyncEntity,
} from './ownership';
import type { ApplicationStatus } from '../domain/status';
import { DEVICE_SHAPES } from './shapes';
import { findUnsafeJson, unsafeJsonMessage } from '../domain/text';
import { SYNC_LIMITS, type FieldConflict, type Fields, type JsonValue, type SyncErrorCode } from './protocol';

/**
 * Field-level merge of one device mutation into the server's copy of a record — pure, so the
 * rule is one piece of code the server runs and tests (and the app may reuse to preview).
 *
 * Every field carries a stamp: the record version that last wrote it, who wrote it (a device
 * number, 0 = HQ) and when (ms). A device's write to field f is *concurrent* with the server's
 * value when the stamp's version is newer than the mutation's baseVersion and another writer
 * made it. Concurrent writes are resolved by ownership first (HQ fields: HQ wins; a locked or
 * immutable record keeps its values; an application status moves only along the rep's
 * lifecycle transitions), then by the latest edit (`LATEST_WRITE_RULE`). Every value that loses
 * is returned as a conflict so HQ can keep it and the rep can see it.
 */
export interface FieldStamp {
  /** Record version that wrote this field. */
  v: number;
  /** Writer: device number, 0 for HQ. */
  d: number;
  /** Effective edit time in ms (client time capped at receipt; HQ: its own clock). */
  t: number;
}

export interface StoredRecord {
  version: number;
  fields: Fields;
  stamps: Record<string, FieldStamp>;
  deleted: boolean;
}

export interface MergeMutation {
  op: 'upsert' | 'delete';
  fields: Fields;
  baseVersion: number;
}

export interface MergeContext {
  /** The device's number (never 0). */
  writer: number;
  /** The edit's effective time: min(clientTime, receipt time), in ms. */
  timeMs: number;
}

export interface MergeConflict extends Omit<FieldConflict, 'reason'> {
  reason: ConflictReason;
  /** Writer of `theirs`: a device number, or null for HQ / no one. */
  otherWriter: number | null;
}

export type MergeOutcome =
  | { kind: 'rejected'; code: SyncErrorCode; message: string; details?: Record<string, unknown> }
  | { kind: 'applied'; changed: boolean; record: StoredRecord | undefined; conflicts: MergeConflict[] };

/** JSON equality that ignores object key order (jsonb does not keep it). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao);
  if (ak.length !== Object.keys(bo).length) return false;
  return ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && jsonEqual(ao[k], bo[k]));
}

const utf8 = new TextEncoder();

/** What is wrong with a mutation's fields, field by field (empty when it may be merged). */
export function checkMutationFields(entity: SyncEntity, fields: Fields): FieldIssue[] {
  // First the text rule over every key and string, nested too: what breaks it is never stored
  // (PostgreSQL refuses NUL and lone surrogates), and the answer names it printably.
  // One JSON text serves the text rule and the size limit.
  const text = JSON.stringify(fields);
  const unsafe = findUnsafeJson(fields, undefined, text);
  if (unsafe) {
    return [{ path: unsafe.path ? `fields.${unsafe.path}` : 'fields', message: unsafeJsonMessage(OWNERSHIP[entity].label, unsafe) }];
  }
  const issues: FieldIssue[] = [];
  const names = Object.keys(fields);
  if (names.length > SYNC_LIMITS.mutationMaxFields) {
    issues.push({ path: 'fields', message: `한 번에 바꿀 수 있는 항목은 ${SYNC_LIMITS.mutationMaxFields}개까지입니다.` });
  }
  // A UTF-16 unit is at most 3 bytes of UTF-8: only a text that could be too large is encoded.
  const bytes = text.length * 3 <= SYNC_LIMITS.mutationMaxFieldBytes ? 0 : utf8.encode(text).length;
  if (bytes > SYNC_LIMITS.mutationMaxFieldBytes) {
    issues.push({
      path: 'fields',
      message: `한 기록의 변경 내용이 너무 큽니다 (${bytes}바이트, 최대 ${SYNC_LIMITS.mutationMaxFieldBytes}바이트). 파일은 첨부파일로 올리세요.`,
    });
  }
  for (const name of names) {
    if (!FIELD_NAME_RE.test(name)) {
      issues.push({ path: `fields.${name}`, message: `항목 이름 '${name}'은(는) 쓸 수 없습니다 (영문자로 시작하는 영문·숫자·_ 64자 이내).` });
      continue;
    }
    if ((RESERVED_FIELDS as readonly string[]).includes(name)) {
      issues.push({ path: `fields.${name}`, message: `'${name}'은(는) 동기화가 쓰는 이름이라 항목 이름으로 쓸 수 없습니다 (기록 ID는 entityId로 보냅니다).` });
      continue;
    }
    // Own keys only: a field named like an Object.prototype member ('constructor') is no rule and no shape.
    const rule = Object.hasOwn(OWNERSHIP[entity].fields, name) ? OWNERSHIP[entity].fields[name] : undefined;
    if (rule?.value && !rule.value.safeParse(fields[name]).success) {
      issues.push({ path: `fields.${name}`, message: `${rule.label}('${name}') 값이 올바르지 않습니다.` });
      continue;
    }
    if (!isDeviceEntity(entity)) continue;
    const value = Object.hasOwn(DEVICE_SHAPES[entity].fields, name) ? DEVICE_SHAPES[entity].fields[name] : undefined;
    if (!value) {
      issues.push({ path: `fields.${name}`, message: `${OWNERSHIP[entity].label}에는 '${name}' 항목이 없습니다. 앱을 최신 버전으로 업데이트하세요.` });
      continue;
    }
    const parsed = value.safeParse(fields[name]);
    if (!parsed.success) {
      issues.push({ path: `fields.${name}`, message: `'${name}' 값이 올바르지 않습니다: ${parsed.error.issues[0]?.message ?? '형식을 확인하세요.'}` });
    }
  }
  return issues;
}

/** What a new record lacks: every required field must be there, and not null. */
export function checkNewRecordFields(entity: DeviceEntity, fields: Fields): FieldIssue[] {
  return DEVICE_SHAPES[entity].required
    .filter((name) => fields[name] === undefined || fields[name] === null)
    .map((name) => ({ path: `fields.${name}`, message: `새 ${OWNERSHIP[entity].label}에 '${name}' 항목이 없습니다.` }));
}

/** Merges one device mutation into the server's record (undefined: HQ has no such record). */
export function mergeMutation(entity: DeviceEntity, current: StoredRecord | undefined, mutation: MergeMutation, ctx: MergeContext): MergeOutcome {
  const rules = OWNERSHIP[entity];
  const label = rules.label;

  if (mutation.op === 'delete') {
    if (!current || current.deleted) return { kind: 'applied', changed: false, record: current, conflicts: [] };
    if (rules.immutable) {
      return { kind: 'rejected', code: 'NOT_ALLOWED', message: `${label}은(는) 기록으로 남아야 해서 지울 수 없습니다. 더 쓰지 않으려면 새 기록을 만드세요.` };
    }
    if (isLockedForRep(entity, '', current.fields)) {
      return {
        kind: 'rejected',
        code: 'NOT_ALLOWED',
        message: `서명·제출이 끝난 ${label}은(는) 삭제할 수 없습니다. 해지가 필요하면 해지 청약을 작성하세요.`,
      };
    }
    return {
      kind: 'applied',
      changed: true,
      record: { ...current, version: current.version + 1, deleted: true },
      conflicts: [],
    };
  }

  if (current?.deleted) {
    return {
      kind: 'rejected',
      code: 'NOT_ALLOWED',
      message: `이 ${label}은(는) 다른 기기에서 삭제되었습니다. 필요하면 새로 작성하세요 (보낸 내용은 HQ에 기록되어 있습니다).`,
    };
  }

  const before: Fields = current?.fields ?? {};
  const context: Fields = { ...before, ...mutation.fields };
  const newVersion = (current?.version ?? 0) + 1;
  const fields: Fields = { ...before };
  const stamps: Record<string, FieldStamp> = { ...(current?.stamps ?? {}) };
  const conflicts: MergeConflict[] = [];
  const hqAttempts: { field: string; yours: JsonValue; otherWriter: number | null }[] = [];
  // The fields the device's values were taken for (a Set, not a flag set inside `apply`: the
  // compiler cannot see a closure's write and would take the flag for always `false`).
  const applied = new Set<string>();
  const apply = (field: string, value: JsonValue) => {
    fields[field] = value;
    stamps[field] = { v: newVersion, d: ctx.writer, t: ctx.timeMs };
    applied.add(field);
  };

  for (const [field, yours] of Object.entries(mutation.fields)) {
    const theirs: JsonValue = before[field] ?? null;
    if (jsonEqual(yours, theirs)) continue;
    const stamp = current?.stamps[field];
    const otherWriter = stamp && stamp.d !== 0 ? stamp.d : null;

    if (ownerOf(entity, field, context) === 'hq') {
      hqAttempts.push({ field, yours, otherWriter });
      continue;
    }
    if (current && rules.immutable) {
      conflicts.push({ field, yours, theirs, winner: 'theirs', reason: 'immutable', otherWriter });
      continue;
    }
    if (rules.lifecycle?.field === field) {
      // The status follows the lifecycle, not the clock: a device's move applies when it is still
      // one of the rep's moves from the status HQ holds now.
      const from = (typeof theirs === 'string' ? theirs : rules.lifecycle.initial) as ApplicationStatus;
      const to = yours as ApplicationStatus;
      if (repCanMoveStatus(from, to, context.kind)) apply(field, yours);
      else conflicts.push({ field, yours, theirs, winner: 'theirs', reason: HQ_ONLY_STATUSES.includes(to) ? 'hq_owned' : 'status_changed', otherWriter });
      continue;
    }
    if (isLockedForRep(entity, field, current?.fields)) {
      conflicts.push({ field, yours, theirs, winner: 'theirs', reason: 'locked', otherWriter });
      continue;
    }
    if (stamp && stamp.v > mutation.baseVersion && stamp.d !== ctx.writer) {
      if (ctx.timeMs >= stamp.t) {
        conflicts.push({ field, yours, theirs, winner: 'yours', reason: 'newer_edit', otherWriter });
      } else {
        conflicts.push({ field, yours, theirs, winner: 'theirs', reason: 'older_edit', otherWriter });
        continue;
      }
    }
    apply(field, yours);
  }
  const changed = applied.size > 0;

  // A new record that asks for an HQ decision opens it (e.g. a quote version below list price).
  const decision = rules.decision;
  if (!current && changed && decision) {
    fields[decision.field] = fields[decision.requiredBy] === true ? decision.whenRequired : decision.whenNotRequired;
    stamps[decision.field] = { v: newVersion, d: 0, t: ctx.timeMs };
  }
  // A new record whose first status was refused starts where the lifecycle starts.
  const lifecycle = rules.lifecycle;
  if (!current && changed && lifecycle && typeof fields[lifecycle.field] !== 'string') {
    fields[lifecycle.field] = lifecycle.initial;
    stamps[lifecycle.field] = { v: newVersion, d: 0, t: ctx.timeMs };
  }
  // HQ's fields: a device sending the value HQ holds is no conflict (it is only echoing it).
  for (const a of hqAttempts) {
    const held: JsonValue = fields[a.field] ?? null;
    if (!jsonEqual(a.yours, held)) conflicts.push({ field: a.field, yours: a.yours, theirs: held, winner: 'theirs', reason: 'hq_owned', otherWriter: a.otherWriter });
  }

  if (!changed) return { kind: 'applied', changed: false, record: current, conflicts };
  return { kind: 'applied', changed: true, record: { version: newVersion, fields, stamps, deleted: false }, conflicts };
}

/** HQ's own write (S/O processing, approvals, statuses): always wins, stamped as HQ's. */
export function applyHqChange(current: StoredRecord, changes: Fields, timeMs: number): { changed: boolean; record: StoredRecord } {
  const newVersion = current.version + 1;
  const fields: Fields = { ...current.fields };
  const stamps: Record<string, FieldStamp> = { ...current.stamps };
  let changed = false;
  for (const [field, value] of Object.entries(changes)) {
    if (jsonEqual(fields[field] ?? null, value)) continue;
    fields[field] = value;
    stamps[field] = { v: newVersion, d: 0, t: timeMs };
    changed = true;
  }
  if (!changed) return { changed, record: current };
  return { changed, record: { ...current, version: newVersion, fields, stamps } };
}
