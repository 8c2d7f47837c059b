import { z } from 'zod';

/** What the app shows about sync at all times (top bar, sync screen). */
export const syncStatusSchema = z.object({
  enrolled: z.boolean(),
  serverUrl: z.string().nullable(),
  branch: z.string().nullable(),
  rep: z.string().nullable(),
  deviceId: z.string().nullable(),
  activity: z.enum(['not_enrolled', 'idle', 'syncing', 'offline', 'error']),
  progress: z.object({ phase: z.string(), done: z.number().int(), total: z.number().int(), label: z.string() }).nullable(),
  /** Local changes not yet accepted by HQ (queued or sent). */
  pending: z.number().int(),
  /** Changes HQ refused; each has a reason for the rep. */
  rejected: z.number().int(),
  lastSyncAt: z.string().nullable(),
  lastError: z
    .object({
      code: z.string(),
      message: z.string(),
      at: z.string().optional(),
      /** Only an app update helps (HQ speaks another protocol version). */
      update: z.boolean().optional(),
    })
    .nullable(),
  nextAttemptAt: z.string().nullable(),
  unseenConflicts: z.number().int(),
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

export const rejectedViewSchema = z.object({
  mutationId: z.string(),
  entity: z.string(),
  entityId: z.string(),
  fields: z.record(z.string(), z.unknown()),
  error: z.string(),
  at: z.string().nullable(),
});

/** Per-record sync state, as the lists show it. */
export const RECORD_SYNC_STATES = ['local', 'queued', 'sent', 'accepted', 'rejected'] as const;
export type RecordSyncState = (typeof RECORD_SYNC_STATES)[number];
