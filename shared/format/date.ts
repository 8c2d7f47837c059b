/** Dates as Korean business papers print them: 2026. 11. 22. */
export function formatKoreanDate(value: string | Date): string {
  const { y, m, d } = dateParts(value);
  return `${y}. ${m}. ${d}.`;
}

/** Date and time for audit lines: 2026. 11. 22. 14:05 */
export function formatKoreanDateTime(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  const hh = String(date.getHours()).padStart(2, '0');
  const mm = String(date.getMinutes()).padStart(2, '0');
  return `${formatKoreanDate(date)} ${hh}:${mm}`;
}

function dateParts(value: string | Date): { y: number; m: number; d: number } {
  if (typeof value === 'string') {
    const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
    if (match && value.length === 10) return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
    value = new Date(value);
  }
  if (Number.isNaN(value.getTime())) throw new RangeError(`날짜 형식이 아닙니다: ${String(value)}`);
  return { y: value.getFullYear(), m: value.getMonth() + 1, d: value.getDate() };
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
