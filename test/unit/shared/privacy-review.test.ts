import { describe, expect, it } from 'vitest';
import { findUnusualAccess, kstMonthRange, outsideHours, REVIEW_RULES, type ReviewEntry } from '../../../shared/privacy/hq';

/** An instant given in KST (what the reviewer reads), e.g. kst('2026-11-10T22:05'). */
const kst = (local: string) => new Date(`${local}:00+09:00`).toISOString();
const view = (person: string, at: string, customer: string): ReviewEntry => ({ person, personName: person, at, subjects: [{ kind: 'customer', id: customer }] });

describe('the monthly review of the access log', () => {
  it('working hours are 08:00–20:00 KST on weekdays: 07:59, 20:00 and a Saturday noon are outside, 08:00 and 19:59 on a Tuesday are not', () => {
    expect(outsideHours(kst('2026-11-10T07:59'))).toBe(true);
    expect(outsideHours(kst('2026-11-10T08:00'))).toBe(false);
    expect(outsideHours(kst('2026-11-10T19:59'))).toBe(false);
    expect(outsideHours(kst('2026-11-10T20:00'))).toBe(true);
    expect(outsideHours(kst('2026-11-14T12:00'))).toBe(true); // Saturday
    // 23:30 UTC on Monday is 08:30 KST on Tuesday: inside.
    expect(outsideHours('2026-11-09T23:30:00.000Z')).toBe(false);
  });

  it('one person touching 51 distinct customers within an hour is one finding at the busiest window; 50 is not; spread over two hours is not', () => {
    const burst = Array.from({ length: 51 }, (_, i) => view('rep:강북/김영업', kst(`2026-11-10T10:${String(i).padStart(2, '0')}`), `c${i}`));
    const found = findUnusualAccess(burst);
    expect(found.manySubjects).toEqual([{ person: 'rep:강북/김영업', personName: 'rep:강북/김영업', from: kst('2026-11-10T10:00'), to: kst('2026-11-10T10:50'), distinct: 51 }]);
    expect(findUnusualAccess(burst.slice(0, REVIEW_RULES.manySubjects.count)).manySubjects).toEqual([]);
    const spread = Array.from({ length: 60 }, (_, i) => view('hq:kim', new Date(Date.parse(kst('2026-11-10T09:00')) + i * 2 * 60_000).toISOString(), `c${i}`));
    expect(findUnusualAccess(spread).manySubjects).toEqual([]);
    // The same customer over and over is one customer.
    const same = Array.from({ length: 80 }, (_, i) => view('hq:kim', kst(`2026-11-10T11:${String(i % 60).padStart(2, '0')}`), 'c1'));
    expect(findUnusualAccess(same).manySubjects).toEqual([]);
  });

  it('access outside hours is counted per person with the first few times as examples', () => {
    const entries = [
      view('hq:lee', kst('2026-11-10T21:00'), 'a'),
      view('hq:lee', kst('2026-11-11T06:30'), 'b'),
      view('hq:lee', kst('2026-11-11T10:00'), 'c'),
      view('hq:park', kst('2026-11-11T10:00'), 'd'),
    ];
    expect(findUnusualAccess(entries).outsideHours).toEqual([{ person: 'hq:lee', personName: 'hq:lee', count: 2, examples: [kst('2026-11-10T21:00'), kst('2026-11-11T06:30')] }]);
  });

  it('a month is its KST days: November 2026 runs from 31 Oct 15:00 UTC to 30 Nov 15:00 UTC', () => {
    expect(kstMonthRange('2026-11')).toEqual({ from: '2026-10-31T15:00:00.000Z', to: '2026-11-30T15:00:00.000Z' });
    expect(kstMonthRange('2026-12')).toEqual({ from: '2026-11-30T15:00:00.000Z', to: '2026-12-31T15:00:00.000Z' });
  });
});
