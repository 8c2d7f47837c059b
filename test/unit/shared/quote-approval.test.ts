import { describe, expect, it } from 'vitest';
import { APPROVAL_STATE_LABELS, approvalState } from '../../../shared/domain/quote';

const eight = { term: '36m', items: [{ code: 'asp-basic', quantity: 8 }] };
const thirty = { term: '36m', items: [{ code: 'asp-basic', quantity: 30 }] };

describe('one approval state for a quote', () => {
  it('what was saved shows HQ’s decision: approved reads 본사 승인됨 even though the live price still needs approval', () => {
    expect(approvalState({ ...eight, status: 'approved' }, { ...eight, approvalRequired: true })).toBe('approved');
    expect(APPROVAL_STATE_LABELS.approved.ko).toBe('본사 승인됨');
    expect(approvalState({ ...eight, status: 'refused' }, { ...eight, approvalRequired: true })).toBe('refused');
    expect(approvalState({ ...eight, status: 'pending' }, null)).toBe('pending');
  });

  it('an edit not saved yet says whether saving it will need HQ, not a decision HQ never made', () => {
    expect(approvalState({ ...thirty, status: 'not_required' }, { ...eight, approvalRequired: true })).toBe('unsaved_pending');
    expect(APPROVAL_STATE_LABELS.unsaved_pending.ko).toBe('저장하면 본사 승인 필요');
    expect(approvalState({ ...eight, status: 'approved' }, { ...thirty, approvalRequired: false })).toBe('not_required');
    expect(approvalState(null, { ...eight, approvalRequired: true })).toBe('unsaved_pending');
    // A different entered price is a different request.
    expect(approvalState({ ...eight, status: 'approved' }, { term: '36m', items: [{ code: 'asp-basic', quantity: 8, unitPrice: 150_000 }], approvalRequired: true })).toBe('unsaved_pending');
  });
});
