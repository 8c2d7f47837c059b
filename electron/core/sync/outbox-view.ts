/**
 * What the rep sees of the outbox: the records with changes HQ has not taken yet (one line per
 * record, not a bare count), the changes and files HQ refused with HQ's reasons, and the two
 * answers to a refusal — send the record again (after fixing it) or discard the change.
 */
import { AppError } from '../../../shared/contract/errors';
import { errorMsg } from '../../../shared/i18n/error-messages';
import type { RefusedChange, WaitingRecord } from '../../../shared/sync/device-state';
import type { CoreContext } from '../context';
import { snapshotMutationSql, tableOf } from './entities';

const MAX_LISTED = 200;

interface Described {
  customer: string | null;
  detail: string | null;
}

/** The customer a record belongs to and what it is beyond its kind (the quote version, the form). */
function describe(ctx: CoreContext, entity: string, id: string): Described {
  const get = (sql: string) => ctx.store.cached(sql).get(id) as { customer: string | null; detail: string | number | null } | undefined;
  const row = ((): ReturnType<typeof get> => {
    switch (entity) {
      case 'customer':
        return get('SELECT name AS customer, NULL AS detail FROM customers WHERE id = ?');
      case 'application':
        return get('SELECT c.name AS customer, a.kind AS detail FROM applications a JOIN customers c ON c.id = a.customer_id WHERE a.id = ?');
      case 'quote':
        return get('SELECT c.name AS customer, NULL AS detail FROM quotes q JOIN applications a ON a.id = q.application_id JOIN customers c ON c.id = a.customer_id WHERE q.id = ?');
      case 'quote_version':
        return get(
          'SELECT c.name AS customer, v.version AS detail FROM quote_versions v JOIN quotes q ON q.id = v.quote_id JOIN applications a ON a.id = q.application_id JOIN customers c ON c.id = a.customer_id WHERE v.id = ?',
        );
      case 'document':
        return get('SELECT c.name AS customer, d.form AS detail FROM documents d JOIN applications a ON a.id = d.application_id JOIN customers c ON c.id = a.customer_id WHERE d.id = ?');
      case 'signature':
        return get(
          'SELECT c.name AS customer, d.form AS detail FROM signatures s JOIN documents d ON d.id = s.document_id JOIN applications a ON a.id = d.application_id JOIN customers c ON c.id = a.customer_id WHERE s.id = ?',
        );
      case 'application_attachment':
        return get(
          'SELECT c.name AS customer, x.file_name AS detail FROM application_attachments x JOIN applications a ON a.id = x.application_id JOIN customers c ON c.id = a.customer_id WHERE x.id = ?',
        );
      case 'ticket':
        return get('SELECT c.name AS customer, t.kind AS detail FROM tickets t JOIN applications a ON a.id = t.application_id JOIN customers c ON c.id = a.customer_id WHERE t.id = ?');
      case 'ticket_event':
        return get(
          'SELECT c.name AS customer, e.type AS detail FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id JOIN applications a ON a.id = t.application_id JOIN customers c ON c.id = a.customer_id WHERE e.id = ?',
        );
      case 'consent_event':
        return get('SELECT c.name AS customer, e.purpose AS detail FROM consent_events e JOIN customers c ON c.id = e.customer_id WHERE e.id = ?');
      case 'attachment_file':
        return (
          get(
            'SELECT c.name AS customer, x.file_name AS detail FROM application_attachments x JOIN applications a ON a.id = x.application_id JOIN customers c ON c.id = a.customer_id WHERE x.sha256 = ? LIMIT 1',
          ) ??
          get(
            'SELECT c.name AS customer, d.form AS detail FROM signatures s JOIN documents d ON d.id = s.document_id JOIN applications a ON a.id = d.application_id JOIN customers c ON c.id = a.customer_id WHERE s.image_sha256 = ? LIMIT 1',
          )
        );
      default:
        return undefined;
    }
  })();
  return { customer: row?.customer ?? null, detail: row?.detail === null || row?.detail === undefined ? null : String(row.detail) };
}

interface GroupRow {
  entity: string;
  entityId: string;
  changes: number;
  since: string;
  sent: number;
  isNew: number;
  keys: string | null;
  status: string | null;
}

/** The records with changes not yet taken by HQ, oldest first, described for the rep. */
export function waitingRecords(ctx: CoreContext): { total: number; records: WaitingRecord[] } {
  const total = (ctx.store.cached("SELECT count(*) AS n FROM (SELECT 1 FROM outbox WHERE state IN ('queued', 'sent') GROUP BY entity, entity_id)").get() as { n: number }).n;
  const rows = ctx.store
    .cached(
      `SELECT o.entity AS entity, o.entity_id AS entityId, count(*) AS changes, min(o.client_time) AS since, max(o.state = 'sent') AS sent,
         max(json_type(o.fields, '$.createdAt') IS NOT NULL) AS isNew,
         (SELECT group_concat(k, ',') FROM (SELECT DISTINCT j.key AS k FROM outbox o2, json_each(o2.fields) j
            WHERE o2.entity = o.entity AND o2.entity_id = o.entity_id AND o2.state IN ('queued', 'sent'))) AS keys,
         (SELECT json_extract(o3.fields, '$.status') FROM outbox o3 WHERE o3.entity = o.entity AND o3.entity_id = o.entity_id
            AND o3.state IN ('queued', 'sent') AND json_type(o3.fields, '$.status') = 'text' ORDER BY o3.seq DESC LIMIT 1) AS status
       FROM outbox o WHERE o.state IN ('queued', 'sent') GROUP BY o.entity, o.entity_id ORDER BY min(o.seq) LIMIT ?`,
    )
    .all(MAX_LISTED) as GroupRow[];
  return {
    total,
    records: rows.map((r) => ({
      entity: r.entity,
      entityId: r.entityId,
      ...describe(ctx, r.entity, r.entityId),
      isNew: r.isNew === 1,
      fields: r.isNew === 1 ? [] : (r.keys ?? '').split(',').filter(Boolean),
      status: r.status,
      changes: r.changes,
      since: r.since,
      sent: r.sent === 1,
    })),
  };
}

/** Changes and files HQ refused and the rep has not resent or discarded yet, newest first. */
export function refusedChanges(ctx: CoreContext): RefusedChange[] {
  const rows = ctx.store
    .cached("SELECT mutation_id AS id, entity, entity_id AS entityId, fields, error, acked_at AS at FROM outbox WHERE state = 'rejected' ORDER BY seq DESC LIMIT ?")
    .all(MAX_LISTED) as { id: string; entity: string; entityId: string; fields: string; error: string | null; at: string | null }[];
  const changes = rows.map((r): RefusedChange => {
    const fields = JSON.parse(r.fields) as Record<string, unknown>;
    const isNew = 'createdAt' in fields;
    return {
      id: r.id,
      entity: r.entity,
      entityId: r.entityId,
      ...describe(ctx, r.entity, r.entityId),
      isNew,
      fields: isNew ? [] : Object.keys(fields),
      status: typeof fields.status === 'string' ? fields.status : null,
      reason: r.error ?? '본사가 이 변경을 받지 않았습니다. 내용을 확인하고 다시 보내거나 버리세요.',
      at: r.at,
    };
  });
  const files = ctx.sync.engine.refusedFiles().map(
    (f): RefusedChange => ({
      id: `file:${f.sha256}`,
      entity: 'attachment_file',
      entityId: f.sha256,
      ...describe(ctx, 'attachment_file', f.sha256),
      isNew: true,
      fields: [],
      status: null,
      reason: f.reason,
      at: f.at,
    }),
  );
  return [...files, ...changes];
}

function refusedRows(ctx: CoreContext, ids: readonly string[]) {
  const rows = ids
    .filter((id) => !id.startsWith('file:'))
    .map(
      (id) =>
        ctx.store.cached("SELECT seq, mutation_id AS id, entity, entity_id AS entityId FROM outbox WHERE mutation_id = ? AND state = 'rejected'").get(id) as
          | { seq: number; id: string; entity: string; entityId: string }
          | undefined,
    );
  const missing = ids.filter((id) => !id.startsWith('file:')).filter((id) => !rows.some((r) => r?.id === id));
  if (missing.length > 0) {
    throw new AppError('NOT_FOUND', errorMsg('core.outboxGone'), { ids: missing });
  }
  return rows.filter((r) => r !== undefined).sort((a, b) => a.seq - b.seq);
}

/**
 * Sends the records of refused changes again, each as its whole current content under a new
 * change id (after the rep fixed what HQ objected to); the refused changes are kept as discarded.
 * A refused file is simply tried again. Parents go first (by the order they were first made).
 */
export function resendRefused(ctx: CoreContext, ids: readonly string[]): { resent: number } {
  const rows = refusedRows(ctx, ids);
  const files = ids.filter((id) => id.startsWith('file:')).map((id) => id.slice('file:'.length));
  let resent = 0;
  ctx.store.write(() => {
    const done = new Set<string>();
    for (const row of rows) {
      const key = `${row.entity}:${row.entityId}`;
      const table = tableOf(row.entity);
      if (!done.has(key) && table) {
        const inserted = ctx.store.cached(snapshotMutationSql(table)).run(row.entityId);
        if (inserted.changes === 0) {
          throw new AppError('NOT_FOUND', errorMsg('core.outboxRecordGone'), { id: row.id });
        }
        resent += 1;
        done.add(key);
      }
      ctx.store.cached("UPDATE outbox SET state = 'discarded' WHERE seq = ?").run(row.seq);
    }
  });
  if (files.length > 0) resent += ctx.sync.engine.forgetRefusedFiles(files);
  return { resent };
}

/** Drops refused changes: HQ keeps what it has, this device keeps its copy as it is. */
export function discardRefused(ctx: CoreContext, ids: readonly string[]): { discarded: number } {
  const rows = refusedRows(ctx, ids);
  const files = ids.filter((id) => id.startsWith('file:')).map((id) => id.slice('file:'.length));
  ctx.store.write(() => {
    for (const row of rows) ctx.store.cached("UPDATE outbox SET state = 'discarded' WHERE seq = ?").run(row.seq);
  });
  const discardedFiles = files.length > 0 ? ctx.sync.engine.discardRefusedFiles(files) : 0;
  return { discarded: rows.length + discardedFiles };
}
