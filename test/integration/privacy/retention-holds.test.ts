import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Core } from '../../../electron/core/core';
import { q } from '../../../server/db/open';
import { runHqCli } from '../../../electron/hosts/cli-hq';
import { hqRetentionDue } from '../../../server/privacy/retention';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../../shared/sync/protocol';
import { v7 as uuidv7 } from 'uuid';
import { RETENTION_ADMIN_PATHS } from '../../../shared/privacy/retention';
import { businessNumberFor, sampleApplication } from '../../support/fixtures';
import { signAreas } from '../../support/records';
import type { InProcessHq } from '../hq/inprocess';
import { startHqAndDevice, type HqAndDevice } from '../../support/hq-device';

/**
 * Legal holds at HQ (issue 17 item 3): placed and lifted with who, when and why (nothing deleted);
 * HQ's finder shows a held item as held with the reason; a device's destruction of a held
 * application is not followed by HQ's erasure. A real HQ on PGlite, a real core on a real SQLite
 * file, its clock moved by the test.
 */
let hq: InProcessHq;
let core: Core;
let env: HqAndDevice | undefined;
let url: string;
const cli = (...args: string[]) => runHqCli(['hq', ...args, '--server', url, '--admin-token', hq.adminToken], { stdin: undefined, env: {} });
const clock = {
  t: new Date('2025-10-01T01:00:00Z'),
  now() {
    return this.t;
  },
};
const headers = () => ({ authorization: `Bearer ${hq.adminToken}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) });

beforeAll(async () => {
  ({ hq, url, core } = env = await startHqAndDevice({ branch: '보존지사', rep: '김보존', name: 'holds-laptop', dataDirPrefix: 'device-holds-', clock }));
}, 180_000);
afterAll(() => env?.close());

describe('legal holds at HQ', { timeout: 240_000 }, () => {
  it('a device destroys an application HQ holds: HQ keeps its application and customer with their data, refuses the device deletes saying why, and records that it did not follow', async () => {
    const base = sampleApplication();
    const app = await core.invoke('applications.create', {
      ...base,
      customer: { ...base.customer, name: '(주)소송상사', businessNumber: businessNumberFor(821), representative: '한보존', phone: '02-7171-6262' },
    });
    await signAreas(core, app.id, '1', ['applicant', 'consent-collection']);
    await core.ctx.sync.engine.sync();

    const placed = await cli('retention', 'hold', 'application', app.id, '--reason', '2026가합1234 소송 증거 보전');
    expect(placed.exitCode, placed.stderr).toBe(0);
    expect(JSON.parse(placed.stdout)).toMatchObject({ subjectKind: 'application', subjectId: app.id, reason: '2026가합1234 소송 증거 보전', liftedAt: null });

    clock.t = new Date('2026-05-02T01:00:00Z'); // 7 months on: the device's unsigned-6m rule
    const item = (await core.invoke('retention.due', {})).items.find((i) => i.subjectId === app.id)!;
    const { results } = await core.invoke('retention.destroy', { items: [{ subjectId: app.id, ruleId: item.ruleId, lastActivityAt: item.lastActivityAt }] });
    expect(results[0]!.destroyed).toBe(true);
    await core.ctx.sync.engine.sync();

    const atHq = await q<{ entity: string; deleted: boolean; fields: Record<string, unknown> }>(
      hq.database.db,
      sql`select entity, deleted, fields from records where id in (${app.id}, ${app.customerId}) order by entity`,
    );
    expect(atHq.map((r) => [r.entity, r.deleted])).toEqual([
      ['application', false],
      ['customer', false],
    ]);
    expect(JSON.stringify(atHq.map((r) => r.fields))).toContain('(주)소송상사');
    const kept = await q<{ n: number }>(hq.database.db, sql`select count(*)::int as n from records where entity in ('signature', 'consent_event') and not deleted and fields <> '{}'::jsonb`);
    expect(kept[0]!.n).toBeGreaterThan(0);
    // The destruction entry is stored as the record of what the device did.
    const entries = await q<{ fields: Record<string, unknown> }>(hq.database.db, sql`select fields from records where entity = 'destruction_entry' and fields->>'subjectId' = ${app.id}`);
    expect(entries).toHaveLength(1);
    const refusedAudit = await q<{ outcome: string; note: string }>(hq.database.db, sql`select outcome, note from audit_log where action = 'retention.follow_device' and target_id = ${app.id}`);
    expect(refusedAudit).toEqual([{ outcome: 'refused', note: expect.stringContaining('2026가합1234 소송 증거 보전') as string }]);
    const refused = await core.invoke('sync.refused', {});
    expect(refused.length).toBeGreaterThan(0);
    expect(JSON.stringify(refused)).toContain('법적 보존 조치');
  });

  it("HQ's finder shows a declined application under a customer hold as held with the reason; lifting the hold keeps the hold with who, when and why and the item is no longer held", async () => {
    const base = sampleApplication();
    const app = await core.invoke('applications.create', { ...base, customer: { ...base.customer, name: '(주)수사상사', businessNumber: businessNumberFor(822) } });
    await core.ctx.sync.engine.sync();
    await hq.database.db.execute(sql`update records set fields = jsonb_set(fields, '{status}', '"declined"') where entity = 'application' and id = ${app.id}`);

    const placed = await cli('retention', 'hold', 'customer', app.customerId, '--reason', '경찰청 자료 보존 요청 (2026-11-30)');
    expect(placed.exitCode, placed.stderr).toBe(0);
    const holdId = (JSON.parse(placed.stdout) as { id: string }).id;
    const later = new Date(Date.now() + 200 * 86_400_000);
    const held = (await hqRetentionDue(hq.database.db, later)).find((i) => i.subjectId === app.id);
    expect(held).toMatchObject({ ruleId: 'declined-6m', holds: [{ kind: 'legal_hold', reason: '경찰청 자료 보존 요청 (2026-11-30)' }] });

    const lifted = await cli('retention', 'unhold', holdId, '--reason', '요청 기관 보존 종료 통보');
    expect(lifted.exitCode, lifted.stderr).toBe(0);
    expect(JSON.parse(lifted.stdout)).toMatchObject({ id: holdId, liftReason: '요청 기관 보존 종료 통보', liftedBy: '관리자 토큰 (cli hq 자동화)' });
    expect((await hqRetentionDue(hq.database.db, later)).find((i) => i.subjectId === app.id)).toMatchObject({ holds: [] });

    const list = await cli('retention', 'holds');
    expect(list.exitCode, list.stderr).toBe(0);
    const items = (JSON.parse(list.stdout) as { items: { id: string; reason: string; placedBy: string; placedAt: string; liftedAt: string | null }[] }).items;
    // Nothing deleted: the lifted hold stays, with its reason and who placed it; the first test's hold is still open (listed first).
    expect(items).toHaveLength(2);
    expect(items[0]!.liftedAt).toBeNull();
    expect(items[1]).toMatchObject({ id: holdId, reason: '경찰청 자료 보존 요청 (2026-11-30)', placedBy: '관리자 토큰 (cli hq 자동화)' });
    expect(items[1]!.liftedAt).not.toBeNull();
    const audited = await q<{ action: string }>(hq.database.db, sql`select action from audit_log where action in ('retention.hold', 'retention.unhold') and target_id = ${app.customerId} order by id`);
    expect(audited.map((a) => a.action)).toEqual(['retention.hold', 'retention.unhold']);
  });

  it('bad hold requests are refused with what to fix, never a 5xx: no reason, unknown kind or id, a second open hold, lifting twice or an unknown hold', async () => {
    const post = (url: string, payload: unknown) => hq.app.inject({ method: 'POST', url, headers: headers(), payload: payload as object });
    // An application no hold covers (the first test's and the lifted customer hold aside).
    const appId = (
      await q<{ id: string }>(
        hq.database.db,
        sql`select id from records a where entity = 'application' and not deleted and not exists (select 1 from retention_holds h where h.subject_id = a.id) limit 1`,
      )
    )[0]!.id;

    const noReason = await post(RETENTION_ADMIN_PATHS.holds, { subjectKind: 'application', subjectId: appId, reason: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json<{ error: { message: string } }>().error.message).toContain('보존 사유');
    const badKind = await post(RETENTION_ADMIN_PATHS.holds, { subjectKind: 'ticket', subjectId: appId, reason: '소송' });
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json<{ error: { message: string } }>().error.message).toContain('subjectKind');
    const unknown = await post(RETENTION_ADMIN_PATHS.holds, { subjectKind: 'customer', subjectId: '00000000-0000-7000-8000-000000000000', reason: '소송' });
    expect(unknown.statusCode).toBe(404);
    const notJson = await hq.app.inject({ method: 'POST', url: RETENTION_ADMIN_PATHS.holds, headers: { ...headers(), 'content-type': 'application/json' }, payload: '{"subjectKind":' });
    expect(notJson.statusCode).toBe(400);

    const first = await post(RETENTION_ADMIN_PATHS.holds, { subjectKind: 'application', subjectId: appId, reason: '감사 자료' });
    expect(first.statusCode).toBe(200);
    const second = await post(RETENTION_ADMIN_PATHS.holds, { subjectKind: 'application', subjectId: appId, reason: '감사 자료' });
    expect(second.statusCode).toBe(409);
    expect(second.json<{ error: { message: string } }>().error.message).toContain('이미 법적 보존 조치');
    const liftPath = RETENTION_ADMIN_PATHS.liftHold.replace(':id', first.json<{ id: string }>().id);
    expect((await post(liftPath, {})).statusCode).toBe(400);
    expect((await post(liftPath, { reason: '감사 종료' })).statusCode).toBe(200);
    const twice = await post(liftPath, { reason: '감사 종료' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json<{ error: { message: string } }>().error.message).toContain('이미');
    expect((await post(RETENTION_ADMIN_PATHS.liftHold.replace(':id', 'not-a-uuid'), { reason: 'x' })).statusCode).toBe(400);
    expect((await post(RETENTION_ADMIN_PATHS.liftHold.replace(':id', '00000000-0000-7000-8000-000000000000'), { reason: 'x' })).statusCode).toBe(404);

    const cliNoReason = await cli('retention', 'hold', 'application', appId);
    expect(cliNoReason.exitCode).not.toBe(0);
    expect(cliNoReason.stderr).toContain('보존 사유');
  });
  it("a device's delete of a quote version or a signature of a held application is refused (legal_hold) and HQ keeps them; the same deletes of an application no hold covers are not refused for a hold", async () => {
    const base = sampleApplication();
    const held = await core.invoke('applications.create', { ...base, customer: { ...base.customer, name: '(주)견적보존', businessNumber: businessNumberFor(823) } });
    const free = await core.invoke('applications.create', { ...base, customer: { ...base.customer, name: '(주)견적자유', businessNumber: businessNumberFor(824) } });
    for (const app of [held, free]) {
      await core.invoke('quotes.save', { applicationId: app.id, term: '36m', items: [{ code: 'asp-basic', quantity: 40 }] });
      await signAreas(core, app.id, '1', ['applicant']);
    }
    await core.ctx.sync.engine.sync();
    const placed = await cli('retention', 'hold', 'application', held.id, '--reason', '견적 분쟁 증거 보전');
    expect(placed.exitCode, placed.stderr).toBe(0);

    const recordsOf = (appId: string) =>
      q<{ entity: string; id: string; version: number }>(
        hq.database.db,
        sql`select r.entity, r.id, r.version from records r where not r.deleted and (
              (r.entity = 'quote_version' and r.fields->>'quoteId' in (select id from records where entity = 'quote' and fields->>'applicationId' = ${appId}))
           or (r.entity = 'signature' and r.fields->>'documentId' in (select id from records where entity = 'document' and fields->>'applicationId' = ${appId})))
            order by r.entity, r.id`,
      );
    const heldRecords = await recordsOf(held.id);
    expect(heldRecords.map((r) => r.entity)).toEqual(expect.arrayContaining(['quote_version', 'signature']));
    const freeRecords = await recordsOf(free.id);
    expect(freeRecords.map((r) => r.entity)).toEqual(expect.arrayContaining(['quote_version', 'signature']));

    const device = await hq.enrollDevice('보존지사', '김보존', 'holds-second-laptop');
    const push = async (records: { entity: string; id: string; version: number }[]) => {
      const res = await hq.app.inject({
        method: 'POST',
        url: '/sync/push',
        headers: { authorization: `Bearer ${device.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
        payload: {
          mutations: records.map((r) => ({ mutationId: uuidv7(), entity: r.entity, entityId: r.id, op: 'delete', fields: {}, baseVersion: r.version, clientTime: new Date().toISOString() })),
        },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ results: { status: string; error?: { code: string; details?: { reason?: string } } }[] }>().results;
    };
    const refused = await push(heldRecords);
    expect(refused.map((r) => [r.status, r.error?.code, r.error?.details?.reason])).toEqual(heldRecords.map(() => ['rejected', 'CONFLICT', 'legal_hold']));
    expect((await recordsOf(held.id)).map((r) => r.id)).toEqual(heldRecords.map((r) => r.id));
    // Without a hold the same kinds of delete are not refused for one (whatever else HQ decides about them).
    const other = await push(freeRecords);
    expect(other.map((r) => r.error?.details?.reason)).not.toContain('legal_hold');
  });
});
