import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { SYNC_LIMITS, type AttachmentStatus } from '../../shared/sync/protocol';
import type { DeviceAuth } from '../auth';
import { q, type Database, type Executor } from '../db/open';
import { HttpError } from '../http';

/**
 * Attachments (signed PDFs, scans) by SHA-256, per branch, uploaded in chunks that can resume:
 * HQ keeps the bytes it has received contiguously from the start; a chunk may start anywhere
 * up to that point (bytes HQ already holds are skipped, so a resent chunk is harmless); when
 * the last byte arrives HQ checks the SHA-256 of the whole file. A chunk whose request was cut
 * off is never stored (the body is read in full before anything is written).
 */
interface Row {
  size: number;
  received: number;
  complete: boolean;
}

/** `size` and `received` are int8 columns: node-postgres answers them as strings, PGlite as numbers. */
interface RawRow {
  size: string | number;
  received: string | number;
  complete: boolean;
}

async function load(ex: Executor, branchId: number, sha256: string, forUpdate: boolean): Promise<Row | undefined> {
  const rows = await q<RawRow>(
    ex,
    forUpdate
      ? sql`select size, received, complete from attachments where branch_id = ${branchId} and sha256 = ${sha256} for update`
      : sql`select size, received, complete from attachments where branch_id = ${branchId} and sha256 = ${sha256}`,
  );
  const row = rows[0];
  return row && { size: Number(row.size), received: Number(row.received), complete: row.complete };
}

const statusOf = (sha256: string, row: Row | undefined): AttachmentStatus =>
  row ? { sha256, size: row.size, received: row.received, complete: row.complete } : { sha256, size: 0, received: 0, complete: false };

export async function attachmentStatus(database: Database, device: DeviceAuth, sha256: string): Promise<AttachmentStatus> {
  return statusOf(sha256, await load(database.db, device.branchId, sha256, false));
}

export async function putChunk(database: Database, device: DeviceAuth, sha256: string, offset: number, size: number, chunk: Uint8Array): Promise<AttachmentStatus> {
  if (size < 1 || size > SYNC_LIMITS.attachmentMaxBytes) {
    throw new HttpError('TOO_LARGE', `첨부파일은 1바이트 이상 ${SYNC_LIMITS.attachmentMaxBytes / 1024 / 1024}MB 이하만 올릴 수 있습니다. 파일을 줄이거나 나누어 주세요.`);
  }
  const status = await database.db.transaction(async (tx) => {
    await tx.execute(
      sql`insert into attachments (branch_id, sha256, size, device_id) values (${device.branchId}, ${sha256}, ${size}, ${device.deviceId})
          on conflict do nothing`,
    );
    const row = (await load(tx, device.branchId, sha256, true))!;
    if (row.size !== size) {
      throw new HttpError('CONFLICT', `HQ에는 같은 SHA-256의 파일이 ${row.size}바이트로 등록되어 있습니다. 파일 크기(${size})를 확인하고 올바른 파일을 올리세요.`, {
        size: row.size,
        received: row.received,
      });
    }
    if (row.complete) return statusOf(sha256, row);
    if (offset > row.received) {
      throw new HttpError('CONFLICT', `HQ는 이 파일을 ${row.received}바이트까지 받았습니다. ${row.received}바이트 위치부터 이어서 올리세요.`, {
        received: row.received,
      });
    }
    const skip = row.received - offset;
    if (skip >= chunk.length) return statusOf(sha256, row);
    const fresh = chunk.subarray(skip);
    if (row.received + fresh.length > size) {
      throw new HttpError('INVALID_INPUT', `파일 크기(${size}바이트)보다 많은 데이터를 보냈습니다. 올바른 위치와 크기로 다시 올리세요.`, {
        received: row.received,
      });
    }
    await tx.execute(sql`insert into attachment_chunks (branch_id, sha256, "offset", data) values (${device.branchId}, ${sha256}, ${row.received}, ${Buffer.from(fresh)})`);
    const received = row.received + fresh.length;
    if (received < size) {
      await tx.execute(sql`update attachments set received = ${received} where branch_id = ${device.branchId} and sha256 = ${sha256}`);
      return statusOf(sha256, { size, received, complete: false });
    }
    // Last byte: check the whole file against its name.
    const hash = createHash('sha256');
    for (const part of await q<{ data: Uint8Array }>(tx, sql`select data from attachment_chunks where branch_id = ${device.branchId} and sha256 = ${sha256} order by "offset"`)) {
      hash.update(part.data);
    }
    if (hash.digest('hex') !== sha256) {
      // Which chunk was wrong cannot be told: the bytes go, and so does the upload itself (its
      // declared size may be what was wrong), so the next try starts clean from byte 0.
      await tx.execute(sql`delete from attachment_chunks where branch_id = ${device.branchId} and sha256 = ${sha256}`);
      await tx.execute(sql`delete from attachments where branch_id = ${device.branchId} and sha256 = ${sha256}`);
      return 'hash-mismatch' as const;
    }
    await tx.execute(sql`update attachments set received = ${received}, complete = true, completed_at = now() where branch_id = ${device.branchId} and sha256 = ${sha256}`);
    return statusOf(sha256, { size, received, complete: true });
  });
  if (status === 'hash-mismatch') {
    throw new HttpError('INVALID_INPUT', '받은 파일의 SHA-256이 파일 이름(해시)과 맞지 않아 버렸습니다. 파일이 바뀌지 않았는지 확인하고 처음(0바이트)부터 다시 올리세요.', {
      received: 0,
    });
  }
  return status;
}

/** The whole file, once complete; undefined otherwise. */
export async function readAttachment(database: Database, device: DeviceAuth, sha256: string): Promise<Buffer | undefined> {
  const row = await load(database.db, device.branchId, sha256, false);
  if (!row?.complete) return undefined;
  const parts = await q<{ data: Uint8Array }>(database.db, sql`select data from attachment_chunks where branch_id = ${device.branchId} and sha256 = ${sha256} order by "offset"`);
  return Buffer.concat(parts.map((p) => Buffer.from(p.data)));
}
