/**
 * Rolling backups of the store under <data dir>/backups, encrypted with the store key.
 *
 * Why `VACUUM INTO` and not better-sqlite3's `db.backup()` (SQLite's online backup API): that
 * call opens the destination file itself, without a key, and SQLite3 Multiple Ciphers refuses
 * ("backup is not supported with incompatible source and target databases") rather than write
 * an encrypted store into a plain file. `VACUUM INTO` is SQLite's other online snapshot: one
 * read transaction (writers in other connections go on under WAL), a consistent, compact copy,
 * and SQLite3 Multiple Ciphers writes it encrypted with the source's cipher and key.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { BACKUP_REASONS, backupIdSchema, backupInfoSchema, type BackupInfo, type BackupReason } from '../../../shared/store/recovery';
import { chmodQuiet, FILE_MODE, fileStamp, secureDir, writeSecretFile } from './files';
import { Worker } from 'node:worker_threads';
import { driverPath, waitForWorkerClose } from './checkpoint';
import { openSqlite, storeKeyPragmas } from './db';
import { BACKUP_MAX_AGE_DAYS } from '../../../shared/privacy/retention';
import { AppError } from '../../../shared/contract/errors';
import { processAlive } from './host-lock';

export const BACKUP_DIR = 'backups';
/** The newest backups kept whatever their age … */
export const KEEP_RECENT = 5;
/** … and the newest of each of the last days (KST), so a fault noticed late still has a good copy. */
export const KEEP_DAYS = 7;

/** A snapshot being written: `<id>.<writer's pid>.tmp` (`<id>.tmp` from before the pid was named). */
const LEFTOVER = /^salesdesk-.*\.sqlite(?:\.(\d+))?\.tmp$/;
const LEFTOVER_IDLE_MS = 24 * 3_600_000;

function untouchedFor(file: string, ms: number): boolean {
  try {
    return fs.statSync(file).mtimeMs < Date.now() - ms;
  } catch {
    return false;
  }
}

const NAME = /^salesdesk-(\d{8}T\d{9}Z)-(start|sync|manual|before-restore)(?:-\d+)?\.sqlite$/;

function stampToIso(stamp: string): string {
  // 20261122T050301123Z → 2026-11-22T05:03:01.123Z
  return `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}.${stamp.slice(15, 18)}Z`;
}

/** KST calendar day of an instant (backups a rep made "yesterday" are yesterday in Korea). */
function kstDay(iso: string): string {
  return new Date(Date.parse(iso) + 9 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Which backups to keep: the newest KEEP_RECENT, plus the newest of each of the last KEEP_DAYS KST
 * days. `destroyedAt` (issue 17 item 3: the last destruction of personal data) bounds that: a
 * backup taken before it and older than BACKUP_MAX_AGE_DAYS still holds destroyed data and goes,
 * however few are left, so no destroyed record outlives `backupsGoneBy` in the rotation.
 */
export function backupsToKeep(list: readonly Pick<BackupInfo, 'id' | 'createdAt'>[], now: Date, destroyedAt?: string): Set<string> {
  const expired = (b: Pick<BackupInfo, 'createdAt'>) => destroyedAt !== undefined && b.createdAt < destroyedAt && Date.parse(b.createdAt) < now.getTime() - BACKUP_MAX_AGE_DAYS * 86_400_000;
  const newestFirst = [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).filter((b) => !expired(b));
  const keep = new Set(newestFirst.slice(0, KEEP_RECENT).map((b) => b.id));
  const oldestDay = kstDay(new Date(now.getTime() - (KEEP_DAYS - 1) * 86_400_000).toISOString());
  const days = new Set<string>();
  for (const b of newestFirst) {
    const day = kstDay(b.createdAt);
    if (day < oldestDay || days.has(day)) continue;
    days.add(day);
    keep.add(b.id);
  }
  return keep;
}

interface BackupCounts {
  customers: number;
  applications: number;
  quotes: number;
  unsent: number;
}

/**
 * The worker's code: plain CommonJS, so it runs the same under tsx, in tests and in the bundled app.
 * It answers only after its connection is closed: a caller that goes on to close the store, move
 * or truncate the file must find no other connection on it (one still open would checkpoint the
 * WAL into whatever is then at that path).
 */
const VACUUM_WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const signal = new Int32Array(workerData.signal);
let answer = { ok: false, message: 'not run' };
try {
  const Database = require(workerData.driver);
  const db = new Database(workerData.file, { fileMustExist: true });
  try {
    for (const pragma of workerData.pragmas) db.pragma(pragma);
    db.prepare('VACUUM INTO ?').run(workerData.tmp);
    answer = { ok: true };
  } finally {
    db.close();
  }
} catch (error) {
  answer = { ok: false, message: String(error && error.message || error), code: error && error.code };
} finally {
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
  parentPort.postMessage(answer);
}`;

/** Runs VACUUM INTO in a worker; `signal` turns 1 once the worker's connection is closed. */
function vacuumInWorker(driver: string, file: string, tmp: string, key: Buffer | undefined, signal: SharedArrayBuffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(VACUUM_WORKER, { eval: true, workerData: { driver, file, tmp, pragmas: key ? storeKeyPragmas(key) : [], signal } });
    let answered = false;
    worker.once('message', (m: { ok: boolean; message?: string; code?: string }) => {
      answered = true;
      if (m.ok) resolve();
      else reject(Object.assign(new Error(m.message ?? 'backup failed'), { code: m.code }));
    });
    worker.once('error', (error) => {
      answered = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`backup worker exited with ${code}`));
    });
  });
}

function countsOf(sqlite: Database.Database, schema = 'main'): BackupCounts | null {
  try {
    const one = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;
    return {
      customers: one(`SELECT count(*) AS n FROM ${schema}.customers`),
      applications: one(`SELECT count(*) AS n FROM ${schema}.applications`),
      quotes: one(`SELECT count(*) AS n FROM ${schema}.quotes`),
      unsent: one(`SELECT count(*) AS n FROM ${schema}.outbox WHERE state IN ('queued', 'sent')`),
    };
  } catch {
    return null;
  }
}

export class Backups {
  readonly dir: string;
  constructor(
    dataDir: string,
    private readonly key: Buffer | undefined,
    /** The store driver the copying worker loads (tests give one whose close is slow). */
    private readonly driver: string = driverPath(),
  ) {
    this.dir = path.join(dataDir, BACKUP_DIR);
  }

  pathOf(id: string): string {
    return path.join(this.dir, backupIdSchema.parse(id));
  }

  /** Newest first. Each backup's counts come from its sidecar (<id>.json), written when it was made. */
  list(): BackupInfo[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return [];
    }
    const out: BackupInfo[] = [];
    for (const name of names) {
      const m = NAME.exec(name);
      if (!m) continue;
      let bytes = 0;
      try {
        bytes = fs.statSync(path.join(this.dir, name)).size;
      } catch {
        continue;
      }
      let counts: BackupCounts | null = null;
      try {
        const parsed = backupInfoSchema.shape.counts.safeParse(JSON.parse(fs.readFileSync(path.join(this.dir, `${name}.json`), 'utf8')));
        counts = parsed.success ? parsed.data : null;
      } catch {
        counts = null;
      }
      out.push({ id: name, createdAt: stampToIso(m[1]!), reason: m[2] as BackupReason, bytes, counts });
    }
    return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  }

  private allocate(reason: BackupReason, now: Date): { id: string; file: string; tmp: string } {
    if (!BACKUP_REASONS.includes(reason)) throw new Error(`unknown backup reason ${reason}`);
    secureDir(this.dir);
    let id = `salesdesk-${fileStamp(now)}-${reason}.sqlite`;
    for (let i = 1; fs.existsSync(path.join(this.dir, id)) || this.reserved.has(id); i++) id = `salesdesk-${fileStamp(now)}-${reason}-${i}.sqlite`;
    const file = path.join(this.dir, id);
    // The writer's pid in the name: another process starting on the folder (a CLI command) removes
    // only the leftovers of processes that are gone, never a copy still being written.
    const tmp = `${file}.${String(process.pid)}.tmp`;
    fs.rmSync(tmp, { force: true });
    return { id, file, tmp };
  }

  /** The snapshot is in `tmp`: make it owner-only and durable, name it, note its contents, prune. */
  private finish(b: { id: string; file: string; tmp: string }, reason: BackupReason, now: Date, protect: readonly string[] | null): BackupInfo {
    try {
      chmodQuiet(b.tmp, FILE_MODE);
      const fd = fs.openSync(b.tmp, 'r+');
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(b.tmp, b.file);
    } catch (error) {
      fs.rmSync(b.tmp, { force: true });
      throw error;
    }
    let counts: BackupCounts | null = null;
    let sqlite: Database.Database | undefined;
    try {
      sqlite = openSqlite(b.file, this.key, { readonly: true });
      counts = countsOf(sqlite);
    } catch {
      counts = null;
    } finally {
      sqlite?.close();
    }
    if (counts) writeSecretFile(`${b.file}.json`, JSON.stringify(counts));
    if (protect) this.prune(now, [b.id, ...protect]);
    return { id: b.id, createdAt: now.toISOString(), reason, bytes: fs.statSync(b.file).size, counts };
  }

  /**
   * A consistent, encrypted snapshot of the open store, taken on this thread (blocks it for the
   * copy: used at start, before anything is served, and just before a restore).
   */
  create(sqlite: Database.Database, reason: BackupReason, now: Date, { protect = [] as readonly string[], prune = true } = {}): BackupInfo {
    const b = this.allocate(reason, now);
    try {
      sqlite.prepare('VACUUM INTO ?').run(b.tmp);
    } catch (error) {
      fs.rmSync(b.tmp, { force: true });
      throw error;
    }
    return this.finish(b, reason, now, prune ? protect : null);
  }

  private readonly reserved = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  /** The running copy's signal: 1 once its worker has closed its connection. */
  private copying: Int32Array | null = null;
  private closed = false;
  /** Background backups asked for and not yet settled (running or queued). */
  private pending = 0;

  /**
   * The same snapshot taken by a worker thread on its own connection (WAL lets the app keep
   * reading and writing meanwhile): after a sync and on "지금 백업", the app never freezes for
   * the copy. Backups run one at a time.
   */
  createInBackground(storeFile: string, reason: BackupReason, now: Date): Promise<BackupInfo> {
    const run = async (): Promise<BackupInfo> => {
      if (this.closed) throw new AppError('UNAVAILABLE', '저장소가 닫혀 백업하지 않았습니다. 앱을 다시 연 뒤 백업하세요.');
      const b = this.allocate(reason, now);
      this.reserved.add(b.id);
      const signal = new SharedArrayBuffer(4);
      this.copying = new Int32Array(signal);
      try {
        await vacuumInWorker(this.driver, storeFile, b.tmp, this.key, signal);
        return this.finish(b, reason, now, []);
      } catch (error) {
        fs.rmSync(b.tmp, { force: true });
        throw error;
      } finally {
        this.copying = null;
        this.reserved.delete(b.id);
      }
    };
    this.pending += 1;
    const next = this.queue.then(run, run).finally(() => {
      this.pending -= 1;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Removes half-written snapshots a killed process left (never a finished backup, nor one another
   * running process — the app while a CLI command starts — is still writing).
   */
  removeLeftovers(): void {
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      const m = LEFTOVER.exec(name);
      if (!m) continue;
      const file = path.join(this.dir, name);
      const pid = m[1] === undefined ? undefined : Number(m[1]);
      // A copy being written is written to all along: one untouched for a day is a leftover whose pid was reused.
      if (pid !== undefined && (pid === process.pid || processAlive(pid)) && !untouchedFor(file, LEFTOVER_IDLE_MS)) continue;
      fs.rmSync(file, { force: true });
    }
  }

  /**
   * For the core's close: blocks until a backup being copied has closed its connection to the
   * store (bounded, as for the checkpoint worker), and no queued backup starts afterwards. The copy itself is
   * finished and kept as usual.
   */
  close(): void {
    this.closed = true;
    if (this.copying) waitForWorkerClose(this.copying);
  }

  /**
   * Resolves once no background backup is running or queued (a restore waits: Windows cannot move
   * an open file). One asked for while waiting is waited for too: it would otherwise start in the
   * same turn as the caller goes on, its worker opening the file the caller is about to move.
   */
  async idle(): Promise<void> {
    while (this.pending > 0) await this.queue;
  }

  /** Removes one backup (and its sidecar). */
  remove(id: string): void {
    const file = this.pathOf(id);
    fs.rmSync(file, { force: true });
    fs.rmSync(`${file}.json`, { force: true });
  }

  /** Removes backups outside the keep policy; `protect` names ones kept regardless (the one being restored). */
  prune(now: Date, protect: readonly string[] = [], destroyedAt?: string): void {
    const list = this.list();
    const keep = backupsToKeep(list, now, destroyedAt);
    for (const id of protect) keep.add(id);
    for (const b of list) {
      if (keep.has(b.id)) continue;
      fs.rmSync(path.join(this.dir, b.id), { force: true });
      fs.rmSync(path.join(this.dir, `${b.id}.json`), { force: true });
    }
  }

  /** Opens the backup read-only with the key and runs quick_check: null when sound, else why not. */
  check(id: string): string | null {
    let sqlite: Database.Database | undefined;
    try {
      sqlite = openSqlite(this.pathOf(id), this.key, { readonly: true });
      const rows = sqlite.pragma('quick_check') as { quick_check: string }[];
      const verdict = rows.map((r) => r.quick_check).join('; ');
      return verdict === 'ok' ? null : verdict;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    } finally {
      sqlite?.close();
    }
  }
}
