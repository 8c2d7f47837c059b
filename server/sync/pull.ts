import { sql } from 'drizzle-orm';
import { SYNC_LIMITS, type Change, type Fields, type PullResponse } from '../../shared/sync/protocol';
import type { DeviceAuth } from '../auth';
import { HQ_BRANCH_ID, q, type Database } from '../db/open';

interface Row {
  seq: number;
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
export async function pullChanges(database: Database, device: DeviceAuth, cursor: number, limit: number): Promise<PullResponse> {
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
    const change: Change = {
      seq: Number(row.seq),
      entity: row.entity,
      id: row.id,
      version: Number(row.version),
      fields: row.fields,
      ...(row.deleted ? { deleted: true as const } : {}),
    };
    bytes += JSON.stringify(change.fields).length + 80;
    if (changes.length > 0 && bytes > SYNC_LIMITS.pullMaxBytes) {
      hasMore = true;
      break;
    }
    changes.push(change);
  }
  return {
    changes,
    cursor: changes.length > 0 ? changes[changes.length - 1]!.seq : cursor,
    hasMore,
    serverId: database.serverId,
    serverTime: new Date().toISOString(),
  };
}
