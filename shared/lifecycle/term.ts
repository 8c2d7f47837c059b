import { addMonths, addYears, format, parseISO, subMonths } from 'date-fns';
import { errorMsg } from '../i18n/error-messages';
import { TERM_MONTHS, type Term } from '../domain/application';
import { AppError } from '../contract/errors';

const iso = (d: Date) => format(d, 'yyyy-MM-dd');

/**
 * Contract term rules (이용약관 제14조): the contract runs for the term from its start and renews
 * for a year at a time unless either side gives written notice one month before the end.
 */
export interface TermSchedule {
  start: string;
  /** Last day of the current term (after renewals up to `today`). */
  end: string;
  /** From this day the renewal notice shows (one month before the end). */
  noticeFrom: string;
  renewals: number;
}

/** YYYY-MM-DD plus whole months, the day clamped to the month's last day (1월 31일 + 1개월 → 2월 28일). */
export function addMonthsIso(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10);
}

function addDaysIso(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The last day of a term that starts on `start` (the one rule, for the schedule, #3, the settlement request and the contract): start + months − 1 day (36개월 from 2026-11-22 → 2029-11-21). */
export function termEndDate(start: string, months: number): string {
  return addDaysIso(addMonthsIso(start, months), -1);
}

export function termSchedule(start: string, term: Term, today: string, termEnd?: string): TermSchedule | null {
  const months = TERM_MONTHS[term];
  let end: string;
  if (months === null) {
    if (!termEnd) return null;
    end = termEnd;
  } else {
    end = termEndDate(start, months);
  }
  let renewals = 0;
  while (end < today) {
    end = iso(addYears(parseISO(end), 1));
    renewals += 1;
  }
  return { start, end, noticeFrom: iso(subMonths(parseISO(end), 1)), renewals };
}

/** Show the renewal notice when today is within the month before the end. */
export function renewalNoticeDue(schedule: TermSchedule | null, today: string): boolean {
  return schedule !== null && today >= schedule.noticeFrom && today <= schedule.end;
}

/**
 * 일시이용중단 (제13조): 1 to 6 months on written request; no monthly fee for those months.
 * Returns the fee-free months as YYYY-MM, starting with the month the suspension starts.
 */
export function suspensionFreeMonths(startDate: string, months: number): string[] {
  if (!Number.isInteger(months) || months < 1 || months > 6) {
    throw new AppError('INVALID_INPUT', errorMsg('life.suspendMonths'), {
      issues: [{ path: 'months', message: '일시정지 기간은 1~6개월입니다.' }],
    });
  }
  const first = parseISO(startDate);
  return Array.from({ length: months }, (_, i) => format(addMonths(first, i), 'yyyy-MM'));
}

/** Whole months from the start to a date (for the penalty's 사용월수). */
export function monthsUsed(start: string, until: string): number {
  const a = parseISO(start);
  const b = parseISO(until);
  let m = (b.getFullYear() - a.getFullYear()) * 12 + (b.getMonth() - a.getMonth());
  if (b.getDate() < a.getDate()) m -= 1;
  return Math.max(0, m);
}
