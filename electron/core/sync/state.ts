/**
 * What sync keeps between runs (the sync_state table, by key) and what every phase of a sync
 * (enroll.ts, upload.ts, push.ts, pull.ts, apply.ts) is given to work with. The phases need only a
 * few parts of the core, named here, so none of them depends on the whole CoreContext.
 */
import { eq } from 'drizzle-orm';
import type { Change } from '../../../shared/sync/protocol';
import type { LastFailure } from '../../../shared/sync/device-state';
import type { AttachmentStore } from '../attachments';
import type { Clock } from '../ids';
import type { Store, Tx } from '../store/db';
import { syncState } from '../store/schema';
import type { HttpTimeouts } from './http';

export interface SyncSummary {
  pushed: number;
  pulled: number;
  conflicts: number;
  rejected: number;
  uploaded: number;
  cursor: number;
}

export interface SyncProgress {
  phase: 'enroll' | 'upload' | 'push' | 'pull';
  done: number;
  total: number;
  label: string;
}

export type OnProgress = (p: SyncProgress) => void;

export interface Enrollment {
  serverUrl: string;
  deviceId: string;
  branch: string;
  /** HQ's branch number (older enrollments have only the name). */
  branchId?: number;
  rep: string;
  serverId: string;
  enrolledAt: string;
}

/** A file HQ refused to take (its own check failed, or it is too big), set aside with HQ's reason. */
export interface RefusedFile {
  sha256: string;
  reason: string;
  at: string;
  /** The rep chose not to send it (the records naming it are then refused by HQ, and shown). */
  discarded?: boolean;
}

/** A pulled change this device could not store, kept with the reason (shown on the sync screen). */
export interface Unapplied {
  entity: string;
  id: string;
  version: number;
  reason: string;
  at: string;
  /** The change itself, tried again on the next pull. */
  change?: Change;
}

/** What sync keeps in sync_state, by key (`lastError`, written by earlier versions, is no longer read). */
export interface StateValues {
  enrollment: Enrollment;
  /** The sealed device token; null once HQ refused it (revoked). */
  token: string | null;
  cursor: number;
  /** The end of the last complete exchange (push and pull). */
  lastSyncAt: string;
  lastFailure: LastFailure | null;
  lastSummary: SyncSummary;
  unapplied: Unapplied[];
  refusedFiles: RefusedFile[];
  /** Change numbers HQ wrote from this device's exact pushes (PushEcho), left out of pulls: `[from, to]`, ascending. */
  pullSkip: SkipRange[];
}

/** A range of HQ's change numbers, first and last included. */
export type SkipRange = [number, number];
export type StateKey = keyof StateValues;

/** The parts of the core a sync works with (read when used: a restore from backup replaces the store). */
export interface SyncContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly attachments: AttachmentStore;
  /** Told when a pull brought HQ records (catalogs, contacts, …), so cached ones are read anew. */
  readonly catalogs: { invalidate(): void };
  /** Follows HQ-confirmed destructions pulled as `destruction_entry` (issue 17 item 3); absent in a bare sync context. */
  readonly retention?: { followHq(entries: readonly { subjectId: string; action: string }[]): string[]; removePendingFiles(): number };
}

/** sync_state, by key. */
export class SyncState {
  constructor(private readonly ctx: Pick<SyncContext, 'store'>) {}

  get<K extends StateKey>(key: K): StateValues[K] | undefined {
    const row = this.ctx.store.db.select().from(syncState).where(eq(syncState.key, key)).get();
    return (row?.value ?? undefined) as StateValues[K] | undefined;
  }

  setIn<K extends StateKey>(tx: Tx, key: K, value: StateValues[K]): void {
    tx.insert(syncState).values({ key, value }).onConflictDoUpdate({ target: syncState.key, set: { value } }).run();
  }

  set<K extends StateKey>(key: K, value: StateValues[K]): void {
    this.ctx.store.write((tx) => this.setIn(tx, key, value));
  }
}

/** What each phase of a sync is given. */
export interface SyncDeps {
  readonly ctx: SyncContext;
  readonly state: SyncState;
  readonly timeouts: HttpTimeouts;
}
