import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';
import { BackgroundCheckpoint } from './checkpoint';
import { registerSearchFunctions } from './search';
import { SearchIndexMerger } from './search-index';

export type Db = BetterSQLite3Database<typeof schema>;
/** What a write callback receives: the same API, bound to the open transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Store {
  readonly db: Db;
  readonly sqlite: Database.Database;
  readonly file: string;
  /** Number of migrations applied to this file. */
  readonly schemaVersion: number;
  /**
   * The one path for every write: runs `fn` inside a BEGIN IMMEDIATE transaction, so each write
   * is whole or absent, and no two writes interleave (better-sqlite3 is synchronous, so a write
   * cannot be suspended half-way; `fn` must not be async). Commit listeners run afterwards.
   */
  write<T>(fn: (tx: Tx) => T): T;
  /** A prepared statement, kept for reuse (list and search queries run on every keystroke). */
  cached(sql: string): Database.Statement;
  /** Called after every committed write (the sync client uses it to wake up). */
  onCommit(listener: () => void): () => void;
  /** Resolves when no search-index merge is pending (see SearchIndexMerger): benchmarks measure an idle device. */
  searchIndexIdle(): Promise<void>;
  /**
   * A bulk load (a long pull) holds the store's upkeep until the returned function is called: the
   * idle search-index merging (merging the segments of page 3 while page 4 arrives is work the
   * final merge does again) and the WAL checkpoints (each commit would otherwise copy the pages it
   * wrote into the file and sync it; the index pages every page touches were copied again and
   * again). After release the WAL is checkpointed once: by a worker thread when it grew past
   * BACKGROUND_CHECKPOINT_BYTES (checkpoint.ts), else by the next commit.
   */
  holdUpkeep(): () => void;
  /** Resolves when no background checkpoint runs (tests and benchmarks wait for an idle store). */
  checkpointIdle(): Promise<void>;
  /**
   * Copies the whole WAL into the file and truncates it to zero bytes (a destruction leaves no old
   * page of the record in it). Waits for a running background checkpoint first: SQLite refuses a
   * second checkpointer at once, and the worker's PASSIVE pass leaves the WAL at its size. Returns
   * false when another connection (the CLI on the same data dir, a backup's long read) kept it busy
   * past busy_timeout: the WAL is then emptied after a later commit, once no one holds it.
   */
  emptyWal(): boolean;
  close(): void;
}

/** SQLite's default: a commit that leaves the WAL past this many pages checkpoints it. */
const WAL_AUTOCHECKPOINT_PAGES = 1000;
/** How long a connection waits for another (the CLI and the app may share one data dir). */
const BUSY_TIMEOUT_MS = 5000;
/** A WAL this big when the last upkeep hold is released is checkpointed by a worker thread (checkpoint.ts). */
const BACKGROUND_CHECKPOINT_BYTES = WAL_AUTOCHECKPOINT_PAGES * 4096;

export const DEFAULT_MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface OpenStoreOptions {
  /** SQLite file path; ':memory:' for throwaway stores in tests. */
  file: string;
  migrationsDir?: string;
  /**
   * The store key (32 bytes): the file, its WAL and every backup are encrypted with it. Hosts
   * always pass one (`openStoreSafely`); only tests and benchmarks open plain files.
   */
  key?: Buffer;
}

/**
 * SQLite3 Multiple Ciphers (the `better-sqlite3` dependency is `better-sqlite3-multiple-ciphers`,
 * same API): ChaCha20-Poly1305, each page authenticated, so a flipped bit reads as corrupt, not
 * as other data. The key is 256 random bits, not a password: one KDF round is enough.
 */
export function storeKeyPragmas(key: Buffer): string[] {
  if (key.length !== 32) throw new Error('store key must be 32 bytes');
  return [`cipher = 'chacha20'`, 'kdf_iter = 1', `hexkey = '${key.toString('hex')}'`];
}

function applyStoreKey(sqlite: Database.Database, key: Buffer): void {
  for (const pragma of storeKeyPragmas(key)) sqlite.pragma(pragma);
}

/** Opens a SQLite file with the store's cipher settings (read-only when asked). */
export function openSqlite(file: string, key: Buffer | undefined, options: { readonly?: boolean } = {}): Database.Database {
  const sqlite = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  try {
    if (key) applyStoreKey(sqlite, key);
    return sqlite;
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

export function openStore({ file, migrationsDir = DEFAULT_MIGRATIONS_DIR, key }: OpenStoreOptions): Store {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = file === ':memory:' ? new Database(file) : openSqlite(file, key);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL'); // safe with WAL: a crash loses at most the last commit, never corrupts
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`); // the CLI and the app may share one data dir
    // Pages are decrypted as they are read from disk: a page cache that holds the working set
    // (32 MiB instead of SQLite's 2 MiB) keeps searches from paying decryption again and again.
    sqlite.pragma('cache_size = -32768');
    // Statement journals in memory: every write that fires triggers (the outbox, the search index)
    // keeps one, and in a temporary file it cost 3× the insert itself (issue 12: a pulled page of
    // 5,000 applications). Temp tables and sorts are small for this store.
    sqlite.pragma('temp_store = MEMORY');
    // A WAL a long pull grew (90 MB at 90,000 records) goes back to this size once it has been
    // checkpointed and starts over, instead of staying that big on disk (holdUpkeep reads its size).
    sqlite.pragma(`journal_size_limit = ${BACKGROUND_CHECKPOINT_BYTES}`);
    registerSearchFunctions(sqlite); // used by the customer-search triggers (migration 0002)
    const db = drizzle(sqlite, { schema });
    migrate<typeof schema>(db, { migrationsFolder: migrationsDir });
    const schemaVersion = (sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;

    const listeners = new Set<() => void>();
    const statements = new Map<string, Database.Statement>();
    let depth = 0;
    let upkeepHolds = 0;
    /** emptyWal() was kept from truncating the WAL: each commit tries again, without waiting, until it can. */
    let walToEmpty = false;
    const truncateWal = () => (sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[])[0]?.busy === 0;
    const checkpoint = file === ':memory:' ? null : new BackgroundCheckpoint(file, key ? storeKeyPragmas(key) : []);
    // Commits checkpoint the WAL again (SQLite's usual rule) once no bulk load holds upkeep and no worker folds it.
    const resumeCheckpoints = () => {
      if (upkeepHolds === 0 && !checkpoint?.isRunning && sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    };
    const walBytes = () => {
      try {
        return fs.statSync(`${file}-wal`).size;
      } catch {
        return 0;
      }
    };
    // The merger's own steps are maintenance, not data: commit listeners (the sync scheduler) are not woken by them.
    let maintenance = false;
    const merger = new SearchIndexMerger(sqlite, (fn) => {
      maintenance = true;
      try {
        store.write(fn);
      } finally {
        maintenance = false;
      }
    });
    const store: Store = {
      db,
      sqlite,
      file,
      schemaVersion,
      write<T>(fn: (tx: Tx) => T): T {
        const guarded = (tx: Tx): T => {
          const before = depth === 1 ? merger.total() : 0;
          const r = fn(tx);
          // An async callback would escape the transaction: refuse it, and roll back.
          if (r instanceof Promise) throw new Error('store.write callback must be synchronous');
          if (depth === 1) merger.afterWrite(merger.total() - before);
          return r;
        };
        depth += 1;
        let result: T;
        try {
          result = depth > 1 ? db.transaction(guarded) : db.transaction(guarded, { behavior: 'immediate' });
        } finally {
          depth -= 1;
        }
        if (depth === 0) {
          if (walToEmpty && upkeepHolds === 0 && !checkpoint?.isRunning) {
            sqlite.pragma('busy_timeout = 0');
            try {
              walToEmpty = !truncateWal();
            } finally {
              sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
            }
          }
          merger.afterCommit();
          if (!maintenance) for (const l of listeners) l();
        }
        return result;
      },
      cached(text) {
        let statement = statements.get(text);
        if (!statement) {
          statement = sqlite.prepare(text);
          statements.set(text, statement);
        }
        return statement;
      },
      onCommit(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      searchIndexIdle: () => merger.idle(),
      holdUpkeep: () => {
        const releaseMerges = merger.hold();
        upkeepHolds += 1;
        if (upkeepHolds === 1) sqlite.pragma('wal_autocheckpoint = 0');
        let released = false;
        return () => {
          if (released) return;
          released = true;
          upkeepHolds -= 1;
          // A large WAL (a first sync) is folded into the file by a worker, off the rep's sync; a
          // small one by the next commit, as usual.
          if (upkeepHolds === 0 && sqlite.open && checkpoint && walBytes() > BACKGROUND_CHECKPOINT_BYTES) checkpoint.start(resumeCheckpoints);
          resumeCheckpoints();
          releaseMerges();
        };
      },
      checkpointIdle: () => checkpoint?.idle() ?? Promise.resolve(),
      emptyWal() {
        checkpoint?.waitSync();
        // Another connection's checkpoint (the CLI's worker on the same data dir) makes SQLite refuse
        // this one at once, without waiting in the busy handler: tried again until busy_timeout passed.
        const until = Date.now() + BUSY_TIMEOUT_MS;
        const pause = new Int32Array(new SharedArrayBuffer(4));
        for (;;) {
          walToEmpty = !truncateWal();
          if (!walToEmpty) return true;
          if (Date.now() >= until) return false;
          Atomics.wait(pause, 0, 0, 10);
        }
      },
      close() {
        merger.stop();
        listeners.clear();
        // No other connection holds the file once close() returns (a restore may replace it).
        checkpoint?.waitSync();
        if (sqlite.open) sqlite.close();
      },
    };
    return store;
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
