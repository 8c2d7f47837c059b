/**
 * Push: the outbox goes to HQ in order, each mutation resent with the same id until HQ answers it.
 * HQ's answers (applied, duplicate, rejected) and the conflicts it reports are stored.
 */
import { and, asc, gt, inArray, sql } from 'drizzle-orm';
import { PULL_SKIP_MAX_RANGES, pushResponseSchema, SYNC_LIMITS, SYNC_PATHS, type MutationResult, type PushEcho, type PushResponse } from '../../../shared/sync/protocol';
import type { Clock } from '../ids';
import type { Store, Tx } from '../store/db';
import { outbox, syncConflicts } from '../store/schema';
import { fromHq, notHq, SyncFailure, type HqHttp } from './http';
import type { OnProgress, SkipRange, SyncDeps, SyncSummary } from './state';

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

type OutboxRow = typeof outbox.$inferSelect;

/** A batch ready to go: its rows (marked sent) and the request body. */
interface Prepared {
  batch: OutboxRow[];
  body: { mutations: unknown[] };
}

/**
 * The next batch after outbox seq `after`: at most `limit` rows and PUSH_BYTES, marked as sent
 * before the request (after a crash they are resent with the same ids); null when none waits.
 */
function prepare(ctx: SyncDeps['ctx'], limit: number, after: number): Prepared | null {
  const rows = ctx.store.db
    .select()
    .from(outbox)
    .where(and(inArray(outbox.state, ['queued', 'sent']), gt(outbox.seq, after)))
    .orderBy(asc(outbox.seq))
    .limit(limit)
    .all();
  if (rows.length === 0) return null;
  const batch: OutboxRow[] = [];
  let bytes = 20;
  for (const row of rows) {
    const size = JSON.stringify(row.fields).length + 300;
    if (batch.length > 0 && bytes + size > PUSH_BYTES) break;
    batch.push(row);
    bytes += size;
  }
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
  const mutations = batch.map((r) => ({
    mutationId: r.mutationId,
    entity: r.entity,
    entityId: r.entityId,
    op: r.op,
    fields: r.fields,
    baseVersion: r.baseVersion,
    clientTime: r.clientTime,
  }));
  return { batch, body: { mutations } };
}

/**
 * HQ's answers to one batch stored: outcome, result, conflicts. When HQ says the records it wrote
 * hold exactly this device's copies (`echo`), their server versions are this device's now and the
 * change numbers go on the list a pull leaves out (pull.ts).
 */
function storeAnswers({ ctx, state }: SyncDeps, batch: OutboxRow[], response: PushResponse, summary: SyncSummary): void {
  const ack = ctx.store.cached('UPDATE outbox SET state = ?, result = ?, error = ?, acked_at = ? WHERE seq = ?');
  const known = ctx.store.cached(
    'INSERT INTO sync_records (entity, entity_id, server_version, pulled_at) VALUES (?, ?, ?, ?) ON CONFLICT (entity, entity_id) DO UPDATE SET server_version = max(server_version, excluded.server_version), pulled_at = excluded.pulled_at',
  );
  ctx.store.write((tx) => {
    const acked = ctx.clock.now().toISOString();
    // A change HQ refused or kept as a conflict may leave HQ's record as it was, numbered in a
    // range left out (an earlier echo): this device's copy is then not HQ's. The ranges go, and the
    // next pull brings those records back, as it did before echoes (only slower).
    const unlike = response.results.some((r) => r.status === 'rejected' || (r.status === 'duplicate' && r.original === 'rejected') || r.conflicts.length > 0);
    response.results.forEach((result, i) => {
      const row = batch[i]!;
      const outcome = result.status === 'duplicate' ? (result.original ?? 'applied') : result.status;
      const state = outcome === 'rejected' ? 'rejected' : 'accepted';
      ack.run(state, JSON.stringify({ version: result.version, conflicts: result.conflicts }), result.error?.message ?? null, acked, row.seq);
      if (outcome === 'rejected') summary.rejected += 1;
      else summary.pushed += 1;
      summary.conflicts += storeConflicts(tx, row, result, ctx.clock);
      if (response.echo && result.status === 'applied' && result.version !== null) known.run(row.entity, row.entityId, result.version, acked);
    });
    const kept = unlike ? [] : (state.get('pullSkip') ?? []);
    if (response.echo) state.setIn(tx, 'pullSkip', withSkipped(kept, response.echo, state.get('cursor') ?? 0));
    else if (unlike && (state.get('pullSkip') ?? []).length > 0) state.setIn(tx, 'pullSkip', []);
  });
}

/** The ranges a pull leaves out, with `echo` added: after the cursor, ascending, the newest PULL_SKIP_MAX_RANGES (older ones are pulled, which is only slower). */
function withSkipped(ranges: readonly SkipRange[], echo: PushEcho, cursor: number): SkipRange[] {
  const all = [...ranges, [echo.fromSeq, echo.toSeq] as SkipRange].filter(([, to]) => to > cursor).sort((a, b) => a[0] - b[0]);
  const merged: SkipRange[] = [];
  for (const [from, to] of all) {
    const last = merged.at(-1);
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged.slice(-PULL_SKIP_MAX_RANGES);
}

/**
 * Pushes the outbox in order. HQ answers each mutation (applied, duplicate, rejected); when HQ
 * refuses a whole request instead (a body it will not read: too large, malformed), the batch is
 * halved until the one change it refuses is alone, and that change is set aside with HQ's reason
 * — the rest of the queue keeps flowing. A failure that may pass (network, 5xx, timeout) stops
 * the push with every row still waiting, resent later with the same ids.
 *
 * Overlapped (issue 12): while HQ writes batch N, this device stores HQ's answers to batch N − 1
 * and readies batch N + 1 (read, marked sent, serialized), which goes as soon as N's answer is in.
 * One request at a time still, so HQ applies the batches in outbox order; a batch readied and not
 * sent (N failed) is only marked sent, and goes again with the same ids.
 */
export async function push(deps: SyncDeps, http: HqHttp, token: string, summary: SyncSummary, onProgress: OnProgress): Promise<void> {
  const { ctx, timeouts } = deps;
  const total = outboxCounts(ctx.store).queued + outboxCounts(ctx.store).sent;
  let limit: number = SYNC_LIMITS.pushMaxMutations;
  // The outbox seq up to which HQ has answered in this push (what the next batch starts after).
  let after = 0;
  let ready: Prepared | null = null;
  let unstored: { batch: OutboxRow[]; response: PushResponse } | null = null;
  for (;;) {
    const current = ready ?? prepare(ctx, limit, after);
    ready = null;
    if (!current) break;
    onProgress({ phase: 'push', done: summary.pushed + summary.rejected, total, label: '변경 내용 보내는 중' });
    const request = http.json('POST', SYNC_PATHS.push, current.body, { token, timeoutMs: timeouts.transferMs }).then((body) => fromHq(pushResponseSchema, body));
    try {
      if (unstored) storeAnswers(deps, unstored.batch, unstored.response, summary);
      unstored = null;
      // Full batches only: after a refusal the queue goes on in halves, one request at a time.
      if (limit === SYNC_LIMITS.pushMaxMutations) ready = prepare(ctx, limit, current.batch[current.batch.length - 1]!.seq);
    } catch (error) {
      // This device's store failed: the batch sent is answered or not, its rows stay sent (resent later).
      await request.catch(() => undefined);
      throw error;
    }
    let response: PushResponse;
    try {
      response = await request;
    } catch (error) {
      ready = null;
      if (!(error instanceof SyncFailure) || !error.refused) throw error;
      if (current.batch.length > 1) {
        limit = Math.max(1, Math.floor(current.batch.length / 2));
        continue;
      }
      // This one change is what HQ refuses: set it aside with HQ's reason, go on with the rest.
      ctx.store.cached("UPDATE outbox SET state = 'rejected', error = ?, acked_at = ? WHERE seq = ?").run(error.message, ctx.clock.now().toISOString(), current.batch[0]!.seq);
      // HQ's record stays as it was, perhaps in a range left out: pulled again (see storeAnswers).
      if ((deps.state.get('pullSkip') ?? []).length > 0) deps.state.set('pullSkip', []);
      summary.rejected += 1;
      continue;
    }
    // One answer per mutation, in order: anything else is not an answer this version understands.
    if (response.results.length !== current.batch.length || response.results.some((r, i) => r.mutationId !== current.batch[i]!.mutationId)) throw notHq(200);
    unstored = { batch: current.batch, response };
    after = current.batch[current.batch.length - 1]!.seq;
    // Back to full batches once past the change HQ refused.
    limit = Math.min(SYNC_LIMITS.pushMaxMutations, limit * 2);
  }
  if (unstored) storeAnswers(deps, unstored.batch, unstored.response, summary);
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
