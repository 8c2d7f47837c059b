import { desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { HandlerMap } from '../../../shared/contract/dispatcher';
import type { Contract } from '../../../shared/contract/contract';
import { CONFLICT_REASON_MESSAGES, type ConflictReason } from '../../../shared/sync/ownership';
import type { SyncStatus } from '../../../shared/sync/client-view';
import type { CoreContext } from '../context';
import { outbox, syncConflicts } from '../store/schema';

type H = HandlerMap<Pick<Contract, 'sync.status' | 'sync.enroll' | 'sync.now' | 'sync.conflicts' | 'sync.conflictsSeen' | 'sync.rejected'>, CoreContext>;

export function syncStatus(ctx: CoreContext): SyncStatus {
  const { engine, scheduler } = ctx.sync;
  const enrollment = engine.enrollment();
  const token = engine.get<string>('token');
  const counts = engine.counts();
  const lastError = scheduler.lastError ?? engine.get<{ code: string; message: string; at?: string; details?: Record<string, unknown> }>('lastError') ?? null;
  const unseen = ctx.store.db.select({ n: sql<number>`count(*)` }).from(syncConflicts).where(isNull(syncConflicts.seenAt)).get()!.n;
  const enrolled = Boolean(enrollment && token);
  return {
    enrolled,
    serverUrl: enrollment?.serverUrl ?? null,
    branch: enrollment?.branch ?? null,
    rep: enrollment?.rep ?? null,
    deviceId: enrollment?.deviceId ?? null,
    activity: !enrolled ? 'not_enrolled' : engine.isRunning ? 'syncing' : scheduler.activity === 'not_enrolled' ? 'idle' : scheduler.activity,
    progress: scheduler.progress,
    pending: counts.queued + counts.sent,
    rejected: counts.rejected,
    lastSyncAt: engine.get<string>('lastSyncAt') ?? null,
    lastError: lastError
      ? {
          code: lastError.code,
          message: lastError.message,
          ...('at' in lastError && lastError.at ? { at: lastError.at } : {}),
          ...(lastError.details?.update === true ? { update: true } : {}),
        }
      : null,
    nextAttemptAt: scheduler.nextAttemptAt,
    unseenConflicts: unseen,
    cursor: engine.get<number>('cursor') ?? 0,
  };
}

export const syncHandlers: H = {
  'sync.status': (_input, ctx) => syncStatus(ctx),
  'sync.enroll': async ({ serverUrl, code, deviceName }, ctx) => {
    await ctx.sync.engine.enroll(serverUrl, code, deviceName ?? ctx.info.device);
    void ctx.sync.scheduler.run('enrolled').catch(() => undefined);
    return syncStatus(ctx);
  },
  'sync.now': (_input, ctx) => {
    void ctx.sync.scheduler.run('button').catch(() => undefined);
    return { ...syncStatus(ctx), activity: ctx.sync.engine.enrollment() ? 'syncing' : 'not_enrolled' };
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
        yours: c.yours,
        theirs: c.theirs,
        winner: c.winner,
        reason: c.reason,
        message: CONFLICT_REASON_MESSAGES[c.reason as ConflictReason] ?? '본사에서 이 항목의 값이 정리되었습니다. 값을 확인하세요.',
        createdAt: c.createdAt,
        seenAt: c.seenAt,
      })),
  'sync.conflictsSeen': ({ ids }, ctx) => {
    if (ids.length === 0) return { count: 0 };
    const now = ctx.clock.now().toISOString();
    const r = ctx.store.write((tx) => tx.update(syncConflicts).set({ seenAt: now }).where(inArray(syncConflicts.id, ids)).run());
    return { count: r.changes };
  },
  'sync.rejected': (_input, ctx) =>
    ctx.store.db
      .select()
      .from(outbox)
      .where(eq(outbox.state, 'rejected'))
      .orderBy(desc(outbox.seq))
      .limit(200)
      .all()
      .map((r) => ({ mutationId: r.mutationId, entity: r.entity, entityId: r.entityId, fields: r.fields, error: r.error ?? '본사가 거절했습니다.', at: r.ackedAt })),
};
