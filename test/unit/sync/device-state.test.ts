import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deviceSyncState, SYNC_FAILURE_KINDS, type DeviceSyncFacts, type LastFailure } from '../../../shared/sync/device-state';
import { statusShown, STATUS_SHOWN_LABELS, APPLICATION_STATUSES } from '../../../shared/domain/status';

const facts = (over: Partial<DeviceSyncFacts> = {}): DeviceSyncFacts => ({
  enrolled: true,
  revoked: false,
  running: false,
  waiting: 0,
  oldestWaitingAt: null,
  refused: 0,
  lastExchangeAt: '2026-12-01T05:00:00.000Z',
  lastFailure: null,
  nextAttemptAt: null,
  ...over,
});
const failure = (kind: LastFailure['kind']): LastFailure => ({ kind, message: '메시지', at: '2026-12-01T06:00:00.000Z', since: '2026-12-01T05:30:00.000Z', attempts: 3 });

describe('the device sync state (one answer for every screen)', () => {
  it('a device never enrolled is "not enrolled" with its local changes counted, whatever else is true', () => {
    const s = deviceSyncState(facts({ enrolled: false, waiting: 21, oldestWaitingAt: '2026-12-01T01:00:00.000Z', lastFailure: failure('network'), networkOnline: false, running: true }));
    expect(s).toMatchObject({ kind: 'not_enrolled', revoked: false, waiting: 21, syncing: false, nextAttemptAt: null });
  });

  it('a device HQ revoked is "not enrolled" and says so (revoked), with nothing lost', () => {
    expect(deviceSyncState(facts({ enrolled: false, revoked: true, waiting: 3 }))).toMatchObject({ kind: 'not_enrolled', revoked: true, waiting: 3 });
    expect(deviceSyncState(facts({ lastFailure: failure('unauthorized') }))).toMatchObject({ kind: 'not_enrolled', revoked: true });
  });

  it('another protocol version at HQ reads "update needed", even with the network down', () => {
    expect(deviceSyncState(facts({ lastFailure: failure('update'), networkOnline: false, waiting: 2 }))).toMatchObject({ kind: 'update_needed', waiting: 2, message: '메시지' });
  });

  it('a failed last attempt reads offline with its cause, what waits, since when, and the last good exchange', () => {
    const s = deviceSyncState(facts({ lastFailure: failure('timeout'), waiting: 5, oldestWaitingAt: '2026-12-01T05:10:00.000Z', nextAttemptAt: '2026-12-01T06:01:00.000Z' }));
    expect(s).toEqual({
      kind: 'offline',
      cause: 'timeout',
      revoked: false,
      syncing: false,
      waiting: 5,
      oldestWaitingAt: '2026-12-01T05:10:00.000Z',
      offlineSince: '2026-12-01T05:30:00.000Z',
      refused: 0,
      lastExchangeAt: '2026-12-01T05:00:00.000Z',
      nextAttemptAt: '2026-12-01T06:01:00.000Z',
      message: '메시지',
    });
  });

  it('the browser without a network reads offline (no network) even when the last attempt went well', () => {
    expect(deviceSyncState(facts({ networkOnline: false, waiting: 1, oldestWaitingAt: '2026-12-01T05:10:00.000Z' }))).toMatchObject({ kind: 'offline', cause: 'no_network', waiting: 1 });
  });

  it('offline wins over refused: the refused count rides along', () => {
    expect(deviceSyncState(facts({ lastFailure: failure('network'), refused: 2 }))).toMatchObject({ kind: 'offline', refused: 2 });
  });

  it('online with refused changes reads "HQ refused K"; with changes waiting "sending"; otherwise "in step"', () => {
    expect(deviceSyncState(facts({ refused: 1, waiting: 4 }))).toMatchObject({ kind: 'refused', refused: 1, waiting: 4 });
    expect(deviceSyncState(facts({ waiting: 4, oldestWaitingAt: '2026-12-01T05:10:00.000Z', running: true }))).toMatchObject({ kind: 'sending', syncing: true });
    expect(deviceSyncState(facts())).toMatchObject({ kind: 'in_step', waiting: 0, oldestWaitingAt: null });
  });

  it('never says "in step" while anything waits, anything was refused, the last attempt failed or the device is not enrolled', () => {
    const failureArb = fc.option(fc.constantFrom(...SYNC_FAILURE_KINDS).map(failure), { nil: null });
    fc.assert(
      fc.property(
        fc.record({
          enrolled: fc.boolean(),
          revoked: fc.boolean(),
          running: fc.boolean(),
          waiting: fc.nat(50),
          refused: fc.nat(5),
          lastFailure: failureArb,
          networkOnline: fc.option(fc.boolean(), { nil: undefined }),
        }),
        (f) => {
          const s = deviceSyncState(facts({ ...f, oldestWaitingAt: f.waiting > 0 ? '2026-12-01T05:10:00.000Z' : null }));
          if (s.kind === 'in_step') {
            expect(f.enrolled && f.waiting === 0 && f.refused === 0 && f.lastFailure === null && f.networkOnline !== false).toBe(true);
          }
          // The waiting count is always the facts' own: no screen can show another number.
          expect(s.waiting).toBe(f.waiting);
          if (s.kind === 'offline') expect(s.cause).not.toBeNull();
        },
      ),
    );
  });
});

describe('an application moved to 제출 (submitted)', () => {
  it('reads "제출 대기 — 본사 미등록" on a device that is not enrolled: nothing has gone to HQ', () => {
    expect(statusShown('submitted', 'waiting', false)).toBe('submit_pending_unenrolled');
    expect(STATUS_SHOWN_LABELS.submit_pending_unenrolled.ko).toBe('제출 대기 — 본사 미등록');
  });

  it('reads "제출 대기" while on its way, "제출됨" once HQ has it, "제출 안 됨" when HQ refused it', () => {
    expect(statusShown('submitted', 'waiting', true)).toBe('submit_pending');
    expect(statusShown('submitted', 'at_hq', true)).toBe('submitted');
    expect(STATUS_SHOWN_LABELS[statusShown('submitted', 'at_hq', false)].ko).toBe('제출됨');
    expect(statusShown('submitted', 'refused', true)).toBe('submit_refused');
  });

  it('every other status reads as itself, wherever it stands with HQ', () => {
    for (const status of APPLICATION_STATUSES.filter((s) => s !== 'submitted')) {
      for (const atHq of ['at_hq', 'waiting', 'refused'] as const) expect(statusShown(status, atHq, false)).toBe(status);
    }
  });
});
