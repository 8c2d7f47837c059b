import { describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core/core';
import { SyncEngine } from '../../../electron/core/sync/engine';
import { plainSecretBox } from '../../../electron/core/sync/secrets';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, PULL_SKIP_HEADER, SYNC_LIMITS, SYNC_PATHS } from '../../../shared/sync/protocol';
import { hqForFile } from '../hq/harness';
import { tempDir } from '../../support/fixtures';
import { seedDrafts } from '../../support/records';

/**
 * Issue 12, the push and what comes back of it. Real HQ (PGlite), real device stores (SQLite files).
 * - Overlapped: while HQ writes batch N, the device stores HQ's answers to N − 1 and readies N + 1.
 *   Still one request at a time, in outbox order, and every change lands once.
 * - Echo: when every record a batch wrote holds exactly the device's copy, HQ says which change
 *   numbers it wrote and the device's pulls leave them out; anything else still comes back.
 */
const file = hqForFile();
const cores = file.cores;

async function enrolled(rep: string, f: (core: Core) => typeof fetch = () => fetch, branch = '겹쳐보내기지사'): Promise<{ core: Core; engine: SyncEngine }> {
  const core = openCore({ dataDir: tempDir('device-'), host: 'test' });
  cores.push(core);
  const engine = new SyncEngine(core.ctx, plainSecretBox, f(core));
  await engine.enroll(file.hq.url, await file.admin.enrollCode(branch, rep), `${branch}-${rep}`);
  return { core, engine };
}

/** A fetch that counts the changes each pulled page brought, and what each push was answered with. */
function watching() {
  const seen = { pulledChanges: [] as number[], echoes: [] as ({ fromSeq: number; toSeq: number } | null)[], skipHeaders: [] as (string | null)[] };
  const f: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.includes(SYNC_PATHS.pull)) {
      seen.skipHeaders.push(new Headers(init?.headers).get(PULL_SKIP_HEADER));
      seen.pulledChanges.push(((await res.clone().json()) as { changes: unknown[] }).changes.length);
    } else if (url.includes(SYNC_PATHS.push)) {
      seen.echoes.push(((await res.clone().json()) as { echo?: { fromSeq: number; toSeq: number } }).echo ?? null);
    }
    return res;
  };
  return { seen, f };
}

const count = (core: Core, sql: string, ...args: unknown[]) =>
  core.store.sqlite
    .prepare(sql)
    .pluck()
    .get(...args) as number;

describe('overlapped push', () => {
  it('while HQ writes a batch the device has stored the answers before it and readied the next; one request at a time, in order, and every change lands once', async () => {
    let inFlight = 0;
    let most = 0;
    const sentIds: string[][] = [];
    /** Outbox states when each push answer arrived (before the device saw it). */
    const atAnswer: Record<string, number>[] = [];
    const a = await enrolled('김영업', (core) => async (input, init) => {
      if (typeof input !== 'string' || !input.includes(SYNC_PATHS.push)) return fetch(input, init);
      inFlight += 1;
      most = Math.max(most, inFlight);
      sentIds.push((JSON.parse(init?.body as string) as { mutations: { mutationId: string }[] }).mutations.map((m) => m.mutationId));
      try {
        const res = await fetch(input, init);
        await res.clone().arrayBuffer();
        const rows = core.store.sqlite.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all() as { state: string; n: number }[];
        atAnswer.push(Object.fromEntries(rows.map((r) => [r.state, r.n])));
        return res;
      } finally {
        inFlight -= 1;
      }
    });
    seedDrafts(a.core, 1500, '겹쳐상사', 95_000);
    const summary = await a.engine.sync();
    expect(summary.pushed).toBe(3000);
    expect(most).toBe(1);
    expect(sentIds.map((ids) => ids.length)).toEqual([1000, 1000, 1000]);
    // In outbox order, each id once.
    const order = a.core.store.sqlite.prepare('SELECT mutation_id FROM outbox ORDER BY seq').pluck().all();
    expect(sentIds.flat()).toEqual(order);
    // When batch 2's answer came, batch 1's answers were stored and batch 3 was already marked sent.
    expect(atAnswer[1]).toMatchObject({ accepted: 1000, sent: 2000 });
    expect(a.core.store.sqlite.prepare("SELECT count(*) FROM outbox WHERE state = 'accepted'").pluck().get()).toBe(3000);
    const b = await enrolled('이영업');
    await b.engine.sync();
    expect(b.core.store.sqlite.prepare('SELECT count(*) FROM applications').pluck().get()).toBe(1500);
  });
});

describe('own exact pushes are not pulled back', () => {
  it("a device that pushed 600 new customers with their applications downloads none of them again, its cursor reaches the branch's last change and its server versions are HQ's; a later edit goes on that version; the other device gets everything", async () => {
    const a = watching();
    const A = await enrolled('박영업', () => a.f, '메아리지사');
    seedDrafts(A.core, 600, '메아리상사', 96_000);
    const first = await A.engine.sync();
    expect(first.pushed).toBe(1200);
    expect(a.seen.echoes).toHaveLength(2);
    expect(a.seen.echoes.every((e) => e !== null && e.toSeq - e.fromSeq + 1 >= 200)).toBe(true);
    expect(first.pulled).toBe(0);
    expect(a.seen.pulledChanges.reduce((x, y) => x + y, 0)).toBe(0);
    expect(count(A.core, "SELECT count(*) FROM sync_records WHERE server_version = 1 AND entity IN ('customer', 'application')")).toBe(1200);

    const b = watching();
    const B = await enrolled('최영업', () => b.f, '메아리지사');
    await B.engine.sync();
    expect(count(B.core, 'SELECT count(*) FROM applications')).toBe(600);
    expect(b.seen.skipHeaders.every((h) => h === null)).toBe(true);
    // Both devices have read up to the same change: A's cursor went past what it left out.
    expect(A.engine.get('cursor')).toBe(B.engine.get('cursor'));
    expect(A.engine.get('pullSkip')).toEqual([]);

    // A's next edit is based on the version it was told of: HQ merges it with no conflict, B gets it.
    const customer = A.core.store.sqlite.prepare("SELECT id FROM customers WHERE name = '메아리상사7'").pluck().get() as string;
    A.core.store.sqlite.prepare("UPDATE customers SET phone = '02-555-0107' WHERE id = ?").run(customer);
    expect(count(A.core, "SELECT base_version FROM outbox WHERE entity = 'customer' AND entity_id = ? AND state = 'queued'", customer)).toBe(1);
    const edit = await A.engine.sync();
    expect(edit).toMatchObject({ pushed: 1, conflicts: 0, pulled: 0 });
    await B.engine.sync();
    expect(B.core.store.sqlite.prepare('SELECT phone FROM customers WHERE id = ?').pluck().get(customer)).toBe('02-555-0107');
    expect(A.engine.get('cursor')).toBe(B.engine.get('cursor'));
  });

  it("what another device wrote between two of a device's batches still reaches it, and a batch holding a record that differs from the device's copy comes back whole", async () => {
    const B = await enrolled('한영업', () => fetch, '사이지사');
    let pushes = 0;
    const a = watching();
    const A = await enrolled(
      '정영업',
      () => async (input, init) => {
        const res = await a.f(input, init);
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        // Between A's first and second batch, B writes a customer of its own.
        if (url.includes(SYNC_PATHS.push) && ++pushes === 1) {
          seedDrafts(B.core, 1, '사이상사', 97_500);
          await B.engine.sync();
        }
        return res;
      },
      '사이지사',
    );
    seedDrafts(A.core, 600, '메아리둘상사', 97_000);
    await A.engine.sync();
    expect(a.seen.echoes.filter((e) => e !== null)).toHaveLength(2);
    // Only B's customer and application came down to A.
    expect(a.seen.pulledChanges.reduce((x, y) => x + y, 0)).toBe(2);
    expect(count(A.core, "SELECT count(*) FROM customers WHERE name = '사이상사0'")).toBe(1);
    await B.engine.sync();
    expect(A.engine.get('cursor')).toBe(B.engine.get('cursor'));

    // Both hold customer 3; B changes its phone, A (not synced since) its address and adds a customer:
    // HQ's copy of customer 3 then has both edits, not A's copy, so the batch is no echo and all of it comes back.
    const shared = A.core.store.sqlite.prepare("SELECT id FROM customers WHERE name = '메아리둘상사3'").pluck().get() as string;
    B.core.store.sqlite.prepare("UPDATE customers SET phone = '031-777-0003' WHERE id = ?").run(shared);
    await B.engine.sync();
    A.core.store.sqlite.prepare("UPDATE customers SET address = '경기 성남' WHERE id = ?").run(shared);
    seedDrafts(A.core, 1, '새상사', 97_700);
    a.seen.echoes.length = 0;
    a.seen.pulledChanges.length = 0;
    const after = await A.engine.sync();
    expect(after.pushed).toBe(3);
    expect(a.seen.echoes).toEqual([null]);
    expect(after.pulled).toBe(3);
    expect(A.core.store.sqlite.prepare('SELECT phone, address FROM customers WHERE id = ?').get(shared)).toEqual({ phone: '031-777-0003', address: '경기 성남' });
    await B.engine.sync();
    expect(A.engine.get('cursor')).toBe(B.engine.get('cursor'));
    expect(B.core.store.sqlite.prepare('SELECT phone, address FROM customers WHERE id = ?').get(shared)).toEqual({ phone: '031-777-0003', address: '경기 성남' });
  });

  it("a malformed list of ranges to leave out is a 400 that says what to fix, never a 5xx; ranges past HQ's last change never carry the cursor past it", async () => {
    const A = await enrolled('윤영업', () => fetch, '헤더지사');
    seedDrafts(A.core, 2, '헤더상사', 97_900);
    await A.engine.sync();
    const token = await plainSecretBox.open(A.engine.get('token')!);
    const pullWith = (skip: string) =>
      fetch(`${file.hq.url}${SYNC_PATHS.pull}?cursor=0&limit=100`, { headers: { authorization: `Bearer ${token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), [PULL_SKIP_HEADER]: skip } });
    for (const bad of ['x', '5-3', '1-5,4-9', '1-5,1-5', '-1-3', '1-', '1-99999999999999999', Array.from({ length: 65 }, (_, i) => `${i * 2 + 1}-${i * 2 + 1}`).join(','), '1-2;3-4']) {
      const res = await pullWith(bad);
      expect(res.status, bad).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain(PULL_SKIP_HEADER);
    }
    const all = (await (await pullWith('1-1')).json()) as { cursor: number; changes: unknown[] };
    const none = (await (await pullWith(`1-${Number.MAX_SAFE_INTEGER}`)).json()) as { cursor: number; changes: { entity: string }[]; hasMore: boolean };
    expect(none.changes.filter((c) => c.entity === 'customer' || c.entity === 'application')).toEqual([]);
    expect(none.hasMore).toBe(false);
    expect(none.cursor).toBe(A.engine.get('cursor'));
    expect(none.cursor).toBeLessThanOrEqual(all.cursor);
  });
});

describe('what HQ did not take comes back even after an echo', () => {
  /** A fetch whose next pull fails as a dropped connection would (the push before it went through). */
  function droppingPulls() {
    let drop = 0;
    const f: typeof fetch = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url.includes(SYNC_PATHS.pull) && drop > 0) {
        drop -= 1;
        throw new TypeError('fetch failed');
      }
      return fetch(input, init);
    };
    return { f, dropNextPull: () => (drop = 1) };
  }

  it("an edit HQ kept as a conflict (its record unchanged) on a record the device holds from an echo is set right by the next pull: the device ends with HQ's copy, as a fresh device does", async () => {
    const net = droppingPulls();
    const A = await enrolled('서영업', () => net.f, '되돌림지사');
    seedDrafts(A.core, 1, '되돌림상사', 98_100);
    // The push is echoed; the pull after it is lost, so the cursor has not passed those numbers.
    net.dropNextPull();
    await expect(A.engine.sync()).rejects.toThrow();
    expect(A.engine.get('pullSkip')).toHaveLength(1);
    // An HQ-only status (an older app, a forged edit): HQ keeps 'draft' and answers with a conflict.
    const app = A.core.store.sqlite.prepare('SELECT id FROM applications').pluck().get() as string;
    A.core.store.sqlite.prepare("UPDATE applications SET status = 'active' WHERE id = ?").run(app);
    const second = await A.engine.sync();
    expect(second.conflicts).toBe(1);
    const fresh = await enrolled('신영업', () => fetch, '되돌림지사');
    await fresh.engine.sync();
    expect(fresh.core.store.sqlite.prepare('SELECT status FROM applications WHERE id = ?').pluck().get(app)).toBe('draft');
    expect(A.core.store.sqlite.prepare('SELECT status FROM applications WHERE id = ?').pluck().get(app)).toBe('draft');
  });

  it("a change HQ refused on a record the device holds from an echo is set right by the next pull: the device ends with HQ's copy, as a fresh device does", async () => {
    const net = droppingPulls();
    const A = await enrolled('남영업', () => net.f, '거절지사');
    seedDrafts(A.core, 1, '거절상사', 98_200);
    net.dropNextPull();
    await expect(A.engine.sync()).rejects.toThrow();
    expect(A.engine.get('pullSkip')).toHaveLength(1);
    // A kind HQ does not take: the mutation is refused whole, HQ's application stays a new one.
    const app = A.core.store.sqlite.prepare('SELECT id FROM applications').pluck().get() as string;
    A.core.store.sqlite.prepare("UPDATE applications SET kind = 'bogus' WHERE id = ?").run(app);
    const second = await A.engine.sync();
    expect(second.rejected).toBe(1);
    const fresh = await enrolled('황영업', () => fetch, '거절지사');
    await fresh.engine.sync();
    const kindOf = (core: Core) => core.store.sqlite.prepare('SELECT kind FROM applications WHERE id = ?').pluck().get(app);
    expect(kindOf(A.core)).toBe(kindOf(fresh.core));
  });
  it("a change HQ would not read at all (a request over its size limit, set aside on the device) on a record the device holds from an echo is set right by the next pull: the device ends with HQ's copy, as a fresh device does", async () => {
    const net = droppingPulls();
    const A = await enrolled('문영업', () => net.f, '크기지사');
    seedDrafts(A.core, 1, '크기상사', 98_300);
    net.dropNextPull();
    await expect(A.engine.sync()).rejects.toThrow();
    expect(A.engine.get('pullSkip')).toHaveLength(1);
    // An address larger than any request HQ reads: HQ answers 413, the device sets the change aside alone.
    const customer = A.core.store.sqlite.prepare('SELECT id FROM customers').pluck().get() as string;
    A.core.store.sqlite.prepare('UPDATE customers SET address = ? WHERE id = ?').run('가'.repeat(SYNC_LIMITS.pushMaxBytes / 2), customer);
    const second = await A.engine.sync();
    expect(second.rejected).toBe(1);
    const fresh = await enrolled('오영업', () => fetch, '크기지사');
    await fresh.engine.sync();
    const addressOf = (core: Core) => core.store.sqlite.prepare('SELECT address FROM customers WHERE id = ?').pluck().get(customer);
    expect(addressOf(fresh.core)).toBe('서울');
    expect(addressOf(A.core)).toBe(addressOf(fresh.core));
  });
});
