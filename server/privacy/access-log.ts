import crypto from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { accessEntrySchema, canonicalAccessText, GENESIS_HASH, verifyAccessChain, type AccessEntry, type PersonalAction, type Subject } from '../../shared/privacy/access';
import {
  findUnusualAccess,
  hqDeviceOf,
  kstMonthRange,
  type AccessLogPage,
  type AccessLogPushResponse,
  type AccessLogQuery,
  type AccessLogRow,
  type ChainStatus,
  type DeviceChainBreak,
  type MonthlyReview,
  type ReviewEntry,
} from '../../shared/privacy/hq';
import type { DeviceAuth } from '../auth';
import type { Actor } from '../console/audit';
import { q, type Executor, type HqDb, type HqTx } from '../db/open';
import { HttpError } from '../http';

/**
 * The access log at HQ (issue 17). Two kinds of entry, both append-only (migration 0005's
 * triggers) and hash-chained the device's way (shared/privacy/access.ts):
 * - HQ's own: every console or admin-API call that touched personal data, one chain for HQ,
 *   appended under an advisory lock so two appends never share a previous hash;
 * - the devices': each device's chain as it arrives over `POST /sync/access-log`, checked link by
 *   link on arrival. A break (changed, missing or conflicting entry) is kept in
 *   `access_chain_breaks` and answered; the entries are kept too — evidence is never dropped.
 */

const sha256Hex = (text: string): string => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** Serialises HQ's own appends (an advisory lock of its own: record writers never wait for it). */
const ACCESS_LOCK_KEY = 72_630_017;

export interface HqAccessEvent {
  actor: Actor;
  /** `METHOD /route/pattern`. */
  channel: string;
  action: PersonalAction;
  subjects: Subject[];
  reason: string | null;
}

/** Appends one HQ entry in its own transaction; the caller answers only once it is written. */
export async function appendHqAccess(db: HqDb, event: HqAccessEvent): Promise<AccessEntry> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${ACCESS_LOCK_KEY})`);
    const last = (await q<{ seq: number; hash: string }>(tx, sql`select seq::int as seq, hash from hq_access_log order by seq desc limit 1`))[0];
    const base = {
      seq: (last?.seq ?? 0) + 1,
      id: crypto.randomUUID(),
      at: new Date().toISOString(),
      actor: event.actor.login,
      device: hqDeviceOf(event.actor.ip),
      channel: event.channel,
      action: event.action,
      // One list of distinct subjects, capped as the entry's shape is.
      subjects: [...new Map(event.subjects.map((s) => [`${s.kind}:${s.id}`, { kind: s.kind, id: s.id }])).values()].slice(0, 1000),
      reason: event.reason,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const entry = accessEntrySchema.parse({ ...base, hash: sha256Hex(canonicalAccessText(base)) });
    await tx.execute(sql`insert into hq_access_log (seq, id, at, at_ts, actor, actor_kind, actor_name, device, channel, action, subjects, reason, prev_hash, hash)
      values (${entry.seq}, ${entry.id}, ${entry.at}, ${entry.at}::timestamptz, ${entry.actor}, ${event.actor.kind}, ${event.actor.name}, ${entry.device}, ${entry.channel},
              ${entry.action}, ${JSON.stringify(entry.subjects)}::jsonb, ${entry.reason}, ${entry.prevHash}, ${entry.hash})`);
    return entry;
  });
}

interface EntryRow {
  /** bigint: a number or a string, by driver. */
  seq: number | string;
  id: string;
  at: string;
  actor: string;
  device: string;
  channel: string;
  action: string;
  subjects: unknown;
  reason: string | null;
  prev_hash: string;
  hash: string;
}

const entryOf = (r: EntryRow): AccessEntry => ({
  seq: Number(r.seq),
  id: r.id,
  at: r.at,
  actor: r.actor,
  device: r.device,
  channel: r.channel,
  action: r.action as PersonalAction,
  subjects: Array.isArray(r.subjects) ? (r.subjects as Subject[]) : [],
  reason: r.reason,
  prevHash: r.prev_hash,
  hash: r.hash,
});

// ── device entries arriving over sync ─────────────────────────────────────────────────────────

/**
 * Stores a device's entries (sent in seq order after the last HQ acknowledged). Each is checked
 * against the one before it as HQ holds it: a resent identical entry is a duplicate (nothing
 * changes); another entry under a number HQ already holds is a `conflict` (the stored one stays);
 * a skipped number, a wrong link or a hash that does not cover the entry is stored and the break
 * recorded. One transaction per batch, under the device's own lock.
 */
export async function receiveDeviceEntries(db: HqDb, dev: DeviceAuth, entries: readonly AccessEntry[]): Promise<AccessLogPushResponse> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${ACCESS_LOCK_KEY}::int, ${dev.num}::int)`);
    const first = entries[0]!.seq;
    const held = new Map(
      (await q<{ seq: number; hash: string }>(tx, sql`select seq, hash from device_access_log where device_id = ${dev.deviceId} and seq >= ${first} and seq <= ${first + entries.length - 1}`)).map(
        (r) => [r.seq, r.hash],
      ),
    );
    let prev = (await q<{ seq: number; hash: string }>(tx, sql`select seq, hash from device_access_log where device_id = ${dev.deviceId} and seq < ${first} order by seq desc limit 1`))[0] ?? {
      seq: 0,
      hash: GENESIS_HASH,
    };
    let stored = 0;
    let duplicate = 0;
    const breaks: DeviceChainBreak[] = [];
    const note = async (b: DeviceChainBreak, sentHash: string | null) => {
      breaks.push(b);
      await tx.execute(sql`insert into access_chain_breaks (device_id, seq, problem, message, sent_hash) values (${dev.deviceId}, ${b.seq}, ${b.problem}, ${b.message}, ${sentHash})
        on conflict (device_id, seq, problem) do nothing`);
    };
    for (const e of entries) {
      const heldHash = held.get(e.seq);
      if (heldHash !== undefined) {
        if (heldHash === e.hash) duplicate += 1;
        else await note({ seq: e.seq, problem: 'conflict', message: `entry ${e.seq}: HQ already holds a different entry under this number (the device's log was changed or replaced)` }, e.hash);
        prev = { seq: e.seq, hash: heldHash };
        continue;
      }
      const broken = verifyAccessChain([e], sha256Hex, prev);
      if (broken) await note({ seq: broken.seq, problem: broken.problem, message: broken.message }, null);
      await tx.execute(sql`insert into device_access_log (device_id, seq, branch_id, rep_id, id, at, at_ts, actor, device, channel, action, subjects, reason, prev_hash, hash)
        values (${dev.deviceId}, ${e.seq}, ${dev.branchId}, ${dev.repId}, ${e.id}, ${e.at}, ${e.at}::timestamptz, ${e.actor}, ${e.device}, ${e.channel}, ${e.action},
                ${JSON.stringify(e.subjects.map((s) => ({ kind: s.kind, id: s.id })))}::jsonb, ${e.reason}, ${e.prevHash}, ${e.hash})`);
      stored += 1;
      prev = { seq: e.seq, hash: e.hash };
    }
    const last = (await q<{ n: number | null }>(tx, sql`select max(seq) as n from device_access_log where device_id = ${dev.deviceId}`))[0]?.n ?? 0;
    return { stored, duplicate, lastSeq: last, breaks };
  });
}

// ── verification ────────────────────────────────────────────────────────────────────────────

const PAGE = 5000;

async function verifyPaged(ex: Executor, page: (afterSeq: number) => SQL): Promise<{ entries: number; broken: DeviceChainBreak | null }> {
  let start = { seq: 0, hash: GENESIS_HASH };
  let entries = 0;
  for (;;) {
    const rows = (await q<EntryRow>(ex, page(start.seq))).map(entryOf);
    if (rows.length === 0) return { entries, broken: null };
    const broken = verifyAccessChain(rows, sha256Hex, start);
    if (broken) return { entries: entries + rows.findIndex((r) => r.seq === broken.seq), broken: { seq: broken.seq, problem: broken.problem, message: broken.message } };
    entries += rows.length;
    const last = rows[rows.length - 1]!;
    start = { seq: last.seq, hash: last.hash };
  }
}

/**
 * HQ's chain and every device's chain as HQ holds it, each walked from its first entry; a device
 * chain also reports the first break found when its entries arrived (a conflicting resend leaves
 * the stored chain whole but is still a break).
 */
export async function verifyAccessLogs(ex: Executor): Promise<ChainStatus[]> {
  const hq = await verifyPaged(
    ex,
    (after) => sql`select seq::int as seq, id, at, actor, device, channel, action, subjects, reason, prev_hash, hash from hq_access_log where seq > ${after} order by seq limit ${PAGE}`,
  );
  const result: ChainStatus[] = [{ source: 'hq', deviceId: null, deviceName: null, entries: hq.entries, broken: hq.broken }];
  const devices = await q<{ device_id: string; name: string | null }>(
    ex,
    sql`select l.device_id, d.name from (select distinct device_id from device_access_log) l left join devices d on d.id = l.device_id order by l.device_id`,
  );
  for (const d of devices) {
    const walked = await verifyPaged(
      ex,
      (after) =>
        sql`select seq, id, at, actor, device, channel, action, subjects, reason, prev_hash, hash from device_access_log where device_id = ${d.device_id} and seq > ${after} order by seq limit ${PAGE}`,
    );
    const noted = (
      await q<{ seq: number; problem: string; message: string }>(ex, sql`select seq, problem, message from access_chain_breaks where device_id = ${d.device_id} order by seq, id limit 1`)
    )[0];
    const firstBreak = [walked.broken, noted ? ({ seq: noted.seq, problem: noted.problem, message: noted.message } as DeviceChainBreak) : null]
      .filter((b): b is DeviceChainBreak => b !== null)
      .sort((a, b) => a.seq - b.seq)[0];
    const total = (await q<{ n: number }>(ex, sql`select count(*)::int as n from device_access_log where device_id = ${d.device_id}`))[0]?.n ?? 0;
    result.push({ source: 'device', deviceId: d.device_id, deviceName: d.name, entries: total, broken: firstBreak ?? null });
  }
  return result;
}

// ── search, export, review ────────────────────────────────────────────────────────────────────

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

interface UnionRow {
  source: 'hq' | 'device';
  /** bigint: a number or a string, by driver. */
  seq: number | string;
  at: string;
  actor: string;
  actor_name: string;
  branch: string | null;
  device: string;
  channel: string;
  action: string;
  subjects: unknown;
  reason: string | null;
}

/** Both logs as one relation (source, who, when, whose data), for search, export and review. */
const UNION = sql`(
  select 'hq' as source, h.seq::bigint as seq, h.at, h.at_ts, h.actor, h.actor_name, null::text as branch, h.device, h.channel, h.action, h.subjects, h.reason
  from hq_access_log h
  union all
  select 'device', l.seq::bigint, l.at, l.at_ts, r.name, r.name, b.name, coalesce(d.name, l.device), l.channel, l.action, l.subjects, l.reason
  from device_access_log l
  left join reps r on r.id = l.rep_id
  left join branches b on b.id = l.branch_id
  left join devices d on d.id = l.device_id
) x`;

/** Ids of the customers and applications whose company name contains `text` (at most 200). */
async function idsByName(ex: Executor, text: string): Promise<string[]> {
  const rows = await q<{ id: string }>(
    ex,
    sql`select id from records where (entity = 'customer' and fields->>'name' ilike ${like(text)})
        or (entity = 'application' and fields->'customer'->>'name' ilike ${like(text)}) limit 200`,
  );
  return rows.map((r) => r.id);
}

async function whereOf(ex: Executor, query: Omit<AccessLogQuery, 'offset' | 'limit'>): Promise<SQL> {
  const parts: SQL[] = [sql`true`];
  if (query.source !== 'all') parts.push(sql`x.source = ${query.source}`);
  if (query.person) {
    const p = like(query.person);
    parts.push(sql`(x.actor ilike ${p} or x.actor_name ilike ${p})`);
  }
  if (query.subject) {
    const ids = [query.subject, ...(await idsByName(ex, query.subject))];
    parts.push(
      sql`(${sql.join(
        ids.map((id) => sql`x.subjects @> ${JSON.stringify([{ id }])}::jsonb`),
        sql` or `,
      )})`,
    );
  }
  // KST days, as people type and see them.
  if (query.from) parts.push(sql`x.at_ts >= (${query.from}::date)::timestamp at time zone 'Asia/Seoul'`);
  if (query.to) parts.push(sql`x.at_ts < ((${query.to}::date + 1)::timestamp at time zone 'Asia/Seoul')`);
  return sql.join(parts, sql` and `);
}

const rowOf = (r: UnionRow): AccessLogRow => ({
  source: r.source,
  seq: Number(r.seq),
  at: r.at,
  actor: r.actor,
  actorName: r.actor_name,
  branch: r.branch,
  device: r.device,
  channel: r.channel,
  action: r.action as PersonalAction,
  subjects: Array.isArray(r.subjects) ? (r.subjects as Subject[]) : [],
  reason: r.reason,
});

export async function searchAccessLog(ex: Executor, query: AccessLogQuery): Promise<AccessLogPage> {
  const w = await whereOf(ex, query);
  const rows = await q<UnionRow>(ex, sql`select x.* from ${UNION} where ${w} order by x.at_ts desc, x.source, x.seq desc limit ${query.limit} offset ${query.offset}`);
  const total = (await q<{ n: number }>(ex, sql`select count(*)::int as n from ${UNION} where ${w}`))[0]?.n ?? 0;
  const breaks = (await verifyAccessLogs(ex)).filter((c) => c.broken !== null);
  return { items: rows.map(rowOf), total, breaks };
}

/** One CSV field: quoted, quotes doubled; a leading = + - @ is defused so a spreadsheet never runs it. */
function csvField(value: unknown): string {
  let s = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

const CSV_HEADER = ['구분', '번호', '시각(UTC)', '사람', '이름', '지사', '기기/주소', '경로', '동작', '대상', '사유'];

/** The matching log as CSV (UTF-8 with BOM so Excel reads Hangul), newest first; also how many rows. */
export async function accessLogCsv(ex: Executor, query: Omit<AccessLogQuery, 'offset' | 'limit'>): Promise<{ csv: string; rows: number }> {
  const w = await whereOf(ex, query);
  let csv = `\uFEFF${CSV_HEADER.map(csvField).join(',')}\r\n`;
  let rows = 0;
  let offset = 0;
  for (;;) {
    const page = await q<UnionRow>(ex, sql`select x.* from ${UNION} where ${w} order by x.at_ts desc, x.source, x.seq desc limit 1000 offset ${offset}`);
    if (page.length === 0) return { csv, rows };
    for (const r of page.map(rowOf)) {
      csv += `${[r.source, r.seq, r.at, r.actor, r.actorName, r.branch, r.device, r.channel, r.action, r.subjects.map((s) => `${s.kind}:${s.id}`).join(' '), r.reason].map(csvField).join(',')}\r\n`;
    }
    rows += page.length;
    offset += page.length;
  }
}

/** The month's findings under REVIEW_RULES, and who marked it reviewed. */
export async function monthlyReview(ex: Executor, month: string): Promise<MonthlyReview> {
  const { from, to } = kstMonthRange(month);
  const rows = await q<{ source: string; actor: string; actor_name: string; branch: string | null; at: string; subjects: unknown }>(
    ex,
    sql`select x.source, x.actor, x.actor_name, x.branch, x.at, x.subjects from ${UNION} where x.at_ts >= ${from}::timestamptz and x.at_ts < ${to}::timestamptz`,
  );
  const entries: ReviewEntry[] = rows.map((r) => ({
    person: r.source === 'hq' ? `hq:${r.actor}` : `rep:${r.branch ?? ''}/${r.actor}`,
    personName: r.source === 'hq' ? `${r.actor_name} (${r.actor})` : `${r.actor_name}${r.branch ? ` · ${r.branch}` : ''}`,
    at: r.at,
    subjects: Array.isArray(r.subjects) ? (r.subjects as Subject[]) : [],
  }));
  const found = findUnusualAccess(entries);
  const mark = (await q<{ by_login: string; by_name: string; at: string; note: string | null }>(ex, sql`select by_login, by_name, at, note from access_reviews where month = ${month}`))[0];
  return {
    month,
    entries: entries.length,
    ...found,
    reviewed: mark ? { by: mark.by_login, byName: mark.by_name, at: new Date(mark.at).toISOString(), note: mark.note } : null,
  };
}

/** Marks a month reviewed, once (a second mark is refused: the first one stands). */
export async function markReviewed(tx: HqTx | HqDb, month: string, actor: Actor, note: string | undefined): Promise<MonthlyReview['reviewed']> {
  const { to } = kstMonthRange(month);
  if (Date.parse(to) > Date.now() + 31 * 86_400_000) throw new HttpError('INVALID_INPUT', '아직 오지 않은 달은 점검 완료로 표시할 수 없습니다. 월을 확인하세요.');
  const rows = await q<{ by_login: string; by_name: string; at: string; note: string | null }>(
    tx,
    sql`insert into access_reviews (month, by_login, by_name, note) values (${month}, ${actor.login}, ${actor.name}, ${note?.trim() ? note.trim() : null})
        on conflict (month) do nothing returning by_login, by_name, at, note`,
  );
  const row = rows[0];
  if (!row) throw new HttpError('CONFLICT', `${month}은(는) 이미 점검 완료로 표시되어 있습니다. 표시는 한 번만 남기며 바꿀 수 없습니다.`);
  return { by: row.by_login, byName: row.by_name, at: new Date(row.at).toISOString(), note: row.note };
}
