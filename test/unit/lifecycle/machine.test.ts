import { describe, expect, it } from 'vitest';
import { nextStatus, transitionsFrom, type LifecycleFacts } from '../../../shared/lifecycle/machine';
import { dealTypeOf, missingFromPack, requiredPack } from '../../../shared/lifecycle/documents';
import { hqTransition, repCanMoveStatus } from '../../../shared/sync/ownership';

const allSigned = { form1: true, consentCollection: true, consentThirdParty: true, form2: true, quote: true };
function facts(over: Partial<LifecycleFacts> = {}): LifecycleFacts {
  return {
    status: 'quoted',
    kind: 'new',
    deal: 'asp',
    serviceNumber: null,
    quoteApproval: 'not_required',
    pack: { signed: allSigned, attached: { businessRegistration: true }, networkPreReviewDone: true, consents: { collection: true } },
    provisioningReady: false,
    deliveryConfirmed: false,
    settlementRequested: false,
    suspensionRequested: false,
    terminationSigned: false,
    ...over,
  };
}

describe('application lifecycle', () => {
  it('walks draft → quoted → signed → submitted when the pack is complete', () => {
    expect(nextStatus(facts({ status: 'draft' }), 'quote', 'rep')).toBe('quoted');
    expect(nextStatus(facts(), 'sign', 'rep')).toBe('signed');
    expect(nextStatus(facts({ status: 'signed' }), 'submit', 'rep')).toBe('submitted');
  });

  it('refuses to submit without the required documents and says which are missing', () => {
    const f = facts({ status: 'signed', pack: { signed: { ...allSigned, form2: false }, attached: {}, networkPreReviewDone: false } });
    expect(() => nextStatus(f, 'submit', 'rep')).toThrow(/이용약관\(#2\).*사업자등록증 사본|사업자등록증 사본.*이용약관/s);
    const option = transitionsFrom(f).find((o) => o.event === 'submit')!;
    expect(option.allowed).toBe(false);
    expect(option.reasons).toEqual(expect.arrayContaining([expect.stringContaining('네트워크 환경 사전검토'), expect.stringContaining('이용약관(#2)'), expect.stringContaining('사업자등록증 사본')]));
  });

  it('refuses the quote signature while HQ approval is pending, and after a refusal', () => {
    expect(() => nextStatus(facts({ quoteApproval: 'pending' }), 'sign', 'rep')).toThrow(/승인 대기/);
    expect(() => nextStatus(facts({ quoteApproval: 'refused' }), 'sign', 'rep')).toThrow(/반려/);
    expect(nextStatus(facts({ quoteApproval: 'approved' }), 'sign', 'rep')).toBe('signed');
  });

  it('refuses to open the service without a signed delivery confirmation (#5)', () => {
    expect(() => nextStatus(facts({ status: 'acceptance' }), 'open', 'rep')).toThrow(/#5/);
    expect(nextStatus(facts({ status: 'acceptance', deliveryConfirmed: true }), 'open', 'rep')).toBe('open');
  });

  it('leaves HQ transitions to HQ: the device cannot S/O process or force-terminate', () => {
    expect(() => nextStatus(facts({ status: 'submitted' }), 'so_process', 'rep')).toThrow(/본사가 처리/);
    expect(nextStatus(facts({ status: 'submitted' }), 'so_process', 'hq')).toBe('so_processed');
    expect(() => nextStatus(facts({ status: 'active' }), 'force_terminate', 'rep')).toThrow(/본사/);
    expect(transitionsFrom(facts({ status: 'submitted' })).every((o) => o.by === 'hq' && !o.allowed)).toBe(true);
  });

  it('needs a service number to start provisioning and finished steps to ask for acceptance', () => {
    expect(() => nextStatus(facts({ status: 'so_processed' }), 'start_provisioning', 'rep')).toThrow(/서비스번호/);
    expect(nextStatus(facts({ status: 'so_processed', serviceNumber: 'J00001587' }), 'start_provisioning', 'rep')).toBe('provisioning');
    expect(() => nextStatus(facts({ status: 'provisioning' }), 'request_acceptance', 'rep')).toThrow(/개통 단계/);
  });

  it('a termination needs no quote: it is signed from draft once #1 (해지) is signed', () => {
    const f = facts({ status: 'draft', kind: 'termination', quoteApproval: null, pack: { signed: {}, attached: {}, networkPreReviewDone: false } });
    expect(transitionsFrom(f).map((o) => o.event)).toEqual(['sign']);
    expect(() => nextStatus(f, 'sign', 'rep')).toThrow(/해지 신청서/);
    expect(nextStatus({ ...f, pack: { ...f.pack, signed: { form1Termination: true } } }, 'sign', 'rep')).toBe('signed');
    expect(() => nextStatus(f, 'quote', 'rep')).toThrow(/없는 단계/);
  });

  it('a move from the wrong status is refused with the current status named', () => {
    expect(() => nextStatus(facts({ status: 'draft' }), 'submit', 'rep')).toThrow(/지금 상태/);
  });
});

describe('document packs', () => {
  it('ASP only needs #1, the required collection consent, #2, the quote and the business registration copy; the optional third-party consent is not in the pack', () => {
    const pack = requiredPack('new', 'asp');
    expect(pack.documents).toEqual(['form1', 'form2', 'quote']);
    expect(pack.consents).toEqual(['collection']);
    expect(pack.attachments).toEqual(['businessRegistration']);
    expect(pack.networkPreReview).toBe(true);
  });

  it('a required consent not in force (never given or withdrawn) is a checklist item that blocks submission', () => {
    const without = facts({ status: 'signed', pack: { ...facts().pack, consents: { collection: false } } });
    expect(() => nextStatus(without, 'submit', 'rep')).toThrow(/개인정보 수집·이용 동의/);
    expect(missingFromPack(requiredPack('new', 'asp'), without.pack).map((i) => i.key)).toEqual(['consent.collection']);
  });

  it('a deal with agent staffing also needs the contract, signed and attached', () => {
    expect(dealTypeOf([{ code: 'asp-basic' }, { code: 'agent' }])).toBe('withContract');
    expect(dealTypeOf([{ code: 'asp-basic' }])).toBe('asp');
    const pack = requiredPack('new', 'withContract');
    expect(pack.documents).toContain('contract');
    expect(pack.attachments).toContain('signedContract');
  });

  it('a change needs #4 and its quote; a termination needs #1 marked 해지', () => {
    expect(requiredPack('change', 'asp').documents).toEqual(['form4', 'quote']);
    expect(requiredPack('termination', 'asp').documents).toEqual(['form1Termination']);
    expect(missingFromPack(requiredPack('termination', 'asp'), { signed: {}, attached: {}, networkPreReviewDone: false }).map((i) => i.key)).toEqual(['form1Termination']);
  });

  it('a step that exists for one kind of application is no path for another, for the rep and for HQ alike', () => {
    expect(hqTransition('so_processed', 'active', 'change')?.event).toBe('complete');
    expect(hqTransition('so_processed', 'active', 'new')).toBeUndefined();
    expect(hqTransition('so_processed', 'provisioning', 'change')).toBeUndefined();
    expect(repCanMoveStatus('so_processed', 'active', 'change')).toBe(true);
    expect(repCanMoveStatus('so_processed', 'terminated', 'new')).toBe(true); // through provisioning … open → 해지
    expect(repCanMoveStatus('so_processed', 'provisioning', 'termination')).toBe(false);
  });
});
