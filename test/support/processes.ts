import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI entry (as `npm run --silent cli` does) in a child process. */
export function runCliProcess(args: string[], stdin?: string, env: NodeJS.ProcessEnv = {}): RunResult {
  const r = spawnSync(TSX, [path.join(ROOT, 'electron/hosts/cli.ts'), ...args], {
    input: stdin ?? '',
    encoding: 'utf8',
    env: { ...process.env, ...env },
    cwd: ROOT,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts a TS entry (node with tsx's loader, one process) and resolves once a stdout line matches. */
export function startProcess(entry: string, args: string[], ready: RegExp, env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; match: RegExpExecArray; output: () => string }> {
  // One process (node with tsx's loader), not the tsx wrapper and a child: a kill reaches the host itself.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start in time:\n${out}\n${err}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = ready.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match, output: () => out + err });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code}:\n${out}\n${err}`));
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
