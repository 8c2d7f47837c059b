/**
 * Which long-running host (the app's core, the web host) has this data folder open, so the CLI
 * never moves a store aside under a running app (whose later writes would go to the moved file).
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeSecretFile } from './files';

const HOST_LOCK_FILE = 'host.lock';

interface LockBody {
  pid: number;
  host: string;
  at: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running host that holds the folder (another process), or null. */
export function runningHost(dataDir: string): LockBody | null {
  try {
    const body = JSON.parse(fs.readFileSync(path.join(dataDir, HOST_LOCK_FILE), 'utf8')) as LockBody;
    if (typeof body.pid !== 'number' || body.pid === process.pid || !alive(body.pid)) return null;
    return body;
  } catch {
    return null;
  }
}

/** Records this process as the folder's host; the returned function releases it (if still ours). */
export function claimHost(dataDir: string, host: string): () => void {
  const file = path.join(dataDir, HOST_LOCK_FILE);
  writeSecretFile(file, JSON.stringify({ pid: process.pid, host, at: new Date().toISOString() } satisfies LockBody));
  return () => {
    try {
      const body = JSON.parse(fs.readFileSync(file, 'utf8')) as LockBody;
      if (body.pid === process.pid) fs.rmSync(file, { force: true });
    } catch {
      // gone already
    }
  };
}
