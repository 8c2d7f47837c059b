import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MIGRATIONS_DIR, openStore, type Store } from '../../../electron/core/store/db';
import { applicationNamePage } from '../../../electron/core/repos/search-sql';
import { companySearchKey, parseSearch } from '../../../shared/search/keys';
import { tempDir } from '../../support/fixtures';

/**
 * application_search / application_search_rows (migration 0006) answer company-name searches
 * over applications without reading their rows. They are kept by triggers, so every way a row
 * can change is exercised here and each answer is compared with a scan of every application
 * joined to its customer: no missed match, no extra one, the same order.
 */
let store: Store | undefined;
afterEach(() => store?.close());

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PARTS = ['하나', '나콜', '콜', '센터', '하', '별빛', '빛텔', 'kt', 'KT ', '(주)', '㈜', '주식회사 ', '1', '12'];
const T0 = Date.parse('2026-11-01T00:00:00.000Z');

function insertCustomer(s: Store, id: string, name: string, n: number): void {
  s.sqlite
    .prepare("INSERT INTO customers (id, name, name_key, business_number, representative, address, phone, created_at, updated_at) VALUES (?, ?, ?, ?, '홍길동', '서울', '02-123-4567', ?, ?)")
    .run(id, name, companySearchKey(name), String(1_000_000_000 + n), new Date(T0).toISOString(), new Date(T0).toISOString());
}
function insertApplication(s: Store, id: string, customerId: string, at: string): void {
  s.sqlite
    .prepare("INSERT INTO applications (id, customer_id, kind, term, items, seller, date, status, created_at, updated_at) VALUES (?, ?, 'new', '36m', '[]', '{}', '2026-11-22', 'draft', ?, ?)")
    .run(id, customerId, at, at);
}

/** What the search must answer: every application whose customer's key contains the query's key, newest first. */
function scan(s: Store, query: string): string[] {
  const key = companySearchKey(query);
  return (
    s.sqlite
      .prepare('SELECT a.id FROM applications a JOIN customers c ON c.id = a.customer_id WHERE instr(c.name_key, ?) > 0 ORDER BY a.updated_at DESC, a.id DESC')
      .pluck()
      .all(key) as string[]
  );
}

function pages(s: Store, query: string): { ids: string[]; total: number; totalCapped: boolean } {
  const ids: string[] = [];
  let total = -1;
  for (let offset = 0; ; offset += 37) {
    const page = applicationNamePage(s, query, 37, offset);
    if (!page) throw new Error(`"${query}" was not answered from the search tables`);
    if (total === -1) total = page.total;
    expect(page.total, `"${query}": the total does not depend on the page`).toBe(total);
    ids.push(...page.ids);
    if (page.ids.length < 37) return { ids, total, totalCapped: page.totalCapped };
  }
}

describe('application search tables (migration 0006)', () => {
  it('answer exactly what a scan of every application and its customer answers, after inserts, renames, late customers, re-dated, moved and deleted applications', () => {
    const rnd = random(12);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const nameOf = () => Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => pick(PARTS)).join('');
    store = openStore({ file: path.join(tempDir(), 'store.sqlite') });
    const s = store;
    const customerIds: string[] = [];
    const appIds: string[] = [];
    s.write(() => {
      for (let i = 0; i < 120; i++) {
        customerIds.push(`c${i}`);
        insertCustomer(s, `c${i}`, nameOf(), i);
      }
      for (let i = 0; i < 400; i++) {
        appIds.push(`a${String(i).padStart(4, '0')}`);
        // Coarse times: many applications share one updated_at, so the id decides their order.
        insertApplication(s, appIds[i]!, pick(customerIds), new Date(T0 + Math.floor(rnd() * 50) * 60_000).toISOString());
      }
    });
    s.write(() => {
      // Renamed companies.
      for (let i = 0; i < 30; i++) {
        const name = nameOf();
        s.sqlite.prepare('UPDATE customers SET name = ?, name_key = ? WHERE id = ?').run(name, companySearchKey(name), pick(customerIds));
      }
      // Edited applications (re-dated), and applications moved to another company.
      for (let i = 0; i < 80; i++) s.sqlite.prepare('UPDATE applications SET updated_at = ? WHERE id = ?').run(new Date(T0 + Math.floor(rnd() * 50) * 60_000).toISOString(), pick(appIds));
      for (let i = 0; i < 15; i++) s.sqlite.prepare('UPDATE applications SET customer_id = ? WHERE id = ?').run(pick(customerIds), pick(appIds));
      // An edit that does not touch what the index holds.
      s.sqlite.prepare("UPDATE applications SET status = 'submitted' WHERE id = ?").run(appIds[3]);
      for (let i = 0; i < 12; i++) s.sqlite.prepare('DELETE FROM applications WHERE id = ?').run(appIds[i * 30]);
    });
    // A pulled page applies with foreign keys deferred: an application may arrive before its company.
    s.write(() => {
      s.sqlite.pragma('defer_foreign_keys = ON');
      insertApplication(s, 'late-1', 'c-late', new Date(T0 + 3_600_000).toISOString());
      insertApplication(s, 'late-2', 'c-late', new Date(T0 + 3_600_000).toISOString());
      insertCustomer(s, 'c-late', '(주)늦은하나콜센터', 999);
    });

    const queries = ['하나', '하', '나', '콜', '나콜', '하나콜센터', '센터', '터', 'kt', 'KT', 'Kt하', '㈜하나', '1', '12', '21', '하1', '2하', '빛텔', '텔빛', '늦은', '없는회사', '(주)하나'];
    for (let i = 0; i < 20; i++) {
      const key = companySearchKey(nameOf());
      const start = Math.floor(rnd() * key.length);
      queries.push(key.slice(start, start + 1 + Math.floor(rnd() * 4)));
    }
    let nonEmpty = 0;
    // Digits alone read as a business-number prefix: other queries, answered elsewhere.
    for (const q of queries.filter((x) => parseSearch(x).kind === 'name')) {
      const expected = scan(s, q);
      const got = pages(s, q);
      expect(got.ids, `"${q}"`).toEqual(expected);
      expect(got.total, `"${q}"`).toBe(expected.length);
      expect(got.totalCapped).toBe(false);
      if (expected.length > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(20);
    expect(scan(s, '늦은')).toEqual(['late-2', 'late-1']);
  });

  it('indexes the applications a device already holds when it upgrades to 0006', () => {
    const old = path.join(tempDir(), 'migrations');
    fs.mkdirSync(path.join(old, 'meta'), { recursive: true });
    const journal = JSON.parse(fs.readFileSync(path.join(DEFAULT_MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const upTo5 = journal.entries.filter((e) => e.tag < '0006');
    for (const e of upTo5) fs.copyFileSync(path.join(DEFAULT_MIGRATIONS_DIR, `${e.tag}.sql`), path.join(old, `${e.tag}.sql`));
    fs.writeFileSync(path.join(old, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: upTo5 }));
    const file = path.join(tempDir(), 'store.sqlite');
    const before = openStore({ file, migrationsDir: old });
    insertCustomer(before, 'c1', '(주)하나콜센터', 1);
    insertCustomer(before, 'c2', '별빛텔레콤', 2);
    insertApplication(before, 'a1', 'c1', '2026-11-20T00:00:00.000Z');
    insertApplication(before, 'a2', 'c2', '2026-11-21T00:00:00.000Z');
    insertApplication(before, 'a3', 'c1', '2026-11-22T00:00:00.000Z');
    before.close();

    store = openStore({ file });
    expect(applicationNamePage(store, '하나콜', 50, 0)).toEqual({ ids: ['a3', 'a1'], total: 2, totalCapped: false });
    expect(applicationNamePage(store, '텔레', 50, 0)).toEqual({ ids: ['a2'], total: 1, totalCapped: false });
    expect(applicationNamePage(store, '없는', 50, 0)).toEqual({ ids: [], total: 0, totalCapped: false });
  });
});
