/**
 * Opening the device's store so that damage never loses more than it must:
 * - integrity is checked at open (PRAGMA quick_check) after the key is applied;
 * - a damaged, empty (0-byte) or unreadable file is moved aside (never overwritten, never
 *   deleted) to <data dir>/set-aside/<when>-<why>/, and the newest backup that passes its own
 *   check is restored, with a message saying what happened and how much work may need re-entry;
 * - only a data folder with no store file and no backups is a new store;
 * - a store written before encryption (plain SQLite) is encrypted on first open: the plain file
 *   is kept aside until the encrypted copy opens and checks, then overwritten and removed;
 * - a wrong key is refused before any of this (keys.ts), so it never looks like damage.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { recoveryMessage, type BackupInfo, type DamageReason, type StoreRecovery } from '../../../shared/store/recovery';
import { chmodQuiet, fileStamp, FILE_MODE, secureDir, shred, uniqueDir } from './files';
import { openSqlite, openStore, type Store } from './db';
import { Backups } from './backups';
import { runningClis, runningHost } from './host-lock';
import { AppError } from '../../../shared/contract/errors';
import { errorMsg } from '../../../shared/i18n/error-messages';

/** Where unusable or replaced store files are moved (never deleted). */
export const SET_ASIDE_DIR = 'set-aside';
const SIDE_FILES = ['-wal', '-shm', '-journal'];
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Errors that mean "these bytes are not a sound store": anything else (busy, permissions, our bug) is not damage. */
const DAMAGE_CODES = /^SQLITE_(CORRUPT|NOTADB)/;

class StoreDamage extends Error {
  constructor(
    readonly reason: DamageReason,
    message: string,
  ) {
    super(message);
  }
}

export type FileState = 'absent' | 'empty' | 'plain' | 'other';

export function inspectStoreFile(file: string): FileState {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
  if (size === 0) return 'empty';
  const head = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  return head.equals(SQLITE_HEADER) ? 'plain' : 'other';
}

function isDamage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && DAMAGE_CODES.test(code);
}

/** quick_check on an open connection: throws StoreDamage when the file is not sound. */
function checkIntegrity(sqlite: Database.Database): void {
  let verdict: string;
  try {
    verdict = (sqlite.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check).join('; ');
  } catch (error) {
    if (isDamage(error)) throw new StoreDamage((error as { code: string }).code === 'SQLITE_NOTADB' ? 'not-a-database' : 'damaged', (error as Error).message);
    throw error;
  }
  if (verdict !== 'ok') throw new StoreDamage('damaged', verdict.slice(0, 500));
}

export interface SafeOpenOptions {
  dataDir: string;
  file: string;
  key: Buffer;
  migrationsDir?: string;
  now?: () => Date;
  log?: (entry: { level: 'error' | 'info'; msg: string; [k: string]: unknown }) => void;
}

export interface SafeOpenResult {
  store: Store;
  backups: Backups;
  /** Set when the store was restored or started empty because the previous one was unusable. */
  recovery: StoreRecovery | null;
  /** The store was plain SQLite and is now encrypted. */
  encryptedNow: boolean;
}

function openChecked(file: string, key: Buffer, migrationsDir: string | undefined): Store {
  // Check before migrating: a migration must never write into a damaged file.
  let probe: Database.Database | undefined;
  try {
    probe = openSqlite(file, key);
    checkIntegrity(probe);
  } catch (error) {
    if (error instanceof StoreDamage) throw error;
    if (isDamage(error)) throw new StoreDamage('not-a-database', (error as Error).message);
    throw error;
  } finally {
    probe?.close();
  }
  try {
    return openStore({ file, key, ...(migrationsDir ? { migrationsDir } : {}) });
  } catch (error) {
    if (isDamage(error)) throw new StoreDamage('damaged', (error as Error).message);
    throw error;
  }
}

/** Moves the store file and its WAL/SHM into a new folder under set-aside/; returns that folder. */
function moveAside(dataDir: string, file: string, why: string, now: Date): string | null {
  const present = ['', ...SIDE_FILES].map((s) => file + s).filter((f) => fs.existsSync(f));
  if (present.length === 0) return null;
  const dir = uniqueDir(path.join(dataDir, SET_ASIDE_DIR), `${fileStamp(now)}-${why}`);
  for (const f of present) fs.renameSync(f, path.join(dir, path.basename(f)));
  return dir;
}

/** Copies a backup into place as the store (temporary file, then rename), owner-only. */
function putBackupInPlace(backups: Backups, id: string, file: string): void {
  const tmp = `${file}.restore.tmp`;
  fs.rmSync(tmp, { force: true });
  fs.copyFileSync(backups.pathOf(id), tmp, fs.constants.COPYFILE_EXCL);
  chmodQuiet(tmp, FILE_MODE);
  fs.renameSync(tmp, file);
}

/**
 * Replaces the store with a backup: the current files are moved aside first. Returns the
 * opened store and what happened. Tries `preferred` (or the newest) first, then older ones.
 */
export function restoreFromBackup(opts: SafeOpenOptions & { backups: Backups; reason: DamageReason; detail: string; preferred?: string; strict?: boolean }): { store: Store; recovery: StoreRecovery } {
  const now = (opts.now ?? (() => new Date()))();
  const log = opts.log ?? (() => undefined);
  let previousModifiedAt: string | null = null;
  try {
    previousModifiedAt = fs.statSync(opts.file).mtime.toISOString();
    const wal = `${opts.file}-wal`;
    if (fs.existsSync(wal)) {
      const walTime = fs.statSync(wal).mtime.toISOString();
      if (walTime > previousModifiedAt) previousModifiedAt = walTime;
    }
  } catch {
    previousModifiedAt = null;
  }
  const movedTo = moveAside(opts.dataDir, opts.file, opts.reason, now);
  log({ level: 'error', msg: 'store set aside', reason: opts.reason, detail: opts.detail, movedTo });

  const all = opts.backups.list();
  const order: BackupInfo[] = opts.preferred ? [...all.filter((b) => b.id === opts.preferred), ...(opts.strict ? [] : all.filter((b) => b.id !== opts.preferred))] : all;
  for (const backup of order) {
    const problem = opts.backups.check(backup.id);
    if (problem) {
      log({ level: 'error', msg: 'backup unusable', backup: backup.id, problem });
      continue;
    }
    putBackupInPlace(opts.backups, backup.id, opts.file);
    try {
      const store = openChecked(opts.file, opts.key, opts.migrationsDir);
      const base = {
        kind: 'restored' as const,
        reason: opts.reason,
        at: now.toISOString(),
        movedTo,
        previousModifiedAt,
        backup: { id: backup.id, createdAt: backup.createdAt, reason: backup.reason },
      };
      log({ level: 'info', msg: 'store restored from backup', backup: backup.id });
      return { store, recovery: { ...base, message: recoveryMessage(base) } };
    } catch (error) {
      if (!(error instanceof StoreDamage)) throw error;
      // The copy itself failed its check (disk trouble?): set it aside too, try the next backup.
      moveAside(opts.dataDir, opts.file, 'restore-failed', now);
    }
  }
  if (opts.strict) {
    throw new StoreDamage('damaged', `백업 ${opts.preferred ?? ''}을(를) 쓸 수 없습니다.`);
  }
  const store = openStore({ file: createEmptyStoreFile(opts.file), key: opts.key, ...(opts.migrationsDir ? { migrationsDir: opts.migrationsDir } : {}) });
  const base = { kind: 'reset' as const, reason: opts.reason, at: now.toISOString(), movedTo, previousModifiedAt, backup: null };
  log({ level: 'error', msg: 'no usable backup: started an empty store' });
  return { store, recovery: { ...base, message: recoveryMessage(base) } };
}

/** A new store file, owner-only from its first byte (SQLite gives its WAL and SHM the same mode). */
function createEmptyStoreFile(file: string): string {
  fs.closeSync(fs.openSync(file, 'wx', FILE_MODE));
  return file;
}

/**
 * A plain store (from before encryption) becomes encrypted: copy, rekey the copy, check it,
 * swap it in; the plain original is moved aside until then and removed only after.
 */
function encryptPlainStore(opts: SafeOpenOptions): void {
  const { file, key } = opts;
  // Fold the WAL into the file first, so the copy is whole.
  const plain = openSqlite(file, undefined);
  try {
    checkIntegrity(plain);
    plain.pragma('wal_checkpoint(TRUNCATE)');
    plain.pragma('journal_mode = DELETE');
  } finally {
    plain.close();
  }
  const tmp = `${file}.encrypting`;
  const keep = `${file}.plain-${fileStamp((opts.now ?? (() => new Date()))())}`;
  fs.rmSync(tmp, { force: true });
  fs.copyFileSync(file, tmp, fs.constants.COPYFILE_EXCL);
  chmodQuiet(tmp, FILE_MODE);
  const enc = openSqlite(tmp, undefined);
  try {
    enc.pragma(`cipher = 'chacha20'`);
    enc.pragma('kdf_iter = 1');
    enc.pragma(`hexrekey = '${key.toString('hex')}'`);
  } finally {
    enc.close();
  }
  const verify = openSqlite(tmp, key);
  try {
    checkIntegrity(verify);
  } finally {
    verify.close();
  }
  fs.renameSync(file, keep);
  for (const s of SIDE_FILES) fs.rmSync(file + s, { force: true });
  fs.renameSync(tmp, file);
  shred(keep);
}

export function openStoreSafely(opts: SafeOpenOptions): SafeOpenResult {
  secureDir(opts.dataDir);
  const backups = new Backups(opts.dataDir, opts.key);
  const state = inspectStoreFile(opts.file);
  let encryptedNow = false;
  let damage: StoreDamage | null = null;
  if (state === 'absent') {
    // Only a folder that never had a store is new: a store that vanished comes back from its backup.
    if (backups.list().length === 0) {
      return {
        store: openStore({ file: createEmptyStoreFile(opts.file), key: opts.key, ...(opts.migrationsDir ? { migrationsDir: opts.migrationsDir } : {}) }),
        backups,
        recovery: null,
        encryptedNow,
      };
    }
    damage = new StoreDamage('missing', 'store file missing');
  } else if (state === 'empty') {
    damage = new StoreDamage('empty', 'store file is 0 bytes');
  } else if (state === 'plain') {
    try {
      encryptPlainStore(opts);
      encryptedNow = true;
    } catch (error) {
      if (error instanceof StoreDamage) damage = error;
      else if (isDamage(error)) damage = new StoreDamage('damaged', (error as Error).message);
      else throw error;
    }
  }
  if (!damage) {
    try {
      const store = openChecked(opts.file, opts.key, opts.migrationsDir);
      chmodQuiet(opts.file, FILE_MODE);
      return { store, backups, recovery: null, encryptedNow };
    } catch (error) {
      if (!(error instanceof StoreDamage)) throw error;
      damage = error;
    }
  }
  // Another process on the folder may be the reason (its restore has the store moved aside for a
  // moment), and would anyway go on with the file moved aside: only a folder no one else holds is repaired.
  const other = runningHost(opts.dataDir) ?? runningClis(opts.dataDir)[0];
  if (other) throw new AppError('UNAVAILABLE', errorMsg('core.repairWhileInUse', { pid: String(other.pid) }), { reason: damage.reason });
  const { store, recovery } = restoreFromBackup({ ...opts, backups, reason: damage.reason, detail: damage.message });
  return { store, backups, recovery, encryptedNow };
}
