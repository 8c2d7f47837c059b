/**
 * What every console route module gets from the console plugin (server/console/plugin.ts): the
 * scope that already checked the session, the CSRF token and each route's permission, and the
 * helpers that attribute and audit a change to the person signed in.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Permission } from '../../../shared/console/roles';
import { sha256Hex } from '../../../shared/sync/protocol';
import type { Database } from '../../db/open';
import type { Actor } from '../audit';

export interface ConsoleRoutes {
  /** The session-checked scope of `/console/api/…`. */
  api: FastifyInstance;
  database: Database;
  actorOf: (req: FastifyRequest) => Actor;
  /** Runs a change; a refusal (a move the lifecycle forbids, a conflict) is audited too, then answered. */
  act: <T>(req: FastifyRequest, action: string, target: { kind: string; id: string }, run: (actor: Actor) => Promise<T>) => Promise<T>;
  /** The server's own address, printed in enrollment QR codes. */
  publicUrl?: (() => string | undefined) | undefined;
}

/** A route's options naming the permission it needs (checked by the plugin's preHandler). */
export const need = (permission: Permission) => ({ config: { permission } });

export const idParam = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, { error: 'ID 형식이 올바르지 않습니다.' }),
});
export const numericId = z.strictObject({ id: z.coerce.number({ error: 'ID는 숫자입니다.' }).int().min(1) });
export const fileParams = z.strictObject({ id: idParam.shape.id, sha256: sha256Hex });
