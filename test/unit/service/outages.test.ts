/**
 * Outages credit the bill (이용약관 제10조): windows merged per KST month, fed to the one art. 10
 * rule, and printed as a credit line with the outage list on that month's settlement request.
 */
import { describe, expect, it } from 'vitest';
import { priceQuote } from '../../../shared/catalog/engine';
import { blockTexts } from '../../../shared/forms/blocks';
import { buildForm } from '../../../shared/forms/registry';
import { creditMonthOf, outageFeeOf } from '../../../shared/forms/settlement';
import { minutesToHours, monthOutageCredit, monthsOf, outageLine } from '../../../shared/service/outages';
import { fixtureApplication, ktCatalog } from '../../fixtures/documents/load';

const nov = (day: number, time: string) => `2026-11-${String(day).padStart(2, '0')}T${time}:00+09:00`;
const FEE = 2_400_000;

describe('an outage across a month boundary (split at KST midnight of the 1st)', () => {
  const across = [{ start: '2026-11-30T22:00:00+09:00', end: '2026-12-01T03:00:00+09:00', ticketId: 't' }];

  it('a 5-hour outage from 30 Nov 22:00 to 1 Dec 03:00 is one outage of 5 h at once: November credits its 2 h (24,000원), December its 3 h (36,000원), together what 5 h in one month owe', () => {
    const nov = monthOutageCredit('2026-11', across, FEE);
    const dec = monthOutageCredit('2026-12', across, FEE);
    expect(nov.outages).toEqual([{ start: '2026-11-30T22:00:00+09:00', end: '2026-12-01T00:00:00+09:00', minutes: 120, ticketIds: ['t'], wholeMinutes: 300 }]);
    expect(dec.outages).toEqual([{ start: '2026-12-01T00:00:00+09:00', end: '2026-12-01T03:00:00+09:00', minutes: 180, ticketIds: ['t'], wholeMinutes: 300 }]);
    expect(nov.damages).toMatchObject({ eligible: true, basis: 'single-outage', hours: 2, amount: 24_000 });
    expect(dec.damages).toMatchObject({ eligible: true, basis: 'single-outage', hours: 3, amount: 36_000 });
    expect(nov.damages.amount + dec.damages.amount).toBe(monthOutageCredit('2026-11', [{ start: '2026-11-10T09:00:00+09:00', end: '2026-11-10T14:00:00+09:00' }], FEE).damages.amount);
  });

  it('a 3-hour outage across midnight of the 1st owes nothing in either month (it never lasted 4 h at once)', () => {
    const w = [{ start: '2026-11-30T23:00:00+09:00', end: '2026-12-01T02:00:00+09:00' }];
    expect(monthOutageCredit('2026-11', w, FEE).damages).toMatchObject({ eligible: false, hours: 1, amount: 0 });
    expect(monthOutageCredit('2026-12', w, FEE).damages).toMatchObject({ eligible: false, hours: 2, amount: 0 });
  });

  it("the monthly total counts only the month's part: 22 h of short outages plus 1 h of a crossing 3-hour outage is 23 h in November (nothing owed), not 25 h", () => {
    const short = Array.from({ length: 11 }, (_, i) => ({ start: `2026-11-${String(i + 1).padStart(2, '0')}T09:00:00+09:00`, end: `2026-11-${String(i + 1).padStart(2, '0')}T11:00:00+09:00` }));
    const c = monthOutageCredit('2026-11', [...short, { start: '2026-11-30T23:00:00+09:00', end: '2026-12-01T02:00:00+09:00' }], FEE);
    expect(c.totalMinutes).toBe(23 * 60);
    expect(c.damages.eligible).toBe(false);
  });

  it('overlapping windows across the boundary are merged first, then split: 20:00–01:00 and 23:00–04:00 are one 8-hour outage, 4 h in each month', () => {
    const w = [
      { start: '2026-11-30T20:00:00+09:00', end: '2026-12-01T01:00:00+09:00', ticketId: 'a' },
      { start: '2026-11-30T23:00:00+09:00', end: '2026-12-01T04:00:00+09:00', ticketId: 'b' },
    ];
    expect(monthOutageCredit('2026-11', w, FEE).outages).toEqual([{ start: '2026-11-30T20:00:00+09:00', end: '2026-12-01T00:00:00+09:00', minutes: 240, ticketIds: ['a', 'b'], wholeMinutes: 480 }]);
    expect(monthOutageCredit('2026-12', w, FEE).damages).toMatchObject({ eligible: true, hours: 4, amount: 48_000 });
  });

  it('the boundary is KST, also at the turn of the year: 31 Dec 22:00 – 1 Jan 02:00 KST (13:00–17:00 UTC on 31 Dec) touches December and January', () => {
    const w = [{ start: '2026-12-31T13:00:00Z', end: '2026-12-31T17:00:00Z' }];
    expect(monthsOf(w)).toEqual(['2026-12', '2027-01']);
    expect(monthOutageCredit('2026-12', w, FEE).totalMinutes).toBe(120);
    expect(monthOutageCredit('2027-01', w, FEE).outages[0]).toMatchObject({ start: '2027-01-01T00:00:00+09:00', minutes: 120, wholeMinutes: 240 });
  });

  it("the outage list on paper says a line is the month's part of a longer outage", () => {
    const [part] = monthOutageCredit('2026-12', across, FEE).outages;
    expect(outageLine(part!)).toBe('2026. 12. 1. 00:00 ~ 2026. 12. 1. 03:00 (3시간 0분, 전체 5시간 0분 중 이달분)');
    expect(outageLine({ start: '2026-11-10T09:00:00+09:00', end: '2026-11-10T14:00:00+09:00', minutes: 300 })).toBe('2026. 11. 10. 09:00 ~ 2026. 11. 10. 14:00 (5시간 0분)');
  });
});

describe('art. 10 per month from outage windows', () => {
  it('one 5-hour outage in a month owes fee × 5 / 200 = 60,000원 (single outage of 4 h or more)', () => {
    const c = monthOutageCredit('2026-11', [{ start: nov(10, '09:00'), end: nov(10, '14:00') }], FEE);
    expect(c.damages).toMatchObject({ eligible: true, basis: 'single-outage', amount: 60_000, hours: 5 });
    expect(c.totalMinutes).toBe(300);
  });

  it('overlapping windows count once: 09:00–12:00 and 11:00–14:00 are one 5-hour outage, not 6 hours', () => {
    const c = monthOutageCredit(
      '2026-11',
      [
        { start: nov(10, '09:00'), end: nov(10, '12:00'), ticketId: 'a' },
        { start: nov(10, '11:00'), end: nov(10, '14:00'), ticketId: 'b' },
      ],
      FEE,
    );
    expect(c.outages).toEqual([{ start: nov(10, '09:00'), end: nov(10, '14:00'), minutes: 300, ticketIds: ['a', 'b'] }]);
    expect(c.damages.amount).toBe(60_000);
  });

  it('two separate 3-hour outages (6 h in the month) owe nothing; 25 hours of short outages do', () => {
    expect(
      monthOutageCredit(
        '2026-11',
        [
          { start: nov(3, '09:00'), end: nov(3, '12:00') },
          { start: nov(4, '09:00'), end: nov(4, '12:00') },
        ],
        FEE,
      ).damages.eligible,
    ).toBe(false);
    const many = Array.from({ length: 25 }, (_, i) => ({ start: nov(i + 1, '09:00'), end: nov(i + 1, '10:00') }));
    expect(monthOutageCredit('2026-11', many, FEE).damages).toMatchObject({ eligible: true, basis: 'monthly-total', amount: 300_000 });
  });

  it('an outage over midnight of the 1st is cut into its two KST months', () => {
    const w = [{ start: '2026-11-30T22:00:00+09:00', end: '2026-12-01T03:30:00+09:00' }];
    expect(monthsOf(w)).toEqual(['2026-11', '2026-12']);
    expect(monthOutageCredit('2026-11', w, FEE).totalMinutes).toBe(120);
    expect(monthOutageCredit('2026-12', w, FEE).totalMinutes).toBe(210);
  });

  it('an end before its start, or an unknown month, is refused with what to fix', () => {
    expect(() => monthOutageCredit('2026-11', [{ start: nov(10, '14:00'), end: nov(10, '09:00') }], FEE)).toThrow(/1번째 장애: 장애 종료 시각은 시작 시각보다 늦어야/);
    expect(() => monthOutageCredit('2026-13', [], FEE)).toThrow(/YYYY-MM/);
    expect(() => monthOutageCredit('2026-11', [{ start: 'yesterday', end: nov(10, '09:00') }], FEE)).toThrow(/ISO 8601/);
  });

  it('minutes become hours cut to 1/100 hour, never rounded up', () => {
    expect([minutesToHours(300), minutesToHours(90), minutesToHours(20), minutesToHours(1)]).toEqual([5, 1.5, 0.33, 0.01]);
  });
});

describe('the settlement request carries the credit of its month by itself', () => {
  const app = fixtureApplication();
  const catalog = ktCatalog();
  const fee = outageFeeOf(priceQuote(catalog, { term: app.term, items: app.items }));

  it('a 5-hour outage in November puts the art. 10 credit and the outage list on the request made 2 Dec (for November)', () => {
    const doc = buildForm('settlement', { application: app, catalog, settlement: { requestDate: '2026-12-02' }, outages: [{ start: nov(10, '09:00'), end: nov(10, '14:00') }] });
    const content = doc.content as { outageCredit: { month: string; amount: number; outages: string[] } | null };
    expect(fee).toBeGreaterThan(0);
    expect(content.outageCredit).toMatchObject({ month: '2026-11', amount: Math.floor((fee * 5) / 200), outages: ['2026. 11. 10. 09:00 ~ 2026. 11. 10. 14:00 (5시간 0분)'] });
    const text = blockTexts(doc.blocks).join('\n');
    expect(text).toContain('장애 손해배상 감액 (이용약관 제10조)');
    expect(text).toContain(`-${Math.floor((fee * 5) / 200).toLocaleString('ko-KR')}원`);
  });

  it('no credit line when the month owes nothing, or the outage is in another month', () => {
    const short = buildForm('settlement', { application: app, catalog, settlement: { requestDate: '2026-12-02' }, outages: [{ start: nov(10, '09:00'), end: nov(10, '11:00') }] });
    expect((short.content as { outageCredit: unknown }).outageCredit).toBeNull();
    const october = buildForm('settlement', { application: app, catalog, settlement: { requestDate: '2026-11-02' }, outages: [{ start: nov(10, '09:00'), end: nov(10, '14:00') }] });
    expect((october.content as { outageCredit: unknown }).outageCredit).toBeNull();
    expect(blockTexts(october.blocks).join('\n')).not.toContain('제10조)');
  });

  it("the credited month is the rep's choice, else the staffing month, else the month before the request (January → December)", () => {
    expect(creditMonthOf({ creditMonth: '2026-09' }, '2026-12-02')).toBe('2026-09');
    expect(creditMonthOf({ staffing: { month: '2026-10' } }, '2026-12-02')).toBe('2026-10');
    expect(creditMonthOf({}, '2027-01-05')).toBe('2026-12');
  });
});
