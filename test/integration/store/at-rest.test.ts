import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core/core';
import { storeFile } from '../../../electron/core/paths';
import { openStore } from '../../../electron/core/store/db';
import { defaultKeyDir, keyFilePath, readKeyRecord, resolveStoreKey } from '../../../electron/core/store/keys';
import { syncState, attachments as attachmentsTable } from '../../../electron/core/store/schema';
import { startHq, type HqProcess } from '../hq/harness';
import { Admin } from '../hq/client';
import { businessNumberFor, sampleApplication, tempDir } from '../../support/fixtures';
import { signaturePng } from '../documents/tools';
import { hqDataDir } from '../../support/hq-data';

/**
 * Encrypted at rest (issue 10, item 5): a data folder copied off the laptop shows no customer
 * data and no device token; everything in it is for this OS user only.
 */
let hq: HqProcess;
let admin: Admin;
const cores: Core[] = [];
beforeAll(async () => {
  hq = await startHq({ dataDir: hqDataDir('hq-at-rest-') });
  admin = new Admin(hq.url, hq.adminToken);
});
afterAll(async () => {
  for (const c of cores) c.close();
  await hq.stop();
});

/** Every file under a folder, with its bytes. */
function rawFiles(dir: string): { file: string; bytes: Buffer }[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile())
    .map((file) => ({ file, bytes: fs.readFileSync(file) }));
}

/** Where a needle appears in any file, as UTF-8, UTF-16LE (SQLite's other text encoding) or base64. */
function findings(dir: string, needles: string[]): string[] {
  const out: string[] = [];
  for (const { file, bytes } of rawFiles(dir)) {
    for (const n of needles) {
      for (const form of [Buffer.from(n, 'utf8'), Buffer.from(n, 'utf16le'), Buffer.from(Buffer.from(n).toString('base64').slice(0, 24))]) {
        if (bytes.includes(form)) out.push(`${path.relative(dir, file)} contains ${n}`);
      }
    }
  }
  return out;
}

describe('a stolen data folder reveals nothing', () => {
  it('no customer name, phone, address, signature image or device token appears in any file of the data folder', async () => {
    const dataDir = tempDir('at-rest-');
    const core = openCore({ dataDir, host: 'test', validateOutput: true });
    cores.push(core);
    await core.ctx.sync.engine.enroll(hq.url, await admin.enrollCode('종로지사', '김보안'), '보안점검기기');
    const customer = {
      ...sampleApplication().customer,
      name: '기밀유통주식회사',
      businessNumber: businessNumberFor(71),
      address: '서울특별시 비밀구 숨김로 77',
      phone: '02-9876-5432',
      mobile: '010-8765-4321',
    };
    const created = await core.invoke('applications.create', sampleApplication({ customer }));
    const png = signaturePng();
    const sig = core.store.write((tx) => core.ctx.attachments.put(tx, png, new Date().toISOString()));
    await core.ctx.sync.engine.sync();
    // The token is what HQ gave at enrollment; read it through the engine's own unsealing.
    const sealed = core.store.db
      .select()
      .from(syncState)
      .all()
      .find((r) => r.key === 'token')!.value as string;
    expect(sealed).toMatch(/^sealed:v1:/);
    const token = await (core.ctx.sync.engine as unknown as { session(): Promise<{ token: string }> }).session().then((s) => s.token);
    expect(token.length).toBeGreaterThan(20);
    // Sync made a backup too (in a worker thread): it must be as opaque as the store.
    await core.idle();
    expect((await core.invoke('store.status', {})).backups.some((b) => b.reason === 'sync')).toBe(true);
    expect((await core.invoke('applications.get', { id: created.id })).customer.name).toBe('기밀유통주식회사');
    // Copied while the app runs (WAL and SHM present), and again after it closed.
    const whileOpen = tempDir('at-rest-copy-');
    fs.cpSync(dataDir, whileOpen, { recursive: true });
    expect(fs.existsSync(path.join(whileOpen, 'salesdesk.sqlite-wal'))).toBe(true);
    core.close();
    cores.splice(cores.indexOf(core), 1);

    const needles = ['기밀유통주식회사', '비밀구 숨김로', '02-9876-5432', '0298765432', '010-8765-4321', '01087654321', token];
    expect(findings(whileOpen, needles)).toEqual([]);
    expect(findings(dataDir, needles)).toEqual([]);
    // The signature PNG's bytes are not in the folder either (the file is named by its SHA-256 only).
    const pngSlice = Buffer.from(png).subarray(16, 80);
    expect(
      rawFiles(dataDir)
        .filter(({ bytes }) => bytes.includes(pngSlice))
        .map((f) => f.file),
    ).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'attachments', sig.sha256))).toBe(true);
    // And the store is not readable as plain SQLite.
    const plain = new Database(storeFile(dataDir), { readonly: true });
    expect(() => plain.prepare('SELECT count(*) FROM customers').get()).toThrow(/not a database/);
    plain.close();
    // The key is outside the data folder.
    const record = readKeyRecord(dataDir)!;
    expect(keyFilePath(record).startsWith(dataDir)).toBe(false);
    expect(findings(dataDir, [fs.readFileSync(keyFilePath(record), 'utf8').trim()])).toEqual([]);
  }, 120_000);

  it('folders are 0700 and files 0600 (store, WAL, backups, attachments, key record, key file)', async () => {
    const dataDir = tempDir('at-rest-mode-');
    fs.chmodSync(dataDir, 0o755);
    const core = openCore({ dataDir, host: 'web' });
    cores.push(core);
    await core.invoke('applications.create', sampleApplication());
    core.store.write((tx) => core.ctx.attachments.put(tx, signaturePng(), new Date().toISOString()));
    await core.invoke('store.backup', {});
    const loose: string[] = [];
    const walk = (dir: string) => {
      if ((fs.statSync(dir).mode & 0o077) !== 0) loose.push(`${dir} ${(fs.statSync(dir).mode & 0o777).toString(8)}`);
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if ((fs.statSync(p).mode & 0o077) !== 0) loose.push(`${p} ${(fs.statSync(p).mode & 0o777).toString(8)}`);
      }
    };
    walk(dataDir);
    const keyFile = keyFilePath(readKeyRecord(dataDir)!);
    for (const p of [keyFile, path.dirname(keyFile)]) if ((fs.statSync(p).mode & 0o077) !== 0) loose.push(p);
    expect(fs.existsSync(`${storeFile(dataDir)}-wal`)).toBe(true);
    expect(loose).toEqual([]);
    expect(path.dirname(keyFile)).toBe(defaultKeyDir());
  });
});

describe('a store from before encryption', () => {
  it('is encrypted at first open with its records, its plain token sealed and its attachments encrypted; the plain file is gone', async () => {
    const dataDir = tempDir('legacy-');
    // What an older SalesDesk left: a plain SQLite store, a plain token, a plain attachment file.
    const plainCopy = openStore({ file: storeFile(dataDir) });
    // Put a real record in the plain store (same schema as today's).
    plainCopy.write((tx) => tx.insert(syncState).values({ key: 'token', value: 'plain:sdt_legacy_token_value_123456' }).run());
    plainCopy.sqlite
      .prepare(
        "INSERT INTO customers (id, name, name_key, business_number, representative, address, phone, created_at, updated_at) VALUES ('c1', '옛날상사', '옛날상사', '1028142945', '홍길동', '서울', '02-1111-2222', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
      )
      .run();
    plainCopy.close();
    const png = Buffer.from(signaturePng());
    const sha = crypto.createHash('sha256').update(png).digest('hex');
    fs.mkdirSync(path.join(dataDir, 'attachments'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'attachments', sha), png);
    expect(fs.readFileSync(storeFile(dataDir)).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');

    const core = openCore({ dataDir, host: 'test' });
    cores.push(core);
    expect((await core.invoke('customers.list', {})).items.map((c) => c.name)).toContain('옛날상사');
    const token = core.store.db
      .select()
      .from(syncState)
      .all()
      .find((r) => r.key === 'token')!.value as string;
    expect(token).toMatch(/^sealed:v1:/);
    core.store.write((tx) => tx.insert(attachmentsTable).values({ sha256: sha, mime: 'image/png', bytes: png.length, createdAt: '2026-01-01T00:00:00Z', uploadedAt: null }).run());
    expect(Buffer.from(core.ctx.attachments.read(sha)).equals(png)).toBe(true);
    core.close();
    cores.splice(cores.indexOf(core), 1);

    expect(fs.readdirSync(dataDir).filter((f) => f.includes('.plain-') || f.endsWith('.encrypting'))).toEqual([]);
    expect(findings(dataDir, ['옛날상사', 'sdt_legacy_token_value_123456'])).toEqual([]);
    expect(rawFiles(dataDir).filter(({ bytes }) => bytes.includes(png.subarray(16, 80)))).toEqual([]);
    // And it still opens (the key file was made for it).
    expect(resolveStoreKey(dataDir).protection).toBe('key-file');
  });
});

describe('attachments on disk', () => {
  it('a tampered or swapped attachment file is refused, never returned', () => {
    const dataDir = tempDir('att-');
    const core = openCore({ dataDir, host: 'test' });
    cores.push(core);
    const a = core.store.write((tx) => core.ctx.attachments.put(tx, signaturePng(), new Date().toISOString()));
    const b = core.store.write((tx) => core.ctx.attachments.put(tx, Buffer.from('%PDF-1.4\n% another file\n'), new Date().toISOString()));
    const fileA = path.join(dataDir, 'attachments', a.sha256);
    const fileB = path.join(dataDir, 'attachments', b.sha256);
    const bytesA = fs.readFileSync(fileA);
    // Swapped: B's sealed bytes under A's name.
    fs.copyFileSync(fileB, fileA);
    expect(() => core.ctx.attachments.read(a.sha256)).toThrow(/손상/);
    // One bit flipped.
    const flipped = Buffer.from(bytesA);
    flipped[flipped.length - 20]! ^= 1;
    fs.writeFileSync(fileA, flipped);
    expect(() => core.ctx.attachments.read(a.sha256)).toThrow(/손상/);
    fs.writeFileSync(fileA, bytesA);
    expect(core.ctx.attachments.read(a.sha256).length).toBeGreaterThan(0);
  });
});
