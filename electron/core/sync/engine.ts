/**
 * The device side of sync (shared/sync/README.md "What the client must do"): enrollment, the
 * outbox pushed in order and resent with the same ids until HQ answers, attachments uploaded by
 * SHA-256 before the records that name them, and pulled pages applied — with this device's
 * unsent edits re-applied on top — in one local transaction each, cursor included.
 */
import crypto from 'node:crypto';
import { errorMsg } from '../../../shared/i18n/error-messages';
import type { z } from 'zod';
import fs from 'node:fs';
import os from 'node:os';
import { asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { AppError } from '../../../shared/contract/errors';
import {
  attachmentStatusSchema,
  conflictRecordFieldsSchema,
  enrollResponseSchema,
  pullResponseSchema,
  pushResponseSchema,
  SYNC_LIMITS,
  SYNC_PATHS,
  UPLOAD_COMPLETE_HEADER,
  UPLOAD_LENGTH_HEADER,
  UPLOAD_OFFSET_HEADER,
  type Change,
  type MutationResult,
} from '../../../shared/sync/protocol';
import { TRANSITIONS } from '../../../shared/lifecycle/machine';
import { parseWorkflow } from '../../../shared/lifecycle/workflow';
import { companySearchKey } from '../../../shared/search/keys';
import type { CoreContext } from '../context';
import type { Tx } from '../store/db';
import { indexPulledRows, optimizeSearchIndexes, PulledRows } from '../store/search-index';
import { attachments, hqRecords, outbox, syncConflicts, syncState } from '../store/schema';
import { connectionFailure, createHqHttp, DEFAULT_TIMEOUTS, notHq, SyncFailure, type HqHttp, type HttpTimeouts } from './http';
import type { LastFailure } from '../../../shared/sync/device-state';
import { tableOf, type SyncedColumn, type SyncedTable } from './entities';
import { REFERENCES } from '../../../shared/sync/shapes';
import { checkHqUrl } from '../../../shared/sync/hq-url';
import { pushAccessLog } from '../privacy/access-sync';
import { syncProspects } from '../prospects/prospects';

/** Keeps the device token: the OS keychain in Electron (safeStorage), marked plain elsewhere. */
export interface SecretBox {
  seal(plain: string): Promise<string>;
  open(sealed: string): Promise<string>;
}
export const plainSecretBox: SecretBox = {
  seal: (s) => Promise.resolve(`plain:${s}`),
  open: (s) => Promise.resolve(s.replace(/^plain:/, '')),
};

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

/** What sync keeps in sync_state, by key (`lastError`, written by earlier versions, is no longer read). */
interface StateValues {
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
}
type StateKey = keyof StateValues;

/** A file HQ refused to take (its own check failed, or it is too big), set aside with HQ's reason. */
export interface RefusedFile {
  sha256: string;
  reason: string;
  at: string;
  /** The rep chose not to send it (the records naming it are then refused by HQ, and shown). */
  discarded?: boolean;
}

export interface EngineOptions {
  timeouts?: HttpTimeouts;
  /** Where unexpected failures are reported (with their stack); the rep sees a plain message. */
  log?: (entry: { level: 'error' | 'info'; msg: string; [k: string]: unknown }) => void;
}

/** A pulled change this device could not store, kept with the reason (shown on the sync screen). */
interface Unapplied {
  entity: string;
  id: string;
  version: number;
  reason: string;
  at: string;
  /** The change itself, tried again on the next pull. */
  change?: Change;
}

/** Parents before children (customer → application → quote → version; document → signature). */
const APPLY_ORDER = ['customer', 'application', 'quote', 'quote_version', 'document', 'signature', 'application_attachment', 'ticket', 'ticket_event', 'consent_event'];
const rankOf = (entity: string) => {
  const i = APPLY_ORDER.indexOf(entity);
  return i < 0 ? APPLY_ORDER.length : i;
};

const CHUNK = SYNC_LIMITS.attachmentChunkMaxBytes;
const PUSH_BYTES = Math.floor(SYNC_LIMITS.pushMaxBytes * 0.8);

export class SyncEngine {
  private running: Promise<SyncSummary> | null = null;

  private readonly timeouts: HttpTimeouts;

  constructor(
    private readonly ctx: CoreContext,
    private readonly secrets: SecretBox = plainSecretBox,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly options: EngineOptions = {},
  ) {
    this.timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  }

  // ─── state ───

  get<K extends StateKey>(key: K): StateValues[K] | undefined {
    const row = this.ctx.store.db.select().from(syncState).where(eq(syncState.key, key)).get();
    return (row?.value ?? undefined) as StateValues[K] | undefined;
  }

  private setIn<K extends StateKey>(tx: Tx, key: K, value: StateValues[K]): void {
    tx.insert(syncState).values({ key, value }).onConflictDoUpdate({ target: syncState.key, set: { value } }).run();
  }

  private set<K extends StateKey>(key: K, value: StateValues[K]): void {
    this.ctx.store.write((tx) => this.setIn(tx, key, value));
  }

  enrollment(): Enrollment | undefined {
    return this.get('enrollment');
  }

  /** Whether this device holds any synced record (a customer underlies every other). */
  private holdsRecords(): boolean {
    return (this.ctx.store.sqlite.prepare('SELECT EXISTS (SELECT 1 FROM customers) AS yes').get() as { yes: number }).yes === 1;
  }

  counts(): { queued: number; sent: number; rejected: number } {
    const rows = this.ctx.store.db
      .select({ state: outbox.state, n: sql<number>`count(*)` })
      .from(outbox)
      .where(inArray(outbox.state, ['queued', 'sent', 'rejected']))
      .groupBy(outbox.state)
      .all();
    const n = (s: string) => rows.find((r) => r.state === s)?.n ?? 0;
    return { queued: n('queued'), sent: n('sent'), rejected: n('rejected') };
  }

  /** When the oldest change HQ has not taken yet was made (null when none waits). */
  oldestWaitingAt(): string | null {
    const row = this.ctx.store.cached("SELECT min(client_time) AS t FROM outbox WHERE state IN ('queued', 'sent')").get() as { t: string | null };
    return row.t;
  }

  /** Files HQ refused that the rep has not discarded. */
  refusedFiles(): RefusedFile[] {
    return (this.get('refusedFiles') ?? []).filter((f) => !f.discarded);
  }

  /** Tries these refused files again at the next sync; answers how many were set aside. */
  forgetRefusedFiles(sha256s: readonly string[]): number {
    const files = this.get('refusedFiles') ?? [];
    const kept = files.filter((f) => !sha256s.includes(f.sha256));
    this.set('refusedFiles', kept);
    return files.length - kept.length;
  }

  /** Stops sending these refused files (they stay on this device). */
  discardRefusedFiles(sha256s: readonly string[]): number {
    let n = 0;
    const files = (this.get('refusedFiles') ?? []).map((f) => {
      if (!sha256s.includes(f.sha256) || f.discarded) return f;
      n += 1;
      return { ...f, discarded: true };
    });
    this.set('refusedFiles', files);
    return n;
  }

  // ─── enrollment ───

  async enroll(serverUrl: string, code: string, deviceName = os.hostname() || 'SalesDesk'): Promise<Enrollment> {
    const url = normaliseUrl(serverUrl);
    const http = createHqHttp(url, this.fetchImpl, this.timeouts);
    const raw = await http.json('POST', SYNC_PATHS.enroll, { code: code.trim(), deviceName: deviceName.slice(0, 100) });
    const r = fromHq(enrollResponseSchema, raw);
    const enrollment: Enrollment = {
      serverUrl: url,
      deviceId: r.deviceId,
      branch: r.branch.name,
      branchId: r.branch.id,
      rep: r.rep.name,
      serverId: r.serverId,
      enrolledAt: this.ctx.clock.now().toISOString(),
    };
    const previous = this.enrollment();
    // The same branch is the same id on the same HQ (a renamed branch is still the same); older
    // enrollments carry only the name.
    const sameBranch = (e: Enrollment) =>
      e.serverId === r.serverId && (e.branchId !== undefined ? e.branchId === r.branch.id : e.branch === r.branch.name);
    const otherBranch = previous !== undefined && !sameBranch(previous);
    if (previous && otherBranch && previous.branch !== r.branch.name && this.holdsRecords()) {
      // Another branch's records must never be sent to this one, nor mixed with its records.
      throw new AppError(
        'CONFLICT',
        `이 기기에는 ${previous.branch}의 자료가 있어 ${r.branch.name}(으)로 등록할 수 없습니다. 다른 지사로 쓰려면 새 데이터 폴더에서 등록하세요 (본사에서 새 등록 코드를 받아야 합니다). 지금 자료와 등록은 그대로입니다.`,
      );
    }
    const sealed = await this.secrets.seal(r.deviceToken);
    this.ctx.store.write((tx) => {
      this.setIn(tx, 'enrollment', enrollment);
      this.setIn(tx, 'token', sealed);
      this.setIn(tx, 'lastFailure', null);
      // A different HQ database or branch means the cursor says nothing about what this device holds: start over.
      if (!previous || otherBranch || previous.serverUrl !== url) this.setIn(tx, 'cursor', 0);
    });
    return enrollment;
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
    return { http: createHqHttp(enrollment.serverUrl, this.fetchImpl, this.timeouts, report), token: await this.secrets.open(sealed), enrollment };
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

  private async runOnce(onProgress: (p: SyncProgress) => void): Promise<SyncSummary> {
    try {
      const { http, token, enrollment } = await this.session();
      const summary: SyncSummary = { pushed: 0, pulled: 0, conflicts: 0, rejected: 0, uploaded: 0, cursor: 0 };
      summary.uploaded = await this.uploadAttachments(http, token, summary, onProgress);
      await this.push(http, token, summary, onProgress);
      await pushAccessLog(this.ctx, http, token, enrollment.deviceId, this.options.log);
      // Prospect lists (issue 17 item 5): the rep's marks out, the hand-outs the rep holds in.
      await syncProspects(this.ctx, http, token, this.options.log);
      await this.pull(http, token, enrollment, summary, onProgress);
      summary.cursor = this.get('cursor') ?? 0;
      this.ctx.store.write((tx) => {
        this.setIn(tx, 'lastSyncAt', this.ctx.clock.now().toISOString());
        this.setIn(tx, 'lastFailure', null);
        this.setIn(tx, 'lastSummary', summary);
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
      const previous = this.get('lastFailure') ?? null;
      const next: LastFailure = { kind: failure.kind, message: failure.message, at: now, since: previous?.since ?? now, attempts: (previous?.attempts ?? 0) + 1 };
      this.ctx.store.write((tx) => {
        this.setIn(tx, 'lastFailure', next);
        // HQ no longer knows this device: forget the token (the enrollment and all data stay).
        if (failure.kind === 'unauthorized') this.setIn(tx, 'token', null);
      });
    } catch (error) {
      // The store itself failed (a full disk): the failure is still thrown to the caller.
      this.options.log?.({ level: 'error', msg: 'could not record the sync failure', error: error instanceof Error ? error.stack : String(error) });
    }
  }

  // ─── attachments ───

  private async uploadAttachments(http: HqHttp, token: string, summary: SyncSummary, onProgress: (p: SyncProgress) => void): Promise<number> {
    const setAside = new Set((this.get('refusedFiles') ?? []).map((f) => f.sha256));
    const pending = this.ctx.store.db
      .select()
      .from(attachments)
      .where(isNull(attachments.uploadedAt))
      .orderBy(asc(attachments.createdAt))
      .all()
      .filter((f) => !setAside.has(f.sha256));
    let done = 0;
    for (const file of pending) {
      onProgress({ phase: 'upload', done, total: pending.length, label: '첨부 파일 올리는 중' });
      let bytes: Uint8Array;
      try {
        bytes = this.ctx.attachments.read(file.sha256);
      } catch (error) {
        // Missing or damaged on this device: it cannot go as it is. Set aside with the reason; the rest go on.
        this.setAsideFile(file.sha256, error instanceof Error ? error.message : String(error));
        summary.rejected += 1;
        continue;
      }
      try {
        await this.uploadOne(http, token, file.sha256, bytes);
      } catch (error) {
        // HQ refused this file (its own check, its size): set it aside with HQ's reason; the rest go on.
        if (!(error instanceof SyncFailure) || !error.refused) throw error;
        this.setAsideFile(file.sha256, error.message);
        summary.rejected += 1;
        continue;
      }
      this.ctx.store.write((tx) => tx.update(attachments).set({ uploadedAt: this.ctx.clock.now().toISOString() }).where(eq(attachments.sha256, file.sha256)).run());
      done += 1;
    }
    return done;
  }

  private async uploadOne(http: HqHttp, token: string, sha256: string, bytes: Uint8Array): Promise<void> {
    const head = await http.raw('HEAD', SYNC_PATHS.attachment(sha256), { token });
    let offset = head.status === 404 ? 0 : Number(head.headers.get(UPLOAD_OFFSET_HEADER) ?? 0);
    let complete = head.status !== 404 && head.headers.get(UPLOAD_COMPLETE_HEADER) === 'true';
    // Resumable: continue from what HQ holds; a 409 tells where HQ actually is.
    for (let guard = 0; !complete && guard < Math.ceil(bytes.length / CHUNK) + 5; guard++) {
      const chunk = bytes.subarray(offset, Math.min(bytes.length, offset + CHUNK));
      const r = await http.raw('PUT', SYNC_PATHS.attachment(sha256), {
        token,
        body: chunk,
        headers: { 'content-type': 'application/octet-stream', [UPLOAD_OFFSET_HEADER]: String(offset), [UPLOAD_LENGTH_HEADER]: String(bytes.length) },
        timeoutMs: this.timeouts.transferMs,
      });
      if (r.status === 409) {
        const refusal = r.json() as { error?: { details?: { received?: unknown } } } | null;
        offset = typeof refusal?.error?.details?.received === 'number' ? refusal.error.details.received : 0;
      } else {
        const status = attachmentStatusSchema.safeParse(r.json());
        if (!status.success) throw notHq(r.status);
        offset = status.data.received;
        complete = status.data.complete;
      }
    }
    if (!complete) throw new SyncFailure('UNAVAILABLE', '첨부 파일을 본사로 다 올리지 못했습니다. 자동으로 다시 시도합니다.', null, 'network');
  }

  private setAsideFile(sha256: string, reason: string): void {
    const now = this.ctx.clock.now().toISOString();
    const files = (this.get('refusedFiles') ?? []).filter((f) => f.sha256 !== sha256);
    this.set('refusedFiles', [...files, { sha256, reason, at: now }].slice(-500));
  }

  private async download(http: HqHttp, token: string, sha256: string): Promise<Uint8Array | null> {
    const r = await http.raw('GET', SYNC_PATHS.attachment(sha256), { token, timeoutMs: this.timeouts.transferMs });
    // HQ does not have it (yet): the change that names it is set aside and tried again next time.
    if (r.status === 404) return null;
    if (r.status !== 200) throw new SyncFailure('UNAVAILABLE', '본사에서 첨부 파일을 받지 못했습니다. 자동으로 다시 시도합니다.', r.status, 'hq_error');
    const bytes = r.body;
    if (crypto.createHash('sha256').update(bytes).digest('hex') !== sha256) {
      // Cut short or altered on the way: try again (a whole answer is checked before it is kept).
      throw new SyncFailure('UNAVAILABLE', '받은 첨부 파일이 손상되었습니다. 자동으로 다시 받습니다.', null, 'network');
    }
    return bytes;
  }

  // ─── push ───

  /**
   * Pushes the outbox in order. HQ answers each mutation (applied, duplicate, rejected); when HQ
   * refuses a whole request instead (a body it will not read: too large, malformed), the batch is
   * halved until the one change it refuses is alone, and that change is set aside with HQ's reason
   * — the rest of the queue keeps flowing. A failure that may pass (network, 5xx, timeout) stops
   * the push with every row still waiting, resent later with the same ids.
   */
  private async push(http: HqHttp, token: string, summary: SyncSummary, onProgress: (p: SyncProgress) => void): Promise<void> {
    const total = this.counts().queued + this.counts().sent;
    let limit: number = SYNC_LIMITS.pushMaxMutations;
    for (;;) {
      const rows = this.ctx.store.db.select().from(outbox).where(inArray(outbox.state, ['queued', 'sent'])).orderBy(asc(outbox.seq)).limit(limit).all();
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
      const now = this.ctx.clock.now().toISOString();
      this.ctx.store.write((tx) => {
        tx.update(outbox)
          .set({ state: 'sent', attempts: sql`${outbox.attempts} + 1`, sentAt: now })
          .where(inArray(outbox.seq, batch.map((r) => r.seq)))
          .run();
      });
      let response;
      try {
        response = fromHq(
          pushResponseSchema,
          await http.json('POST', SYNC_PATHS.push, {
            mutations: batch.map((r) => ({
              mutationId: r.mutationId,
              entity: r.entity,
              entityId: r.entityId,
              op: r.op,
              fields: r.fields,
              baseVersion: r.baseVersion,
              clientTime: r.clientTime,
            })),
          }, { token, timeoutMs: this.timeouts.transferMs }),
        );
      } catch (error) {
        if (!(error instanceof SyncFailure) || !error.refused) throw error;
        if (batch.length > 1) {
          limit = Math.max(1, Math.floor(batch.length / 2));
          continue;
        }
        // This one change is what HQ refuses: set it aside with HQ's reason, go on with the rest.
        this.ctx.store
          .cached("UPDATE outbox SET state = 'rejected', error = ?, acked_at = ? WHERE seq = ?")
          .run(error.message, this.ctx.clock.now().toISOString(), batch[0]!.seq);
        summary.rejected += 1;
        continue;
      }
      // One answer per mutation, in order: anything else is not an answer this version understands.
      if (response.results.length !== batch.length || response.results.some((r, i) => r.mutationId !== batch[i]!.mutationId)) throw notHq(200);
      const ack = this.ctx.store.cached('UPDATE outbox SET state = ?, result = ?, error = ?, acked_at = ? WHERE seq = ?');
      this.ctx.store.write((tx) => {
        const acked = this.ctx.clock.now().toISOString();
        response.results.forEach((result, i) => {
          const row = batch[i]!;
          const outcome = result.status === 'duplicate' ? (result.original ?? 'applied') : result.status;
          ack.run(outcome === 'rejected' ? 'rejected' : 'accepted', JSON.stringify({ version: result.version, conflicts: result.conflicts }), result.error?.message ?? null, acked, row.seq);
          if (outcome === 'rejected') summary.rejected += 1;
          else summary.pushed += 1;
          summary.conflicts += this.storeConflicts(tx, row, result);
        });
      });
      // Back to full batches once past the change HQ refused.
      limit = Math.min(SYNC_LIMITS.pushMaxMutations, limit * 2);
    }
  }

  private storeConflicts(tx: Tx, row: typeof outbox.$inferSelect, result: MutationResult): number {
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
          createdAt: this.ctx.clock.now().toISOString(),
          seenAt: null,
        })
        .onConflictDoNothing()
        .run();
    }
    return result.conflicts.length;
  }

  // ─── pull ───

  private async pull(http: HqHttp, token: string, enrollment: Enrollment, summary: SyncSummary, onProgress: (p: SyncProgress) => void): Promise<void> {
    // How many records this pull brings, once HQ says how many wait (`remaining`, issue 12; an
    // older HQ does not say, and the count then grows page by page). Never goes down while pulling.
    let total = 0;
    const label = '본사 자료 받는 중';
    for (let page = 0; ; page++) {
      const cursor = this.get('cursor') ?? 0;
      onProgress({ phase: 'pull', done: summary.pulled, total, label });
      const response = fromHq(pullResponseSchema, await http.json('GET', `${SYNC_PATHS.pull}?cursor=${cursor}&limit=${SYNC_LIMITS.pullMaxLimit}`, undefined, { token, timeoutMs: 120_000 }));
      if (response.serverId !== enrollment.serverId) {
        // HQ's database was replaced: its numbers start again. Keep local data, read everything anew.
        this.ctx.store.write((tx) => {
          this.setIn(tx, 'enrollment', { ...enrollment, serverId: response.serverId });
          this.setIn(tx, 'cursor', 0);
        });
        enrollment = { ...enrollment, serverId: response.serverId };
        if (cursor !== 0) continue;
      }
      // pullResponseSchema has checked every change already (changeSchema): no second pass.
      const changes = response.changes;
      const files = await this.fetchMissingAttachments(http, token, changes);
      this.apply(changes, files, response.cursor);
      summary.pulled += changes.length;
      total = Math.max(total, summary.pulled + (response.hasMore ? (response.remaining ?? 1) : 0));
      if (!response.hasMore || page > 100_000) break;
      onProgress({ phase: 'pull', done: summary.pulled, total, label });
    }
    if (summary.pulled > 0) onProgress({ phase: 'pull', done: summary.pulled, total: summary.pulled, label });
    // A large pull (a first sync) leaves the search indexes in one segment per page: merged, a
    // common-substring search reads one b-tree per term (measured at 100k: p50 4.8 → 2.6 ms).
    if (summary.pulled >= OPTIMIZE_AFTER_PULLED) optimizeSearchIndexes(this.ctx.store);
  }

  private async fetchMissingAttachments(http: HqHttp, token: string, changes: Change[]): Promise<Map<string, Uint8Array>> {
    const wanted = new Set<string>();
    for (const c of changes) {
      for (const key of ['imageSha256', 'signedPdfSha256', 'sha256']) {
        const v = c.fields[key];
        if (typeof v === 'string' && /^[0-9a-f]{64}$/.test(v) && (c.entity === 'signature' || c.entity === 'document' || c.entity === 'application_attachment')) wanted.add(v);
      }
    }
    const files = new Map<string, Uint8Array>();
    for (const sha of wanted) {
      if (this.ctx.attachments.get(sha) && fs.existsSync(this.ctx.attachments.pathOf(sha))) continue;
      const bytes = await this.download(http, token, sha);
      if (bytes) files.set(sha, bytes);
    }
    return files;
  }

  /**
   * One pulled page, the files it needs and the new cursor: all or nothing.
   *
   * The whole page is written in one transaction with no savepoint: a change that cannot be
   * stored is rare, and an open savepoint makes SQLite keep a statement journal for every row
   * (measured: 5× the cost of each insert). If one change fails, that transaction is rolled back
   * and the page is written again change by change, each in its own savepoint, so only that change
   * is set aside.
   */
  private apply(changes: Change[], files: Map<string, Uint8Array>, cursor: number): void {
    try {
      this.applyPage(changes, files, cursor, 'whole');
    } catch (error) {
      if (!(error instanceof ChangeNotStored)) throw error;
      this.applyPage(changes, files, cursor, 'each');
    }
  }

  private applyPage(changes: Change[], files: Map<string, Uint8Array>, cursor: number, mode: 'whole' | 'each'): void {
    const sqlite = this.ctx.store.sqlite;
    this.ctx.store.write((tx) => {
      sqlite.pragma('defer_foreign_keys = ON');
      this.ctx.store.cached('UPDATE sync_control SET applying = 1 WHERE id = 1').run();
      try {
        const now = this.ctx.clock.now().toISOString();
        for (const bytes of files.values()) {
          const row = this.ctx.attachments.put(tx, bytes, now);
          tx.update(attachments).set({ uploadedAt: now }).where(eq(attachments.sha256, row.sha256)).run();
        }
        // Changes set aside earlier are tried again first (their parent may have come since);
        // parents go before children, so a missing parent is known before a row is written.
        const stored = this.get('unapplied') ?? [];
        // A set-aside change is dropped once this page (or an earlier one) brought that record anew.
        const known = (u: Unapplied) =>
          (this.ctx.store.cached('SELECT server_version AS v FROM sync_records WHERE entity = ? AND entity_id = ?').get(u.entity, u.id) as { v: number } | undefined)?.v ?? 0;
        const inPage = new Set(changes.map((c) => `${c.entity}\u0000${c.id}`));
        const retry = stored.filter((u) => u.change && !inPage.has(`${u.entity}\u0000${u.id}`) && u.version > known(u));
        const ordered = [...retry.map((u) => u.change!), ...changes]
          .map((change, i) => ({ change, i }))
          .sort((a, b) => rankOf(a.change.entity) - rankOf(b.change.entity) || a.i - b.i)
          .map((x) => x.change);
        const unapplied: Unapplied[] = [];
        // What the page wrote, indexed for search in one pass at the end (store/search-index.ts).
        const written = new PulledRows();
        if (mode === 'whole') {
          for (const change of ordered) {
            try {
              this.applyChange(tx, change, now, written);
            } catch (error) {
              throw new ChangeNotStored(error);
            }
          }
        } else {
          // Prepared once: exec() would parse them anew for each change.
          const savepoint = this.ctx.store.cached('SAVEPOINT sync_change');
          const release = this.ctx.store.cached('RELEASE sync_change');
          const rollbackTo = this.ctx.store.cached('ROLLBACK TO sync_change');
          for (const change of ordered) {
            // One change that this device cannot store (HQ data from an older server, a clash on a
            // unique key) is set aside with its reason, not allowed to stop every later change.
            savepoint.run();
            try {
              this.applyChange(tx, change, now, written);
              release.run();
            } catch (error) {
              rollbackTo.run();
              release.run();
              unapplied.push({ entity: change.entity, id: change.id, version: change.version, reason: error instanceof Error ? error.message : String(error), at: now, change });
            }
          }
        }
        indexPulledRows(this.ctx.store, written);
        if (unapplied.length > 0 || stored.length > 0) this.setIn(tx, 'unapplied', unapplied.slice(-200));
        this.setIn(tx, 'cursor', cursor);
      } finally {
        this.ctx.store.cached('UPDATE sync_control SET applying = 0 WHERE id = 1').run();
      }
    });
  }

  private applyChange(tx: Tx, change: Change, now: string, written: PulledRows): void {
    if (change.entity === 'catalog' || change.entity === 'contacts' || change.entity === 'supplier' || change.entity === 'commission_plan' || change.entity === 'service_targets' || change.entity === 'consent_texts') {
      tx.insert(hqRecords)
        .values({ entity: change.entity, id: change.id, version: change.version, fields: change.fields, pulledAt: now })
        .onConflictDoUpdate({ target: [hqRecords.entity, hqRecords.id], set: { version: change.version, fields: change.fields, pulledAt: now } })
        .run();
      this.ctx.catalogs.invalidate();
      return;
    }
    if (change.entity === 'conflict') {
      const c = conflictRecordFieldsSchema.safeParse(change.fields);
      if (!c.success) return;
      const device = this.enrollment()?.deviceId;
      // Keep it when this device's value lost, or when it overrode another device's value.
      const mine = c.data.deviceId === device;
      const overrodeOther = c.data.otherDeviceId === device;
      if (!mine && !overrodeOther) return;
      const winner = mine ? c.data.winner : c.data.winner === 'yours' ? 'theirs' : 'yours';
      tx.insert(syncConflicts)
        .values({
          id: `${c.data.mutationId}:${c.data.field}`,
          entity: c.data.entity,
          entityId: c.data.entityId,
          field: c.data.field,
          yours: mine ? c.data.yours : c.data.theirs,
          theirs: mine ? c.data.theirs : c.data.yours,
          winner,
          reason: c.data.reason,
          mutationId: c.data.mutationId,
          createdAt: c.data.createdAt,
          seenAt: null,
        })
        .onConflictDoNothing()
        .run();
      return;
    }
    const table = tableOf(change.entity);
    if (!table) return; // a kind this version does not know: skip, as the protocol asks
    this.ctx.store
      .cached('INSERT INTO sync_records (entity, entity_id, server_version, pulled_at) VALUES (?, ?, ?, ?) ON CONFLICT (entity, entity_id) DO UPDATE SET server_version = excluded.server_version, pulled_at = excluded.pulled_at')
      .run(change.entity, change.id, change.version, now);
    if (change.deleted) return; // the app never deletes; a tombstone leaves the local copy as it was
    this.upsertRow(table, change, now, written);
  }

  private upsertRow(table: SyncedTable, change: Change, now: string, written: PulledRows): void {
    const store = this.ctx.store;
    const existing = store.cached(`SELECT * FROM ${table.table} WHERE id = ?`).get(change.id) as Record<string, unknown> | undefined;
    const values: Record<string, unknown> = {};
    for (const col of table.columns) {
      if (col.field in change.fields) values[col.column] = toColumn(col, change.fields[col.field]);
    }
    // A row never points at a parent this device does not hold (checked now, not at COMMIT, so
    // only this change is set aside and the rest of the page applies).
    for (const ref of REFERENCES[table.entity] ?? []) {
      const parentId = change.fields[ref.field];
      const parent = tableOf(ref.entity)!;
      if (typeof parentId === 'string' && !store.cached(`SELECT 1 FROM ${parent.table} WHERE id = ?`).get(parentId)) {
        throw new Error(`${table.entity} ${change.id}: its ${ref.entity} ${parentId} has not arrived`);
      }
    }
    if (!existing) {
      const local = localDefaults(table.table, values, now);
      // A pulled ticket event (HQ's) comes after those this device holds; the log is read by time.
      if (table.table === 'ticket_events') {
        local.seq = (store.cached('SELECT coalesce(max(seq) + 1, 0) AS n FROM ticket_events WHERE ticket_id = ?').get(values.ticket_id) as { n: number }).n;
      }
      const all: Record<string, unknown> = { id: change.id, ...local, ...values };
      const cols = Object.keys(all);
      store.cached(`INSERT INTO ${table.table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((k) => all[k] as never));
      if (table.table === 'applications') written.applications.add(change.id);
      else if (table.table === 'customers') written.customersNew.add(change.id);
      return;
    }
    const hqChanged = table.columns.filter((c) => c.hq && c.column in values && values[c.column] !== existing[c.column]);
    if (table.immutable) {
      // Content never changes; only HQ's columns (an approval) may.
      if (hqChanged.length > 0) {
        store.cached(`UPDATE ${table.table} SET ${hqChanged.map((c) => `${c.column} = ?`).join(', ')} WHERE id = ?`).run(...hqChanged.map((c) => values[c.column] as never), change.id);
      }
      return;
    }
    // Server values first, then this device's edits HQ has not answered yet, on top.
    const pending = store
      .cached("SELECT fields FROM outbox WHERE entity = ? AND entity_id = ? AND state IN ('queued', 'sent') ORDER BY seq")
      .all(change.entity, change.id) as { fields: string }[];
    for (const m of pending) {
      const fields = JSON.parse(m.fields) as Record<string, unknown>;
      for (const col of table.columns) if (!col.hq && col.field in fields) values[col.column] = toColumn(col, fields[col.field]);
    }
    if (table.table === 'customers' && typeof values.name === 'string') values.name_key = companySearchKey(values.name);
    if (table.table === 'applications' && typeof values.status === 'string' && values.status !== existing.status) {
      values.workflow = JSON.stringify(withHqHistory(existing, values, now));
    }
    const changed = Object.keys(values).filter((k) => values[k] !== existing[k]);
    if (changed.length === 0) return;
    if (table.table === 'applications') written.applications.add(change.id);
    else if (table.table === 'customers') {
      if (changed.some((k) => SEARCHED_CUSTOMER_COLUMNS.has(k))) written.customersChanged.add(change.id);
      // A customer new in this page has no customer-search entry yet: it is indexed once, as new.
      if (changed.includes('name_key') && !written.customersNew.has(change.id)) written.customersRenamed.add(change.id);
    }
    const bump = 'revision' in existing ? ', revision = revision + 1' : '';
    const touch = 'updated_at' in existing ? ', updated_at = ?' : '';
    store
      .cached(`UPDATE ${table.table} SET ${changed.map((k) => `${k} = ?`).join(', ')}${touch}${bump} WHERE id = ?`)
      .run(...changed.map((k) => values[k] as never), ...(touch ? [now] : []), change.id);
  }
}

/** Records pulled in one sync after which the search indexes are merged (a first sync, a long absence). */
const OPTIMIZE_AFTER_PULLED = 10_000;

/** A change of a page that could not be stored: the page is written again change by change. */
class ChangeNotStored extends Error {
  constructor(readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original));
  }
}

/** The customer columns the application search holds a copy of (0009's app_search_rows). */
const SEARCHED_CUSTOMER_COLUMNS = new Set(['name_key', 'representative', 'phone', 'business_number']);

function toColumn(col: SyncedColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (col.kind) {
    case 'json':
      return JSON.stringify(value);
    case 'bool':
      return value === false || value === 0 || value === '' ? 0 : 1;
    case 'int':
      return typeof value === 'number' ? value : Number(value);
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

/** Columns the device keeps for itself (search key, timestamps, revision) on a pulled new record. */
function localDefaults(table: string, values: Record<string, unknown>, now: string): Record<string, unknown> {
  const created = (values.created_at as string | undefined) ?? now;
  switch (table) {
    case 'customers':
      return { name_key: companySearchKey(typeof values.name === 'string' ? values.name : ''), updated_at: now, revision: 1, created_at: created };
    case 'applications':
      return { updated_at: now, revision: 1, created_at: created, status: 'draft', items: '[]', seller: '{}' };
    case 'quotes':
      return { updated_at: now, created_at: created, latest_version: 1 };
    case 'documents':
      return { updated_at: now, created_at: created };
    case 'quote_versions':
      return { approval_status: 'not_required', created_at: created };
    case 'tickets':
      return { updated_at: now, created_at: created };
    default:
      return { created_at: created };
  }
}

/** A status HQ set is recorded in the application's history with HQ's reason. */
function withHqHistory(existing: Record<string, unknown>, values: Record<string, unknown>, now: string) {
  const wf = parseWorkflow(typeof values.workflow === 'string' ? JSON.parse(values.workflow) : typeof existing.workflow === 'string' ? JSON.parse(existing.workflow) : null);
  const from = existing.status as string;
  const to = values.status as string;
  const t = TRANSITIONS.find((x) => x.from.includes(from as never) && x.to === to);
  if (!t) return wf;
  const reason = (values.status_reason ?? existing.status_reason) as string | null;
  return { ...wf, history: [...wf.history, { at: now, event: t.event, from, to, by: t.by, ...(reason && t.by === 'hq' ? { note: reason } : {}) }] };
}

/** An answer from HQ in the shape this version expects; anything else is "not our HQ / update", never a raw zod dump. */
function fromHq<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const r = schema.safeParse(raw);
  if (!r.success) throw notHq(200);
  return r.data;
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

export function normaliseUrl(url: string): string {
  const r = checkHqUrl(url);
  if (!r.ok) throw new AppError('INVALID_INPUT', r.reason, { issues: [{ path: 'serverUrl', message: r.reason }] });
  return r.url;
}

