import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION_RULES, holdText, retentionDue, retentionRulesSchema, type RetentionSubject } from '../../../shared/privacy/retention';

const NOW = new Date('2026-12-02T03:00:00Z');
const app = (id: string, extra: Partial<RetentionSubject>): RetentionSubject => ({ kind: 'application', id, lastActivityAt: '2026-01-01T00:00:00Z', ...extra });

describe('retention rules (issue 17 item 3)', () => {
  it('a draft last touched 2026-05-01 is due for destruction on 2026-11-01 (6 months), one touched 2026-06-03 is not yet', () => {
    const due = retentionDue(
      [app('old', { status: 'draft', lastActivityAt: '2026-05-01T09:00:00Z' }), app('new', { status: 'quoted', lastActivityAt: '2026-06-03T09:00:00Z' })],
      DEFAULT_RETENTION_RULES,
      NOW,
    );
    expect(due.map((d) => [d.subject.id, d.rule.id, d.dueAt, d.rule.decidedBy])).toEqual([['old', 'unsigned-6m', '2026-11-01T09:00:00.000Z', 'rep']]);
    expect(due[0]!.holds).toEqual([]);
  });

  it('a live subscription is never due, however old; a submitted one waiting at HQ neither', () => {
    const old = '2019-01-01T00:00:00Z';
    const live = (['submitted', 'so_processed', 'provisioning', 'acceptance', 'open', 'billing_requested', 'active', 'suspended'] as const).map((status) =>
      app(status, { status, lastActivityAt: old }),
    );
    expect(retentionDue(live, DEFAULT_RETENTION_RULES, NOW)).toEqual([]);
  });

  it('a contract terminated 2026-03-31: personal data erased from 2026-09-30 (6 months), the record destroyed only from 2031-03-31 (5 years)', () => {
    const terminated = app('t', { status: 'terminated', terminatedAt: '2026-03-31', lastActivityAt: '2026-04-02T00:00:00Z' });
    expect(retentionDue([terminated], DEFAULT_RETENTION_RULES, new Date('2026-09-29T00:00:00Z'))).toEqual([]);
    const erase = retentionDue([terminated], DEFAULT_RETENTION_RULES, NOW);
    expect(erase.map((d) => [d.rule.action, d.dueAt])).toEqual([['erase_personal', '2026-09-30T00:00:00.000Z']]);
    // Once erased, nothing more until five years are up; then the whole record goes.
    const erased = { ...terminated, personalErased: true };
    expect(retentionDue([erased], DEFAULT_RETENTION_RULES, NOW)).toEqual([]);
    expect(retentionDue([erased], DEFAULT_RETENTION_RULES, new Date('2031-03-31T00:00:00Z')).map((d) => d.rule.id)).toEqual(['terminated-record-5y']);
    // Never erased and five years gone: the record goes at once (the stronger action wins).
    expect(retentionDue([terminated], DEFAULT_RETENTION_RULES, new Date('2031-04-01T00:00:00Z')).map((d) => d.rule.id)).toEqual(['terminated-record-5y']);
  });

  it('nothing under a legal hold, an open complaint or unpaid fees goes: each hold is named in Korean', () => {
    const held = retentionDue(
      [
        app('hold', { status: 'draft', legalHold: '소송 2026가합1234' }),
        app('dispute', { status: 'terminated', terminatedAt: '2025-01-31', openTickets: 2 }),
        app('unpaid', { status: 'force_terminated', terminatedAt: '2025-01-31', unpaid: true }),
      ],
      DEFAULT_RETENTION_RULES,
      NOW,
    );
    // Oldest due first: both contracts came due 2025-07-31, the draft 2026-07-01.
    expect(held.map((d) => [d.subject.id, d.holds.map(holdText)])).toEqual([
      ['dispute', ['처리 중인 민원·장애 2건']],
      ['unpaid', ['미납 요금 정산 전']],
      ['hold', ['법적 보존 조치: 소송 2026가합1234']],
    ]);
  });

  it('a prospect list is kept a year after its last use; a rule keeping lists shorter, or contract records under 5 years, is refused with the reason', () => {
    const list: RetentionSubject = { kind: 'prospect_list', id: 'PL-2025-0001', lastActivityAt: '2025-12-01T00:00:00Z' };
    expect(retentionDue([list], DEFAULT_RETENTION_RULES, new Date('2026-11-30T23:59:59Z'))).toEqual([]);
    expect(retentionDue([list], DEFAULT_RETENTION_RULES, NOW).map((d) => d.rule.id)).toEqual(['prospect-list-1y']);

    const short = retentionRulesSchema.safeParse([
      { ...DEFAULT_RETENTION_RULES[4]!, months: 6 },
      { ...DEFAULT_RETENTION_RULES[3]!, months: 12 },
    ]);
    expect(short.success).toBe(false);
    expect(short.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['0.months', '명단은 1년(12개월) 이상 보관해야 합니다.'],
      ['1.months', '계약·청구 기록은 해지 후 5년(60개월) 이상 보관해야 합니다 (국세기본법).'],
    ]);
    expect(retentionRulesSchema.safeParse(DEFAULT_RETENTION_RULES).success).toBe(true);
    expect(retentionRulesSchema.safeParse([DEFAULT_RETENTION_RULES[0], DEFAULT_RETENTION_RULES[0]]).error!.issues[0]!.message).toContain('두 번');
  });

  it('a subject with an unreadable date is left alone rather than destroyed early', () => {
    expect(retentionDue([app('x', { status: 'draft', lastActivityAt: 'yesterday' }), app('y', { status: 'terminated', terminatedAt: null })], DEFAULT_RETENTION_RULES, NOW)).toEqual([]);
  });
});
