import { parseSearch } from '../../../shared/search/keys';
import { searchMatch } from '../store/search';
import type { Store } from '../store/db';

/**
 * The WHERE fragments for what a rep typed into a search box, in raw SQL so the list queries can
 * pick their join order: a broad match walks applications newest-first and stops at one page; a
 * narrow match starts from the few matching customers. (SQLite's planner cannot know which.)
 */
export interface SearchSql {
  where: string[];
  params: unknown[];
  /** Start from customers (few match) rather than from applications in date order. */
  customersFirst: boolean;
  active: boolean;
}

/** Above this many candidate customers, walking applications by date finds a page sooner. */
const NARROW = 2_000;

export function searchSql(store: Store, query: string | undefined, c = 'c', a: string | null = 'a'): SearchSql {
  const term = parseSearch(query);
  switch (term.kind) {
    case 'none':
      return { where: [], params: [], customersFirst: false, active: false };
    case 'name': {
      const match = searchMatch(term.key);
      const candidates = (store.cached('SELECT count(*) AS n FROM customer_search WHERE customer_search MATCH ?').get(match) as { n: number }).n;
      return {
        where: [`((${c}.rowid IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ?) AND instr(${c}.name_key, ?) > 0) OR instr(replace(${c}.representative, ' ', ''), ?) > 0)`],
        params: [match, term.key, term.text],
        customersFirst: candidates <= NARROW,
        active: true,
      };
    }
    case 'businessNumberPrefix':
      if (a && term.digits.length >= 3) {
        // Digits are also a part of a service number (J00001234 from 1234).
        return {
          where: [`((${c}.business_number >= ? AND ${c}.business_number < ?) OR instr(${a}.service_number, ?) > 0)`],
          params: [term.digits, `${term.digits}\u{10FFFF}`, term.digits],
          customersFirst: false,
          active: true,
        };
      }
      return {
        where: [`${c}.business_number >= ?`, `${c}.business_number < ?`],
        params: [term.digits, `${term.digits}\u{10FFFF}`],
        customersFirst: term.digits.length >= 4,
        active: true,
      };
    case 'phonePart':
      return {
        where: [`instr(replace(replace(${c}.phone, '-', ''), ' ', ''), ?) > 0`],
        params: [term.digits],
        customersFirst: true,
        active: true,
      };
    case 'serviceNumberPrefix':
      if (!a) return { where: ['0'], params: [], customersFirst: false, active: true };
      return {
        where: [`${a}.service_number >= ?`, `${a}.service_number < ?`],
        params: [term.value, `${term.value}\u{10FFFF}`],
        customersFirst: false,
        active: true,
      };
  }
}

/**
 * A company-name search over applications answered from the search tables alone (migration
 * 0006): application_search (FTS5) finds the candidates, application_search_rows confirms each
 * with instr() on its key and orders them, so only the page's wide rows are read afterwards.
 * Null when the term is not a name, or when it is broad (more than NARROW candidates): walking
 * applications newest-first then finds a page and the capped count sooner.
 */
export function applicationNamePage(store: Store, query: string | undefined, limit: number, offset: number): { ids: string[]; total: number; totalCapped: boolean } | null {
  const term = parseSearch(query);
  if (term.kind !== 'name') return null;
  const match = searchMatch(term.key);
  const candidates = store.cached('SELECT count(*) FROM application_search WHERE application_search MATCH ?').pluck().get(match) as number;
  if (candidates > NARROW) return null;
  const from = 'FROM application_search_rows m WHERE m.rowid IN (SELECT rowid FROM application_search WHERE application_search MATCH ?) AND instr(m.key, ?) > 0';
  const ids = store.cached(`SELECT m.id ${from} ORDER BY m.updated_at DESC, m.id DESC LIMIT ? OFFSET ?`).pluck().all(match, term.key, limit, offset) as string[];
  // A short first page is every match: no second pass to count them.
  const n = offset === 0 && ids.length < limit ? ids.length : (store.cached(`SELECT count(*) ${from}`).pluck().get(match, term.key) as number);
  return { ids, total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP };
}

/** Totals past this are shown as "1,000건 이상": counting every broad match exactly costs more than it tells. */
const COUNT_CAP = 1_000;

export function cappedCount(store: Store, fromWhere: string, params: unknown[]): { total: number; totalCapped: boolean } {
  const n = (store.cached(`SELECT count(*) AS n FROM (SELECT 1 ${fromWhere} LIMIT ${COUNT_CAP + 1})`).get(...params) as { n: number }).n;
  return { total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP };
}
