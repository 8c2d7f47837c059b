import { parseSearch } from '../../../shared/search/keys';
import { numberMatch, searchMatch } from '../store/search';
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
/** Letters with a case: unicode61 folds them, instr() does not, so a match on them is confirmed. */
const CASED = /[\p{Lu}\p{Ll}\p{Lt}]/u;

interface GramMatch {
  match: string;
  /** The match is exactly "the column's value contains the text" (nothing to confirm). */
  exact: boolean;
}

/**
 * The FTS5 query for a substring of one app_search column (migrations 0009/0016 index every bigram
 * of a value, in order, plus its last character): one character is a prefix of a token; longer,
 * the phrase of its bigrams. A phrase of consecutive bigram tokens is the substring itself
 * (detail=full keeps positions; a gram with punctuation becomes a one-letter token or none, and
 * one-letter tokens never equal a bigram, so a phrase cannot bridge it), so such a match is exact
 * unless the text has letters with a case (the tokenizer folds them; instr() does not). Grams the
 * tokenizer would split (punctuation) are left out and each remaining gram is its own term: the
 * index then answers a superset, which instr() confirms. Null when no gram is left (the caller scans).
 */
function appSearchMatch(column: 'name' | 'rep' | 'name rep' | 'phone', text: string): GramMatch | null {
  const chars = Array.from(text);
  const quote = (t: string) => `"${t.replace(/"/g, '""')}"`;
  const uncased = !CASED.test(text);
  if (chars.length === 1) return INDEXABLE.test(chars[0]!) ? { match: `{${column}} : ${quote(chars[0]!)}*`, exact: uncased } : null;
  const grams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i]! + chars[i + 1]!);
  const indexable = grams.filter((g) => INDEXABLE.test(g));
  if (indexable.length === 0) return null;
  if (indexable.length === grams.length) return { match: `{${column}} : ${quote(grams.join(' '))}`, exact: uncased };
  return { match: `{${column}} : (${[...new Set(indexable)].map(quote).join(' AND ')})`, exact: false };
}

/** What a search term asks of app_search_rows r: the FTS5 query that finds a superset, and the exact test. */
interface AppSearchSpec {
  match: string | null;
  /** The FTS5 query's matches are the answer: no row needs confirming. */
  exact: boolean;
  /** A prefix query (numbers): FTS5 merges every matching term's postings before the first row. */
  prefix?: boolean;
  confirm: string;
  params: unknown[];
}

function either(x: GramMatch | null, y: GramMatch | null): { match: string | null; exact: boolean } {
  return x && y ? { match: `(${x.match}) OR (${y.match})`, exact: x.exact && y.exact } : { match: null, exact: false };
}

function only(x: GramMatch | null): { match: string | null; exact: boolean } {
  return x ?? { match: null, exact: false };
}

function appSearchSpec(query: string | undefined): AppSearchSpec | null {
  const term = parseSearch(query);
  switch (term.kind) {
    case 'name':
      // The company's name key, or the 대표자 as typed (spaces dropped); one phrase over both
      // columns when they are the same text (FTS5 then reads each term's postings once).
      return {
        ...(term.key === term.text ? only(appSearchMatch('name rep', term.key)) : either(appSearchMatch('name', term.key), appSearchMatch('rep', term.text))),
        confirm: '(instr(r.name, ?) > 0 OR instr(r.rep, ?) > 0)',
        params: [term.key, term.text],
      };
    case 'phonePart':
      return { ...only(appSearchMatch('phone', term.digits)), confirm: 'instr(r.phone, ?) > 0', params: [term.digits] };
    case 'businessNumberPrefix': {
      // Migration 0018: each number is a token in its own namespace — a prefix query reads only
      // the numbers' terms, and its matches are the answer. From 3 digits also a part of a service
      // number (J00001234 from 1234).
      if (!term.digits) return { match: null, exact: false, confirm: '1', params: [] };
      const bn = numberMatch.businessNumberPrefix(term.digits);
      if (term.digits.length < 3) return { match: bn, exact: true, prefix: true, confirm: 'substr(r.bn, 1, ?) = ?', params: [term.digits.length, term.digits] };
      return {
        match: `(${bn}) OR (${numberMatch.serviceNumberPart(term.digits)})`,
        exact: true,
        prefix: true,
        confirm: '(substr(r.bn, 1, ?) = ? OR instr(r.svc, ?) > 0)',
        params: [term.digits.length, term.digits, term.digits],
      };
    }
    case 'serviceNumberPrefix':
      return { match: numberMatch.serviceNumberPrefix(term.value), exact: true, prefix: true, confirm: 'substr(r.svc, 1, ?) = ?', params: [term.value.length, term.value] };
    case 'none':
      return null;
  }
}

/** Up to this many candidates, the matches are confirmed and ordered all at once; past it, a walk newest-first finds the page sooner. */
const CANDIDATES_AT_ONCE = 5_000;
/** An entry's order key (app_search_rows.rowid, migration 0016) is its updated_at's second × this, plus a sequence. */
const ORDER_KEY_UNIT = 1_048_576;
/** Past this many matches in one second after the page's start (pulled pages share one updated_at), the page is found another way. */
const TIE_GROUP_MAX = 500;

/** The list's order (updated_at, then id, newest first); both are ASCII, so JS compares them as SQLite does. */
function newestFirst(x: readonly [string, string], y: readonly [string, string]): number {
  return x[1] === y[1] ? (x[0] < y[0] ? 1 : x[0] > y[0] ? -1 : 0) : x[1] < y[1] ? 1 : -1;
}

/** Order keys count seconds from this instant (2020-01-01T00:00:00Z, migration 0016). */
const ORDER_KEY_EPOCH_MS = Date.UTC(2020, 0, 1);

/**
 * An exact match's page straight from FTS5, newest first (the order key is the FTS5 rowid): the
 * first offset + limit keys and, when the next key shares the last one's second, every match of
 * that second (the key orders entries by second only: within one, the list orders by updated_at and
 * id); then the page by the list's order. A prefix query (numbers, migration 0018) merges its terms'
 * postings before it returns its first row, so it reads what the capped count needs in the same
 * pass; a phrase streams, so it reads the page alone and counts in SQLite. (A rowid range in the
 * MATCH query would read the postings from their start.)
 * When the page's last second holds more than TIE_GROUP_MAX further matches (a pulled page writes
 * thousands of rows in one second), that second's part of the page comes from a walk of its rows in
 * the list's order (app_search_rows_order, updated_at within the second; updated_at is an ISO string
 * from toISOString(), so the second's rows are one range of it) — or, for second 0 (dates before
 * 2020 or unreadable), from a walk of every row.
 */
function exactPage(store: Store, spec: AppSearchSpec & { match: string }, limit: number, offset: number): { ids: string[]; total: number; totalCapped: boolean } {
  const want = offset + limit;
  const second = (key: number) => Math.floor(key / ORDER_KEY_UNIT);
  const newest = (n: number) => store.cached('SELECT rowid FROM app_search WHERE app_search MATCH ? ORDER BY rowid DESC LIMIT ?').pluck().all(spec.match, n) as number[];
  let read = spec.prefix ? Math.max(COUNT_CAP + 1, want + 1) : want + 1;
  let keys = newest(read);
  if (keys.length === read && keys.length > want && second(keys[want]!) === second(keys[want - 1]!) && read < want + TIE_GROUP_MAX + 1) {
    // The page ends inside a second whose matches may go on past what was read.
    read = want + TIE_GROUP_MAX + 1;
    keys = newest(read);
  }
  let end = Math.min(want, keys.length);
  if (keys.length > want) {
    const last = second(keys[want - 1]!);
    while (end < keys.length && second(keys[end]!) === last) end++;
  }
  const n =
    keys.length < read || read > COUNT_CAP
      ? keys.length
      : (store
          .cached(`SELECT count(*) FROM (SELECT 1 FROM app_search WHERE app_search MATCH ? LIMIT ${COUNT_CAP + 1})`)
          .pluck()
          .get(spec.match) as number);
  const count = { total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP };
  const rowsOf = (some: number[]) => {
    const rows = store.cached('SELECT r.id, r.updated_at FROM json_each(?) k JOIN app_search_rows r ON r.rowid = k.value').raw().all(JSON.stringify(some)) as [string, string][];
    return rows.sort(newestFirst).map((r) => r[0]);
  };
  // The page's last second goes on past what was read: too many to order here.
  const overflow = keys.length > want && end === keys.length && keys.length === read;
  if (!overflow) return { ids: rowsOf(keys.slice(0, end)).slice(offset, want), ...count };
  const groupSecond = second(keys[want - 1]!);
  if (groupSecond === 0) return { ids: walkPage(store, spec, limit, offset), ...count };
  // Newer seconds' matches all come first; then the group's, in the list's order.
  const newer = rowsOf(keys.slice(0, want).filter((k) => second(k) > groupSecond));
  const from = new Date(ORDER_KEY_EPOCH_MS + groupSecond * 1000).toISOString();
  const to = new Date(ORDER_KEY_EPOCH_MS + (groupSecond + 1) * 1000).toISOString();
  const group = store
    .cached(`SELECT r.id FROM app_search_rows r INDEXED BY app_search_rows_order WHERE r.updated_at >= ? AND r.updated_at < ? AND ${spec.confirm} ORDER BY r.updated_at DESC, r.id DESC LIMIT ?`)
    .pluck()
    .all(from, to, ...spec.params, want - newer.length) as string[];
  return { ids: [...newer, ...group].slice(offset, want), ...count };
}

/** The page from a walk of app_search_rows newest-first, each row confirmed (a common term fills it within a few rows). */
function walkPage(store: Store, spec: AppSearchSpec, limit: number, offset: number): string[] {
  return store
    .cached(`SELECT r.id FROM app_search_rows r INDEXED BY app_search_rows_order WHERE ${spec.confirm} ORDER BY r.updated_at DESC, r.id DESC LIMIT ? OFFSET ?`)
    .pluck()
    .all(...spec.params, limit, offset) as string[];
}

/**
 * An application search answered from the search tables alone (migrations 0009/0016): app_search
 * (FTS5) finds the candidates, app_search_rows confirms each with instr() and orders them, so
 * only the page's wide rows are read afterwards. Exact: every match, newest first; the total is
 * capped at COUNT_CAP ("1,000건 이상"). Null when there is no search term.
 *  - an exact match (most searches: Hangul and digits): the page from FTS5 newest-first, the count
 *    from FTS5 alone, in one pass (exactPage);
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
  if (spec.match && spec.exact) return exactPage(store, { ...spec, match: spec.match }, limit, offset);
  const countMatches = () =>
    spec.match
      ? (store
          .cached(`SELECT count(*) FROM (SELECT 1 FROM app_search s JOIN app_search_rows r ON r.rowid = s.rowid WHERE app_search MATCH ? AND ${spec.confirm} LIMIT ${COUNT_CAP + 1})`)
          .pluck()
          .get(spec.match, ...spec.params) as number)
      : (store
          .cached(`SELECT count(*) FROM (SELECT 1 FROM app_search_rows r WHERE ${spec.confirm} LIMIT ${COUNT_CAP + 1})`)
          .pluck()
          .get(...spec.params) as number);
  const capped = (ids: string[], n: number) => ({ ids, total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP });
  if (spec.match) {
    // One FTS5 pass: the candidates' rowids (up to atOnce + 1, enough to choose the path), then,
    // if few, their rows by rowid — the MATCH is not run a second time (issue 12: it was, for the count).
    const candidates = store
      .cached(`SELECT rowid FROM app_search WHERE app_search MATCH ? LIMIT ?`)
      .pluck()
      .all(spec.match, atOnce + 1) as number[];
    if (candidates.length <= atOnce) {
      // Few: confirm them all in one pass and order the matches here (SQLite's sorter costs more).
      const hits = store
        .cached(`SELECT r.id, r.updated_at FROM json_each(?) s JOIN app_search_rows r ON r.rowid = s.value WHERE ${spec.confirm}`)
        .raw()
        .all(JSON.stringify(candidates), ...spec.params) as [string, string][];
      hits.sort(newestFirst);
      return capped(
        hits.slice(offset, offset + limit).map((r) => r[0]),
        hits.length,
      );
    }
  }
  return capped(walkPage(store, spec, limit, offset), countMatches());
}

/** Totals past this are shown as "1,000건 이상": counting every broad match exactly costs more than it tells. */
const COUNT_CAP = 1_000;

export function cappedCount(store: Store, fromWhere: string, params: unknown[]): { total: number; totalCapped: boolean } {
  const n = (store.cached(`SELECT count(*) AS n FROM (SELECT 1 ${fromWhere} LIMIT ${COUNT_CAP + 1})`).get(...params) as { n: number }).n;
  return { total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP };
}
