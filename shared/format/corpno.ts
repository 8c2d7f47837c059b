import { digitsOnly, invalid, type CheckResult } from './digits';
import { keyed } from '../i18n/error-messages';

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
  if (/[^0-9\s-]/.test(value)) return invalid(keyed('corpno.chars'));
  const d = digitsOnly(value);
  if (d.length !== 13) return invalid(keyed('corpno.length', { digits: d.length }));
  // The first four digits name the registry office: 0000 is never issued.
  if (d.startsWith('0000')) return invalid(keyed('corpno.office'));
  if (corporateNumberCheckDigit(d) !== Number(d[12])) {
    return invalid(keyed('corpno.checkDigit'));
  }
  return { valid: true, formatted: formatCorporateNumber(d) };
}

export function formatCorporateNumber(value: string): string {
  const d = digitsOnly(value);
  if (d.length !== 13) return value;
  return `${d.slice(0, 6)}-${d.slice(6)}`;
}
