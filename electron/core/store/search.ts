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

/** The FTS5 query that finds candidate customers for a search key (see searchGrams). */
export function searchMatch(key: string): string {
  const chars = [...key];
  const quote = (t: string) => `"${t.replace(/"/g, '""')}"`;
  if (chars.length === 1) return `${quote(chars[0]!)}*`;
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  return [...grams].map(quote).join(' AND ');
}

/** SQL functions the schema's triggers call: search_grams (migration 0002), uuid7 (0004), search_bigrams (0016). */
export function registerSearchFunctions(sqlite: Database.Database): void {
  sqlite.function('search_grams', { deterministic: true }, (key: unknown) => searchGrams(typeof key === 'string' ? key : ''));
  sqlite.function('search_bigrams', { deterministic: true }, (value: unknown) => searchBigrams(typeof value === 'string' ? value : ''));
  sqlite.function('uuid7', { deterministic: false }, () => v7());
}
