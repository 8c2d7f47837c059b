import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MIGRATIONS_DIR, openStore } from '../../../electron/core/store/db';
import { tempDir } from '../../support/fixtures';

/**
 * Shipped migrations are append-only: devices in the field have applied them, so changing one
 * would leave those devices with a schema nobody can reproduce. Add a new migration instead
 * (npm run db:generate) and append its hash here.
 */
const SHIPPED: Record<string, string> = {
  '0000_init.sql': 'a0d4e4cb3c08e5ad5ee551cc93b4f46e2cef19c839f9c9bd7aec499e0829b8ae',
  '0001_quotes.sql': '11bf30634d0cf7d154bd92d6a6add22790b188cde266cd8d8725f583db434a86',
  '0002_customer_search.sql': '7f19158ab6f714a8f63157e4b396fb42f9ddd45abd0ef55901111792f7e6c8b8',
  '0003_documents.sql': '10907e08a3a881af91289825a8f1314144e59b7c7b59e9cbd9946882ca9acfa0',
  '0004_sync.sql': 'f53812b6389e3f36875515b2b45cc59a1428429e9dc4da7d2dce62a83327dcb8',
  '0005_records.sql': 'b1d580e70d6e4a06574e0948888cebff10bd53c540dbbea7ccbe72c62c68e6c8',
  '0006_application_search.sql': '0c413fc861c475da952bdd0057cccc7086f193a1cabf3cdf8c142381e3221b44',
  '0007_access_log.sql': '57144c3990e752103035b41345889bf16455675c947b74880a96cca66838c659',
  '0008_tickets.sql': 'f094e551d2114a9662436213ece8a317bbf71e0fa2f759d0a4b9bef08e0dc7c3',
  '0009_app_search.sql': '64d01363ed7ebf0b63e4199d0e10bf23e28078732995514fa18151e5f12a3746',
  '0010_device_settings.sql': '319b0252017b280991de6691cc0b90a8d964585321adebb6c1dca59ee3c0f4a3',
  '0011_ticket_sync.sql': '2856f307b169af5fc7a6f3b58f14a685fbd174850c94394c393d2ede2eba47a4',
  '0012_search_bulk.sql': 'ca7baae4c9d4564728d8ca6c62152f1006998a90762e3f570737e0ca89936da6',
  '0013_consent_events.sql': '36a98db988faeb92905e52662d83be0271d6ce22e3e4f097be72d52c0a2976e3',
  // Issue 17 item 5: prospect hand-outs held by this device's rep and their results.
  '0014_prospects.sql': '5d655e5df8b09fa2af1baaab551768b4f689b713494c766116050ae254b1241a',
  '0015_retention.sql': 'b65cb953d5f294c079cb965a49521627ef3e2ac47f413fe6e32db7d2c6b19faa',
  '0016_search_recency.sql': '2d4d75145bd3e8c198f97566ff65eae2a6c35cf7070c81749947acdf1a181407',
  // Issue 12: the list's order (updated_at, id) in one index: a first sync stores thousands of records in one second.
  '0017_list_order.sql': '33693116a40604815bedbfc80dd68568fa1951276c9ae6c1d3ddcc5257de6e6d',
  // Issue 12: business and service numbers as tokens of their own (a digits search read every telephone number's bigrams).
  '0018_number_search.sql': 'b19eab50fd0d00edb31b27ebd6de62816f89b95935c29ff0678a232f80af3213',
};

describe('store migrations', () => {
  it('never change once committed (each shipped file keeps its SHA-256)', () => {
    for (const [file, hash] of Object.entries(SHIPPED)) {
      const text = fs.readFileSync(path.join(DEFAULT_MIGRATIONS_DIR, file));
      expect(crypto.createHash('sha256').update(text).digest('hex'), `${file} was edited after it shipped`).toBe(hash);
    }
  });

  it('every migration in the folder is pinned here and listed in the drizzle journal', () => {
    const files = fs
      .readdirSync(DEFAULT_MIGRATIONS_DIR)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    expect(files).toEqual(Object.keys(SHIPPED).sort());
    const journal = JSON.parse(fs.readFileSync(path.join(DEFAULT_MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    expect(journal.entries.map((e) => `${e.tag}.sql`)).toEqual(files);
  });

  it('apply at open on a fresh file, and reopening applies nothing twice', () => {
    const dir = tempDir();
    const file = path.join(dir, 'store.sqlite');
    const first = openStore({ file });
    expect(first.schemaVersion).toBe(Object.keys(SHIPPED).length);
    const tables = first.sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all() as { name: string }[];
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['applications', 'customers']));
    first.close();
    const second = openStore({ file });
    expect(second.schemaVersion).toBe(Object.keys(SHIPPED).length);
    second.close();
  });

  it('open the store with WAL, foreign keys on and a busy timeout', () => {
    const store = openStore({ file: path.join(tempDir(), 'store.sqlite') });
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.sqlite.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
    store.close();
  });

  it('0005 gives every application made before it the customer block it applied with, and queues nothing to HQ for that', () => {
    // The migrations up to 0004, as a device in the field has them.
    const old = path.join(tempDir(), 'migrations');
    fs.mkdirSync(path.join(old, 'meta'), { recursive: true });
    const journal = JSON.parse(fs.readFileSync(path.join(DEFAULT_MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const upTo4 = journal.entries.filter((e) => e.tag < '0005');
    for (const e of upTo4) fs.copyFileSync(path.join(DEFAULT_MIGRATIONS_DIR, `${e.tag}.sql`), path.join(old, `${e.tag}.sql`));
    fs.writeFileSync(path.join(old, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: upTo4 }));
    const file = path.join(tempDir(), 'store.sqlite');
    const before = openStore({ file, migrationsDir: old });
    const now = '2026-11-22T00:00:00.000Z';
    before.sqlite
      .prepare(
        "INSERT INTO customers (id, name, name_key, business_number, corporate_number, representative, address, phone, mobile, created_at, updated_at) VALUES ('c1', '(주)하나콜센터', '하나콜센터', '1028142945', NULL, '홍길동', '서울특별시 종로구 세종대로 178', '02-1234-5678', '010-2345-6789', ?, ?)",
      )
      .run(now, now);
    before.sqlite
      .prepare(
        "INSERT INTO applications (id, customer_id, kind, term, items, seller, date, status, created_at, updated_at) VALUES ('a1', 'c1', 'new', '36m', '[]', '{}', '2026-11-22', 'submitted', ?, ?)",
      )
      .run(now, now);
    const queued = (s: { sqlite: typeof before.sqlite }) => (s.sqlite.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
    const outboxBefore = queued(before);
    before.close();

    const after = openStore({ file });
    const row = after.sqlite.prepare("SELECT customer FROM applications WHERE id = 'a1'").get() as { customer: string };
    expect(JSON.parse(row.customer)).toEqual({
      name: '(주)하나콜센터',
      businessNumber: '102-81-42945',
      representative: '홍길동',
      address: '서울특별시 종로구 세종대로 178',
      phone: '02-1234-5678',
      mobile: '010-2345-6789',
    });
    expect(queued(after)).toBe(outboxBefore);
    after.close();
  });
});
