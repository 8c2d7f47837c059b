import { keyed } from '../i18n/error-messages';
/**
 * Personal data in text (issue 17, PIPA): the resident-registration-number rule for free text where such a number has no place.
 * Pure functions; the core, HQ and the screens all use these.
 */

/**
 * A 주민등록번호 (or 외국인등록번호) inside text: YYMMDD, an optional hyphen (or dot) with any
 * spaces around it, then the seventh digit 1–8 and six more. Digits around it must not be digits (so a longer number is not
 * cut into one).
 */
const RESIDENT_NUMBER = /(?<!\d)(\d{2})(\d{2})(\d{2})\s*[-.]?\s*([1-8])(\d{6})(?!\d)/g;

/**
 * The text as the number rule reads it: full-width digits and hyphens folded to ASCII (NFKC),
 * every dash-like mark (‐ ‑ ‒ – — ― − ㅡ, which NFKC makes a jamo) read as a hyphen, invisible characters dropped — so a
 * number typed on a Korean keyboard in full width or with an en dash is still found.
 */
function readable(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2212\u1173\u3161\u2e3a\u2e3b]/g, '-')
    .replace(/[\u00ad\u200b-\u200f\u2060\ufeff]/g, '');
}

/** The check digit of a resident registration number (weights 2–9, 2–5; (11 − sum mod 11) mod 10). */
function residentCheckDigitOk(digits: string): boolean {
  const weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits[i]) * weights[i]!;
  return (11 - (sum % 11)) % 10 === Number(digits[12]);
}

/** Whether month and day form a calendar date (the year is two digits: any leap year will do for 02-29). */
function plausibleBirthDate(mm: number, dd: number): boolean {
  if (mm < 1 || mm > 12 || dd < 1) return false;
  const days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mm - 1]!;
  return dd <= days;
}

/**
 * 법인등록번호 type codes (digits 5–6: 주식회사, 합명, 합자, 유한, 사단·재단법인, 외국회사…). A
 * corporate number whose office and type read as a birth date looks like a resident number.
 */
const CORPORATE_TYPE_CODES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '41',
  '42',
  '43',
  '44',
  '45',
  '51',
  '52',
  '53',
  '54',
  '71',
  '81',
  '82',
  '83',
  '84',
  '85',
  '86',
]);

/** Whether 13 digits read as a 법인등록번호: a known type code and its own check digit (weights 1,2,1,2,…). */
function looksCorporate(digits: string): boolean {
  if (!CORPORATE_TYPE_CODES.has(digits.slice(4, 6))) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits[i]) * (i % 2 === 0 ? 1 : 2);
  return (10 - (sum % 10)) % 10 === Number(digits[12]);
}

/**
 * The first thing in `text` that is a resident registration number, or undefined: YYMMDD as a
 * real calendar date, the seventh digit 1–8 and six more. Since October 2020 the last six digits
 * are random (no region code, no check digit), so the check digit cannot decide: a number with
 * a valid one is certainly a resident number; one without it is too unless it is plainly
 * something else —
 * - a birth in the 2000s (seventh digit 3, 4, 7, 8) that has not happened yet;
 * - a 법인등록번호 (its type code and its own check digit hold: about 2 in 100 random
 *   post-2020 numbers also pass this, the price of not refusing every company's number).
 * Business numbers (3-2-5), phone numbers and longer digit runs never match the shape.
 */
export function findResidentNumber(text: string, now: Date = new Date()): string | undefined {
  const thisYear = now.getUTCFullYear() % 100;
  for (const m of readable(text).matchAll(RESIDENT_NUMBER)) {
    const [whole, yy, mm, dd, gender, rest] = m as unknown as [string, string, string, string, string, string];
    if (!plausibleBirthDate(Number(mm), Number(dd))) continue;
    const digits = `${yy}${mm}${dd}${gender}${rest}`;
    if (residentCheckDigitOk(digits)) return whole;
    if ('3478'.includes(gender) && Number(yy) > thisYear) continue;
    if (looksCorporate(digits)) continue;
    return whole;
  }
  return undefined;
}

/** The Korean message for a field that holds a resident registration number. */
export function residentNumberMessage(label: string): string {
  return keyed('field.residentNumber', { label });
}
