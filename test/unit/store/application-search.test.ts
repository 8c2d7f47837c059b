import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MIGRATIONS_DIR, openStore, type Store } from '../../../electron/core/store/db';
import { applicationSearchPage } from '../../../electron/core/repos/search-sql';
import { openCore, type Core } from '../../../electron/core/core';
import { optimizeSearchIndexes } from '../../../electron/core/store/search-index';
import { numberMatch, searchMatch } from '../../../electron/core/store/search';
import type { Change } from '../../../shared/sync/protocol';
import { companySearchKey, parseSearch } from '../../../shared/search/keys';
import { applyPulledPage } from '../../../electron/core/sync/apply';
import { DEFAULT_TIMEOUTS } from '../../../electron/core/sync/http';
import { SyncState, type SyncDeps } from '../../../electron/core/sync/state';
import { tempDir } from '../../support/fixtures';

/**
 * app_search / app_search_rows (migration 0009) answer company-name, 대표자 and telephone searches
 * over applications without reading their rows. They are kept by triggers, so every way a row
 * can change is exercised here and each answer is compared with a naive filter over every
 * application joined to its customer: no missed match, no extra one, the same order — on both of
 * the search's paths (few candidates confirmed at once; many: a walk newest-first).
 */
let store: Store | undefined;
let core: Core | undefined;
afterEach(() => {
  store?.close();
  core?.close();
  store = core = undefined;
});

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

const PARTS = ['하나', '나콜', '콜', '센터', '하', '별빛', '빛텔', 'kt', 'KT ', '(주)', '㈜', '주식회사 ', '1', '12', 'J.'];
const REPS = ['홍길동', '홍 길동', '김하나', 'Kim Ha-na', '이콜', '대표', '박 센터'];
const T0 = Date.parse('2026-11-01T00:00:00.000Z');

function insertCustomer(s: Store, id: string, name: string, n: number, rep = '홍길동', phone = '02-123-4567'): void {
  s.sqlite
    .prepare("INSERT INTO customers (id, name, name_key, business_number, representative, address, phone, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '서울', ?, ?, ?)")
    .run(id, name, companySearchKey(name), String(1_000_000_000 + n), rep, phone, new Date(T0).toISOString(), new Date(T0).toISOString());
}
function insertApplication(s: Store, id: string, customerId: string, at: string, serviceNumber: string | null = null): void {
  s.sqlite
    .prepare(
      "INSERT INTO applications (id, customer_id, kind, term, items, seller, date, status, service_number, created_at, updated_at) VALUES (?, ?, 'new', '36m', '[]', '{}', '2026-11-22', 'draft', ?, ?, ?)",
    )
    .run(id, customerId, serviceNumber, at, at);
}

/**
 * What the search must answer, by a naive filter in JS over every application and its customer:
 * a name query finds the company's search key or the 대표자 as typed (spaces dropped); a
 * telephone query the digits of the telephone number; other digits a business-number prefix or
 * (from 3 digits) a part of a service number; J… a service-number prefix. Newest first, then by id.
 */
function scan(s: Store, query: string): string[] {
  const term = parseSearch(query);
  const rows = s.sqlite
    .prepare(
      'SELECT a.id, a.updated_at AS at, c.name_key AS nameKey, c.representative AS rep, c.phone, c.business_number AS bn, a.service_number AS svc FROM applications a JOIN customers c ON c.id = a.customer_id',
    )
    .all() as { id: string; at: string; nameKey: string; rep: string; phone: string; bn: string; svc: string | null }[];
  const hit = (r: (typeof rows)[number]) => {
    if (term.kind === 'name') return r.nameKey.includes(term.key) || r.rep.replaceAll(' ', '').includes(term.text);
    if (term.kind === 'phonePart') return r.phone.replace(/[- ]/g, '').includes(term.digits);
    if (term.kind === 'businessNumberPrefix') return r.bn.startsWith(term.digits) || (term.digits.length >= 3 && (r.svc ?? '').includes(term.digits));
    if (term.kind === 'serviceNumberPrefix') return (r.svc ?? '').startsWith(term.value);
    throw new Error(`${query}: not a search`);
  };
  return rows
    .filter(hit)
    .sort((x, y) => (x.at === y.at ? (x.id < y.id ? 1 : -1) : x.at < y.at ? 1 : -1))
    .map((r) => r.id);
}

function pages(s: Store, query: string, atOnce?: number): { ids: string[]; total: number; totalCapped: boolean } {
  const ids: string[] = [];
  let total = -1;
  for (let offset = 0; ; offset += 37) {
    const page = applicationSearchPage(s, query, 37, offset, atOnce);
    if (!page) throw new Error(`"${query}" was not answered from the search tables`);
    if (total === -1) total = page.total;
    expect(page.total, `"${query}": the total does not depend on the page`).toBe(total);
    ids.push(...page.ids);
    if (page.ids.length < 37) return { ids, total, totalCapped: page.totalCapped };
  }
}

describe('application search tables (migration 0009)', () => {
  it('answer exactly what a naive filter answers for names, 대표자, telephone digits, business-number prefixes and service numbers (1–2 characters, Hangul, Latin, digits), on both paths, after inserts, renames, late customers, re-dated, moved and deleted applications', () => {
    const rnd = random(12);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const nameOf = () => Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => pick(PARTS)).join('');
    store = openStore({ file: path.join(tempDir(), 'store.sqlite') });
    const s = store;
    const customerIds: string[] = [];
    const appIds: string[] = [];
    s.write(() => {
      for (let i = 0; i < 120; i++) {
        customerIds.push(`c${i}`);
        insertCustomer(s, `c${i}`, nameOf(), i * 7_919, pick(REPS), `0${Math.floor(rnd() * 3) + 1}0-${Math.floor(rnd() * 9000) + 1000}-${Math.floor(rnd() * 9000) + 1000}`);
      }
      for (let i = 0; i < 400; i++) {
        appIds.push(`a${String(i).padStart(4, '0')}`);
        // Coarse times: many applications share one updated_at, so the id decides their order.
        insertApplication(s, appIds[i]!, pick(customerIds), new Date(T0 + Math.floor(rnd() * 50) * 60_000).toISOString(), rnd() < 0.5 ? `J${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}` : null);
      }
    });
    s.write(() => {
      // Renamed companies.
      for (let i = 0; i < 30; i++) {
        const name = nameOf();
        s.sqlite.prepare('UPDATE customers SET name = ?, name_key = ? WHERE id = ?').run(name, companySearchKey(name), pick(customerIds));
      }
      // A new 대표자, a new telephone number.
      for (let i = 0; i < 20; i++) s.sqlite.prepare('UPDATE customers SET representative = ? WHERE id = ?').run(pick(REPS), pick(customerIds));
      for (let i = 0; i < 20; i++) s.sqlite.prepare('UPDATE customers SET phone = ? WHERE id = ?').run(`02-${Math.floor(rnd() * 900) + 100}-7777`, pick(customerIds));
      for (let i = 0; i < 10; i++) s.sqlite.prepare('UPDATE customers SET business_number = ? WHERE id = ?').run(String(2_000_000_000 + i * 31), pick(customerIds));
      // A service number given.
      for (let i = 0; i < 20; i++) s.sqlite.prepare('UPDATE applications SET service_number = ? WHERE id = ?').run(`J${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`, pick(appIds));
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

    const queries = [
      '하나',
      '하',
      '나',
      '콜',
      '나콜',
      '하나콜센터',
      '센터',
      '터',
      'kt',
      'KT',
      'Kt하',
      '㈜하나',
      '1',
      '12',
      '21',
      '하1',
      '2하',
      '빛텔',
      '텔빛',
      '늦은',
      '없는회사',
      '(주)하나',
      'J.',
      '.',
      'J.하',
      '홍길동',
      '홍 길동',
      '길',
      'Kim',
      'Ha-na',
      'im H',
      '대표',
      '이콜',
      '0',
      '02',
      '02-1',
      '010',
      '7777',
      '-7777',
      '031-5',
      '1',
      '10',
      '100',
      '1000000',
      '1 000',
      '123',
      '4567',
      '2',
      '20000000',
      '2000000031',
      'J',
      'j0',
      'J00',
      'J0000',
      'J1',
      '-',
    ];
    for (let i = 0; i < 20; i++) {
      const key = companySearchKey(nameOf());
      const start = Math.floor(rnd() * key.length);
      queries.push(key.slice(start, start + 1 + Math.floor(rnd() * 4)));
      const phone = s.sqlite.prepare('SELECT phone FROM customers ORDER BY random() LIMIT 1').pluck().get() as string;
      const digits = phone.replaceAll('-', '');
      queries.push(`0${digits.slice(1, 2 + Math.floor(rnd() * 6))}`);
      const svc = s.sqlite.prepare('SELECT service_number FROM applications WHERE service_number IS NOT NULL ORDER BY random() LIMIT 1').pluck().get() as string;
      const at = Math.floor(rnd() * 6);
      queries.push(svc.slice(0, 1 + at), svc.slice(1 + at, 4 + at + Math.floor(rnd() * 3)));
    }
    let nonEmpty = 0;
    const asked = queries.filter((x) => parseSearch(x).kind !== 'none');
    expect(asked.filter((x) => parseSearch(x).kind === 'phonePart').length).toBeGreaterThan(10);
    for (const q of asked) {
      const expected = scan(s, q);
      // Both paths: every candidate confirmed at once, and the walk newest-first with a capped count.
      for (const atOnce of [undefined, 0]) {
        const got = pages(s, q, atOnce);
        expect(got.ids, `"${q}" (${atOnce ?? 'default'})`).toEqual(expected);
        expect(got.total, `"${q}"`).toBe(expected.length);
        expect(got.totalCapped).toBe(false);
      }
      if (expected.length > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(40);
    expect(scan(s, '늦은')).toEqual(['late-2', 'late-1']);
  });

  it('indexes the applications a device already holds when it upgrades to 0009', () => {
    const old = path.join(tempDir(), 'migrations');
    fs.mkdirSync(path.join(old, 'meta'), { recursive: true });
    const journal = JSON.parse(fs.readFileSync(path.join(DEFAULT_MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const upTo5 = journal.entries.filter((e) => e.tag < '0009');
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
    expect(applicationSearchPage(store, '하나콜', 50, 0)).toEqual({ ids: ['a3', 'a1'], total: 2, totalCapped: false });
    expect(applicationSearchPage(store, '텔레', 50, 0)).toEqual({ ids: ['a2'], total: 1, totalCapped: false });
    expect(applicationSearchPage(store, '없는', 50, 0)).toEqual({ ids: [], total: 0, totalCapped: false });
    expect(applicationSearchPage(store, '길동', 50, 0)).toEqual({ ids: ['a3', 'a2', 'a1'], total: 3, totalCapped: false });
    expect(applicationSearchPage(store, '02-123', 50, 0)).toEqual({ ids: ['a3', 'a2', 'a1'], total: 3, totalCapped: false });
  });

  it('re-keys the index a device already holds when it upgrades to 0016 (recency keys, token positions): every answer as the naive filter, and later edits follow', () => {
    const old = path.join(tempDir(), 'migrations');
    fs.mkdirSync(path.join(old, 'meta'), { recursive: true });
    const journal = JSON.parse(fs.readFileSync(path.join(DEFAULT_MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const before0016 = journal.entries.filter((e) => e.tag < '0016');
    for (const e of before0016) fs.copyFileSync(path.join(DEFAULT_MIGRATIONS_DIR, `${e.tag}.sql`), path.join(old, `${e.tag}.sql`));
    fs.writeFileSync(path.join(old, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: before0016 }));
    const file = path.join(tempDir(), 'store.sqlite');
    const rnd = random(16);
    const before = openStore({ file, migrationsDir: old });
    before.write(() => {
      for (let i = 0; i < 300; i++) {
        insertCustomer(before, `c${i}`, `${PARTS[i % PARTS.length]!}${PARTS[(i * 7) % PARTS.length]!}하나콜${i % 11}`, i, REPS[i % REPS.length]);
        // Half of them in a few shared seconds (as pulled pages write them), with the same updated_at.
        insertApplication(before, `a${String(i).padStart(4, '0')}`, `c${i}`, new Date(T0 + (i % 2 === 0 ? (i % 3) * 1_000 : Math.floor(rnd() * 1e7))).toISOString());
      }
    });
    before.close();

    store = openStore({ file });
    const s = store;
    const queries = ['하나콜', '하나', '콜1', '나콜하', '길동', '대표', '02-123', 'kt', 'KT하', '(주)하', '12'];
    for (const q of queries) expect(pages(s, q).ids, `"${q}" after the upgrade`).toEqual(scan(s, q));
    s.write(() => {
      s.sqlite.prepare('UPDATE applications SET updated_at = ? WHERE rowid % 7 = 0').run(new Date(T0 + 2e7).toISOString());
      s.sqlite.prepare("UPDATE customers SET name_key = '나콜하나콜' WHERE rowid % 9 = 0").run();
    });
    for (const q of queries) expect(pages(s, q).ids, `"${q}" after edits`).toEqual(scan(s, q));
  });

  it("answers digits and J… searches from the numbers' own tokens (migration 0018): the FTS5 match alone is exactly the naive filter's answer, though every telephone number holds the same digits and numbers are written oddly (hyphens, spaces, lower-case j, fullwidth digits, short, empty); and so are the pages, on both paths", () => {
    store = openStore({ file: path.join(tempDir(), 'store.sqlite') });
    const s = store;
    const numbers = ['1028112345', '102-81-12345', '102 81 12345', '１０２８１', '10281', '1', '', 'A10281', 'a10281', '2810281028', '9990102811'];
    const services = ['J10281000', 'j10281000', 'J-1028-1000', 'J１０２８１', '10281', 'J', 'J1', 'X10281', 'JJ10281', null, '1028', 'J00010281', 'J99999999'];
    const insertNumbered = s.sqlite.prepare(
      "INSERT INTO customers (id, name, name_key, business_number, representative, address, phone, created_at, updated_at) VALUES (?, '번호회사', '번호회사', ?, '대표', '서울', ?, ?, ?)",
    );
    s.write(() => {
      for (let i = 0; i < 143; i++) {
        // The telephone numbers hold the digits searched for (and their bigrams), so a match on them would be a wrong answer.
        insertNumbered.run(`c${i}`, numbers[i % numbers.length], i % 2 === 0 ? '010-2811-0281' : '02-1028-1028', new Date(T0).toISOString(), new Date(T0).toISOString());
        insertApplication(s, `a${String(i).padStart(4, '0')}`, `c${i}`, new Date(T0 + (i % 17) * 60_000).toISOString(), services[i % services.length]);
      }
    });
    const digits = ['10281', '102', '1028112345', '102-81', '102 81', '1', '10', '81', '281', '2810', '1000', '12345', '99999999', '3333', '9990'];
    const services0 = ['J', 'J1', 'j1', 'J10281', 'J10281000', 'J-1028', 'J00', 'J0001', 'J99999999', 'J2'];
    const asked = [...digits, ...services0];
    expect(asked.map((q) => parseSearch(q).kind).filter((k) => k !== 'businessNumberPrefix' && k !== 'serviceNumberPrefix')).toEqual([]);
    let nonEmpty = 0;
    for (const q of asked) {
      const expected = scan(s, q);
      if (expected.length > 0) nonEmpty++;
      const term = parseSearch(q);
      const match =
        term.kind === 'serviceNumberPrefix'
          ? numberMatch.serviceNumberPrefix(term.value)
          : term.kind === 'businessNumberPrefix' && term.digits.length >= 3
            ? `(${numberMatch.businessNumberPrefix(term.digits)}) OR (${numberMatch.serviceNumberPart(term.digits)})`
            : numberMatch.businessNumberPrefix(term.kind === 'businessNumberPrefix' ? term.digits : '');
      const matched = s.sqlite.prepare('SELECT r.id FROM app_search s JOIN app_search_rows r ON r.rowid = s.rowid WHERE app_search MATCH ?').pluck().all(match) as string[];
      expect(matched.sort(), `"${q}": the index alone`).toEqual([...expected].sort());
      for (const atOnce of [undefined, 0]) {
        const got = pages(s, q, atOnce);
        expect(got.ids, `"${q}" (${atOnce ?? 'default'})`).toEqual(expected);
        expect(got.total).toBe(expected.length);
      }
    }
    expect(nonEmpty).toBeGreaterThan(15);
    expect(scan(s, '3333'), 'no number holds it, though telephone numbers hold its bigrams').toEqual([]);
  });

  it('re-indexes the numbers a device already holds when it upgrades to 0018: every application still indexed once, digits and J… searches exact as the naive filter, and later edits follow', () => {
    const old = path.join(tempDir(), 'migrations');
    fs.mkdirSync(path.join(old, 'meta'), { recursive: true });
    const journal = JSON.parse(fs.readFileSync(path.join(DEFAULT_MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const before0018 = journal.entries.filter((e) => e.tag < '0018');
    for (const e of before0018) fs.copyFileSync(path.join(DEFAULT_MIGRATIONS_DIR, `${e.tag}.sql`), path.join(old, `${e.tag}.sql`));
    fs.writeFileSync(path.join(old, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: before0018 }));
    const file = path.join(tempDir(), 'store.sqlite');
    const rnd = random(18);
    const before = openStore({ file, migrationsDir: old });
    expect(before.schemaVersion).toBe(before0018.length);
    before.write(() => {
      for (let i = 0; i < 300; i++) {
        insertCustomer(before, `c${i}`, `${PARTS[i % PARTS.length]!}하나콜${i % 11}`, i * 7_919, REPS[i % REPS.length], `02-${1000 + i}-1028`);
        insertApplication(
          before,
          `a${String(i).padStart(4, '0')}`,
          `c${i}`,
          new Date(T0 + Math.floor(rnd() * 1e7)).toISOString(),
          i % 3 === 0 ? null : `J${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`,
        );
      }
    });
    const counts = (s: Store) => ({
      applications: s.sqlite.prepare('SELECT count(*) FROM applications').pluck().get(),
      customers: s.sqlite.prepare('SELECT count(*) FROM customers').pluck().get(),
      indexed: s.sqlite.prepare('SELECT count(*) FROM app_search').pluck().get(),
    });
    const held = counts(before);
    expect(held).toEqual({ applications: 300, customers: 300, indexed: 300 });
    const svc = before.sqlite.prepare('SELECT service_number FROM applications WHERE service_number IS NOT NULL ORDER BY rowid LIMIT 5').pluck().all() as string[];
    before.close();

    store = openStore({ file });
    const s = store;
    expect(s.schemaVersion).toBe(before0018.length + 1);
    expect(counts(s), 'every record kept, every application indexed once').toEqual(held);
    const queries = ['1000', '100', '1', '10', '1028', '102', 'J', 'J0', 'J1', ...svc, ...svc.map((x) => x.slice(3, 8)), '하나콜', '길동', '02-1001', '0'];
    let nonEmpty = 0;
    for (const q of queries) {
      const expected = scan(s, q);
      if (expected.length > 0) nonEmpty++;
      expect(pages(s, q).ids, `"${q}" after the upgrade`).toEqual(expected);
    }
    expect(nonEmpty).toBeGreaterThan(15);
    s.write(() => {
      s.sqlite.prepare("UPDATE applications SET service_number = 'J10281028' WHERE rowid % 7 = 0").run();
      s.sqlite.prepare("UPDATE customers SET business_number = '1028199999' WHERE rowid % 9 = 0").run();
    });
    for (const q of [...queries, '10281', '1028199999', 'J1028', '99999']) expect(pages(s, q).ids, `"${q}" after edits`).toEqual(scan(s, q));
  });

  it('shows more than 1,000 matches as 1,000 or more (totalCapped), the pages still newest first and exact, on both paths', () => {
    store = openStore({ file: path.join(tempDir(), 'store.sqlite') });
    const s = store;
    s.write(() => {
      for (let i = 0; i < 1_300; i++) {
        insertCustomer(s, `c${i}`, i % 3 === 0 ? `하나콜센터${i}` : `별빛${i}`, i);
        insertApplication(s, `a${String(i).padStart(5, '0')}`, `c${i}`, new Date(T0 + (i % 97) * 60_000).toISOString());
      }
    });
    for (const q of ['하나콜', '빛', '길동']) {
      const expected = scan(s, q);
      for (const atOnce of [undefined, 0]) {
        for (const offset of [0, 50, 1_250]) {
          const page = applicationSearchPage(s, q, 50, offset, atOnce)!;
          expect(page.ids, `"${q}" at ${offset}`).toEqual(expected.slice(offset, offset + 50));
          expect({ total: page.total, totalCapped: page.totalCapped }).toEqual(expected.length > 1_000 ? { total: 1_000, totalCapped: true } : { total: expected.length, totalCapped: false });
        }
      }
    }
  });

  it('pages newest first exactly when many matches share one second (a pulled page writes one updated_at; migration 0016 orders the index by second): groups larger and smaller than what is read at once, milliseconds within a second, and after the entries are re-dated', () => {
    store = openStore({ file: path.join(tempDir(), 'store.sqlite') });
    const s = store;
    // 1,400 applications of one pulled page (one updated_at), then groups of 3 and 40 within one
    // second but different milliseconds, then single newer ones: the page boundaries fall inside each.
    s.write(() => {
      for (let i = 0; i < 1_500; i++) {
        insertCustomer(s, `c${i}`, i % 2 === 0 ? `하나콜센터${i}` : `별빛${i}`, i);
        const at = i < 1_400 ? T0 : i < 1_403 ? T0 + 5_000 + (i % 3) * 7 : i < 1_443 ? T0 + 9_000 + (i % 40) * 20 : T0 + 60_000 * (i - 1_442);
        insertApplication(s, `a${String((i * 7_919) % 10_007).padStart(5, '0')}`, `c${i}`, new Date(at).toISOString());
      }
    });
    const check = (label: string) => {
      for (const q of ['하나콜', '빛', '콜센터1', '12', '100', '1000001']) {
        const expected = scan(s, q);
        for (const offset of [0, 10, 37, 50, 57, 95, 100, 690, 1_350]) {
          for (const limit of [1, 50]) {
            const page = applicationSearchPage(s, q, limit, offset)!;
            expect(page.ids, `${label}: "${q}" at ${offset}, ${limit}`).toEqual(expected.slice(offset, offset + limit));
            expect({ total: page.total, totalCapped: page.totalCapped }).toEqual(expected.length > 1_000 ? { total: 1_000, totalCapped: true } : { total: expected.length, totalCapped: false });
          }
        }
      }
    };
    check('as written');
    // Re-dated: some of the big group move to one newer second, one to the newest.
    s.write(() => {
      const later = new Date(T0 + 3_600_000).toISOString();
      s.sqlite.prepare('UPDATE applications SET updated_at = ? WHERE rowid % 5 = 0 AND rowid <= 1400').run(later);
      s.sqlite.prepare('UPDATE applications SET updated_at = ? WHERE rowid = 7').run(new Date(T0 + 7_200_000).toISOString());
    });
    check('re-dated');
  });

  it('index pulled pages exactly as local writes (one set-based pass per page, migration 0012): new records, renames, new 대표자/telephone/business numbers, moved applications, children before their parent (the page applied change by change), the same record twice in a page, local writes after, and after the FTS5 merge', () => {
    const rnd = random(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const nameOf = () => Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => pick(PARTS)).join('');
    core = openCore({ dataDir: tempDir(), host: 'test' });
    const s = core.store;
    // The apply phase of a sync, as the engine runs it after each pulled page (sync/apply.ts).
    const deps: SyncDeps = { ctx: core.ctx, state: new SyncState(core.ctx), timeouts: DEFAULT_TIMEOUTS };
    const engine = {
      apply: (changes: Change[], files: Map<string, Uint8Array>, cursor: number) => applyPulledPage(deps, changes, files, cursor),
      get: (key: 'unapplied') => deps.state.get(key),
    };
    let seq = 0;
    let version = 1;
    const customerFields = new Map<string, Change['fields']>();
    const appFields = new Map<string, Change['fields']>();
    const customer = (id: string, fields: Change['fields']): Change => {
      customerFields.set(id, fields);
      return { seq: ++seq, entity: 'customer', id, version: version++, fields };
    };
    const application = (id: string, fields: Change['fields']): Change => {
      appFields.set(id, fields);
      return { seq: ++seq, entity: 'application', id, version: version++, fields };
    };
    const newCustomer = (i: number) => ({
      name: nameOf() || '하나',
      businessNumber: String(1_000_000_000 + i * 7_919),
      representative: pick(REPS),
      address: '서울',
      phone: `0${Math.floor(rnd() * 3) + 1}0-${Math.floor(rnd() * 9000) + 1000}-${Math.floor(rnd() * 9000) + 1000}`,
      createdAt: '2026-11-01T00:00:00.000Z',
    });
    const newApplication = (customerId: string) => ({
      customerId,
      kind: 'new',
      term: '36m',
      items: [],
      seller: {},
      serviceNumber: rnd() < 0.5 ? `J${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}` : null,
      date: '2026-11-22',
      status: 'draft',
      createdAt: '2026-11-01T00:00:00.000Z',
    });
    const customerIds = Array.from({ length: 120 }, (_, i) => `c${String(i).padStart(3, '0')}`);
    const appIds = Array.from({ length: 400 }, (_, i) => `a${String(i).padStart(4, '0')}`);
    // Page 1: companies and their applications, one page (the whole-page path).
    engine.apply(
      [...customerIds.slice(0, 100).map((id, i) => customer(id, newCustomer(i))), ...appIds.slice(0, 300).map((id) => application(id, newApplication(pick(customerIds.slice(0, 100)))))],
      new Map(),
      seq,
    );
    // Page 2: applications whose company has not arrived (set aside: the page goes change by change).
    engine.apply(
      appIds.slice(300).map((id) => application(id, newApplication(pick(customerIds.slice(100))))),
      new Map(),
      seq,
    );
    expect((engine.get('unapplied') as unknown[]).length).toBe(100);
    // Page 3: the late companies (the set-aside applications land), renames, new 대표자 / telephone /
    // business numbers, service numbers given, applications moved, a company sent twice.
    const page3: Change[] = customerIds.slice(100).map((id, i) => customer(id, newCustomer(100 + i)));
    for (let i = 0; i < 40; i++) {
      const id = pick(customerIds.slice(0, 100));
      const before = customerFields.get(id)!;
      const change = pick(['name', 'representative', 'phone', 'businessNumber'] as const);
      const value =
        change === 'name' ? nameOf() || '별빛' : change === 'representative' ? pick(REPS) : change === 'phone' ? `02-${Math.floor(rnd() * 900) + 100}-7777` : String(2_000_000_000 + i * 31);
      page3.push(customer(id, { ...before, [change]: value }));
    }
    for (let i = 0; i < 40; i++) {
      const id = pick(appIds.slice(0, 300));
      const before = appFields.get(id)!;
      page3.push(application(id, rnd() < 0.5 ? { ...before, customerId: pick(customerIds) } : { ...before, serviceNumber: `J${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}` }));
    }
    engine.apply(page3, new Map(), seq);
    expect(engine.get('unapplied')).toEqual([]);
    // Local writes after: the triggers index them as before.
    insertCustomer(s, 'c-local', '(주)로컬하나콜', 4_242, '김하나', '031-555-0000');
    insertApplication(s, 'a-local', 'c-local', '2027-01-01T00:00:00.000Z', 'J12345678');
    s.sqlite.prepare('UPDATE customers SET name = ?, name_key = ? WHERE id = ?').run('별빛콜', companySearchKey('별빛콜'), customerIds[0]);

    const queries = [
      '하나',
      '하',
      '나',
      '콜',
      '나콜',
      '센터',
      '터',
      'kt',
      'KT',
      '㈜하나',
      '1',
      '12',
      '빛텔',
      '로컬',
      '홍길동',
      '길',
      'Kim',
      '대표',
      '이콜',
      '0',
      '02',
      '010',
      '7777',
      '031-5',
      '100',
      '1000000',
      '2000000031',
      'J',
      'J0',
      'J1',
      '없는회사',
    ];
    for (let i = 0; i < 15; i++) {
      const key = companySearchKey(nameOf());
      const start = Math.floor(rnd() * key.length);
      queries.push(key.slice(start, start + 1 + Math.floor(rnd() * 4)));
    }
    const asked = queries.filter((x) => parseSearch(x).kind !== 'none');
    const check = (when: string) => {
      let nonEmpty = 0;
      for (const q of asked) {
        const expected = scan(s, q);
        for (const atOnce of [undefined, 0]) {
          const got = pages(s, q, atOnce);
          expect(got.ids, `"${q}" ${when} (${atOnce ?? 'default'})`).toEqual(expected);
          expect(got.total).toBe(expected.length);
        }
        if (expected.length > 0) nonEmpty++;
        // The customer search: every company whose name holds the text is a candidate.
        const term = parseSearch(q);
        if (term.kind !== 'name') continue;
        const candidates = new Set(
          s.sqlite.prepare('SELECT c.id FROM customer_search f JOIN customers c ON c.rowid = f.rowid WHERE customer_search MATCH ?').pluck().all(searchMatch(term.key)) as string[],
        );
        const named = s.sqlite.prepare('SELECT id, name_key AS k FROM customers').all() as { id: string; k: string }[];
        for (const c of named.filter((c) => c.k.includes(term.key))) expect(candidates.has(c.id), `"${q}" ${when}: customer ${c.id} (${c.k})`).toBe(true);
      }
      expect(nonEmpty).toBeGreaterThan(20);
      // One index entry per company and per application: none missing, none twice.
      expect(s.sqlite.prepare('SELECT count(*) FROM customer_search').pluck().get()).toBe(s.sqlite.prepare('SELECT count(*) FROM customers').pluck().get());
      expect(s.sqlite.prepare('SELECT count(*) FROM app_search').pluck().get()).toBe(s.sqlite.prepare('SELECT count(*) FROM applications').pluck().get());
    };
    check('after the pulled pages');
    optimizeSearchIndexes(s);
    check('after the merge');
  });

  it('keeps the FTS5 indexes merged in bounded steps as local writes arrive (issue 12): merged in steps while idle: before, between and after the steps every search answers exactly, and after a large write and idle nothing is left to merge; the steps wake no commit listener', async () => {
    store = openStore({ file: path.join(tempDir(), 'store.sqlite') });
    const s = store;
    const rnd = random(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    // Many small writes, as a rep makes them: each adds a segment to the indexes.
    for (let w = 0; w < 120; w++) {
      s.write(() => {
        for (let i = 0; i < 10; i++) {
          const n = w * 10 + i;
          insertCustomer(s, `c${n}`, `${pick(PARTS)}${pick(PARTS)}${n}`, n, pick(REPS));
          insertApplication(s, `a${String(n).padStart(5, '0')}`, `c${n}`, new Date(T0 + (n % 89) * 60_000).toISOString());
        }
      });
      if (w % 20 === 19) {
        // A moment idle (one merge step may run), then: half-merged or not, the index answers the same rows.
        await new Promise((resolve) => setTimeout(resolve, 30));
        for (const q of ['하나콜', '센터', '길동', '빛']) expect(pages(s, q).ids, `"${q}" after write ${w}`).toEqual(scan(s, q));
      }
    }
    // A larger write (an import) starts a merge; the idle steps that follow finish it, without waking commit listeners (the sync scheduler).
    let commits = 0;
    s.onCommit(() => (commits += 1));
    s.write(() => {
      for (let n = 1_200; n < 1_400; n++) {
        insertCustomer(s, `c${n}`, `${pick(PARTS)}${pick(PARTS)}${n}`, n, pick(REPS));
        insertApplication(s, `a${String(n).padStart(5, '0')}`, `c${n}`, new Date(T0 + (n % 89) * 60_000).toISOString());
      }
    });
    await s.searchIndexIdle();
    expect(commits, 'only the write itself is announced').toBe(1);
    const changes = () => s.sqlite.prepare('SELECT total_changes()').pluck().get() as number;
    for (const table of ['app_search', 'customer_search']) {
      const before = changes();
      s.sqlite.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('merge', -16)`).run();
      // FTS5 reports a merge that did something by two or more changes.
      expect(changes() - before, `${table}: one segment left once idle`).toBeLessThan(2);
    }
    for (const q of ['하나콜', '센터', '길동', '빛', '12']) {
      expect(pages(s, q).ids, `"${q}" merged`).toEqual(scan(s, q));
      expect(pages(s, q, 0).ids, `"${q}" merged, walk`).toEqual(scan(s, q));
    }
  });
});
