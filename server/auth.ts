import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { q, type HqDb } from './db/open';
import { HttpError } from './http';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A device token: 32 random bytes, base64url, with a prefix that secret scanners recognise. */
export function newDeviceToken(): string {
  return `sdt_${randomBytes(32).toString('base64url')}`;
}

/** A generated admin token (when SALESDESK_HQ_ADMIN_TOKEN is not set). */
export function newAdminToken(): string {
  return `sda_${randomBytes(32).toString('base64url')}`;
}

// Crockford base32 without look-alikes (no I, L, O, U): easy to read out over the phone.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** An enrollment code like `7KQ2-M9XD-4HTW` (60 random bits). */
export function newEnrollmentCode(): string {
  let raw = '';
  for (let i = 0; i < 12; i++) raw += CODE_ALPHABET.charAt(randomInt(CODE_ALPHABET.length));
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
}

/** What a person might type for a code: any case, with or without dashes, O for 0, I/L for 1. */
export function normalizeEnrollmentCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}

export interface DeviceAuth {
  deviceId: string;
  /** Writer number in field stamps. */
  num: number;
  branchId: number;
  repId: number;
}

const lastSeenWritten = new Map<string, number>();

export const REVOKED_MESSAGE = '이 기기의 등록이 HQ에서 해제되었습니다. HQ 담당자에게 문의해 새 등록 코드를 받으세요.';

/**
 * Enrolled, unrevoked devices by token hash, per database: a device's identity (id, writer number,
 * branch, rep) never changes, so a request whose token is known skips the lookup. Revocation is
 * the one change, and it is honoured at once: revokeDevice calls forgetDevice after its commit,
 * which drops the device and bumps the generation, so a lookup that read the row before the
 * revocation committed does not put it back. A push checks revocation again inside its own
 * transaction (server/sync/push.ts), on the database itself. An entry lives CACHE_TTL_MS: HQ
 * runs one process per database (PGlite holds its data folder), but should a second HQ process
 * share one PostgreSQL database, a revocation made through the other is honoured within that time
 * for pulls (and at once for pushes).
 */
interface DeviceCache {
  byHash: Map<string, { device: DeviceAuth; until: number }>;
  generation: number;
}
/** How long a looked-up device is trusted without asking the database again. */
const CACHE_TTL_MS = 10_000;
const caches = new WeakMap<HqDb, DeviceCache>();
/** Bounds the cache (a fleet is hundreds of devices; past this, lookups simply go to the database). */
const CACHE_MAX = 10_000;

function cacheOf(db: HqDb): DeviceCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = { byHash: new Map(), generation: 0 };
    caches.set(db, cache);
  }
  return cache;
}

/** A device was revoked (after its transaction committed): its next request is looked up, and refused. */
export function forgetDevice(db: HqDb, deviceId: string): void {
  const cache = cacheOf(db);
  cache.generation += 1;
  for (const [hash, entry] of cache.byHash) if (entry.device.deviceId === deviceId) cache.byHash.delete(hash);
}

/** The device behind a Bearer token, or 401. Every /sync call but enrollment goes through it. */
export async function authenticateDevice(db: HqDb, authorization: string | undefined): Promise<DeviceAuth> {
  const token = bearerToken(authorization);
  if (!token) {
    throw new HttpError('UNAUTHORIZED', '기기 인증 정보가 없습니다. 이 기기를 HQ에 등록(등록 코드 입력)한 뒤 다시 동기화하세요.');
  }
  const hash = sha256Hex(token);
  const cache = cacheOf(db);
  const now = Date.now();
  const cached = cache.byHash.get(hash);
  let device = cached && cached.until > now ? cached.device : undefined;
  if (!device) {
    const generation = cache.generation;
    const rows = await q<{ id: string; num: number; branch_id: number; rep_id: number; revoked: boolean }>(
      db,
      sql`select id, num, branch_id, rep_id, revoked_at is not null as revoked from devices where token_hash = ${hash}`,
    );
    const row = rows[0];
    if (!row) {
      throw new HttpError('UNAUTHORIZED', '이 기기의 인증이 HQ에 없습니다. HQ에서 새 등록 코드를 받아 기기를 다시 등록하세요. 기기에 저장된 작업은 지워지지 않습니다.');
    }
    if (row.revoked) throw new HttpError('UNAUTHORIZED', REVOKED_MESSAGE);
    // int4 columns (serial, integer): both PostgreSQL drivers give them as numbers.
    device = { deviceId: row.id, num: row.num, branchId: row.branch_id, repId: row.rep_id };
    if (cache.generation === generation && (cached || cache.byHash.size < CACHE_MAX)) cache.byHash.set(hash, { device, until: now + CACHE_TTL_MS });
  }
  if ((lastSeenWritten.get(device.deviceId) ?? 0) < now - 60_000) {
    lastSeenWritten.set(device.deviceId, now);
    await db.execute(sql`update devices set last_seen_at = now() where id = ${device.deviceId}`);
  }
  return device;
}

/** Compares the Bearer token with the admin token in constant time, or 401. */
export function checkAdmin(adminTokenHash: Buffer, authorization: string | undefined): void {
  const token = bearerToken(authorization);
  const ok = token !== undefined && timingSafeEqual(createHash('sha256').update(token).digest(), adminTokenHash);
  if (!ok) {
    throw new HttpError('UNAUTHORIZED', '관리자 토큰이 없거나 맞지 않습니다. HQ 서버를 시작할 때 출력된 adminToken을 --admin-token으로 지정하세요.');
  }
}
