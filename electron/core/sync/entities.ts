/**
 * Which local tables sync, as which entity, with which fields. The outbox triggers (migration
 * 0004, re-made by 0005 for the columns it adds) are generated from this table by `outboxTriggerSql`; test/unit/sync/triggers.test.ts
 * fails when the triggers in the migrations and this table drift apart.
 */
import type { DeviceEntity } from '../../../shared/sync/ownership';

type ColumnKind = 'text' | 'int' | 'json' | 'bool';

export interface SyncedColumn {
  column: string;
  field: string;
  kind: ColumnKind;
  /** Written by HQ only: pulled into the table, never sent from here. */
  hq?: boolean;
}

export interface SyncedTable {
  entity: DeviceEntity;
  table: string;
  /** Content never changes after insert (only HQ columns do): insert trigger only. */
  immutable?: boolean;
  columns: SyncedColumn[];
}

const c = (column: string, kind: ColumnKind = 'text', hq = false): SyncedColumn => ({
  column,
  field: column.replace(/_([a-z])/g, (_, x: string) => x.toUpperCase()),
  kind,
  ...(hq ? { hq } : {}),
});

export const SYNCED_TABLES: readonly SyncedTable[] = [
  {
    entity: 'customer',
    table: 'customers',
    columns: [c('name'), c('business_number'), c('corporate_number'), c('representative'), c('address'), c('phone'), c('mobile'), c('created_at'), c('name_history', 'json')],
  },
  {
    entity: 'application',
    table: 'applications',
    columns: [
      c('customer_id'),
      c('kind'),
      c('billing', 'json'),
      c('term'),
      c('term_end'),
      c('items', 'json'),
      c('seller', 'json'),
      c('service_number'),
      c('date'),
      c('status'),
      c('workflow', 'json'),
      c('created_at'),
      c('status_reason', 'text', true),
      c('customer', 'json'),
    ],
  },
  { entity: 'quote', table: 'quotes', columns: [c('application_id'), c('latest_version', 'int'), c('created_at')] },
  {
    entity: 'quote_version',
    table: 'quote_versions',
    immutable: true,
    columns: [
      c('quote_id'),
      c('version', 'int'),
      c('catalog_id'),
      c('catalog_version'),
      c('currency'),
      c('term'),
      c('items', 'json'),
      c('result', 'json'),
      c('monthly_total', 'int'),
      c('approval_required', 'bool'),
      c('notes'),
      c('valid_until'),
      c('created_at'),
      c('approval_status', 'text', true),
      c('approval_reason', 'text', true),
      c('approval_decided_at', 'text', true),
    ],
  },
  {
    entity: 'document',
    table: 'documents',
    columns: [c('application_id'), c('form'), c('inputs', 'json'), c('signed_pdf_sha256'), c('signed_version_key'), c('created_at'), c('facts', 'json')],
  },
  {
    entity: 'signature',
    table: 'signatures',
    immutable: true,
    columns: [c('document_id'), c('area'), c('version_key'), c('mark'), c('signer_name'), c('signed_at'), c('device'), c('app_version'), c('image_sha256'), c('created_at')],
  },
  {
    entity: 'application_attachment',
    table: 'application_attachments',
    immutable: true,
    columns: [c('application_id'), c('purpose'), c('sha256'), c('file_name'), c('created_at')],
  },
  // Issue 16 (migration 0009): a ticket's content is fixed once created (HQ assigns it); its events
  // are append-only. `seq` is this device's own order and does not travel.
  {
    entity: 'ticket',
    table: 'tickets',
    immutable: true,
    columns: [
      c('application_id'),
      c('kind'),
      c('category'),
      c('channel'),
      c('description'),
      c('received_by'),
      c('opened_at'),
      c('outage_start'),
      c('outage_end'),
      c('created_at'),
      c('assignee', 'text', true),
    ],
  },
  {
    entity: 'ticket_event',
    table: 'ticket_events',
    immutable: true,
    columns: [c('ticket_id'), c('type'), c('at'), c('note'), c('by'), c('satisfaction'), c('justified', 'bool'), c('created_at')],
  },
  // Issue 17 (migration 0013): consent decisions, append-only.
  {
    entity: 'consent_event',
    table: 'consent_events',
    immutable: true,
    columns: [c('customer_id'), c('application_id'), c('purpose'), c('action'), c('text_version', 'int'), c('signature_id'), c('at'), c('by'), c('created_at')],
  },
  // Issue 17 item 3 (migration 0015): the destruction log, append-only, without the destroyed data.
  {
    entity: 'destruction_entry',
    table: 'destruction_log',
    immutable: true,
    columns: [
      c('at'),
      c('rule_id'),
      c('basis'),
      c('action'),
      c('subject_kind'),
      c('subject_id'),
      c('fields_erased', 'int'),
      c('records_removed', 'int'),
      c('files_removed', 'int'),
      c('confirmed_by'),
      c('device'),
      c('backups_gone_by'),
      c('created_at'),
    ],
  },
];

export function tableOf(entity: string): SyncedTable | undefined {
  return SYNCED_TABLES.find((t) => t.entity === entity);
}

/** The SQL JSON value of a column of NEW/OLD. */
function jsonValue(ref: string, col: SyncedColumn): string {
  switch (col.kind) {
    case 'json':
      return `json(${ref}.${col.column})`;
    case 'bool':
      return `CASE WHEN ${ref}.${col.column} IS NULL THEN NULL WHEN ${ref}.${col.column} THEN json('true') ELSE json('false') END`;
    default:
      return `${ref}.${col.column}`;
  }
}

/** The same value as JSON text (subqueries drop SQLite's JSON subtype, so it is re-read with json()). */
function jsonText(ref: string, col: SyncedColumn): string {
  const v = `${ref}.${col.column}`;
  switch (col.kind) {
    case 'json':
      return `CASE WHEN ${v} IS NULL THEN 'null' ELSE json(${v}) END`;
    case 'bool':
      return `CASE WHEN ${v} IS NULL THEN 'null' WHEN ${v} THEN 'true' ELSE 'false' END`;
    default:
      return `json_quote(${v})`;
  }
}

const WHEN_LOCAL = 'WHEN (SELECT applying FROM sync_control WHERE id = 1) = 0';
const BASE = (entity: string) => `coalesce((SELECT server_version FROM sync_records WHERE entity = '${entity}' AND entity_id = NEW.id), 0)`;
const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

/** The triggers that put every local write of `t` into the outbox, in the same transaction. */
export function outboxTriggerSql(t: SyncedTable): string[] {
  const sent = t.columns.filter((col) => !col.hq);
  const allFields = `json_object(${sent.map((col) => `'${col.field}', ${jsonValue('NEW', col)}`).join(', ')})`;
  const insert = `CREATE TRIGGER \`${t.table}_outbox_insert\` AFTER INSERT ON \`${t.table}\` ${WHEN_LOCAL}
BEGIN
  INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
  VALUES (uuid7(), '${t.entity}', NEW.id, 'upsert', ${allFields}, ${BASE(t.entity)}, ${NOW}, 'queued');
END;`;
  if (t.immutable) return [insert];
  const changed = sent.map((col) => `SELECT '${col.field}' AS k, ${jsonText('NEW', col)} AS v WHERE NEW.${col.column} IS NOT OLD.${col.column}`).join('\n      UNION ALL ');
  const update = `CREATE TRIGGER \`${t.table}_outbox_update\` AFTER UPDATE ON \`${t.table}\` ${WHEN_LOCAL}
BEGIN
  INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
  SELECT uuid7(), '${t.entity}', NEW.id, 'upsert', changed.fields, ${BASE(t.entity)}, ${NOW}, 'queued'
  FROM (SELECT json_group_object(k, json(v)) AS fields, count(*) AS n FROM (
      ${changed}
    )) AS changed
  WHERE changed.n > 0;
END;`;
  return [insert, update];
}

/** Queues every record written before the outbox existed (run once, by the migration that adds it). */
export function seedOutboxSql(t: SyncedTable): string {
  const sent = t.columns.filter((col) => !col.hq);
  const fields = `json_object(${sent.map((col) => `'${col.field}', ${jsonValue('r', col)}`).join(', ')})`;
  return `INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
SELECT uuid7(), '${t.entity}', r.id, 'upsert', ${fields}, 0, ${NOW}, 'queued' FROM \`${t.table}\` AS r ORDER BY r.created_at, r.id;`;
}

export function allOutboxTriggersSql(): string {
  return SYNCED_TABLES.flatMap(outboxTriggerSql).join('\n--> statement-breakpoint\n');
}

/** Drops and re-creates the outbox triggers of these tables (a migration that adds synced columns). */
export function replaceOutboxTriggersSql(tables: readonly string[]): string {
  const chosen = SYNCED_TABLES.filter((t) => tables.includes(t.table));
  const drops = chosen.flatMap((t) => [`DROP TRIGGER IF EXISTS \`${t.table}_outbox_insert\`;`, ...(t.immutable ? [] : [`DROP TRIGGER IF EXISTS \`${t.table}_outbox_update\`;`])]);
  return [...drops, ...chosen.flatMap(outboxTriggerSql)].join('\n--> statement-breakpoint\n');
}

/**
 * Queues the whole current record again as one new change (a new mutation id): what "다시 보내기"
 * sends after HQ refused a change of it, so HQ gets every field, not only the ones last edited.
 * One parameter: the record's id.
 */
export function snapshotMutationSql(t: SyncedTable): string {
  const sent = t.columns.filter((col) => !col.hq);
  const fields = `json_object(${sent.map((col) => `'${col.field}', ${jsonValue('r', col)}`).join(', ')})`;
  return `INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
SELECT uuid7(), '${t.entity}', r.id, 'upsert', ${fields}, coalesce((SELECT server_version FROM sync_records WHERE entity = '${t.entity}' AND entity_id = r.id), 0), ${NOW}, 'queued' FROM \`${t.table}\` AS r WHERE r.id = ?`;
}
