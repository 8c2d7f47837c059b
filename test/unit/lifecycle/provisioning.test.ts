import { describe, expect, it } from 'vitest';
import { provisioningPlan, readyForAcceptance, recordingThursday, type ProvisioningInput } from '../../../shared/lifecycle/provisioning';
import { monthsUsed, renewalNoticeDue, suspensionFreeMonths, termSchedule } from '../../../shared/lifecycle/term';

const base: ProvisioningInput = {
  startDate: '2026-11-20', // a Friday
  lineType: 'leased',
  lineInstallDate: '2026-12-07',
  scenarioReadyDate: '2026-11-27', // a Friday
  acceptanceDate: '2026-12-15',
  headsetsViaKt: false,
  hasCounselingApp: true,
  hasAgents: false,
  serviceNumber: 'J00001587',
};

describe('provisioning tracker', () => {
  it('asks 델타링크 for the router 4 days before a leased-line install', () => {
    const router = provisioningPlan(base, {}, '2026-11-22').find((s) => s.key === 'router-request')!;
    expect(router).toMatchObject({ due: '2026-12-03', owner: 'rep' });
  });

  it('a router request that would fall on a weekend is due the Friday before', () => {
    // Wednesday 2026-12-09 install − 4 days = Saturday 12-05 → Friday 12-04.
    const router = provisioningPlan({ ...base, lineInstallDate: '2026-12-09' }, {}, '2026-11-22').find((s) => s.key === 'router-request')!;
    expect(router.due).toBe('2026-12-04');
  });

  it('records the ARS scenario on the next Thursday (same day when it is a Thursday)', () => {
    expect(recordingThursday('2026-11-27')).toBe('2026-12-03');
    expect(recordingThursday('2026-12-03')).toBe('2026-12-03');
    expect(provisioningPlan(base, {}, '2026-11-22').find((s) => s.key === 'ars-recording')!.due).toBe('2026-12-03');
  });

  it('registers ICIS before opening and orders the line the next business day', () => {
    const plan = provisioningPlan(base, {}, '2026-11-22');
    expect(plan.find((s) => s.key === 'icis')!.due).toBe('2026-12-14');
    expect(plan.find((s) => s.key === 'line-order')!.due).toBe('2026-11-23'); // Friday → Monday
  });

  it('a VPN line has no router step and its reminder carries the service number', () => {
    const plan = provisioningPlan({ ...base, lineType: 'vpn' }, {}, '2026-11-22');
    expect(plan.some((s) => s.key === 'router-request')).toBe(false);
    expect(plan.find((s) => s.key === 'line-order')!.reminder).toContain('J00001587');
  });

  it('includes partner steps only when they apply, each with its owner', () => {
    const plan = provisioningPlan(base, {}, '2026-11-22');
    expect(plan.find((s) => s.key === 'app-setup-training')!.ownerLabel).toBe('넥스프론');
    expect(plan.some((s) => s.key === 'agent-hiring')).toBe(false);
    expect(plan.some((s) => s.key === 'headset')).toBe(false);
    expect(provisioningPlan({ ...base, hasAgents: true }, {}, '2026-11-22').find((s) => s.key === 'agent-hiring')!.ownerLabel).toContain('KTIS');
  });

  it('marks undone steps past their due date as overdue, and done steps never', () => {
    const plan = provisioningPlan(base, { 'line-order': { done: true, doneDate: '2026-11-23' } }, '2026-12-05');
    expect(plan.find((s) => s.key === 'line-order')!.overdue).toBe(false);
    expect(plan.find((s) => s.key === 'router-request')!.overdue).toBe(true);
    expect(plan.find((s) => s.key === 'icis')!.overdue).toBe(false);
  });

  it('is ready for acceptance only when every step before it is done', () => {
    const keys = provisioningPlan(base, {}, '2026-11-22')
      .filter((s) => s.beforeAcceptance)
      .map((s) => s.key);
    const all = Object.fromEntries(keys.map((k) => [k, { done: true }]));
    expect(readyForAcceptance(provisioningPlan(base, all, '2026-11-22'))).toBe(true);
    const { icis: _skip, ...most } = all;
    expect(readyForAcceptance(provisioningPlan(base, most, '2026-11-22'))).toBe(false);
  });
});

describe('contract term', () => {
  it('a 36-month term ending 2029-11-30 shows the renewal notice from 2029-10-30', () => {
    const s = termSchedule('2026-12-01', '36m', '2029-10-30')!;
    expect(s.end).toBe('2029-11-30');
    expect(s.noticeFrom).toBe('2029-10-30');
    expect(renewalNoticeDue(s, '2029-10-30')).toBe(true);
    expect(renewalNoticeDue(s, '2029-10-29')).toBe(false);
  });

  it('renews for a year at a time after the end', () => {
    const s = termSchedule('2026-12-01', '12m', '2028-01-15')!;
    expect(s).toMatchObject({ end: '2028-11-30', renewals: 1 });
  });

  it('suspension lasts 1–6 months, each fee-free', () => {
    expect(suspensionFreeMonths('2027-01-10', 3)).toEqual(['2027-01', '2027-02', '2027-03']);
    expect(() => suspensionFreeMonths('2027-01-10', 7)).toThrow(/1개월 이상 6개월 이하/);
    expect(() => suspensionFreeMonths('2027-01-10', 0)).toThrow();
  });

  it('counts whole months used', () => {
    expect(monthsUsed('2026-12-01', '2027-12-01')).toBe(12);
    expect(monthsUsed('2026-12-15', '2027-12-14')).toBe(11);
  });
});
