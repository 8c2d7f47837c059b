/**
 * Outages credit the bill (이용약관 제10조): the outage windows of a subscription's faults are
 * merged (an hour lost twice is lost once), cut into Korean calendar months, and each month fed to
 * the existing art. 10 rule (`outageDamages`): one outage of 4 hours or more at once, or a month's
 * total over 24 hours, makes the damages a credit on that month's settlement request.
 *
 * **An outage across a month boundary** is split at KST midnight of the 1st (00:00 +09:00): each
 * month counts its own part — its hours, its monthly total, its amount — and lists the part with
 * the times clipped to the month. Whether it lasted "4 hours or more at once" is decided on the
 * whole outage, not its part: an outage of 30 Nov 22:00 – 1 Dec 03:00 is one 5-hour outage, so
 * November (2 h) and December (3 h) are both eligible, each credited for its own hours
 * (`atOnceHours`). Nothing is counted twice: the parts add up to the whole.
 */
import { z } from 'zod';
import { AppError } from '../contract/errors';
import { outageDamages, type Damages } from '../catalog/calculators';
import { formatKstDateTime } from '../format/date';

export interface OutageWindow {
  /** ISO instants with offset; end after start. */
  start: string;
  end: string;
  /** The fault ticket it came from (for the outage list), if any. */
  ticketId?: string;
}

const iso = (label: string) =>
  z
    .string({ error: `${label}은(는) ISO 8601 일시로 쓰세요 (예: 2026-11-10T09:00:00+09:00).` })
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, { error: `${label}은(는) 시간대가 붙은 ISO 8601 일시로 쓰세요 (예: 2026-11-10T09:00:00+09:00).` })
    .refine((v) => !Number.isNaN(Date.parse(v)), { error: `${label}이(가) 없는 날짜입니다.` });

function windowOrder(w: { start: string; end: string }, ctx: z.core.$RefinementCtx): void {
  const s = Date.parse(w.start);
  const e = Date.parse(w.end);
  if (e <= s) ctx.addIssue({ code: 'custom', path: ['end'], message: '장애 종료 시각은 시작 시각보다 늦어야 합니다. 시작과 종료를 확인하세요.' });
  else if (e - s > 31 * 86_400_000) ctx.addIssue({ code: 'custom', path: ['end'], message: '장애 기간이 31일을 넘습니다. 종료 시각을 확인하세요.' });
}

/** An outage window at any door: end strictly after start, at most 31 days long. */
export const outageWindowSchema = z.strictObject({ start: iso('장애 시작 시각'), end: iso('장애 종료 시각') }).superRefine(windowOrder);

/** Outage windows handed to the document generator, each with the ticket it came from. */
export const outageListSchema = z
  .array(z.strictObject({ start: iso('장애 시작 시각'), end: iso('장애 종료 시각'), ticketId: z.string().max(100).optional() }).superRefine(windowOrder))
  .max(1000, { error: '장애 기록은 1,000건까지 받습니다.' });

const KST = 9 * 3_600_000;

/** 'YYYY-MM' of an instant in KST. */
export function kstMonth(ms: number): string {
  return new Date(ms + KST).toISOString().slice(0, 7);
}

/** [start, end) of the KST month 'YYYY-MM' as UTC ms. */
export function kstMonthRange(month: string): [number, number] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return [Date.UTC(y, m - 1, 1) - KST, Date.UTC(y, m, 1) - KST];
}

/** Merges overlapping or touching windows; sorted by start. */
function mergeWindows(windows: readonly { start: number; end: number; ticketIds: readonly string[] }[]): { start: number; end: number; ticketIds: string[] }[] {
  const sorted = [...windows].sort((a, b) => a.start - b.start);
  const out: { start: number; end: number; ticketIds: string[] }[] = [];
  for (const w of sorted) {
    const last = out.at(-1);
    if (last && w.start <= last.end) {
      last.end = Math.max(last.end, w.end);
      for (const id of w.ticketIds) if (!last.ticketIds.includes(id)) last.ticketIds.push(id);
    } else out.push({ start: w.start, end: w.end, ticketIds: [...w.ticketIds] });
  }
  return out;
}

export interface MonthOutage {
  /** KST ISO instants of the merged window, clipped to the month. */
  start: string;
  end: string;
  /** Whole minutes (the window is cut to the minute: art. 10 counts hours; minutes keep it exact). */
  minutes: number;
  ticketIds: string[];
  /** The whole outage's minutes when it runs into another month (only its part is in `minutes`). */
  wholeMinutes?: number;
}

export interface OutageCredit {
  month: string;
  monthlyFee: number;
  currency: string;
  outages: MonthOutage[];
  totalMinutes: number;
  damages: Damages;
}

/**
 * Art. 10 for one subscription and one KST month: windows merged, clipped to the month, each
 * merged window one outage ("at once"), then `outageDamages` with hours = minutes / 60 as an
 * exact decimal when it is one (minutes that are not a whole 1/100 hour are cut down to one).
 */
export function monthOutageCredit(month: string, windows: readonly OutageWindow[], monthlyFee: number, currency = 'KRW'): OutageCredit {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    throw new AppError('INVALID_INPUT', '대상 월은 YYYY-MM 형식으로 쓰세요 (예: 2026-11).', { issues: [{ path: 'month', message: 'YYYY-MM' }] });
  }
  const [from, to] = kstMonthRange(month);
  const parsed = windows.map((w, i) => {
    const r = outageWindowSchema.safeParse({ start: w.start, end: w.end });
    if (!r.success) {
      const message = r.error.issues[0]?.message ?? '장애 시각을 확인하세요.';
      throw new AppError('INVALID_INPUT', `${i + 1}번째 장애: ${message}`, { issues: [{ path: `outages.${i}`, message }] });
    }
    return { start: Date.parse(w.start), end: Date.parse(w.end), ticketIds: w.ticketId ? [w.ticketId] : [] };
  });
  // Merged whole first (an outage is one outage whichever months it touches), then clipped to the month.
  const merged = mergeWindows(parsed)
    .map((w) => ({ ...w, wholeMinutes: Math.floor((w.end - w.start) / 60_000), start: Math.max(w.start, from), end: Math.min(w.end, to) }))
    .filter((w) => w.end > w.start)
    .map((w) => ({ ...w, minutes: Math.floor((w.end - w.start) / 60_000) }));
  const outages: MonthOutage[] = merged.map((w) => ({
    start: kstIsoOf(w.start),
    end: kstIsoOf(w.end),
    minutes: w.minutes,
    ticketIds: w.ticketIds,
    ...(w.wholeMinutes !== w.minutes ? { wholeMinutes: w.wholeMinutes } : {}),
  }));
  const crossing = merged.filter((w) => w.wholeMinutes !== w.minutes);
  const damages = outageDamages({
    monthlyFee,
    outagesHours: merged.map((w) => minutesToHours(w.minutes)),
    ...(crossing.length > 0 ? { atOnceHours: crossing.map((w) => minutesToHours(w.wholeMinutes)) } : {}),
  });
  return { month, monthlyFee, currency, outages, totalMinutes: merged.reduce((s, w) => s + w.minutes, 0), damages };
}

/** The KST months an outage window touches (a window across midnight of the 1st counts in both). */
export function monthsOf(windows: readonly OutageWindow[]): string[] {
  const months = new Set<string>();
  for (const w of windows) {
    const s = Date.parse(w.start);
    const e = Date.parse(w.end);
    if (Number.isNaN(s) || Number.isNaN(e) || e <= s) continue;
    for (let m = kstMonth(s); ; ) {
      months.add(m);
      const [, next] = kstMonthRange(m);
      if (next >= e) break;
      m = kstMonth(next);
    }
  }
  return [...months].sort();
}

/** Minutes as decimal hours: 300 → 5, 90 → 1.5, 20 → 0.33 (cut to 1/100 hour, never rounded up). */
export function minutesToHours(minutes: number): number {
  return Math.floor((minutes * 100) / 60) / 100;
}

function kstIsoOf(ms: number): string {
  return `${new Date(ms + KST).toISOString().slice(0, 19)}+09:00`;
}

const hm = (minutes: number) => `${Math.floor(minutes / 60)}시간 ${minutes % 60}분`;

/**
 * One line of the outage list on paper: 2026. 11. 10. 09:00 ~ 2026. 11. 10. 14:00 (5시간 0분); the
 * part of an outage that runs into another month says so: (2시간 0분, 전체 5시간 0분 중 이달분).
 */
export function outageLine(o: Pick<MonthOutage, 'start' | 'end' | 'minutes' | 'wholeMinutes'>): string {
  const part = o.wholeMinutes !== undefined && o.wholeMinutes !== o.minutes ? `, 전체 ${hm(o.wholeMinutes)} 중 이달분` : '';
  return `${formatKstDateTime(o.start)} ~ ${formatKstDateTime(o.end)} (${hm(o.minutes)}${part})`;
}

/** Every KST month the windows touch, each with its art. 10 figure (the rep's subscription page). */
export function outageCredits(windows: readonly OutageWindow[], monthlyFee: number, currency = 'KRW'): OutageCredit[] {
  return monthsOf(windows).map((m) => monthOutageCredit(m, windows, monthlyFee, currency));
}

const monthOutageSchema = z.object({ start: z.string(), end: z.string(), minutes: z.number().int(), ticketIds: z.array(z.string()), wholeMinutes: z.number().int().optional() });

/** The art. 10 credit per month of one subscription, with the outage list (the `tickets.credits` channel). */
export const outageCreditsViewSchema = z.object({
  applicationId: z.string(),
  /** The monthly fee art. 10 credits against (the quote's recurring lines, VAT excluded); 0 without a quote. */
  monthlyFee: z.number().int(),
  currency: z.string(),
  months: z.array(
    z.object({
      month: z.string(),
      outages: z.array(monthOutageSchema),
      totalMinutes: z.number().int(),
      eligible: z.boolean(),
      basis: z.enum(['single-outage', 'monthly-total']).nullable(),
      amount: z.number().int(),
      reason: z.string(),
    }),
  ),
});
