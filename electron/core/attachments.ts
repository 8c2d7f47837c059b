import crypto from 'node:crypto';
import { errorMsg } from '../../shared/i18n/error-messages';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { AppError } from '../../shared/contract/errors';
import type { Store, Tx } from './store/db';
import { attachments, type AttachmentRow } from './store/schema';
import { deriveKey, type StoreKey } from './store/keys';
import { seal, unseal } from './store/sealed';
import { chmodQuiet, FILE_MODE, secureDir } from './store/files';

/** First bytes of an encrypted attachment file (a plain PNG, JPEG or PDF never starts so). */
const SEALED_MAGIC = Buffer.from('SDA1', 'latin1');
/** Written once every file in the folder is encrypted (files from before encryption are sealed at open). */
const SEALED_MARKER = '.sealed-v1';

const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

const ALLOWED_MIME = ['image/png', 'image/jpeg', 'application/pdf'] as const;
export type AttachmentMime = (typeof ALLOWED_MIME)[number];

/** Recognises the file by its first bytes, not by what the caller says it is. */
function sniffMime(bytes: Uint8Array): AttachmentMime | null {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 5 && Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}

/**
 * Content-addressed files under <data dir>/attachments/<sha256>. The file is written (atomically)
 * before its row; a row never points at a missing or partial file.
 *
 * With a store key, each file is AES-256-GCM encrypted (key derived from the store key, the
 * SHA-256 name as associated data): the name stays the SHA-256 of the plaintext, as HQ and the
 * records expect, and a stolen folder shows no signature or document. Reads check both the
 * tag and that the plaintext still hashes to its name.
 */
export class AttachmentStore {
  readonly dir: string;
  private readonly key: Buffer | null;
  constructor(
    private readonly store: Store,
    dataDir: string,
    storeKey?: StoreKey,
  ) {
    this.dir = path.join(dataDir, 'attachments');
    this.key = storeKey ? deriveKey(storeKey, 'attachments v1') : null;
  }

  private encode(sha256: string, bytes: Uint8Array): Uint8Array {
    return this.key ? Buffer.concat([SEALED_MAGIC, seal(this.key, bytes, Buffer.from(sha256))]) : bytes;
  }

  private decode(sha256: string, raw: Buffer): Buffer {
    if (raw.subarray(0, SEALED_MAGIC.length).equals(SEALED_MAGIC)) {
      if (!this.key) throw new Error('encrypted attachment without a store key');
      return unseal(this.key, raw.subarray(SEALED_MAGIC.length), Buffer.from(sha256));
    }
    return raw;
  }

  private writeFile(file: string, data: Uint8Array): void {
    secureDir(this.dir);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, data, { mode: FILE_MODE });
    chmodQuiet(tmp, FILE_MODE);
    fs.renameSync(tmp, file);
  }

  /** Encrypts files stored before encryption (once; a marker file records that it is done). */
  sealLegacyFiles(): number {
    if (!this.key || !fs.existsSync(this.dir) || fs.existsSync(path.join(this.dir, SEALED_MARKER))) return 0;
    let sealed = 0;
    for (const name of fs.readdirSync(this.dir)) {
      if (!/^[0-9a-f]{64}$/.test(name)) continue;
      const file = path.join(this.dir, name);
      const raw = fs.readFileSync(file);
      if (raw.subarray(0, SEALED_MAGIC.length).equals(SEALED_MAGIC)) continue;
      this.writeFile(file, this.encode(name, raw));
      sealed += 1;
    }
    fs.writeFileSync(path.join(this.dir, SEALED_MARKER), '', { mode: FILE_MODE });
    return sealed;
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AppError('INVALID_INPUT', '첨부 파일 식별자가 올바르지 않습니다.');
    return path.join(this.dir, sha256);
  }

  /** Stores the bytes (if new) and returns the row; call inside the write that refers to it. */
  put(tx: Tx, bytes: Uint8Array, now: string, expect?: readonly AttachmentMime[]): AttachmentRow {
    if (bytes.length === 0) throw new AppError('INVALID_INPUT', errorMsg('core.fileEmpty'));
    if (bytes.length > ATTACHMENT_MAX_BYTES) {
      throw new AppError('INVALID_INPUT', errorMsg('core.fileTooBig', { mb: Math.round(bytes.length / 1024 / 1024) }));
    }
    const mime = sniffMime(bytes);
    if (!mime || (expect && !expect.includes(mime))) {
      throw new AppError('INVALID_INPUT', errorMsg('core.fileType', { types: (expect ?? ALLOWED_MIME).map((m) => m.split('/')[1]!.toUpperCase()).join(', ') }));
    }
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    const existing = tx.select().from(attachments).where(eq(attachments.sha256, sha256)).get();
    const file = this.pathOf(sha256);
    if (!fs.existsSync(file)) this.writeFile(file, this.encode(sha256, bytes));
    if (existing) return existing;
    const row: AttachmentRow = { sha256, mime, bytes: bytes.length, createdAt: now, uploadedAt: null };
    tx.insert(attachments).values(row).run();
    return row;
  }

  read(sha256: string): Uint8Array {
    let raw: Buffer;
    try {
      raw = fs.readFileSync(this.pathOf(sha256));
    } catch {
      throw new AppError('NOT_FOUND', errorMsg('core.fileMissing'), { sha256 });
    }
    let bytes: Buffer;
    try {
      bytes = this.decode(sha256, raw);
    } catch {
      bytes = Buffer.alloc(0);
    }
    if (bytes.length === 0 || crypto.createHash('sha256').update(bytes).digest('hex') !== sha256) {
      throw new AppError('UNAVAILABLE', errorMsg('core.fileDamaged'), { sha256, damaged: true });
    }
    return bytes;
  }

  get(sha256: string): AttachmentRow | undefined {
    return this.store.db.select().from(attachments).where(eq(attachments.sha256, sha256)).get();
  }
}
