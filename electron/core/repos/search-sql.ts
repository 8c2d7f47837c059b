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

/** Grams the index can answer: unicode61 keeps letters and digits only (see appSearchMatch). */
const INDEXABLE = /^[\p{L}\p{N}]+$/u;

/**
 * The FTS5 query for a substring of one app_search column (migration 0009 indexes every bigram
 * of a value plus its last character): one character is a prefix of a token; longer, every
 * bigram. Grams the tokenizer would split (punctuation) are left out: the index then answers a
 * superset, which instr() confirms. Null when no gram is left (the caller scans instead).
 */
function appSearchMatch(column: 'name' | 'rep' | 'phone' | 'svc', text: string): string | null {
  const chars = Array.from(text);
  const quote = (t: string) => `"${t.replace(/"/g, '""')}"`;
  if (chars.length === 1) return INDEXABLE.test(chars[0]!) ? `{${column}} : ${quote(chars[0]!)}*` : null;
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = chars[i]! + chars[i + 1]!;
    if (INDEXABLE.test(g)) grams.add(g);
  }
  if (grams.size === 0) return null;
  return `{${column}} : (${[...grams].map(quote).join(' AND ')})`;
}

/** What a search term asks of app_search_rows r: the FTS5 query that finds a superset, and the exact test. */
interface AppSearchSpec {
  match: string | null;
  confirm: string;
  params: unknown[];
}

function appSearchSpec(query: string | undefined): AppSearchSpec | null {
  const term = parseSearch(query);
  switch (term.kind) {
    case 'name': {
      // The company's name key, or the 대표자 as typed (spaces dropped).
      const name = appSearchMatch('name', term.key);
      const rep = appSearchMatch('rep', term.text);
      return {
        match: name && rep ? `(${name}) OR (${rep})` : null,
        confirm: '(instr(r.name, ?) > 0 OR instr(r.rep, ?) > 0)',
        params: [term.key, term.text],
      };
    }
    case 'phonePart':
      return { match: appSearchMatch('phone', term.digits), confirm: 'instr(r.phone, ?) > 0', params: [term.digits] };
    case 'businessNumberPrefix': {
      // The business number is one token (a prefix query); from 3 digits also a part of a service number (J00001234 from 1234).
      if (!term.digits) return { match: null, confirm: '1', params: [] };
      const bn = `{bn} : "${term.digits}"*`;
      if (term.digits.length < 3) return { match: bn, confirm: 'substr(r.bn, 1, ?) = ?', params: [term.digits.length, term.digits] };
      const svc = appSearchMatch('svc', term.digits);
      return {
        match: svc ? `(${bn}) OR (${svc})` : null,
        confirm: '(substr(r.bn, 1, ?) = ? OR instr(r.svc, ?) > 0)',
        params: [term.digits.length, term.digits, term.digits],
      };
    }
    case 'serviceNumberPrefix':
      return { match: appSearchMatch('svc', term.value), confirm: 'substr(r.svc, 1, ?) = ?', params: [term.value.length, term.value] };
    case 'none':
      return null;
  }
}

/** Up to this many candidates, the matches are confirmed and ordered all at once; past it, a walk newest-first finds the page sooner. */
const CANDIDATES_AT_ONCE = 5_000;

/**
 * An application search answered from the search tables alone (migration 0009): app_search
 * (FTS5) finds the candidates, app_search_rows confirms each with instr() and orders them, so
 * only the page's wide rows are read afterwards. Exact: every match, newest first; the total is
 * capped at COUNT_CAP ("1,000건 이상"). Null when there is no search term.
 *  - few candidates: one FTS5 pass finds them, one read confirms and orders them all (total and page at once);
 *  - many: the page comes from a walk of app_search_rows newest-first (a common term fills it
 *    within a few rows), the capped count from the candidates, stopping after COUNT_CAP + 1.
 */
export function applicationSearchPage(
  store: Store,
  query: string | undefined,
  limit: number,
  offset: number,
  atOnce = CANDIDATES_AT_ONCE,
): { ids: string[]; total: number; totalCapped: boolean } | null {
  const spec = appSearchSpec(query);
  if (!spec) return null;
  const order = 'ORDER BY r.updated_at DESC, r.id DESC';
  const countMatches = () =>
    spec.match
      ? (store
          .cached(`SELECT count(*) FROM (SELECT 1 FROM app_search s JOIN app_search_rows r ON r.rowid = s.rowid WHERE app_search MATCH ? AND ${spec.confirm} LIMIT ${COUNT_CAP + 1})`)
          .pluck()
          .get(spec.match, ...spec.params) as number)
      : (store.cached(`SELECT count(*) FROM (SELECT 1 FROM app_search_rows r WHERE ${spec.confirm} LIMIT ${COUNT_CAP + 1})`).pluck().get(...spec.params) as number);
  const capped = (ids: string[], n: number) => ({ ids, total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP });
  if (spec.match) {
    // One FTS5 pass: the candidates' rowids (up to atOnce + 1, enough to choose the path), then,
    // if few, their rows by rowid — the MATCH is not run a second time (issue 12: it was, for the count).
    const candidates = store.cached(`SELECT rowid FROM app_search WHERE app_search MATCH ? LIMIT ?`).pluck().all(spec.match, atOnce + 1) as number[];
    if (candidates.length <= atOnce) {
      // Few: confirm them all in one pass and order the matches here (SQLite's sorter costs more).
      const hits = store
        .cached(`SELECT r.id, r.updated_at FROM json_each(?) s JOIN app_search_rows r ON r.rowid = s.value WHERE ${spec.confirm}`)
        .raw()
        .all(JSON.stringify(candidates), ...spec.params) as [string, string][];
      // The list's order (updated_at, then id, newest first); both are ASCII, so JS compares them as SQLite does.
      hits.sort((x, y) => (x[1] === y[1] ? (x[0] < y[0] ? 1 : x[0] > y[0] ? -1 : 0) : x[1] < y[1] ? 1 : -1));
      return capped(hits.slice(offset, offset + limit).map((r) => r[0]), hits.length);
    }
  }
  const ids = store
    .cached(`SELECT r.id FROM app_search_rows r INDEXED BY app_search_rows_order WHERE ${spec.confirm} ${order} LIMIT ? OFFSET ?`)
    .pluck()
    .all(...spec.params, limit, offset) as string[];
  return capped(ids, countMatches());
}

/** Totals past this are shown as "1,000건 이상": counting every broad match exactly costs more than it tells. */
const COUNT_CAP = 1_000;

export function cappedCount(store: Store, fromWhere: string, params: unknown[]): { total: number; totalCapped: boolean } {
  const n = (store.cached(`SELECT count(*) AS n FROM (SELECT 1 ${fromWhere} LIMIT ${COUNT_CAP + 1})`).get(...params) as { n: number }).n;
  return { total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP };
}
