/**
 * Money is an integer count of the currency's minor unit (KRW: won, minor 0; CNY: fen, minor 2).
 * Never a float: amounts are added and multiplied as integers and only formatted at the edge.
 *
 * Which currencies exist and how many minor digits each has come from the platform's ISO 4217
 * data (ICU through `Intl`, the same in Node and Chromium), not from a table of our own. ICU
 * follows CLDR, which rounds a few currencies to whole units where ISO lists 2 digits (IDR,
 * HUF …); a price list in such a currency is written in whole units.
 */
const CODE_RE = /^[A-Z]{3}$/;
let known: ReadonlySet<string> | undefined;
const digitsCache = new Map<string, number>();

/** Is this an ISO 4217 currency code the platform knows (KRW, CNY, USD, JPY, EUR, BHD …)? */
export function isCurrency(code: unknown): code is string {
  if (typeof code !== 'string' || !CODE_RE.test(code)) return false;
  known ??= new Set(Intl.supportedValuesOf('currency'));
  return known.has(code);
}

/** Minor-unit digits of a currency (KRW 0, CNY 2, BHD 3), from ISO 4217 as the platform has it. */
export function minorUnits(currency: string): number {
  const cached = digitsCache.get(currency);
  if (cached !== undefined) return cached;
  if (!isCurrency(currency)) throw new RangeError(`지원하지 않는 통화입니다: ${String(currency)}. ISO 4217 통화 코드(예: KRW, CNY, USD)를 쓰세요.`);
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 0;
  digitsCache.set(currency, digits);
  return digits;
}

/**
 * How to type an amount of this currency, for messages that say what to fix:
 * KRW "원 단위 정수"; CNY "0.01 CNY(fen·分) 단위 정수 (소수점 불가, 예: 12.50 CNY → 1250)".
 */
export function minorUnitText(currency: string): string {
  if (currency === 'KRW') return '원 단위 정수';
  const digits = minorUnits(currency);
  if (digits === 0) return `${currency} 단위 정수`;
  const step = `0.${'0'.repeat(digits - 1)}1 ${currency}`;
  const name = MINOR_UNIT_NAMES[currency];
  const five = '5'.padEnd(digits, '0');
  return `${step}${name ? `(${name})` : ''} 단위 정수 (소수점 불가, 예: 12.${five} ${currency} → 12${five})`;
}

/** Names of minor units people say in Korean, where there is a usual one. */
const MINOR_UNIT_NAMES: Readonly<Record<string, string>> = { CNY: 'fen·分', USD: 'cent', EUR: 'cent' };

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function split(amount: number, currency: string): { whole: string; frac: string } {
  const minor = minorUnits(currency);
  const abs = String(Math.abs(amount)).padStart(minor + 1, '0');
  return { whole: groupThousands(abs.slice(0, abs.length - minor)), frac: minor > 0 ? `.${abs.slice(abs.length - minor)}` : '' };
}

/**
 * 260000 KRW → "260,000원" (English screens: "₩260,000"); 123450 CNY → "1,234.50 CNY";
 * 1234 BHD → "1.234 BHD".
 */
export function formatMoney(amount: number, currency = 'KRW', language: 'ko' | 'en' = 'ko'): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError('금액은 정수(최소 화폐 단위)여야 합니다.');
  const { whole, frac } = split(amount, currency);
  const text = currency === 'KRW' ? (language === 'en' ? `₩${whole}${frac}` : `${whole}${frac}원`) : `${whole}${frac} ${currency}`;
  return amount < 0 ? `-${text}` : text;
}

/** Number part only, for table cells whose header states the unit: 260000 → "260,000". */
export function formatAmount(amount: number, currency = 'KRW'): string {
  const { whole, frac } = split(amount, currency);
  return `${amount < 0 ? '-' : ''}${whole}${frac}`;
}
