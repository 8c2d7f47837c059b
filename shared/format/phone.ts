import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { keyed } from '../i18n/error-messages';
import { digitsOnly, invalid, type CheckResult } from './digits';

/** What kind of Korean number it is, as a rep would name it. */
type PhoneKind = 'mobile' | 'landline' | 'voip' | 'tollFree' | 'personal' | 'representative';

export interface PhoneCheckResult extends CheckResult {
  kind?: PhoneKind;
}

const KIND_BY_TYPE: Record<string, PhoneKind> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'landline',
  FIXED_LINE_OR_MOBILE: 'landline',
  VOIP: 'voip',
  TOLL_FREE: 'tollFree',
  PERSONAL_NUMBER: 'personal',
  UAN: 'representative',
};

/**
 * Validates a Korean phone number (mobile, area codes, 070, 080, 050X, 15xx/16xx/18xx) with
 * libphonenumber's Korean metadata, and formats it the Korean way (02-123-4567,
 * 0505-123-4567, 1588-1234), which differs from libphonenumber's own grouping for 050X.
 */
/**
 * Parsing with the full metadata is the costly part (HQ checks every pushed phone number): the
 * answers for the last few thousand distinct inputs are kept. Pure function, so the memo is exact.
 */
const MEMO = new Map<string, PhoneCheckResult>();
const MEMO_MAX = 5000;

export function checkPhone(value: string): PhoneCheckResult {
  const known = MEMO.get(value);
  if (known) return { ...known };
  const result = checkPhoneUncached(value);
  if (MEMO.size >= MEMO_MAX) MEMO.delete(MEMO.keys().next().value!);
  MEMO.set(value, result);
  return { ...result };
}

function checkPhoneUncached(value: string): PhoneCheckResult {
  if (/[^0-9\s\-()+.]/.test(value)) return invalid(keyed('phone.chars'));
  const d = digitsOnly(value);
  if (d.length < 8) return invalid(keyed('phone.short'));
  if (d.length > 12) return invalid(keyed('phone.long'));
  const parsed = parsePhoneNumberFromString(d, 'KR');
  if (!parsed || !parsed.isValid() || parsed.country !== 'KR') {
    return invalid(keyed('phone.prefix'));
  }
  // Typed domestically, a number starts with 0 or is an 8-digit 15xx–19xx 대표번호: otherwise
  // libphonenumber supplies the missing trunk 0 and reads "1588-12345" as pager 015-881-2345.
  if (!/^\s*\+/.test(value) && !/^(?:0|1[5-9]\d{6}$)/.test(d)) {
    return invalid(keyed('phone.repNumber'));
  }
  const kind = KIND_BY_TYPE[parsed.getType() ?? ''] ?? 'landline';
  // Group the national digits, not the typed ones: "+82 10-1234-5678" is 010-1234-5678.
  return { valid: true, formatted: formatPhoneDigits(nationalDigits(parsed.nationalNumber)), kind };
}

/** Korean national digits: the trunk 0 back in front, except for 15xx/16xx/18xx 대표번호. */
function nationalDigits(nationalNumber: string): string {
  return /^1[5-9]\d{6}$/.test(nationalNumber) ? nationalNumber : `0${nationalNumber}`;
}

/** Groups the digits of a Korean number; does not validate. */
export function formatPhoneDigits(digits: string): string {
  const d = digitsOnly(digits);
  let head: string;
  if (/^1[5-9]\d{6}$/.test(d))
    head = d.slice(0, 4); // 대표번호 1588-1234
  else if (d.startsWith('02')) head = '02';
  else if (/^050\d/.test(d))
    head = d.slice(0, 4); // 0505-123-4567
  else head = d.slice(0, 3);
  const rest = d.slice(head.length);
  if (rest.length <= 4) return `${head}-${rest}`;
  const cut = rest.length - 4;
  return `${head}-${rest.slice(0, cut)}-${rest.slice(cut)}`;
}

export function formatPhone(value: string): string {
  const r = checkPhone(value);
  return r.formatted ?? value;
}
