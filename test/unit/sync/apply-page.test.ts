import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core/core';
import { applyPulledPage } from '../../../electron/core/sync/apply';
import { DEFAULT_TIMEOUTS } from '../../../electron/core/sync/http';
import { SyncState, type SyncDeps } from '../../../electron/core/sync/state';
import { businessNumberFor, tempDir } from '../../support/fixtures';

/**
 * How the device applies one pulled page (sync/apply.ts, the step after the HTTP call): a change it
 * cannot store yet is set aside, never allowed to stop the page, and never brought back over newer data.
 */
let core: Core | undefined;
afterEach(() => core?.close());

const C = '01900000-0000-7000-8000-000000000001';
const A = '01900000-0000-7000-8000-000000000002';
const customer = { name: '테스트상사', businessNumber: '102-81-42945', representative: '홍길동', address: '서울특별시 중구 세종대로 1', phone: '02-123-4567', createdAt: '2026-01-01T00:00:00.000Z' };
const application = (date: string) => ({
  customerId: C,
  kind: 'new',
  term: '12m',
  items: [{ code: 'asp-basic', quantity: 10 }],
  seller: { team: '강북지사', name: '김영업', phone: '02-123-4567' },
  date,
  status: 'draft',
  createdAt: '2026-01-01T00:00:00.000Z',
});
const depsOf = (c: Core): SyncDeps => ({ ctx: c.ctx, state: new SyncState(c.ctx), timeouts: DEFAULT_TIMEOUTS });

describe('applying a pulled page', () => {
  it('a child whose parent has not arrived is set aside, the rest of the page applies, and it lands once the parent comes', () => {
    core = openCore({ dataDir: tempDir(), host: 'test' });
    const deps = depsOf(core);
    applyPulledPage(deps, [{ seq: 5, entity: 'application', id: A, version: 1, fields: application('2026-01-01') }], new Map(), 5);
    expect(deps.state.get('unapplied')!.map((u) => u.entity)).toEqual(['application']);
    expect(deps.state.get('cursor')).toBe(5);
    applyPulledPage(deps, [{ seq: 6, entity: 'customer', id: C, version: 1, fields: customer }], new Map(), 6);
    expect(core.store.sqlite.prepare('SELECT date FROM applications WHERE id = ?').get(A)).toEqual({ date: '2026-01-01' });
    expect(deps.state.get('unapplied')).toEqual([]);
  });

  it('a set-aside change is dropped once a newer version of the record has been applied, never re-applied over it', () => {
    core = openCore({ dataDir: tempDir(), host: 'test' });
    const deps = depsOf(core);
    applyPulledPage(deps, [{ seq: 5, entity: 'application', id: A, version: 1, fields: application('2026-01-01') }], new Map(), 5);
    applyPulledPage(
      deps,
      [
        { seq: 6, entity: 'customer', id: C, version: 1, fields: customer },
        { seq: 7, entity: 'application', id: A, version: 2, fields: application('2026-02-02') },
      ],
      new Map(),
      7,
    );
    applyPulledPage(deps, [], new Map(), 8);
    expect(core.store.sqlite.prepare('SELECT date FROM applications WHERE id = ?').get(A)).toEqual({ date: '2026-02-02' });
    expect(core.store.sqlite.prepare('SELECT server_version AS v FROM sync_records WHERE entity_id = ?').get(A)).toEqual({ v: 2 });
    expect(deps.state.get('unapplied')).toEqual([]);
  });

  it('new rows of one page with different sets of fields (present, null, absent) are each stored as sent; one that fails a constraint mid-page is set aside and every other row lands once', () => {
    core = openCore({ dataDir: tempDir(), host: 'test' });
    const deps = depsOf(core);
    const id = (n: number) => `01900000-0000-7000-8000-0000000001${String(n).padStart(2, '0')}`;
    const bn = (n: number) => businessNumberFor(900 + n);
    applyPulledPage(
      deps,
      [
        { seq: 1, entity: 'customer', id: id(1), version: 1, fields: { ...customer, name: '하나상사', businessNumber: bn(1), mobile: '010-1000-0001' } },
        { seq: 2, entity: 'customer', id: id(2), version: 1, fields: { ...customer, name: '둘상사', businessNumber: bn(2) } },
        { seq: 3, entity: 'customer', id: id(3), version: 1, fields: { ...customer, name: '셋상사', businessNumber: bn(3), mobile: null, corporateNumber: '110111-1468754' } },
        { seq: 4, entity: 'customer', id: id(4), version: 1, fields: { ...customer, name: '넷상사', businessNumber: bn(4), address: null } },
        { seq: 5, entity: 'customer', id: id(5), version: 1, fields: { ...customer, name: '다섯상사', businessNumber: bn(5), corporateNumber: null, mobile: '010-5000-0005' } },
      ],
      new Map(),
      5,
    );
    const rows = core.store.sqlite.prepare('SELECT id, name, business_number AS bn, corporate_number AS corp, mobile FROM customers ORDER BY id').all();
    expect(rows).toEqual([
      { id: id(1), name: '하나상사', bn: bn(1), corp: null, mobile: '010-1000-0001' },
      { id: id(2), name: '둘상사', bn: bn(2), corp: null, mobile: null },
      { id: id(3), name: '셋상사', bn: bn(3), corp: '110111-1468754', mobile: null },
      { id: id(5), name: '다섯상사', bn: bn(5), corp: null, mobile: '010-5000-0005' },
    ]);
    expect(deps.state.get('unapplied')!.map((u) => u.id)).toEqual([id(4)]);
    expect(core.store.sqlite.prepare('SELECT count(*) FROM customer_search').pluck().get()).toBe(4);
    expect(core.store.sqlite.prepare("SELECT count(*) FROM customers WHERE name_key = '' OR created_at IS NULL").pluck().get()).toBe(0);
    expect(deps.state.get('cursor')).toBe(5);
  });
});
