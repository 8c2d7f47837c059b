/**
 * The store key: 256 random bits that encrypt the SQLite store (SQLite3 Multiple Ciphers,
 * ChaCha20-Poly1305), its backups, the attachment files and the device token.
 *
 * Where the key lives (never beside the data, so a copied data folder reveals nothing):
 * - Electron: sealed by the OS keychain (safeStorage: DPAPI, Keychain, libsecret); the sealed
 *   bytes sit in the data folder's key record, useless without this OS user's keychain.
 * - web host and CLI: a 0600 key file in a 0700 key folder outside the data folder
 *   (`SALESDESK_KEY_DIR`, default `~/.salesdesk/keys`), or the key itself in
 *   `SALESDESK_STORE_KEY` (64 hex characters).
 *
 * The key record (`store-key.json` in the data folder) holds no secret: which protection was
 * chosen, the key's id (the key file's name) and a check value, so a wrong key is told apart
 * from a damaged store — a wrong key must never make us move a good store aside.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/contract/errors';
import { secureDir, writeSecretFile } from './files';
import { inspectStoreFile } from './open-safely';
import { BACKUP_DIR } from './backups';
import { storeFile } from '../paths';
import { openSqlite } from './db';

export const KEY_RECORD_FILE = 'store-key.json';
export const KEY_ENV = 'SALESDESK_STORE_KEY';
const KEY_DIR_ENV = 'SALESDESK_KEY_DIR';

type KeyProtection = 'keychain' | 'key-file' | 'env';

export interface StoreKey {
  /** 32 bytes. */
  readonly bytes: Buffer;
  readonly protection: KeyProtection;
  readonly id: string;
}

const keyRecordSchema = z.strictObject({
  version: z.literal(1),
  id: z.string().regex(/^[0-9a-f]{32}$/),
  protection: z.enum(['keychain', 'key-file', 'env']),
  /** HMAC of a fixed label under the key: tells a wrong key from a damaged store. */
  check: z.string().regex(/^[0-9a-f]{32}$/),
  /** keychain only: the key sealed by the OS keychain (base64, as the shell returns it). */
  sealed: z.string().max(4096).optional(),
  createdAt: z.string().max(40),
});
export type KeyRecord = z.infer<typeof keyRecordSchema>;

/** The OS keychain as the Electron shell offers it (safeStorage), reached through the utility-process bridge. */
export interface Keychain {
  seal(plain: string): Promise<string>;
  open(sealed: string): Promise<string>;
}

function keyCheck(bytes: Buffer): string {
  return crypto.createHmac('sha256', bytes).update('salesdesk store key check v1').digest('hex').slice(0, 32);
}

/** Subkeys for other uses of the store key (attachments, the device token), never the key itself. */
export function deriveKey(key: StoreKey, purpose: 'attachments v1' | 'device token v1'): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', key.bytes, Buffer.alloc(0), `salesdesk ${purpose}`, 32));
}

export function defaultKeyDir(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env[KEY_DIR_ENV];
  return path.resolve(chosen?.trim() ? chosen : path.join(os.homedir(), '.salesdesk', 'keys'));
}

function keyError(message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('UNAVAILABLE', message, { reason: 'store-key', ...details });
}

export function readKeyRecord(dataDir: string): KeyRecord | null {
  const file = path.join(dataDir, KEY_RECORD_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw keyError(`암호 키 기록(${file})을 읽을 수 없습니다. 파일 권한을 확인하세요.`, { cause: String(error) });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  const parsed = keyRecordSchema.safeParse(json);
  if (!parsed.success) {
    throw keyError(`암호 키 기록(${file})이 손상되었습니다. 백업해 둔 ${KEY_RECORD_FILE}을 되돌려 놓거나 관리자에게 문의하세요. 저장소 파일은 건드리지 않았습니다.`);
  }
  return parsed.data;
}

/**
 * Writes a new folder's key record; false when another process starting on the same new folder
 * wrote one first (its key is the folder's: the caller resolves again and uses it).
 */
function writeKeyRecord(dataDir: string, record: KeyRecord): boolean {
  try {
    writeSecretFile(path.join(dataDir, KEY_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`, { exclusive: true });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Resolving again reads that record: something of the name that cannot be read (a broken link) would loop.
    if (!readKeyRecord(dataDir)) {
      const file = path.join(dataDir, KEY_RECORD_FILE);
      throw keyError(`암호 키 기록(${file})을 만들 수 없습니다: 그 이름의 항목이 있는데 읽을 수 없습니다(끊어진 링크일 수 있습니다). 그것을 치운 뒤 다시 여세요. 저장소 파일은 건드리지 않았습니다.`);
    }
    return false;
  }
}

/** Whether the folder's key record (if readable) is the one with this id. */
function recordNames(dataDir: string, id: string): boolean {
  try {
    return readKeyRecord(dataDir)?.id === id;
  } catch {
    return false;
  }
}

function parseHexKey(text: string, where: string): Buffer {
  const hex = text.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw keyError(`${where}의 암호 키 형식이 맞지 않습니다: 16진수 64자(256비트)여야 합니다.`);
  }
  return Buffer.from(hex, 'hex');
}

function verify(record: KeyRecord, bytes: Buffer, source: string): void {
  if (keyCheck(bytes) !== record.check) {
    throw keyError(`${source}의 암호 키가 이 데이터 폴더의 키가 아닙니다. 올바른 키를 주세요. 저장소와 백업은 건드리지 않았습니다.`, { wrongKey: true });
  }
}

export function keyFilePath(record: Pick<KeyRecord, 'id'>, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(defaultKeyDir(env), `${record.id}.key`);
}

/**
 * A folder without a key record gets a new key only if nothing in it was encrypted with an old
 * one: an encrypted store or backups without their record would otherwise look damaged and be
 * set aside. Plain (pre-encryption) and empty stores are fine: they hold nothing encrypted.
 */
function assertNothingEncrypted(dataDir: string): void {
  const state = inspectStoreFile(storeFile(dataDir));
  let backups: string[] = [];
  try {
    backups = fs.readdirSync(path.join(dataDir, BACKUP_DIR)).filter((f) => f.endsWith('.sqlite'));
  } catch {
    backups = [];
  }
  if (state === 'other' || backups.length > 0) {
    throw keyError(
      `이 데이터 폴더(${dataDir})에는 암호화된 저장소가 있는데 암호 키 기록(${KEY_RECORD_FILE})이 없습니다. ${KEY_RECORD_FILE}을 되돌려 놓거나 ${KEY_ENV}로 키를 주세요. 저장소와 백업은 건드리지 않았습니다.`,
      { keyRecordMissing: true },
    );
  }
}

function opensStore(file: string, bytes: Buffer): boolean {
  let sqlite: ReturnType<typeof openSqlite> | undefined;
  try {
    sqlite = openSqlite(file, bytes, { readonly: true });
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
    return true;
  } catch {
    return false;
  } finally {
    sqlite?.close();
  }
}

function newRecord(bytes: Buffer, protection: KeyProtection, sealed?: string): KeyRecord {
  return {
    version: 1,
    id: crypto.randomBytes(16).toString('hex'),
    protection,
    check: keyCheck(bytes),
    ...(sealed !== undefined ? { sealed } : {}),
    createdAt: new Date().toISOString(),
  };
}

/**
 * The key for the web host and the CLI: `SALESDESK_STORE_KEY`, else the key file the record
 * names. A data folder without a record gets a new key (a key file, or the env key if set).
 */
export function resolveStoreKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): StoreKey {
  secureDir(dataDir);
  const record = readKeyRecord(dataDir);
  const fromEnv = env[KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    const bytes = parseHexKey(fromEnv, KEY_ENV);
    if (record) {
      verify(record, bytes, KEY_ENV);
      return { bytes, protection: record.protection, id: record.id };
    }
    // An env key may open an encrypted folder whose record was lost: only if it really opens it.
    if (inspectStoreFile(storeFile(dataDir)) === 'other' && !opensStore(storeFile(dataDir), bytes)) {
      throw keyError(`${KEY_ENV}의 암호 키로 이 데이터 폴더의 저장소를 열 수 없습니다. 올바른 키를 주세요. 저장소와 백업은 건드리지 않았습니다.`, { wrongKey: true });
    }
    const created = newRecord(bytes, 'env');
    if (!writeKeyRecord(dataDir, created)) return resolveStoreKey(dataDir, env);
    return { bytes, protection: 'env', id: created.id };
  }
  if (record) {
    if (record.protection === 'keychain') {
      throw keyError(`이 데이터 폴더의 암호 키는 SalesDesk 앱이 OS 키체인에 보관합니다. 이 폴더는 앱에서 여세요 (CLI·웹 호스트에서 열려면 ${KEY_ENV}에 키를 주어야 합니다).`, { keychain: true });
    }
    if (record.protection === 'env') {
      throw keyError(`이 데이터 폴더는 ${KEY_ENV}로 준 암호 키로 잠겨 있습니다. 같은 키를 ${KEY_ENV}에 넣고 다시 실행하세요.`);
    }
    const file = keyFilePath(record, env);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      throw keyError(
        `암호 키 파일(${file})이 없습니다. 이 데이터 폴더를 만든 컴퓨터의 키 파일을 그 자리에 복사하거나, ${KEY_DIR_ENV}로 키 폴더를, ${KEY_ENV}로 키를 주세요. 저장소는 건드리지 않았습니다.`,
        { keyFile: file },
      );
    }
    const bytes = parseHexKey(text, file);
    verify(record, bytes, file);
    return { bytes, protection: 'key-file', id: record.id };
  }
  assertNothingEncrypted(dataDir);
  const bytes = crypto.randomBytes(32);
  const created = newRecord(bytes, 'key-file');
  const keyDir = defaultKeyDir(env);
  secureDir(keyDir);
  const keyFile = keyFilePath(created, env);
  writeSecretFile(keyFile, `${bytes.toString('hex')}\n`, { exclusive: true });
  let written: boolean;
  try {
    written = writeKeyRecord(dataDir, created);
  } finally {
    // Not the folder's key unless its record was written: no file anywhere is encrypted with it.
    if (!recordNames(dataDir, created.id)) fs.rmSync(keyFile, { force: true });
  }
  if (!written) return resolveStoreKey(dataDir, env);
  return { bytes, protection: 'key-file', id: created.id };
}

/**
 * The key in Electron: sealed by the OS keychain. A folder made by the web host or CLI (key
 * file, env) keeps its protection; the key file is still read from its own folder.
 */
export async function resolveKeychainStoreKey(dataDir: string, keychain: Keychain, env: NodeJS.ProcessEnv = process.env): Promise<StoreKey> {
  secureDir(dataDir);
  const record = readKeyRecord(dataDir);
  if (record && record.protection !== 'keychain') return resolveStoreKey(dataDir, env);
  if (record) {
    if (!record.sealed) throw keyError(`암호 키 기록(${KEY_RECORD_FILE})에 봉인된 키가 없습니다. 관리자에게 문의하세요. 저장소는 건드리지 않았습니다.`);
    let hex: string;
    try {
      hex = await keychain.open(record.sealed);
    } catch (error) {
      throw keyError(`OS 키체인에서 저장소 암호 키를 열 수 없습니다. 이 컴퓨터의 같은 사용자로 로그인했는지 확인하세요. (${(error as Error).message})`);
    }
    const bytes = parseHexKey(hex, 'OS 키체인');
    verify(record, bytes, 'OS 키체인');
    return { bytes, protection: 'keychain', id: record.id };
  }
  assertNothingEncrypted(dataDir);
  const bytes = crypto.randomBytes(32);
  const sealed = await keychain.seal(bytes.toString('hex'));
  const created = newRecord(bytes, 'keychain', sealed);
  if (!writeKeyRecord(dataDir, created)) return resolveKeychainStoreKey(dataDir, keychain, env);
  return { bytes, protection: 'keychain', id: created.id };
}
