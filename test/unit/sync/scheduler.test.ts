import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { openCore, type Core } from '../../../electron/core/core';
import { backoffDelay, SyncScheduler } from '../../../electron/core/sync/scheduler';
import { sampleApplication, tempDir } from '../../support/fixtures';

let core: Core | undefined;
let scheduler: SyncScheduler | undefined;
afterEach(() => {
  scheduler?.stop();
  scheduler = undefined;
  core?.close();
  core = undefined;
});

/** A device enrolled with an HQ nobody listens on (port 1 on loopback: connection refused). */
function enrolledOffline(): Core {
  const c = openCore({ dataDir: tempDir(), host: 'test', syncTuning: { timeouts: { requestMs: 2_000, transferMs: 2_000 }, scheduler: {} } });
  const enrollment = {
    serverUrl: 'http://127.0.0.1:1',
    deviceId: '01900000-0000-7000-8000-0000000000aa',
    branch: '강북지사',
    branchId: 1,
    rep: '김영업',
    serverId: 'hq',
    enrolledAt: new Date().toISOString(),
  };
  c.store.sqlite.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?), (?, ?)').run('enrollment', JSON.stringify(enrollment), 'token', JSON.stringify('plain:device-token'));
  return c;
}

describe('backoff after failures in a row', () => {
  it('waits the step for that many failures (the last one repeats), spread over 50–150 % of it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.double({ min: 0, max: 1, noNaN: true }), (failures, r) => {
        const steps = [5_000, 15_000, 60_000, 300_000];
        const step = steps[Math.min(failures, steps.length) - 1]!;
        const d = backoffDelay(failures, steps, () => r);
        expect(d).toBeGreaterThanOrEqual(step * 0.5 - 1);
        expect(d).toBeLessThanOrEqual(step * 1.5 + 1);
      }),
    );
  });

  it('two devices that failed together come back at different times (the jitter is used)', () => {
    expect(backoffDelay(1, [10_000], () => 0)).toBe(5_000);
    expect(backoffDelay(1, [10_000], () => 1)).toBe(15_000);
  });
});

describe('the background scheduler', () => {
  it('a background sync against an unreachable HQ never rejects: it records the failure and plans the next try with backoff', async () => {
    core = enrolledOffline();
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      scheduler = new SyncScheduler(core.ctx.sync.engine, core.store, { firstMs: 1, backoffMs: [60_000], random: () => 0.5 });
      scheduler.start();
      await vi.waitFor(() => expect(scheduler!.failures).toBeGreaterThanOrEqual(1), { timeout: 60_000, interval: 20 });
      await vi.waitFor(() => expect(scheduler!.nextAttemptAt).not.toBeNull(), { timeout: 60_000, interval: 20 });
      const due = Date.parse(scheduler.nextAttemptAt!) - Date.now();
      expect(due).toBeGreaterThan(30_000);
      expect(due).toBeLessThanOrEqual(60_000);
      const status = await core.invoke('sync.status', {});
      expect(status.state).toMatchObject({ kind: 'offline', cause: 'network' });
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('a local write while HQ is away does not bring the next try forward (backoff holds), and is counted as waiting', async () => {
    core = enrolledOffline();
    scheduler = new SyncScheduler(core.ctx.sync.engine, core.store, { firstMs: 1, debounceMs: 10, backoffMs: [60_000], random: () => 0.5 });
    scheduler.start();
    await vi.waitFor(() => expect(scheduler!.nextAttemptAt).not.toBeNull(), { timeout: 60_000, interval: 20 });
    await vi.waitFor(() => expect(scheduler!.failures).toBe(1), { timeout: 60_000, interval: 20 });
    const planned = scheduler.nextAttemptAt;
    await core.invoke('applications.create', sampleApplication());
    expect(scheduler.nextAttemptAt).toBe(planned);
    expect((await core.invoke('sync.status', {})).state).toMatchObject({ kind: 'offline', waiting: 2 });
  });

  it('run() resolves with the failure for the rep, never throws — even when the store was closed under it', async () => {
    core = enrolledOffline();
    const s = new SyncScheduler(core.ctx.sync.engine, core.store);
    const offline = await s.run('test');
    expect(offline).toMatchObject({ ok: false, failure: { kind: 'network' } });
    core.close();
    const closed = await s.run('test');
    expect(closed.ok).toBe(false);
    core = undefined;
  });

  it('a device that is not enrolled is told so and nothing is attempted', async () => {
    core = openCore({ dataDir: tempDir(), host: 'test' });
    const s = new SyncScheduler(core.ctx.sync.engine, core.store);
    expect(await s.run('test')).toEqual({ ok: false, notEnrolled: true });
    expect((await core.invoke('sync.status', {})).state).toMatchObject({ kind: 'not_enrolled', revoked: false });
  });
});
