/**
 * Money is an integer count of the currency's minor unit (KRW: won, minor 0; CNY: fen, minor 2).
 * Never a float: amounts are added and multiplied as integers and only formatted at the edge.
 */
export interface Money {
  amount: number;
  currency: string;
}

export const CURRENCY_MINOR_UNITS: Record<string, number> = { KRW: 0, CNY: 2, USD: 2, JPY: 0, EUR: 2 };

export function minorUnits(currency: string): number {
  const minor = CURRENCY_MINOR_UNITS[currency];
  if (minor === undefined) throw new RangeError(`지원하지 않는 통화입니다: ${currency}`);
  return minor;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 260000 KRW → "260,000원"; 123450 CNY → "1,234.50 CNY". */
export function formatMoney(amount: number, currency = 'KRW'): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError('금액은 정수(최소 화폐 단위)여야 합니다.');
  const minor = minorUnits(currency);
  const negative = amount < 0;
  const abs = String(Math.abs(amount)).padStart(minor + 1, '0');
  const whole = groupThousands(abs.slice(0, abs.length - minor));
  const frac = minor > 0 ? `.${abs.slice(abs.length - minor)}` : '';
  const text = currency === 'KRW' ? `${whole}${frac}원` : `${whole}${frac} ${currency}`;
  return negative ? `-${text}` : text;
}

/** Number part only, for table cells whose header states the unit: 260000 → "260,000". */
export function formatAmount(amount: number, currency = 'KRW'): string {
  const minor = minorUnits(currency);
  const abs = String(Math.abs(amount)).padStart(minor + 1, '0');
  const whole = groupThousands(abs.slice(0, abs.length - minor));
  const frac = minor > 0 ? `.${abs.slice(abs.length - minor)}` : '';
  return `${amount < 0 ? '-' : ''}${whole}${frac}`;
}
