import { describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core/core';
import { SyncEngine } from '../../../electron/core/sync/engine';
import { plainSecretBox } from '../../../electron/core/sync/secrets';
import type { SyncProgress } from '../../../electron/core/sync/state';
import { hqForFile } from '../hq/harness';
import { tempDir } from '../../support/fixtures';
import { seedDrafts } from '../../support/records';

/**
 * A first sync of a branch with many records shows the rep how far it is ("본사 자료 받는 중
 * 12,000/100,000"): HQ says with each page how many changes still wait (`remaining`, issue 12),
 * and the device reports its progress page by page. Real HQ (PGlite), real device stores; the
 * pulling device asks for small pages so that a few hundred records make several.
 */
const file = hqForFile();
const cores = file.cores;

/** fetch that asks HQ for pages of `limit` changes (the app asks for 5,000). */
const smallPages =
  (limit: number): typeof fetch =>
  (input, init) =>
    fetch(typeof input === 'string' ? input.replace(/([?&]limit=)\d+/, `$1${limit}`) : input, init);

async function enrolled(rep: string, f: typeof fetch = fetch): Promise<{ core: Core; engine: SyncEngine }> {
  const core = openCore({ dataDir: tempDir('device-'), host: 'test' });
  cores.push(core);
  const engine = new SyncEngine(core.ctx, plainSecretBox, f);
  await engine.enroll(file.hq.url, await file.admin.enrollCode('진행지사', rep), `진행지사-${rep}`);
  return { core, engine };
}

describe('first sync progress', () => {
  it('a first pull of many records reports its progress page by page: the count only grows, the total is known from the first page and is reached at the end', async () => {
    const a = await enrolled('김영업');
    seedDrafts(a.core, 300, '진행상사', 50_000);
    expect((await a.engine.sync()).pushed).toBe(600);

    const b = await enrolled('이영업', smallPages(100));
    const events: SyncProgress[] = [];
    const summary = await b.engine.sync((p) => events.push(p));
    const pull = events.filter((p) => p.phase === 'pull');
    expect(summary.pulled).toBeGreaterThanOrEqual(600);
    expect(pull.length).toBeGreaterThan(6);
    for (let i = 1; i < pull.length; i++) expect(pull[i]!.done, `event ${i}`).toBeGreaterThanOrEqual(pull[i - 1]!.done);
    for (const p of pull) {
      expect(p.label).toBe('본사 자료 받는 중');
      if (p.total > 0) expect(p.total).toBeGreaterThanOrEqual(p.done);
    }
    // After the first page HQ has said how many wait: the whole count, shown from then on.
    const afterFirst = pull.find((p) => p.done > 0)!;
    expect(afterFirst.done).toBeLessThan(summary.pulled);
    expect(afterFirst.total).toBe(summary.pulled);
    expect(pull.at(-1)).toMatchObject({ done: summary.pulled, total: summary.pulled });
    expect(b.core.store.sqlite.prepare('SELECT count(*) FROM applications').pluck().get()).toBe(300);
  });
});
