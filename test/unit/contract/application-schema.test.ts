import { describe, expect, it } from 'vitest';
import { applicationInputSchema } from '../../../shared/domain/application';
import { koreanErrorMap, zodIssues } from '../../../shared/contract/errors';
import { sampleApplication } from '../../support/fixtures';

function issues(value: unknown) {
  const r = applicationInputSchema.safeParse(value, { error: koreanErrorMap });
  return r.success ? [] : zodIssues(r.error);
}

describe('application JSON schema', () => {
  it('accepts the documented shape and normalises numbers to their printed form', () => {
    const parsed = applicationInputSchema.parse(
      sampleApplication({
        customer: { ...sampleApplication().customer, businessNumber: '1028142945', corporateNumber: '1101111468754', phone: '0212345678', mobile: '01023456789' },
      }),
    );
    expect(parsed.customer.businessNumber).toBe('102-81-42945');
    expect(parsed.customer.corporateNumber).toBe('110111-1468754');
    expect(parsed.customer.phone).toBe('02-1234-5678');
    expect(parsed.customer.mobile).toBe('010-2345-6789');
  });

  it('refuses unknown fields at the top and inside blocks, naming them', () => {
    const value = { ...sampleApplication(), foo: 1, customer: { ...sampleApplication().customer, fax: '02-1' } };
    const found = issues(value);
    expect(found).toContainEqual(expect.objectContaining({ path: '', message: expect.stringContaining("'foo'") }));
    expect(found).toContainEqual(expect.objectContaining({ path: 'customer', message: expect.stringContaining("'fax'") }));
  });

  it('a name with an invisible control character (NUL, tab, newline) is refused, saying so', () => {
    const r = applicationInputSchema.safeParse({ ...sampleApplication(), customer: { ...sampleApplication().customer, name: '(주)하나\u0000콜센터' } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ['customer', 'name'], message: expect.stringContaining('제어 문자') });
  });

  it('says in Korean which required field is missing', () => {
    const { seller: _s, ...rest } = sampleApplication();
    const value = { ...rest, customer: { ...sampleApplication().customer, name: '  ' } };
    expect(issues(value)).toEqual([
      { path: 'customer.name', message: '법인명(상호)을 입력하세요.', key: 'field.enter', params: { label: '법인명(상호)' } },
      { path: 'seller', message: "'판매자' 항목이 필요합니다. 값을 입력하세요.", key: 'zod.required', params: { where: '판매자' } },
    ]);
  });

  it('checks the business and corporate numbers by their check digits', () => {
    const value = sampleApplication({ customer: { ...sampleApplication().customer, businessNumber: '102-81-42946', corporateNumber: '110111-1468755' } });
    expect(issues(value).map((i) => i.path)).toEqual(['customer.businessNumber', 'customer.corporateNumber']);
  });

  it('accepts only J + 8 digits as a service number', () => {
    expect(issues(sampleApplication({ serviceNumber: 'J00001587' }))).toEqual([]);
    expect(issues(sampleApplication({ serviceNumber: 'J1587' }))).toEqual([
      expect.objectContaining({ path: 'serviceNumber', message: expect.stringContaining('J 다음에 숫자 8자리'), key: 'app.serviceNumber' }),
    ]);
  });

  it('refuses impossible dates, fractional quantities and float prices', () => {
    const value = sampleApplication({ date: '2026-02-30', items: [{ code: 'asp-basic', quantity: 1.5, unitPrice: 199999.5 }] });
    expect(issues(value).map((i) => i.path)).toEqual(['items.0.quantity', 'items.0.unitPrice', 'date']);
  });

  it('refuses the same product twice and an end date before the application date', () => {
    const value = sampleApplication({
      term: 'none',
      termEnd: '2026-01-01',
      items: [
        { code: 'asp-basic', quantity: 10 },
        { code: 'asp-basic', quantity: 2 },
      ],
    });
    expect(issues(value).map((i) => i.path)).toEqual(['items.1.code', 'termEnd']);
  });
});
