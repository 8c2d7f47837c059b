/**
 * Monthly service figures (PRODUCT.md targets), computed on read from tickets and their event
 * logs, never stored:
 * - **SLA met %**: of the tickets whose clock ended in the month (first resolution in the log,
 *   KST month) or ran out in the month while still open, those resolved within their time.
 *   Target: all of them (every category has its own deadline; the figure shows how many kept it).
 * - **Satisfaction %**: complaints closed in the month whose customer answered — satisfied over
 *   satisfied + dissatisfied ('no-answer' is not counted). Target: above `satisfactionAbovePercent`.
 * - **Justified complaints per 10,000 subscriptions**: complaints closed in the month marked
 *   justified, over the live subscriptions (개통 이후) HQ holds now. Target: below
 *   `justifiedPer10000Below`.
 */
import { kstMonth } from './outages';
import { fitLog, slaClock, type ClockEvent } from './sla';
import { categoryOf, type SATISFACTION } from './tickets';
import type { ServiceTargets, TicketKind } from './targets';
import type { MonthFigures } from './protocol';

export interface FigureTicket {
  kind: TicketKind;
  category: string;
  openedAt: string;
  events: readonly (ClockEvent & { satisfaction?: (typeof SATISFACTION)[number] | null; justified?: boolean | null })[];
}

const pct = (count: number, of: number) => (of === 0 ? null : Math.round((count / of) * 1000) / 10);

export function monthFigures(month: string, tickets: readonly FigureTicket[], subscriptions: number, targets: ServiceTargets, now: string): MonthFigures {
  let met = 0;
  let counted = 0;
  let satisfied = 0;
  let answered = 0;
  let justified = 0;
  for (const t of tickets) {
    const { log } = fitLog(t.openedAt, t.events);
    const clock = slaClock({ kind: t.kind, category: categoryOf(t.kind, t.category), openedAt: t.openedAt, events: log, now }, targets);
    const resolved = log.find((e) => e.type === 'resolved');
    const endedIn = resolved ? kstMonth(Date.parse(resolved.at)) : clock.state === 'breached' ? kstMonth(Date.parse(clock.dueAt)) : null;
    if (endedIn === month) {
      counted += 1;
      if (clock.state === 'met') met += 1;
    }
    const closed = [...log].reverse().find((e) => e.type === 'closed');
    if (t.kind === 'complaint' && closed && kstMonth(Date.parse(closed.at)) === month) {
      if (closed.satisfaction === 'satisfied' || closed.satisfaction === 'dissatisfied') {
        answered += 1;
        if (closed.satisfaction === 'satisfied') satisfied += 1;
      }
      if (closed.justified === true) justified += 1;
    }
  }
  return {
    month,
    slaMet: { count: met, of: counted, percent: pct(met, counted) },
    satisfaction: { count: satisfied, of: answered, percent: pct(satisfied, answered) },
    justified: { count: justified, subscriptions, per10000: subscriptions === 0 ? null : Math.round((justified / subscriptions) * 10_000 * 100) / 100 },
  };
}

/** The `n` KST months ending with `month`, oldest first. */
export function monthsEndingWith(month: string, n: number): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    out.push(d.toISOString().slice(0, 7));
  }
  return out;
}
