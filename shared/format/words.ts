import Nzh from 'nzh';

/**
 * Amount in words, the formal style printed on Korean quotes and invoices:
 * 1,200,000 → "일금 일백이십만원정". Every digit is spelled, including 일 before 십/백/천 and
 * before a 만/억/조 group of exactly one, as banks and tax invoices require.
 */
const DIGITS = ['', '일', '이', '삼', '사', '오', '육', '칠', '팔', '구'] as const;
const SMALL_UNITS = ['', '십', '백', '천'] as const;
const BIG_UNITS = ['', '만', '억', '조', '경'] as const;

export function koreanNumberWords(amount: number): string {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new RangeError('금액은 0 이상의 정수여야 합니다.');
  }
  if (amount === 0) return '영';
  let rest = BigInt(amount);
  const groups: string[] = [];
  let g = 0;
  while (rest > 0n) {
    const group = Number(rest % 10000n);
    rest /= 10000n;
    if (group > 0) {
      let text = '';
      const s = String(group).padStart(4, '0');
      for (let i = 0; i < 4; i++) {
        const digit = Number(s[i]);
        if (digit > 0) text += DIGITS[digit]! + SMALL_UNITS[3 - i]!;
      }
      groups.unshift(text + BIG_UNITS[g]!);
    }
    g++;
  }
  return groups.join('');
}

/** "일금 일백이십만원정" — the amount line of 견적서 and 청구서. */
export function amountInWords(amount: number): string {
  return `일금 ${koreanNumberWords(amount)}원정`;
}

/**
 * The amount line in the currency's own convention, from minor units:
 * - KRW: "일금 일백이십만원정";
 * - CNY: financial capitals (大写) as on Chinese invoices, "人民币贰仟壹佰元整",
 *   "人民币壹仟贰佰叁拾肆元伍角陆分" (角/分 from the fen; 零 where a digit is skipped);
 * - any other currency: null — it has no customary amount-in-words line here, so none is printed.
 */
export function amountInWordsFor(amount: number, currency: string): string | null {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError('금액은 0 이상의 정수(최소 화폐 단위)여야 합니다.');
  if (currency === 'KRW') return amountInWords(amount);
  if (currency === 'CNY') {
    // The yuan as an exact decimal string (never a float): 123456 fen → "1234.56"; whole yuan
    // without a fraction, so the line ends in 元整.
    const fen = String(amount).padStart(3, '0');
    const yuan = fen.slice(0, -2);
    const cents = fen.slice(-2);
    return Nzh.cn.toMoney(cents === '00' ? yuan : `${yuan}.${cents}`, { outSymbol: true });
  }
  return null;
}
