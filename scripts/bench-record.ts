/**
 * Every bench appends one JSON line per run to bench-results/<bench>.jsonl (the folder is not
 * committed; README.md keeps a table of the latest figures), so runs can be compared: when, on
 * which commit, how loaded the shared machine was, and the figures with their peer.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_RESULTS_DIR = process.env.BENCH_RESULTS_DIR ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bench-results');

function commit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** The line written for one run: figures are plain numbers (ms, bytes, per-second) named by their key. */
export interface BenchLine {
  bench: string;
  at: string;
  commit: string | null;
  node: string;
  cpus: number;
  /** 1-, 5- and 15-minute load averages at the end of the run (the machine is shared). */
  load: number[];
  figures: Record<string, number | string | boolean | null>;
}

export function recordBench(bench: string, figures: BenchLine['figures']): string {
  const line: BenchLine = { bench, at: new Date().toISOString(), commit: commit(), node: process.version, cpus: os.cpus().length, load: os.loadavg().map((l) => Math.round(l * 100) / 100), figures };
  fs.mkdirSync(BENCH_RESULTS_DIR, { recursive: true });
  const file = path.join(BENCH_RESULTS_DIR, `${bench}.jsonl`);
  fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
  console.log(`recorded: ${path.relative(process.cwd(), file)} (load average ${line.load.join(' / ')})`);
  return file;
}
