/**
 * Which processes have this data folder open, so no one moves a store aside under another process
 * (whose later writes would go to the moved file): the long-running host (the app's core, the web
 * host) in host.lock, which the CLI's restore checks; each running CLI command in cli-<pid>.lock,
 * which the app's and the web host's restore check.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeSecretFile } from './files';

const HOST_LOCK_FILE = 'host.lock';

interface LockBody {
  pid: number;
  host: string;
  at: string;
}

/** Whether a process with this pid runs (one of another user's counts: EPERM). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Clock and uptime are read a moment apart, and an NTP step may have moved the clock since. */
const BOOT_SLACK_MS = 5 * 60_000;

/**
 * A claim written before the machine last started is no one's: its process died with the power
 * cut or the restart, and the pid it names has since been handed to some unrelated process (at
 * start-up pids are small and reused at once), which must not hold the folder forever.
 */
function fromEarlierBoot(at: unknown): boolean {
  const t = typeof at === 'string' ? Date.parse(at) : Number.NaN;
  return Number.isFinite(t) && t < Date.now() - os.uptime() * 1000 - BOOT_SLACK_MS;
}

/** The running host that holds the folder (another process), or null. */
export function runningHost(dataDir: string): LockBody | null {
  try {
    const body = JSON.parse(fs.readFileSync(path.join(dataDir, HOST_LOCK_FILE), 'utf8')) as LockBody;
    if (typeof body.pid !== 'number' || body.pid === process.pid || !processAlive(body.pid) || fromEarlierBoot(body.at)) return null;
    return body;
  } catch {
    return null;
  }
}

/**
 * Records this process as the folder's host; the returned function releases it (if still ours),
 * handing the folder back to a host that had it before and still runs (this one may have failed to
 * open, or run alongside it), never taking its claim away.
 */
export function claimHost(dataDir: string, host: string): () => void {
  const file = path.join(dataDir, HOST_LOCK_FILE);
  const before = runningHost(dataDir);
  writeSecretFile(file, JSON.stringify({ pid: process.pid, host, at: new Date().toISOString() } satisfies LockBody));
  return () => {
    try {
      const body = JSON.parse(fs.readFileSync(file, 'utf8')) as LockBody;
      if (body.pid !== process.pid) return;
      if (before && processAlive(before.pid)) writeSecretFile(file, JSON.stringify(before));
      else fs.rmSync(file, { force: true });
    } catch {
      // gone already
    }
  };
}

const CLI_LOCK = /^cli-(\d+)\.lock$/;

/** Records this process as a CLI command on the folder; the returned function releases it. */
export function claimCli(dataDir: string): () => void {
  const file = path.join(dataDir, `cli-${String(process.pid)}.lock`);
  writeSecretFile(file, JSON.stringify({ pid: process.pid, host: 'cli', at: new Date().toISOString() } satisfies LockBody));
  // Also when the command is ended early (the CLI turns Ctrl+C and SIGTERM into an exit): a claim
  // left behind would hold the folder for as long as another process got its pid.
  const release = () => {
    fs.rmSync(file, { force: true });
  };
  process.on('exit', release);
  return () => {
    process.off('exit', release);
    release();
  };
}

/** The CLI commands (other processes, alive) that have the folder open; a dead one's file is removed. */
export function runningClis(dataDir: string): LockBody[] {
  let names: string[];
  try {
    names = fs.readdirSync(dataDir);
  } catch {
    return [];
  }
  const running: LockBody[] = [];
  for (const name of names) {
    const pid = Number(CLI_LOCK.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    const file = path.join(dataDir, name);
    if (processAlive(pid) && !fromEarlierBoot(claimedAt(file))) running.push({ pid, host: 'cli', at: '' });
    else removeQuietly(file);
  }
  return running;
}

/** When a CLI lock says it was claimed (undefined when it cannot be read: then its pid alone decides). */
function claimedAt(file: string): unknown {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockBody>).at;
  } catch {
    return undefined;
  }
}

/** A dead command's leftover goes if it can (one that cannot, a folder of that name, holds nothing). */
function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // not a file: left as it is
  }
}
