import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { checkMutationFields, checkNewRecordFields, jsonEqual, mergeMutation, type FieldStamp, type MergeConflict, type StoredRecord } from '../../shared/sync/merge';
import { OWNERSHIP, isDeviceEntity, isSyncEntity } from '../../shared/sync/ownership';
import { REFERENCES } from '../../shared/sync/shapes';
import { findUnsafeJson, printableJson } from '../../shared/domain/text';
import type { FieldConflict, Fields, MutationResult, PushEcho, SyncError } from '../../shared/sync/protocol';
import { REVOKED_MESSAGE, type DeviceAuth } from '../auth';
import { HttpError } from '../http';
import { attachmentRemovalRefusal, isContentEditable } from '../../shared/lifecycle/editing';
import { APPLICATION_STATUSES, STATUS_LABELS, type ApplicationStatus } from '../../shared/domain/status';
import { q, writeTx, type Database, type HqTx } from '../db/open';
import { eraseDestroyedAtHq, forgedHqEntryRefusal, heldSubjects, heldDeleteRefusal } from '../privacy/retention';
import { deviceEventRefusal, ticketRecordIssue } from '../../shared/service/tickets';
import { TICKET_EVENT_TYPES, type ClockEvent, type TicketEventType } from '../../shared/service/sla';
import { TICKET_KINDS, type TicketKind } from '../../shared/service/targets';

/**
 * What the pushing device's copy of each record in a batch holds, as far as HQ can tell: the
 * version HQ held when the batch began and, when the device's writes were based on it, that
 * version's fields with the device's fields on top. A record is exact when HQ now holds just
 * that: every mutation on it applied as sent (no conflict, no refusal, no delete) on the version
 * HQ held, and nothing added by HQ (a decision or a first status it set).
 */
class DeviceCopies {
  private readonly copies = new Map<string, { startVersion: number; fields: Fields; exact: boolean }>();

  before(m: IncomingMutation, stored: LoadedRecord | undefined): void {
    const key = keyOf(m.entity, m.entityId);
    if (this.copies.has(key)) return;
    const live = stored && !stored.deleted;
    this.copies.set(key, { startVersion: stored?.version ?? 0, fields: live ? { ...stored.fields } : {}, exact: !stored?.deleted });
  }

  after(m: IncomingMutation, result: MutationResult): void {
    const copy = this.copies.get(keyOf(m.entity, m.entityId));
    if (!copy) return;
    if (result.status !== 'applied' || result.conflicts.length > 0 || m.op !== 'upsert' || m.baseVersion !== copy.startVersion) copy.exact = false;
    else Object.assign(copy.fields, m.fields);
  }

  /** Every record written holds exactly the device's copy. */
  allExact(written: Iterable<[string, { record: StoredRecord }]>): boolean {
    for (const [key, { record }] of written) {
      const copy = this.copies.get(key);
      if (!copy?.exact || record.deleted || !sameFields(record.fields, copy.fields)) return false;
    }
    return true;
  }
}

/** Equal field by field, a null the same as no value (a device column holds null for both; HQ does not store a new record's nulls). */
function sameFields(a: Fields, b: Fields): boolean {
  for (const k in a) if (!jsonEqual(a[k] ?? null, b[k] ?? null)) return false;
  for (const k in b) if (!(k in a) && b[k] !== null) return false;
  return true;
}

/** The events HQ holds per ticket (for checking a device's event against the whole log). */
type TicketLogs = Map<string, ClockEvent[]>;

/** A device's event may be stamped a little ahead of HQ's clock; never more than this. */
const CLOCK_SKEW_MS = 10 * 60_000;

export interface IncomingMutation {
  mutationId: string;
  entity: string;
  entityId: string;
  op: 'upsert' | 'delete';
  fields: Fields;
  baseVersion: number;
  clientTime: string;
}

interface LoadedRecord extends StoredRecord {
  branchId: number;
}

/** Test-only fault injection between writing a batch and committing it (kill, delay). */
export interface PushHooks {
  beforeCommit?: () => void | Promise<void>;
}

const keyOf = (entity: string, id: string) => `${entity}\u0000${id}`;

/** A UUID as records are named (what a reference field must hold to be looked up). */
const RECORD_ID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Deeper than anything the wire lets through (WIRE_JSON_MAX_DEPTH): only text decides here. */
const STORE_DEPTH = 64;

function storable<T>(value: T): T {
  return findUnsafeJson(value, STORE_DEPTH) ? (printableJson(value, STORE_DEPTH) as T) : value;
}

function rejected(mutationId: string, error: SyncError): MutationResult {
  return { mutationId, status: 'rejected', version: null, conflicts: [], error };
}

/**
 * Applies one push batch in ONE transaction: every record change, every processed-mutation
 * row and every conflict commit together or not at all. A server killed mid-batch leaves
 * nothing of it; the device resends the batch and each mutation is then applied exactly once
 * (or answered as a duplicate of its first, committed, processing).
 *
 * Cost: a constant number of statements per batch, never one per mutation: the write lock and one
 * read (processed ids and the records touched), one write (records and processed rows), and only
 * when needed the records' parents, ticket logs, legal holds, conflicts and destructions. On
 * PostgreSQL a usual push is three round trips: BEGIN with the locks and the read, the write, COMMIT.
 */
export async function applyPush(
  database: Database,
  device: DeviceAuth,
  mutations: readonly IncomingMutation[],
  hooks: PushHooks = {},
): Promise<{ results: MutationResult[]; conflicts: number; echo?: PushEcho }> {
  // 1. Mutations HQ has already processed (answered with their first result), and 2. the records
  // the rest touch, with the records they refer to (a child never arrives at HQ without its
  // parent): one query, read right after the locks (in their round trip on PostgreSQL: writeTx).
  // Only what could be a record id goes into it; anything else is refused later, field by field.
  // A mutation answered as processed costs one record read, no more.
  const ids = [...new Set(mutations.map((m) => m.mutationId))];
  const keys = new Map<string, [string, string]>();
  for (const m of mutations) {
    if (!isDeviceEntity(m.entity)) continue;
    keys.set(keyOf(m.entity, m.entityId), [m.entity, m.entityId]);
    for (const ref of REFERENCES[m.entity] ?? []) {
      const parentId = m.fields[ref.field];
      if (typeof parentId === 'string' && RECORD_ID_RE.test(parentId)) keys.set(keyOf(ref.entity, parentId), [ref.entity, parentId]);
    }
  }
  return writeTx(
    database.db,
    async (tx, { deviceActive, rows }) => {
      // The token was checked before (server/auth.ts, maybe from its cache); revocation is checked here again, in the write's own transaction.
      if (!deviceActive) throw new HttpError('UNAUTHORIZED', REVOKED_MESSAGE);
      const receivedMs = Date.now();
      const results = new Array<MutationResult>(mutations.length);
      const done = new Map<string, { branchId: number; result: MutationResult }>();
      const current = new Map<string, LoadedRecord>();
      takeProcessedAndRecords(rows as unknown as ProcessedOrRecordRow[], done, current);
      // A quote version belongs to its quote's application (frozen with it after submission): load it too.
      const grandparents = new Map<string, [string, string]>();
      for (const m of mutations) {
        if (m.entity !== 'quote_version' || typeof m.fields.quoteId !== 'string') continue;
        const appId = current.get(keyOf('quote', m.fields.quoteId))?.fields.applicationId;
        if (typeof appId === 'string' && !current.has(keyOf('application', appId))) grandparents.set(keyOf('application', appId), ['application', appId]);
      }
      // An attachment's removal arrives without fields: load its application to check it is not submitted.
      for (const m of mutations) {
        if (m.entity !== 'application_attachment' || m.op !== 'delete') continue;
        const appId = current.get(keyOf(m.entity, m.entityId))?.fields.applicationId;
        if (typeof appId === 'string' && !current.has(keyOf('application', appId))) grandparents.set(keyOf('application', appId), ['application', appId]);
      }
      await loadRecords(tx, grandparents, current);
      const ticketLogs = await loadTicketLogs(tx, mutations, done);
      // HQ's legal holds (issue 17 item 3): a device may destroy its own copy, never HQ's.
      const held = mutations.some((m) => m.op === 'delete') ? await heldSubjects(tx) : null;

      // 3. Merge in order, in memory; a record touched twice sees its first change.
      const changed = new Map<string, { entity: string; id: string; record: StoredRecord; order: number }>();
      const processed: { m: IncomingMutation; result: MutationResult }[] = [];
      const conflictRows: { m: IncomingMutation; c: MergeConflict }[] = [];
      const seenInBatch = new Map<string, MutationResult>();
      const copies = new DeviceCopies();

      mutations.forEach((m, index) => {
        const earlier = done.get(m.mutationId);
        if (earlier) {
          results[index] =
            earlier.branchId === device.branchId
              ? { ...earlier.result, status: 'duplicate', original: earlier.result.status === 'rejected' ? 'rejected' : 'applied' }
              : rejected(m.mutationId, {
                  code: 'FORBIDDEN',
                  message: '이 변경 ID는 다른 지사에서 이미 쓰였습니다. 앱을 최신 버전으로 업데이트하고, 계속되면 HQ 담당자에게 알려 주세요.',
                });
          return;
        }
        const again = seenInBatch.get(m.mutationId);
        if (again) {
          results[index] = { ...again, status: 'duplicate', original: again.status === 'rejected' ? 'rejected' : 'applied' };
          return;
        }
        copies.before(m, current.get(keyOf(m.entity, m.entityId)));
        const holdRefusal = (held ? heldDeleteRefusal(m, current.get(keyOf(m.entity, m.entityId))?.fields, held) : null) ?? forgedHqEntryRefusal(m);
        const result = holdRefusal
          ? rejected(m.mutationId, holdRefusal)
          : processOne(
              m,
              device,
              current,
              ticketLogs,
              receivedMs,
              (entity, id, record) => {
                const key = keyOf(entity, id);
                current.set(key, { ...record, branchId: device.branchId });
                if (!changed.has(key)) changed.set(key, { entity, id, record, order: changed.size });
                else changed.get(key)!.record = record;
              },
              (c) => conflictRows.push({ m, c }),
            );
        copies.after(m, result);
        results[index] = result;
        seenInBatch.set(m.mutationId, result);
        processed.push({ m, result });
      });

      let written: PushEcho | null = null;
      // 4. Write everything in one statement: the records (numbered in the batch's order) and the
      // processed mutations; the branch and device go once, not per row.
      if (processed.length > 0) {
        const processedRows = processed.map(({ m, result }) => ({
          mutation_id: m.mutationId,
          entity: m.entity,
          entity_id: m.entityId,
          op: m.op,
          base_version: m.baseVersion,
          client_time: m.clientTime,
          // A refused payload is kept too, with what PostgreSQL cannot store (NUL, lone
          // surrogates) written out as \uXXXX: nothing is lost, and nothing fails the batch.
          // An applied mutation's fields passed the text rule (checkMutationFields) and its result
          // holds only them and stored values: only a refusal's payload needs the check.
          fields: result.status === 'rejected' ? storable(m.fields) : m.fields,
          result: result.status === 'rejected' ? storable(result) : result,
        }));
        const insertProcessed = sql`
        insert into processed_mutations (mutation_id, branch_id, device_id, entity, entity_id, op, base_version, client_time, fields, result)
        select t.mutation_id, ${device.branchId}::int, ${device.deviceId}::uuid, t.entity, t.entity_id, t.op, t.base_version, t.client_time, t.fields, t.result
        from jsonb_to_recordset(${JSON.stringify(processedRows)}::jsonb)
          as t(mutation_id uuid, entity text, entity_id text, op text, base_version int, client_time timestamptz, fields jsonb, result jsonb)`;
        if (changed.size === 0) {
          await tx.execute(insertProcessed);
        } else {
          // The records' change numbers come back (first, last): the batch's echo, below.
          const recordRows = [...changed.values()].map((c) => ({
            entity: c.entity,
            id: c.id,
            version: c.record.version,
            fields: c.record.fields,
            stamps: c.record.stamps,
            deleted: c.record.deleted,
            ord: c.order,
          }));
          const [range] = await q<{ lo: string | null; hi: string | null }>(
            tx,
            sql`
          with written as (
            insert into records (entity, id, branch_id, version, fields, stamps, deleted, seq)
            select t.entity, t.id, ${device.branchId}::int, t.version, t.fields, t.stamps, t.deleted, nextval('change_seq')
            from jsonb_to_recordset(${JSON.stringify(recordRows)}::jsonb)
              as t(entity text, id text, version int, fields jsonb, stamps jsonb, deleted boolean, ord int)
            order by t.ord
            on conflict (entity, id) do update set
              version = excluded.version, fields = excluded.fields, stamps = excluded.stamps,
              deleted = excluded.deleted, seq = excluded.seq, updated_at = now()
            where records.branch_id = excluded.branch_id
            returning seq
          ), processed as (${insertProcessed})
          select min(seq)::text as lo, max(seq)::text as hi from written`,
          );
          written = range?.lo && range.hi ? { fromSeq: Number(range.lo), toSeq: Number(range.hi) } : null;
        }
      }
      if (conflictRows.length > 0) await insertConflicts(tx, device, conflictRows);
      // A destruction confirmed on the device (issue 17 item 3): HQ's copy of the destroyed records follows.
      const destroyed = [...changed.values()].filter((c) => c.entity === 'destruction_entry' && !c.record.deleted).map((c) => c.record.fields);
      if (destroyed.length > 0) await eraseDestroyedAtHq(tx, device.branchId, destroyed);

      await hooks.beforeCommit?.();
      // The device need not pull back what it holds already (PushEcho): only when nothing else was written.
      const echo = written && conflictRows.length === 0 && destroyed.length === 0 && copies.allExact(changed.entries()) ? written : null;
      return { results, conflicts: conflictRows.length, ...(echo ? { echo } : {}) };
    },
    { branchId: device.branchId, deviceId: device.deviceId, read: processedAndRecordsQuery(ids, keys) },
  );
}

/** The events HQ holds for the tickets this batch adds events to (one query). */
async function loadTicketLogs(tx: HqTx, mutations: readonly IncomingMutation[], done: Map<string, unknown>): Promise<TicketLogs> {
  const ids = new Set<string>();
  for (const m of mutations) {
    const ticketId = m.fields.ticketId;
    if (m.entity === 'ticket_event' && !done.has(m.mutationId) && typeof ticketId === 'string' && RECORD_ID_RE.test(ticketId)) ids.add(ticketId);
  }
  const logs: TicketLogs = new Map([...ids].map((id) => [id, []]));
  if (ids.size === 0) return logs;
  for (const row of await q<{ id: string; fields: Fields }>(
    tx,
    sql`select id, fields from records
        where entity = 'ticket_event' and not deleted
          and fields->>'ticketId' in (select jsonb_array_elements_text(${JSON.stringify([...ids])}::jsonb))
        order by id`,
  )) {
    const e = asClockEvent(row.fields);
    const ticketId = row.fields.ticketId;
    if (e && typeof ticketId === 'string') logs.get(ticketId)?.push(e);
  }
  return logs;
}

function asClockEvent(fields: Fields): ClockEvent | null {
  const { at, type } = fields;
  if (typeof at !== 'string' || typeof type !== 'string' || !(TICKET_EVENT_TYPES as readonly string[]).includes(type)) return null;
  return { at, type: type as TicketEventType };
}

/**
 * The ticket rule (shared/service/tickets.ts) on a device's ticket or event HQ does not hold yet:
 * a ticket's category and outage window; an event the rep may record that fits HQ's whole log.
 */
function ticketRefusal(m: IncomingMutation, existing: LoadedRecord | undefined, current: Map<string, LoadedRecord>, logs: TicketLogs, receivedMs: number): MutationResult | null {
  if (existing || m.op !== 'upsert') return null;
  if (m.entity === 'ticket') {
    const issue = ticketRecordIssue(m.fields);
    if (!issue) return null;
    return rejected(m.mutationId, { code: 'INVALID_INPUT', message: `민원/장애 접수 건을 받을 수 없습니다: ${issue.message} 내용을 고쳐 새로 접수하세요.`, details: { issues: [issue] } });
  }
  const ticketId = m.fields.ticketId;
  if (m.entity !== 'ticket_event' || typeof ticketId !== 'string') return null;
  const ticket = current.get(keyOf('ticket', ticketId));
  const kind = ticket?.fields.kind;
  const openedAt = ticket?.fields.openedAt;
  const incoming = asClockEvent(m.fields);
  if (!ticket || !incoming || typeof openedAt !== 'string' || typeof kind !== 'string' || !(TICKET_KINDS as readonly string[]).includes(kind)) return null;
  const log = logs.get(ticketId) ?? [];
  const satisfaction = m.fields.satisfaction;
  const refusal = deviceEventRefusal({ kind: kind as TicketKind, openedAt }, log, { ...incoming, satisfaction: typeof satisfaction === 'string' ? satisfaction : null }, receivedMs + CLOCK_SKEW_MS);
  if (!refusal) {
    logs.set(ticketId, [...log, incoming]);
    return null;
  }
  return rejected(m.mutationId, {
    code: 'NOT_ALLOWED',
    message: refusal.message,
    details: { reason: refusal.reason, type: incoming.type, ticketId },
  });
}

interface ProcessedOrRecordRow {
  processed: boolean;
  entity: string;
  id: string;
  branch_id: number;
  version: number;
  fields: Fields;
  stamps: Record<string, FieldStamp>;
  deleted: boolean;
}

/** The first results of the mutations HQ has processed among `ids`, and the records with these keys: one query. */
function processedAndRecordsQuery(ids: string[], keys: Map<string, [string, string]>) {
  return sql`select true as processed, mutation_id::text as entity, '' as id, branch_id, 0 as version, result as fields, null::jsonb as stamps, false as deleted
          from processed_mutations
          where mutation_id in (select (jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))::uuid)
        union all
        ${recordsOfKeys(keys)}`;
}

/** The records with these keys, as rows of ProcessedOrRecordRow that are not processed mutations. */
function recordsOfKeys(keys: Map<string, [string, string]>) {
  return sql`select false as processed, entity, id, branch_id, version, fields, stamps, deleted from records
          where (entity, id) in (select x->>0, x->>1 from jsonb_array_elements(${JSON.stringify([...keys.values()])}::jsonb) x)`;
}

/** processedAndRecordsQuery's rows: the processed mutations' results into `done`, the records into `current`. */
function takeProcessedAndRecords(rows: ProcessedOrRecordRow[], done: Map<string, { branchId: number; result: MutationResult }>, current: Map<string, LoadedRecord>): void {
  for (const row of rows) {
    if (row.processed) {
      done.set(row.entity, { branchId: row.branch_id, result: row.fields as unknown as MutationResult });
      continue;
    }
    current.set(keyOf(row.entity, row.id), { branchId: row.branch_id, version: row.version, fields: row.fields, stamps: row.stamps, deleted: row.deleted });
  }
}

/** Loads the records with these keys into `current` (one query). */
async function loadRecords(tx: HqTx, keys: Map<string, [string, string]>, current: Map<string, LoadedRecord>): Promise<void> {
  if (keys.size === 0) return;
  takeProcessedAndRecords(await q<ProcessedOrRecordRow>(tx, recordsOfKeys(keys)), new Map(), current);
}

/**
 * The application whose quote a mutation re-prices (a new quote or version, the latest version
 * moved) after that application was submitted: what the customer sealed and HQ received stays as
 * it was (shared/lifecycle/editing.ts); a change is a 변경 신청 (form #4). A quote made before the
 * application was frozen is its own (a device queueing older records after it, as the first sync
 * of a store made before sync did) and is taken.
 */
function frozenQuoteOf(m: IncomingMutation, existing: LoadedRecord | undefined, current: Map<string, LoadedRecord>): ApplicationStatus | null {
  let applicationId: unknown;
  if (m.entity === 'quote') {
    if (existing && !('latestVersion' in m.fields && m.fields.latestVersion !== existing.fields.latestVersion)) return null;
    applicationId = m.fields.applicationId ?? existing?.fields.applicationId;
  } else if (m.entity === 'quote_version') {
    if (existing) return null; // a stored version never changes (its own rule)
    const quoteId = m.fields.quoteId;
    applicationId = typeof quoteId === 'string' ? current.get(keyOf('quote', quoteId))?.fields.applicationId : undefined;
  } else {
    return null;
  }
  if (typeof applicationId !== 'string') return null;
  const app = current.get(keyOf('application', applicationId));
  const status = app?.fields.status;
  if (!app || typeof status !== 'string' || !(APPLICATION_STATUSES as readonly string[]).includes(status)) return null;
  if (isContentEditable(status as ApplicationStatus)) return null;
  const made = Date.parse(!existing && typeof m.fields.createdAt === 'string' ? m.fields.createdAt : m.clientTime);
  const frozenSince = app.stamps.status?.t ?? 0;
  return made > frozenSince ? (status as ApplicationStatus) : null;
}

/**
 * The refusal of an attachment's removal made after its application was submitted: the papers HQ
 * received stay on record (the device refuses it too; this is for an older app or a forged push).
 * A removal the rep made before submitting, arriving later (offline), is taken.
 */
function frozenAttachmentRemoval(m: IncomingMutation, existing: LoadedRecord | undefined, current: Map<string, LoadedRecord>) {
  if (m.entity !== 'application_attachment' || m.op !== 'delete' || !existing || existing.deleted) return null;
  const applicationId = existing.fields.applicationId;
  if (typeof applicationId !== 'string') return null;
  const app = current.get(keyOf('application', applicationId));
  const status = app?.fields.status;
  if (!app || typeof status !== 'string' || !(APPLICATION_STATUSES as readonly string[]).includes(status)) return null;
  const refusal = attachmentRemovalRefusal(status as ApplicationStatus);
  if (!refusal) return null;
  const frozenSince = app.stamps.status?.t ?? 0;
  return Date.parse(m.clientTime) > frozenSince ? refusal : null;
}

function processOne(
  m: IncomingMutation,
  device: DeviceAuth,
  current: Map<string, LoadedRecord>,
  ticketLogs: TicketLogs,
  receivedMs: number,
  store: (entity: string, id: string, record: StoredRecord) => void,
  keepConflict: (c: MergeConflict) => void,
): MutationResult {
  if (!isSyncEntity(m.entity)) {
    return rejected(m.mutationId, {
      code: 'INVALID_INPUT',
      message: `HQ가 모르는 기록 종류('${m.entity}')입니다. 앱과 HQ 서버의 버전이 맞는지 확인하고 앱을 최신 버전으로 업데이트하세요.`,
    });
  }
  if (!isDeviceEntity(m.entity)) {
    return rejected(m.mutationId, {
      code: 'FORBIDDEN',
      message: `${OWNERSHIP[m.entity].label}은(는) HQ만 바꿀 수 있습니다. 이 변경은 적용되지 않았습니다.`,
    });
  }
  const issues = checkMutationFields(m.entity, m.fields);
  if (issues.length > 0) {
    return rejected(m.mutationId, {
      code: 'INVALID_INPUT',
      message: `${OWNERSHIP[m.entity].label} 변경을 적용할 수 없습니다: ${issues[0]!.message} 내용을 고친 뒤 다시 저장하세요.`,
      details: { issues },
    });
  }
  const existing = current.get(keyOf(m.entity, m.entityId));
  if (existing && existing.branchId !== device.branchId) {
    // Same answer whether the id is another branch's or unusable: nothing to learn from it.
    return rejected(m.mutationId, {
      code: 'FORBIDDEN',
      message: '이 기록에 접근할 수 없습니다 (다른 지사의 기록이거나 잘못된 ID). 이 변경은 적용되지 않았습니다.',
    });
  }
  if (!existing && m.op === 'upsert') {
    const lacking = checkNewRecordFields(m.entity, m.fields);
    if (lacking.length > 0) {
      return rejected(m.mutationId, {
        code: 'INVALID_INPUT',
        message: `${OWNERSHIP[m.entity].label}을(를) 새로 만들 수 없습니다: ${lacking.map((i) => i.message).join(' ')} 앱을 최신 버전으로 업데이트하세요.`,
        details: { issues: lacking },
      });
    }
  }
  for (const ref of REFERENCES[m.entity] ?? []) {
    const parentId = m.fields[ref.field];
    if (typeof parentId !== 'string') continue;
    const parent = current.get(keyOf(ref.entity, parentId));
    if (parent?.branchId !== device.branchId || parent.deleted) {
      const parentLabel = OWNERSHIP[ref.entity].label;
      return rejected(m.mutationId, {
        code: 'INVALID_INPUT',
        message: `이 ${OWNERSHIP[m.entity].label}이(가) 가리키는 ${parentLabel} 기록이 HQ에 없습니다 (${parentLabel}이(가) 먼저 거부되었을 수 있습니다). 동기화 화면에서 거부된 변경을 확인하고 ${parentLabel}을(를) 고친 뒤 다시 저장하세요.`,
        details: { issues: [{ path: `fields.${ref.field}`, message: `${parentLabel} 기록이 없습니다.` }] },
      });
    }
  }
  const ticketRefused = ticketRefusal(m, existing, current, ticketLogs, receivedMs);
  if (ticketRefused) return ticketRefused;
  const frozen = frozenQuoteOf(m, existing, current);
  if (frozen) {
    return rejected(m.mutationId, {
      code: 'NOT_ALLOWED',
      message: `'${STATUS_LABELS[frozen].ko}' 상태의 청약은 견적을 바꿀 수 없습니다: 고객이 날인하고 본사에 제출한 견적은 그대로 남습니다. 이용 중인 서비스를 바꾸려면 변경 신청(양식 #4)을 작성하세요.`,
      details: { reason: 'frozen', part: 'quote', status: frozen },
    });
  }
  const removal = frozenAttachmentRemoval(m, existing, current);
  if (removal) return rejected(m.mutationId, { code: 'NOT_ALLOWED', message: removal.message, details: removal.details });
  const clientMs = Date.parse(m.clientTime);
  const outcome = mergeMutation(m.entity, existing, m, { writer: device.num, timeMs: Math.min(clientMs, receivedMs) });
  if (outcome.kind === 'rejected') {
    return rejected(m.mutationId, {
      code: outcome.code,
      message: outcome.message,
      ...(outcome.details ? { details: outcome.details } : {}),
    });
  }
  if (outcome.changed && outcome.record) store(m.entity, m.entityId, outcome.record);
  for (const c of outcome.conflicts) keepConflict(c);
  const conflicts: FieldConflict[] = outcome.conflicts.map(({ otherWriter: _o, ...c }) => c);
  return { mutationId: m.mutationId, status: 'applied', version: outcome.record?.version ?? 0, conflicts };
}

async function insertConflicts(tx: HqTx, device: DeviceAuth, rows: { m: IncomingMutation; c: MergeConflict }[]): Promise<void> {
  const writers = [...new Set(rows.map((r) => r.c.otherWriter).filter((w): w is number => w !== null))];
  const idOf = new Map<number, string>();
  if (writers.length > 0) {
    for (const d of await q<{ num: number; id: string }>(tx, sql`select num, id from devices where num in (select (jsonb_array_elements_text(${JSON.stringify(writers)}::jsonb))::int)`)) {
      idOf.set(d.num, d.id);
    }
  }
  const values = rows.map(({ m, c }, ord) => ({
    id: uuidv7(),
    branch_id: device.branchId,
    entity: m.entity,
    entity_id: m.entityId,
    field: c.field,
    yours: c.yours,
    theirs: c.theirs,
    winner: c.winner,
    reason: c.reason,
    mutation_id: m.mutationId,
    device_id: device.deviceId,
    other_device_id: c.otherWriter === null ? null : (idOf.get(c.otherWriter) ?? null),
    ord,
  }));
  await tx.execute(sql`
    insert into conflicts (id, seq, branch_id, entity, entity_id, field, yours, theirs, winner, reason, mutation_id, device_id, other_device_id)
    select t.id, nextval('change_seq'), t.branch_id, t.entity, t.entity_id, t.field, t.yours, t.theirs, t.winner, t.reason,
           t.mutation_id, t.device_id, t.other_device_id
    from jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
      as t(id uuid, branch_id int, entity text, entity_id text, field text, yours jsonb, theirs jsonb, winner text, reason text,
           mutation_id uuid, device_id uuid, other_device_id uuid, ord int)
    order by t.ord`);
}
