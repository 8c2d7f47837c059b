/**
 * A large WAL folded into the store file by a worker thread on its own connection (issue 12).
 *
 * A first sync or a long absence writes tens of megabytes while it holds the store's upkeep
 * (db.ts holdUpkeep): no checkpoint runs between pages. Copying that WAL into the file afterwards
 * is maintenance (measured: 570 ms for 90,000 pulled records, decrypting and encrypting every
 * page), and on the app's own connection it was the last step of the rep's sync. Here a worker
 * does it with `wal_checkpoint(PASSIVE)`, which never blocks the app's reads or writes: the app
 * keeps working on the WAL while it runs, and frames written meanwhile are left for the usual
 * checkpoint. The data is the same either way; only where the pages live changes.
 *
 * `close()` waits for a running worker (blocking, bounded) before the store's own connection
 * closes, so no other connection holds the file when a caller replaces or deletes it.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The worker's code: plain CommonJS, so it runs the same under tsx, in tests and in the bundled app. */
const CHECKPOINT_WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const signal = new Int32Array(workerData.signal);
let answer = { ok: false, message: 'not run' };
try {
  const Database = require(workerData.driver);
  const db = new Database(workerData.file, { fileMustExist: true });
  try {
    for (const pragma of workerData.pragmas) db.pragma(pragma);
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    answer = { ok: true, busy: row.busy, log: row.log, checkpointed: row.checkpointed };
  } finally {
    db.close();
  }
} catch (error) {
  answer = { ok: false, message: String((error && error.message) || error) };
} finally {
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
  parentPort.postMessage(answer);
}`;

/** What a worker reports: frames in the WAL and how many of them are now in the file. */
export type CheckpointAnswer = { ok: true; busy: number; log: number; checkpointed: number } | { ok: false; message: string };

/** Where the store driver is, for a worker (the bundled app is CommonJS; tsx and tests run ESM). */
export function driverPath(): string {
  const req = typeof require === 'function' ? require : createRequire(import.meta.url);
  return req.resolve('better-sqlite3');
}

/** The longest close() waits for a store worker (a checkpoint of a 100 MB WAL takes well under a second). */
const CLOSE_WAIT_MS = 30_000;

/**
 * Blocks until a store worker has closed its connection to the file (its `signal` turned 1) or
 * CLOSE_WAIT_MS passed: the checkpoint worker and the backup worker set it before they answer.
 */
export function waitForWorkerClose(signal: Int32Array): void {
  Atomics.wait(signal, 0, 0, CLOSE_WAIT_MS);
}

export class BackgroundCheckpoint {
  private running: { signal: Int32Array; done: Promise<CheckpointAnswer> } | null = null;

  constructor(
    private readonly file: string,
    private readonly pragmas: readonly string[],
  ) {}

  get isRunning(): boolean {
    return this.running !== null;
  }

  /** Starts one worker (none if one runs); `onDone` is called on the main thread when it has closed its connection. */
  start(onDone: (answer: CheckpointAnswer) => void): void {
    if (this.running) return;
    const shared = new SharedArrayBuffer(4);
    const signal = new Int32Array(shared);
    let worker: Worker;
    try {
      worker = new Worker(CHECKPOINT_WORKER, { eval: true, workerData: { driver: driverPath(), file: this.file, pragmas: [...this.pragmas], signal: shared } });
    } catch {
      // No thread (or no driver to give it): none runs, and the next commit checkpoints as usual.
      return;
    }
    const done = new Promise<CheckpointAnswer>((resolve) => {
      let answered = false;
      worker.once('message', (answer: CheckpointAnswer) => {
        answered = true;
        resolve(answer);
      });
      worker.once('error', (error) => {
        answered = true;
        resolve({ ok: false, message: error.message });
      });
      worker.once('exit', (code) => {
        if (!answered) resolve({ ok: false, message: `checkpoint worker exited with ${code}` });
      });
    });
    const run = { signal, done };
    this.running = run;
    // `done` never rejects (every outcome resolves it); onDone's own failure is not the worker's.
    done
      .then((answer) => {
        if (this.running === run) this.running = null;
        onDone(answer);
      })
      .catch(() => undefined);
  }

  /** Resolves when no worker runs (tests and benchmarks wait for an idle store). */
  async idle(): Promise<void> {
    while (this.running) await this.running.done;
  }

  /** Blocks until a running worker has closed its connection to the file (or CLOSE_WAIT_MS passed). */
  waitSync(): void {
    const run = this.running;
    if (!run) return;
    waitForWorkerClose(run.signal);
  }
}
