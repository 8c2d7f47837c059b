import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../electron/core/store/db';
import { tempDir } from '../../support/fixtures';

/**
 * A long pull holds the store's upkeep (issue 12): WAL checkpoints wait until it ends, so the pages
 * every pulled page rewrites (indexes) are copied into the file once, not once per page. Real file.
 */
let store: Store | null = null;
afterEach(() => {
  store?.close();
  store = null;
});

const walBytes = (file: string) => (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);
const fileBytes = (file: string) => fs.statSync(file).size;

/** Writes about `mb` megabytes in one transaction (a page of a first sync). */
function bulkWrite(s: Store, mb: number) {
  s.write(() => {
    const insert = s.cached('INSERT INTO kv_probe (v) VALUES (?)');
    for (let i = 0; i < mb * 256; i++) insert.run('x'.repeat(4000));
  });
}

describe('holding upkeep during a bulk load', () => {
  it('while held, commits leave the WAL growing (no checkpoint); after the last hold is released, the next commit checkpoints it back', () => {
    const file = path.join(tempDir(), 'store.sqlite');
    store = openStore({ file });
    store.sqlite.exec('CREATE TABLE kv_probe (id INTEGER PRIMARY KEY, v TEXT)');
    const release = store.holdUpkeep();
    const inner = store.holdUpkeep();
    for (let i = 0; i < 4; i++) bulkWrite(store, 2);
    inner();
    bulkWrite(store, 2);
    // 10 MB written in five commits, none checkpointed: the WAL holds them all (well past 1000 pages).
    expect(walBytes(file)).toBeGreaterThan(9 * 1024 * 1024);
    expect(fileBytes(file)).toBeLessThan(1024 * 1024);
    release();
    release(); // a second call changes nothing
    store.write(() => store!.cached('INSERT INTO kv_probe (v) VALUES (?)').run('after'));
    // Checkpointed at that commit: the rows are in the store file itself now.
    expect(fileBytes(file)).toBeGreaterThan(9 * 1024 * 1024);
    expect(store.sqlite.prepare('SELECT count(*) FROM kv_probe').pluck().get()).toBe(10 * 256 + 1);
  });
});
