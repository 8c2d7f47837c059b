import http from 'node:http';
import type net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHqHttp, SyncFailure } from '../../../electron/core/sync/http';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, SYNC_PATHS } from '../../../shared/sync/protocol';
import { startFaultProxy, type FaultProxy } from '../../support/fault-proxy';

// HQ stand-in: answers every request with HQ's protocol header, keeps connections alive for a
// minute (so the client reuses them), and records what reached it.
let server: http.Server;
let proxy: FaultProxy;
let seen: string[];

beforeEach(async () => {
  seen = [];
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push(`${req.method ?? ''} ${(req.url ?? '').split('?')[0] ?? ''}`);
      res.writeHead(200, { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy = await startFaultProxy({ targetPort: (server.address() as net.AddressInfo).port });
});

/** Node's fetch puts a connection back in its pool once the event loop turns after the answer is read. */
const pooled = () => new Promise<void>((resolve) => setImmediate(resolve));

afterEach(async () => {
  await proxy.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the sync client and a kept-alive connection HQ closed as idle', () => {
  it('a push or pull whose reused connection is closed under it is sent once more on a new connection and lands once', async () => {
    const hq = createHqHttp(proxy.url);
    await proxy.setMode('close-idle');
    await hq.json('GET', SYNC_PATHS.health);
    await pooled();
    await expect(hq.json('POST', SYNC_PATHS.push, { mutations: [] }, { token: 't' })).resolves.toEqual({ ok: true });
    await pooled();
    await expect(hq.json('GET', `${SYNC_PATHS.pull}?cursor=0`, undefined, { token: 't' })).resolves.toEqual({ ok: true });
    // Both later requests went out on the kept-alive connection and met it closed…
    expect(proxy.counts['close-idle']).toBe(2);
    // …and each reached HQ exactly once (the closed connection forwarded nothing).
    expect(seen).toEqual(['GET /health', 'POST /sync/push', 'GET /sync/pull']);
  });

  it('enrollment is never sent twice: on a closed idle connection it fails as a network failure the rep can try again', async () => {
    const hq = createHqHttp(proxy.url);
    await proxy.setMode('close-idle');
    await hq.json('GET', SYNC_PATHS.health);
    await pooled();
    const failure = await hq.json('POST', SYNC_PATHS.enroll, { code: 'ABCD-EFGH', deviceName: 'x' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SyncFailure);
    expect(failure).toMatchObject({ kind: 'network', refused: false });
    expect(proxy.counts['close-idle']).toBe(1);
    expect(seen).toEqual(['GET /health']);
  });

  it('the second try is the last: a link that closes every connection fails a pull as a network failure after two connections', async () => {
    const hq = createHqHttp(proxy.url);
    await proxy.setMode('drop');
    const failure = await hq.json('GET', `${SYNC_PATHS.pull}?cursor=0`, undefined, { token: 't' }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ kind: 'network' });
    expect(proxy.counts.drop).toBe(2);
    expect(seen).toEqual([]);
  });
});
