import { ACCESS_LOG_PUSH_MAX, ACCESS_LOG_SYNC_PATH, accessLogPushResponseSchema, type DeviceChainBreak } from '../../../shared/privacy/hq';
import type { Store } from '../store/db';
import type { AccessLog } from './access-log';
import { SyncFailure, notHq, type HqHttp } from '../sync/http';

/**
 * Sends the device's access log to HQ (issue 17), after the outbox: the entries after the last
 * one HQ acknowledged for this enrollment, in seq order, in batches of ≤ 1000 entries and ~1 MiB.
 * HQ checks each link and answers the highest seq it holds; the device keeps that per device id
 * (a new enrollment is a new device at HQ: it gets the whole chain). An HQ without the route (an
 * older version answers 404) is "not yet": nothing is marked, the entries wait. A batch HQ refuses
 * whole is reported and left for the next sync; a passing failure stops the sync like any other.
 */
const STATE_KEY = 'accessLogAcked';
const BATCH_BYTES = 1024 * 1024;

interface Acked {
  deviceId: string;
  seq: number;
}

export interface AccessLogSyncResult {
  sent: number;
  breaks: DeviceChainBreak[];
  /** HQ does not take access logs yet (older version). */
  unsupported?: true;
}

function readAcked(ctx: { readonly store: Store }, deviceId: string): number {
  const row = ctx.store.sqlite.prepare('SELECT value FROM sync_state WHERE key = ?').get(STATE_KEY) as { value: string } | undefined;
  if (!row) return 0;
  try {
    const v = JSON.parse(row.value) as Partial<Acked>;
    return v.deviceId === deviceId && typeof v.seq === 'number' ? v.seq : 0;
  } catch {
    return 0;
  }
}

function writeAcked(ctx: { readonly store: Store }, value: Acked): void {
  ctx.store.sqlite.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(STATE_KEY, JSON.stringify(value));
}

export async function pushAccessLog(
  ctx: { readonly store: Store; readonly accessLog: Pick<AccessLog, 'after'> },
  http: HqHttp,
  token: string,
  deviceId: string,
  log?: (entry: { level: 'error' | 'info'; msg: string; [k: string]: unknown }) => void,
): Promise<AccessLogSyncResult> {
  const result: AccessLogSyncResult = { sent: 0, breaks: [] };
  let acked = readAcked(ctx, deviceId);
  for (;;) {
    const pending = ctx.accessLog.after(acked, ACCESS_LOG_PUSH_MAX);
    if (pending.length === 0) return result;
    const batch: typeof pending = [];
    let bytes = 20;
    for (const e of pending) {
      const size = JSON.stringify(e).length + 1;
      if (batch.length > 0 && bytes + size > BATCH_BYTES) break;
      batch.push(e);
      bytes += size;
    }
    let answer;
    try {
      answer = accessLogPushResponseSchema.safeParse(await http.json('POST', ACCESS_LOG_SYNC_PATH, { entries: batch }, { token }));
    } catch (error) {
      if (error instanceof SyncFailure && error.httpStatus === 404) return { ...result, unsupported: true };
      if (error instanceof SyncFailure && error.refused) {
        log?.({ level: 'error', msg: 'access log: HQ refused a batch; it is sent again at the next sync', reason: error.message, from: batch[0]!.seq });
        return result;
      }
      throw error;
    }
    if (!answer.success) throw notHq(200);
    if (answer.data.breaks.length > 0) {
      result.breaks.push(...answer.data.breaks);
      log?.({ level: 'error', msg: 'access log: HQ found breaks in this device chain', breaks: answer.data.breaks });
    }
    result.sent += answer.data.stored;
    // HQ holds everything up to lastSeq (ours, or a conflicting copy it keeps and reported).
    const next = Math.max(acked, Math.min(answer.data.lastSeq, batch[batch.length - 1]!.seq));
    if (next === acked) return result;
    acked = next;
    writeAcked(ctx, { deviceId, seq: acked });
  }
}
