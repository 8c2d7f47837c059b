import { beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core/core';
import { SyncEngine } from '../../../electron/core/sync/engine';
import { plainSecretBox } from '../../../electron/core/sync/secrets';
import { SyncState } from '../../../electron/core/sync/state';
import { SYNC_PATHS, type PullResponse } from '../../../shared/sync/protocol';
import { hqForFile } from '../hq/harness';
import { applicationFields, customerFields, Device, newId as hqId } from '../hq/client';
import { tempDir } from '../../support/fixtures';
import { seedDrafts } from '../../support/records';

/**
 * A first sync is pipelined (issue 12): the device asks for page N+1 as soon as page N has
 * arrived, and writes page N while HQ prepares the next. The cursor still moves only when a page
 * has committed, so a pull cut off mid-way resumes where the last written page ended. And HQ
 * writes the page's JSON in SQL for an app that reports its version: the same changes as the
 * row-by-row page an older app gets. Real HQ (PGlite), real device stores (SQLite files).
 */
const file = hqForFile();
const cores = file.cores;

interface Asked {
  /** The cursor this request asked from. */
  cursor: number;
  /** The device's stored cursor when the request went out. */
  stored: number;
  page?: PullResponse;
}

/** fetch that asks for pages of 100, logs every pull (and its answer), and fails the pull numbered `failAt` (1-based). */
function watchedFetch(stored: () => number, failAt?: number) {
  const asked: Asked[] = [];
  const f: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input.replace(/([?&]limit=)\d+/, '$1100') : input;
    if (typeof url !== 'string' || !url.includes(SYNC_PATHS.pull)) return fetch(url, init);
    const entry: Asked = { cursor: Number(/[?&]cursor=(\d+)/.exec(url)![1]), stored: stored() };
    asked.push(entry);
    if (asked.length === failAt) throw new TypeError('fetch failed (cut by the test)');
    const res = await fetch(url, init);
    entry.page = (await res.clone().json()) as PullResponse;
    return res;
  };
  return { f, asked };
}

async function enrolled(rep: string, make: (core: Core) => typeof fetch = () => fetch): Promise<{ core: Core; engine: SyncEngine }> {
  const core = openCore({ dataDir: tempDir('device-'), host: 'test' });
  cores.push(core);
  const engine = new SyncEngine(core.ctx, plainSecretBox, make(core));
  await engine.enroll(file.hq.url, await file.admin.enrollCode('파이프지사', rep), `파이프지사-${rep}`);
  return { core, engine };
}

const keysOf = (pages: (PullResponse | undefined)[]) => pages.flatMap((p) => p?.changes.map((c) => `${c.entity}:${c.id}:${c.seq}`) ?? []);

describe('pipelined pull', () => {
  beforeAll(async () => {
    const a = await enrolled('김영업');
    seedDrafts(a.core, 300, '파이프상사', 70_000);
    expect((await a.engine.sync()).pushed).toBe(600);
  });

  it('each next page is asked for before the page before it is written (the asked cursor runs ahead of the stored one), and every record arrives once', async () => {
    let watched!: ReturnType<typeof watchedFetch>;
    const b = await enrolled('이영업', (core) => {
      const state = new SyncState(core.ctx);
      watched = watchedFetch(() => state.get('cursor') ?? 0);
      return watched.f;
    });
    const summary = await b.engine.sync();
    const pulls = watched.asked;
    expect(pulls.length).toBeGreaterThanOrEqual(5);
    // From the second page on, the request left while the page before it was still to be written.
    for (const p of pulls.slice(1)) expect(p.cursor, `asked from ${p.cursor} with ${p.stored} stored`).toBeGreaterThan(p.stored);
    const keys = keysOf(pulls.map((p) => p.page));
    expect(new Set(keys).size).toBe(keys.length);
    expect(summary.pulled).toBe(keys.length);
    expect(b.core.store.sqlite.prepare('SELECT count(*) FROM applications').pluck().get()).toBe(300);
  });

  it('a pipelined pull cut off mid-way keeps the pages it wrote, and the next sync resumes at the last written page: no gap and no duplicate', async () => {
    const failAt = 4;
    let watched!: ReturnType<typeof watchedFetch>;
    let state!: SyncState;
    let cut = true;
    const b = await enrolled('박영업', (core) => {
      state = new SyncState(core.ctx);
      watched = watchedFetch(() => state.get('cursor') ?? 0, failAt);
      // After the cut, the same device syncs again over a sound link.
      return (input, init) => (cut ? watched.f(input, init) : fetch(input, init));
    });
    await expect(b.engine.sync()).rejects.toMatchObject({ kind: 'network' });
    // Pages 1–3 were written (page 3 while page 4 was being asked for); the cursor is page 3's end.
    const written = watched.asked.slice(0, failAt - 1).map((p) => p.page);
    expect(written.every((p) => p?.hasMore === true)).toBe(true);
    expect(state.get('cursor')).toBe(written.at(-1)!.cursor);
    expect(watched.asked[failAt - 1]!.cursor).toBe(written.at(-1)!.cursor);

    cut = false;
    const resumed = watchedFetch(() => state.get('cursor') ?? 0);
    const c = await enrolled('최영업', () => resumed.f);
    // The resumed device (b) and a device pulling everything at once (c) end with the same records.
    const again = await b.engine.sync();
    await c.engine.sync();
    const all = keysOf(resumed.asked.map((p) => p.page));
    const firstPart = keysOf(written);
    expect(again.pulled + firstPart.length).toBe(all.length);
    const count = (core: Core, table: string) => core.store.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    for (const table of ['customers', 'applications', 'sync_records']) expect(count(b.core, table), table).toBe(count(c.core, table));
    expect(count(b.core, 'applications')).toBe(300);
  });

  it("HQ's page written in SQL (an app that reports its version) holds the same changes, cursor, hasMore and remaining as the row-by-row page of an older app, parents sent ahead included", async () => {
    const writer = await Device.enroll(file.hq.url, await file.admin.enrollCode('비교지사', '정영업'), '비교지사-정영업');
    const ids = Array.from({ length: 150 }, () => hqId());
    const apps = ids.map(() => hqId());
    await writer.push(ids.map((id, i) => writer.mutation('customer', id, customerFields(80_000 + i))));
    await writer.push(apps.map((app, i) => writer.mutation('application', app, applicationFields(ids[i]!))));
    // Customers edited after their applications: a page holding an application names a parent
    // whose latest change comes later, which HQ sends in that page, first.
    await writer.pullAll();
    await writer.push(ids.slice(0, 6).map((id, i) => writer.mutation('customer', id, { ...customerFields(80_000 + i), representative: '새대표' })));

    const current = await Device.enroll(file.hq.url, await file.admin.enrollCode('비교지사', '한영업'), '비교지사-한영업');
    const older = await Device.enroll(file.hq.url, await file.admin.enrollCode('비교지사', '오영업'), '비교지사-오영업');
    older.appVersion = null;
    let sentAhead = 0;
    for (let page = 0; page < 100; page++) {
      // Pages of 201: past 200 waiting, HQ writes the page in SQL (server/sync/pull.ts); the rest row by row.
      const [x, y] = [await current.pullPage(201), await older.pullPage(201)];
      expect({ ...x, serverTime: '' }, `page ${page}`).toEqual({ ...y, serverTime: '' });
      sentAhead += x.changes.filter((ch) => ch.seq > x.cursor).length;
      if (!x.hasMore) break;
    }
    expect(sentAhead).toBeGreaterThan(0);
    expect(current.records.size).toBe(older.records.size);
  });
});
