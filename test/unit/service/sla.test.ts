/**
 * SLA clocks from worked examples (PRODUCT.md targets: simple 1 h as shipped, general 8 h, complex
 * 48 h; software faults 4 h, hardware 24 h), computed from the event log and `now` only.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors';
import { slaCommand } from '../../../shared/service/cli';
import { slaClock, type ClockEvent } from '../../../shared/service/sla';
import { DEFAULT_SERVICE_TARGETS, serviceTargetsSchema, type ServiceTargets } from '../../../shared/service/targets';

const T = DEFAULT_SERVICE_TARGETS;
const at = (day: number, time: string) => `2026-12-${String(day).padStart(2, '0')}T${time}:00+09:00`;
const ev = (a: string, type: ClockEvent['type']): ClockEvent => ({ at: a, type });
const clock = (kind: 'complaint' | 'fault', category: string, openedAt: string, events: ClockEvent[], now: string, targets: ServiceTargets = T) =>
  slaClock({ kind, category: category as never, openedAt, events, now }, targets);

describe('SLA clock, real time 24/7', () => {
  it('a general complaint received at 09:00 is due at 17:00 the same day; at 12:00 it has 300 minutes left', () => {
    expect(clock('complaint', 'general', at(2, '09:00'), [ev(at(2, '09:00'), 'received')], at(2, '12:00'))).toMatchObject({
      dueAt: at(2, '17:00'),
      state: 'open',
      remainingMinutes: 300,
      paused: false,
    });
  });

  it('waiting for the customer stops the clock: 10:00–14:00 waiting moves a 09:00 general complaint due to 21:00', () => {
    const events = [ev(at(2, '10:00'), 'waiting'), ev(at(2, '14:00'), 'resumed')];
    expect(clock('complaint', 'general', at(2, '09:00'), events, at(2, '15:00'))).toMatchObject({ dueAt: at(2, '21:00'), state: 'open', remainingMinutes: 360, elapsedMinutes: 120 });
  });

  it('while it waits the clock stands still: the remaining budget is the same at 11:00 and at 23:00', () => {
    const events = [ev(at(2, '10:00'), 'waiting')];
    const a = clock('complaint', 'general', at(2, '09:00'), events, at(2, '11:00'));
    const b = clock('complaint', 'general', at(2, '09:00'), events, at(2, '23:00'));
    expect([a.remainingMinutes, b.remainingMinutes, b.state, b.paused]).toEqual([420, 420, 'open', true]);
    expect(b.dueAt).toBe(at(3, '06:00')); // as if work resumed now
  });

  it('a software fault resolved in 3 h 30 min is met with 30 minutes to spare; resolved exactly at 4 h is still met', () => {
    expect(clock('fault', 'software', at(2, '09:00'), [ev(at(2, '09:10'), 'assigned'), ev(at(2, '12:30'), 'resolved')], at(2, '18:00'))).toMatchObject({
      state: 'met',
      remainingMinutes: 30,
      dueAt: at(2, '13:00'),
    });
    expect(clock('fault', 'software', at(2, '09:00'), [ev(at(2, '13:00'), 'resolved')], at(2, '18:00')).state).toBe('met');
  });

  it('an open software fault is breached the moment it passes 4 h: at 14:00 it is 60 minutes overdue', () => {
    expect(clock('fault', 'software', at(2, '09:00'), [], at(2, '13:00')).state).toBe('open');
    expect(clock('fault', 'software', at(2, '09:00'), [], at(2, '14:00'))).toMatchObject({ state: 'breached', remainingMinutes: -60, dueAt: at(2, '13:00') });
  });

  it('a hardware fault has 24 h, a complex complaint 48 h', () => {
    expect(clock('fault', 'hardware', at(2, '09:00'), [], at(2, '09:00')).dueAt).toBe(at(3, '09:00'));
    expect(clock('complaint', 'complex', at(2, '09:00'), [], at(2, '09:00')).dueAt).toBe(at(4, '09:00'));
  });

  it('a complaint reopened after its due time runs on with what was left: resolved at 3 h, reopened next day 10:00, due 15:00; resolved 16:30 is breached', () => {
    const base = [ev(at(2, '12:00'), 'resolved'), ev(at(3, '10:00'), 'reopened')];
    expect(clock('complaint', 'general', at(2, '09:00'), base.slice(0, 1), at(3, '09:00'))).toMatchObject({ state: 'met', remainingMinutes: 300 });
    expect(clock('complaint', 'general', at(2, '09:00'), base, at(3, '12:00'))).toMatchObject({ state: 'open', remainingMinutes: 180, dueAt: at(3, '15:00') });
    expect(clock('complaint', 'general', at(2, '09:00'), [...base, ev(at(3, '16:30'), 'resolved'), ev(at(3, '17:00'), 'closed')], at(4, '09:00'))).toMatchObject({
      state: 'breached',
      remainingMinutes: -90,
      dueAt: at(3, '15:00'),
      phase: 'closed',
    });
  });

  it('targets are data: HQ publishing 30 minutes for simple complaints moves the due time', () => {
    const published = serviceTargetsSchema.parse({ ...T, version: 3, complaint: { ...T.complaint, simple: 30 } });
    expect(clock('complaint', 'simple', at(2, '09:00'), [], at(2, '09:00'), published).dueAt).toBe(at(2, '09:30'));
    expect(clock('complaint', 'simple', at(2, '09:00'), [], at(2, '09:00')).dueAt).toBe(at(2, '10:00'));
  });

  it('with no pauses, due − opened is the target and elapsed + remaining is the target, for any opening time and now', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }), fc.integer({ min: 0, max: 3 * 24 * 60 }), (opened, after) => {
        const o = new Date(opened - (opened % 60_000)).toISOString();
        const now = new Date(Date.parse(o) + after * 60_000).toISOString();
        const c = clock('complaint', 'general', o, [], now);
        expect(Date.parse(c.dueAt) - Date.parse(o)).toBe(480 * 60_000);
        expect(c.elapsedMinutes + c.remainingMinutes).toBe(480);
        expect(c.state).toBe(after > 480 ? 'breached' : 'open');
      }),
    );
  });

  it('a pause of p minutes taken before the due time moves it by exactly p minutes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 480 }), fc.integer({ min: 0, max: 2000 }), (start, p) => {
        const o = Date.parse(at(2, '09:00'));
        const w = new Date(o + start * 60_000).toISOString();
        const r = new Date(o + (start + p) * 60_000).toISOString();
        const now = new Date(o + (start + p) * 60_000).toISOString();
        const c = clock('complaint', 'general', at(2, '09:00'), [ev(w, 'waiting'), ev(r, 'resumed')], now);
        expect(Date.parse(c.dueAt) - o).toBe((480 + p) * 60_000);
      }),
    );
  });
});

describe('SLA clock on a business calendar (Mon–Fri 09:00–18:00 KST, holidays off)', () => {
  const office: ServiceTargets = serviceTargetsSchema.parse({ ...T, calendar: { weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '18:00', holidays: ['2026-12-25'] } });

  it('a general complaint received Thursday 24 Dec 17:00 counts 1 h that day, skips Christmas and the weekend, and is due Monday 28 Dec 16:00', () => {
    const c = clock('complaint', 'general', at(24, '17:00'), [], at(26, '12:00'), office);
    expect(c).toMatchObject({ dueAt: at(28, '16:00'), state: 'open', remainingMinutes: 420, elapsedMinutes: 60 });
  });

  it('a fault reported Saturday night starts counting Monday 09:00', () => {
    expect(clock('fault', 'software', at(26, '23:00'), [], at(27, '12:00'), office)).toMatchObject({ dueAt: at(28, '13:00'), remainingMinutes: 240 });
  });

  it('a calendar that never opens is a clear error, not a hang', () => {
    const never = serviceTargetsSchema.parse({ ...T, calendar: { weekdays: [0], start: '09:00', end: '10:00', holidays: [] } });
    const closed = {
      ...never,
      calendar: {
        ...(never.calendar as Exclude<ServiceTargets['calendar'], 'always'>),
        holidays: Array.from({ length: 400 }, (_, i) => new Date(Date.UTC(2026, 11, 6 + 7 * i)).toISOString().slice(0, 10)),
      },
    };
    expect(() => clock('complaint', 'general', at(2, '09:00'), [], at(2, '10:00'), closed)).toThrow(/업무 달력/);
  });
});

describe('bad event logs are refused with what to fix', () => {
  const refused = (events: ClockEvent[], message: RegExp, path: string) => {
    let error: unknown;
    try {
      clock('complaint', 'general', at(2, '09:00'), events, at(3, '09:00'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(message);
    expect((error as AppError).details?.issues?.[0]?.path).toBe(path);
  };
  it('an event earlier than the one before it', () => refused([ev(at(2, '12:00'), 'waiting'), ev(at(2, '11:00'), 'resumed')], /앞 이벤트보다 이른/, 'events.1.at'));
  it('an event before the ticket was received', () => refused([ev(at(1, '12:00'), 'assigned')], /접수 시각\(openedAt\)보다 앞섭니다/, 'events.0.at'));
  it('an event after now', () => refused([ev(at(4, '12:00'), 'resolved')], /현재 시각\(now\)보다 늦습니다/, 'events.0.at'));
  it('resumed without waiting', () => refused([ev(at(2, '10:00'), 'resumed')], /처리 중인 건에는 '처리 재개'/, 'events.0.type'));
  it('closed before it was resolved', () => refused([ev(at(2, '10:00'), 'closed')], /처리 중인 건에는 '종결'/, 'events.0.type'));
  it('reopened while still open', () => refused([ev(at(2, '10:00'), 'reopened')], /'재처리'/, 'events.0.type'));
  it('anything but a note after closing', () => refused([ev(at(2, '10:00'), 'resolved'), ev(at(2, '11:00'), 'closed'), ev(at(2, '12:00'), 'reopened')], /종결됨인 건에는/, 'events.2.type'));
  it('received anywhere but first, at the opening', () => refused([ev(at(2, '10:00'), 'received')], /접수\(received\)는 첫 이벤트/, 'events.0.type'));
  it('a time without its offset', () => refused([ev('2026-12-02T10:00:00', 'assigned')], /시간대가 붙은 ISO 8601/, 'events.0.at'));
});

describe('sla CLI contract', () => {
  it('answers exactly {dueAt, state, remainingMinutes}', () => {
    const out = slaCommand({ kind: 'fault', category: 'software', openedAt: at(2, '09:00'), events: [{ at: at(2, '09:05'), type: 'assigned' }], now: at(2, '10:00') });
    expect(out).toEqual({ dueAt: at(2, '13:00'), state: 'open', remainingMinutes: 180 });
  });
  it('an unknown category names the ones that exist', () => {
    expect(() => slaCommand({ kind: 'fault', category: 'general', openedAt: at(2, '09:00'), events: [], now: at(2, '10:00') })).toThrow(/software\(소프트웨어\), hardware\(하드웨어\)/);
    expect(() => slaCommand({ kind: 'complaint', category: 'urgent', openedAt: at(2, '09:00'), events: [], now: at(2, '10:00') })).toThrow(/simple\(단순\)/);
  });
  it('an unknown event type, an unknown kind and extra fields are refused', () => {
    expect(() => slaCommand({ kind: 'fault', category: 'software', openedAt: at(2, '09:00'), events: [{ at: at(2, '09:30'), type: 'fixed' }], now: at(2, '10:00') })).toThrow(/이벤트 종류\(type\)/);
    expect(() => slaCommand({ kind: 'praise', category: 'simple', openedAt: at(2, '09:00'), events: [], now: at(2, '10:00') })).toThrow(/complaint\(민원\) 또는 fault/);
    expect(() => slaCommand({ kind: 'fault', category: 'software', openedAt: at(2, '09:00'), events: [], now: at(2, '10:00'), x: 1 })).toThrow(AppError);
  });
  it('now before the opening is refused', () => {
    expect(() => slaCommand({ kind: 'fault', category: 'software', openedAt: at(2, '09:00'), events: [], now: at(1, '10:00') })).toThrow(/접수 시각\(openedAt\)보다 앞섭니다/);
  });
});
