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
export async function pullChanges(database: Database, device: DeviceAuth, cursor: number, limit: number, appVersion?: string, skip: Skip = []): Promise<PullResponse> {
  const take = limit + 1;
  const lastBefore = await branchLastBefore(database, device, cursor, skip);
  const rows = await q<Row>(database.db, sql`select * from (${pageRows(device, cursor, take, skip)}) page order by seq limit ${take}`);
  return pageOf(database, device, cursor, limit, rows, appVersion, skip, lastBefore);
}

/** Change numbers the device holds already (its exact pushes: PushEcho), as `[from, to]` ranges in ascending order. */
type Skip = readonly (readonly [number, number])[];

/**
 * The branch's last change number, read before the page when ranges after `cursor` are left out
 * (null: none are). Read after the page, a change committed meanwhile (numbered below a range
 * naming numbers not yet written) would be passed over unsent: read before, it is above it.
 */
async function branchLastBefore(database: Database, device: DeviceAuth, cursor: number, skip: Skip): Promise<number | null> {
  if (!skip.some(([, to]) => to > cursor)) return null;
  const [row] = await q<{ seq: number | string | null }>(database.db, sql`select max(seq) as seq from records where branch_id = ${device.branchId}`);
  return Number(row?.seq ?? 0);
}

/**
 * Where the device's cursor goes after the last page: past the ranges it skipped, up to the
 * branch's last change when the page was read (never past what HQ had written). Every change it
 * can see up to there was sent or is its own: its branch's writers, and HQ's, commit in the order
 * of their numbers.
 */
function endPastSkipped(end: number, skip: Skip, lastBefore: number | null): number {
  const last = skip.at(-1)?.[1] ?? 0;
  if (last <= end || lastBefore === null) return end;
  return Math.max(end, Math.min(last, lastBefore));
}

/** The page of `rows` (the first `limit` + 1 changes after `cursor`, or every one if fewer). */
async function pageOf(
  database: Database,
  device: DeviceAuth,
  cursor: number,
  limit: number,
  rows: Row[],
  appVersion: string | undefined,
  skip: Skip,
  lastBefore: number | null,
): Promise<PullResponse> {
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
    cursor: hasMore ? end : endPastSkipped(end, skip, lastBefore),
    hasMore,
    ...(hasMore ? { remaining: await remainingAfter(database, device, end) } : {}),
    serverId: database.serverId,
    serverTime: new Date().toISOString(),
  };
}

/** The three kinds of change a device reads, after `cursor`, each an index range scan of at most `take` rows. */
const pageRows = (device: DeviceAuth, cursor: number, take: number, skip: Skip) => sql`
  (select seq, entity, id, version, fields, deleted from records
    where branch_id = ${device.branchId} and seq > ${cursor}${skipped(skip, cursor)} order by seq limit ${take})
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
    from conflicts where branch_id = ${device.branchId} and seq > ${cursor} order by seq limit ${take})`;

/** The condition leaving out the skipped ranges after `cursor` (none: nothing). */
function skipped(skip: Skip, cursor: number) {
  const after = skip.filter(([, to]) => to > cursor);
  if (after.length === 0) return sql``;
  return sql` and not (${sql.join(
    after.map(([from, to]) => sql`seq between ${from} and ${to}`),
    sql` or `,
  )})`;
}

/** (child entity, its field naming a parent, the parent's entity) for every reference in REFERENCES. */
const REFERENCE_ROWS = sql.join(
  Object.entries(REFERENCES).flatMap(([child, refs]) => refs.map((ref) => sql`(${child}::text, ${ref.field}::text, ${ref.entity}::text)`)),
  sql`, `,
);

/**
 * Up to this many changes waiting, a page is read row by row (a usual sync: one query, compact
 * JSON); the page written in SQL pays off on more (measured on PGlite: one change 3.3 ms CPU row
 * by row, 5.5 ms in SQL, whose text also spaces jsonb out).
 */
const ROW_BY_ROW_UP_TO = 200;

/**
 * The same page as pullChanges, as the JSON text of the response, for an app that reports its
 * version (to which HQ sends the fields as stored: shared/sync/compat.ts). PostgreSQL writes
 * the page's changes as one text value (one row per page, not per change): the driver parses no
 * row and no jsonb, and nothing is stringified again (measured on PGlite at 100k changes in
 * pages of 5000: 3.2 s of CPU as rows → 1.4 s as one text per page). It also picks, in the same
 * query, the byte cap, the cursor and the parents the page names that come later (sent first).
 */
export async function pullPageJson(database: Database, device: DeviceAuth, cursor: number, limit: number, appVersion: string, skip: Skip = []): Promise<string> {
  const lastBefore = await branchLastBefore(database, device, cursor, skip);
  const probe = await q<Row>(database.db, sql`select * from (${pageRows(device, cursor, ROW_BY_ROW_UP_TO + 1, skip)}) page order by seq limit ${ROW_BY_ROW_UP_TO + 1}`);
  if (probe.length <= ROW_BY_ROW_UP_TO || limit <= ROW_BY_ROW_UP_TO) {
    const rows = probe.length <= ROW_BY_ROW_UP_TO ? probe : probe.slice(0, limit + 1);
    return JSON.stringify(await pageOf(database, device, cursor, limit, rows, appVersion, skip, lastBefore));
  }
  const take = limit + 1;
  const [row] = await q<{ fetched: number; kept: number; end: number | string | null; changes: string | null; wanted: [string, string][] }>(
    database.db,
    sql`
      with page as materialized (
        select seq, entity, id, version, fields, fields::text as ftext, deleted
          from (${pageRows(device, cursor, take, skip)}) u order by seq limit ${take}
      ), sized as (
        select *, row_number() over (order by seq) as n, sum(length(ftext) + 80) over (order by seq) as run from page
      ), kept as materialized (
        select * from sized where n <= ${limit} and (n = 1 or run <= ${SYNC_LIMITS.pullMaxBytes})
      )
      select (select count(*) from page)::int as fetched,
             (select count(*) from kept)::int as kept,
             (select max(seq) from kept) as "end",
             (select string_agg(concat('{"seq":', seq, ',"entity":', to_json(entity)::text, ',"id":', to_json(id)::text,
                                       ',"version":', version, ',"fields":', ftext, case when deleted then ',"deleted":true' end, '}'),
                                ',' order by seq) from kept) as changes,
             (select coalesce(jsonb_agg(distinct jsonb_build_array(ref.parent, k.fields->>ref.field)), '[]'::jsonb)
                from kept k join (values ${REFERENCE_ROWS}) ref(child, field, parent) on k.entity = ref.child
               where not k.deleted and jsonb_typeof(k.fields->ref.field) = 'string'
                 and not exists (select 1 from kept k2 where k2.entity = ref.parent and k2.id = k.fields->>ref.field)) as wanted`,
  );
  const kept = row?.kept ?? 0;
  const hasMore = (row?.fetched ?? 0) > kept;
  const end = kept > 0 ? Number(row!.end) : cursor;
  const wanted = new Map((row?.wanted ?? []).map(([entity, id]) => [`${entity}\u0000${id}`, [entity, id] as [string, string]]));
  const parents = wanted.size > 0 ? await parentsOf(database, device, wanted, end, appVersion) : [];
  const changes = row?.changes ?? '';
  const head = parents.map((c) => JSON.stringify(c)).join(',');
  const tail = {
    cursor: hasMore ? end : endPastSkipped(end, skip, lastBefore),
    hasMore,
    ...(hasMore ? { remaining: await remainingAfter(database, device, end) } : {}),
    serverId: database.serverId,
    serverTime: new Date().toISOString(),
  };
  return `{"changes":[${head}${head && changes ? ',' : ''}${changes}],${JSON.stringify(tail).slice(1)}`;
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
  return parentsOf(database, device, referencedParents(changes, inPage), end, appVersion, inPage);
}

/** The parents `changes` name that are not in `inPage` (keyed entity NUL id). */
function referencedParents(changes: Change[], inPage: Set<string>): Map<string, [string, string]> {
  const wanted = new Map<string, [string, string]>();
  for (const c of changes) {
    if (!isDeviceEntity(c.entity) || c.deleted) continue;
    for (const ref of REFERENCES[c.entity] ?? []) {
      const id = c.fields[ref.field];
      if (typeof id !== 'string') continue;
      const key = `${ref.entity}\u0000${id}`;
      if (!inPage.has(key)) wanted.set(key, [ref.entity, id]);
    }
  }
  return wanted;
}

/** The `wanted` parents changed after `end`, then theirs (up to four levels), grandparents first. */
async function parentsOf(database: Database, device: DeviceAuth, wanted: Map<string, [string, string]>, end: number, appVersion: string | undefined, inPage = new Set<string>()): Promise<Change[]> {
  const found: Change[] = [];
  for (let depth = 0; depth < 4 && wanted.size > 0; depth++) {
    const rows = await q<Row>(
      database.db,
      sql`select seq, entity, id, version, fields, deleted from records
          where branch_id = ${device.branchId} and seq > ${end}
            and (entity, id) in (select x->>0, x->>1 from jsonb_array_elements(${JSON.stringify([...wanted.values()])}::jsonb) x)
          order by seq`,
    );
    const level = rows.map((row) => toChange(row, appVersion));
    for (const c of level) inPage.add(`${c.entity}\u0000${c.id}`);
    for (const key of wanted.keys()) inPage.add(key);
    found.unshift(...level);
    wanted = referencedParents(level, inPage);
  }
  return found;
}
