import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createAccount } from '../../../server/console/accounts';
import { q } from '../../../server/db/open';
import { CONSOLE_API } from '../../../shared/console/api';
import { RETENTION_CONSOLE_PATHS, type LegalHold, type RetentionDueItem } from '../../../shared/privacy/retention';
import { Admin, applicationFields, customerFields, newId } from '../hq/client';
import { startInProcessHq, type InProcessHq } from '../hq/inprocess';

/**
 * The console's 파기 page API (issue 17 item 6): the same work as the admin API's retention routes,
 * under a console session — administrators only; the due list is logged as a view of the
 * applications it names, a destruction as their deletion; holds and destructions are audited with
 * the person, refusals too. A real HQ on PGlite, in this process so the test can age a record.
 */
let hq: InProcessHq;
let url: string;

beforeAll(async () => {
  hq = await startInProcessHq();
  url = await hq.app.listen({ port: 0, host: '127.0.0.1' });
}, 180_000);
afterAll(async () => {
  await (hq as InProcessHq | undefined)?.close();
});

/** A console session of a new account (its one-time password replaced, as a person does first). */
async function signIn(login: string, role: 'admin' | 'order_desk') {
  const created = await hq.database.db.transaction((tx) => createAccount(tx, { login, name: `${login} 님`, role }, { kind: 'cli', login: 'test', name: 'test', ip: null }));
  const res = await hq.app.inject({ method: 'POST', url: '/console/api/login', headers: { 'x-salesdesk-console': '1' }, payload: { login, password: created.password } });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'sd_console')!;
  const headers = { cookie: `${cookie.name}=${cookie.value}`, 'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken, 'x-salesdesk-console': '1' };
  const next = `파기-${role}-새 비밀번호-2026!`;
  const changed = await hq.app.inject({ method: 'POST', url: '/console/api/password', headers, payload: { current: created.password, next } });
  expect(changed.statusCode, changed.body).toBe(200);
  return (method: 'GET' | 'POST', path: string, payload?: unknown) =>
    hq.app.inject({ method, url: `${CONSOLE_API}${path}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
}

describe("the console's 파기 API", { timeout: 240_000 }, () => {
  it('an administrator sees a declined application due, holds it (held, refused), lifts the hold, destroys it and finds the HQ log entry with the confirmer; the order desk is refused every retention route', async () => {
    const device = await new Admin(url, hq.adminToken).enroll('콘솔파기지사', '박파기', 'console-destroy-laptop');
    const customerId = newId();
    const appId = newId();
    const pushed = await device.push([
      device.mutation('customer', customerId, { ...customerFields(7), name: '(주)콘솔파기상사' }),
      device.mutation('application', appId, applicationFields(customerId)),
    ]);
    expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    // HQ declined it seven months ago: the declined-6m rule (HQ confirms) has come due.
    await hq.database.db.execute(sql`update records set fields = jsonb_set(fields, '{status}', '"declined"'), updated_at = now() - interval '7 months' where entity = 'application' and id = ${appId}`);

    const admin = await signIn('retention.admin', 'admin');
    const desk = await signIn('retention.desk', 'order_desk');
    const dueOf = async () => {
      const res = await admin('GET', RETENTION_CONSOLE_PATHS.due);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ items: RetentionDueItem[] }>().items.find((i) => i.subjectId === appId);
    };
    const item = (await dueOf())!;
    expect(item).toMatchObject({ company: '(주)콘솔파기상사', ruleId: 'declined-6m', holds: [] });
    const logged = await q<{ action: string; channel: string }>(
      hq.database.db,
      sql`select action, channel from hq_access_log where subjects @> ${JSON.stringify([{ kind: 'application', id: appId }])}::jsonb order by seq`,
    );
    expect(logged).toContainEqual({ action: 'view', channel: `GET ${CONSOLE_API}${RETENTION_CONSOLE_PATHS.due}` });

    // A hold: the item is listed held with the reason, and a destruction of it is refused saying why.
    const placed = await admin('POST', RETENTION_CONSOLE_PATHS.holds, { subjectKind: 'application', subjectId: appId, reason: '2026가합5678 소송 증거' });
    expect(placed.statusCode, placed.body).toBe(200);
    const hold = placed.json<LegalHold>();
    expect(hold).toMatchObject({ placedBy: 'retention.admin 님 (retention.admin)', liftedAt: null });
    expect((await dueOf())!.holds).toEqual([{ kind: 'legal_hold', reason: '2026가합5678 소송 증거' }]);
    const ref = { subjectId: appId, ruleId: item.ruleId, lastActivityAt: item.lastActivityAt };
    const refused = await admin('POST', RETENTION_CONSOLE_PATHS.destroy, { items: [ref] });
    expect(refused.statusCode, refused.body).toBe(200);
    expect(refused.json()).toMatchObject({ results: [{ subjectId: appId, destroyed: false, refusal: 'held', message: expect.stringContaining('2026가합5678 소송 증거') as string }] });
    // A second hold on the same application is refused (4xx, a clear message) and audited as refused.
    const again = await admin('POST', RETENTION_CONSOLE_PATHS.holds, { subjectKind: 'application', subjectId: appId, reason: '중복' });
    expect(again.statusCode).toBeGreaterThanOrEqual(400);
    expect(again.statusCode).toBeLessThan(500);
    const refusedAudit = await q<{ outcome: string }>(hq.database.db, sql`select outcome from audit_log where action = 'retention.hold' and target_id = ${appId} order by at`);
    expect(refusedAudit.map((r) => r.outcome)).toContain('refused');
    // Lifting needs a reason.
    const noReason = await admin('POST', RETENTION_CONSOLE_PATHS.liftHold.replace(':id', hold.id), {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('해제 사유');
    const lifted = await admin('POST', RETENTION_CONSOLE_PATHS.liftHold.replace(':id', hold.id), { reason: '1심 판결 확정' });
    expect(lifted.statusCode, lifted.body).toBe(200);
    expect(lifted.json<LegalHold>()).toMatchObject({ liftReason: '1심 판결 확정', liftedBy: 'retention.admin 님 (retention.admin)' });
    const holds = (await admin('GET', RETENTION_CONSOLE_PATHS.holds)).json<{ items: LegalHold[] }>().items;
    expect(holds.find((h) => h.id === hold.id)).toMatchObject({ reason: '2026가합5678 소송 증거', liftReason: '1심 판결 확정' });
    expect((await dueOf())!.holds).toEqual([]);

    // Destroyed: logged as a deletion of the application; HQ's log entry names the rule and the confirmer.
    const destroyed = await admin('POST', RETENTION_CONSOLE_PATHS.destroy, { items: [ref] });
    expect(destroyed.statusCode, destroyed.body).toBe(200);
    expect(destroyed.json()).toMatchObject({ results: [{ subjectId: appId, destroyed: true, refusal: null }] });
    const deletes = await q<{ channel: string }>(
      hq.database.db,
      sql`select channel from hq_access_log where action = 'delete' and subjects @> ${JSON.stringify([{ kind: 'application', id: appId }])}::jsonb`,
    );
    expect(deletes).toEqual([{ channel: `POST ${CONSOLE_API}${RETENTION_CONSOLE_PATHS.destroy}` }]);
    expect(await dueOf()).toBeUndefined();
    const log = (await admin('GET', RETENTION_CONSOLE_PATHS.log)).json<{ items: { subjectId: string; origin: string; ruleId: string; confirmedBy: string }[] }>().items;
    expect(log.filter((e) => e.subjectId === appId)).toEqual([expect.objectContaining({ origin: 'hq', ruleId: 'declined-6m', confirmedBy: 'retention.admin 님 (retention.admin)' })]);
    const status = await admin('GET', RETENTION_CONSOLE_PATHS.status);
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({ due: expect.any(Number) as number, held: expect.any(Number) as number });

    // The order desk: every retention route refused (403), nothing changed.
    for (const [method, path] of [
      ['GET', RETENTION_CONSOLE_PATHS.due],
      ['GET', RETENTION_CONSOLE_PATHS.log],
      ['GET', RETENTION_CONSOLE_PATHS.status],
      ['GET', RETENTION_CONSOLE_PATHS.holds],
      ['POST', RETENTION_CONSOLE_PATHS.holds],
      ['POST', RETENTION_CONSOLE_PATHS.liftHold.replace(':id', hold.id)],
      ['POST', RETENTION_CONSOLE_PATHS.destroy],
    ] as const) {
      const res = await desk(method, path, method === 'POST' ? { items: [ref] } : undefined);
      expect(res.statusCode, `${method} ${path}`).toBe(403);
    }
  });
});
