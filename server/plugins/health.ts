import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'drizzle-orm';
import { PROTOCOL_VERSION, SYNC_PATHS, healthResponseSchema } from '../../shared/sync/protocol';
import type { Database } from '../db/open';

/** GET /health: the one route with no credential at all (load balancers and the device's probe). */
export const healthPlugin: FastifyPluginAsync<{ database: Database }> = (scope, { database }) => {
  scope.get(SYNC_PATHS.health, async () => {
    await database.db.execute(sql`select 1`);
    return healthResponseSchema.parse({ ok: true, protocol: PROTOCOL_VERSION, database: database.kind, serverId: database.serverId });
  });
  return Promise.resolve();
};
