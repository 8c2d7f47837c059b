import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp, type AppOptions } from '../../../server/app';
import { openDatabase, q, type Database, type HqDb } from '../../../server/db/open';
import type { PGlite } from '@electric-sql/pglite';
import { ADMIN_PATHS, PROTOCOL_HEADER, PROTOCOL_VERSION, SYNC_PATHS, enrollResponseSchema } from '../../../shared/sync/protocol';
import { hqDataDir } from '../../support/hq-data';

/**
 * A real HQ in this process: the app from `buildApp` on a real PGlite database in a temp
 * folder, with its route table recorded and every handler counted as it runs (so a test can
 * prove a refused request reached no handler).
 */
export interface InProcessHq {
  app: FastifyInstance;
  database: Database;
  adminToken: string;
  /** Every route as registered: method and URL pattern. */
  routes: { method: string; url: string }[];
  /** Handler runs by `METHOD url-pattern`. */
  handlerCalls: Map<string, number>;
  totalHandlerCalls(): number;
  /** Enrolls a device of `branch` through the API; its token. */
  enrollDevice(branch: string, rep?: string, name?: string): Promise<{ deviceId: string; token: string }>;
  /** A digest of every table HQ keeps (devices' last-seen time left out: reading updates it). */
  digest(): Promise<string>;
  /**
   * The database's write-ahead-log insert position. Every change to a row of HQ's (logged) tables
   * moves it; reads may move it too (page pruning), never the other way round. While it stands
   * still no table changed, so a digest taken before still holds.
   */
  walPosition(): Promise<string>;
  close(): Promise<void>;
}

export const routeKey = (method: string, url: string) => `${method} ${url}`;

const DIGEST_TABLES: Record<string, string> = {
  branches: 'id, name',
  reps: 'id, branch_id, name',
  enrollment_codes: 'code_hash, branch_id, rep_id, expires_at, used_at, device_id',
  devices: 'id, num, branch_id, rep_id, name, token_hash, revoked_at',
  records: 'entity, id, branch_id, version, fields, stamps, deleted, seq',
  processed_mutations: 'mutation_id, branch_id, device_id, entity, entity_id, op, base_version, client_time, fields, result',
  conflicts: 'id, seq, branch_id, entity, entity_id, field, yours, theirs, winner, reason, mutation_id, device_id, other_device_id',
  service_numbers: 'number, application_id',
  attachments: 'branch_id, sha256, size, received, complete, device_id',
  attachment_chunks: 'branch_id, sha256, "offset", md5(data) as data',
  prospect_lists: 'id, number, name, last_used_at, keep_until, archived_at',
  prospect_entries: 'id, list_id, seq, company, contact, phone',
  prospect_handouts: 'id, list_id, rep_id, campaign, count, state, acknowledged_at, checked_in_at, recalled_at, archived_at',
  prospect_handout_entries: 'handout_id, entry_id, result, result_at, note',
  prospect_campaign_requests: 'id, list_id, campaign, status, decided_at',
  prospect_do_not_call: 'digits',
};

/**
 * The digest as one PL/pgSQL function, made on the first digest() in a schema of its own (HQ's
 * tables are not touched): one statement for every table, and PL/pgSQL keeps its plan, so a call
 * is not planned again. A fuzz run takes a digest after each of its 8,000 requests; sent as plain
 * SQL each was planned anew — measured 15 ms of CPU per digest, 3 ms as the function.
 */
const DIGEST_FUNCTION_NAME = 'salesdesk_test.digest';
const DIGEST_FUNCTION = `create or replace function ${DIGEST_FUNCTION_NAME}() returns table (t text, d text) language plpgsql stable as $digest$
begin
  return query ${Object.entries(DIGEST_TABLES)
    .map(([table, cols]) => `select '${table}'::text, md5(coalesce(string_agg(r::text, '|' order by r::text), '')) from (select ${cols} from ${table}) r`)
    .join(' union all ')};
end
$digest$;`;

export async function startInProcessHq(options: Partial<AppOptions> = {}): Promise<InProcessHq> {
  const dataDir = hqDataDir('salesdesk-hq-inproc-');
  const database = await openDatabase({ dataDir });
  // A data folder opens PGlite (server/db/open.ts): its client, for the one query asked thousands of times.
  if (database.kind !== 'pglite') throw new Error(`in-process HQ expected PGlite, opened ${database.kind}`);
  const pglite = (database.db as HqDb & { $client: PGlite }).$client;
  const adminToken = `sda_${randomBytes(24).toString('base64url')}`;
  const routes: { method: string; url: string }[] = [];
  const handlerCalls = new Map<string, number>();
  let digestFunction: Promise<unknown> | undefined;
  const app = await buildApp({
    database,
    adminToken,
    logger: false,
    ...options,
    onRoute(route: RouteOptions) {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) routes.push({ method, url: route.url });
      const inner = route.handler;
      route.handler = function counted(this: FastifyInstance, req, reply) {
        // Counted per method: one route may serve several (static files answer GET and HEAD).
        const key = routeKey(req.method, route.url);
        handlerCalls.set(key, (handlerCalls.get(key) ?? 0) + 1);
        return inner.call(this, req, reply);
      };
      options.onRoute?.(route);
    },
  });
  await app.ready();
  const headers = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };
  return {
    app,
    database,
    adminToken,
    routes,
    handlerCalls,
    totalHandlerCalls: () => [...handlerCalls.values()].reduce((a, b) => a + b, 0),
    async enrollDevice(branch, rep = '영업대표', name = '노트북') {
      const code = await app.inject({
        method: 'POST',
        url: ADMIN_PATHS.enrollmentCodes,
        headers: { ...headers, authorization: `Bearer ${adminToken}` },
        payload: { branch, rep },
      });
      if (code.statusCode !== 200) throw new Error(`enrollment code: ${code.statusCode} ${code.body}`);
      const res = await app.inject({ method: 'POST', url: SYNC_PATHS.enroll, headers, payload: { code: code.json<{ code: string }>().code, deviceName: name } });
      if (res.statusCode !== 200) throw new Error(`enroll: ${res.statusCode} ${res.body}`);
      const e = enrollResponseSchema.parse(res.json());
      return { deviceId: e.deviceId, token: e.deviceToken };
    },
    async digest() {
      digestFunction ??= q(database.db, sql.raw('create schema if not exists salesdesk_test')).then(() => q(database.db, sql.raw(DIGEST_FUNCTION)));
      await digestFunction;
      const rows = await q<{ t: string; d: string }>(database.db, sql.raw(`select t, d from ${DIGEST_FUNCTION_NAME}() with ordinality as x(t, d, n) order by n`));
      return rows.map((r) => `${r.t}:${r.d}`).join(' ');
    },
    async walPosition() {
      // Asked after every fuzzed request (9,100 in hq-fuzz): on PGlite's own client, not through
      // drizzle, it costs 0.12-0.16 ms of CPU instead of 0.34-0.72 ms (measured, 2,000 calls, load 8).
      const rows = (await pglite.query<{ lsn: string }>('select pg_current_wal_insert_lsn()::text as lsn')).rows;
      return rows[0]!.lsn;
    },
    async close() {
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
