import { sql, type SQL } from 'drizzle-orm';
import type { AuditQuery, AuditRow, Page } from '../../shared/console/api';
import { maskRecordValues } from '../../shared/privacy/mask';
import { q, type Executor } from '../db/open';

/**
 * The audit log (issue 14): who did what, when, from where, before → after. Written in the same
 * transaction as the change it records, so an action and its trace commit together or not at all.
 * Append-only: the table's trigger refuses UPDATE, DELETE and TRUNCATE.
 */
export interface Actor {
  kind: 'user' | 'token' | 'cli';
  login: string;
  name: string;
  ip: string | null;
}

/** The admin token of `cli hq` and other automation: a named token, not a person. */
export const ADMIN_TOKEN_ACTOR: Actor = { kind: 'token', login: 'admin-token', name: '관리자 토큰 (cli hq 자동화)', ip: null };

export interface AuditEntry {
  action: string;
  targetKind?: string | undefined;
  targetId?: string | undefined;
  before?: unknown;
  after?: unknown;
  outcome?: 'ok' | 'refused';
  note?: string | undefined;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

export async function audit(ex: Executor, actor: Actor, entry: AuditEntry): Promise<void> {
  await ex.execute(sql`
    insert into audit_log (actor_kind, actor_login, actor_name, ip, action, target_kind, target_id, before, after, outcome, note)
    values (${actor.kind}, ${actor.login}, ${actor.name}, ${actor.ip}, ${entry.action}, ${entry.targetKind ?? null}, ${entry.targetId ?? null},
            ${json(entry.before)}::jsonb, ${json(entry.after)}::jsonb, ${entry.outcome ?? 'ok'}, ${entry.note ?? null})`);
}

interface Row {
  id: number;
  at: string;
  actor_kind: string;
  actor_login: string;
  actor_name: string;
  ip: string | null;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  before: unknown;
  after: unknown;
  outcome: string;
  note: string | null;
}

const toView = (r: Row): AuditRow => ({
  id: r.id,
  at: new Date(r.at).toISOString(),
  actorKind: r.actor_kind,
  actorLogin: r.actor_login,
  actorName: r.actor_name,
  ip: r.ip,
  action: r.action,
  targetKind: r.target_kind,
  targetId: r.target_id,
  before: r.before,
  after: r.after,
  outcome: r.outcome,
  note: r.note,
});

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function where(query: Omit<AuditQuery, 'offset' | 'limit'>): SQL {
  const parts: SQL[] = [sql`true`];
  if (query.q) {
    const p = like(query.q);
    parts.push(sql`(a.action ilike ${p} or a.actor_login ilike ${p} or a.actor_name ilike ${p} or coalesce(a.target_id, '') ilike ${p}
      or coalesce(a.note, '') ilike ${p} or coalesce(a.ip, '') ilike ${p})`);
  }
  if (query.actor) parts.push(sql`a.actor_login = ${query.actor.toLowerCase()}`);
  if (query.action) parts.push(sql`a.action like ${`${query.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (query.target) parts.push(sql`a.target_id = ${query.target}`);
  // Dates are KST days (what people type and see).
  if (query.from) parts.push(sql`a.at >= (${query.from}::date)::timestamp at time zone 'Asia/Seoul'`);
  if (query.to) parts.push(sql`a.at < ((${query.to}::date + 1)::timestamp at time zone 'Asia/Seoul')`);
  return sql.join(parts, sql` and `);
}

export async function searchAudit(ex: Executor, query: AuditQuery & { offset: number; limit: number; dir: 'asc' | 'desc' }): Promise<Page<AuditRow>> {
  const w = where(query);
  const order = query.dir === 'asc' ? sql`a.id asc` : sql`a.id desc`;
  const rows = await q<Row>(ex, sql`select a.* from audit_log a where ${w} order by ${order} limit ${query.limit} offset ${query.offset}`);
  const total = await q<{ n: number }>(ex, sql`select count(*)::int as n from audit_log a where ${w}`);
  // A list masks the personal values in before → after (issue 17: less on screen); the entry opened alone shows them.
  return { items: rows.map(toView).map((r) => ({ ...r, before: maskRecordValues(r.before), after: maskRecordValues(r.after) })), total: total[0]?.n ?? 0 };
}

/** One audit entry, whole (the viewer opened it: its access is logged as a view of its target). */
export async function auditEntry(ex: Executor, id: number): Promise<AuditRow | null> {
  const rows = await q<Row>(ex, sql`select * from audit_log where id = ${id}`);
  return rows[0] ? toView(rows[0]) : null;
}

export async function auditOf(ex: Executor, targetKind: string, targetId: string): Promise<AuditRow[]> {
  const rows = await q<Row>(ex, sql`select * from audit_log where target_kind = ${targetKind} and target_id = ${targetId} order by id desc limit 200`);
  return rows.map(toView);
}

/** One CSV field: quoted, quotes doubled; a leading = + - @ is defused so a spreadsheet never runs it. */
function csvField(value: unknown): string {
  let s = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

const AUDIT_CSV_HEADER = ['id', '시각(UTC)', '구분', '로그인', '이름', 'IP', '동작', '대상 종류', '대상 ID', '이전', '이후', '결과', '메모'];

/** The whole matching log as CSV (UTF-8 with BOM so Excel reads Hangul), newest first, in pages. */
export async function* auditCsv(ex: Executor, query: Omit<AuditQuery, 'offset' | 'limit'>): AsyncGenerator<string> {
  yield `\uFEFF${AUDIT_CSV_HEADER.map(csvField).join(',')}\r\n`;
  const w = where(query);
  let before = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const rows = await q<Row>(ex, sql`select a.* from audit_log a where ${w} and a.id < ${before} order by a.id desc limit 1000`);
    if (rows.length === 0) return;
    let chunk = '';
    for (const r of rows.map(toView)) {
      chunk += `${[r.id, r.at, r.actorKind, r.actorLogin, r.actorName, r.ip, r.action, r.targetKind, r.targetId, r.before, r.after, r.outcome, r.note].map(csvField).join(',')}\r\n`;
    }
    yield chunk;
    before = rows[rows.length - 1]!.id;
  }
}
