/**
 * Background sync: after local writes (debounced), every few minutes, and again with backoff
 * after a failure that may pass (network down, HQ restarting). One sync at a time — the engine
 * shares a running sync with every caller.
 */
import type { SyncEngine, SyncProgress, SyncSummary } from './engine';
import type { Store } from '../store/db';
import type { WireError } from '../../../shared/contract/errors';
import { SyncFailure } from './http';

export type SyncActivity = 'not_enrolled' | 'idle' | 'syncing' | 'offline' | 'error';

export interface SchedulerOptions {
  intervalMs?: number;
  debounceMs?: number;
  backoffMs?: readonly number[];
}

export class SyncScheduler {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private interval: ReturnType<typeof setInterval> | null = null;
  private failures = 0;
  private unsubscribe: (() => void) | null = null;
  progress: SyncProgress | null = null;
  activity: SyncActivity = 'idle';
  lastError: WireError | null = null;
  nextAttemptAt: string | null = null;
  lastSummary: SyncSummary | null = null;

  constructor(
    private readonly engine: SyncEngine,
    private readonly store: Store,
    private readonly options: SchedulerOptions = {},
  ) {}

  start(): void {
    if (this.interval) return;
    this.interval = setInterval(() => void this.run('interval'), this.options.intervalMs ?? 120_000);
    this.interval.unref?.();
    this.unsubscribe = this.store.onCommit(() => {
      if (this.engine.isRunning) return; // the sync's own writes
      this.schedule(this.options.debounceMs ?? 3_000);
    });
    this.schedule(1_000);
  }

  stop(): void {
    if (this.interval) clearInterval(this.interval);
    if (this.timer) clearTimeout(this.timer);
    this.unsubscribe?.();
    this.interval = null;
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (!this.interval) return;
    if (this.timer) clearTimeout(this.timer);
    this.nextAttemptAt = new Date(Date.now() + ms).toISOString();
    this.timer = setTimeout(() => void this.run('scheduled'), ms);
    this.timer.unref?.();
  }

  /** Runs a sync now (the "지금 동기화" button, the CLI, the timers). */
  async run(_why: string): Promise<SyncSummary | null> {
    if (!this.engine.enrollment() || !this.engine.get<string>('token')) {
      this.activity = 'not_enrolled';
      return null;
    }
    this.activity = 'syncing';
    this.nextAttemptAt = null;
    try {
      const summary = await this.engine.sync((p) => (this.progress = p));
      this.failures = 0;
      this.activity = 'idle';
      this.lastError = null;
      this.lastSummary = summary;
      // Writes made while it ran are waiting: go again soon.
      if (this.engine.counts().queued > 0) this.schedule(this.options.debounceMs ?? 3_000);
      return summary;
    } catch (error) {
      const retryable = error instanceof SyncFailure ? error.retryable : false;
      this.activity = error instanceof SyncFailure && error.httpStatus === null ? 'offline' : 'error';
      this.lastError = error instanceof SyncFailure || (error as { toWire?: unknown }).toWire ? (error as SyncFailure).toWire() : { code: 'INTERNAL', message: String(error) };
      if (retryable) {
        const steps = this.options.backoffMs ?? [5_000, 15_000, 60_000, 300_000];
        this.schedule(steps[Math.min(this.failures, steps.length - 1)]!);
        this.failures += 1;
      }
      throw error;
    } finally {
      this.progress = null;
    }
  }
}
