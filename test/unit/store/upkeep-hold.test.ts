import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openStore, type Store } from '../../../electron/core/store/db';
import { tempDir } from '../../support/fixtures';

/**
 * A long pull holds the store's upkeep (issue 12): WAL checkpoints wait until it ends, so the pages
 * every pulled page rewrites (indexes) are copied into the file once, not once per page. Real file.
 */
let store: Store | null = null;
afterEach(() => {
  store?.close();
  store = null;
});

const walBytes = (file: string) => (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);
const fileBytes = (file: string) => fs.statSync(file).size;

/** Writes about `mb` megabytes in one transaction (a page of a first sync). */
function bulkWrite(s: Store, mb: number) {
  s.write(() => {
    const insert = s.cached('INSERT INTO kv_probe (v) VALUES (?)');
    for (let i = 0; i < mb * 256; i++) insert.run('x'.repeat(4000));
  });
}

describe('holding upkeep during a bulk load', () => {
  it('while held, commits leave the WAL growing (no checkpoint); after the last hold is released, a worker checkpoints it into the file', async () => {
    const file = path.join(tempDir(), 'store.sqlite');
    store = openStore({ file });
    store.sqlite.exec('CREATE TABLE kv_probe (id INTEGER PRIMARY KEY, v TEXT)');
    const release = store.holdUpkeep();
    const inner = store.holdUpkeep();
    for (let i = 0; i < 4; i++) bulkWrite(store, 2);
    inner();
    bulkWrite(store, 2);
    // 10 MB written in five commits, none checkpointed: the WAL holds them all (well past 1000 pages).
    expect(walBytes(file)).toBeGreaterThan(9 * 1024 * 1024);
    expect(fileBytes(file)).toBeLessThan(1024 * 1024);
    release();
    release(); // a second call changes nothing
    // The app writes on while the worker copies (PASSIVE: it blocks no one).
    store.write(() => store!.cached('INSERT INTO kv_probe (v) VALUES (?)').run('after'));
    await store.checkpointIdle();
    // Checkpointed by the worker: the rows are in the store file itself now.
    expect(fileBytes(file)).toBeGreaterThan(9 * 1024 * 1024);
    expect(store.sqlite.prepare('SELECT count(*) FROM kv_probe').pluck().get()).toBe(10 * 256 + 1);
    // The next write starts the WAL over and cuts the file back (journal_size_limit): a later small
    // pull is not taken for a large one by the WAL's size, and 10 MB do not stay on disk.
    store.write(() => store!.cached('INSERT INTO kv_probe (v) VALUES (?)').run('later'));
    expect(walBytes(file)).toBeLessThanOrEqual(4 * 1024 * 1024);
  });

  it('a WAL emptyWal() could not empty (another connection reading past busy_timeout) is emptied by the first commit after that reader is gone, and a commit meanwhile leaves it', () => {
    const file = path.join(tempDir(), 'store.sqlite');
    store = openStore({ file });
    store.sqlite.exec('CREATE TABLE kv_probe (id INTEGER PRIMARY KEY, v TEXT)');
    bulkWrite(store, 1);
    // A long read on its own connection (a backup's VACUUM INTO, the CLI): the WAL cannot be reset under it.
    const reader = new Database(file, { readonly: true });
    try {
      reader.exec('BEGIN');
      reader.prepare('SELECT count(*) FROM kv_probe').get();
      expect(store.emptyWal()).toBe(false);
      expect(walBytes(file)).toBeGreaterThan(0);
      // A commit while the reader stays leaves the WAL (the retry tries once, with busy_timeout 0, and gives way).
      store.write(() => store!.cached('INSERT INTO kv_probe (v) VALUES (?)').run('meanwhile'));
      expect(walBytes(file)).toBeGreaterThan(0);
      expect(store.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
      reader.exec('COMMIT');
    } finally {
      reader.close();
    }
    store.write(() => store!.cached('INSERT INTO kv_probe (v) VALUES (?)').run('after'));
    expect(walBytes(file)).toBe(0);
    // Then commits go on as usual: the WAL grows again and is not truncated after each one.
    store.write(() => store!.cached('INSERT INTO kv_probe (v) VALUES (?)').run('later'));
    expect(walBytes(file)).toBeGreaterThan(0);
  });

  it('a small WAL after release is checkpointed by the next commit, on the store connection, as SQLite usually does', () => {
    const file = path.join(tempDir(), 'store.sqlite');
    store = openStore({ file });
    store.sqlite.exec('CREATE TABLE kv_probe (id INTEGER PRIMARY KEY, v TEXT)');
    const release = store.holdUpkeep();
    bulkWrite(store, 1);
    release();
    // Past SQLite's 1000 pages only with the next writes: those commits checkpoint it, no worker involved.
    for (let i = 0; i < 4; i++) bulkWrite(store, 1);
    expect(fileBytes(file)).toBeGreaterThan(4 * 1024 * 1024);
  });

  it('close() waits for a running checkpoint worker, so no connection holds the file afterwards; the file reopens whole and encrypted', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'store.sqlite');
    const key = Buffer.alloc(32, 7);
    store = openStore({ file, key });
    store.sqlite.exec('CREATE TABLE kv_probe (id INTEGER PRIMARY KEY, v TEXT)');
    const release = store.holdUpkeep();
    for (let i = 0; i < 6; i++) bulkWrite(store, 8);
    release();
    // Closed while the worker copies pages into the file (the file has begun to grow).
    const start = fileBytes(file);
    await vi.waitFor(() => expect(fileBytes(file)).toBeGreaterThan(start), { timeout: 30_000, interval: 1 });
    store.close();
    store = null;
    // The store connection closed last: SQLite folded the WAL and removed it (a worker still
    // connected would have left it behind).
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    // Nothing of the store is plain text, and every row is there (a wrong key would fail to read it).
    expect(fs.readFileSync(file).includes(Buffer.from('x'.repeat(64)))).toBe(false);
    store = openStore({ file, key });
    expect(store.sqlite.prepare('SELECT count(*) FROM kv_probe').pluck().get()).toBe(48 * 256);
    expect(store.sqlite.pragma('quick_check', { simple: true })).toBe('ok');
    await store.checkpointIdle();
  });

  it('a checkpoint worker that cannot be started leaves the store as it was before the hold: the release does not throw, and commits checkpoint the WAL again', async () => {
    // A store module whose worker threads cannot be made (the thread limit, a driver path that cannot be resolved).
    vi.resetModules();
    vi.doMock('node:worker_threads', async (importOriginal) => {
      const real = await importOriginal<typeof import('node:worker_threads')>();
      class Worker extends real.Worker {
        constructor(...args: ConstructorParameters<typeof real.Worker>) {
          if (args.length > 0) throw new Error('ERR_WORKER_INIT_FAILED: no thread');
          super(...args);
        }
      }
      return { ...real, default: { ...real, Worker }, Worker };
    });
    try {
      const { openStore: openWithoutThreads } = await import('../../../electron/core/store/db');
      const file = path.join(tempDir(), 'store.sqlite');
      store = openWithoutThreads({ file });
      store.sqlite.exec('CREATE TABLE kv_probe (id INTEGER PRIMARY KEY, v TEXT)');
      const release = store.holdUpkeep();
      bulkWrite(store, 10);
      expect(() => release()).not.toThrow();
      expect(store.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
      // The next commit folds the WAL into the file, as SQLite usually does.
      store.write(() => store!.cached('INSERT INTO kv_probe (v) VALUES (?)').run('after'));
      expect(fileBytes(file)).toBeGreaterThan(9 * 1024 * 1024);
    } finally {
      vi.doUnmock('node:worker_threads');
      vi.resetModules();
    }
  });
});
