/** Dates as Korean business papers print them: 2026. 11. 22. */
export function formatKoreanDate(value: string | Date): string {
  const { y, m, d } = dateParts(value);
  return `${y}. ${m}. ${d}.`;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** The same date on an English screen: Nov 22, 2026 (screens only; paper is Korean). */
export function formatEnglishDate(value: string | Date): string {
  const { y, m, d } = dateParts(value);
  return `${MONTHS_EN[m - 1]!} ${d}, ${y}`;
}

/** Date and time on an English screen: Nov 22, 2026 14:05 */
export function formatEnglishDateTime(value: string | Date): string {
  const date = typeof value === 'string' ? parseDateText(value) : value;
  return `${formatEnglishDate(date)} ${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** Date and time for audit lines: 2026. 11. 22. 14:05 */
export function formatKoreanDateTime(value: string | Date): string {
  const date = typeof value === 'string' ? parseDateText(value) : value;
  const hh = String(date.getHours()).padStart(2, '0');
  const mm = String(date.getMinutes()).padStart(2, '0');
  return `${formatKoreanDate(date)} ${hh}:${mm}`;
}

/**
 * A date-only text (YYYY-MM-DD) is a calendar date, read in local time: `new Date('2026-11-22')`
 * would be UTC midnight and print the day before west of Greenwich. Other text (ISO date-time)
 * goes through Date. An impossible date (2026-13-45) is refused, never printed.
 */
function parseDateText(value: string): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    if (!isIsoDate(value)) throw new RangeError(`날짜가 올바르지 않습니다: ${value}. YYYY-MM-DD 형식의 실제 날짜를 쓰세요.`);
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    return new Date(y, m - 1, d);
  }
  return new Date(value);
}

function dateParts(value: string | Date): { y: number; m: number; d: number } {
  const date = typeof value === 'string' ? parseDateText(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError(`날짜 형식이 아닙니다: ${String(value)}. YYYY-MM-DD 형식으로 쓰세요.`);
  return { y: date.getFullYear(), m: date.getMonth() + 1, d: date.getDate() };
}

/** True when the text is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Today as YYYY-MM-DD in the device's local time zone (the date a rep writes on a form). */
export function todayIso(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/**
 * Date and time in Korea's time zone (KST, UTC+9, no daylight saving) whatever the computer's
 * own zone: 2026. 11. 22. 14:05. For times the device recorded as instants (backups, restores).
 */
export function formatKstDateTime(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError(`날짜 형식이 아닙니다: ${String(value)}.`);
  const kst = new Date(date.getTime() + 9 * 3_600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${kst.getUTCFullYear()}. ${kst.getUTCMonth() + 1}. ${kst.getUTCDate()}. ${two(kst.getUTCHours())}:${two(kst.getUTCMinutes())}`;
}

/** Korea Standard Time: UTC+9 all year (no daylight saving). */
const KST_OFFSET_MS = 9 * 3600_000;

/** The KST calendar fields of an instant (an ISO text with its offset, or a Date). */
function kstParts(value: string | Date): { y: number; m: number; d: number; hh: number; mm: number; ss: number } {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError(`시각 형식이 아닙니다: ${String(value)}. ISO 8601 일시로 쓰세요.`);
  const k = new Date(date.getTime() + KST_OFFSET_MS);
  return { y: k.getUTCFullYear(), m: k.getUTCMonth() + 1, d: k.getUTCDate(), hh: k.getUTCHours(), mm: k.getUTCMinutes(), ss: k.getUTCSeconds() };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * An instant as the audit page prints it, in Korean time with the offset, whatever zone the
 * device that recorded it was in: 2026. 12. 02. 14:05:09 (UTC+09:00).
 */
export function formatKstTimestamp(value: string | Date): string {
  const p = kstParts(value);
  return `${p.y}. ${pad2(p.m)}. ${pad2(p.d)}. ${pad2(p.hh)}:${pad2(p.mm)}:${pad2(p.ss)} (UTC+09:00)`;
}

/** The KST calendar date of an instant, as papers print dates: 2026. 12. 2. */
export function formatKstDate(value: string | Date): string {
  const p = kstParts(value);
  return `${p.y}. ${p.m}. ${p.d}.`;
}

/**
 * A date for paper from either a calendar date (YYYY-MM-DD, printed as it is) or an instant
 * (an ISO timestamp such as a version's save time, printed as its day in Korea).
 */
export function formatPaperDate(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatKoreanDate(value) : formatKstDate(value);
}
