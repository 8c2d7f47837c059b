/**
 * Building blocks for documents that print money — the #3 price table and the quote (견적서):
 * money cells, the 공급가액 / 세액 / 합계 rows and the 일금…원정 line. They only format: amounts
 * are integers in minor units computed by the pricing engine (shared/catalog/), never here.
 */
import { amountInWords, amountInWordsFor } from '../format/words';
import { formatAmount, formatMoney } from '../money';
import type { Cell, ParagraphBlock } from './blocks';

function assertAmount(amount: number): void {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`금액은 정수(최소 화폐 단위)여야 합니다: ${amount}`);
}

/** A right-aligned amount, "260,000" (the column header names the unit, e.g. "금액(원)"); blank when null. */
export function moneyCell(amount: number | null | undefined, currency = 'KRW', extra: Partial<Cell> = {}): Cell {
  if (amount === null || amount === undefined) return { text: '', align: 'right', ...extra };
  assertAmount(amount);
  return { text: formatAmount(amount, currency), align: 'right', ...extra };
}

/** A right-aligned amount with its unit, "260,000원" or a note such as "별도 협정가". */
export function priceCell(amount: number | string | null | undefined, currency = 'KRW', extra: Partial<Cell> = {}): Cell {
  if (typeof amount === 'string') return { text: amount, align: 'center', ...extra };
  if (amount === null || amount === undefined) return { text: '', ...extra };
  assertAmount(amount);
  return { text: formatMoney(amount, currency), align: 'right', ...extra };
}

export interface Totals {
  /** 공급가액 */
  supply: number;
  /** 세액 (VAT) */
  vat: number;
  /** 합계 */
  total: number;
}

/**
 * 공급가액 / 세액 / 합계 as the last rows of a table of `columnCount` columns: the label spans all
 * columns but the last, the amount sits in the last (bold for 합계). With `trailing` > 0 the
 * amount sits that many columns before the end (a 비고 column after 금액), the rest left blank.
 */
export function totalsRows(t: Totals, columnCount: number, currency = 'KRW', trailing = 0): Cell[][] {
  if (t.supply + t.vat !== t.total) throw new RangeError(`공급가액 ${t.supply} + 세액 ${t.vat} ≠ 합계 ${t.total}`);
  const span = Math.max(1, columnCount - 1 - trailing);
  const tail: Cell[] = Array.from({ length: Math.max(0, trailing) }, () => ({ text: '' }));
  return [
    [{ text: '공급가액', label: true, colSpan: span }, moneyCell(t.supply, currency), ...tail],
    [{ text: '세액', label: true, colSpan: span }, moneyCell(t.vat, currency), ...tail],
    [{ text: '합계', label: true, bold: true, colSpan: span }, moneyCell(t.total, currency, { bold: true }), ...tail],
  ];
}

/** "일금 일백이십만원정 (₩1,200,000, 부가세 포함)": the amount line at the top of a quote. */
export function amountInWordsBlock(total: number, note = '부가세 포함', currency = 'KRW'): ParagraphBlock {
  return { type: 'paragraph', text: amountInWordsText(total, note, currency), size: 11, bold: true, gapBefore: 4 };
}

/**
 * The text of the amount line: KRW "일금 일백이십만원정 (₩1,200,000, 부가세 포함)"; CNY in
 * financial capitals ("人民币壹仟贰佰叁拾肆元伍角 (1,234.50 CNY, …)"); a currency without an
 * amount-in-words convention shows the figure alone ("합계 1,234.50 USD (…)").
 */
export function amountInWordsText(total: number, note = '부가세 포함', currency = 'KRW'): string {
  assertAmount(total);
  const tail = note ? `, ${note}` : '';
  if (currency === 'KRW') return `${amountInWords(total)} (₩${formatAmount(total)}${tail})`;
  const words = amountInWordsFor(total, currency);
  return words === null ? `합계 ${formatMoney(total, currency)}${note ? ` (${note})` : ''}` : `${words} (${formatMoney(total, currency)}${tail})`;
}
