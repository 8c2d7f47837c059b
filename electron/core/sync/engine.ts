/**
 * The device side of sync (shared/sync/README.md "What the client must do"), one phase per file:
 * enrollment (enroll.ts), attachments uploaded by SHA-256 before the records that name them
 * (upload.ts), the outbox pushed in order and resent with the same ids until HQ answers (push.ts),
 * pulled pages (pull.ts) applied — with this device's unsent edits re-applied on top — in one
 * local transaction each, cursor included (apply.ts). What sync keeps between runs is in state.ts.
 *
 * SyncEngine is the coordinator: one sync at a time, the phases in order, the outcome recorded.
 */
import { errorMsg } from '../../../shared/i18n/error-messages';
import { AppError } from '../../../shared/contract/errors';
import type { LastFailure } from '../../../shared/sync/device-state';
import type { AccessLog } from '../privacy/access-log';
import { pushAccessLog } from '../privacy/access-sync';
import { syncProspects } from '../prospects/prospects';
import { enroll } from './enroll';
import { connectionFailure, createHqHttp, DEFAULT_TIMEOUTS, SyncFailure, type HqHttp, type HttpTimeouts } from './http';
import { pull } from './pull';
import { outboxCounts, push } from './push';
import { plainSecretBox, type SecretBox } from './secrets';
import { SyncState, type Enrollment, type StateKey, type StateValues, type OnProgress, type RefusedFile, type SyncContext, type SyncDeps, type SyncProgress, type SyncSummary } from './state';
import { uploadAttachments } from './upload';

export interface EngineOptions {
  timeouts?: HttpTimeouts;
  /** Where unexpected failures are reported (with their stack); the rep sees a plain message. */
  log?: (entry: { level: 'error' | 'info'; msg: string; [k: string]: unknown }) => void;
}

/** What a sync works with (state.ts's SyncContext), plus the app's version HQ is told and the access log it sends. */
interface EngineContext extends SyncContext {
  readonly info: { readonly version: string };
  readonly accessLog: Pick<AccessLog, 'after'>;
}

export class SyncEngine {
  private running: Promise<SyncSummary> | null = null;

  private readonly state: SyncState;
  private readonly deps: SyncDeps;

  constructor(
    private readonly ctx: EngineContext,
    private readonly secrets: SecretBox = plainSecretBox,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly options: EngineOptions = {},
  ) {
    this.state = new SyncState(ctx);
    this.deps = { ctx, state: this.state, timeouts: options.timeouts ?? DEFAULT_TIMEOUTS };
  }

  // ─── state ───

  get<K extends StateKey>(key: K): StateValues[K] | undefined {
    return this.state.get(key);
  }

  enrollment(): Enrollment | undefined {
    return this.state.get('enrollment');
  }

  counts(): { queued: number; sent: number; rejected: number } {
    return outboxCounts(this.ctx.store);
  }

  /** When the oldest change HQ has not taken yet was made (null when none waits). */
  oldestWaitingAt(): string | null {
    const row = this.ctx.store.cached("SELECT min(client_time) AS t FROM outbox WHERE state IN ('queued', 'sent')").get() as { t: string | null };
    return row.t;
  }

  /** Files HQ refused that the rep has not discarded. */
  refusedFiles(): RefusedFile[] {
    return (this.state.get('refusedFiles') ?? []).filter((f) => !f.discarded);
  }

  /** Tries these refused files again at the next sync; answers how many were set aside. */
  forgetRefusedFiles(sha256s: readonly string[]): number {
    const files = this.state.get('refusedFiles') ?? [];
    const kept = files.filter((f) => !sha256s.includes(f.sha256));
    this.state.set('refusedFiles', kept);
    return files.length - kept.length;
  }

  /** Stops sending these refused files (they stay on this device). */
  discardRefusedFiles(sha256s: readonly string[]): number {
    let n = 0;
    const files = (this.state.get('refusedFiles') ?? []).map((f) => {
      if (!sha256s.includes(f.sha256) || f.discarded) return f;
      n += 1;
      return { ...f, discarded: true };
    });
    this.state.set('refusedFiles', files);
    return n;
  }

  // ─── enrollment ───

  enroll(serverUrl: string, code: string, deviceName?: string): Promise<Enrollment> {
    return enroll(this.deps, this.secrets, this.fetchImpl, serverUrl, code, deviceName);
  }

  private async session(): Promise<{ http: HqHttp; token: string; enrollment: Enrollment }> {
    const enrollment = this.enrollment();
    const sealed = this.get('token');
    if (!enrollment || !sealed) {
      throw new AppError('UNAUTHORIZED', errorMsg('core.notEnrolled'));
    }
    const report = () => {
      const c = this.counts();
      return { appVersion: this.ctx.info.version, pending: c.queued + c.sent };
    };
    return { http: createHqHttp(enrollment.serverUrl, this.fetchImpl, this.deps.timeouts, report), token: await this.secrets.open(sealed), enrollment };
  }

  // ─── one sync ───

  /** One full sync; concurrent callers share the one already running. */
  sync(onProgress?: (p: SyncProgress) => void): Promise<SyncSummary> {
    this.running ??= this.runOnce(onProgress ?? (() => undefined)).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  get isRunning(): boolean {
    return this.running !== null;
  }

  private async runOnce(onProgress: OnProgress): Promise<SyncSummary> {
    try {
      const { http, token, enrollment } = await this.session();
      const summary: SyncSummary = { pushed: 0, pulled: 0, conflicts: 0, rejected: 0, uploaded: 0, cursor: 0 };
      summary.uploaded = await uploadAttachments(this.deps, http, token, summary, onProgress);
      await push(this.deps, http, token, summary, onProgress);
      await pushAccessLog(this.ctx, http, token, enrollment.deviceId, this.options.log);
      // Prospect lists (issue 17 item 5): the rep's marks out, the hand-outs the rep holds in.
      await syncProspects(this.ctx, http, token, this.options.log);
      await pull(this.deps, http, token, enrollment, summary, onProgress);
      summary.cursor = this.state.get('cursor') ?? 0;
      this.ctx.store.write((tx) => {
        this.state.setIn(tx, 'lastSyncAt', this.ctx.clock.now().toISOString());
        this.state.setIn(tx, 'lastFailure', null);
        this.state.setIn(tx, 'lastSummary', summary);
      });
      return summary;
    } catch (error) {
      const failure = asSyncFailure(error);
      if (failure.kind === 'internal') {
        this.options.log?.({ level: 'error', msg: 'sync failed unexpectedly', error: error instanceof Error ? error.stack : String(error) });
      }
      this.recordFailure(failure);
      throw failure;
    }
  }

  /** Keeps the failure for the state the rep sees (and across a restart): since when, how often. */
  private recordFailure(failure: SyncFailure): void {
    try {
      const now = this.ctx.clock.now().toISOString();
      const previous = this.state.get('lastFailure') ?? null;
      const next: LastFailure = { kind: failure.kind, message: failure.message, at: now, since: previous?.since ?? now, attempts: (previous?.attempts ?? 0) + 1 };
      this.ctx.store.write((tx) => {
        this.state.setIn(tx, 'lastFailure', next);
        // HQ no longer knows this device: forget the token (the enrollment and all data stay).
        if (failure.kind === 'unauthorized') this.state.setIn(tx, 'token', null);
      });
    } catch (error) {
      // The store itself failed (a full disk): the failure is still thrown to the caller.
      this.options.log?.({ level: 'error', msg: 'could not record the sync failure', error: error instanceof Error ? error.stack : String(error) });
    }
  }
}

/** Any error out of a sync, as a SyncFailure: an unexpected one is this device's own ('internal'). */
function asSyncFailure(error: unknown): SyncFailure {
  if (error instanceof SyncFailure) return error;
  if (error instanceof AppError && error.code === 'UNAUTHORIZED') return new SyncFailure('UNAUTHORIZED', error.message, null, 'unauthorized');
  if (error instanceof AppError) return new SyncFailure(error.code, error.message, null, 'internal');
  // fetch itself, outside the HTTP helper (a test's fetch, a body stream).
  if (error instanceof TypeError && /fetch|network|socket/i.test(error.message)) return connectionFailure(error);
  return new SyncFailure('INTERNAL', '동기화 중 이 기기에서 예기치 않은 오류가 났습니다. 작업 내용은 그대로 있고, 자동으로 다시 시도합니다. 계속되면 본사 담당자에게 알려 주세요.', null, 'internal');
}
