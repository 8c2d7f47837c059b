import net from 'node:net';

/**
 * A small fault-injecting TCP proxy on loopback, between a device and HQ. Each new connection
 * gets the mode in force when it arrives:
 * - pass:   bytes flow both ways untouched;
 * - drop:   the connection is accepted and closed at once, nothing answered;
 * - stall:  accepted, the request read and never answered (the client must time out);
 * - slow:   both ways in small pieces, each held back a little;
 * - reset:  the request reaches HQ (which acts on it), the answer is cut off mid-way with a TCP reset;
 * - refuse: nothing listens (connection refused);
 * - close-idle: a new connection passes; one kept alive from an earlier request is closed when its
 *   next request comes, nothing forwarded or answered (HQ closing an idle connection just as the
 *   client reuses it: "fetch failed", "other side closed").
 * A connection kept alive between requests meets the mode in force when its next request comes,
 * so a fault applies to the next request whatever connection it travels on.
 */
const FAULT_MODES = ['pass', 'drop', 'stall', 'slow', 'reset', 'refuse', 'close-idle'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export interface FaultProxy {
  readonly url: string;
  readonly port: number;
  readonly mode: FaultMode;
  /** Connections that met each mode (refuse: also each switch to it, since refused connections never arrive). */
  readonly counts: Record<FaultMode, number>;
  setTarget(port: number): void;
  setMode(mode: FaultMode): Promise<void>;
  close(): Promise<void>;
}

export interface FaultProxyOptions {
  targetPort: number;
  /** slow: bytes per piece and the hold between pieces. */
  slowChunkBytes?: number;
  slowDelayMs?: number;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  let target = options.targetPort;
  let mode: FaultMode = 'pass';
  const counts = Object.fromEntries(FAULT_MODES.map((m) => [m, 0])) as Record<FaultMode, number>;
  const open = new Set<net.Socket>();
  const chunk = options.slowChunkBytes ?? 2048;
  const hold = options.slowDelayMs ?? 15;

  const track = (s: net.Socket) => {
    open.add(s);
    s.on('close', () => open.delete(s));
    s.on('error', () => undefined);
    return s;
  };

  /** Writes to `to` in small pieces, each after a short hold, in order; `then` runs after the last. */
  const slowWriter = (to: net.Socket) => {
    let queue = Promise.resolve();
    return {
      write(data: Buffer) {
        for (let i = 0; i < data.length; i += chunk) {
          const piece = data.subarray(i, i + chunk);
          queue = queue
            .then(() => new Promise<void>((resolve) => setTimeout(resolve, hold)))
            .then(() => {
              if (!to.destroyed) to.write(piece);
            })
            .catch(() => undefined);
        }
      },
      then(fn: () => void) {
        queue = queue.then(fn).catch(() => undefined);
      },
    };
  };

  const onConnection = (client: net.Socket) => {
    track(client);
    if (mode === 'drop' || mode === 'refuse') {
      counts[mode] += 1;
      client.destroy();
      return;
    }
    let upstream: net.Socket | null = null;
    /** What the current request on this connection met. */
    let current: FaultMode = 'pass';
    /** HQ has answered on this connection since the client last sent: it sits kept alive, idle. */
    let idle = false;
    const met = new Set<FaultMode>();
    const toClient = slowWriter(client);
    const toUpstream = (u: net.Socket) => slowWriter(u);
    let upWriter: ReturnType<typeof slowWriter> | null = null;
    const connectUpstream = (): net.Socket => {
      if (upstream) return upstream;
      const u = track(net.connect({ host: '127.0.0.1', port: target }));
      upstream = u;
      upWriter = toUpstream(u);
      u.on('data', (data: Buffer) => {
        if (current === 'stall') return;
        idle = true;
        if (current === 'reset') {
          u.pause();
          client.write(data.subarray(0, Math.max(1, Math.floor(data.length / 2))), () => {
            client.resetAndDestroy();
            u.destroy();
          });
          return;
        }
        if (current === 'slow') toClient.write(data);
        else client.write(data);
      });
      u.on('close', () => {
        // Let a slow answer finish before the client sees the end.
        toClient.then(() => client.destroy());
      });
      return u;
    };
    client.on('data', (data: Buffer) => {
      // Each request (or piece of one) meets the mode in force now; close-idle only meets a reused
      // connection (a new one passes).
      current = mode === 'close-idle' && !idle ? 'pass' : mode;
      idle = false;
      if (!met.has(current)) {
        met.add(current);
        counts[current] += 1;
      }
      if (current === 'drop' || current === 'refuse' || current === 'close-idle') {
        client.destroy();
        return;
      }
      if (current === 'stall') return; // read and dropped; never answered
      const u = connectUpstream();
      if (current === 'slow') upWriter!.write(data);
      else u.write(data);
    });
    client.on('close', () => upstream?.destroy());
  };

  const server = net.createServer(onConnection);
  server.on('error', () => undefined);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const fail = (e: Error) => reject(e);
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', fail);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const port = await listen(0);

  /** Stops listening; open connections end too (close() would wait for keep-alive ones to time out). */
  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) {
        resolve();
        return;
      }
      server.close(() => resolve());
      for (const s of open) s.destroy();
    });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get mode() {
      return mode;
    },
    counts,
    setTarget(p: number) {
      target = p;
    },
    async setMode(next: FaultMode) {
      if (next === 'refuse') {
        counts.refuse += 1;
        await stopListening();
      } else if (!server.listening) {
        // The same port again: devices keep the address they enrolled with.
        for (let attempt = 0; ; attempt++) {
          try {
            await listen(port);
            break;
          } catch (error) {
            if (attempt > 50) throw error;
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      }
      mode = next;
    },
    async close() {
      await stopListening();
      for (const s of open) s.destroy();
    },
  };
}
