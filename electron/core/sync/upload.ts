/**
 * Upload: attachments go to HQ by SHA-256 before the records that name them (resumable, chunk by
 * chunk). A file HQ refuses, or one this device cannot read, is set aside with the reason; the
 * rest go on.
 */
import { asc, eq, isNull } from 'drizzle-orm';
import { attachmentStatusSchema, SYNC_LIMITS, SYNC_PATHS, UPLOAD_COMPLETE_HEADER, UPLOAD_LENGTH_HEADER, UPLOAD_OFFSET_HEADER } from '../../../shared/sync/protocol';
import { attachments } from '../store/schema';
import { notHq, SyncFailure, type HqHttp } from './http';
import type { OnProgress, SyncDeps, SyncSummary } from './state';

const CHUNK = SYNC_LIMITS.attachmentChunkMaxBytes;

/** Uploads every attachment HQ does not have yet; answers how many went. */
export async function uploadAttachments(deps: SyncDeps, http: HqHttp, token: string, summary: SyncSummary, onProgress: OnProgress): Promise<number> {
  const { ctx, state } = deps;
  const setAside = new Set((state.get('refusedFiles') ?? []).map((f) => f.sha256));
  const pending = ctx.store.db
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
      bytes = ctx.attachments.read(file.sha256);
    } catch (error) {
      // Missing or damaged on this device: it cannot go as it is. Set aside with the reason; the rest go on.
      setAsideFile(deps, file.sha256, error instanceof Error ? error.message : String(error));
      summary.rejected += 1;
      continue;
    }
    try {
      await uploadOne(deps, http, token, file.sha256, bytes);
    } catch (error) {
      // HQ refused this file (its own check, its size): set it aside with HQ's reason; the rest go on.
      if (!(error instanceof SyncFailure) || !error.refused) throw error;
      setAsideFile(deps, file.sha256, error.message);
      summary.rejected += 1;
      continue;
    }
    ctx.store.write((tx) => tx.update(attachments).set({ uploadedAt: ctx.clock.now().toISOString() }).where(eq(attachments.sha256, file.sha256)).run());
    done += 1;
  }
  return done;
}

async function uploadOne({ timeouts }: SyncDeps, http: HqHttp, token: string, sha256: string, bytes: Uint8Array): Promise<void> {
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
      timeoutMs: timeouts.transferMs,
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

function setAsideFile({ ctx, state }: SyncDeps, sha256: string, reason: string): void {
  const now = ctx.clock.now().toISOString();
  const files = (state.get('refusedFiles') ?? []).filter((f) => f.sha256 !== sha256);
  state.set('refusedFiles', [...files, { sha256, reason, at: now }].slice(-500));
}
