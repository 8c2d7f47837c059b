/**
 * Korean particles depend on whether the word ends in a consonant (받침):
 * 주소를 / 대표자명을, 전화번호는 / 법인명은. Words that end in a non-Hangul character are judged
 * by how they are read: a closing parenthesis is skipped ("법인명(상호)" → 상호 → 를).
 */
function lastSpoken(word: string): string | undefined {
  const trimmed = word.replace(/\([^)]*\)\s*$/, '').trim() || word;
  return trimmed.at(-1);
}

function hasBatchim(word: string): boolean {
  const ch = lastSpoken(word);
  if (!ch) return false;
  const code = ch.charCodeAt(0);
  if (code >= 0xac00 && code <= 0xd7a3) return (code - 0xac00) % 28 !== 0;
  // Digits and Latin letters, as read aloud in Korean.
  if (/[0136780]/.test(ch)) return true; // 영 일 삼 육 칠 팔 (영 ends in ㅇ)
  if (/[lmnr]/i.test(ch)) return true; // 엘 엠 엔 알
  return false;
}

export const eulReul = (word: string): string => `${word}${hasBatchim(word) ? '을' : '를'}`;
export const eunNeun = (word: string): string => `${word}${hasBatchim(word) ? '은' : '는'}`;
export const iGa = (word: string): string => `${word}${hasBatchim(word) ? '이' : '가'}`;
