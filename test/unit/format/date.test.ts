import { afterEach, describe, expect, it } from 'vitest';
import { formatKoreanDate, formatKoreanDateTime, isIsoDate, todayIso } from '../../../shared/format/date';

describe('dates as Korean papers print them', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('2026-11-22 prints as 2026. 11. 22.', () => {
    expect(formatKoreanDate('2026-11-22')).toBe('2026. 11. 22.');
    expect(formatKoreanDate(new Date(2026, 10, 22))).toBe('2026. 11. 22.');
  });

  it('months and days are not zero-padded: 2026. 1. 5.', () => {
    expect(formatKoreanDate('2026-01-05')).toBe('2026. 1. 5.');
  });

  it('date and time for audit lines: 2026. 11. 22. 14:05', () => {
    expect(formatKoreanDateTime(new Date(2026, 10, 22, 14, 5))).toBe('2026. 11. 22. 14:05');
  });

  it('a date-only text is the same calendar day in every time zone (not UTC midnight)', () => {
    for (const tz of ['America/New_York', 'Asia/Seoul', 'Pacific/Honolulu', 'UTC']) {
      process.env.TZ = tz;
      expect(formatKoreanDate('2026-11-22')).toBe('2026. 11. 22.');
      expect(formatKoreanDateTime('2026-11-22')).toBe('2026. 11. 22. 00:00');
    }
  });

  it('an impossible date is refused, not printed', () => {
    expect(() => formatKoreanDate('2026-13-45')).toThrow(RangeError);
    expect(() => formatKoreanDate('2026-02-30')).toThrow(RangeError);
    expect(() => formatKoreanDate('next tuesday')).toThrow(RangeError);
  });

  it('isIsoDate accepts real YYYY-MM-DD dates only; todayIso writes local today', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-1-5')).toBe(false);
    expect(todayIso(new Date(2026, 10, 22, 23, 59))).toBe('2026-11-22');
  });
});
