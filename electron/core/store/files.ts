/**
 * File-system habits for everything the device keeps: folders 0700, files 0600 (only this OS
 * user), written whole (temporary file, fsync, rename) and never overwritten by accident.
 * On Windows the modes are ignored by the OS; the user's profile folder already has owner-only ACLs.
 */
import fs from 'node:fs';
import path from 'node:path';

const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/** Creates the folder (and parents) owner-only; tightens an existing one. */
export function secureDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  chmodQuiet(dir, DIR_MODE);
}

/** chmod that tolerates a file we do not own (a shared folder): the data is encrypted anyway. */
export function chmodQuiet(file: string, mode: number): void {
  try {
    if ((fs.statSync(file).mode & 0o777) !== mode) fs.chmodSync(file, mode);
  } catch {
    // not ours to change, or gone: nothing to tighten
  }
}

/** Writes a small file owner-only, atomically; with `exclusive`, refuses to replace an existing one. */
export function writeSecretFile(file: string, data: string | Uint8Array, { exclusive = false } = {}): void {
  const tmp = `${file}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'wx', FILE_MODE);
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (exclusive) {
      // link() fails if the name exists: never replace a key or a record silently.
      fs.linkSync(tmp, file);
      fs.rmSync(tmp, { force: true });
    } else {
      fs.renameSync(tmp, file);
    }
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

/** Overwrites a file's bytes with zeros, then removes it ("securely-ish": SSDs and snapshots may keep copies). */
export function shred(file: string): void {
  try {
    const size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r+');
    try {
      const zeros = Buffer.alloc(Math.min(size, 1 << 20));
      for (let at = 0; at < size; at += zeros.length) fs.writeSync(fd, zeros, 0, Math.min(zeros.length, size - at), at);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // already gone or unreadable: removal below is what matters
  }
  fs.rmSync(file, { force: true });
}

/** A new, unique folder name under `parent` (never reuses one that exists). */
export function uniqueDir(parent: string, stem: string): string {
  secureDir(parent);
  for (let i = 0; ; i++) {
    const dir = path.join(parent, i === 0 ? stem : `${stem}-${i}`);
    try {
      fs.mkdirSync(dir, { mode: DIR_MODE });
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** A timestamp safe in file names on every OS: 20261122T050301123Z. */
export function fileStamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('.', '');
}
