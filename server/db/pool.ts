import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';

/**
 * Pushes before pulls for PostgreSQL's connections. A push carries a rep's work and holds its
 * branch's write lock; a pull is read-only catch-up the device does in the background. When every
 * connection is busy, the next one to come free goes to the longest-waiting ordinary caller (a
 * push, an enrollment, the console, the admin API), and only when none waits to the longest-waiting
 * pull. Pulls are served first come, first served among themselves; once the first of them has
 * waited PULL_MAX_WAIT_MS, pulls and pushes take turns, so no device waits for ever however busy
 * HQ is, and pushes still get every other connection.
 */
/**
 * Well inside a device's request timeout (30 s, electron/core/sync/tuning.ts), and above a pull's
 * wait when 200 devices loop without a pause on a loaded 2-core machine (about 2.5 s, npm run
 * bench:hq at load 13: at 2 s pushes lost their priority there half the time).
 */
export const PULL_MAX_WAIT_MS = 5_000;

const background = new AsyncLocalStorage<true>();

/** Runs `fn` with its database work behind every ordinary caller's (a pull: see above). */
export function inBackground<T>(fn: () => Promise<T>): Promise<T> {
  return background.run(true, fn);
}

interface Waiter {
  since: number;
  go: () => void;
}

/** Who gets the next free connection: the scheduling above, as counting only (no I/O). */
export class ConnectionGate {
  #free: number;
  readonly #first: Waiter[] = [];
  readonly #later: Waiter[] = [];
  /** While a pull has waited too long: whose turn the next connection is. */
  #pullsTurn = true;

  constructor(
    size: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#free = size;
  }

  /** Calls `go` once a connection is this caller's (at once when one is free and nobody waits). */
  acquire(isBackground: boolean, go: () => void): void {
    if (this.#free > 0 && this.#first.length === 0 && this.#later.length === 0) {
      this.#free -= 1;
      go();
      return;
    }
    (isBackground ? this.#later : this.#first).push({ since: this.now(), go });
  }

  /** A connection came free: hands it to the next waiter, or keeps it. */
  release(): void {
    const oldPull = this.#later[0];
    let next: Waiter | undefined;
    if (oldPull && this.#first.length > 0 && this.now() - oldPull.since >= PULL_MAX_WAIT_MS) {
      next = this.#pullsTurn ? this.#later.shift() : this.#first.shift();
      this.#pullsTurn = !this.#pullsTurn;
    } else {
      next = this.#first.shift() ?? this.#later.shift();
      this.#pullsTurn = true;
    }
    if (next) next.go();
    else this.#free += 1;
  }

  get waiting(): { first: number; later: number } {
    return { first: this.#first.length, later: this.#later.length };
  }
}

type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, release: (err?: Error | boolean) => void) => void;

/**
 * A pg.Pool whose checkouts (pool.query's and transactions' alike) pass through a ConnectionGate
 * of the pool's size; the pool itself then never queues.
 */
export function prioritisedPool(Pool: typeof pg.Pool, config: pg.PoolConfig & { max: number }): pg.Pool {
  const gate = new ConnectionGate(config.max);
  class PrioritisedPool extends Pool {
    override connect(): Promise<pg.PoolClient>;
    override connect(callback: ConnectCallback): void;
    override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | undefined {
      if (!callback) {
        return new Promise((resolve, reject) => {
          this.connect((err, client) => {
            if (err || !client) reject(err ?? new Error('no client'));
            else resolve(client);
          });
        });
      }
      gate.acquire(background.getStore() === true, () => {
        super.connect((err: Error | undefined, client: pg.PoolClient | undefined) => {
          if (err || !client) {
            gate.release();
            callback(err, undefined, () => undefined);
            return;
          }
          // The pool sets a fresh release on every checkout; the gate's permit goes back with it.
          const release = client.release.bind(client);
          client.release = (e?: Error | boolean) => {
            client.release = release;
            try {
              release(e);
            } finally {
              // Back in the pool first: the next waiter's checkout then finds it idle.
              gate.release();
            }
          };
          callback(undefined, client, (e?: Error | boolean) => client.release(e));
        });
      });
      return undefined;
    }
  }
  return new PrioritisedPool(config);
}
