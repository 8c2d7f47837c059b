import net from 'node:net';

/**
 * A small fault-injecting TCP proxy on loopback, between a device and HQ. Each new connection
 * gets the mode in force when it arrives:
 * - pass:   bytes flow both ways untouched;
 * - drop:   the connection is accepted and closed at once, nothing answered;
 * - stall:  accepted, the request read and never answered (the client must time out);
 * - slow:   both ways in small pieces, each held back a little;
 * - reset:  the request reaches HQ (which acts on it), the answer is cut off mid-way with a TCP reset;
 * - refuse: nothing listens (connection refused).
 * Changing the mode ends every open connection, so the next request meets the new mode (a
 * keep-alive connection would otherwise carry the old one).
 */
export const FAULT_MODES = ['pass', 'drop', 'stall', 'slow', 'reset', 'refuse'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export interface FaultProxy {
  readonly url: string;
  readonly port: number;
  readonly mode: FaultMode;
  /** Connections that met each mode (refuse: mode switches, since refused connections never arrive). */
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

  /** Writes `data` to `to` in small pieces, each after a short hold, in order. */
  const slowWriter = (to: net.Socket) => {
    let queue = Promise.resolve();
    return (data: Buffer) => {
      for (let i = 0; i < data.length; i += chunk) {
        const piece = data.subarray(i, i + chunk);
        queue = queue
          .then(() => new Promise<void>((resolve) => setTimeout(resolve, hold)))
          .then(() => {
            if (!to.destroyed) to.write(piece);
          })
          .catch(() => undefined);
      }
    };
  };

  const onConnection = (client: net.Socket) => {
    track(client);
    const now = mode;
    counts[now] += 1;
    if (now === 'drop' || now === 'refuse') {
      client.destroy();
      return;
    }
    if (now === 'stall') {
      client.resume(); // read and drop whatever comes; never answer
      return;
    }
    const upstream = track(net.connect({ host: '127.0.0.1', port: target }));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    if (now === 'pass') {
      client.pipe(upstream);
      upstream.pipe(client);
      return;
    }
    if (now === 'slow') {
      const up = slowWriter(upstream);
      const down = slowWriter(client);
      client.on('data', up);
      upstream.on('data', down);
      return;
    }
    // reset: the request goes through; the answer stops half-way with a TCP reset.
    client.pipe(upstream);
    upstream.once('data', (data: Buffer) => {
      upstream.pause();
      client.write(data.subarray(0, Math.max(1, Math.floor(data.length / 2))), () => {
        client.resetAndDestroy();
        upstream.destroy();
      });
    });
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

  const stopListening = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));

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
      for (const s of open) s.destroy();
      open.clear();
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
      for (const s of open) s.destroy();
      await stopListening();
    },
  };
}
