import { describe, expect, it } from 'vitest';
import { applyHqChange, checkMutationFields, checkNewRecordFields, jsonEqual, mergeMutation, type StoredRecord } from '../../../../shared/sync/merge';
import { OWNERSHIP, ownerOf, isLockedForRep, DEVICE_ENTITIES, SYNC_ENTITIES } from '../../../../shared/sync/ownership';

const DEV1 = 11;
const DEV2 = 22;
const T0 = Date.parse('2026-11-22T01:00:00Z');

/** A record written once by DEV1 at version 1. */
function created(fields: Record<string, unknown>, writer = DEV1): StoredRecord {
  const out = mergeMutation('customer', undefined, { op: 'upsert', fields: fields as never, baseVersion: 0 }, { writer, timeMs: T0 });
  if (out.kind !== 'applied' || !out.record) throw new Error('setup');
  return out.record;
}

function applied(out: ReturnType<typeof mergeMutation>) {
  if (out.kind !== 'applied') throw new Error(`rejected: ${out.message}`);
  return out;
}

describe('field-level merge', () => {
  it('different fields edited on two devices from the same base are both applied, without conflict', () => {
    const v1 = created({ name: '가', phone: '02-1', address: '서울' });
    const a = applied(mergeMutation('customer', v1, { op: 'upsert', fields: { phone: '02-2' }, baseVersion: 1 }, { writer: DEV1, timeMs: T0 + 10 }));
    const b = applied(mergeMutation('customer', a.record, { op: 'upsert', fields: { address: '부산' }, baseVersion: 1 }, { writer: DEV2, timeMs: T0 + 5 }));
    expect(b.conflicts).toEqual([]);
    expect(b.record).toMatchObject({ version: 3, fields: { name: '가', phone: '02-2', address: '부산' } });
  });

  it('the same field edited concurrently: the later edit (client time) wins and the loser is reported', () => {
    const v1 = created({ name: '가' });
    const older = applied(mergeMutation('customer', v1, { op: 'upsert', fields: { name: '나' }, baseVersion: 1 }, { writer: DEV1, timeMs: T0 + 100 }));
    const newer = applied(mergeMutation('customer', older.record, { op: 'upsert', fields: { name: '다' }, baseVersion: 1 }, { writer: DEV2, timeMs: T0 + 200 }));
    expect(newer.record?.fields.name).toBe('다');
    expect(newer.conflicts).toEqual([{ field: 'name', yours: '다', theirs: '나', winner: 'yours', reason: 'newer_edit', otherWriter: DEV1 }]);

    const late = applied(mergeMutation('customer', newer.record, { op: 'upsert', fields: { name: '라' }, baseVersion: 1 }, { writer: DEV1, timeMs: T0 + 150 }));
    expect(late.changed).toBe(false);
    expect(late.record?.fields.name).toBe('다');
    expect(late.conflicts).toEqual([{ field: 'name', yours: '라', theirs: '다', winner: 'theirs', reason: 'older_edit', otherWriter: DEV2 }]);
  });

  it('equal client times go to the edit HQ received last', () => {
    const v1 = created({ name: '가' });
    const first = applied(mergeMutation('customer', v1, { op: 'upsert', fields: { name: '나' }, baseVersion: 1 }, { writer: DEV1, timeMs: T0 + 100 }));
    const second = applied(mergeMutation('customer', first.record, { op: 'upsert', fields: { name: '다' }, baseVersion: 1 }, { writer: DEV2, timeMs: T0 + 100 }));
    expect(second.record?.fields.name).toBe('다');
    expect(second.conflicts[0]).toMatchObject({ winner: 'yours', reason: 'newer_edit' });
  });

  it('an edit made after seeing the other one (its baseVersion includes it) applies, even with an older clock', () => {
    const v1 = created({ name: '가' });
    const v2 = applied(mergeMutation('customer', v1, { op: 'upsert', fields: { name: '나' }, baseVersion: 1 }, { writer: DEV1, timeMs: T0 + 500 }));
    const seen = applied(mergeMutation('customer', v2.record, { op: 'upsert', fields: { name: '다' }, baseVersion: 2 }, { writer: DEV2, timeMs: T0 + 1 }));
    expect(seen.conflicts).toEqual([]);
    expect(seen.record?.fields.name).toBe('다');
  });

  it("a device's own later write is never a conflict with its earlier one, whatever its baseVersion", () => {
    const v1 = created({ name: '가' });
    const a = applied(mergeMutation('customer', v1, { op: 'upsert', fields: { name: '나' }, baseVersion: 0 }, { writer: DEV1, timeMs: T0 + 1 }));
    const b = applied(mergeMutation('customer', a.record, { op: 'upsert', fields: { name: '다' }, baseVersion: 0 }, { writer: DEV1, timeMs: T0 + 2 }));
    expect(b.conflicts).toEqual([]);
    expect(b.record).toMatchObject({ version: 3, fields: { name: '다' } });
  });

  it('writing the value the record already has changes nothing: no new version, no conflict', () => {
    const v1 = created({ name: '가', items: [{ code: 'a', quantity: 1 }] });
    const same = applied(mergeMutation('customer', v1, { op: 'upsert', fields: { items: [{ quantity: 1, code: 'a' }] }, baseVersion: 0 }, { writer: DEV2, timeMs: T0 }));
    expect(same).toMatchObject({ changed: false, conflicts: [] });
    expect(same.record?.version).toBe(1);
  });
});

describe('ownership', () => {
  const app = (fields: Record<string, unknown>): StoredRecord => {
    const out = mergeMutation('application', undefined, { op: 'upsert', fields: fields as never, baseVersion: 0 }, { writer: DEV1, timeMs: T0 });
    return applied(out).record!;
  };

  it('a device never sets an HQ-owned field; the attempt is kept as an hq_owned conflict', () => {
    const out = applied(
      mergeMutation('application', undefined, { op: 'upsert', fields: { kind: 'new', serviceNumber: 'J00000001', statusReason: 'x' }, baseVersion: 0 }, { writer: DEV1, timeMs: T0 }),
    );
    expect(out.record?.fields).toEqual({ kind: 'new', status: 'draft' });
    expect(out.conflicts.map((c) => [c.field, c.reason, c.winner])).toEqual([
      ['serviceNumber', 'hq_owned', 'theirs'],
      ['statusReason', 'hq_owned', 'theirs'],
    ]);
  });

  it("a change or termination application's service number is the rep's (it names the subscription it alters)", () => {
    expect(ownerOf('application', 'serviceNumber', { kind: 'new' })).toBe('hq');
    expect(ownerOf('application', 'serviceNumber', { kind: 'change' })).toBe('rep');
    expect(ownerOf('application', 'serviceNumber', { kind: 'termination' })).toBe('rep');
  });

  it("a device moves the status only along the rep's lifecycle steps, from the status HQ holds", () => {
    const v1 = app({ kind: 'new', status: 'draft' });
    const submitted = applied(mergeMutation('application', v1, { op: 'upsert', fields: { status: 'submitted' }, baseVersion: 1 }, { writer: DEV1, timeMs: T0 + 1 }));
    expect(submitted.record?.fields.status).toBe('submitted'); // draft → quoted → signed → submitted, all the rep's
    const hqOnly = applied(mergeMutation('application', v1, { op: 'upsert', fields: { status: 'so_processed' }, baseVersion: 1 }, { writer: DEV1, timeMs: T0 + 1 }));
    expect(hqOnly.changed).toBe(false);
    expect(hqOnly.conflicts[0]).toMatchObject({ field: 'status', reason: 'hq_owned', winner: 'theirs', theirs: 'draft' });

    const processed = applyHqChange(submitted.record!, { status: 'so_processed', serviceNumber: 'J00000001' }, T0 + 2).record;
    const start = applied(mergeMutation('application', processed, { op: 'upsert', fields: { status: 'provisioning' }, baseVersion: 3 }, { writer: DEV1, timeMs: T0 + 3 }));
    expect(start.record?.fields.status).toBe('provisioning'); // 개통 시작 is the rep's step
    const stale = applied(mergeMutation('application', processed, { op: 'upsert', fields: { status: 'signed' }, baseVersion: 1 }, { writer: DEV2, timeMs: T0 + 4 }));
    expect(stale.conflicts[0]).toMatchObject({ field: 'status', reason: 'status_changed', yours: 'signed', theirs: 'so_processed' });
  });

  it('after signing the content is locked for devices (the tracker stays editable) until HQ rejects it back', () => {
    const v1 = app({ kind: 'new', status: 'submitted', term: '36m' });
    expect(isLockedForRep('application', 'term', v1.fields)).toBe(true);
    expect(isLockedForRep('application', 'workflow', v1.fields)).toBe(false);
    const edit = applied(mergeMutation('application', v1, { op: 'upsert', fields: { term: '12m', workflow: { openDate: '2026-12-01' } }, baseVersion: 1 }, { writer: DEV1, timeMs: T0 + 1 }));
    expect(edit.record?.fields).toMatchObject({ term: '36m', workflow: { openDate: '2026-12-01' } });
    expect(edit.conflicts).toEqual([{ field: 'term', yours: '12m', theirs: '36m', winner: 'theirs', reason: 'locked', otherWriter: DEV1 }]);
    const del = mergeMutation('application', v1, { op: 'delete', fields: {}, baseVersion: 1 }, { writer: DEV1, timeMs: T0 + 1 });
    expect(del).toMatchObject({ kind: 'rejected', code: 'NOT_ALLOWED' });

    const rejected = applyHqChange(v1, { status: 'rejected', statusReason: '서류 누락' }, T0 + 2).record;
    expect(isLockedForRep('application', 'term', rejected.fields)).toBe(false);
    const fixed = applied(mergeMutation('application', rejected, { op: 'upsert', fields: { term: '12m', status: 'draft' }, baseVersion: 2 }, { writer: DEV1, timeMs: T0 + 3 }));
    expect(fixed.record?.fields).toMatchObject({ term: '12m', status: 'draft', statusReason: '서류 누락' });
  });

  it('a quote version asking for approval opens it as pending; its content can never change, only HQ decides', () => {
    const created = applied(
      mergeMutation(
        'quote_version',
        undefined,
        { op: 'upsert', fields: { quoteId: 'q', version: 1, approvalRequired: true, approvalStatus: 'pending', monthlyTotal: 100 }, baseVersion: 0 },
        { writer: DEV1, timeMs: T0 },
      ),
    );
    expect(created.conflicts).toEqual([]); // echoing the value HQ would set is no conflict
    expect(created.record?.fields.approvalStatus).toBe('pending');
    expect(created.record?.stamps.approvalStatus?.d).toBe(0);
    const selfApproved = applied(
      mergeMutation('quote_version', undefined, { op: 'upsert', fields: { approvalRequired: true, approvalStatus: 'approved' }, baseVersion: 0 }, { writer: DEV1, timeMs: T0 }),
    );
    expect(selfApproved.record?.fields.approvalStatus).toBe('pending');
    expect(selfApproved.conflicts).toEqual([{ field: 'approvalStatus', yours: 'approved', theirs: 'pending', winner: 'theirs', reason: 'hq_owned', otherWriter: null }]);
    const noNeed = applied(mergeMutation('quote_version', undefined, { op: 'upsert', fields: { approvalRequired: false }, baseVersion: 0 }, { writer: DEV1, timeMs: T0 }));
    expect(noNeed.record?.fields.approvalStatus).toBe('not_required');

    const edit = applied(mergeMutation('quote_version', created.record, { op: 'upsert', fields: { monthlyTotal: 90 }, baseVersion: 1 }, { writer: DEV1, timeMs: T0 + 1 }));
    expect(edit.changed).toBe(false);
    expect(edit.conflicts[0]).toMatchObject({ field: 'monthlyTotal', reason: 'immutable', winner: 'theirs' });
    expect(mergeMutation('quote_version', created.record, { op: 'delete', fields: {}, baseVersion: 1 }, { writer: DEV1, timeMs: T0 + 1 })).toMatchObject({
      kind: 'rejected',
      code: 'NOT_ALLOWED',
    });
    const approved = applyHqChange(created.record!, { approvalStatus: 'approved' }, T0 + 2);
    expect(approved.record.fields.approvalStatus).toBe('approved');
  });

  it('a deleted record stays deleted: a later upsert is rejected with a Korean reason', () => {
    const v1 = created({ name: '가' });
    const gone = applied(mergeMutation('customer', v1, { op: 'delete', fields: {}, baseVersion: 1 }, { writer: DEV1, timeMs: T0 + 1 }));
    expect(gone.record).toMatchObject({ deleted: true, version: 2 });
    const edit = mergeMutation('customer', gone.record, { op: 'upsert', fields: { name: '나' }, baseVersion: 1 }, { writer: DEV2, timeMs: T0 + 2 });
    expect(edit).toMatchObject({ kind: 'rejected', code: 'NOT_ALLOWED' });
    if (edit.kind === 'rejected') expect(edit.message).toContain('삭제');
  });

  it('every synced entity has a row in the ownership table, and only device entities are writable by devices', () => {
    for (const e of SYNC_ENTITIES) expect(OWNERSHIP[e]).toBeDefined();
    expect(SYNC_ENTITIES.filter((e) => OWNERSHIP[e].writableByDevice)).toEqual([...DEVICE_ENTITIES]);
  });
});

describe('mutation field checks', () => {
  it('refuses reserved and malformed field names, bad values of known fields, and oversized changes', () => {
    expect(checkMutationFields('customer', { name: '가' })).toEqual([]);
    expect(checkMutationFields('customer', { id: 'x' })[0]?.message).toContain('동기화가 쓰는 이름');
    expect(checkMutationFields('customer', { 'a.b': 1 })[0]?.path).toBe('fields.a.b');
    expect(checkMutationFields('application', { status: 'whatever' })[0]?.message).toContain('청약 상태');
    expect(checkMutationFields('quote_version', { approvalRequired: 'yes' })[0]?.message).toContain('본사 승인 필요');
    expect(checkMutationFields('customer', { note: 'x'.repeat(300 * 1024) })[0]?.message).toContain('너무 큽니다');
  });

  it('a new application whose first status is an HQ one starts as a draft (never without a status)', () => {
    const out = applied(mergeMutation('application', undefined, { op: 'upsert', fields: { kind: 'new', status: 'so_processed' }, baseVersion: 0 }, { writer: DEV1, timeMs: T0 }));
    expect(out.record?.fields.status).toBe('draft');
    expect(out.conflicts.map((c) => [c.field, c.reason])).toEqual([['status', 'hq_owned']]);
  });

  it('HQ refuses unknown fields and wrong values for every device entity, naming the field', () => {
    expect(checkMutationFields('customer', { nmae: '가' })[0]).toMatchObject({ path: 'fields.nmae', message: expect.stringContaining("'nmae' 항목이 없습니다") });
    expect(checkMutationFields('customer', { name: 12345 })[0]?.path).toBe('fields.name');
    expect(checkMutationFields('customer', { businessNumber: 'garbage' })[0]?.message).toContain('businessNumber');
    const bad = checkMutationFields('application', { term: 42, items: 'garbage', seller: null, date: 'not-a-date', zzz: true });
    expect(bad.map((i) => i.path).sort()).toEqual(['fields.date', 'fields.items', 'fields.seller', 'fields.term', 'fields.zzz']);
    expect(checkMutationFields('signature', { imageSha256: 'abc' })[0]?.path).toBe('fields.imageSha256');
    expect(checkMutationFields('customer', { name: '(주)하나콜센터', businessNumber: '102-81-42945', phone: '02-1234-5678', mobile: null })).toEqual([]);
  });

  it("a field named like an Object.prototype member ('constructor', 'toString') is an unknown field, refused, never a crash (HQ answered 500 for it)", () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      expect(checkMutationFields('customer', JSON.parse(`{"${name}": ["x"]}`) as Record<string, never>)[0], name).toMatchObject({ path: `fields.${name}` });
    }
    expect(checkMutationFields('ticket_event', { constructor: 1 })[0]?.message).toContain("'constructor' 항목이 없습니다");
  });

  it('a new record must carry every required field', () => {
    expect(checkNewRecordFields('customer', { name: '가' }).map((i) => i.path)).toEqual(['fields.businessNumber', 'fields.representative', 'fields.address', 'fields.phone']);
    expect(checkNewRecordFields('quote', { applicationId: '0190f2a0-0000-7000-8000-000000000000', latestVersion: 1, createdAt: '2026-11-22T00:00:00Z' })).toEqual([]);
  });

  it('compares JSON values regardless of key order', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
  });
});
