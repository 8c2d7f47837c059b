import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backupsToKeep, KEEP_DAYS, KEEP_RECENT } from '../../../electron/core/store/backups';
import { BACKUP_MAX_AGE_DAYS, backupsGoneBy } from '../../../shared/privacy/retention';
import { KEY_ENV, KEY_RECORD_FILE, keyFilePath, readKeyRecord, resolveKeychainStoreKey, resolveStoreKey } from '../../../electron/core/store/keys';
import { storeKeySecretBox } from '../../../electron/core/store/sealed';
import { formatKstDateTime } from '../../../shared/format/date';
import { recoveryMessage } from '../../../shared/store/recovery';
import { tempDir } from '../../support/fixtures';

describe('the store driver', () => {
  it('is SQLite3 Multiple Ciphers behind the better-sqlite3 name (a plain build would store customer data in clear)', () => {
    const db = new Database(':memory:');
    expect((db.prepare('SELECT sqlite3mc_version() AS v').get() as { v: string }).v).toMatch(/^SQLite3 Multiple Ciphers/);
    expect(db.pragma('cipher', { simple: true })).toBe('chacha20');
    db.close();
  });
});

describe('store keys', () => {
  const env = (extra: NodeJS.ProcessEnv = {}) => ({ ...process.env, SALESDESK_KEY_DIR: tempDir('keys-'), ...extra });

  it('a new data folder gets 256 random bits in a 0600 key file outside the folder, and the same key on every open', () => {
    const dataDir = tempDir('k-');
    const e = env();
    const first = resolveStoreKey(dataDir, e);
    expect(first.bytes.length).toBe(32);
    expect(first.protection).toBe('key-file');
    const file = keyFilePath(readKeyRecord(dataDir)!, e);
    expect(path.dirname(file)).toBe(e.SALESDESK_KEY_DIR);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(resolveStoreKey(dataDir, e).bytes.equals(first.bytes)).toBe(true);
    // The record in the data folder holds no key.
    expect(fs.readFileSync(path.join(dataDir, KEY_RECORD_FILE), 'utf8')).not.toContain(first.bytes.toString('hex'));
  });

  it('a missing key file is refused with where to put it (no new key is made over an existing store)', () => {
    const dataDir = tempDir('k-');
    const e = env();
    resolveStoreKey(dataDir, e);
    expect(() => resolveStoreKey(dataDir, { ...e, SALESDESK_KEY_DIR: tempDir('other-keys-') })).toThrow(/암호 키 파일\(.+\)이 없습니다/);
  });

  it('a broken link named store-key.json on a new folder is refused with what to do, once (not made and retried without end), and no key file is left behind', () => {
    const dataDir = tempDir('k-');
    const e = env();
    fs.symlinkSync(path.join(dataDir, 'nowhere.json'), path.join(dataDir, KEY_RECORD_FILE));
    expect(() => resolveStoreKey(dataDir, e)).toThrow(/암호 키 기록\(.*store-key\.json\)을 만들 수 없습니다.*치운 뒤 다시 여세요/);
    expect(fs.readdirSync(e.SALESDESK_KEY_DIR)).toEqual([]);
    expect(() => resolveStoreKey(dataDir, { ...e, [KEY_ENV]: 'ab'.repeat(32) })).toThrow(/을 만들 수 없습니다/);
  });

  it('SALESDESK_STORE_KEY must be 64 hex characters and match the folder', () => {
    const dataDir = tempDir('k-');
    const e = env();
    const key = resolveStoreKey(dataDir, e);
    expect(() => resolveStoreKey(dataDir, { ...e, [KEY_ENV]: 'short' })).toThrow(/16진수 64자/);
    expect(() => resolveStoreKey(dataDir, { ...e, [KEY_ENV]: '00'.repeat(32) })).toThrow(/키가 아닙니다/);
    expect(resolveStoreKey(dataDir, { ...e, [KEY_ENV]: key.bytes.toString('hex') }).bytes.equals(key.bytes)).toBe(true);
  });

  it('a damaged key record is refused with what to do, never replaced', () => {
    const dataDir = tempDir('k-');
    fs.writeFileSync(path.join(dataDir, KEY_RECORD_FILE), '{"version":1,');
    expect(() => resolveStoreKey(dataDir, env())).toThrow(/손상되었습니다/);
    expect(fs.readFileSync(path.join(dataDir, KEY_RECORD_FILE), 'utf8')).toBe('{"version":1,');
  });

  it('in Electron the key is sealed by the keychain; the web host and CLI are told to open that folder in the app', async () => {
    const dataDir = tempDir('k-');
    const sealed = new Map<string, string>();
    const keychain = {
      seal: (plain: string) => {
        const id = `sealed-${sealed.size}`;
        sealed.set(id, plain);
        return Promise.resolve(id);
      },
      open: (s: string) => (sealed.has(s) ? Promise.resolve(sealed.get(s)!) : Promise.reject(new Error('not mine'))),
    };
    const key = await resolveKeychainStoreKey(dataDir, keychain, env());
    expect(key.protection).toBe('keychain');
    expect(readKeyRecord(dataDir)).toMatchObject({ protection: 'keychain', sealed: 'sealed-0' });
    expect((await resolveKeychainStoreKey(dataDir, keychain, env())).bytes.equals(key.bytes)).toBe(true);
    expect(() => resolveStoreKey(dataDir, env())).toThrow(/OS 키체인에 보관합니다/);
    // Another user's keychain cannot open it.
    await expect(resolveKeychainStoreKey(dataDir, { ...keychain, open: () => Promise.reject(new Error('denied')) }, env())).rejects.toThrow(/OS 키체인에서 저장소 암호 키를 열 수 없습니다/);
  });

  it('the device token is sealed with the store key: another key cannot open it, a changed byte is refused', async () => {
    const dataDir = tempDir('k-');
    const key = resolveStoreKey(dataDir, env());
    const box = storeKeySecretBox(key);
    const sealed = await box.seal('sdt_secret_token');
    expect(sealed).not.toContain('sdt_secret_token');
    expect(await box.open(sealed)).toBe('sdt_secret_token');
    const other = storeKeySecretBox(resolveStoreKey(tempDir('k2-'), env()));
    await expect(other.open(sealed)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const body = Buffer.from(sealed.slice('sealed:v1:'.length), 'base64');
    body[body.length - 1]! ^= 1;
    await expect(box.open(`sealed:v1:${body.toString('base64')}`)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('backup rotation', () => {
  const at = (iso: string, i: number) => ({ id: `b${i}`, createdAt: iso });

  it(`keeps the newest ${KEEP_RECENT}, plus the newest of each of the last ${KEEP_DAYS} days in Korea`, () => {
    const now = new Date('2026-11-22T03:00:00Z'); // 12:00 KST
    const list = [
      // today (KST): 8 backups
      ...Array.from({ length: 8 }, (_, i) => at(`2026-11-22T0${i % 3}:${String(10 + i).padStart(2, '0')}:00Z`, i)),
      // 14:30Z on the 21st is 23:30 on the 21st in Korea
      at('2026-11-21T14:30:00Z', 20),
      at('2026-11-21T10:00:00Z', 21),
      at('2026-11-20T10:00:00Z', 22),
      at('2026-11-10T10:00:00Z', 23), // older than 7 days: goes once 5 newer exist
    ];
    const keep = backupsToKeep(list, now);
    const newest5 = [...list]
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, 5)
      .map((b) => b.id);
    for (const id of newest5) expect(keep.has(id)).toBe(true);
    expect(keep.has('b20')).toBe(true); // newest of 11-21 KST
    expect(keep.has('b21')).toBe(false); // an older one the same day
    expect(keep.has('b22')).toBe(true); // newest of 11-20
    expect(keep.has('b23')).toBe(false);
    expect(keep.size).toBe(7);
  });

  it('never drops below the newest few, however old', () => {
    const keep = backupsToKeep([at('2020-01-01T00:00:00Z', 1), at('2020-01-02T00:00:00Z', 2)], new Date('2026-11-22T00:00:00Z'));
    expect([...keep].sort()).toEqual(['b1', 'b2']);
  });

  it(`after a destruction, a backup taken before it goes once older than ${BACKUP_MAX_AGE_DAYS} days, even among the newest few (destroyed data does not outlive backupsGoneBy)`, () => {
    const destroyedAt = '2026-11-02T01:00:00.000Z';
    const list = [at('2026-10-20T00:00:00Z', 1), at('2026-11-01T00:00:00Z', 2), at('2026-11-03T00:00:00Z', 3)];
    // Before the bound, the last backup holding the data (b2) stays; one already past the age goes; on the bound's date it is gone too.
    expect([...backupsToKeep(list, new Date('2026-11-30T00:00:00Z'), destroyedAt)].sort()).toEqual(['b2', 'b3']);
    expect([...backupsToKeep(list, new Date('2026-11-30T00:00:00Z'))].sort()).toEqual(['b1', 'b2', 'b3']);
    expect([...backupsToKeep(list, new Date(`${backupsGoneBy(new Date(destroyedAt))}T00:00:00+09:00`), destroyedAt)].sort()).toEqual(['b3']);
  });
});

describe('the recovery message', () => {
  it('says which backup (KST), how long a span may need re-entry, and where the old file is', () => {
    const text = recoveryMessage({
      kind: 'restored',
      reason: 'damaged',
      at: '2026-11-22T06:00:00Z',
      movedTo: '/data/set-aside/x',
      previousModifiedAt: '2026-11-22T06:10:00Z',
      backup: { id: 'salesdesk-20261122T050300000Z-start.sqlite', createdAt: '2026-11-22T05:03:00.000Z', reason: 'start' },
    });
    expect(text).toContain('2026. 11. 22. 14:03에 만든 백업으로 복원했습니다');
    expect(text).toContain('2026. 11. 22. 15:10까지(약 1시간 7분)');
    expect(text).toContain('/data/set-aside/x');
    expect(formatKstDateTime('2026-12-31T15:30:00Z')).toBe('2027. 1. 1. 00:30');
  });
});
