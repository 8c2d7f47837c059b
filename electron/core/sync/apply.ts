/**
 * Apply: one pulled page written to the device's store — with this device's unsent edits
 * re-applied on top — in one local transaction, cursor included. A change this device cannot
 * store yet (its parent has not arrived) is set aside with the reason and tried again later.
 */
import { eq } from 'drizzle-orm';
import { conflictRecordFieldsSchema, type Change } from '../../../shared/sync/protocol';
import { TRANSITIONS } from '../../../shared/lifecycle/machine';
import { parseWorkflow } from '../../../shared/lifecycle/workflow';
import { companySearchKey } from '../../../shared/search/keys';
import { REFERENCES } from '../../../shared/sync/shapes';
import { HQ_DESTRUCTION_DEVICE } from '../../../shared/privacy/retention';
import type { Store, Tx } from '../store/db';
import { indexPulledRows, PulledRows } from '../store/search-index';
import { eraseWithoutTrace } from '../store/secure-erase';
import { attachments, hqRecords, syncConflicts } from '../store/schema';
import { tableOf, type SyncedColumn, type SyncedTable } from './entities';
import type { SyncDeps, Unapplied } from './state';

/** Parents before children (customer → application → quote → version; document → signature). */
const APPLY_ORDER = ['customer', 'application', 'quote', 'quote_version', 'document', 'signature', 'application_attachment', 'ticket', 'ticket_event', 'consent_event'];
const rankOf = (entity: string) => {
  const i = APPLY_ORDER.indexOf(entity);
  return i < 0 ? APPLY_ORDER.length : i;
};

/**
 * One pulled page, the files it needs and the new cursor: all or nothing.
 *
 * The whole page is written in one transaction with no savepoint: a change that cannot be
 * stored is rare, and an open savepoint makes SQLite keep a statement journal for every row
 * (measured: 5× the cost of each insert). If one change fails, that transaction is rolled back
 * and the page is written again change by change, each in its own savepoint, so only that change
 * is set aside.
 */
export function applyPulledPage(deps: SyncDeps, changes: Change[], files: Map<string, Uint8Array>, cursor: number): void {
  const apply = () => {
    try {
      applyPage(deps, changes, files, cursor, 'whole');
    } catch (error) {
      if (!(error instanceof ChangeNotStored)) throw error;
      applyPage(deps, changes, files, cursor, 'each');
    }
  };
  if (!changes.some(isHqDestruction)) {
    apply();
    return;
  }
  // An HQ-confirmed destruction is carried out as the rep's own (RetentionService.destroy), and the
  // files it released in that transaction go once it has committed.
  eraseWithoutTrace(deps.ctx.store, apply);
  deps.ctx.retention?.removePendingFiles();
}

/** A destruction HQ confirmed (HQ wrote it into the branch; HQ refuses a device's entry under that name). */
const isHqDestruction = (c: Change) => c.entity === 'destruction_entry' && !c.deleted && c.fields.device === HQ_DESTRUCTION_DEVICE && typeof c.fields.subjectId === 'string';

function applyPage(deps: SyncDeps, changes: Change[], files: Map<string, Uint8Array>, cursor: number, mode: 'whole' | 'each'): void {
  const { ctx, state } = deps;
  const sqlite = ctx.store.sqlite;
  ctx.store.write((tx) => {
    sqlite.pragma('defer_foreign_keys = ON');
    ctx.store.cached('UPDATE sync_control SET applying = 1 WHERE id = 1').run();
    try {
      const now = ctx.clock.now().toISOString();
      for (const bytes of files.values()) {
        const row = ctx.attachments.put(tx, bytes, now);
        tx.update(attachments).set({ uploadedAt: now }).where(eq(attachments.sha256, row.sha256)).run();
      }
      // Changes set aside earlier are tried again first (their parent may have come since);
      // parents go before children, so a missing parent is known before a row is written.
      const stored = state.get('unapplied') ?? [];
      // A set-aside change is dropped once this page (or an earlier one) brought that record anew.
      const known = (u: Unapplied) => (ctx.store.cached('SELECT server_version AS v FROM sync_records WHERE entity = ? AND entity_id = ?').get(u.entity, u.id) as { v: number } | undefined)?.v ?? 0;
      const inPage = new Set(changes.map((c) => `${c.entity}\u0000${c.id}`));
      const retry = stored.filter((u) => u.change && !inPage.has(`${u.entity}\u0000${u.id}`) && u.version > known(u));
      const ordered = [...retry.map((u) => u.change!), ...changes]
        .map((change, i) => ({ change, i }))
        .sort((a, b) => rankOf(a.change.entity) - rankOf(b.change.entity) || a.i - b.i)
        .map((x) => x.change);
      const unapplied: Unapplied[] = [];
      // What the page wrote, indexed for search in one pass at the end (store/search-index.ts).
      const written = new PulledRows();
      if (mode === 'whole') {
        for (const change of ordered) {
          try {
            applyChange(deps, tx, change, now, written);
          } catch (error) {
            throw new ChangeNotStored(error);
          }
        }
      } else {
        // Prepared once: exec() would parse them anew for each change.
        const savepoint = ctx.store.cached('SAVEPOINT sync_change');
        const release = ctx.store.cached('RELEASE sync_change');
        const rollbackTo = ctx.store.cached('ROLLBACK TO sync_change');
        for (const change of ordered) {
          // One change that this device cannot store (HQ data from an older server, a clash on a
          // unique key) is set aside with its reason, not allowed to stop every later change.
          savepoint.run();
          try {
            applyChange(deps, tx, change, now, written);
            release.run();
          } catch (error) {
            rollbackTo.run();
            release.run();
            unapplied.push({ entity: change.entity, id: change.id, version: change.version, reason: error instanceof Error ? error.message : String(error), at: now, change });
          }
        }
      }
      // HQ-confirmed destructions (issue 17 item 3): this device destroys its copy too, in this transaction.
      const hqDestroyed = ordered.filter(isHqDestruction).map((c) => ({ subjectId: c.fields.subjectId as string, action: c.fields.action === 'erase_personal' ? 'erase_personal' : 'destroy_record' }));
      if (hqDestroyed.length > 0) {
        const followed = new Set(ctx.retention?.followHq(hqDestroyed) ?? []);
        for (const e of hqDestroyed.filter((x) => followed.has(x.subjectId))) {
          if (e.action === 'erase_personal') written.applications.add(e.subjectId);
          else written.applications.delete(e.subjectId);
        }
      }
      indexPulledRows(ctx.store, written);
      if (unapplied.length > 0 || stored.length > 0) state.setIn(tx, 'unapplied', unapplied.slice(-200));
      state.setIn(tx, 'cursor', cursor);
    } finally {
      ctx.store.cached('UPDATE sync_control SET applying = 0 WHERE id = 1').run();
    }
  });
}

/** HQ's publications, kept whole in `hq_records` (the retention rules: issue 17 item 3). */
const HQ_RECORD_ENTITIES: ReadonlySet<string> = new Set(['catalog', 'contacts', 'supplier', 'commission_plan', 'service_targets', 'consent_texts', 'retention_rules']);

function applyChange({ ctx, state }: SyncDeps, tx: Tx, change: Change, now: string, written: PulledRows): void {
  if (HQ_RECORD_ENTITIES.has(change.entity)) {
    tx.insert(hqRecords)
      .values({ entity: change.entity, id: change.id, version: change.version, fields: change.fields, pulledAt: now })
      .onConflictDoUpdate({ target: [hqRecords.entity, hqRecords.id], set: { version: change.version, fields: change.fields, pulledAt: now } })
      .run();
    ctx.catalogs.invalidate();
    return;
  }
  if (change.entity === 'conflict') {
    const c = conflictRecordFieldsSchema.safeParse(change.fields);
    if (!c.success) return;
    const device = state.get('enrollment')?.deviceId;
    // Keep it when this device's value lost, or when it overrode another device's value.
    const mine = c.data.deviceId === device;
    const overrodeOther = c.data.otherDeviceId === device;
    if (!mine && !overrodeOther) return;
    const winner = mine ? c.data.winner : c.data.winner === 'yours' ? 'theirs' : 'yours';
    tx.insert(syncConflicts)
      .values({
        id: `${c.data.mutationId}:${c.data.field}`,
        entity: c.data.entity,
        entityId: c.data.entityId,
        field: c.data.field,
        yours: mine ? c.data.yours : c.data.theirs,
        theirs: mine ? c.data.theirs : c.data.yours,
        winner,
        reason: c.data.reason,
        mutationId: c.data.mutationId,
        createdAt: c.data.createdAt,
        seenAt: null,
      })
      .onConflictDoNothing()
      .run();
    return;
  }
  const table = tableOf(change.entity);
  if (!table) return; // a kind this version does not know: skip, as the protocol asks
  ctx.store
    .cached(
      'INSERT INTO sync_records (entity, entity_id, server_version, pulled_at) VALUES (?, ?, ?, ?) ON CONFLICT (entity, entity_id) DO UPDATE SET server_version = excluded.server_version, pulled_at = excluded.pulled_at',
    )
    .run(change.entity, change.id, change.version, now);
  if (change.deleted) return; // the app never deletes; a tombstone leaves the local copy as it was
  upsertRow(ctx.store, table, change, now, written);
}

/**
 * The SQL of one synced table's per-row statements, built once (issue 12): a first sync applies
 * 100k rows, and a statement text made anew for each row was hashed anew by the statement cache
 * each time. INSERTs are kept per set of columns present (a bit per column of `table.columns`).
 */
interface TableSql {
  readonly selectRow: string;
  readonly inserts: Map<number, { sql: string; columns: readonly string[] }>;
}
const TABLE_SQL = new Map<string, TableSql>();
const tableSql = (table: SyncedTable): TableSql => {
  let t = TABLE_SQL.get(table.table);
  if (!t) {
    // insertOf keys its statements by one bit per column in a double (exact to 2^53, one bit kept for the seq flag).
    if (table.columns.length > 52) throw new Error(`${table.table}: ${String(table.columns.length)} synced columns, over the 52 the insert cache can key`);
    t = { selectRow: `SELECT * FROM ${table.table} WHERE id = ?`, inserts: new Map() };
    TABLE_SQL.set(table.table, t);
  }
  return t;
};
const EXISTS_SQL = new Map<string, string>();
const existsSql = (table: string): string => {
  let text = EXISTS_SQL.get(table);
  if (text === undefined) {
    text = `SELECT 1 FROM ${table} WHERE id = ?`;
    EXISTS_SQL.set(table, text);
  }
  return text;
};

/**
 * The INSERT of a new pulled row with these columns (`present`: a bit per column of `table.columns`).
 *
 * OR FAIL, not SQLite's default ABORT: a statement that fires triggers and may abort keeps a
 * statement journal, a copy of every page it touches, so that it can undo itself alone — for each
 * pulled row (measured: 10–12% of applying 90,000 records). A pulled row never needs that: if it
 * fails, the page's transaction is rolled back (mode 'whole'), or its savepoint is (mode 'each').
 */
function insertOf(table: SyncedTable, present: number, local: Record<string, unknown>, values: Record<string, unknown>): { sql: string; columns: readonly string[] } {
  const sqls = tableSql(table).inserts;
  // The local columns a table fills are the same for every row (localDefaults), but a ticket event's
  // `seq` is one of them only for that table: the key holds which locals are there too.
  const key = present * 2 + (local.seq === undefined ? 0 : 1);
  let insert = sqls.get(key);
  if (!insert) {
    const columns = Object.keys({ id: null, ...local, ...values });
    insert = { sql: `INSERT OR FAIL INTO ${table.table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, columns };
    sqls.set(key, insert);
  }
  return insert;
}

function upsertRow(store: Store, table: SyncedTable, change: Change, now: string, written: PulledRows): void {
  const existing = store.cached(tableSql(table).selectRow).get(change.id) as Record<string, unknown> | undefined;
  const values: Record<string, unknown> = {};
  let present = 0;
  for (let i = 0; i < table.columns.length; i++) {
    const col = table.columns[i]!;
    if (col.field in change.fields) {
      values[col.column] = toColumn(col, change.fields[col.field]);
      present += 2 ** i; // not 1 << i: a 32-bit int, which would wrap past 31 columns
    }
  }
  // A row never points at a parent this device does not hold (checked now, not at COMMIT, so
  // only this change is set aside and the rest of the page applies).
  for (const ref of REFERENCES[table.entity] ?? []) {
    const parentId = change.fields[ref.field];
    const parent = tableOf(ref.entity)!;
    if (typeof parentId === 'string' && !store.cached(existsSql(parent.table)).get(parentId)) {
      throw new Error(`${table.entity} ${change.id}: its ${ref.entity} ${parentId} has not arrived`);
    }
  }
  if (!existing) {
    const local = localDefaults(table.table, values, now);
    // A pulled ticket event (HQ's) comes after those this device holds; the log is read by time.
    if (table.table === 'ticket_events') {
      local.seq = (store.cached('SELECT coalesce(max(seq) + 1, 0) AS n FROM ticket_events WHERE ticket_id = ?').get(values.ticket_id) as { n: number }).n;
    }
    const insert = insertOf(table, present, local, values);
    const args = new Array<unknown>(insert.columns.length);
    args[0] = change.id;
    for (let i = 1; i < args.length; i++) {
      const column = insert.columns[i]!;
      args[i] = column in values ? values[column] : local[column];
    }
    store.cached(insert.sql).run(...(args as never[]));
    if (table.table === 'applications') written.applications.add(change.id);
    else if (table.table === 'customers') written.customersNew.add(change.id);
    return;
  }
  const hqChanged = table.columns.filter((c) => c.hq && c.column in values && values[c.column] !== existing[c.column]);
  if (table.immutable) {
    // Content never changes; only HQ's columns (an approval) may.
    if (hqChanged.length > 0) {
      store.cached(`UPDATE ${table.table} SET ${hqChanged.map((c) => `${c.column} = ?`).join(', ')} WHERE id = ?`).run(...hqChanged.map((c) => values[c.column] as never), change.id);
    }
    return;
  }
  // Server values first, then this device's edits HQ has not answered yet, on top.
  const pending = store.cached("SELECT fields FROM outbox WHERE entity = ? AND entity_id = ? AND state IN ('queued', 'sent') ORDER BY seq").all(change.entity, change.id) as { fields: string }[];
  for (const m of pending) {
    const fields = JSON.parse(m.fields) as Record<string, unknown>;
    for (const col of table.columns) if (!col.hq && col.field in fields) values[col.column] = toColumn(col, fields[col.field]);
  }
  if (table.table === 'customers' && typeof values.name === 'string') values.name_key = companySearchKey(values.name);
  if (table.table === 'applications' && typeof values.status === 'string' && values.status !== existing.status) {
    values.workflow = JSON.stringify(withHqHistory(existing, values, now));
  }
  const changed = Object.keys(values).filter((k) => values[k] !== existing[k]);
  if (changed.length === 0) return;
  if (table.table === 'applications') written.applications.add(change.id);
  else if (table.table === 'customers') {
    if (changed.some((k) => SEARCHED_CUSTOMER_COLUMNS.has(k))) written.customersChanged.add(change.id);
    // A customer new in this page has no customer-search entry yet: it is indexed once, as new.
    if (changed.includes('name_key') && !written.customersNew.has(change.id)) written.customersRenamed.add(change.id);
  }
  const bump = 'revision' in existing ? ', revision = revision + 1' : '';
  const touch = 'updated_at' in existing ? ', updated_at = ?' : '';
  store.cached(`UPDATE ${table.table} SET ${changed.map((k) => `${k} = ?`).join(', ')}${touch}${bump} WHERE id = ?`).run(...changed.map((k) => values[k] as never), ...(touch ? [now] : []), change.id);
}

/** A change of a page that could not be stored: the page is written again change by change. */
class ChangeNotStored extends Error {
  constructor(readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original));
  }
}

/** The customer columns the application search holds a copy of (0009's app_search_rows). */
const SEARCHED_CUSTOMER_COLUMNS = new Set(['name_key', 'representative', 'phone', 'business_number']);

function toColumn(col: SyncedColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (col.kind) {
    case 'json':
      return JSON.stringify(value);
    case 'bool':
      return value === false || value === 0 || value === '' ? 0 : 1;
    case 'int':
      return typeof value === 'number' ? value : Number(value);
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

/** Columns the device keeps for itself (search key, timestamps, revision) on a pulled new record. */
function localDefaults(table: string, values: Record<string, unknown>, now: string): Record<string, unknown> {
  const created = (values.created_at as string | undefined) ?? now;
  switch (table) {
    case 'customers':
      return { name_key: companySearchKey(typeof values.name === 'string' ? values.name : ''), updated_at: now, revision: 1, created_at: created };
    case 'applications':
      return { updated_at: now, revision: 1, created_at: created, status: 'draft', items: '[]', seller: '{}' };
    case 'quotes':
      return { updated_at: now, created_at: created, latest_version: 1 };
    case 'documents':
      return { updated_at: now, created_at: created };
    case 'quote_versions':
      return { approval_status: 'not_required', created_at: created };
    case 'tickets':
      return { updated_at: now, created_at: created };
    default:
      return { created_at: created };
  }
}

/** A status HQ set is recorded in the application's history with HQ's reason. */
function withHqHistory(existing: Record<string, unknown>, values: Record<string, unknown>, now: string) {
  const wf = parseWorkflow(typeof values.workflow === 'string' ? JSON.parse(values.workflow) : typeof existing.workflow === 'string' ? JSON.parse(existing.workflow) : null);
  const from = existing.status as string;
  const to = values.status as string;
  const t = TRANSITIONS.find((x) => x.from.includes(from as never) && x.to === to);
  if (!t) return wf;
  const reason = (values.status_reason ?? existing.status_reason) as string | null;
  return { ...wf, history: [...wf.history, { at: now, event: t.event, from, to, by: t.by, ...(reason && t.by === 'hq' ? { note: reason } : {}) }] };
}
