import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES, errorMessageText, errorMsg, keyed } from '../../../shared/i18n/error-messages';
import { AppError, localizeWireError, parseOrThrow, type WireError } from '../../../shared/contract/errors';
import { applicationInputSchema } from '../../../shared/domain/application';
import { nextStatus, type LifecycleFacts } from '../../../shared/lifecycle/machine';
import { assertEditable } from '../../../shared/lifecycle/editing';
import { sampleApplication } from '../../support/fixtures';
import { HttpError, parseRequest } from '../../../server/http';
import { z } from 'zod';
import { businessNumber } from '../../../shared/domain/fields';

const params = (text: string) => [...text.matchAll(/\{\{(\w+)/g)].map((m) => m[1]).sort();
const HANGUL = /[\uac00-\ud7a3]/;

function caught(f: () => unknown): AppError {
  try {
    f();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

const hangulIn = (e: WireError) => [e.message, ...(e.details?.issues ?? []).map((i) => i.message)].filter((t) => HANGUL.test(t));

describe('errors in both languages (issue 11, item 12)', () => {
  it('every error key has Korean and English with the same {{params}}, and the English has no Hangul', () => {
    expect(Object.keys(ERROR_MESSAGES.en).sort()).toEqual(Object.keys(ERROR_MESSAGES.ko).sort());
    for (const [key, ko] of Object.entries(ERROR_MESSAGES.ko)) {
      const en = ERROR_MESSAGES.en[key as keyof typeof ERROR_MESSAGES.en];
      expect(params(en), key).toEqual(params(ko));
      expect(HANGUL.test(en), `${key}: ${en}`).toBe(false);
    }
  });

  it('a keyed message renders the Korean particle that agrees with its param, and English translates known labels', () => {
    expect(errorMessageText(errorMsg('field.enter', { label: '법인명(상호)' }))).toBe('법인명(상호)을 입력하세요.');
    expect(errorMessageText(errorMsg('field.enter', { label: '대표자명' }))).toBe('대표자명을 입력하세요.');
    expect(errorMessageText(errorMsg('field.enter', { label: '주소' }))).toBe('주소를 입력하세요.');
    expect(errorMessageText(errorMsg('field.enter', { label: '법인명(상호)' }), 'en')).toBe('Enter the company name.');
    // A label without an English word stays as it is rather than disappearing.
    expect(errorMessageText(errorMsg('field.enter', { label: '새 항목' }), 'en')).toBe('Enter the 새 항목.');
  });

  it('keyed() gives the Korean text zod keeps, and a parse failure carries the key and params of each issue', () => {
    expect(keyed('bizno.checkDigit')).toBe('사업자등록번호의 검증번호(마지막 자리)가 맞지 않습니다. 사업자등록증과 대조해 주세요.');
    const bad = sampleApplication({ customer: { ...sampleApplication().customer, businessNumber: '102-81-42946', name: '' } });
    const error = caught(() => parseOrThrow(applicationInputSchema, bad, '청약')).toWire();
    expect(error.message).toMatch(/^청약을 확인하세요: /);
    expect(error.key).toBe('err.invalidInputMore');
    expect(error.details?.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'customer.name', key: 'field.enter', params: { label: '법인명(상호)' } }),
        expect.objectContaining({ path: 'customer.businessNumber', key: 'bizno.checkDigit' }),
      ]),
    );
  });

  it('localizeWireError shows a keyed error and its field issues in English, and leaves Korean as it is', () => {
    const bad = sampleApplication({ customer: { ...sampleApplication().customer, businessNumber: '102-81-42946', phone: '12' } });
    const wire = caught(() => parseOrThrow(applicationInputSchema, bad)).toWire();
    const en = localizeWireError(wire, 'en');
    expect(hangulIn(en)).toEqual([]);
    expect(en.message).toBe('Check the input: The check digit (the last one) of the business registration number does not match. Compare it with the registration certificate. (1 more problems)');
    expect(en.details?.issues?.find((i) => i.path === 'customer.phone')?.message).toBe('phone number: The number is too short. Include the area code (e.g. 02-123-4567).');
    expect(en.code).toBe(wire.code);
    expect(localizeWireError(wire, 'ko')).toBe(wire);
  });

  it('an error without a key, or with a key this client does not know (a newer core), keeps its Korean message', () => {
    const plain: WireError = { code: 'NOT_ALLOWED', message: '지금은 할 수 없습니다.', details: { issues: [{ path: 'x', message: '값을 확인하세요.' }] } };
    expect(localizeWireError(plain, 'en')).toEqual(plain);
    const newer: WireError = { code: 'NOT_ALLOWED', message: '새 규칙입니다.', key: 'future.rule', params: { a: 1 } };
    expect(localizeWireError(newer, 'en').message).toBe('새 규칙입니다.');
  });

  it('a refused lifecycle step reads in English with the step and its reasons in English', () => {
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
    const guarded = caught(() => nextStatus(facts, 'sign', 'rep')).toWire();
    expect(guarded.message).toMatch(/^'서명 완료'을\(를\) 할 수 없습니다: 견적이 본사 승인 대기 중입니다/);
    const en = localizeWireError(guarded, 'en').message;
    expect(en.startsWith("'Signing done' cannot be done: The quote is waiting for HQ approval.")).toBe(true);
    expect(en).toContain('Missing: Quote sealed.');
    expect(HANGUL.test(en)).toBe(false);
    const notNow = localizeWireError(caught(() => nextStatus({ ...facts, status: 'draft' }, 'submit', 'rep')).toWire(), 'en');
    expect(notNow.message).toBe("'Submit to HQ' cannot be done in the current status.");
  });

  it('re-pricing a submitted application is refused in English with the status, the part and the way out', () => {
    const wire = caught(() => assertEditable({ id: 'a1', status: 'submitted', kind: 'new', serviceNumber: null }, 'quote')).toWire();
    expect(wire.key).toBe('life.frozen');
    const en = localizeWireError(wire, 'en');
    expect(hangulIn(en)).toEqual([]);
    expect(en.message).toContain("An application in status 'Submitted' cannot have its quote changed");
    expect(en.message).toContain('ask HQ to reject it');
  });

  it('HQ refuses a request part with a keyed message too, so the console shows it in its language', () => {
    let error: unknown;
    try {
      parseRequest(z.object({ businessNumber: businessNumber() }), { businessNumber: '102-81-42946' }, '공급자 정보');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HttpError);
    const wire = (error as HttpError).toWire();
    expect(wire.message).toBe(
      '공급자 정보가 올바르지 않습니다: 사업자등록번호의 검증번호(마지막 자리)가 맞지 않습니다. 사업자등록증과 대조해 주세요. (위치: businessNumber). 보낸 내용은 적용되지 않았습니다.',
    );
    expect(localizeWireError(wire as WireError, 'en').message).toBe(
      'Invalid supplier details: The check digit (the last one) of the business registration number does not match. Compare it with the registration certificate. (at businessNumber). Nothing you sent was applied.',
    );
  });
});
