import { maskField } from '../../../shared/privacy/mask';
import { desc, inArray, isNull, sql } from 'drizzle-orm';
import type { HandlerMap } from '../../../shared/contract/dispatcher';
import type { Contract } from '../../../shared/contract/contract';
import { conflictReasonMessage } from '../../../shared/sync/ownership';
import type { SyncStatus } from '../../../shared/sync/client-view';
import { deviceSyncState, type DeviceSyncFacts } from '../../../shared/sync/device-state';
import type { CoreContext } from '../context';
import { syncConflicts } from '../store/schema';
import { discardRefused, refusedChanges, resendRefused, waitingRecords } from '../sync/outbox-view';
import { pendingProspectMarks } from '../prospects/prospects';

type H = HandlerMap<
  Pick<Contract, 'sync.status' | 'sync.enroll' | 'sync.now' | 'sync.conflicts' | 'sync.conflictsSeen' | 'sync.waiting' | 'sync.refused' | 'sync.resendRefused' | 'sync.discardRefused'>,
  CoreContext
>;

/** What the state is decided from, read fresh from the store (the truth survives a restart). */
function syncFacts(ctx: CoreContext): DeviceSyncFacts {
  const { engine, scheduler } = ctx.sync;
  const enrollment = engine.enrollment();
  const counts = engine.counts();
  const enrolled = Boolean(enrollment && engine.get('token'));
  // Prospect marks (receipt, results, check-in) wait on their own route, not in the outbox: they count too.
  const marks = pendingProspectMarks(ctx);
  const oldest = [engine.oldestWaitingAt(), ...marks.map((m) => m.since)].filter((t): t is string => t !== null);
  return {
    enrolled,
    revoked: Boolean(enrollment) && !enrolled,
    running: engine.isRunning,
    waiting: counts.queued + counts.sent + marks.reduce((n, m) => n + m.changes, 0),
    oldestWaitingAt: oldest.reduce<string | null>((a, b) => (a === null || Date.parse(b) < Date.parse(a) ? b : a), null),
    refused: counts.rejected + engine.refusedFiles().length,
    lastExchangeAt: engine.get('lastSyncAt') ?? null,
    lastFailure: engine.get('lastFailure') ?? null,
    nextAttemptAt: scheduler.nextAttemptAt,
  };
}

function syncStatus(ctx: CoreContext): SyncStatus {
  const { engine, scheduler } = ctx.sync;
  const enrollment = engine.enrollment();
  const facts = syncFacts(ctx);
  const unseen = ctx.store.db.select({ n: sql<number>`count(*)` }).from(syncConflicts).where(isNull(syncConflicts.seenAt)).get()?.n ?? 0;
  return {
    enrolled: facts.enrolled,
    serverUrl: enrollment?.serverUrl ?? null,
    branch: enrollment?.branch ?? null,
    rep: enrollment?.rep ?? null,
    deviceId: enrollment?.deviceId ?? null,
    state: deviceSyncState(facts),
    facts,
    progress: scheduler.progress,
    unseenConflicts: unseen,
    unapplied: engine.get('unapplied')?.length ?? 0,
    cursor: engine.get('cursor') ?? 0,
  };
}

export const syncHandlers: H = {
  'sync.status': (_input, ctx) => syncStatus(ctx),
  'sync.enroll': async ({ serverUrl, code, deviceName }, ctx) => {
    await ctx.sync.engine.enroll(serverUrl, code, deviceName ?? ctx.info.device);
    ctx.sync.scheduler.request('enrolled');
    return syncStatus(ctx);
  },
  'sync.now': (_input, ctx) => {
    // Runs in the background (the answer is the status at once); a failure is recorded, never thrown here.
    ctx.sync.scheduler.request('button');
    return syncStatus(ctx);
  },
  'sync.conflicts': ({ unseenOnly }, ctx) =>
    ctx.store.db
      .select()
      .from(syncConflicts)
      .where(unseenOnly ? isNull(syncConflicts.seenAt) : undefined)
      .orderBy(desc(syncConflicts.createdAt))
      .limit(500)
      .all()
      .map((c) => ({
        id: c.id,
        entity: c.entity,
        entityId: c.entityId,
        field: c.field,
        // A conflict list is a list: phone numbers and addresses masked (the record's own page shows them whole).
        yours: maskField(c.field, c.yours),
        theirs: maskField(c.field, c.theirs),
        winner: c.winner,
        reason: c.reason,
        message: conflictReasonMessage(c.reason),
        createdAt: c.createdAt,
        seenAt: c.seenAt,
      })),
  'sync.conflictsSeen': ({ ids }, ctx) => {
    if (ids.length === 0) return { count: 0 };
    const now = ctx.clock.now().toISOString();
    const r = ctx.store.write((tx) => tx.update(syncConflicts).set({ seenAt: now }).where(inArray(syncConflicts.id, ids)).run());
    return { count: r.changes };
  },
  'sync.waiting': (_input, ctx) => {
    const outbox = waitingRecords(ctx);
    // The rep's prospect marks not yet at HQ, one line per list (no customer: a list is not one).
    const marks = pendingProspectMarks(ctx).map((m) => ({
      entity: 'prospect_handout',
      entityId: m.handoutId,
      customer: null,
      detail: `${m.listNumber} ${m.listName}`,
      isNew: false,
      fields: m.fields,
      status: null,
      changes: m.changes,
      since: m.since,
      sent: false,
    }));
    return { total: outbox.total + marks.length, records: [...outbox.records, ...marks] };
  },
  'sync.refused': (_input, ctx) => refusedChanges(ctx),
  'sync.resendRefused': ({ ids }, ctx) => {
    const r = resendRefused(ctx, ids);
    ctx.sync.scheduler.request('resend');
    return r;
  },
  'sync.discardRefused': ({ ids }, ctx) => discardRefused(ctx, ids),
};
