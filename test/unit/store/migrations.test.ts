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
};

describe('store migrations', () => {
  it('never change once committed (each shipped file keeps its SHA-256)', () => {
    for (const [file, hash] of Object.entries(SHIPPED)) {
      const text = fs.readFileSync(path.join(DEFAULT_MIGRATIONS_DIR, file));
      expect(crypto.createHash('sha256').update(text).digest('hex'), `${file} was edited after it shipped`).toBe(hash);
    }
  });

  it('every migration in the folder is pinned here and listed in the drizzle journal', () => {
    const files = fs.readdirSync(DEFAULT_MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort();
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
});
