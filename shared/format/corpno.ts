import { digitsOnly, invalid, type CheckResult } from './digits';

/**
 * 법인등록번호 (corporate registration number): 13 digits, XXXXXX-XXXXXXX.
 * Check digit: weights 1,2,1,2,… over the first 12 digits; the 13th is (10 − sum mod 10) mod 10.
 */
export function corporateNumberCheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 2);
  return (10 - (sum % 10)) % 10;
}

export function checkCorporateNumber(value: string): CheckResult {
  if (/[^0-9\s-]/.test(value)) return invalid('법인등록번호는 숫자와 하이픈(-)만 쓸 수 있습니다.');
  const d = digitsOnly(value);
  if (d.length !== 13) return invalid(`법인등록번호는 숫자 13자리입니다 (입력: ${d.length}자리).`);
  // The first four digits name the registry office: 0000 is never issued.
  if (d.startsWith('0000')) return invalid('법인등록번호의 앞 네 자리(등기관서 번호)는 0000일 수 없습니다. 법인등기부등본과 대조해 주세요.');
  if (corporateNumberCheckDigit(d) !== Number(d[12])) {
    return invalid('법인등록번호의 검증번호(마지막 자리)가 맞지 않습니다. 법인등기부등본과 대조해 주세요.');
  }
  return { valid: true, formatted: formatCorporateNumber(d) };
}

export function formatCorporateNumber(value: string): string {
  const d = digitsOnly(value);
  if (d.length !== 13) return value;
  return `${d.slice(0, 6)}-${d.slice(6)}`;
}
