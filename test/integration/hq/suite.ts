import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHqCli } from '../../../electron/hosts/cli-hq';
import { ADMIN_PATHS, SYNC_LIMITS, SYNC_PATHS, conflictRecordFieldsSchema, type Change, type Mutation } from '../../../shared/sync/protocol';
import { Admin, Device, applicationFields, customerFields, errorOf, keyOf, newId, quoteVersionFields, request, sha256 } from './client';
import { startHq, freePort, type HqProcess, type StartOptions } from './harness';

export interface Backend {
  name: string;
  kind: 'pglite' | 'postgres';
  /** Storage for a fresh HQ: a data dir, and a database URL for PostgreSQL. */
  storage(): Promise<StartOptions>;
}

/**
 * Every server in the suite holds each push 0–20 ms before committing: were writers not
 * serialised, concurrent pushes would then commit out of change-number order and a puller
 * would skip changes (the concurrency test below would catch it).
 */
const FAULTS = {
  SALESDESK_HQ_TEST_COMMIT_DELAY_MS: '20',
  // The suite refuses codes on purpose; the failed-attempt limit has its own test (routes-auth.test.ts).
  SALESDESK_HQ_ENROLL_ATTEMPTS: '1000',
};

const A = '강남지사';
const B = '부산지사';

/** The HQ sync suite, run once per database backend against a real server process. */
/** The last sending of each (record, version): HQ may send a parent ahead of its place. */
function lastOfEach(changes: Change[]): Change[] {
  const last = new Map<string, number>();
  changes.forEach((c, i) => last.set(`${keyOf(c.entity, c.id)}@${c.version}`, i));
  return changes.filter((c, i) => last.get(`${keyOf(c.entity, c.id)}@${c.version}`) === i);
}

export function hqSyncSuite(backend: Backend): void {
  let storage: StartOptions;
  let hq: HqProcess;
  let admin: Admin;
  let a1: Device;
  let a2: Device;
  let b1: Device;

  const cli = (args: string[], stdin?: string) => runHqCli(['hq', ...args, '--server', hq.url, '--admin-token', hq.adminToken], { stdin, env: {} });
  const applied = (statuses: string[]) => statuses.filter((s) => s === 'applied').length;

  async function restart(env: Record<string, string> = {}): Promise<void> {
    await hq.stop();
    hq = await startHq({ ...storage, env: { ...FAULTS, ...env } });
    admin = new Admin(hq.url, hq.adminToken);
    for (const d of [a1, a2, b1]) d.url = hq.url;
  }

  beforeAll(async () => {
    storage = await backend.storage();
    hq = await startHq({ ...storage, env: FAULTS });
    admin = new Admin(hq.url, hq.adminToken);
    a1 = await admin.enroll(A, '영업대표 김', 'A 노트북 1');
    a2 = await admin.enroll(A, '영업대표 김', 'A 노트북 2');
    b1 = await admin.enroll(B, '영업대표 박', 'B 노트북');
  });

  afterAll(async () => {
    await hq.stop();
    fs.rmSync(storage.dataDir, { recursive: true, force: true });
  });

  describe(`HQ sync server on ${backend.name}`, () => {
    it('starts with /health, announces its protocol version, and prints {url, adminToken} as the first stdout line', async () => {
      expect(hq.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(hq.adminToken.length).toBeGreaterThanOrEqual(32);
      const res = await request(hq.url, 'GET', SYNC_PATHS.health, { protocol: null });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ ok: true, protocol: 1, database: backend.kind });
      expect(res.headers.get('x-salesdesk-protocol')).toBe('1');
    });

    it('an enrollment code works once; a used, unknown or expired code is refused with a Korean reason', async () => {
      const code = await admin.enrollCode(A, '영업대표 이');
      const first = await request(hq.url, 'POST', SYNC_PATHS.enroll, { body: { code, deviceName: '새 노트북' } });
      expect(first.status).toBe(200);
      expect(first.json).toMatchObject({ branch: { name: A }, rep: { name: '영업대표 이' } });

      const again = await request(hq.url, 'POST', SYNC_PATHS.enroll, { body: { code, deviceName: '다른 노트북' } });
      expect(again.status).toBe(401);
      expect(errorOf(again).message).toContain('이미 사용된');

      const unknown = await request(hq.url, 'POST', SYNC_PATHS.enroll, { body: { code: 'ZZZZ-ZZZZ-ZZZZ', deviceName: 'x' } });
      expect(unknown.status).toBe(401);
      expect(errorOf(unknown).message).toContain('찾을 수 없습니다');

      const short = await admin.enrollCode(A, '영업대표 이', 1);
      await new Promise((r) => setTimeout(r, 1_100));
      const expired = await request(hq.url, 'POST', SYNC_PATHS.enroll, { body: { code: short, deviceName: 'x' } });
      expect(expired.status).toBe(401);
      expect(errorOf(expired).message).toContain('유효 기간');
    });

    it('every sync call needs a valid device token: none or a wrong one is 401 and nothing is applied', async () => {
      const before = await admin.stats(A);
      const id = newId();
      const body = { mutations: [a1.mutation('customer', id, customerFields(1))] };
      const none = await request(hq.url, 'POST', SYNC_PATHS.push, { body });
      const wrong = await request(hq.url, 'POST', SYNC_PATHS.push, { body, token: 'sdt_not-a-real-token' });
      const pull = await request(hq.url, 'GET', SYNC_PATHS.pull, { token: 'sdt_not-a-real-token' });
      expect([none.status, wrong.status, pull.status]).toEqual([401, 401, 401]);
      expect(errorOf(wrong).message).toMatch(/등록/);
      expect(await admin.stats(A)).toEqual(before);
      const asAdmin = await request(hq.url, 'GET', '/admin/applications', { token: a1.token });
      expect(asAdmin.status).toBe(401);
    });

    it("a device's new record reaches the other device of its branch on pull, at version 1", async () => {
      const id = newId();
      const res = await a1.push([a1.mutation('customer', id, customerFields(2))]);
      expect(res.results[0]).toMatchObject({ status: 'applied', version: 1, conflicts: [] });
      await a2.pullAll();
      expect(a2.record('customer', id)).toEqual({ version: 1, fields: customerFields(2), deleted: false });
    });

    it('a resent push is acknowledged as duplicate with its original result and never applied twice', async () => {
      const cid = newId();
      const aid = newId();
      const batch = [a1.mutation('customer', cid, customerFields(3)), a1.mutation('application', aid, applicationFields(cid)), a1.mutation('application', aid, { term: '24m' })];
      const before = await admin.stats(A);
      const first = await a1.push(batch);
      expect(first.results.map((r) => [r.status, r.version])).toEqual([
        ['applied', 1],
        ['applied', 1],
        ['applied', 2],
      ]);
      const afterFirst = await admin.stats(A);
      expect(afterFirst.records.customer).toBe((before.records.customer ?? 0) + 1);
      expect(afterFirst.records.application).toBe((before.records.application ?? 0) + 1);
      expect(afterFirst.processedMutations).toBe(before.processedMutations + 3);

      const resent = await a1.push(batch);
      expect(resent.results.map((r) => [r.status, r.original, r.version])).toEqual([
        ['duplicate', 'applied', 1],
        ['duplicate', 'applied', 1],
        ['duplicate', 'applied', 2],
      ]);
      expect(await admin.stats(A)).toEqual(afterFirst);

      // A batch mixing a resent mutation and a new one applies only the new one.
      const extra = a1.mutation('customer', cid, { phone: '02-999-9999' });
      const mixed = await a1.push([batch[0]!, extra]);
      expect(mixed.results.map((r) => r.status)).toEqual(['duplicate', 'applied']);
      const afterMixed = await admin.stats(A);
      expect(afterMixed.processedMutations).toBe(afterFirst.processedMutations + 1);
      expect(afterMixed.records).toEqual(afterFirst.records);

      await a2.pullAll();
      expect(a2.record('application', aid)?.version).toBe(2);
      expect(a2.record('application', aid)?.fields.term).toBe('24m');
      expect(a2.record('customer', cid)?.version).toBe(2);
    });

    it('two devices of a branch editing different fields of one record offline: both edits are kept, no conflict', async () => {
      const id = newId();
      await a1.push([a1.mutation('customer', id, customerFields(4))]);
      await a1.pullAll();
      await a2.pullAll();
      const m1 = a1.mutation('customer', id, { phone: '02-111-1111' });
      const m2 = a2.mutation('customer', id, { address: '부산광역시 해운대구 센텀로 1' });
      expect(m1.baseVersion).toBe(1);
      expect(m2.baseVersion).toBe(1);
      const r1 = await a1.push([m1]);
      const r2 = await a2.push([m2]);
      expect(r1.results[0]).toMatchObject({ status: 'applied', version: 2, conflicts: [] });
      expect(r2.results[0]).toMatchObject({ status: 'applied', version: 3, conflicts: [] });
      await a1.pullAll();
      expect(a1.record('customer', id)).toMatchObject({
        version: 3,
        fields: { ...customerFields(4), phone: '02-111-1111', address: '부산광역시 해운대구 센텀로 1' },
      });
    });

    it('two devices editing the same rep-owned field: the later edit wins whichever arrives first, and the overridden value is returned and stored', async () => {
      const before = await admin.stats(A);
      const now = Date.now();
      const earlier = new Date(now - 60_000);
      const later = new Date(now - 30_000);

      // Later edit arrives last: it wins; the value it overrode comes back to it as a conflict.
      const x = newId();
      await a1.push([a1.mutation('customer', x, customerFields(5))]);
      await a1.pullAll();
      await a2.pullAll();
      const r1 = await a1.push([a1.mutation('customer', x, { name: 'A1이 고친 이름' }, { clientTime: earlier })]);
      expect(r1.results[0]!.conflicts).toEqual([]);
      const r2 = await a2.push([a2.mutation('customer', x, { name: 'A2가 고친 이름' }, { clientTime: later })]);
      expect(r2.results[0]).toMatchObject({ status: 'applied', version: 3 });
      expect(r2.results[0]!.conflicts).toEqual([{ field: 'name', yours: 'A2가 고친 이름', theirs: 'A1이 고친 이름', winner: 'yours', reason: 'newer_edit' }]);

      // Later edit arrives first: the older one loses and is returned to its sender.
      const y = newId();
      await a1.push([a1.mutation('customer', y, customerFields(6))]);
      await a1.pullAll();
      await a2.pullAll();
      await a2.push([a2.mutation('customer', y, { name: 'A2가 고친 이름' }, { clientTime: later })]);
      const r3 = await a1.push([a1.mutation('customer', y, { name: 'A1이 고친 이름' }, { clientTime: earlier })]);
      expect(r3.results[0]).toMatchObject({ status: 'applied', version: 2 });
      expect(r3.results[0]!.conflicts).toEqual([{ field: 'name', yours: 'A1이 고친 이름', theirs: 'A2가 고친 이름', winner: 'theirs', reason: 'older_edit' }]);

      await a1.pullAll();
      expect(a1.record('customer', x)?.fields.name).toBe('A2가 고친 이름');
      expect(a1.record('customer', y)?.fields.name).toBe('A2가 고친 이름');
      // Both overridden values are stored at HQ and reach every device of the branch.
      const kept = a1.pulled
        .filter((c) => c.entity === 'conflict')
        .map((c) => conflictRecordFieldsSchema.parse(c.fields))
        .filter((c) => c.entityId === x || c.entityId === y);
      expect(kept).toHaveLength(2);
      expect(kept.find((c) => c.entityId === x)).toMatchObject({ deviceId: a2.id, otherDeviceId: a1.id, theirs: 'A1이 고친 이름', winner: 'yours' });
      expect(kept.find((c) => c.entityId === y)).toMatchObject({ deviceId: a1.id, otherDeviceId: a2.id, yours: 'A1이 고친 이름', winner: 'theirs' });
      expect((await admin.stats(A)).conflicts).toBe(before.conflicts + 2);
    });

    it('a device cannot set HQ-owned fields (service number, HQ statuses, approvals): HQ keeps its value and the attempt is a conflict', async () => {
      const cid = newId();
      const aid = newId();
      const res = await a1.push([a1.mutation('customer', cid, customerFields(7)), a1.mutation('application', aid, { ...applicationFields(cid), serviceNumber: 'J99999999', status: 'so_processed' })]);
      expect(res.results[1]!.status).toBe('applied');
      expect(res.results[1]!.conflicts).toEqual(
        expect.arrayContaining([
          { field: 'serviceNumber', yours: 'J99999999', theirs: null, winner: 'theirs', reason: 'hq_owned' },
          { field: 'status', yours: 'so_processed', theirs: null, winner: 'theirs', reason: 'hq_owned' },
        ]),
      );
      const qv = newId();
      const qid = newId();
      const quote = await a1.push([
        a1.mutation('quote', qid, { applicationId: aid, latestVersion: 1 }),
        a1.mutation('quote_version', qv, { ...quoteVersionFields(qid, 1), approvalStatus: 'approved' }),
      ]);
      expect(quote.results[1]!.conflicts).toEqual([{ field: 'approvalStatus', yours: 'approved', theirs: 'pending', winner: 'theirs', reason: 'hq_owned' }]);

      await a2.pullAll();
      expect(a2.record('application', aid)?.fields.serviceNumber).toBeUndefined();
      // A new record whose status was refused starts where the lifecycle starts.
      expect(a2.record('application', aid)?.fields.status).toBe('draft');
      expect(a2.record('quote_version', qv)?.fields.approvalStatus).toBe('pending');

      // A change application quotes the service number it alters: that one is the rep's.
      const change = newId();
      const r = await a1.push([a1.mutation('application', change, { ...applicationFields(cid, 'draft', 'change'), serviceNumber: 'J00000042' })]);
      expect(r.results[0]!.conflicts).toEqual([]);
    });

    it('malformed, oversized and wrong-protocol-version pushes are refused with 4xx and nothing is applied', async () => {
      const before = await admin.stats(A);
      const id = newId();
      const valid = a1.mutation('customer', id, customerFields(8));

      const badJson = await request(hq.url, 'POST', SYNC_PATHS.push, { token: a1.token, rawBody: '{"mutations": [', headers: { 'content-type': 'application/json' } });
      expect(badJson.status).toBe(400);
      expect(errorOf(badJson)).toMatchObject({ code: 'INVALID_INPUT' });
      expect(errorOf(badJson).message).toMatch(/JSON/);

      for (const body of [{}, { mutations: 'x' }, { mutations: [{ ...valid, mutationId: 'not-a-uuid' }] }, { mutations: [valid], extra: 1 }, { mutations: [{ ...valid, op: 'merge' }] }]) {
        const res = await a1.pushRaw(body);
        expect(res.status).toBe(400);
        expect(errorOf(res).message).toContain('적용되지 않았습니다');
      }

      const tooMany = await a1.pushRaw({ mutations: Array.from({ length: SYNC_LIMITS.pushMaxMutations + 1 }, () => a1.mutation('customer', newId(), { name: 'x' })) });
      expect(tooMany.status).toBe(400);
      expect(errorOf(tooMany).message).toContain('나누어');

      const huge = await a1.pushRaw({ mutations: [a1.mutation('customer', id, { note: 'x'.repeat(SYNC_LIMITS.pushMaxBytes + 1) })] });
      expect(huge.status).toBe(413);
      expect(errorOf(huge).code).toBe('TOO_LARGE');

      const old = await a1.pushRaw({ mutations: [valid] }, { protocol: '0' });
      expect(old.status).toBe(426);
      expect(errorOf(old)).toMatchObject({ code: 'UPGRADE_REQUIRED' });
      expect(errorOf(old).message).toContain('앱을 업데이트하세요');
      const missing = await a1.pushRaw({ mutations: [valid] }, { protocol: null });
      expect(missing.status).toBe(426);
      const newer = await a1.pushRaw({ mutations: [valid] }, { protocol: '2' });
      expect(newer.status).toBe(426);
      expect(errorOf(newer).message).toContain('서버 업데이트');
      const pullNewer = await request(hq.url, 'GET', SYNC_PATHS.pull, { token: a1.token, protocol: '2' });
      expect(pullNewer.status).toBe(426);

      expect(await admin.stats(A)).toEqual(before);
      await a2.pullAll();
      expect(a2.record('customer', id)).toBeUndefined();
    });

    it('a mutation HQ cannot accept is rejected on its own with a Korean reason, the rest of its batch applies, and a resend repeats the rejection', async () => {
      const good = a1.mutation('customer', newId(), customerFields(9));
      const batch: Mutation[] = [
        a1.mutation('invoice', newId(), { total: 1 }),
        a1.mutation('catalog', newId(), { products: [] }),
        a1.mutation('application', newId(), { status: 'approved-by-me' }),
        a1.mutation('customer', newId(), { id: 'another-id' }),
        a1.mutation('customer', newId(), { note: 'x'.repeat(SYNC_LIMITS.mutationMaxFieldBytes + 10) }),
        good,
      ];
      const res = await a1.push(batch);
      expect(res.results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'applied']);
      expect(res.results.map((r) => r.error?.code)).toEqual(['INVALID_INPUT', 'FORBIDDEN', 'INVALID_INPUT', 'INVALID_INPUT', 'INVALID_INPUT', undefined]);
      for (const r of res.results.slice(0, 5)) expect(r.error!.message).toMatch(/[가-힣]/);
      const again = await a1.push(batch);
      expect(again.results.map((r) => [r.status, r.original])).toEqual([...Array.from({ length: 5 }, () => ['duplicate', 'rejected']), ['duplicate', 'applied']]);
    });

    it("branch B's token cannot read (pull) or write (push, by id) branch A's records", async () => {
      const cid = newId();
      await a1.push([a1.mutation('customer', cid, customerFields(10))]);
      await a1.pullAll();
      const aIds = new Set(a1.pulled.filter((c) => c.entity !== 'catalog' && c.entity !== 'contacts').map((c) => c.id));
      expect(aIds.size).toBeGreaterThan(5);

      await b1.pullAll();
      const leaked = b1.pulled.filter((c) => aIds.has(c.id));
      expect(leaked).toEqual([]);
      expect(b1.pulled.filter((c) => c.entity === 'conflict')).toEqual([]);

      const write = await b1.push([b1.mutation('customer', cid, { name: 'B가 덮어쓴 이름' }), b1.mutation('customer', cid, {}, { op: 'delete' })]);
      expect(write.results.map((r) => [r.status, r.error?.code])).toEqual([
        ['rejected', 'FORBIDDEN'],
        ['rejected', 'FORBIDDEN'],
      ]);
      const own = newId();
      expect((await b1.push([b1.mutation('customer', own, customerFields(11))])).results[0]!.status).toBe('applied');

      const seen = a1.cursor;
      const changes = await a1.pullAll();
      expect(changes.filter((c) => c.id === cid || c.id === own)).toEqual([]);
      expect(a1.cursor).toBeGreaterThanOrEqual(seen);
      expect(a1.record('customer', cid)).toMatchObject({ version: 1, fields: customerFields(10) });
    });

    it('so-process assigns the next unique J######## service number, is idempotent, and the number flows back to the devices on pull', async () => {
      const cid = newId();
      const first = newId();
      const second = newId();
      const draft = newId();
      await a1.push([
        a1.mutation('customer', cid, customerFields(12)),
        a1.mutation('application', first, applicationFields(cid, 'submitted')),
        a1.mutation('application', second, applicationFields(cid, 'submitted')),
        a1.mutation('application', draft, applicationFields(cid, 'draft')),
      ]);

      const r1 = await cli(['so-process', first]);
      expect(r1).toMatchObject({ exitCode: 0, stderr: '' });
      const n1 = JSON.parse(r1.stdout) as { serviceNumber: string };
      expect(Object.keys(n1)).toEqual(['serviceNumber']);
      expect(n1.serviceNumber).toMatch(/^J\d{8}$/);
      expect(JSON.parse((await cli(['so-process', first])).stdout)).toEqual(n1);
      const n2 = JSON.parse((await cli(['so-process', second])).stdout) as { serviceNumber: string };
      expect(n2.serviceNumber).toMatch(/^J\d{8}$/);
      expect(Number(n2.serviceNumber.slice(1))).toBeGreaterThan(Number(n1.serviceNumber.slice(1)));

      // HQ may process one the device has not submitted (the papers came another way); the rep sees why.
      const early = JSON.parse((await cli(['so-process', draft])).stdout) as { serviceNumber: string };
      expect(early.serviceNumber).toMatch(/^J\d{8}$/);
      // A turned-down (반려) application is not processed: the rep must fix and resubmit it.
      const turnedDown = newId();
      await a1.push([a1.mutation('application', turnedDown, applicationFields(cid, 'submitted'))]);
      expect((await cli(['applications', 'set-status', turnedDown, '--status', 'rejected', '--reason', '서류 미비'])).exitCode).toBe(0);
      const refused = await cli(['so-process', turnedDown]);
      expect(refused.exitCode).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain('반려된 청약은');

      await a2.pullAll();
      expect(a2.record('application', first)?.fields).toMatchObject({ status: 'so_processed', serviceNumber: n1.serviceNumber });
      expect(a2.record('application', second)?.fields).toMatchObject({ status: 'so_processed', serviceNumber: n2.serviceNumber });

      const list = JSON.parse((await cli(['applications', 'list', '--branch', A])).stdout) as unknown[];
      expect(list).toContainEqual({ id: first, branch: A, customer: { name: '테스트상사 12' }, status: 'so_processed', serviceNumber: n1.serviceNumber });
      expect(list).toContainEqual({ id: draft, branch: A, customer: { name: '테스트상사 12' }, status: 'so_processed', serviceNumber: early.serviceNumber });
      await a1.pullAll();
      expect(a1.record('application', draft)?.fields.statusReason).toContain('제출 전');

      // Once HQ has it, the application is HQ's: a device edit is kept as a conflict, not applied.
      await a1.pullAll();
      const edit = await a1.push([a1.mutation('application', first, { term: '12m' }), a1.mutation('application', first, {}, { op: 'delete' })]);
      expect(edit.results[0]!.conflicts).toEqual([{ field: 'term', yours: '12m', theirs: '36m', winner: 'theirs', reason: 'locked' }]);
      expect(edit.results[1]).toMatchObject({ status: 'rejected', error: { code: 'NOT_ALLOWED' } });
      await a1.pullAll();
      expect(a1.record('application', first)).toMatchObject({ deleted: false, fields: { term: '36m' } });
    });

    it('HQ statuses, quote approvals, catalogs, contacts and the supplier block reach the devices on pull (HQ records every branch); past submission a re-priced quote is refused', async () => {
      const cid = newId();
      const aid = newId();
      const qid = newId();
      const v1 = newId();
      // As a device sends them: the quote is made while the application is written, then it is submitted.
      await a1.push([
        a1.mutation('customer', cid, customerFields(13)),
        a1.mutation('application', aid, applicationFields(cid, 'quoted')),
        a1.mutation('quote', qid, { applicationId: aid, latestVersion: 1 }),
        a1.mutation('quote_version', v1, quoteVersionFields(qid, 1)),
        a1.mutation('application', aid, { status: 'submitted' }),
      ]);
      await cli(['so-process', aid]);
      expect((await cli(['applications', 'set-status', aid, '--status', 'provisioning'])).exitCode).toBe(0);
      const jump = await cli(['applications', 'set-status', aid, '--status', 'active']);
      expect(jump.exitCode).toBe(1);
      expect(jump.stderr).toContain('바꿀 수 없습니다');
      const noReason = await cli(['applications', 'set-status', aid, '--status', 'force_terminated']);
      expect(noReason.exitCode).toBe(1);
      expect(noReason.stderr).toContain('사유');
      await a2.pullAll();
      expect(a2.record('application', aid)?.fields.status).toBe('provisioning');
      // The rep's next step (검수 요청) from the status HQ set is applied; a stale one is a conflict.
      const steps = await a2.push([a2.mutation('application', aid, { status: 'acceptance' }), a2.mutation('application', aid, { status: 'signed' })]);
      expect(steps.results[0]!.conflicts).toEqual([]);
      expect(steps.results[1]!.conflicts).toEqual([{ field: 'status', yours: 'signed', theirs: 'acceptance', winner: 'theirs', reason: 'status_changed' }]);

      const pending = JSON.parse((await cli(['quotes', 'list', '--approval', 'pending'])).stdout) as { id: string; quoteId: string }[];
      expect(pending).toContainEqual(expect.objectContaining({ id: v1, quoteId: qid }));
      // A quote id means its latest version.
      expect(JSON.parse((await cli(['quotes', 'approve', qid])).stdout)).toMatchObject({ id: v1, approvalStatus: 'approved' });
      await a1.pullAll();
      expect(a1.record('quote_version', v1)?.fields.approvalStatus).toBe('approved');
      // A saved version never changes.
      const edit = await a1.push([a1.mutation('quote_version', v1, { monthlyTotal: 1 })]);
      expect(edit.results[0]!.conflicts[0]).toMatchObject({ field: 'monthlyTotal', reason: 'immutable' });
      // Past submission the quote stays as sealed: a next version (35 → 40 seats) is refused with the way out.
      const late = newId();
      const repriced = await a1.push([a1.mutation('quote', qid, { latestVersion: 2 }), a1.mutation('quote_version', late, quoteVersionFields(qid, 2))]);
      expect(repriced.results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      expect(repriced.results[1]!.error).toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringContaining('변경 신청(양식 #4)') });
      await a2.pullAll();
      expect(a2.record('quote_version', late)).toBeUndefined();
      expect(a2.record('quote', qid)?.fields.latestVersion).toBe(1);
      // A quote made before the submission but queued after it (the first sync of a store older than sync) is taken.
      const olderQuote = newId();
      const olderVersion = newId();
      const made = '2026-11-01T00:00:00.000Z';
      const older = await a1.push([
        a1.mutation('quote', olderQuote, { applicationId: aid, latestVersion: 1, createdAt: made }),
        a1.mutation('quote_version', olderVersion, { ...quoteVersionFields(olderQuote, 1), createdAt: made }),
      ]);
      expect(older.results.map((r) => r.status)).toEqual(['applied', 'applied']);
      // Before submission the rep saves the next version, which asks HQ again.
      const draftApp = newId();
      const draftQuote = newId();
      const d1 = newId();
      const v2 = newId();
      await a1.push([
        a1.mutation('application', draftApp, applicationFields(cid, 'quoted')),
        a1.mutation('quote', draftQuote, { applicationId: draftApp, latestVersion: 1 }),
        a1.mutation('quote_version', d1, quoteVersionFields(draftQuote, 1)),
      ]);
      const next = await a1.push([a1.mutation('quote', draftQuote, { latestVersion: 2 }), a1.mutation('quote_version', v2, quoteVersionFields(draftQuote, 2))]);
      expect(next.results.map((r) => r.status)).toEqual(['applied', 'applied']);
      expect((await cli(['quotes', 'refuse', v2])).exitCode).toBe(2);
      const refused = await cli(['quotes', 'refuse', v2, '--reason', '할인율 20%는 승인 기준(15%)을 넘습니다.']);
      expect(JSON.parse(refused.stdout)).toMatchObject({ id: v2, approvalStatus: 'refused' });
      await a2.pullAll();
      expect(a2.record('quote_version', v2)?.fields).toMatchObject({ approvalStatus: 'refused', approvalReason: '할인율 20%는 승인 기준(15%)을 넘습니다.' });
      expect(a2.record('quote_version', v1)?.fields.approvalStatus).toBe('approved');

      const catalog = { ...(JSON.parse(fs.readFileSync('resources/catalogs/kt-bizmeka-2014.json', 'utf8')) as Record<string, unknown>), version: '2027-01' };
      const notACatalog = await cli(['publish-catalog'], JSON.stringify({ foo: 1 }));
      expect(notACatalog.exitCode).toBe(2);
      expect(notACatalog.stdout).toBe('');
      const c1 = JSON.parse((await cli(['publish-catalog'], JSON.stringify(catalog))).stdout) as { version: number; unchanged: boolean };
      expect(c1.unchanged).toBe(false);
      const same = JSON.parse((await cli(['publish-catalog'], JSON.stringify(catalog))).stdout) as { version: number; unchanged: boolean };
      expect(same).toMatchObject({ version: c1.version, unchanged: true });
      const c2 = JSON.parse((await cli(['publish-catalog'], JSON.stringify({ ...catalog, title: '2027년 가격' }))).stdout) as { version: number };
      expect(c2.version).toBe(c1.version + 1);
      const contacts = [
        { role: 'BM', team: '스마트솔루션사업담당' },
        { role: 'S/O 처리', team: 'Biz사업본부 컨설팅지원담당', phone: '02-000-0000' },
      ];
      expect((await cli(['publish-contacts'], JSON.stringify(contacts))).exitCode).toBe(0);
      // The supplier block of quotes and contracts: checked like every admin body, then published to all.
      const supplier = (JSON.parse(fs.readFileSync('test/fixtures/documents/supplier.json', 'utf8')) as { supplier: Record<string, unknown> }).supplier;
      const noRepresentative = await cli(['publish-supplier'], JSON.stringify({ ...supplier, representative: '' }));
      expect(noRepresentative.exitCode).toBe(2);
      expect(noRepresentative.stderr).toContain('공급자 대표자');
      expect(JSON.parse((await cli(['publish-supplier'], JSON.stringify(supplier))).stdout)).toMatchObject({ id: 'hq-supplier', unchanged: false });

      for (const device of [a2, b1]) {
        const got = await device.pullAll();
        const catalogs = got.filter((c) => c.entity === 'catalog').map((c) => c.fields.catalogVersion);
        expect(catalogs).toEqual(expect.arrayContaining([c1.version, c2.version]));
        expect(got.find((c) => c.entity === 'contacts')?.fields.contacts).toEqual(contacts);
        expect(got.find((c) => c.entity === 'supplier')?.fields.supplier).toEqual(supplier);
      }
      expect(b1.record('quote_version', v1)).toBeUndefined();
    });

    it("an application keeps at HQ the company name it applied with: a later rename of the company's record (recorded) does not change it", async () => {
      const cid = newId();
      const signed = newId();
      const legacy = newId();
      const block = { name: '테스트상사 21', businessNumber: '102-81-42945', representative: '대표자', address: '서울특별시 중구 세종대로 21', phone: '02-123-4567' };
      const asApplied = { ...block };
      await a1.push([
        a1.mutation('customer', cid, asApplied),
        a1.mutation('application', signed, { ...applicationFields(cid, 'submitted'), customer: block }),
        a1.mutation('application', legacy, applicationFields(cid)),
      ]);
      const renamed = await a1.push([
        a1.mutation('customer', cid, { name: '(주)새이름콜', nameHistory: [{ name: asApplied.name, to: '(주)새이름콜', at: '2026-12-02T05:00:00.000Z', device: 'A 노트북 1', applicationId: null }] }),
      ]);
      expect(renamed.results[0]!.status).toBe('applied');
      const list = JSON.parse((await cli(['applications', 'list', '--branch', A])).stdout) as { id: string; customer: { name: string } }[];
      expect(list.find((a) => a.id === signed)?.customer.name).toBe(asApplied.name);
      // An application from before the snapshot existed shows the company's record.
      expect(list.find((a) => a.id === legacy)?.customer.name).toBe('(주)새이름콜');
      await a2.pullAll();
      expect(a2.record('customer', cid)?.fields.nameHistory).toEqual([expect.objectContaining({ name: asApplied.name, to: '(주)새이름콜' })]);
    });

    it('pull pagination returns every change exactly once across pages, also when records change between pages', async () => {
      await a1.push(Array.from({ length: 120 }, (_, i) => a1.mutation('customer', newId(), customerFields(100 + i))));
      const whole = await admin.enroll(A, '영업대표 김', '전체 받기');
      const onePage = await whole.pullPage(SYNC_LIMITS.pullMaxLimit);
      expect(onePage.hasMore).toBe(false);
      const expected = new Set(onePage.changes.map((c) => `${keyOf(c.entity, c.id)}@${c.version}`));

      const paged = await admin.enroll(A, '영업대표 김', '나눠 받기');
      const got = lastOfEach(await paged.pullAll(7));
      const seqs = got.map((c) => c.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(new Set(got.map((c) => `${keyOf(c.entity, c.id)}@${c.version}`))).toEqual(expected);
      expect(got.length).toBe(expected.size);

      // Changes between pages: a record already pulled comes again with its new version; one not
      // yet pulled comes once, at its newest version. No (record, version) is ever sent twice.
      const moving = await admin.enroll(A, '영업대표 김', '움직이는 중');
      const firstPage = await moving.pullPage(10);
      const early = firstPage.changes.filter((c) => c.entity === 'customer').slice(0, 3);
      const late = onePage.changes.filter((c) => c.entity === 'customer').slice(-3);
      await a1.pullAll();
      await a1.push([...early, ...late].map((c) => a1.mutation('customer', c.id, { phone: '02-777-7777' })));
      const rest = lastOfEach(await moving.pullAll(10));
      const all = lastOfEach([...firstPage.changes, ...rest]);
      const versions = all.map((c) => `${keyOf(c.entity, c.id)}@${c.version}`);
      expect(new Set(versions).size).toBe(versions.length);
      for (const c of late) expect(rest.filter((r) => r.id === c.id)).toHaveLength(1);
      const fresh = await admin.enroll(A, '영업대표 김', '확인용');
      await fresh.pullAll();
      expect(moving.records).toEqual(fresh.records);
    });

    it('a page carries the parents its records refer to when their latest change would come only in a later page', async () => {
      const cid = newId();
      const aid = newId();
      await a1.push([a1.mutation('customer', cid, customerFields(400)), a1.mutation('application', aid, applicationFields(cid))]);
      await a1.push(Array.from({ length: 30 }, (_, i) => a1.mutation('customer', newId(), customerFields(401 + i))));
      await a1.pullAll();
      await a1.push([a1.mutation('customer', cid, { phone: '02-999-9999' })]); // the parent's latest change is now far behind its child
      const fresh = await admin.enroll(A, '영업대표 김', '부모 먼저');
      const pages: Change[][] = [];
      for (;;) {
        const page = await fresh.pullPage(7);
        pages.push(page.changes);
        if (!page.hasMore) break;
      }
      const withChild = pages.find((p) => p.some((c) => c.id === aid))!;
      const parent = withChild.find((c) => c.id === cid);
      expect(parent?.fields.phone).toBe('02-999-9999');
      expect(withChild.indexOf(parent!)).toBeLessThan(withChild.findIndex((c) => c.id === aid));
      // …and it still comes at its own place later, which a device takes as no change.
      expect(pages.flat().filter((c) => c.id === cid).length).toBe(2);
    });

    it('a revoked device is refused on its very next push and pull, though HQ knew its token a moment before, and nothing of that push is applied', async () => {
      const doomed = await admin.enroll(A, '영업대표 김', '분실 노트북');
      // Known to HQ: a push and a pull that succeed (HQ keeps the token's device in its cache).
      expect((await doomed.push([doomed.mutation('customer', newId(), customerFields(5001))])).results[0]?.status).toBe('applied');
      await doomed.pullAll();
      const revoked = await admin.call('POST', ADMIN_PATHS.deviceRevoke(doomed.id), {});
      expect(revoked.status).toBe(200);
      const before = await admin.stats(A);
      const push = await doomed.pushRaw({ mutations: [doomed.mutation('customer', newId(), customerFields(5002))] });
      const pull = await request(hq.url, 'GET', SYNC_PATHS.pull, { token: doomed.token });
      expect([push.status, pull.status]).toEqual([401, 401]);
      expect(errorOf(push).message).toContain('해제');
      expect(errorOf(pull).message).toContain('해제');
      expect(await admin.stats(A)).toEqual(before);
      // The other devices of the branch go on.
      expect((await a1.push([a1.mutation('customer', newId(), customerFields(5003))])).results[0]?.status).toBe('applied');
    });

    it("ids and values that look like SQL (quotes, backslashes, $1, a statement's end) are refused or stored exactly as sent, never a 5xx: on PostgreSQL a push's first read is sent as text", async () => {
      const hostile = ["x'); select pg_sleep(5); --", 'a\\b', '$1', "O'Reilly", '\\x27', '00000000-0000-0000-0000-00000000000$1'];
      for (const id of hostile) {
        const byEntityId = await a1.pushRaw({ mutations: [a1.mutation('customer', id, customerFields(6001))] });
        const byMutationId = await a1.pushRaw({ mutations: [{ ...a1.mutation('customer', newId(), customerFields(6002)), mutationId: id }] });
        const byParentId = await a1.pushRaw({ mutations: [a1.mutation('application', newId(), applicationFields(id))] });
        for (const res of [byEntityId, byMutationId, byParentId]) {
          expect(res.status, `${id}: ${JSON.stringify(res.json)}`).toBeLessThan(500);
          if (res.status === 200) {
            const results = (res.json as { results: { status: string }[] }).results;
            expect(results.map((r) => r.status)).not.toContain('applied');
          }
        }
      }
      // The same characters in field values are data: stored and pulled back exactly.
      const cid = newId();
      const name = "O'Reilly \\ $1 '); drop table records; --";
      expect((await a1.push([a1.mutation('customer', cid, { ...customerFields(6003), name })])).results[0]?.status).toBe('applied');
      await a2.pullAll();
      expect(a2.record('customer', cid)?.fields.name).toBe(name);
    });

    it('a device pulling while two others push concurrently never misses a change', async () => {
      const puller = await admin.enroll(A, '영업대표 김', '계속 받기');
      await puller.pullAll();
      // An object, not a `let`: the pull loop reads the flag the push side sets later.
      const flag = { pushing: true };
      const pushLoop = async (device: Device, tag: number) => {
        for (let round = 0; round < 8; round++) {
          await device.push(Array.from({ length: 40 }, (_, i) => device.mutation('customer', newId(), customerFields(tag * 1000 + round * 40 + i))));
        }
      };
      const pulls = (async () => {
        while (flag.pushing) await puller.pullPage(50);
      })();
      await Promise.all([pushLoop(a1, 1), pushLoop(a2, 2)]);
      flag.pushing = false;
      await pulls;
      await puller.pullAll();
      const fresh = await admin.enroll(A, '영업대표 김', '대조용');
      await fresh.pullAll();
      expect(puller.records.size).toBe(fresh.records.size);
      expect(puller.records).toEqual(fresh.records);
    });

    it('pushes of three branches racing one another and HQ publishing never make a pulling device of any branch miss or repeat a change (per-branch write locks)', async () => {
      // Each push held 0–200 ms before it commits: without the locks, pushes of one branch would
      // commit out of change-number order all the time, and a puller would skip changes.
      await restart({ SALESDESK_HQ_TEST_COMMIT_DELAY_MS: '200' });
      const branches = [A, B, '대구지사'];
      const racers = [1, 2, 3];
      const pushers = await Promise.all(branches.flatMap((b) => racers.map((r) => admin.enroll(b, `경주 ${r}`, `${b} 경주 ${r}`))));
      const pullers = await Promise.all(branches.map((b) => admin.enroll(b, '경주 받기', `${b} 받기`)));
      for (const p of pullers) await p.pullAll();
      const from = pullers.map((p) => p.pulled.length);
      const pushed = branches.map(() => new Set<string>());
      // Each push of new records is an echo (PushEcho): the change numbers it names must hold its records and nothing else.
      const echoes = branches.map(() => [] as { ids: string[]; fromSeq: number; toSeq: number }[]);
      const pushLoop = async (device: Device, branch: number, tag: number) => {
        for (let round = 0; round < 8; round++) {
          const ids = Array.from({ length: 5 }, () => newId());
          const res = await device.push(ids.map((id, i) => device.mutation('customer', id, customerFields(tag * 1000 + round * 5 + i))));
          expect(res.results.every((r) => r.status === 'applied')).toBe(true);
          expect(res.echo).toBeDefined();
          echoes[branch]!.push({ ids, ...res.echo! });
          for (const id of ids) pushed[branch]!.add(id);
        }
      };
      // HQ's own records (every branch reads them) written meanwhile: the exclusive side of the lock.
      const publishLoop = async () => {
        for (let i = 0; i < 6; i++) expect((await admin.call('POST', '/admin/contacts', [{ role: 'BM', team: `경주 팀 ${i}` }])).status).toBe(200);
      };
      // An object, not a `let`: the pull loop reads the flag the push side sets later.
      const flag = { pushing: true };
      const pulls = pullers.map(async (p) => {
        while (flag.pushing) await p.pullPage(5);
      });
      await Promise.all([...pushers.map((d, i) => pushLoop(d, Math.floor(i / racers.length), 500 + i)), publishLoop()]);
      flag.pushing = false;
      await Promise.all(pulls);
      const everyPushed = new Set(pushed.flatMap((s) => [...s]));
      for (const [k, p] of pullers.entries()) {
        const branch = branches[k]!;
        await p.pullAll();
        const seen = p.pulled
          .slice(from[k])
          .filter((c) => c.entity === 'customer' && everyPushed.has(c.id))
          .map((c) => c.id);
        // Every change of its branch exactly once, none of another branch's.
        expect(seen.length, `${branch}: no change twice`).toBe(new Set(seen).size);
        expect(new Set(seen), `${branch}: every change of its branch`).toEqual(pushed[k]);
        const fresh = await admin.enroll(branch, '대조', `${branch} 대조`);
        await fresh.pullAll();
        expect(p.records).toEqual(fresh.records);
        for (const e of echoes[k]!) {
          const inRange = fresh.pulled.filter((c) => c.seq >= e.fromSeq && c.seq <= e.toSeq).map((c) => c.id);
          expect(inRange.sort(), `${branch}: an echo's numbers hold its push's records only`).toEqual([...e.ids].sort());
        }
      }
      await restart();
    }, 300_000);

    it('an attachment upload resumes after an interrupted chunk, checks the SHA-256 at the end, and is idempotent', async () => {
      const data = randomBytes(300_000);
      const hash = sha256(data);
      const chunk = 100_000;
      const part = (i: number) => data.subarray(i * chunk, (i + 1) * chunk);

      expect((await a1.uploadState(hash)).status).toBe(404);
      expect((await a1.uploadChunk(hash, 0, data.length, part(0))).json).toMatchObject({ received: chunk, complete: false });
      await a1.interruptedChunk(hash, chunk, data.length, part(1), 40_000);
      expect(await a1.uploadState(hash)).toEqual({ status: 200, received: chunk, size: data.length, complete: false });

      expect((await a1.uploadChunk(hash, chunk, data.length, part(1))).json).toMatchObject({ received: 2 * chunk });
      expect((await a1.uploadChunk(hash, chunk, data.length, part(1))).json).toMatchObject({ received: 2 * chunk }); // resent: skipped
      const ahead = await a1.uploadChunk(hash, 250_000, data.length, data.subarray(250_000));
      expect(ahead.status).toBe(409);
      expect(errorOf(ahead).details).toMatchObject({ received: 2 * chunk });
      expect((await a1.uploadChunk(hash, 2 * chunk, data.length, part(2))).json).toMatchObject({ received: data.length, complete: true });

      expect((await a1.uploadChunk(hash, 0, data.length, part(0))).json).toMatchObject({ received: data.length, complete: true });
      expect(await a2.uploadState(hash)).toMatchObject({ status: 200, complete: true });
      const download = await fetch(new URL(SYNC_PATHS.attachment(hash), hq.url), { headers: { 'x-salesdesk-protocol': '1', authorization: `Bearer ${a2.token}` } });
      expect(Buffer.from(await download.arrayBuffer()).equals(data)).toBe(true);
      expect((await b1.uploadState(hash)).status).toBe(404);

      const other = randomBytes(1000);
      const lie = sha256(randomBytes(1000));
      const wrong = await a1.uploadChunk(lie, 0, other.length, other);
      expect(wrong.status).toBe(400);
      expect(errorOf(wrong).message).toContain('SHA-256');
      expect((await a1.uploadState(lie)).received).toBe(0);

      const tooBig = await a1.uploadChunk(sha256(randomBytes(8)), 0, 4 * 1024 * 1024, new Uint8Array(SYNC_LIMITS.attachmentChunkMaxBytes + 1));
      expect(tooBig.status).toBe(413);
      expect(errorOf(tooBig).code).toBe('TOO_LARGE');
    });

    it('the HQ CLI: bad input exits 2 with a Korean message and nothing on stdout; HQ refusals exit 1 with its reason; no HQ exits 3', async () => {
      const before = await admin.stats();
      const bad = [
        await cli(['enroll-code', '--branch', A]),
        await cli(['frobnicate']),
        await cli(['publish-contacts'], '[{"role": "BM"'),
        await cli(['publish-contacts'], '[{"role": "BM", "team": "x", "age": 3}]'),
        await cli(['publish-catalog'], '[1, 2]'),
        await cli(['publish-catalog']),
        await cli(['applications', 'list', '--status', 'nope']),
        await runHqCli(['hq', 'applications', 'list', '--admin-token', 'x'], { stdin: undefined, env: {} }),
        await runHqCli(['hq', 'applications', 'list', '--server', 'ftp://x', '--admin-token', 'x'], { stdin: undefined, env: {} }),
      ];
      for (const r of bad) {
        expect(r.exitCode).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(/[가-힣]/);
      }
      expect(await admin.stats()).toEqual(before);

      const wrongToken = await runHqCli(['hq', 'applications', 'list', '--server', hq.url, '--admin-token', 'wrong-token'], { stdin: undefined, env: {} });
      expect(wrongToken).toMatchObject({ exitCode: 1, stdout: '' });
      expect(wrongToken.stderr).toContain('관리자 토큰');
      const missing = await cli(['so-process', newId()]);
      expect(missing).toMatchObject({ exitCode: 1, stdout: '' });
      expect(missing.stderr).toContain('찾을 수 없습니다');
      const port = await freePort();
      const down = await runHqCli(['hq', 'applications', 'list', '--server', `http://127.0.0.1:${port}`, '--admin-token', 'x'], { stdin: undefined, env: {} });
      expect(down).toMatchObject({ exitCode: 3, stdout: '' });
      expect(down.stderr).toContain('연결할 수 없습니다');

      const code = await cli(['enroll-code', '--branch', '대구지사', '--rep', '영업대표 최']);
      expect(code.exitCode).toBe(0);
      expect(Object.keys(JSON.parse(code.stdout) as object)).toEqual(['code']);
    });

    it('regression: JSON nested 5000 deep is refused with 400 (never 500) on push, enrollment and admin routes, and nothing is applied', async () => {
      const before = await admin.stats();
      const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
      const json = { 'content-type': 'application/json' };
      const valid = a1.mutation('customer', newId(), customerFields(950));
      const bodies: [string, string, string | undefined][] = [
        [SYNC_PATHS.push, `{"mutations":${deep}}`, a1.token],
        [SYNC_PATHS.push, JSON.stringify({ mutations: [{ ...valid, fields: { name: 'PLACEHOLDER' } }] }).replace('"PLACEHOLDER"', deep), a1.token],
        // Enrollment takes 4 KiB at most: nested as deep as fits.
        [SYNC_PATHS.enroll, `{"code":${'['.repeat(1500)}${']'.repeat(1500)},"deviceName":"x"}`, undefined],
        ['/admin/contacts', deep, hq.adminToken],
        ['/admin/enrollment-codes', `{"branch":${deep}}`, hq.adminToken],
      ];
      for (const [path, rawBody, token] of bodies) {
        const res = await request(hq.url, 'POST', path, { rawBody, headers: json, ...(token ? { token } : {}) });
        expect(res.status, path).toBe(400);
        expect(errorOf(res).message).toContain('중첩');
      }
      expect(await admin.stats()).toEqual(before);
    });

    it('regression: a NUL or a lone surrogate in a field value or name rejects only that mutation, naming the field; the rest of the batch applies, a resend repeats the answers, and pulls go on', async () => {
      const cid = newId();
      const aid = newId();
      const qid = newId();
      const qv = newId();
      const batch: Mutation[] = [
        a1.mutation('customer', cid, customerFields(960)),
        a1.mutation('application', aid, applicationFields(cid)),
        a1.mutation('quote', qid, { applicationId: aid, latestVersion: 1 }),
        a1.mutation('quote_version', qv, { ...quoteVersionFields(qid, 1), notes: '할인 조건\u0000 확인' }),
        a1.mutation('application', aid, { workflow: { provisioning: { steps: { lineOrder: { done: true, note: '회선\u0000신청' } } }, history: [] } }),
        a1.mutation('customer', newId(), { ...customerFields(961), name: '반쪽\ud800상사' }),
        a1.mutation('customer', cid, { ['pho\u0000ne']: '02-000-0000' }),
        a1.mutation('document', newId(), { applicationId: aid, form: '5', inputs: { ['\udc00']: 1 } }),
        a1.mutation('application', newId(), { ...applicationFields(cid), customerId: `${cid}\u0000` }),
        a1.mutation('customer', cid, { phone: '02-987-6543' }),
      ];
      const res = await a1.push(batch);
      expect(res.results.map((x) => x.status)).toEqual(['applied', 'applied', 'applied', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'applied']);
      const errors = res.results.map((x) => x.error?.message ?? '');
      expect(errors[3]).toMatch(/notes.*제어 문자/);
      expect(errors[4]).toMatch(/workflow.*note.*제어 문자/);
      expect(errors[5]).toMatch(/name.*깨진 문자/);
      expect(errors[6]).toContain('pho\\u0000ne');
      expect(errors[7]).toMatch(/inputs.*깨진 문자/);
      expect(res.results[8]!.error?.code).toBe('INVALID_INPUT');
      for (const x of res.results.filter((y) => y.status === 'rejected')) expect(x.error!.message).toMatch(/[가-힣]/);

      const again = await a1.push(batch);
      expect(again.results.map((x) => x.original)).toEqual(res.results.map((x) => x.status));
      expect(again.results.map((x) => x.error?.message)).toEqual(res.results.map((x) => x.error?.message));
      await a2.pullAll();
      expect(a2.record('customer', cid)?.fields.phone).toBe('02-987-6543');
      expect(a2.record('quote_version', qv)).toBeUndefined();
      expect(a2.record('application', aid)?.fields.workflow).toBeUndefined();
    });

    it('regression: baseVersion ≥ 2³¹, a cursor past 2⁵³, a clientTime in year 0 and an upload offset past the file are 400 (never 500), and nothing is applied', async () => {
      const before = await admin.stats();
      const m = a1.mutation('customer', newId(), customerFields(970));
      for (const bad of [
        { ...m, baseVersion: 2 ** 31 },
        { ...m, baseVersion: 1e300 },
        { ...m, clientTime: '0000-01-01T00:00:00Z' },
        { ...m, clientTime: '2026-02-30T00:00:00Z' },
      ]) {
        const res = await a1.pushRaw({ mutations: [bad] });
        expect(res.status, JSON.stringify(bad).slice(0, 80)).toBe(400);
      }
      for (const cursor of ['9007199254740993', '1e400', '-1', '1.5', 'NaN']) {
        const res = await request(hq.url, 'GET', `${SYNC_PATHS.pull}?cursor=${cursor}`, { token: a1.token });
        expect(res.status, cursor).toBe(400);
      }
      const chunk = randomBytes(16);
      const far = await a1.uploadChunk(sha256(chunk), 2 ** 60, 16, chunk);
      expect(far.status).toBe(400);
      expect(await admin.stats()).toEqual(before);
    });

    it('regression: %00 and other control characters in ids, names, reasons and query values are refused with 400 (never 500) and nothing is stored', async () => {
      const before = await admin.stats();
      const cases: [string, string, unknown?][] = [
        ['POST', '/admin/applications/%00/so-process', {}],
        ['POST', '/admin/applications/a%00b/status', { status: 'active' }],
        ['POST', '/admin/quotes/%00/approve', {}],
        ['POST', '/admin/quotes/x%C2%80/refuse', { reason: '사유' }],
        ['POST', '/admin/devices/%00/revoke', {}],
        ['GET', '/admin/stats?branch=%00'],
        ['GET', '/admin/applications?branch=%E2%80%AE%00'],
        ['POST', '/admin/enrollment-codes', { branch: '지사\u0000', rep: '김' }],
        ['POST', '/admin/enrollment-codes', { branch: '지사', rep: '\ud800' }],
        ['POST', '/admin/contacts', [{ role: 'BM', team: '팀\u0000' }]],
        ['POST', '/admin/contacts', [{ role: 'BM', team: '팀', note: '\u0085' }]],
        ['POST', '/admin/quotes/00000000-0000-7000-8000-000000000000/refuse', { reason: '사유\u0000' }],
      ];
      for (const [method, path, body] of cases) {
        const res = await admin.call(method, path, body);
        expect(res.status, `${method} ${path}`).toBe(400);
        expect(errorOf(res).code).toBe('INVALID_INPUT');
      }
      const catalog = JSON.parse(fs.readFileSync('resources/catalogs/kt-bizmeka-2014.json', 'utf8')) as Record<string, unknown>;
      const badCatalog = await admin.call('POST', '/admin/catalogs', { ...catalog, version: '2099-01', ['x\u0000']: 1 });
      expect(badCatalog.status).toBe(400);

      // A device name with a NUL is refused and does not use up the code.
      const code = await admin.enrollCode(A, '영업대표 정');
      const refused = await request(hq.url, 'POST', SYNC_PATHS.enroll, { body: { code, deviceName: '노트북\u0000' } });
      expect(refused.status).toBe(400);
      expect(errorOf(refused).message).toContain('기기 이름');
      expect((await request(hq.url, 'POST', SYNC_PATHS.enroll, { body: { code: `${code}\u0000`, deviceName: '노트북' } })).status).toBe(400);
      expect(await admin.stats()).toEqual(before);
      expect((await request(hq.url, 'POST', SYNC_PATHS.enroll, { body: { code, deviceName: '노트북' } })).status).toBe(200);
    });

    if (backend.kind === 'pglite') {
      it('a second HQ on the same data directory refuses to start and says which process holds it', async () => {
        await expect(startHq(storage)).rejects.toThrow(/다른 HQ 서버\(pid \d+\)/);
      });
    }

    it('a server killed (SIGKILL) after writing a batch but before commit leaves nothing of it; after restart a resend applies it exactly once', async () => {
      await restart({ SALESDESK_HQ_TEST_CRASH: 'push-before-commit' });
      const before = await admin.stats(A);
      const batch = Array.from({ length: 500 }, (_, i) => a1.mutation('customer', newId(), customerFields(5000 + i)));
      const cut = await a1.pushRaw({ mutations: batch }).then(
        (r) => `answered ${r.status}`,
        () => 'connection lost',
      );
      expect(cut).toBe('connection lost');
      expect(await hq.exited).toMatchObject({ signal: 'SIGKILL' });

      await restart();
      expect(await admin.stats(A)).toMatchObject({ records: before.records, processedMutations: before.processedMutations });
      const resent = await a1.push(batch);
      expect(applied(resent.results.map((r) => r.status))).toBe(500);
      expect(resent.results.every((r) => r.version === 1)).toBe(true);
      const again = await a1.push(batch);
      expect(again.results.every((r) => r.status === 'duplicate')).toBe(true);
      const after = await admin.stats(A);
      expect(after.records.customer).toBe((before.records.customer ?? 0) + 500);
      expect(after.processedMutations).toBe(before.processedMutations + 500);
      const changes = await a2.pullAll();
      const ids = new Set(batch.map((m) => m.entityId));
      const mine = changes.filter((c: Change) => ids.has(c.id));
      expect(mine).toHaveLength(500);
      expect(mine.every((c) => c.version === 1)).toBe(true);
    }, 90_000);

    it('a server killed (SIGKILL) while applying a big batch leaves all of it or none; a resend then completes it exactly once', async () => {
      const note = '메모 '.repeat(300); // ≈ 2.3 MB in all, under the 4 MiB push limit
      const cid = newId();
      const aid = newId();
      await a1.push([a1.mutation('customer', cid, customerFields(6999)), a1.mutation('application', aid, applicationFields(cid))]);
      const before = await admin.stats(A);
      const batch = Array.from({ length: 1000 }, () => a1.mutation('document', newId(), { applicationId: aid, form: '5', inputs: { note } }));
      const pushing = a1.pushRaw({ mutations: batch }).then(
        (r) => r.status,
        () => 'connection lost',
      );
      const started = await Promise.race([hq.waitForLog((l) => l.msg === 'push: applying batch' && l.mutations === 1000).then(() => 'applying'), pushing.then((r) => `push ended first: ${r}`)]);
      expect(started).toBe('applying');
      await hq.kill('SIGKILL');
      await pushing;

      await restart();
      const mid = await admin.stats(A);
      const landed = (mid.records.document ?? 0) - (before.records.document ?? 0);
      expect([0, 1000]).toContain(landed);
      console.info(`[${backend.name}] SIGKILL during a 1000-mutation push: ${landed === 0 ? 'nothing of it had committed' : 'it had committed in full'}`);
      expect(mid.processedMutations - before.processedMutations).toBe(landed);

      const resent = await a1.push(batch);
      const statuses = resent.results.map((r) => r.status);
      expect(applied(statuses)).toBe(1000 - landed);
      expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(landed);
      const after = await admin.stats(A);
      expect(after.records.document).toBe((before.records.document ?? 0) + 1000);
      expect(after.processedMutations).toBe(before.processedMutations + 1000);
      expect(resent.results.every((r) => r.version === 1)).toBe(true);
    }, 90_000);
  });
}
