/**
 * Background sync: soon after local writes, every few minutes, and again with jittered backoff
 * after a failure that may pass (network down, HQ restarting, a server error, a timeout).
 *
 * Nothing here can take a host down: a background run never rejects — every failure is caught,
 * recorded by the engine (the state the rep sees) and answered with the next attempt. One sync
 * at a time: the engine shares a running sync with every caller.
 */
import type { Enrollment, OnProgress, SyncProgress, SyncSummary } from './state';

/** What the scheduler asks of the sync engine (engine.ts), named here so neither imports the other. */
interface SyncRunner {
  readonly isRunning: boolean;
  enrollment(): Enrollment | undefined;
  get(key: 'token'): string | null | undefined;
  counts(): { queued: number };
  sync(onProgress?: OnProgress): Promise<SyncSummary>;
}
import type { Store } from '../store/db';
import { SyncFailure } from './http';

export interface SchedulerOptions {
  /** Between syncs when all is well (default 2 minutes). */
  intervalMs?: number;
  /** After a local write, wait this long for more before syncing (default 3 s). */
  debounceMs?: number;
  /** Waits after 1, 2, 3… failures in a row (the last repeats), each jittered to 50–150 %. */
  backoffMs?: readonly number[];
  /** The first sync after start (default 1 s). */
  firstMs?: number;
  random?: () => number;
  /** The next attempt was planned (the screens show when). */
  onPlanned?: () => void;
  log?: (entry: { level: 'error' | 'info'; msg: string; [k: string]: unknown }) => void;
}

const DEFAULT_BACKOFF_MS: readonly number[] = [5_000, 15_000, 60_000, 300_000];

/**
 * The wait before the next attempt after `failures` failures in a row: the step for that many
 * (the last step repeats), spread over 50–150 % so devices that lost HQ together do not all come
 * back at the same moment.
 */
export function backoffDelay(failures: number, steps: readonly number[] = DEFAULT_BACKOFF_MS, random: () => number = Math.random): number {
  if (steps.length === 0) throw new Error('backoff steps are empty');
  const step = steps[Math.min(Math.max(failures, 1), steps.length) - 1]!;
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.max(1, Math.round(step * (0.5 + r)));
}

export type SyncOutcome = { ok: true; summary: SyncSummary } | { ok: false; notEnrolled: true } | { ok: false; notEnrolled?: undefined; failure: SyncFailure };

export class SyncScheduler {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private dueAt: number | null = null;
  private started = false;
  private unsubscribe: (() => void) | null = null;
  /** Failures in a row (reset by a good exchange). */
  failures = 0;
  progress: SyncProgress | null = null;

  constructor(
    private readonly engine: SyncRunner,
    private readonly store: Store,
    private readonly options: SchedulerOptions = {},
  ) {}

  /** When the next automatic attempt is due (null while one runs, or when stopped). */
  get nextAttemptAt(): string | null {
    return this.dueAt === null || this.engine.isRunning ? null : new Date(this.dueAt).toISOString();
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.unsubscribe = this.store.onCommit(() => {
      this.afterWrite();
    });
    this.plan(this.options.firstMs ?? 1_000);
  }

  stop(): void {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dueAt = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Starts a sync in the background now (the "지금 동기화" button, enrollment); never throws. */
  request(why: string): void {
    this.run(why)
      .then((outcome) => {
        this.planAfter(outcome);
      })
      .catch((error: unknown) => {
        // run() never rejects; this is the last line should that ever change.
        this.log('error', 'background sync failed unexpectedly', { why, error: error instanceof Error ? error.stack : String(error) });
      });
  }

  /** One sync; resolves with what happened — it never rejects. */
  async run(why: string): Promise<SyncOutcome> {
    try {
      if (!this.engine.enrollment() || !this.engine.get('token')) return { ok: false, notEnrolled: true };
      const summary = await this.engine.sync((p) => (this.progress = p));
      this.failures = 0;
      return { ok: true, summary };
    } catch (error) {
      const failure = error instanceof SyncFailure ? error : new SyncFailure('INTERNAL', String(error), null, 'internal');
      this.failures += 1;
      this.log('info', 'sync attempt failed', { why, kind: failure.kind, httpStatus: failure.httpStatus, failures: this.failures, message: failure.message });
      return { ok: false, failure };
    } finally {
      this.progress = null;
    }
  }

  private planAfter(outcome: SyncOutcome): void {
    if (!this.started) return;
    try {
      if (outcome.ok) {
        // Writes made while it ran are waiting: go again soon.
        this.plan(this.engine.counts().queued > 0 ? (this.options.debounceMs ?? 3_000) : (this.options.intervalMs ?? 120_000));
      } else if (outcome.notEnrolled || !outcome.failure.retryable) {
        // Not enrolled, revoked, or an update is needed: only the rep can change that; look again now and then.
        this.plan(this.options.intervalMs ?? 120_000);
      } else {
        this.plan(backoffDelay(this.failures, this.options.backoffMs ?? DEFAULT_BACKOFF_MS, this.options.random));
      }
    } catch (error) {
      // The store went away under us (closing): try again later rather than not at all.
      this.log('error', 'could not plan the next sync', { error: error instanceof Error ? error.stack : String(error) });
      this.plan(this.options.intervalMs ?? 120_000);
    }
  }

  /** A local write: sync soon — unless one runs (it goes again after), or HQ is away (backoff holds). */
  private afterWrite(): void {
    if (!this.started || this.engine.isRunning || this.failures > 0) return;
    const debounce = this.options.debounceMs ?? 3_000;
    if (this.dueAt === null || this.dueAt > Date.now() + debounce) this.plan(debounce);
  }

  private plan(ms: number): void {
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = Date.now() + ms;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.dueAt = null;
      this.request('timer');
    }, ms);
    this.timer.unref();
    try {
      this.options.onPlanned?.();
    } catch {
      // a failing listener must not stop sync
    }
  }

  private log(level: 'error' | 'info', msg: string, extra: Record<string, unknown>): void {
    try {
      this.options.log?.({ level, msg, ...extra });
    } catch {
      // a failing logger must not stop sync
    }
  }
}
