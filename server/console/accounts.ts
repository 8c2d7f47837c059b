import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import type { ConsoleUser } from '../../shared/console/api';
import { isConsoleRole, lockSecondsAfter, SESSION_RULES, type ConsoleRole } from '../../shared/console/roles';
import { q, type Executor } from '../db/open';
import { HttpError } from '../http';
import { audit, type Actor } from './audit';

/**
 * Console accounts: argon2id password hashes, one-time passwords, sign-in with back-off after
 * failures, and server-side sessions with idle and absolute time-outs.
 */

// OWASP's argon2id minimum (19 MiB, 2 passes): ~30 ms here.
// `algorithm: 2` is Algorithm.Argon2id (a const enum, which isolatedModules cannot read).
const ARGON = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const hashPassword = (password: string) => hash(password, ARGON);

/** A hash of no password anyone has: verified against when the login is unknown, so the answer takes as long. */
let decoy: Promise<string> | undefined;

async function checkPassword(stored: string | undefined, password: string): Promise<boolean> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  try {
    return await verify(stored ?? (await decoy), password);
  } catch {
    return false;
  }
}

// No look-alikes (0/O, 1/l/I), grouped for reading out: `k7Qm-x2Rd-9fTw-hZ4p` (~90 bits).
const OTP_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function oneTimePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let s = '';
    for (let i = 0; i < 4; i++) s += OTP_ALPHABET.charAt(randomInt(OTP_ALPHABET.length));
    groups.push(s);
  }
  return groups.join('-');
}

interface UserRow {
  id: number;
  login: string;
  name: string;
  role: string;
  password_hash: string;
  must_change_password: boolean;
  disabled_at: string | null;
}

const toUser = (r: UserRow): ConsoleUser => ({
  id: r.id,
  login: r.login,
  name: r.name,
  role: (isConsoleRole(r.role) ? r.role : 'order_desk') satisfies ConsoleRole,
  mustChangePassword: r.must_change_password,
});

/** Creates an account with a one-time password, which is returned once and never stored. */
export async function createAccount(ex: Executor, input: { login: string; name: string; role: ConsoleRole }, actor: Actor): Promise<{ login: string; password: string; id: number }> {
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  const rows = await q<{ id: number }>(
    ex,
    sql`insert into console_users (login, name, role, password_hash, must_change_password) values (${input.login}, ${input.name}, ${input.role}, ${passwordHash}, true)
        on conflict (login) do nothing returning id`,
  );
  const id = rows[0]?.id;
  if (id === undefined) {
    throw new HttpError('CONFLICT', `로그인 ID '${input.login}'은(는) 이미 있습니다. 다른 ID를 고르거나, 그 계정의 비밀번호를 초기화하세요.`);
  }
  await audit(ex, actor, { action: 'account.create', targetKind: 'account', targetId: input.login, after: { login: input.login, name: input.name, role: input.role } });
  return { login: input.login, password, id: id };
}

/** Issues a new one-time password for an account (the old one stops working, its sessions end). */
export async function resetPassword(ex: Executor, id: number, actor: Actor): Promise<{ login: string; password: string }> {
  const user = (await q<UserRow>(ex, sql`select * from console_users where id = ${id} for update`))[0];
  if (!user) throw new HttpError('NOT_FOUND', '계정을 찾을 수 없습니다. 목록을 새로 고치세요.');
  const password = oneTimePassword();
  await ex.execute(sql`update console_users set password_hash = ${await hashPassword(password)}, must_change_password = true where id = ${id}`);
  await ex.execute(sql`delete from console_sessions where user_id = ${id}`);
  await ex.execute(sql`delete from console_login_throttle where login = ${user.login}`);
  await audit(ex, actor, { action: 'account.reset_password', targetKind: 'account', targetId: user.login });
  return { login: user.login, password };
}

export async function updateAccount(ex: Executor, id: number, patch: { role?: ConsoleRole | undefined; disabled?: boolean | undefined }, actor: Actor): Promise<ConsoleUser> {
  const user = (await q<UserRow>(ex, sql`select * from console_users where id = ${id} for update`))[0];
  if (!user) throw new HttpError('NOT_FOUND', '계정을 찾을 수 없습니다. 목록을 새로 고치세요.');
  const role = patch.role ?? user.role;
  const disabled = patch.disabled ?? user.disabled_at !== null;
  if (user.role === 'admin' && (role !== 'admin' || disabled)) {
    const admins = await q<{ n: number }>(ex, sql`select count(*)::int as n from console_users where role = 'admin' and disabled_at is null and id <> ${id}`);
    if ((admins[0]?.n ?? 0) === 0) {
      throw new HttpError('CONFLICT', '마지막 관리자 계정은 역할을 바꾸거나 사용 중지할 수 없습니다. 다른 관리자를 먼저 만드세요.');
    }
  }
  await ex.execute(sql`update console_users set role = ${role}, disabled_at = ${disabled ? (user.disabled_at ?? new Date().toISOString()) : null} where id = ${id}`);
  if (disabled || role !== user.role) await ex.execute(sql`delete from console_sessions where user_id = ${id}`);
  await audit(ex, actor, {
    action: 'account.update',
    targetKind: 'account',
    targetId: user.login,
    before: { role: user.role, disabled: user.disabled_at !== null },
    after: { role, disabled },
  });
  const after = (await q<UserRow>(ex, sql`select * from console_users where id = ${id}`))[0]!;
  return toUser(after);
}

export async function listAccounts(ex: Executor) {
  const rows = await q<UserRow & { created_at: string; last_login_at: string | null }>(ex, sql`select * from console_users order by login`);
  return rows.map((r) => ({
    ...toUser(r),
    disabled: r.disabled_at !== null,
    createdAt: new Date(r.created_at).toISOString(),
    lastLoginAt: r.last_login_at && new Date(r.last_login_at).toISOString(),
  }));
}

// ── sign-in ─────────────────────────────────────────────────────────────────────────────────

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface SessionOptions {
  idleMinutes: number;
  absoluteHours: number;
}
export const DEFAULT_SESSION_OPTIONS: SessionOptions = { idleMinutes: SESSION_RULES.idleMinutes, absoluteHours: SESSION_RULES.absoluteHours };

export class LoginRefused extends HttpError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number | undefined,
  ) {
    super('UNAUTHORIZED', message, retryAfterSeconds === undefined ? undefined : { retryAfterSeconds });
  }
}

const WRONG = '로그인 ID 또는 비밀번호가 맞지 않습니다. 다시 입력하세요. 잊었으면 관리자에게 비밀번호 초기화를 요청하세요.';

/**
 * Checks a login and password. Failures count per login name (known or not, so the answer never
 * tells which logins exist); past the free ones each further failure doubles the wait, and while
 * waiting the password is not even checked. Every attempt is audited.
 */
export async function signIn(
  ex: Executor,
  login: string,
  password: string,
  where: { ip: string; userAgent: string | undefined },
  options: SessionOptions,
): Promise<{ user: ConsoleUser; sessionId: string; csrfToken: string }> {
  const guest: Actor = { kind: 'user', login, name: '(로그인 시도)', ip: where.ip };
  const throttle = (await q<{ failures: number; locked_until: string | null }>(ex, sql`select failures, locked_until from console_login_throttle where login = ${login}`))[0];
  const lockedFor = throttle?.locked_until ? Math.ceil((new Date(throttle.locked_until).getTime() - Date.now()) / 1000) : 0;
  if (lockedFor > 0) {
    await audit(ex, guest, { action: 'auth.login', targetKind: 'account', targetId: login, outcome: 'refused', note: `locked (${lockedFor}s left)` });
    throw new LoginRefused(`로그인 실패가 여러 번 있어 잠시 잠겼습니다. ${waitText(lockedFor)} 뒤에 다시 시도하세요.`, lockedFor);
  }
  const user = (await q<UserRow>(ex, sql`select * from console_users where login = ${login}`))[0];
  const ok = await checkPassword(user?.password_hash, password);
  if (!ok || user?.disabled_at !== null) {
    const failures = (throttle?.failures ?? 0) + (ok ? 0 : 1);
    const lock = lockSecondsAfter(failures);
    await ex.execute(sql`
      insert into console_login_throttle (login, failures, locked_until, last_failed_at)
      values (${login}, ${failures}, ${lock > 0 ? new Date(Date.now() + lock * 1000).toISOString() : null}, now())
      on conflict (login) do update set failures = excluded.failures, locked_until = excluded.locked_until, last_failed_at = excluded.last_failed_at`);
    const disabled = ok && user?.disabled_at !== null;
    await audit(ex, guest, { action: 'auth.login', targetKind: 'account', targetId: login, outcome: 'refused', note: disabled ? 'account disabled' : `wrong password (${failures})` });
    if (disabled) throw new LoginRefused('사용 중지된 계정입니다. 관리자에게 문의하세요.', undefined);
    throw new LoginRefused(lock > 0 ? `${WRONG} 실패가 반복되어 ${waitText(lock)} 동안 로그인할 수 없습니다.` : WRONG, lock > 0 ? lock : undefined);
  }
  await ex.execute(sql`delete from console_login_throttle where login = ${login}`);
  const sessionId = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + options.absoluteHours * 3_600_000).toISOString();
  await ex.execute(sql`
    insert into console_sessions (id_hash, user_id, csrf_token, expires_at, ip, user_agent)
    values (${sha256(sessionId)}, ${user.id}, ${csrfToken}, ${expiresAt}, ${where.ip}, ${where.userAgent?.slice(0, 300) ?? null})`);
  await ex.execute(sql`update console_users set last_login_at = now() where id = ${user.id}`);
  await audit(ex, { kind: 'user', login: user.login, name: user.name, ip: where.ip }, { action: 'auth.login', targetKind: 'account', targetId: user.login });
  return { user: toUser(user), sessionId, csrfToken };
}

function waitText(seconds: number): string {
  return seconds >= 90 ? `약 ${Math.ceil(seconds / 60)}분` : `${seconds}초`;
}

export interface Session {
  idHash: string;
  user: ConsoleUser;
  csrfToken: string;
}

/** The session behind a cookie value, or a 401 saying why (none, ended by idle time-out, …). */
export async function loadSession(ex: Executor, sessionId: string | undefined, options: SessionOptions): Promise<Session> {
  if (!sessionId || sessionId.length > 100) throw new HttpError('UNAUTHORIZED', '로그인하세요.');
  const idHash = sha256(sessionId);
  const row = (
    await q<UserRow & { csrf_token: string; last_seen_at: string; expires_at: string; user_id: number }>(
      ex,
      sql`select s.csrf_token, s.last_seen_at, s.expires_at, s.user_id, u.* from console_sessions s join console_users u on u.id = s.user_id where s.id_hash = ${idHash}`,
    )
  )[0];
  if (!row) throw new HttpError('UNAUTHORIZED', '로그인이 끝났습니다. 다시 로그인하세요.');
  const now = Date.now();
  const idle = now - new Date(row.last_seen_at).getTime() > options.idleMinutes * 60_000;
  const expired = now > new Date(row.expires_at).getTime();
  if (idle || expired || row.disabled_at !== null) {
    await ex.execute(sql`delete from console_sessions where id_hash = ${idHash}`);
    throw new HttpError(
      'UNAUTHORIZED',
      row.disabled_at !== null
        ? '사용 중지된 계정입니다. 관리자에게 문의하세요.'
        : idle
          ? `${options.idleMinutes}분 동안 사용하지 않아 로그아웃되었습니다. 다시 로그인하세요.`
          : '로그인한 지 오래되어 로그아웃되었습니다. 다시 로그인하세요.',
      { reason: row.disabled_at !== null ? 'disabled' : idle ? 'idle' : 'expired' },
    );
  }
  // Touch at most every 20 s: a page's burst of requests costs one write.
  if (now - new Date(row.last_seen_at).getTime() > 20_000) await ex.execute(sql`update console_sessions set last_seen_at = now() where id_hash = ${idHash}`);
  return { idHash, user: toUser({ ...row, id: row.user_id }), csrfToken: row.csrf_token };
}

export async function endSession(ex: Executor, idHash: string): Promise<void> {
  await ex.execute(sql`delete from console_sessions where id_hash = ${idHash}`);
}

export function sameToken(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function changePassword(ex: Executor, session: Session, current: string, next: string, ip: string): Promise<void> {
  const row = (await q<UserRow>(ex, sql`select * from console_users where id = ${session.user.id} for update`))[0];
  if (!(await checkPassword(row?.password_hash, current)) || !row) {
    await audit(
      ex,
      { kind: 'user', login: session.user.login, name: session.user.name, ip },
      { action: 'account.change_password', targetKind: 'account', targetId: session.user.login, outcome: 'refused', note: 'wrong current password' },
    );
    throw new HttpError('INVALID_INPUT', '지금 비밀번호가 맞지 않습니다. 다시 입력하세요.');
  }
  if (current === next) throw new HttpError('INVALID_INPUT', '새 비밀번호는 지금 비밀번호와 달라야 합니다.');
  if (next.toLowerCase().includes(row.login)) throw new HttpError('INVALID_INPUT', '새 비밀번호에 로그인 ID를 넣지 마세요.');
  await ex.execute(sql`update console_users set password_hash = ${await hashPassword(next)}, must_change_password = false, password_changed_at = now() where id = ${row.id}`);
  // Other sessions of this account end; this one goes on.
  await ex.execute(sql`delete from console_sessions where user_id = ${row.id} and id_hash <> ${session.idHash}`);
  await audit(ex, { kind: 'user', login: session.user.login, name: session.user.name, ip }, { action: 'account.change_password', targetKind: 'account', targetId: session.user.login });
}
