import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect, type PgDatabase, type PgQueryResultHKT, type PgTransaction } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { PGlite as PGliteClient } from '@electric-sql/pglite';
import * as schema from './schema';
import { acquireDataDirLock, type DataDirLock } from './lock';
import { prioritisedPool } from './pool';

type Schema = typeof schema;
export type HqDb = PgDatabase<PgQueryResultHKT, Schema>;
export type HqTx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that runs SQL: the database or a transaction. */
export type Executor = HqDb | HqTx;

const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

/** Branch 0 holds HQ-wide records (catalogs, contacts) every device pulls. */
export const HQ_BRANCH_ID = 0;
export const HQ_BRANCH_NAME = '(HQ 공통)';

/** One lock for every writer of synced data: see `writeTx`. */
const WRITE_LOCK_KEY = 72_630_001;
/** The two-key advisory lock space of per-branch write locks (class, branch id): see writeTx. */
const BRANCH_LOCK_CLASS = 72_630;

export interface Database {
  db: HqDb;
  kind: 'pglite' | 'postgres';
  serverId: string;
  /** Where the data lives, for the log (a directory or the URL without its password). */
  location: string;
  /** How long opening took (ms): the database itself, then the migrations check. */
  timings: { openMs: number; migrateMs: number };
  close(): Promise<void>;
}

/** Runs a raw SQL statement and returns its rows (both drivers answer `{ rows }`). */
export async function q<T = Record<string, unknown>>(ex: Executor, query: SQL): Promise<T[]> {
  const result: unknown = await ex.execute(query);
  return (result as { rows: T[] }).rows;
}

/**
 * A transaction that changes synced data. Change numbers (`change_seq`) must commit in the order
 * they are drawn, as far as any one device can see: a device that pulled up to cursor N must never
 * later see a change numbered below N commit (it would be skipped for ever). A device reads its
 * own branch's records and conflicts and HQ's records (branch 0), so writers take
 * transaction-scoped advisory locks, before anything else, that serialise exactly those:
 *  - a write for one branch (a device's push: `scope.branchId`) takes the global write lock
 *    shared and that branch's lock exclusively — pushes of different branches run side by side,
 *    those of one branch one after another;
 *  - any other write (HQ's own records, admin changes to any branch) takes the global lock
 *    exclusively: it waits for every branch writer in flight and holds the next ones back.
 * So two writers whose changes one device can both see never overlap. Readers never wait.
 * PGlite runs one transaction at a time anyway; on PostgreSQL this is what orders them.
 */
export async function writeTx<T>(
  db: HqDb,
  fn: (tx: HqTx, locked: { deviceActive: boolean; rows: Record<string, unknown>[] }) => Promise<T>,
  scope: { branchId?: number; deviceId?: string; read?: SQL } = {},
): Promise<T> {
  const branchId = scope.branchId !== undefined && scope.branchId !== HQ_BRANCH_ID ? scope.branchId : null;
  // A device's write also reads, in the same statement, whether the device is still enrolled: a
  // revoked device is refused by the database itself, without a round trip of its own.
  const active = scope.deviceId === undefined ? sql`true` : sql`exists (select 1 from devices where id = ${scope.deviceId} and revoked_at is null)`;
  const lock =
    branchId === null
      ? sql`select pg_advisory_xact_lock(${WRITE_LOCK_KEY}), ${active} as active`
      : sql`select pg_advisory_xact_lock_shared(${WRITE_LOCK_KEY}), pg_advisory_xact_lock(${BRANCH_LOCK_CLASS}::int, ${branchId}::int), ${active} as active`;
  const stats = lockStats;
  const asked = performance.now();
  let began = asked;
  let held = asked;
  // One branch's writers queue in HQ's memory first, then take a connection: a connection never
  // sits idle waiting for a branch lock another of HQ's connections holds (the advisory lock still
  // orders them, and writers in other processes).
  const turn = branchId === null ? null : await branchTurn(db, branchId);
  try {
    const postgres = postgresOf.get(db);
    if (postgres) {
      return await postgres.transaction(
        lock,
        scope.read,
        (tx, locked) => {
          held = performance.now();
          return fn(tx, locked);
        },
        () => {
          began = performance.now();
        },
      );
    }
    return await db.transaction(async (tx) => {
      began = performance.now();
      const deviceActive = (await q<{ active: boolean }>(tx, lock))[0]?.active === true;
      // Read after the lock, in a statement of its own: it sees every commit of the writer before.
      const rows = scope.read ? await q(tx, scope.read) : [];
      held = performance.now();
      return fn(tx, { deviceActive, rows });
    });
  } finally {
    turn?.();
    if (stats) {
      // Held until the transaction ends (commit or rollback): the lock is transaction-scoped.
      const ended = performance.now();
      stats.count += 1;
      stats.waitMs += held - asked;
      stats.connectMs += began - asked;
      stats.lockMs += held - began;
      stats.holdMs += ended - held;
    }
  }
}

/** Per database and branch: the end of the last writer in line (see writeTx). */
const branchLines = new WeakMap<HqDb, Map<number, Promise<void>>>();

/** Waits for the branch's earlier writers in this process; the returned function lets the next one in. */
async function branchTurn(db: HqDb, branchId: number): Promise<() => void> {
  let lines = branchLines.get(db);
  if (!lines) {
    lines = new Map();
    branchLines.set(db, lines);
  }
  const before = lines.get(branchId);
  let done!: () => void;
  const mine = new Promise<void>((resolve) => {
    done = resolve;
  });
  const tail = before ? before.then(() => mine) : mine;
  lines.set(branchId, tail);
  await before;
  return () => {
    done();
    if (lines.get(branchId) === tail) lines.delete(branchId);
  };
}

interface PostgresTransactions {
  transaction<T>(lock: SQL, read: SQL | undefined, fn: (tx: HqTx, locked: { deviceActive: boolean; rows: Record<string, unknown>[] }) => Promise<T>, connected: () => void): Promise<T>;
}

/** writeTx's own transactions on PostgreSQL, by database (see postgresTransactions). */
const postgresOf = new WeakMap<HqDb, PostgresTransactions>();

const dialect = new PgDialect();

/**
 * A statement as text with its parameters written in as literals (pg's escapeLiteral for text,
 * JSON for objects): for the simple query protocol, which runs several statements in one round
 * trip but takes no parameters. Only for HQ's own statements, whose text holds no `$` but its
 * parameters'.
 */
function inlined(query: SQL, escapeLiteral: (text: string) => string): string {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const value: unknown = params[Number(n) - 1];
    if (value === null || value === undefined) return 'null';
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new Error(`not a finite number: ${String(value)}`);
      return `(${String(value)})`;
    }
    if (typeof value === 'boolean') return String(value);
    return escapeLiteral(typeof value === 'string' ? value : JSON.stringify(value));
  });
}

/**
 * On PostgreSQL a write transaction is one connection's: BEGIN, the locks and the first read go
 * in one round trip (three statements of the simple protocol; the read is a statement of its own,
 * after the locks, so its snapshot sees every commit of the writer before), then `fn`'s
 * statements, then COMMIT — a push is three round trips, not six (drizzle's transaction sends
 * BEGIN, and each statement, on its own). Everything else on that connection goes through
 * drizzle as usual.
 */
function postgresTransactions(pool: pg.Pool, onClient: (client: pg.PoolClient) => HqTx, escapeLiteral: (text: string) => string): PostgresTransactions {
  return {
    async transaction(lock, read, fn, connected) {
      const client = await pool.connect();
      connected();
      // A connection whose transaction could not end cleanly is closed, not reused.
      let broken: Error | undefined;
      const asError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));
      try {
        const tx = onClient(client);
        let result: Awaited<ReturnType<typeof fn>>;
        try {
          const opening = `begin; ${inlined(lock, escapeLiteral)}${read ? `; ${inlined(read, escapeLiteral)}` : ''}`;
          const opened: unknown = await tx.execute(sql.raw(opening));
          const [, locked, first] = opened as { rows: Record<string, unknown>[] }[];
          result = await fn(tx, { deviceActive: locked?.rows[0]?.active === true, rows: first?.rows ?? [] });
        } catch (error) {
          await client.query('rollback').catch((e: unknown) => {
            broken = asError(e);
          });
          throw error;
        }
        try {
          await client.query('commit');
        } catch (error) {
          broken = asError(error);
          throw error;
        }
        return result;
      } finally {
        client.release(broken);
      }
    },
  };
}

/**
 * With SALESDESK_HQ_LOCK_STATS=1 (npm run bench:hq), what the write lock costs, summed over
 * writers, printed to stderr as one JSON line when the process exits: `waitMs` from asking to
 * holding the lock, made of `connectMs` (a branch writer's turn behind its branch's earlier writers in
 * this process, then one of the pool's connections, and BEGIN) and
 * `lockMs` (for the advisory lock itself, while holding that connection);
 * `holdMs` from holding it to the end of the transaction.
 */
const lockStats: { count: number; waitMs: number; connectMs: number; lockMs: number; holdMs: number } | null =
  process.env.SALESDESK_HQ_LOCK_STATS === '1' ? { count: 0, waitMs: 0, connectMs: 0, lockMs: 0, holdMs: 0 } : null;
if (lockStats) {
  process.once('exit', () => {
    process.stderr.write(`${JSON.stringify({ level: 30, msg: 'write lock stats', ...lockStats })}\n`);
  });
}

export interface OpenOptions {
  /** postgres://… — use a real PostgreSQL; otherwise embedded PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Embedded PGlite only: checkpoint this often while there were writes (default 5 s). */
  checkpointEveryMs?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const opened = options.databaseUrl ? await openPostgres(options.databaseUrl) : await openPglite(options.dataDir, options);
  try {
    await seed(opened.db);
    const serverId = await loadServerId(opened.db);
    return { ...opened, serverId };
  } catch (error) {
    await opened.close().catch(() => undefined);
    throw error;
  }
}

/** How often the embedded database checkpoints after writes (see startCheckpointer). */
const CHECKPOINT_EVERY_MS = 5_000;

/**
 * PGlite runs PostgreSQL in single-user mode: there is no checkpointer process, so the write-ahead
 * log of a whole uptime piles up until a clean close, and an HQ that was killed replays all of it
 * at its next start (measured: 10 s for 600 MB of WAL on a quiet machine, 20–47 s on a busy one,
 * against 2 s after a checkpoint). A checkpoint a few seconds after writes keeps that replay to
 * the last few seconds of writes. A failed checkpoint is logged and tried again at the next tick.
 */
function startCheckpointer(client: Pick<PGliteClient, 'query' | 'exec'>, everyMs: number) {
  let checkpointed = '';
  let running: Promise<void> | null = null;
  const lsn = async () => (await client.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')).rows[0]?.lsn ?? '';
  const tick = async () => {
    if ((await lsn()) === checkpointed) return;
    await client.exec('checkpoint');
    checkpointed = await lsn();
  };
  const timer = setInterval(() => {
    running ??= tick()
      .catch((error: unknown) => {
        process.stderr.write(`${JSON.stringify({ level: 40, time: Date.now(), msg: 'checkpoint failed; tried again shortly', err: String(error) })}\n`);
      })
      .finally(() => {
        running = null;
      });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

async function openPglite(dataDir: string, options: { checkpointEveryMs?: number } = {}): Promise<Omit<Database, 'serverId'>> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  fs.mkdirSync(dataDir, { recursive: true });
  const lock: DataDirLock = acquireDataDirLock(dataDir);
  const pgdata = path.join(dataDir, 'pgdata');
  try {
    lock.prepare(pgdata);
    const started = performance.now();
    const client = new PGlite(pgdata);
    await client.waitReady;
    const opened = performance.now();
    const db = drizzle({ client, schema }) as unknown as HqDb;
    await migrate(db as never, { migrationsFolder: MIGRATIONS_DIR });
    const checkpointer = startCheckpointer(client, options.checkpointEveryMs ?? CHECKPOINT_EVERY_MS);
    return {
      db,
      kind: 'pglite',
      location: pgdata,
      timings: { openMs: Math.round(opened - started), migrateMs: Math.round(performance.now() - opened) },
      async close() {
        try {
          await checkpointer.stop();
          await client.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

const parseInt8 = (value: string) => Number(value);

/** PostgreSQL connections HQ keeps (SALESDESK_HQ_PG_POOL to measure another size). */
const POOL_SIZE = Number(process.env.SALESDESK_HQ_PG_POOL) || 10;

async function openPostgres(url: string): Promise<Omit<Database, 'serverId'>> {
  const pg = (await import('pg')).default;
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  const pool = prioritisedPool(pg.Pool, {
    connectionString: url,
    max: POOL_SIZE,
    // bigint (int8) columns come back as numbers: change numbers and sizes stay far below 2^53.
    types: {
      getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 ? parseInt8 : (pg.types.getTypeParser as (id: number, format?: string) => (value: string) => unknown)(oid, format)),
    },
  });
  try {
    const started = performance.now();
    const db = drizzle({ client: pool, schema }) as unknown as HqDb;
    await migrate(db as never, { migrationsFolder: MIGRATIONS_DIR });
    // writeTx's transactions hold one of the pool's connections; drizzle on it, made once per connection.
    const onConnection = new WeakMap<pg.PoolClient, HqTx>();
    const onClient = (client: pg.PoolClient) => {
      let tx = onConnection.get(client);
      if (!tx) {
        tx = drizzle({ client, schema }) as unknown as HqTx;
        onConnection.set(client, tx);
      }
      return tx;
    };
    postgresOf.set(
      db,
      postgresTransactions(pool, onClient, (text) => pg.escapeLiteral(text)),
    );
    const safe = new URL(url);
    safe.password = '';
    return { db, kind: 'postgres', location: safe.toString(), timings: { openMs: 0, migrateMs: Math.round(performance.now() - started) }, close: () => pool.end() };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}

async function seed(db: HqDb): Promise<void> {
  await db.insert(schema.branches).values({ id: HQ_BRANCH_ID, name: HQ_BRANCH_NAME }).onConflictDoNothing();
}

async function loadServerId(db: HqDb): Promise<string> {
  await db.insert(schema.serverMeta).values({ key: 'server_id', value: uuidv7() }).onConflictDoNothing();
  const rows = await q<{ value: string }>(db, sql`select value from server_meta where key = 'server_id'`);
  const id = rows[0]?.value;
  if (!id) throw new Error('server_id missing after seeding');
  return id;
}
