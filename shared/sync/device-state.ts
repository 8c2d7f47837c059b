import { z } from 'zod';

/**
 * The device's sync state, decided once from facts: the always-visible indicator, the sync
 * screen and the dashboard all show what `deviceSyncState` says, so they can never disagree
 * ("본사 연결 안 됨" beside "본사와 같음" was two screens each guessing).
 *
 * Pure: facts in, one state out. The core gathers the facts (outbox, last exchange, last
 * failure); the renderer may add what only it knows (the browser's network).
 */

/** Why the last attempt to reach HQ failed. */
export const SYNC_FAILURE_KINDS = [
  'network', // no connection to HQ (refused, reset, DNS, Wi-Fi down)
  'timeout', // HQ did not answer in time (stalled or very slow link)
  'hq_error', // HQ answered with a server error (5xx) or asked to come back later
  'not_hq', // something answered that is not HQ (a captive portal, another server)
  'update', // HQ speaks another protocol version: only an app update helps
  'unauthorized', // HQ no longer knows this device (revoked or expired): enroll again
  'internal', // this device failed (a bug, a full disk): reported, tried again
] as const;
export type SyncFailureKind = (typeof SYNC_FAILURE_KINDS)[number];

export const lastFailureSchema = z.object({
  kind: z.enum(SYNC_FAILURE_KINDS),
  /** Korean: what happened and what the rep can do. */
  message: z.string(),
  /** When the last attempt failed. */
  at: z.string(),
  /** When the attempts started failing (the first failure after the last good exchange). */
  since: z.string(),
  /** Failed attempts in a row. */
  attempts: z.number().int().min(1),
});
export type LastFailure = z.output<typeof lastFailureSchema>;

export interface DeviceSyncFacts {
  /** Enrolled and holding a device token. */
  enrolled: boolean;
  /** Was enrolled, but HQ refused the token (revoked or expired). */
  revoked: boolean;
  /** A sync is running right now. */
  running: boolean;
  /** Local changes not yet taken by HQ (queued or sent). */
  waiting: number;
  /** When the oldest of them was made. */
  oldestWaitingAt: string | null;
  /** Changes (and files) HQ refused, set aside for the rep to fix or discard. */
  refused: number;
  /** The end of the last complete exchange with HQ (pushed and pulled). */
  lastExchangeAt: string | null;
  /** The last attempt's failure, when it failed (cleared by a good exchange). */
  lastFailure: LastFailure | null;
  /** The next automatic attempt, when one is planned. */
  nextAttemptAt: string | null;
  /** The browser's view of the network (renderer only; undefined when unknown). */
  networkOnline?: boolean | undefined;
}

const DEVICE_SYNC_STATE_KINDS = ['not_enrolled', 'update_needed', 'offline', 'refused', 'sending', 'in_step'] as const;

export const deviceSyncStateSchema = z.object({
  kind: z.enum(DEVICE_SYNC_STATE_KINDS),
  /** offline only: why. */
  cause: z.enum(['network', 'timeout', 'hq_error', 'not_hq', 'internal', 'no_network']).nullable(),
  /** not_enrolled only: HQ revoked this device (enroll again), rather than never enrolled. */
  revoked: z.boolean(),
  /** A sync is running now (shown beside the state, never instead of it). */
  syncing: z.boolean(),
  waiting: z.number().int(),
  oldestWaitingAt: z.string().nullable(),
  /** offline: since when changes have not been reaching HQ. */
  offlineSince: z.string().nullable(),
  refused: z.number().int(),
  lastExchangeAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  /** HQ's or the device's own words about the last failure (Korean), when there is one. */
  message: z.string().nullable(),
});
export type DeviceSyncState = z.output<typeof deviceSyncStateSchema>;

/**
 * One state, by priority: not enrolled → an update is needed → offline (the last attempt
 * failed, or the browser has no network) → HQ refused changes → changes on their way → in step.
 */
export function deviceSyncState(f: DeviceSyncFacts): DeviceSyncState {
  const base = {
    cause: null,
    revoked: false,
    syncing: f.running,
    waiting: f.waiting,
    oldestWaitingAt: f.waiting > 0 ? f.oldestWaitingAt : null,
    offlineSince: null,
    refused: f.refused,
    lastExchangeAt: f.lastExchangeAt,
    nextAttemptAt: f.nextAttemptAt,
    message: null,
  } satisfies Omit<DeviceSyncState, 'kind'>;
  if (!f.enrolled) return { ...base, kind: 'not_enrolled', revoked: f.revoked, syncing: false, nextAttemptAt: null };
  const failure = f.lastFailure;
  if (failure?.kind === 'update') return { ...base, kind: 'update_needed', message: failure.message, nextAttemptAt: null };
  if (failure?.kind === 'unauthorized') return { ...base, kind: 'not_enrolled', revoked: true, syncing: false, nextAttemptAt: null, message: failure.message };
  if (f.networkOnline === false) {
    return { ...base, kind: 'offline', cause: 'no_network', offlineSince: failure?.since ?? null, message: failure?.message ?? null };
  }
  if (failure) return { ...base, kind: 'offline', cause: failure.kind, offlineSince: failure.since, message: failure.message };
  if (f.refused > 0) return { ...base, kind: 'refused' };
  if (f.waiting > 0) return { ...base, kind: 'sending' };
  return { ...base, kind: 'in_step' };
}

// ─── what is waiting, per record ───

/** One record with changes HQ has not taken yet (or refused), described for the rep. */
const waitingRecordSchema = z.object({
  entity: z.string(),
  entityId: z.string(),
  /** The customer the record belongs to (법인명), when known. */
  customer: z.string().nullable(),
  /** What the record is, beyond its kind: the quote version, the form (#1…), the attachment's file. */
  detail: z.string().nullable(),
  /** The record is new (HQ has never had it). */
  isNew: z.boolean(),
  /** Fields changed, in the protocol's names (the renderer words them). */
  fields: z.array(z.string()),
  /** The application's status after these changes, when they move it. */
  status: z.string().nullable(),
  /** How many local changes are waiting for this record. */
  changes: z.number().int(),
  /** When the oldest of them was made. */
  since: z.string(),
  /** Sent at least once and not answered yet (a network failure or HQ restart in between). */
  sent: z.boolean(),
});
export type WaitingRecord = z.output<typeof waitingRecordSchema>;

export const waitingListSchema = z.object({
  total: z.number().int(),
  records: z.array(waitingRecordSchema),
});

/** A change (or a file) HQ refused, set aside with HQ's reason for the rep to fix or discard. */
export const refusedChangeSchema = z.object({
  /** The outbox entry (mutation id), or `file:<sha256>` for a refused file. */
  id: z.string(),
  entity: z.string(),
  entityId: z.string(),
  customer: z.string().nullable(),
  detail: z.string().nullable(),
  isNew: z.boolean(),
  fields: z.array(z.string()),
  status: z.string().nullable(),
  /** HQ's reason, in Korean. */
  reason: z.string(),
  at: z.string().nullable(),
});
export type RefusedChange = z.output<typeof refusedChangeSchema>;
