/**
 * Outages credit the bill (이용약관 제10조): windows merged per KST month, fed to the one art. 10
 * rule, and printed as a credit line with the outage list on that month's settlement request.
 */
import { describe, expect, it } from 'vitest';
import { priceQuote } from '../../../shared/catalog/engine';
import { blockTexts } from '../../../shared/forms/blocks';
import { buildForm } from '../../../shared/forms/registry';
import { creditMonthOf, outageFeeOf } from '../../../shared/forms/settlement';
import { minutesToHours, monthOutageCredit, monthsOf } from '../../../shared/service/outages';
import { fixtureApplication, ktCatalog } from '../../fixtures/documents/load';

const nov = (day: number, time: string) => `2026-11-${String(day).padStart(2, '0')}T${time}:00+09:00`;
const FEE = 2_400_000;

describe('art. 10 per month from outage windows', () => {
  it('one 5-hour outage in a month owes fee × 5 / 200 = 60,000원 (single outage of 4 h or more)', () => {
    const c = monthOutageCredit('2026-11', [{ start: nov(10, '09:00'), end: nov(10, '14:00') }], FEE);
    expect(c.damages).toMatchObject({ eligible: true, basis: 'single-outage', amount: 60_000, hours: 5 });
    expect(c.totalMinutes).toBe(300);
  });

  it('overlapping windows count once: 09:00–12:00 and 11:00–14:00 are one 5-hour outage, not 6 hours', () => {
    const c = monthOutageCredit('2026-11', [{ start: nov(10, '09:00'), end: nov(10, '12:00'), ticketId: 'a' }, { start: nov(10, '11:00'), end: nov(10, '14:00'), ticketId: 'b' }], FEE);
    expect(c.outages).toEqual([{ start: nov(10, '09:00'), end: nov(10, '14:00'), minutes: 300, ticketIds: ['a', 'b'] }]);
    expect(c.damages.amount).toBe(60_000);
  });

  it('two separate 3-hour outages (6 h in the month) owe nothing; 25 hours of short outages do', () => {
    expect(monthOutageCredit('2026-11', [{ start: nov(3, '09:00'), end: nov(3, '12:00') }, { start: nov(4, '09:00'), end: nov(4, '12:00') }], FEE).damages.eligible).toBe(false);
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

  it('the credited month is the rep\'s choice, else the staffing month, else the month before the request (January → December)', () => {
    expect(creditMonthOf({ creditMonth: '2026-09' }, '2026-12-02')).toBe('2026-09');
    expect(creditMonthOf({ staffing: { month: '2026-10' } }, '2026-12-02')).toBe('2026-10');
    expect(creditMonthOf({}, '2027-01-05')).toBe('2026-12');
  });
});
