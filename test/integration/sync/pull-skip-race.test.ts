import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app';
import type { DeviceAuth } from '../../../server/auth';
import { openDatabase, q, type Database } from '../../../server/db/open';
import { pullChanges, pullPageJson } from '../../../server/sync/pull';
import { pullResponseSchema, type PullResponse } from '../../../shared/sync/protocol';
import { Admin, customerFields, newId, type Device } from '../hq/client';
import { hqDataDir } from '../../support/hq-data';

/**
 * Issue 12, the ranges a pull leaves out (x-salesdesk-pull-skip) against a write that commits
 * while HQ reads the page. Real HQ app and PGlite in this process: the database the pull reads
 * through lets another device's push commit right after the page's first query, as a busy HQ does.
 */
let dataDir: string;
let database: Database;
let app: FastifyInstance;
let writer: Device;
let reader: DeviceAuth;

beforeAll(async () => {
  dataDir = hqDataDir('salesdesk-skip-race-');
  database = await openDatabase({ dataDir });
  const adminToken = 'sda_test-admin-token-skip-race-0123456789';
  app = await buildApp({ database, adminToken, logger: false });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const admin = new Admin(url, adminToken);
  writer = await admin.enroll('경합지사', '영업 가', '노트북 가');
  const pulling = await admin.enroll('경합지사', '영업 나', '노트북 나');
  reader = (await q<DeviceAuth>(database.db, sql`select id as "deviceId", num, branch_id as "branchId", rep_id as "repId" from devices where id = ${pulling.id}`))[0]!;
});

afterAll(async () => {
  await (app as FastifyInstance | undefined)?.close();
  await (database as Database | undefined)?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The database with one write of `writer` committed right after the first statement read through it. */
function writeAfterFirstRead(n: number): Database {
  let written = false;
  const db = new Proxy(database.db, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (property !== 'execute' || typeof value !== 'function') return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      return async (query: unknown) => {
        const result: unknown = await (value as (q: unknown) => Promise<unknown>).call(target, query);
        if (!written) {
          written = true;
          await writer.push([writer.mutation('customer', newId(), customerFields(n))]);
        }
        return result;
      };
    },
  });
  return { ...database, db };
}

/** Branch changes at or below the page's cursor, outside the ranges left out, that the page did not bring. */
async function passedOver(page: PullResponse, cursor: number, skip: [number, number][]): Promise<number[]> {
  const rows = await q<{ seq: number | string }>(database.db, sql`select seq from records where branch_id = ${reader.branchId} and seq > ${cursor} and seq <= ${page.cursor} order by seq`);
  const brought = new Set(page.changes.map((c) => c.seq));
  return rows.map((r) => Number(r.seq)).filter((seq) => !brought.has(seq) && !skip.some(([from, to]) => seq >= from && seq <= to));
}

describe('a write committing while HQ reads a page with ranges left out', () => {
  it('ranges naming numbers HQ has not written yet never carry the cursor past a change written while the page was read (pullPageJson and pullChanges)', async () => {
    for (const [i, read] of [
      [1, (db: Database, cursor: number, skip: [number, number][]) => pullPageJson(db, reader, cursor, 1000, '0.1.0', skip).then((text) => pullResponseSchema.parse(JSON.parse(text)))],
      [2, (db: Database, cursor: number, skip: [number, number][]) => pullChanges(db, reader, cursor, 1000, '0.1.0', skip)],
    ] as const) {
      // The pulling device has read everything so far; the writer's customer `i` is the first change after it.
      const cursor = Number((await q<{ seq: number | string }>(database.db, sql`select coalesce(max(seq), 0) as seq from records`))[0]!.seq);
      // Far ahead of what HQ has written: a stale or forged list.
      const skip: [number, number][] = [[cursor + 1000, cursor + 2000]];
      const page = await read(writeAfterFirstRead(i), cursor, skip);
      expect(page.hasMore).toBe(false);
      expect(await passedOver(page, cursor, skip)).toEqual([]);
    }
  });
});
