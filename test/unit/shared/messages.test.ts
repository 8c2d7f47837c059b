import { describe, expect, it } from 'vitest';
import { MESSAGES, messageText, msg, msgSchema } from '../../../shared/i18n/messages';
import { transitionsFrom, type LifecycleFacts } from '../../../shared/lifecycle/machine';
import { provisioningPlan } from '../../../shared/lifecycle/provisioning';

const params = (text: string) => [...text.matchAll(/\{\{(\w+)/g)].map((m) => m[1]).sort();
const HANGUL = /[\uac00-\ud7a3]/;

describe('words shared/ gives the screens (issue 11, item 12)', () => {
  it('every message key has Korean and English with the same {{params}}, and the English has no Hangul', () => {
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES.ko).sort());
    for (const [key, ko] of Object.entries(MESSAGES.ko)) {
      const en = MESSAGES.en[key as keyof typeof MESSAGES.en];
      expect(params(en), key).toEqual(params(ko));
      expect(HANGUL.test(en), `${key}: ${en}`).toBe(false);
    }
  });

  it('a message renders its params, a param that is a message key in the same language, with the Korean particle agreeing', () => {
    expect(messageText(msg('pack.missing', { item: 'pack.quote' }))).toBe('견적서 직인이 아직 없습니다.');
    expect(messageText(msg('pack.missing', { item: 'pack.businessRegistration' }))).toBe('사업자등록증 사본이 아직 없습니다.');
    expect(messageText(msg('pack.missing', { item: 'pack.quote' }), 'en')).toBe('Missing: Quote sealed.');
    expect(messageText(msg('step.line-order.vpn.reminder', { serviceNumber: 'J00012021' }), 'en')).toContain('(J00012021)');
  });

  it('a blocked lifecycle step gives its reasons both as Korean text and as messages, the same words', () => {
    const facts: LifecycleFacts = {
      status: 'quoted',
      kind: 'new',
      deal: 'asp',
      serviceNumber: null,
      quoteApproval: 'pending',
      pack: { signed: {}, attached: {}, networkPreReviewDone: false },
      provisioningReady: false,
      deliveryConfirmed: false,
      settlementRequested: false,
      suspensionRequested: false,
      terminationSigned: false,
    };
    const sign = transitionsFrom(facts).find((t) => t.event === 'sign')!;
    expect(sign.allowed).toBe(false);
    expect(sign.label).toBe('서명 완료');
    expect(messageText(sign.labelMsg, 'en')).toBe('Signing done');
    expect(sign.reasons).toEqual(sign.reasonMsgs.map((m) => messageText(m)));
    expect(sign.reasonMsgs.map((m) => messageText(m, 'en')).every((t) => !HANGUL.test(t))).toBe(true);
    for (const m of sign.reasonMsgs) expect(msgSchema.parse(m)).toEqual(m);
  });

  it('provisioning steps keep their Korean and carry the same words as messages; a service number not yet given reads in the reminder’s language', () => {
    const steps = provisioningPlan({ startDate: '2026-12-01', lineType: 'vpn', headsetsViaKt: true, hasCounselingApp: true, hasAgents: true, serviceNumber: null }, {}, '2026-12-01');
    for (const s of steps) {
      expect(s.label).toBe(messageText(s.msgs.label));
      expect(s.rule).toBe(messageText(s.msgs.rule));
      expect(s.ownerLabel).toBe(messageText(s.msgs.owner));
      for (const m of [s.msgs.label, s.msgs.rule, s.msgs.owner, ...(s.msgs.reminder ? [s.msgs.reminder] : [])]) expect(HANGUL.test(messageText(m, 'en')), m.key).toBe(false);
    }
    const line = steps.find((s) => s.key === 'line-order')!;
    expect(line.reminder).toContain('J________ (S/O 처리 후 부여)');
    expect(messageText(line.msgs.reminder!, 'en')).toContain('J________ (given at S/O processing)');
  });
});
