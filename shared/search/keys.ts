import { digitsOnly } from '../format/digits';

/**
 * Company names are written many ways: "(주)하나콜", "㈜ 하나콜", "주식회사 하나콜". The search
 * key drops legal-form marks, spaces and punctuation and lower-cases Latin letters, so any of
 * them finds the others.
 */
export function companySearchKey(name: string): string {
  return name
    .normalize('NFC')
    .replace(/\(주\)|㈜|주식회사|\(유\)|유한회사|\(사\)|사단법인|\(재\)|재단법인/g, '')
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .toLowerCase();
}

export type SearchTerm =
  | { kind: 'businessNumberPrefix'; digits: string }
  | { kind: 'serviceNumberPrefix'; value: string }
  | { kind: 'phonePart'; digits: string }
  | { kind: 'name'; key: string; text: string }
  | { kind: 'none' };

/**
 * Reads what a rep typed into the search box: a company name or 대표자, a business-number prefix
 * (digits, also found inside service numbers), a telephone number or part of it (starting with 0),
 * or a service number (J…).
 */
export function parseSearch(query: string | undefined): SearchTerm {
  const q = (query ?? '').trim();
  if (!q) return { kind: 'none' };
  if (/^[jJ]\d{0,8}$/.test(q.replace(/-/g, ''))) return { kind: 'serviceNumberPrefix', value: q.replace(/-/g, '').toUpperCase() };
  // Telephone numbers start with 0 (02-…, 010-…); business numbers never do (their first digits name a tax office).
  if (/^0[\d\s-]+$/.test(q)) return { kind: 'phonePart', digits: digitsOnly(q) };
  if (/^[\d\s-]+$/.test(q)) return { kind: 'businessNumberPrefix', digits: digitsOnly(q) };
  const key = companySearchKey(q);
  // The name as typed also finds a 대표자 (a person's name has no legal-form marks to drop).
  return key ? { kind: 'name', key, text: q.normalize('NFC').replace(/\s+/g, '') } : { kind: 'none' };
}
