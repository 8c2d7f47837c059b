/**
 * Line breaking for Korean documents, as Korean business documents set text (CSS
 * `word-break: keep-all`): lines break at spaces, so a word ("업무제휴", "제공", "날인을") is never
 * split across lines. Only a word wider than a whole line is broken inside — between Hangul
 * syllables (or CJK characters) where it has them, and by characters as a last resort; never
 * inside "260,000" or "J00001587" while a syllable break is available. Inside such a word,
 * closing punctuation stays with what it closes and opening punctuation with what it opens, so no
 * line starts with "," or ")" and none ends with "(" (금칙 처리). Pure: it only needs a width
 * function.
 */

export type WidthOf = (text: string) => number;

/** Characters a line may break before and after, like ideographs. */
function isBreakable(cp: number): boolean {
  return (
    (cp >= 0xac00 && cp <= 0xd7a3) || // Hangul syllables
    (cp >= 0x1100 && cp <= 0x11ff) || // Hangul jamo
    (cp >= 0x3130 && cp <= 0x318f) || // compatibility jamo (ㅇ)
    (cp >= 0x3200 && cp <= 0x32ff) || // enclosed CJK (㈜)
    (cp >= 0x2460 && cp <= 0x24ff) || // circled numbers
    (cp >= 0x4e00 && cp <= 0x9fff) || // CJK ideographs
    (cp >= 0x25a0 && cp <= 0x25ff) // geometric shapes (□ ■)
  );
}

// A Set built from a string holds its code points, one character each.
const CLOSING = new Set<string>(')]}>.,;:!?%」』】〕〉》”’·、。…"\'');
const OPENING = new Set<string>('([{<「『【〔〈《“‘');

/**
 * Splits one word (no spaces) into the pieces it may be broken between when it is wider than a
 * line: single syllables, with Latin, digits and punctuation glued as the 금칙 rules say.
 */
function segments(word: string): string[] {
  const out: string[] = [];
  let glueNext = false;
  for (const ch of word) {
    const cp = ch.codePointAt(0)!;
    const prev = out[out.length - 1];
    const breakable = isBreakable(cp);
    let glue = false;
    if (prev !== undefined) {
      const afterText = !isBreakableUnitEnd(prev);
      if (glueNext) glue = true;
      else if (!breakable)
        glue = CLOSING.has(ch) || afterText; // Latin, digits, closing marks
      // A syllable right after Latin, digits or a closing mark is a particle or counter
      // ("Network를", "10석", "(KT)가"): it stays with them.
      else glue = afterText && cp >= 0xac00 && cp <= 0xd7a3;
    }
    if (glue && prev !== undefined) out[out.length - 1] = prev + ch;
    else out.push(ch);
    glueNext = OPENING.has(ch);
  }
  return out;
}

function isBreakableUnitEnd(text: string): boolean {
  const last = [...text].pop();
  return last !== undefined && isBreakable(last.codePointAt(0)!);
}

/**
 * Wraps text to lines no wider than `maxWidth` (in the unit `widthOf` returns), breaking at
 * spaces (runs of spaces collapse; a break drops them). `\n` forces a break; `firstLineWidth` lets
 * the first line be narrower or wider (hanging indents). A word wider than a whole line starts
 * a line of its own and is broken inside (see `segments`), by characters when even one of its
 * pieces is too wide.
 */
export function wrapText(text: string, maxWidth: number, widthOf: WidthOf, firstLineWidth = maxWidth): string[] {
  // Widths add up (no kerning in our text), so a line's width is kept as it grows.
  const lines: string[] = [];
  const space = widthOf(' ');
  const limit = () => (lines.length === 0 ? firstLineWidth : maxWidth) + 1e-6;
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    const flush = () => {
      lines.push(line);
      line = '';
      lineWidth = 0;
    };
    /** Appends `piece` to the (possibly empty) line, breaking it by characters if it alone is too wide. */
    const put = (piece: string, w: number) => {
      if (line && lineWidth + w > limit()) flush();
      if (line || w <= limit()) {
        line += piece;
        lineWidth += w;
        return;
      }
      for (const ch of piece) {
        const cw = widthOf(ch);
        if (line && lineWidth + cw > limit()) flush();
        line += ch;
        lineWidth += cw;
      }
    };
    for (const word of paragraph.split(/[ \t]+/)) {
      if (!word) continue;
      const w = widthOf(word);
      if (line && lineWidth + space + w <= limit()) {
        line += ` ${word}`;
        lineWidth += space + w;
        continue;
      }
      if (line) flush();
      if (w <= limit()) {
        line = word;
        lineWidth = w;
        continue;
      }
      // Wider than a whole line: break it where Korean allows, as little as possible.
      for (const piece of segments(word)) put(piece, widthOf(piece));
    }
    lines.push(line);
  }
  return lines;
}

/**
 * Lays whole items (e.g. "■ 12개월") on lines separated by `gap`; an item moves to the next line
 * whole, and only an item wider than a line is wrapped itself.
 */
export function wrapItems(items: readonly string[], gap: string, maxWidth: number, widthOf: WidthOf): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const candidate = line ? line + gap + item : item;
    if (widthOf(candidate) <= maxWidth) line = candidate;
    else {
      if (line) lines.push(line);
      if (widthOf(item) <= maxWidth) line = item;
      else {
        const pieces = wrapText(item, maxWidth, widthOf);
        lines.push(...pieces.slice(0, -1));
        line = pieces[pieces.length - 1] ?? '';
      }
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** A list marker at the start of a paragraph: "1. ", "1) ", "① ", "ㅇ ", "※ ", "가. ", "- ". */
export function listMarker(text: string): string | null {
  const m = /^(\d{1,2}\.\s+|\d{1,2}\)\s+|[①-⑳]\s*|ㅇ\s+|※\s*|[가-하]\.\s+|-\s+|=\s+)/.exec(text);
  return m ? m[0] : null;
}
