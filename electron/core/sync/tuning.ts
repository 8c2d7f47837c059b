/**
 * Sync timing a host may tune from its environment (a slow satellite link, or a test that cannot
 * wait minutes for a backoff): every value validated, a bad one refused at start with what to fix.
 *
 *   SALESDESK_SYNC_REQUEST_TIMEOUT_MS   small calls (default 30000)
 *   SALESDESK_SYNC_TRANSFER_TIMEOUT_MS  pushes, pulled pages, file chunks (default 120000)
 *   SALESDESK_SYNC_INTERVAL_MS          between syncs when all is well (default 120000)
 *   SALESDESK_SYNC_DEBOUNCE_MS          after a local write (default 3000)
 *   SALESDESK_SYNC_BACKOFF_MS           waits after failures in a row, comma-separated (default 5000,15000,60000,300000)
 */
import { z } from 'zod';
import type { HttpTimeouts } from './http';
import { DEFAULT_TIMEOUTS } from './http';
import type { SchedulerOptions } from './scheduler';

const ms = (name: string) =>
  z.coerce
    .number({ error: `${name}는 밀리초 정수여야 합니다.` })
    .int({ error: `${name}는 밀리초 정수여야 합니다.` })
    .min(50, { error: `${name}는 50 이상이어야 합니다.` })
    .max(3_600_000, { error: `${name}는 3600000(1시간) 이하여야 합니다.` })
    .optional();

const envSchema = z.object({
  SALESDESK_SYNC_REQUEST_TIMEOUT_MS: ms('SALESDESK_SYNC_REQUEST_TIMEOUT_MS'),
  SALESDESK_SYNC_TRANSFER_TIMEOUT_MS: ms('SALESDESK_SYNC_TRANSFER_TIMEOUT_MS'),
  SALESDESK_SYNC_INTERVAL_MS: ms('SALESDESK_SYNC_INTERVAL_MS'),
  SALESDESK_SYNC_DEBOUNCE_MS: ms('SALESDESK_SYNC_DEBOUNCE_MS'),
  SALESDESK_SYNC_BACKOFF_MS: z
    .string()
    .regex(/^\d{2,7}(,\d{2,7}){0,9}$/, { error: 'SALESDESK_SYNC_BACKOFF_MS는 쉼표로 나눈 밀리초 정수 목록이어야 합니다 (예: 5000,15000,60000).' })
    .transform((s) => s.split(',').map(Number))
    .optional(),
});

export interface SyncTuning {
  timeouts: HttpTimeouts;
  scheduler: Pick<SchedulerOptions, 'intervalMs' | 'debounceMs' | 'backoffMs'>;
}

/** The tuning in `env` (unset or empty variables keep the defaults); throws with a Korean message naming the variable. */
export function syncTuningFromEnv(env: NodeJS.ProcessEnv): SyncTuning {
  const picked = Object.fromEntries(Object.keys(envSchema.shape).map((k) => [k, env[k]?.trim() ? env[k].trim() : undefined]));
  const r = envSchema.safeParse(picked);
  if (!r.success) throw new Error(r.error.issues.map((i) => i.message).join(' '));
  const v = r.data;
  return {
    timeouts: {
      requestMs: v.SALESDESK_SYNC_REQUEST_TIMEOUT_MS ?? DEFAULT_TIMEOUTS.requestMs,
      transferMs: v.SALESDESK_SYNC_TRANSFER_TIMEOUT_MS ?? DEFAULT_TIMEOUTS.transferMs,
    },
    scheduler: {
      ...(v.SALESDESK_SYNC_INTERVAL_MS !== undefined ? { intervalMs: v.SALESDESK_SYNC_INTERVAL_MS } : {}),
      ...(v.SALESDESK_SYNC_DEBOUNCE_MS !== undefined ? { debounceMs: v.SALESDESK_SYNC_DEBOUNCE_MS } : {}),
      ...(v.SALESDESK_SYNC_BACKOFF_MS !== undefined ? { backoffMs: v.SALESDESK_SYNC_BACKOFF_MS } : {}),
    },
  };
}
