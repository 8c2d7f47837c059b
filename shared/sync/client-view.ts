import { z } from 'zod';
import { deviceSyncStateSchema, lastFailureSchema } from './device-state';

/** The facts the device's sync state is decided from (see device-state.ts), as the core knows them. */
const syncFactsSchema = z.object({
  enrolled: z.boolean(),
  revoked: z.boolean(),
  running: z.boolean(),
  waiting: z.number().int(),
  oldestWaitingAt: z.string().nullable(),
  refused: z.number().int(),
  lastExchangeAt: z.string().nullable(),
  lastFailure: lastFailureSchema.nullable(),
  nextAttemptAt: z.string().nullable(),
});

/** What the app shows about sync at all times (top bar, sync screen, dashboard). */
export const syncStatusSchema = z.object({
  enrolled: z.boolean(),
  serverUrl: z.string().nullable(),
  branch: z.string().nullable(),
  rep: z.string().nullable(),
  deviceId: z.string().nullable(),
  /** The one state every screen shows: `deviceSyncState(facts)` (the renderer adds the browser's network). */
  state: deviceSyncStateSchema,
  facts: syncFactsSchema,
  progress: z.object({ phase: z.string(), done: z.number().int(), total: z.number().int(), label: z.string() }).nullable(),
  unseenConflicts: z.number().int(),
  /** Pulled changes this device could not store yet (set aside, tried again at each sync). */
  unapplied: z.number().int(),
  cursor: z.number().int(),
});
export type SyncStatus = z.output<typeof syncStatusSchema>;

export const conflictViewSchema = z.object({
  id: z.string(),
  entity: z.string(),
  entityId: z.string(),
  field: z.string(),
  yours: z.unknown(),
  theirs: z.unknown(),
  winner: z.enum(['yours', 'theirs']),
  reason: z.string(),
  /** Korean: what happened and what to do. */
  message: z.string(),
  createdAt: z.string(),
  seenAt: z.string().nullable(),
});
