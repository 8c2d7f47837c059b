import { afterEach, describe, expect, it } from 'vitest';
import { createCoreBridge, decideRestart, type BridgeReply, type BridgeRequest, type CorePort } from '../../../electron/shell/core-bridge';
import { forwardCoreEvents, handleBridgeMessage } from '../../../electron/core/utility-entry';
import { openCore, type Core } from '../../../electron/core/core';
import { sampleApplication, tempDir } from '../../support/fixtures';

/** Stands in for utilityProcess.fork: the same message protocol, with a real core behind it. */
function inProcessPort(core: Core, opts: { dropReplies?: boolean; events?: boolean } = {}) {
  let onMessage: (m: BridgeReply | { coreEvent: unknown }) => void = () => {};
  if (opts.events) forwardCoreEvents(core, (m) => onMessage(m));
  let onExit: (code: number | null) => void = () => {};
  const port: CorePort & { crash(): void } = {
    postMessage: (m: BridgeRequest) => {
      if (opts.dropReplies) return;
      handleBridgeMessage(core, m)
        .then((reply) => reply && onMessage(reply as BridgeReply))
        .catch((error: unknown) => {
          onMessage({ id: m.id, result: { ok: false, error: { code: 'INTERNAL', message: String(error) } } });
        });
    },
    onMessage: (l) => (onMessage = l),
    onExit: (l) => (onExit = l),
    kill: () => onExit(null),
    crash: () => onExit(139),
  };
  return port;
}

let core: Core | undefined;
afterEach(() => core?.close());

describe('main ↔ core bridge', () => {
  it('core events reach the window through the bridge as they are, and are never taken for a reply', async () => {
    core = openCore({ dataDir: tempDir(), host: 'test' });
    const events: unknown[] = [];
    const bridge = createCoreBridge(() => inProcessPort(core!, { events: true }), { onEvent: (e) => events.push(e) });
    const created = await bridge.request('applications.create', sampleApplication());
    expect(created).toMatchObject({ ok: true, value: { status: 'draft' } });
    expect(events).toEqual([{ type: 'changed' }]);
    expect(await bridge.request('app.info', {})).toMatchObject({ ok: true, value: { host: 'test' } });
    expect(events).toEqual([{ type: 'changed' }]);
  });

  it('pairs each request with its reply, even when many are in flight', async () => {
    core = openCore({ dataDir: tempDir(), host: 'test' });
    const bridge = createCoreBridge(() => inProcessPort(core!));
    const results = await Promise.all([bridge.request('applications.create', sampleApplication()), bridge.request('app.info', {}), bridge.request('applications.list', {})]);
    expect(results[0]).toMatchObject({ ok: true, value: { status: 'draft' } });
    expect(results[1]).toMatchObject({ ok: true, value: { host: 'test' } });
    expect(results[2].ok).toBe(true);
  });

  it('a crashed core answers UNAVAILABLE in Korean to waiting requests and is restarted for the next one', async () => {
    core = openCore({ dataDir: tempDir(), host: 'test' });
    let spawned = 0;
    let hung: ReturnType<typeof inProcessPort> | undefined;
    const bridge = createCoreBridge(() => {
      spawned += 1;
      if (spawned === 1) return (hung = inProcessPort(core!, { dropReplies: true }));
      return inProcessPort(core!);
    });
    const waiting = bridge.request('app.info', {});
    hung!.crash();
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringContaining('다시 시도') } });
    expect(await bridge.request('app.info', {})).toMatchObject({ ok: true });
    expect(spawned).toBe(2);
  });

  it('a core that does not answer in time yields UNAVAILABLE instead of hanging the window', async () => {
    core = openCore({ dataDir: tempDir(), host: 'test' });
    const bridge = createCoreBridge(() => inProcessPort(core!, { dropReplies: true }), { timeoutMs: 50 });
    expect(await bridge.request('app.info', {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });
});

describe('device token through the OS keychain', () => {
  it("the core asks the shell to seal and open the token; the shell's keychain does the crypto", async () => {
    const { parentPortSecretBox } = await import('../../../electron/core/utility-entry');
    // Wire a fake utility process: core side (parentPort) ⇄ shell side (CorePort) in memory.
    let toShell: (m: unknown) => void = () => {};
    let toCore: (m: unknown) => void = () => {};
    const parentPort = { on: () => {}, postMessage: (m: unknown) => toShell(m) };
    const box = parentPortSecretBox(parentPort);
    toCore = (m) => box.handle(m);
    const keychain = (op: 'seal' | 'open', value: string) => (op === 'seal' ? Buffer.from(value).reverse().toString('base64') : Buffer.from(value, 'base64').reverse().toString());
    createCoreBridge(
      () => ({
        postMessage: (m) => toCore(m),
        onMessage: (l) => (toShell = l as (m: unknown) => void),
        onExit: () => {},
        kill: () => {},
      }),
      { timeoutMs: 1000, secrets: keychain },
    )
      .request('app.info', {})
      .catch(() => undefined); // connects the port
    const sealed = await box.seal('device-token-123');
    expect(sealed.startsWith('keychain:')).toBe(true);
    expect(sealed).not.toContain('device-token-123');
    expect(await box.open(sealed)).toBe('device-token-123');
  });
});

describe('restarting the core (decideRestart, a pure policy)', () => {
  const policy = { maxRestarts: 3, windowMs: 60_000 };
  it('a core the shell stopped (quit, window closed) is not restarted, whatever its exit code', () => {
    expect(decideRestart({ code: 0, intended: true, at: 1_000 }, [], policy)).toEqual({ action: 'none', reason: 'intended' });
    expect(decideRestart({ code: null, intended: true, at: 1_000 }, [900, 950], policy)).toEqual({ action: 'none', reason: 'intended' });
  });

  it('a crash is restarted, up to the cap within the window; one more and it stays stopped', () => {
    expect(decideRestart({ code: 139, intended: false, at: 10_000 }, [], policy)).toEqual({ action: 'restart', crashesInWindow: 1 });
    expect(decideRestart({ code: 1, intended: false, at: 10_000 }, [1_000, 5_000], policy)).toEqual({ action: 'restart', crashesInWindow: 3 });
    expect(decideRestart({ code: null, intended: false, at: 10_000 }, [1_000, 5_000, 9_000], policy)).toEqual({ action: 'give_up', crashesInWindow: 4 });
  });

  it('crashes older than the window no longer count', () => {
    expect(decideRestart({ code: 1, intended: false, at: 200_000 }, [1_000, 5_000, 9_000], policy)).toEqual({ action: 'restart', crashesInWindow: 1 });
  });
});

describe('the bridge under a crashing core', () => {
  it('a crashed core is restarted at once (background sync goes on), not only at the next request', async () => {
    core = openCore({ dataDir: tempDir(), host: 'test' });
    const ports: ReturnType<typeof inProcessPort>[] = [];
    const bridge = createCoreBridge(() => {
      const p = inProcessPort(core!);
      ports.push(p);
      return p;
    });
    expect(await bridge.request('app.info', {})).toMatchObject({ ok: true });
    ports[0]!.crash();
    expect(ports).toHaveLength(2);
    expect(await bridge.request('app.info', {})).toMatchObject({ ok: true });
    expect(ports).toHaveLength(2);
  });

  it('a core that keeps crashing is left stopped and every request says to restart the app', async () => {
    core = openCore({ dataDir: tempDir(), host: 'test' });
    const ports: ReturnType<typeof inProcessPort>[] = [];
    let clock = 0;
    const bridge = createCoreBridge(
      () => {
        const p = inProcessPort(core!);
        ports.push(p);
        return p;
      },
      { policy: { maxRestarts: 2, windowMs: 60_000 }, now: () => clock },
    );
    expect(await bridge.request('app.info', {})).toMatchObject({ ok: true });
    for (let i = 0; i < 3; i++) {
      clock += 1_000;
      ports.at(-1)!.crash();
    }
    expect(ports).toHaveLength(3); // the first and two restarts; the third crash is one too many
    expect(await bridge.request('app.info', {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringContaining('앱을 종료했다가 다시 여세요') } });
    expect(ports).toHaveLength(3);
  });

  it('quitting the app stops the core without restarting it', async () => {
    core = openCore({ dataDir: tempDir(), host: 'test' });
    let spawned = 0;
    const bridge = createCoreBridge(() => {
      spawned += 1;
      return inProcessPort(core!);
    });
    expect(await bridge.request('app.info', {})).toMatchObject({ ok: true });
    bridge.close();
    expect(spawned).toBe(1);
  });
});
