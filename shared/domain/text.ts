import { z } from 'zod';
import { keyed } from '../i18n/error-messages';

/**
 * The one rule for text a person (or a peer) hands us — names, notes, addresses, reasons, file
 * names — at every door: the app's forms and contract, HQ's sync and admin APIs.
 *
 * - no control characters: C0 (U+0000–U+001F), DEL and C1 (U+0080–U+009F); a field that allows
 *   line breaks (`lines: true`, notes and reasons) keeps tab, LF and CR;
 * - no lone surrogates (half of a UTF-16 pair: not a character; PostgreSQL refuses it);
 * - NFC-normalised (Hangul typed on macOS arrives decomposed: 한 as ᄒ+ᅡ+ᆫ), then trimmed;
 * - capped in length (after normalising, in UTF-16 units as JavaScript counts).
 *
 * Why refuse rather than strip: a NUL or a stray control in a name is almost always a paste
 * accident, and silently changing what someone typed into a signed form is worse than asking.
 */

// The control characters in these patterns are what they exist to find (no-control-regex).
/** C0 controls, DEL and C1 controls. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** The same, but tab, LF and CR are allowed. */
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** With the u flag a surrogate pair is one code point, so only a lone half matches. */
const LONE_SURROGATE = /\p{Cs}/u;

export type TextProblem = 'control' | 'surrogate';

/** What is wrong with a string under the text rule, or undefined when it is clean. */
export function textProblem(value: string, lines = false): TextProblem | undefined {
  if (LONE_SURROGATE.test(value)) return 'surrogate';
  if ((lines ? CONTROL_EXCEPT_LINES : CONTROL).test(value)) return 'control';
  return undefined;
}

/** The Korean sentence for a problem in the field `label` (single-line, or allowing line breaks). */
function textProblemMessage(label: string, problem: TextProblem, lines = false): string {
  if (problem === 'surrogate') return keyed('field.surrogate', { label });
  return keyed(lines ? 'field.controlLines' : 'field.control', { label });
}

export interface TextOptions {
  /** Line breaks (and tabs) allowed: notes, reasons, descriptions. */
  lines?: boolean;
  /** At least this many characters after trimming (required text: 1). */
  min?: number;
}

/**
 * A free-text field under the rule. The value comes out NFC-normalised and trimmed; every
 * message names the field in Korean and says what to do.
 */
export function cleanText(label: string, max: number, options: TextOptions = {}) {
  const lines = options.lines ?? false;
  const min = options.min ?? 0;
  let schema = z
    .string({ error: (iss) => (iss.input === undefined ? keyed('field.enter', { label }) : keyed('field.text', { label })) })
    .refine((v) => !LONE_SURROGATE.test(v), { error: textProblemMessage(label, 'surrogate'), abort: true })
    .overwrite((v) => v.normalize('NFC'))
    .trim();
  if (min > 0) schema = schema.min(min, { error: min === 1 ? keyed('field.enter', { label }) : keyed('field.minChars', { label, min }) });
  return schema.max(max, { error: keyed('field.maxChars', { label, max }) }).refine((v) => !(lines ? CONTROL_EXCEPT_LINES : CONTROL).test(v), { error: textProblemMessage(label, 'control', lines) });
}

/** Text that must be there (at least one character after trimming). */
export const requiredCleanText = (label: string, max: number, options: Omit<TextOptions, 'min'> = {}) => cleanText(label, max, { ...options, min: 1 });

/**
 * A file name as a person sees it (an attachment's name): the text rule, plus no path
 * separators or names that mean "this folder" / "the folder above", so it can never point
 * anywhere when it is written to disk or into an archive.
 */
export function fileNameText(label: string, max = 200) {
  return requiredCleanText(label, max)
    .refine((v) => !/[/\\]/.test(v), { error: keyed('field.pathSeparator', { label }) })
    .refine((v) => v !== '.' && v !== '..', { error: keyed('field.fileName', { label }) });
}

// ---------------------------------------------------------------------------------------------
// JSON blobs (workflow, document inputs, priced results, catalogs): every key and every string.

/** How deep JSON a peer may send: far beyond any real record, far below any stack limit. */
export const MAX_JSON_DEPTH = 32;

export interface UnsafeJson {
  /** Dotted path to the value (keys shown with `printable`). */
  path: string;
  problem: TextProblem | 'depth';
}

/** Whether JSON text nests deeper than `max` (brackets outside strings), in one pass, no recursion. */
export function jsonNestsDeeper(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * In a value's JSON text, anything that might be a problem: an escaped C0 control or DEL
 * (JSON writes them \u00XX, \b, \f), a C1 control (written as is), an escaped lone surrogate
 * (\udXXX), or a line break or tab inside a key (a key is a string followed by ":"). It may
 * also match harmless text (a backslash typed before a "b"): then the exact walk decides.
 */
const SUSPECT_JSON = /\\u00[01][0-9a-f]|\\[bf]|[\u007f-\u009f]|\\ud[89a-f]|\\[nrt](?:[^"\\]|\\.)*":/i;

/**
 * The first key or string in a JSON value that breaks the text rule (line breaks allowed in
 * values: blobs carry notes), or a nesting deeper than MAX_JSON_DEPTH; undefined when all is
 * clean. Clean values (nearly all) are cleared by one scan of their JSON text; the rest are
 * walked, iteratively, so a hostile depth cannot overflow the stack here either.
 */
export function findUnsafeJson(value: unknown, maxDepth = MAX_JSON_DEPTH, json?: string): UnsafeJson | undefined {
  // `json`: the caller's JSON.stringify(value), when it has it already.
  let text: string | undefined = json;
  if (text === undefined) {
    try {
      text = JSON.stringify(value); // undefined for undefined
    } catch {
      text = undefined; // not JSON at all (a cycle, a bigint): walk it
    }
  }
  if (text !== undefined && !SUSPECT_JSON.test(text) && !jsonNestsDeeper(text, maxDepth)) return undefined;
  return walkUnsafeJson(value, maxDepth);
}

/** The exact walk behind `findUnsafeJson` (exported so a test can hold the fast path to it). */
export function walkUnsafeJson(value: unknown, maxDepth = MAX_JSON_DEPTH): UnsafeJson | undefined {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const p = textProblem(v, true);
      if (p) return { path, problem: p };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) return { path, problem: 'depth' };
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ v: item, path: path ? `${path}.${i}` : String(i), depth: depth + 1 }));
      continue;
    }
    for (const [key, item] of Object.entries(v as Record<string, unknown>)) {
      const shown = printable(key);
      const p = textProblem(key, false);
      if (p) return { path: path ? `${path}.${shown}` : shown, problem: p };
      stack.push({ v: item, path: path ? `${path}.${shown}` : shown, depth: depth + 1 });
    }
  }
  return undefined;
}

/** The Korean sentence for `findUnsafeJson`'s answer, naming where. */
export function unsafeJsonMessage(label: string, found: UnsafeJson): string {
  const where = found.path ? `${label}의 '${found.path}'` : label;
  if (found.problem === 'depth') return `${where}이(가) 너무 깊게 중첩되어 있습니다 (최대 ${MAX_JSON_DEPTH}단계).`;
  // Whether line breaks are allowed depends on the field; the message does not promise either.
  if (found.problem === 'control') return `${where}에 보이지 않는 제어 문자가 들어 있습니다. 그 문자를 지우고 다시 입력하세요.`;
  return textProblemMessage(where, found.problem);
}

/**
 * A string with every control character and lone surrogate written out as `\uXXXX`, so it can
 * be shown in a message or stored anywhere (PostgreSQL text and jsonb refuse NUL and lone
 * surrogates) without losing what it was.
 */
export function printable(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it rewrites
  return value.replace(/[\u0000-\u001f\u007f-\u009f]|\p{Cs}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A JSON value with `printable` applied to every key and string: what HQ keeps of a refused payload. */
export function printableJson(value: unknown, maxDepth = MAX_JSON_DEPTH, depth = 0): unknown {
  if (typeof value === 'string') return printable(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= maxDepth) return '(too deep)';
  if (Array.isArray(value)) return value.map((v) => printableJson(v, maxDepth, depth + 1));
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [printable(k), printableJson(v, maxDepth, depth + 1)]));
}
