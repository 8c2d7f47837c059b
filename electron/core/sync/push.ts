/**
 * Push: the outbox goes to HQ in order, each mutation resent with the same id until HQ answers it.
 * HQ's answers (applied, duplicate, rejected) and the conflicts it reports are stored.
 */
import { asc, inArray, sql } from 'drizzle-orm';
import { pushResponseSchema, SYNC_LIMITS, SYNC_PATHS, type MutationResult } from '../../../shared/sync/protocol';
import type { Clock } from '../ids';
import type { Store, Tx } from '../store/db';
import { outbox, syncConflicts } from '../store/schema';
import { fromHq, notHq, SyncFailure, type HqHttp } from './http';
import type { OnProgress, SyncDeps, SyncSummary } from './state';

const PUSH_BYTES = Math.floor(SYNC_LIMITS.pushMaxBytes * 0.8);

/** The outbox by state: waiting (queued), sent and not yet answered, refused by HQ. */
export function outboxCounts(store: Store): { queued: number; sent: number; rejected: number } {
  const rows = store.db
    .select({ state: outbox.state, n: sql<number>`count(*)` })
    .from(outbox)
    .where(inArray(outbox.state, ['queued', 'sent', 'rejected']))
    .groupBy(outbox.state)
    .all();
  const n = (s: string) => rows.find((r) => r.state === s)?.n ?? 0;
  return { queued: n('queued'), sent: n('sent'), rejected: n('rejected') };
}

/**
 * Pushes the outbox in order. HQ answers each mutation (applied, duplicate, rejected); when HQ
 * refuses a whole request instead (a body it will not read: too large, malformed), the batch is
 * halved until the one change it refuses is alone, and that change is set aside with HQ's reason
 * — the rest of the queue keeps flowing. A failure that may pass (network, 5xx, timeout) stops
 * the push with every row still waiting, resent later with the same ids.
 */
export async function push({ ctx, timeouts }: SyncDeps, http: HqHttp, token: string, summary: SyncSummary, onProgress: OnProgress): Promise<void> {
  const total = outboxCounts(ctx.store).queued + outboxCounts(ctx.store).sent;
  let limit: number = SYNC_LIMITS.pushMaxMutations;
  for (;;) {
    const rows = ctx.store.db
      .select()
      .from(outbox)
      .where(inArray(outbox.state, ['queued', 'sent']))
      .orderBy(asc(outbox.seq))
      .limit(limit)
      .all();
    if (rows.length === 0) return;
    const batch: typeof rows = [];
    let bytes = 20;
    for (const row of rows) {
      const size = JSON.stringify(row.fields).length + 300;
      if (batch.length > 0 && bytes + size > PUSH_BYTES) break;
      batch.push(row);
      bytes += size;
    }
    onProgress({ phase: 'push', done: summary.pushed + summary.rejected, total, label: '변경 내용 보내는 중' });
    // Marked as sent before the request: after a crash they are resent with the same ids.
    const now = ctx.clock.now().toISOString();
    ctx.store.write((tx) => {
      tx.update(outbox)
        .set({ state: 'sent', attempts: sql`${outbox.attempts} + 1`, sentAt: now })
        .where(
          inArray(
            outbox.seq,
            batch.map((r) => r.seq),
          ),
        )
        .run();
    });
    let response;
    try {
      response = fromHq(
        pushResponseSchema,
        await http.json(
          'POST',
          SYNC_PATHS.push,
          {
            mutations: batch.map((r) => ({
              mutationId: r.mutationId,
              entity: r.entity,
              entityId: r.entityId,
              op: r.op,
              fields: r.fields,
              baseVersion: r.baseVersion,
              clientTime: r.clientTime,
            })),
          },
          { token, timeoutMs: timeouts.transferMs },
        ),
      );
    } catch (error) {
      if (!(error instanceof SyncFailure) || !error.refused) throw error;
      if (batch.length > 1) {
        limit = Math.max(1, Math.floor(batch.length / 2));
        continue;
      }
      // This one change is what HQ refuses: set it aside with HQ's reason, go on with the rest.
      ctx.store.cached("UPDATE outbox SET state = 'rejected', error = ?, acked_at = ? WHERE seq = ?").run(error.message, ctx.clock.now().toISOString(), batch[0]!.seq);
      summary.rejected += 1;
      continue;
    }
    // One answer per mutation, in order: anything else is not an answer this version understands.
    if (response.results.length !== batch.length || response.results.some((r, i) => r.mutationId !== batch[i]!.mutationId)) throw notHq(200);
    const ack = ctx.store.cached('UPDATE outbox SET state = ?, result = ?, error = ?, acked_at = ? WHERE seq = ?');
    ctx.store.write((tx) => {
      const acked = ctx.clock.now().toISOString();
      response.results.forEach((result, i) => {
        const row = batch[i]!;
        const outcome = result.status === 'duplicate' ? (result.original ?? 'applied') : result.status;
        ack.run(outcome === 'rejected' ? 'rejected' : 'accepted', JSON.stringify({ version: result.version, conflicts: result.conflicts }), result.error?.message ?? null, acked, row.seq);
        if (outcome === 'rejected') summary.rejected += 1;
        else summary.pushed += 1;
        summary.conflicts += storeConflicts(tx, row, result, ctx.clock);
      });
    });
    // Back to full batches once past the change HQ refused.
    limit = Math.min(SYNC_LIMITS.pushMaxMutations, limit * 2);
  }
}

function storeConflicts(tx: Tx, row: typeof outbox.$inferSelect, result: MutationResult, clock: Clock): number {
  for (const c of result.conflicts) {
    tx.insert(syncConflicts)
      .values({
        id: `${row.mutationId}:${c.field}`,
        entity: row.entity,
        entityId: row.entityId,
        field: c.field,
        yours: c.yours,
        theirs: c.theirs,
        winner: c.winner,
        reason: c.reason,
        mutationId: row.mutationId,
        createdAt: clock.now().toISOString(),
        seenAt: null,
      })
      .onConflictDoNothing()
      .run();
  }
  return result.conflicts.length;
}
