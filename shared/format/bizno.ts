import { digitsOnly, invalid, type CheckResult } from './digits';
import { keyed } from '../i18n/error-messages';

/**
 * 사업자등록번호 (business registration number): 10 digits, XXX-XX-XXXXX.
 * Check digit per the National Tax Service rule: weights 1,3,7,1,3,7,1,3,5 over the first nine
 * digits, plus the tens of (9th digit × 5); the 10th digit makes the sum a multiple of 10.
 */
const BIZNO_WEIGHTS = [1, 3, 7, 1, 3, 7, 1, 3, 5] as const;

export function businessNumberCheckDigit(first9: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(first9[i]) * BIZNO_WEIGHTS[i]!;
  sum += Math.floor((Number(first9[8]) * 5) / 10);
  return (10 - (sum % 10)) % 10;
}

export function checkBusinessNumber(value: string): CheckResult {
  if (/[^0-9\s-]/.test(value)) return invalid(keyed('bizno.chars'));
  const d = digitsOnly(value);
  if (d.length !== 10) return invalid(keyed('bizno.length', { digits: d.length }));
  // The first three digits name a tax office (101 and up): 000 is never issued.
  if (d.startsWith('000')) return invalid(keyed('bizno.office'));
  if (businessNumberCheckDigit(d) !== Number(d[9])) {
    return invalid(keyed('bizno.checkDigit'));
  }
  return { valid: true, formatted: formatBusinessNumber(d) };
}

/** Formats 10 digits as XXX-XX-XXXXX; other lengths come back as typed. */
export function formatBusinessNumber(value: string): string {
  const d = digitsOnly(value);
  if (d.length !== 10) return value;
  return `${d.slice(0, 3)}-${d.slice(3, 5)}-${d.slice(5)}`;
}
