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

/** The FTS5 query that finds candidate customers for a search key (see searchGrams). */
export function searchMatch(key: string): string {
  const chars = [...key];
  const quote = (t: string) => `"${t.replace(/"/g, '""')}"`;
  if (chars.length === 1) return `${quote(chars[0]!)}*`;
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  return [...grams].map(quote).join(' AND ');
}

/** SQL functions the schema's triggers call: search_grams (migration 0002), uuid7 (0004). */
export function registerSearchFunctions(sqlite: Database.Database): void {
  sqlite.function('search_grams', { deterministic: true }, (key: unknown) => searchGrams(typeof key === 'string' ? key : ''));
  sqlite.function('uuid7', { deterministic: false }, () => v7());
}
