/**
 * SLA clocks of complaints (VOC) and faults, computed on read from the ticket's event log and
 * `now` — never stored, so nothing drifts. One rule, used by the device, HQ, the screens and the
 * `sla` CLI.
 *
 * The clock runs from `openedAt`; it stops while the ticket waits for the customer (`waiting` →
 * `resumed`) and after `resolved`; a `reopened` ticket runs again from the time it was reopened,
 * with what was left of its budget (the hours it sat resolved are not counted — the customer had
 * an answer). Resolved (or closed) at or before the due time is `met`, after it `breached`; an open
 * ticket past its due time is `breached` at once.
 */
import { AppError } from '../contract/errors';
import { targetMinutes, type BusinessCalendar, type ServiceTargets, type TicketCategory, type TicketKind } from './targets';

/** The event log of a ticket (접수, 배정, 고객 대기, 재개, 해결, 재개봉, 종결, 메모). */
export const TICKET_EVENT_TYPES = ['received', 'assigned', 'waiting', 'resumed', 'resolved', 'reopened', 'closed', 'note'] as const;
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];
export const EVENT_LABELS: Record<TicketEventType, string> = {
  received: '접수',
  assigned: '배정',
  waiting: '고객 대기',
  resumed: '처리 재개',
  resolved: '해결',
  reopened: '재처리',
  closed: '종결',
  note: '메모',
};

export interface ClockEvent {
  /** ISO 8601 instant with its offset. */
  at: string;
  type: TicketEventType;
}

/** Where the ticket's life is: the clock runs in `running` only. */
export type TicketPhase = 'running' | 'waiting' | 'resolved' | 'closed';

/** Which event may follow in which phase; a missing entry is an event out of order. */
const NEXT: Record<TicketPhase, Partial<Record<TicketEventType, TicketPhase>>> = {
  running: { assigned: 'running', note: 'running', waiting: 'waiting', resolved: 'resolved' },
  waiting: { assigned: 'waiting', note: 'waiting', resumed: 'running', resolved: 'resolved' },
  resolved: { note: 'resolved', reopened: 'running', closed: 'closed' },
  closed: { note: 'closed' },
};

/** The steps that may follow in a phase (the screens offer only these). */
export function nextEvents(phase: TicketPhase): TicketEventType[] {
  return TICKET_EVENT_TYPES.filter((e) => NEXT[phase][e] !== undefined);
}

const PHASE_TEXT: Record<TicketPhase, string> = { running: '처리 중', waiting: '고객 대기 중', resolved: '해결됨', closed: '종결됨' };

export interface SlaClock {
  /** When the budget runs out (KST ISO). Resolved: as it stood then; waiting: as if work resumed now. */
  dueAt: string;
  state: 'open' | 'met' | 'breached';
  /** Budget left (negative: minutes overdue), whole minutes rounded down. */
  remainingMinutes: number;
  phase: TicketPhase;
  /** Counted minutes so far (up to now, or to resolution), rounded down. */
  elapsedMinutes: number;
  targetMinutes: number;
  /** The clock is not running now (waiting for the customer, resolved or closed). */
  paused: boolean;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const KST = 9 * 3_600_000;

function invalid(path: string, message: string): AppError {
  return new AppError('INVALID_INPUT', message, { issues: [{ path, message }] });
}

function instant(value: string, path: string, label: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw invalid(path, `${label}은(는) 시간대가 붙은 ISO 8601 일시로 쓰세요 (예: 2026-12-02T09:00:00+09:00).`);
  return ms;
}

/** An instant as Korean-time ISO text: 2026-12-02T17:00:00+09:00. */
function kstIso(ms: number): string {
  return `${new Date(ms + KST).toISOString().slice(0, 19)}+09:00`;
}

// ── measuring time: real time, or a business calendar in KST ──

interface Measure {
  /** Counted milliseconds in [a, b). */
  between(a: number, b: number): number;
  /** The first instant t ≥ from with between(from, t) = amount. */
  add(from: number, amount: number): number;
}

const REAL_TIME: Measure = { between: (a, b) => Math.max(0, b - a), add: (from, amount) => from + amount };

/** A calendar that never opens would spin forever; a due time more than two years out is an error. */
const MAX_CALENDAR_DAYS = 731;

function calendarMeasure(cal: BusinessCalendar): Measure {
  const holidays = new Set(cal.holidays);
  const [sh, sm] = cal.start.split(':').map(Number) as [number, number];
  const [eh, em] = cal.end.split(':').map(Number) as [number, number];
  const open = (sh * 60 + sm) * MINUTE;
  const close = (eh * 60 + em) * MINUTE;
  /** The working window [start, end) of the KST day that begins at `dayStart` (a UTC ms), or null. */
  const windowOf = (dayStart: number): [number, number] | null => {
    const kst = new Date(dayStart + KST);
    if (!cal.weekdays.includes(kst.getUTCDay()) || holidays.has(kst.toISOString().slice(0, 10))) return null;
    return [dayStart + open, dayStart + close];
  };
  const dayStartOf = (t: number) => Math.floor((t + KST) / DAY) * DAY - KST;
  return {
    between(a, b) {
      let total = 0;
      for (let day = dayStartOf(a); day < b; day += DAY) {
        const w = windowOf(day);
        if (w) total += Math.max(0, Math.min(b, w[1]) - Math.max(a, w[0]));
      }
      return total;
    },
    add(from, amount) {
      let left = amount;
      let day = dayStartOf(from);
      for (let n = 0; n < MAX_CALENDAR_DAYS; n++, day += DAY) {
        const w = windowOf(day);
        if (!w) continue;
        const start = Math.max(from, w[0]);
        if (start > w[1]) continue;
        if (start + left <= w[1]) return start + left;
        left -= w[1] - start;
      }
      throw invalid('calendar', '업무 달력에 근무 시간이 거의 없어 기한을 정할 수 없습니다. 근무 요일과 휴일을 확인하세요.');
    },
  };
}

function measureOf(targets: Pick<ServiceTargets, 'calendar'>): Measure {
  return targets.calendar === 'always' ? REAL_TIME : calendarMeasure(targets.calendar);
}

/**
 * Checks an event log: times in order, none before opening or after `now`, each event allowed
 * in the phase before it ('received' only first, at the opening). Returns the final phase.
 * Throws INVALID_INPUT naming the event (events.N) and what to fix.
 */
export function checkEventLog(openedAt: number, events: readonly ClockEvent[], now?: number): { phase: TicketPhase; times: number[] } {
  let phase: TicketPhase = 'running';
  let last = openedAt;
  const times: number[] = [];
  events.forEach((e, i) => {
    const path = `events.${i}`;
    const at = instant(e.at, `${path}.at`, `${i + 1}번째 이벤트 시각`);
    if (at < openedAt) throw invalid(`${path}.at`, `${i + 1}번째 이벤트(${EVENT_LABELS[e.type]})가 접수 시각(openedAt)보다 앞섭니다. 시각을 확인하세요.`);
    if (at < last) throw invalid(`${path}.at`, `${i + 1}번째 이벤트(${EVENT_LABELS[e.type]})가 앞 이벤트보다 이른 시각입니다. 이벤트는 일어난 순서대로 쓰세요.`);
    if (now !== undefined && at > now) throw invalid(`${path}.at`, `${i + 1}번째 이벤트(${EVENT_LABELS[e.type]})가 현재 시각(now)보다 늦습니다. 아직 일어나지 않은 일은 기록할 수 없습니다.`);
    if (e.type === 'received') {
      if (i !== 0 || at !== openedAt) throw invalid(`${path}.type`, '접수(received)는 첫 이벤트로, 접수 시각(openedAt)과 같은 시각에만 쓸 수 있습니다.');
    } else {
      const next = NEXT[phase][e.type];
      if (!next) throw invalid(`${path}.type`, `${i + 1}번째 이벤트: ${PHASE_TEXT[phase]}인 건에는 '${EVENT_LABELS[e.type]}'을(를) 기록할 수 없습니다. 이벤트 순서를 확인하세요.`);
      phase = next;
    }
    last = at;
    times.push(at);
  });
  return { phase, times };
}

export interface ClockInput {
  kind: TicketKind;
  category: TicketCategory;
  openedAt: string;
  events: readonly ClockEvent[];
  now: string;
}

/** The SLA clock of one ticket at `now`. */
export function slaClock(input: ClockInput, targets: ServiceTargets): SlaClock {
  const opened = instant(input.openedAt, 'openedAt', '접수 시각(openedAt)');
  const now = instant(input.now, 'now', '현재 시각(now)');
  if (now < opened) throw invalid('now', '현재 시각(now)이 접수 시각(openedAt)보다 앞섭니다.');
  const { times } = checkEventLog(opened, input.events, now);
  const measure = measureOf(targets);
  const target = targetMinutes(targets, input.kind, input.category);
  const budget = target * MINUTE;

  let phase = 'running' as TicketPhase;
  let since = opened;
  let elapsed = 0;
  let breachAt: number | undefined;
  let stoppedAt = now;
  const run = (until: number) => {
    const part = measure.between(since, until);
    if (breachAt === undefined && elapsed + part > budget) breachAt = measure.add(since, budget - elapsed);
    elapsed += part;
  };
  for (const [i, e] of input.events.entries()) {
    const at = times[i]!;
    if (e.type === 'received' || e.type === 'note' || e.type === 'assigned') continue;
    if (phase === 'running' && (e.type === 'waiting' || e.type === 'resolved')) run(at);
    if (e.type === 'resumed' || e.type === 'reopened') since = at;
    if (e.type === 'resolved') stoppedAt = at;
    phase = NEXT[phase][e.type]!;
  }
  if (phase === 'running') run(now);

  const remaining = budget - elapsed;
  const done = phase === 'resolved' || phase === 'closed';
  const dueAt = breachAt ?? measure.add(done ? stoppedAt : now, remaining);
  const state = elapsed > budget ? 'breached' : done ? 'met' : 'open';
  return {
    dueAt: kstIso(dueAt),
    state,
    remainingMinutes: Math.floor(remaining / MINUTE) || 0,
    phase,
    elapsedMinutes: Math.floor(elapsed / MINUTE),
    targetMinutes: target,
    paused: phase !== 'running',
  };
}

/**
 * The events of a log that fit together, in time order (ties keep the order given): an event that
 * cannot follow the ones before it — a device's event HQ refused, two ends that recorded the same
 * step while apart — is left out of the clock and returned in `misfits`, so the rest still count
 * and one bad event never hides the ticket.
 */
export function fitLog<T extends ClockEvent>(openedAt: string, events: readonly T[]): { log: T[]; misfits: T[] } {
  const opened = Date.parse(openedAt);
  const ordered = events
    .map((e, i) => ({ e, i, t: Date.parse(e.at) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.e);
  const log: T[] = [];
  const misfits: T[] = [];
  let phase: TicketPhase = 'running';
  for (const e of ordered) {
    const at = Date.parse(e.at);
    if (Number.isNaN(at) || at < opened) {
      misfits.push(e);
      continue;
    }
    if (e.type === 'received') {
      if (log.length === 0 && at === opened) log.push(e);
      else misfits.push(e);
      continue;
    }
    const next: TicketPhase | undefined = NEXT[phase][e.type];
    if (!next) {
      misfits.push(e);
      continue;
    }
    phase = next;
    log.push(e);
  }
  return { log, misfits };
}
