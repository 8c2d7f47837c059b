import { describe, expect, it } from 'vitest';
import { koreanErrorMap } from '../../../shared/contract/errors';
import { inputsFormSchema, parseWon, toInputs, toValues, wonText } from '../../../renderer/src/pages/documentInputs';

const errorsOf = (form: string, values: Record<string, unknown>) => {
  const result = inputsFormSchema(form).safeParse(values, { error: koreanErrorMap });
  return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path.join('.'), i.message]));
};

describe('document inputs on the 서류 tab', () => {
  it('money is typed as whole 원 with or without commas and shows as 260,000', () => {
    expect(parseWon('260,000')).toBe(260000);
    expect(parseWon('260000원')).toBe(260000);
    expect(Number.isNaN(parseWon('이십육만'))).toBe(true);
    expect(wonText('260000')).toBe('260,000');
    expect(wonText('12.5')).toBe('12.5');
  });

  it('blank fields and empty parts are left out, so the form prints its defaults ("해당 없음" stays when nothing was entered)', () => {
    const values = toValues('settlement', null);
    expect(toInputs('settlement', values)).toEqual({});
    (values.development as Record<string, string>).amount = '12,000,000';
    (values.development as Record<string, string>).taxInvoiceDate = '2027-01-05';
    expect(toInputs('settlement', values)).toEqual({ development: { amount: 12000000, taxInvoiceDate: '2027-01-05' } });
  });

  it('saved inputs come back into the form as text and save again unchanged', () => {
    const saved = { location: '서울 중구', date: '2026-12-10', rows: [{ name: '헤드셋', spec: 'HS-200', quantity: 12 }], receiver: { person: '이인수' } };
    expect(toInputs('5', toValues('5', saved))).toEqual(saved);
    const settlement = { billingOffice: '서울요금센터', development: { amount: 12000000, partner: '(주)브리지텍' } };
    expect(toValues('settlement', settlement).development).toMatchObject({ amount: '12,000,000', partner: '(주)브리지텍' });
    expect(toInputs('settlement', toValues('settlement', settlement))).toEqual(settlement);
  });

  it('errors land on the field that is wrong, in Korean', () => {
    expect(errorsOf('settlement', { development: { amount: '12.5' } })).toEqual({ 'development.amount': expect.stringContaining('원 단위 정수') });
    expect(errorsOf('settlement', { contractStart: '2027-01-01', contractEnd: '2026-01-01' })).toEqual({ contractEnd: '계약 종료일은 계약 시작일 이후여야 합니다.' });
    expect(errorsOf('5', { rows: [{ name: '', spec: '', quantity: '열두개', note: '' }] })).toEqual({
      'rows.0.quantity': expect.stringContaining('숫자로 입력하세요'),
      'rows.0.name': expect.any(String),
    });
    expect(errorsOf('4', { requestedDate: '2026-02-30' })).toEqual({ requestedDate: expect.stringContaining('실제 날짜') });
  });
});
