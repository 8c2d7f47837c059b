import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll } from 'vitest';
import type { Core } from '../../../electron/core/core';
import { entryCommand } from '../../support/processes';
import { hqDataDir } from '../../support/hq-data';
import { Admin } from './client';

/**
 * Starts the real HQ server as a child process (`node --import tsx server/main.ts`, one process,
 * so a SIGKILL reaches the server itself) and a throw-away Debian PostgreSQL cluster.
 */
const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface HqProcess {
  url: string;
  adminToken: string;
  pid: number;
  /** JSON log lines from stderr, parsed, in order. */
  logs: Record<string, unknown>[];
  /** Resolves with the first log line (already seen or future) matching. */
  waitForLog(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

export interface StartOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  env?: Record<string, string>;
  /** More command-line options (e.g. --tls-cert/--tls-key). */
  args?: string[];
}

export async function startHq(options: StartOptions): Promise<HqProcess> {
  const hq = entryCommand('server/main.ts', ['--port', '0', '--data-dir', options.dataDir, ...(options.args ?? [])]);
  const child: ChildProcess = spawn(hq.command, hq.args, {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl ?? '',
      SALESDESK_HQ_ADMIN_TOKEN: '',
      SALESDESK_HQ_TEST_CRASH: '',
      SALESDESK_HQ_TEST_COMMIT_DELAY_MS: '',
      SALESDESK_HQ_TEST_FIRST_COMMIT_DELAY_MS: '',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  const logs: Record<string, unknown>[] = [];
  const waiters: { match: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];
  let stderrText = '';
  readline.createInterface({ input: child.stderr! }).on('line', (line) => {
    stderrText += `${line}\n`;
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    logs.push(parsed);
    for (const w of [...waiters]) {
      if (w.match(parsed)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(parsed);
      }
    }
  });
  const stdout = readline.createInterface({ input: child.stdout! });
  const first = await Promise.race([
    new Promise<string>((resolve) => stdout.once('line', resolve)),
    exited.then(({ code, signal }) => {
      throw new Error(`HQ server exited before it was ready (code ${String(code)}, signal ${String(signal)}):\n${stderrText}`);
    }),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`HQ server not ready in 300 s:\n${stderrText}`)), 300_000).unref()),
  ]);
  const ready = JSON.parse(first) as { url: string; adminToken: string };
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return {
    url: ready.url,
    adminToken: ready.adminToken,
    pid: child.pid!,
    logs,
    exited,
    waitForLog(match, timeoutMs = 30_000) {
      const seen = logs.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('log line not seen in time')), timeoutMs);
        waiters.push({
          match,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
      });
    },
    kill,
    async stop() {
      await kill('SIGTERM');
    },
  };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

// Debian PostgreSQL (a throw-away cluster): scripts/pg-cluster.ts, shared with npm run bench:hq.
export { postgresUnavailableReason, startPgCluster, type PgCluster } from '../../../scripts/pg-cluster';

/** A test file's own HQ process: started before its tests, stopped after them (the device stores in `cores` closed first). */
export interface FileHq {
  readonly hq: HqProcess;
  readonly admin: Admin;
  /** Device stores the file's tests open, closed before HQ stops. */
  readonly cores: Core[];
}

/** Registers the file's beforeAll/afterAll for one HQ on PGlite; `hq` and `admin` are there once the tests run. */
export function hqForFile(): FileHq {
  let hq: HqProcess | undefined;
  let admin: Admin | undefined;
  const cores: Core[] = [];
  beforeAll(async () => {
    hq = await startHq({ dataDir: hqDataDir('hq-') });
    admin = new Admin(hq.url, hq.adminToken);
  });
  afterAll(async () => {
    for (const c of cores) c.close();
    await hq?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('HQ is started in beforeAll: use it inside a test');
    return value;
  };
  return {
    get hq() {
      return started(hq);
    },
    get admin() {
      return started(admin);
    },
    cores,
  };
}
