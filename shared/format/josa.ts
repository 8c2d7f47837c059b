/**
 * Korean particles depend on whether the word ends in a consonant (받침):
 * 주소를 / 대표자명을, 전화번호는 / 법인명은. Words that end in a non-Hangul character are judged
 * by how they are read. A trailing parenthetical is a gloss, and the particle agrees with the
 * word before it, as the National Institute of Korean Language advises ("법인명(상호)" → 법인명 →
 * 을, "커피(coffee)를"); a word that is only a parenthetical ("(주)") is read from inside it.
 * Trailing spaces and closing quotes are not read.
 */
const TRAILING_SILENT = /[\s'"’”」』]+$/;

function lastSpoken(word: string): string | undefined {
  const bare = word.replace(TRAILING_SILENT, '');
  const withoutGloss = bare.replace(/\([^)]*\)$/, '').replace(TRAILING_SILENT, '');
  if (withoutGloss) return withoutGloss.at(-1);
  const inside = /\(([^)]*)\)$/.exec(bare)?.[1]?.trim();
  // An empty gloss `()` has nothing spoken in it: the word itself ends there.
  return inside ? inside.at(-1) : bare.at(-1);
}

function hasBatchim(word: string): boolean {
  const ch = lastSpoken(word);
  if (!ch) return false;
  const code = ch.charCodeAt(0);
  if (code >= 0xac00 && code <= 0xd7a3) return (code - 0xac00) % 28 !== 0;
  // Digits and Latin letters, as read aloud in Korean.
  if (/[0136780]/.test(ch)) return true; // 영 일 삼 육 칠 팔 (영 ends in ㅇ; 10 십, 100 백 end in 0 too)
  if (/[lmnr]/i.test(ch)) return true; // 엘 엠 엔 알
  return false;
}

function attach(word: string, withBatchim: string, without: string): string {
  const spoken = word.replace(/\s+$/, '');
  return `${spoken}${hasBatchim(spoken) ? withBatchim : without}`;
}

export const eulReul = (word: string): string => attach(word, '을', '를');
export const eunNeun = (word: string): string => attach(word, '은', '는');
export const iGa = (word: string): string => attach(word, '이', '가');
