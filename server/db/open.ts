import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import * as schema from './schema';
import { acquireDataDirLock, type DataDirLock } from './lock';

export type Schema = typeof schema;
export type HqDb = PgDatabase<PgQueryResultHKT, Schema>;
export type HqTx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that runs SQL: the database or a transaction. */
export type Executor = HqDb | HqTx;

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

/** Branch 0 holds HQ-wide records (catalogs, contacts) every device pulls. */
export const HQ_BRANCH_ID = 0;
export const HQ_BRANCH_NAME = '(HQ 공통)';

/** One lock for every writer of synced data: see `writeTx`. */
const WRITE_LOCK_KEY = 72_630_001;

export interface Database {
  db: HqDb;
  kind: 'pglite' | 'postgres';
  serverId: string;
  /** Where the data lives, for the log (a directory or the URL without its password). */
  location: string;
  close(): Promise<void>;
}

/** Runs a raw SQL statement and returns its rows (both drivers answer `{ rows }`). */
export async function q<T = Record<string, unknown>>(ex: Executor, query: SQL): Promise<T[]> {
  const result = (await ex.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * A transaction that changes synced data. Writers are serialised by one transaction-scoped
 * advisory lock taken before anything else: change numbers (`change_seq`) are then drawn and
 * committed in the same order, so a device that pulled up to cursor N can never later see a
 * change numbered below N commit (which would be skipped for ever). Readers never wait for it.
 * PGlite runs one transaction at a time anyway; on PostgreSQL this is what orders them.
 */
export async function writeTx<T>(db: HqDb, fn: (tx: HqTx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${WRITE_LOCK_KEY})`);
    return fn(tx);
  });
}

export interface OpenOptions {
  /** postgres://… — use a real PostgreSQL; otherwise embedded PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const opened = options.databaseUrl ? await openPostgres(options.databaseUrl) : await openPglite(options.dataDir);
  try {
    await seed(opened.db);
    const serverId = await loadServerId(opened.db);
    return { ...opened, serverId };
  } catch (error) {
    await opened.close().catch(() => undefined);
    throw error;
  }
}

async function openPglite(dataDir: string): Promise<Omit<Database, 'serverId'>> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  fs.mkdirSync(dataDir, { recursive: true });
  const lock: DataDirLock = acquireDataDirLock(dataDir);
  const pgdata = path.join(dataDir, 'pgdata');
  try {
    lock.prepare(pgdata);
    const client = new PGlite(pgdata);
    await client.waitReady;
    const db = drizzle({ client, schema }) as unknown as HqDb;
    await migrate(db as never, { migrationsFolder: MIGRATIONS_DIR });
    return {
      db,
      kind: 'pglite',
      location: pgdata,
      async close() {
        try {
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

async function openPostgres(url: string): Promise<Omit<Database, 'serverId'>> {
  const pg = (await import('pg')).default;
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // bigint (int8) columns come back as numbers: change numbers and sizes stay far below 2^53.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  try {
    const db = drizzle({ client: pool, schema }) as unknown as HqDb;
    await migrate(db as never, { migrationsFolder: MIGRATIONS_DIR });
    const safe = new URL(url);
    safe.password = '';
    return { db, kind: 'postgres', location: safe.toString(), close: () => pool.end() };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}

async function seed(db: HqDb): Promise<void> {
  await db
    .insert(schema.branches)
    .values({ id: HQ_BRANCH_ID, name: HQ_BRANCH_NAME })
    .onConflictDoNothing();
}

async function loadServerId(db: HqDb): Promise<string> {
  await db.insert(schema.serverMeta).values({ key: 'server_id', value: uuidv7() }).onConflictDoNothing();
  const rows = await q<{ value: string }>(db, sql`select value from server_meta where key = 'server_id'`);
  const id = rows[0]?.value;
  if (!id) throw new Error('server_id missing after seeding');
  return id;
}
