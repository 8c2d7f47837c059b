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
import { openSqlite } from './db';

export const BACKUP_DIR = 'backups';
/** The newest backups kept whatever their age … */
export const KEEP_RECENT = 5;
/** … and the newest of each of the last days (KST), so a fault noticed late still has a good copy. */
export const KEEP_DAYS = 7;

const NAME = /^salesdesk-(\d{8}T\d{9}Z)-(start|sync|manual|before-restore)(?:-\d+)?\.sqlite$/;

function stampToIso(stamp: string): string {
  // 20261122T050301123Z → 2026-11-22T05:03:01.123Z
  return `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}.${stamp.slice(15, 18)}Z`;
}

/** KST calendar day of an instant (backups a rep made "yesterday" are yesterday in Korea). */
function kstDay(iso: string): string {
  return new Date(Date.parse(iso) + 9 * 3_600_000).toISOString().slice(0, 10);
}

/** Which backups to keep: the newest KEEP_RECENT, plus the newest of each of the last KEEP_DAYS KST days. */
export function backupsToKeep(list: readonly Pick<BackupInfo, 'id' | 'createdAt'>[], now: Date): Set<string> {
  const newestFirst = [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
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

export interface BackupCounts {
  customers: number;
  applications: number;
  quotes: number;
  unsent: number;
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

  /** A consistent, encrypted snapshot of the open store; then older backups are pruned. */
  create(sqlite: Database.Database, reason: BackupReason, now: Date, { protect = [] as readonly string[] } = {}): BackupInfo {
    if (!BACKUP_REASONS.includes(reason)) throw new Error(`unknown backup reason ${reason}`);
    secureDir(this.dir);
    let id = `salesdesk-${fileStamp(now)}-${reason}.sqlite`;
    for (let i = 1; fs.existsSync(path.join(this.dir, id)); i++) id = `salesdesk-${fileStamp(now)}-${reason}-${i}.sqlite`;
    const file = path.join(this.dir, id);
    const tmp = `${file}.tmp`;
    fs.rmSync(tmp, { force: true });
    try {
      sqlite.prepare('VACUUM INTO ?').run(tmp);
      chmodQuiet(tmp, FILE_MODE);
      const fd = fs.openSync(tmp, 'r+');
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, file);
    } catch (error) {
      fs.rmSync(tmp, { force: true });
      throw error;
    }
    const counts = countsOf(sqlite);
    if (counts) writeSecretFile(`${file}.json`, JSON.stringify(counts));
    this.prune(now, [id, ...protect]);
    return { id, createdAt: now.toISOString(), reason, bytes: fs.statSync(file).size, counts };
  }

  /** Removes backups outside the keep policy; `protect` names ones kept regardless (the one being restored). */
  prune(now: Date, protect: readonly string[] = []): void {
    const list = this.list();
    const keep = backupsToKeep(list, now);
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
