import type Database from 'better-sqlite3';
import { v7 } from 'uuid';

/**
 * Tokens for the company-name index: every bigram of the search key, plus its last character,
 * so a query of any length can be answered from the index (then confirmed with instr()).
 */
function searchGrams(key: string): string {
  const chars = [...key];
  if (chars.length === 0) return '';
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  grams.add(chars[chars.length - 1]!);
  return [...grams].join(' ');
}

/**
 * Tokens for the application search (migration 0016): every bigram of a value in order, repeats
 * kept, plus its last character — so the bigrams of a substring are consecutive tokens, and the
 * substring is their phrase (search-sql.ts).
 */
function searchBigrams(value: string): string {
  const chars = [...value];
  if (chars.length === 0) return '';
  const tokens: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i]! + chars[i + 1]!);
  tokens.push(chars[chars.length - 1]!);
  return tokens.join(' ');
}

/**
 * Migration 0018: business and service numbers are tokens of their own, each kind in its own
 * namespace (a mark letter first), so a digits query reads only the numbers' terms — not the digit
 * bigrams every telephone number shares (issue 12: at 1M applications those postings cost 35–58 ms).
 * A number keeps its ASCII digits and capitals; anything else (a hyphen, a lower-case letter)
 * becomes SQUASH, a letter the tokenizer keeps and no query holds. So a number is always one token,
 * and a prefix of the token is a prefix of the number exactly: the tokenizer folds the capitals,
 * and no other letter is left to fold into them. The marks and SQUASH are Latin click letters
 * (Lo, no case, in every Unicode table the tokenizer may use).
 */
const BN_MARK = '\u01C0';
/** A part of a service number: its suffixes that start with a digit. */
const SVC_PART_MARK = '\u01C1';
/** A service number from its start (J…). */
const SVC_START_MARK = '\u01C2';
const SQUASH = '\u01C3';
/** Suffixes shorter than this are not indexed: digits reach the service number from 3 on (parseSearch). */
const SVC_PART_MIN = 3;

function squash(value: string): string {
  return value.replace(/[^0-9A-Z]/g, SQUASH);
}

/** The business number's token: the whole number, so a prefix of the number is a prefix of the token. */
function businessNumberToken(value: string): string {
  return value ? BN_MARK + squash(value) : '';
}

/**
 * The service number's tokens: the whole number, and every suffix of SVC_PART_MIN characters or
 * more that starts with a digit (J00001234: J00001234; 00001234, 0001234, …, 234), so the number's
 * start is a prefix of the one token and each part of it (digits) a prefix of another.
 */
function serviceNumberTokens(value: string): string {
  if (!value) return '';
  const chars = squash(value);
  const tokens = [SVC_START_MARK + chars];
  for (let k = 0; k + SVC_PART_MIN <= chars.length; k++) if (chars[k]! >= '0' && chars[k]! <= '9') tokens.push(SVC_PART_MARK + chars.slice(k));
  return tokens.join(' ');
}

/** Only what parseSearch lets through may go into a number query: quotes or marks would change it. */
function checked(text: string, pattern: RegExp): string {
  if (!pattern.test(text)) throw new Error(`not a number query: ${JSON.stringify(text)}`);
  return text;
}

/**
 * The FTS5 queries for numbers over app_search (migration 0018), each exact: its matches are the
 * applications whose number starts with / holds the text, nothing to confirm.
 */
export const numberMatch = {
  /** Business numbers that start with these digits. */
  businessNumberPrefix: (digits: string) => `{bn} : "${BN_MARK}${checked(digits, /^\d+$/)}"*`,
  /** Service numbers holding these digits (SVC_PART_MIN or more). */
  serviceNumberPart: (digits: string) => `{svc} : "${SVC_PART_MARK}${checked(digits, new RegExp(`^\\d{${SVC_PART_MIN},}$`))}"*`,
  /** Service numbers that start with this (J and digits). */
  serviceNumberPrefix: (value: string) => `{svc} : "${SVC_START_MARK}${checked(value, /^[0-9A-Z]+$/)}"*`,
};

/** The FTS5 query that finds candidate customers for a search key (see searchGrams). */
export function searchMatch(key: string): string {
  const chars = [...key];
  const quote = (t: string) => `"${t.replace(/"/g, '""')}"`;
  if (chars.length === 1) return `${quote(chars[0]!)}*`;
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  return [...grams].map(quote).join(' AND ');
}

/** SQL functions the schema's triggers call: search_grams (migration 0002), uuid7 (0004), search_bigrams (0016), search_bn and search_svc (0018). */
export function registerSearchFunctions(sqlite: Database.Database): void {
  sqlite.function('search_grams', { deterministic: true }, (key: unknown) => searchGrams(typeof key === 'string' ? key : ''));
  sqlite.function('search_bigrams', { deterministic: true }, (value: unknown) => searchBigrams(typeof value === 'string' ? value : ''));
  sqlite.function('search_bn', { deterministic: true }, (value: unknown) => businessNumberToken(typeof value === 'string' ? value : ''));
  sqlite.function('search_svc', { deterministic: true }, (value: unknown) => serviceNumberTokens(typeof value === 'string' ? value : ''));
  sqlite.function('uuid7', { deterministic: false }, () => v7());
}
