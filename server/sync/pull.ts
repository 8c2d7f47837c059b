import { sql } from 'drizzle-orm';
import { REFERENCES } from '../../shared/sync/shapes';
import { isDeviceEntity } from '../../shared/sync/ownership';
import { fieldsForApp } from '../../shared/sync/compat';
import { SYNC_LIMITS, type Change, type Fields, type PullResponse } from '../../shared/sync/protocol';
import type { DeviceAuth } from '../auth';
import { HQ_BRANCH_ID, q, type Database } from '../db/open';

/** `seq` is an int8 column: node-postgres answers it as a string, PGlite as a number. */
interface Row {
  seq: number | string;
  entity: string;
  id: string;
  version: number;
  fields: Fields;
  deleted: boolean;
}

/**
 * The changes a device has not seen: its branch's records, HQ-wide records (catalogs,
 * contacts) and its branch's conflicts, after `cursor`, in change-number order.
 *
 * Each part is an index range scan on (branch_id, seq) limited to one page, so a pull costs
 * what it returns, not what HQ stores. A record appears once, at its latest change: a record
 * changed again between two pages moves to a later page (with its newer version) and is not
 * repeated at its old place.
 */
export async function pullChanges(database: Database, device: DeviceAuth, cursor: number, limit: number, appVersion?: string): Promise<PullResponse> {
  const take = limit + 1;
  const rows = await q<Row>(
    database.db,
    sql`
      select * from (
        (select seq, entity, id, version, fields, deleted from records
          where branch_id = ${device.branchId} and seq > ${cursor} order by seq limit ${take})
        union all
        (select seq, entity, id, version, fields, deleted from records
          where branch_id = ${HQ_BRANCH_ID} and seq > ${cursor} order by seq limit ${take})
        union all
        (select seq, 'conflict' as entity, id::text as id, 1 as version,
                jsonb_build_object(
                  'entity', entity, 'entityId', entity_id, 'field', field,
                  'yours', coalesce(yours, 'null'::jsonb), 'theirs', coalesce(theirs, 'null'::jsonb),
                  'winner', winner, 'reason', reason, 'mutationId', mutation_id, 'deviceId', device_id,
                  'otherDeviceId', other_device_id, 'createdAt', created_at) as fields,
                false as deleted
          from conflicts where branch_id = ${device.branchId} and seq > ${cursor} order by seq limit ${take})
      ) page order by seq limit ${take}`,
  );

  const changes: Change[] = [];
  let bytes = 0;
  let hasMore = rows.length > limit;
  for (const row of rows.slice(0, limit)) {
    const change = toChange(row, appVersion);
    bytes += JSON.stringify(change.fields).length + 80;
    if (changes.length > 0 && bytes > SYNC_LIMITS.pullMaxBytes) {
      hasMore = true;
      break;
    }
    changes.push(change);
  }
  const end = changes.length > 0 ? changes[changes.length - 1]!.seq : cursor;
  const parents = await parentsSentLater(database, device, changes, end, appVersion);
  return {
    changes: [...parents, ...changes],
    cursor: end,
    hasMore,
    ...(hasMore ? { remaining: await remainingAfter(database, device, end) } : {}),
    serverId: database.serverId,
    serverTime: new Date().toISOString(),
  };
}

/**
 * How many changes wait after `end` (the progress of a long pull): index-only range counts on
 * (branch_id, seq), asked only while there are more pages.
 */
async function remainingAfter(database: Database, device: DeviceAuth, end: number): Promise<number> {
  const [row] = await q<{ n: number | string }>(
    database.db,
    sql`select (select count(*) from records where branch_id = ${device.branchId} and seq > ${end})
             + (select count(*) from records where branch_id = ${HQ_BRANCH_ID} and seq > ${end})
             + (select count(*) from conflicts where branch_id = ${device.branchId} and seq > ${end}) as n`,
  );
  return Number(row?.n ?? 0);
}

const toChange = (row: Row, appVersion?: string): Change => ({
  seq: Number(row.seq),
  entity: row.entity,
  id: row.id,
  version: row.version,
  fields: fieldsForApp(row.entity, row.fields, appVersion),
  ...(row.deleted ? { deleted: true as const } : {}),
});

/**
 * A record is sent at its latest change, so a parent edited after its child was created lands
 * in a later page than the child. A device applies each page on its own (with its foreign
 * keys checked), so the parents a page refers to that would come only in a later page are sent
 * in this page too, first (again at their place later, which the device takes as no change).
 */
async function parentsSentLater(database: Database, device: DeviceAuth, changes: Change[], end: number, appVersion: string | undefined): Promise<Change[]> {
  const inPage = new Set(changes.map((c) => `${c.entity}\u0000${c.id}`));
  const found: Change[] = [];
  let level = changes;
  for (let depth = 0; depth < 4 && level.length > 0; depth++) {
    const wanted = new Map<string, [string, string]>();
    for (const c of level) {
      if (!isDeviceEntity(c.entity) || c.deleted) continue;
      for (const ref of REFERENCES[c.entity] ?? []) {
        const id = c.fields[ref.field];
        if (typeof id !== 'string') continue;
        const key = `${ref.entity}\u0000${id}`;
        if (!inPage.has(key)) wanted.set(key, [ref.entity, id]);
      }
    }
    if (wanted.size === 0) break;
    const rows = await q<Row>(
      database.db,
      sql`select seq, entity, id, version, fields, deleted from records
          where branch_id = ${device.branchId} and seq > ${end}
            and (entity, id) in (select x->>0, x->>1 from jsonb_array_elements(${JSON.stringify([...wanted.values()])}::jsonb) x)`,
    );
    level = rows.map((row) => toChange(row, appVersion));
    for (const c of level) inPage.add(`${c.entity}\u0000${c.id}`);
    found.unshift(...level);
  }
  return found;
}
