import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const TEST_BINS: Record<string, string> = { 'electron/hosts/cli.ts': 'cli', 'electron/hosts/web.ts': 'web', 'server/main.ts': 'hq', 'test/support/guarded-child.ts': 'guarded-child' };

/**
 * How to start a process entry: its prebuilt bundle (scripts/build-test-bins.mjs, made fresh by
 * test/global-setup.ts) where there is one — tsx compiles every file at each start, which on a busy
 * machine took long enough to time tests out — else tsx.
 */
export function entryCommand(entry: string, args: string[] = []): { command: string; args: string[] } {
  const bin = TEST_BINS[entry];
  const bundle = bin ? path.join(ROOT, 'dist/test-bin', `${bin}.mjs`) : null;
  if (bundle && fs.existsSync(bundle)) return { command: process.execPath, args: [bundle, ...args] };
  return { command: TSX, args: [path.join(ROOT, entry), ...args] };
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a process entry (see entryCommand) to its end, with `stdin` as its input. */
export function runEntry(entry: string, args: string[], options: { stdin?: string | undefined; env?: NodeJS.ProcessEnv; timeout?: number } = {}): RunResult {
  const run = entryCommand(entry, args);
  const r = spawnSync(run.command, run.args, {
    input: options.stdin ?? '',
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    cwd: ROOT,
    ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the real CLI entry (as `npm run --silent cli` does) in a child process. */
export function runCliProcess(args: string[], stdin?: string, env: NodeJS.ProcessEnv = {}): RunResult {
  return runEntry('electron/hosts/cli.ts', args, { stdin, env });
}

/** Runs the real HQ entry (as `npm run -s hq -- …` does) to its end: `users add` and the like. */
export function runHqProcess(args: string[], env: NodeJS.ProcessEnv = {}): RunResult {
  return runEntry('server/main.ts', args, { env, timeout: 300_000 });
}

/** Starts a process entry (see entryCommand) and resolves once a stdout line matches. */
export function startProcess(entry: string, args: string[], ready: RegExp, env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; match: RegExpExecArray; output: () => string }> {
  const run = entryCommand(entry, args);
  const child = spawn(run.command, run.args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start in 300 s:\n${out}\n${err}`)), 300_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = ready.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match, output: () => out + err });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${String(code)}:\n${out}\n${err}`));
    });
  });
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
