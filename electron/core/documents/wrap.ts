/**
 * Line breaking for Korean documents: a line may break between any two Hangul syllables (or CJK
 * characters), and at spaces inside Latin text and numbers — never inside "260,000" or "J00001587".
 * Closing punctuation stays with what it closes and opening punctuation with what it opens, so
 * no line starts with "," or ")" and none ends with "(" (금칙 처리). Pure: it only needs a width
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

const CLOSING = new Set([...')]}>.,;:!?%」』】〕〉》”’·、。…"\'']);
const OPENING = new Set([...'([{<「『【〔〈《“‘']);

interface Unit {
  text: string;
  space: boolean;
}

/** Splits a paragraph (no newlines) into units no line break may split. */
function units(text: string): Unit[] {
  const out: Unit[] = [];
  let glueNext = false;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const prev = out[out.length - 1];
    if (ch === ' ' || ch === '\t') {
      out.push({ text: ' ', space: true });
      glueNext = false;
      continue;
    }
    const breakable = isBreakable(cp);
    let glue = false;
    if (prev && !prev.space) {
      const afterText = !isBreakableUnitEnd(prev.text);
      if (glueNext) glue = true;
      else if (!breakable) glue = CLOSING.has(ch) || afterText; // Latin, digits, closing marks
      // A syllable right after Latin, digits or a closing mark is a particle or counter
      // ("Network를", "10석", "(KT)가"): it stays with them.
      else glue = afterText && cp >= 0xac00 && cp <= 0xd7a3;
    }
    if (glue && prev) prev.text += ch;
    else out.push({ text: ch, space: false });
    glueNext = OPENING.has(ch);
  }
  return out;
}

function isBreakableUnitEnd(text: string): boolean {
  const last = [...text].pop();
  return last !== undefined && isBreakable(last.codePointAt(0)!);
}

/** Breaks one over-long unit by characters. */
function hardBreak(text: string, maxWidth: number, widthOf: WidthOf): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    if (line && widthOf(line + ch) > maxWidth) {
      lines.push(line);
      line = ch;
    } else line += ch;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Wraps text to lines no wider than `maxWidth` (in the unit `widthOf` returns). `\n` forces a
 * break; `firstLineWidth` lets the first line be narrower or wider (hanging indents).
 */
export function wrapText(text: string, maxWidth: number, widthOf: WidthOf, firstLineWidth = maxWidth): string[] {
  // Widths add up (no kerning in our text), so a line's width is kept as it grows.
  const lines: string[] = [];
  const space = widthOf(' ');
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    let pendingSpace = false;
    const limit = () => (lines.length === 0 ? firstLineWidth : maxWidth);
    const startWith = (t: string, w: number) => {
      if (w <= limit()) {
        line = t;
        lineWidth = w;
        return;
      }
      const pieces = hardBreak(t, limit(), widthOf);
      lines.push(...pieces.slice(0, -1));
      line = pieces[pieces.length - 1] ?? '';
      lineWidth = widthOf(line);
    };
    for (const unit of units(paragraph)) {
      if (unit.space) {
        if (line) pendingSpace = true;
        continue;
      }
      const w = widthOf(unit.text);
      const candidate = lineWidth + (pendingSpace ? space : 0) + w;
      if (line && candidate <= limit() + 1e-6) {
        line += (pendingSpace ? ' ' : '') + unit.text;
        lineWidth = candidate;
      } else if (!line) {
        startWith(unit.text, w);
      } else {
        lines.push(line);
        startWith(unit.text, w);
      }
      pendingSpace = false;
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
