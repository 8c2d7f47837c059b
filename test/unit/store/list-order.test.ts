import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core/core';
import { newId } from '../../../electron/core/ids';
import { applyPulledPage } from '../../../electron/core/sync/apply';
import { DEFAULT_TIMEOUTS } from '../../../electron/core/sync/http';
import { SyncState } from '../../../electron/core/sync/state';
import type { Change } from '../../../shared/sync/protocol';
import { businessNumberFor, tempDir } from '../../support/fixtures';

let core: Core | undefined;
afterEach(() => core?.close());

/** n customers with one application each, as one pulled page: every record stored in the same second. */
function firstSync(c: Core, n: number): void {
  const createdAt = '2026-11-02T01:00:00.000Z';
  const page: Change[] = [];
  let seq = 0;
  for (let k = 0; k < n; k++) {
    const customerId = newId();
    page.push({
      seq: ++seq,
      entity: 'customer',
      id: customerId,
      version: 1,
      fields: {
        name: `순서회사${k}`,
        businessNumber: businessNumberFor(k).replaceAll('-', ''),
        corporateNumber: null,
        representative: '대표',
        address: '서울',
        phone: '02-123-4567',
        mobile: null,
        createdAt,
        nameHistory: [],
      },
    });
    page.push({
      seq: ++seq,
      entity: 'application',
      id: newId(),
      version: 1,
      fields: {
        customerId,
        kind: 'new',
        billing: null,
        term: '36m',
        termEnd: null,
        items: [{ code: 'asp-basic', quantity: 10 }],
        seller: { team: '팀', name: '영업', phone: '010-1111-2222' },
        serviceNumber: null,
        date: '2026-11-22',
        status: 'draft',
        workflow: null,
        createdAt,
        customer: null,
      },
    });
  }
  applyPulledPage({ ctx: c.ctx, state: new SyncState(c.ctx), timeouts: DEFAULT_TIMEOUTS }, page, new Map(), seq);
}

describe('the application list after a first sync (thousands of records stored in one second)', () => {
  it('pages newest first with the id breaking ties, every application once, in the order of the naive sort', async () => {
    core = openCore({ dataDir: tempDir(), host: 'test' });
    firstSync(core, 700);
    const naive = core.ctx.store.sqlite.prepare('SELECT id FROM applications ORDER BY updated_at DESC, id DESC').pluck().all() as string[];
    expect(new Set(core.ctx.store.sqlite.prepare('SELECT updated_at FROM applications').pluck().all()).size).toBeLessThan(naive.length);
    const seen: string[] = [];
    for (let offset = 0; offset < naive.length; offset += 50) {
      const page = await core.invoke('applications.list', { limit: 50, offset });
      expect(page.total).toBe(700);
      seen.push(...page.items.map((a) => a.id));
    }
    expect(seen).toEqual(naive);
  });

  it('reads the first page from the order index instead of sorting every application', () => {
    core = openCore({ dataDir: tempDir(), host: 'test' });
    firstSync(core, 50);
    const plan = (
      core.ctx.store.sqlite.prepare('EXPLAIN QUERY PLAN SELECT a.id FROM applications a CROSS JOIN customers c ON c.id = a.customer_id ORDER BY a.updated_at DESC, a.id DESC LIMIT 50').all() as {
        detail: string;
      }[]
    )
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toContain('applications_order_idx');
    expect(plan).not.toContain('TEMP B-TREE');
  });
});
