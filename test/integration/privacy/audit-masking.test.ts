import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createAccount } from '../../../server/console/accounts';
import { audit } from '../../../server/console/audit';
import { q } from '../../../server/db/open';
import type { AuditRow, Page } from '../../../shared/console/api';
import { startInProcessHq, type InProcessHq } from '../hq/inprocess';

/**
 * 감사 기록 shows less (issue 17 item 4): the list masks phone numbers, addresses and 대표자 in an
 * entry's before → after with the shared masking functions; the entry opened alone
 * (`GET /console/api/audit/:id`) shows them whole and is logged as a view of its target. A real HQ
 * on PGlite in this process, a real console session.
 */
let hq: InProcessHq;
let session: { cookie: string; csrf: string };
const headers = () => ({ cookie: session.cookie, 'x-csrf-token': session.csrf, 'x-salesdesk-console': '1' });
const APP_ID = '01930000-0000-7000-8000-00000000a0d1';
const BEFORE = { customer: { name: '(주)감사가림', representative: '홍길동', phone: '02-3456-7890', mobile: '010-1234-5678', address: '서울특별시 강남구 테헤란로 1, 3층' } };
const AFTER = { customer: { ...BEFORE.customer, phone: '02-9876-5432' }, billing: [{ address: '부산광역시 해운대구 센텀로 9' }] };

beforeAll(async () => {
  hq = await startInProcessHq();
  const created = await hq.database.db.transaction((tx) => createAccount(tx, { login: 'audit-admin', name: '감사 관리자', role: 'admin' }, { kind: 'cli', login: 'test', name: 'test', ip: null }));
  const login = async (password: string) => {
    const res = await hq.app.inject({ method: 'POST', url: '/console/api/login', headers: { 'x-salesdesk-console': '1' }, payload: { login: 'audit-admin', password } });
    expect(res.statusCode, res.body).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'sd_console')!;
    session = { cookie: `${cookie.name}=${cookie.value}`, csrf: res.json<{ csrfToken: string }>().csrfToken };
  };
  await login(created.password);
  const changed = await hq.app.inject({
    method: 'POST',
    url: '/console/api/password',
    headers: headers(),
    payload: { current: created.password, next: `audit-${crypto.randomBytes(8).toString('hex')}` },
  });
  expect(changed.statusCode, changed.body).toBe(200);
  await audit(hq.database.db, { kind: 'cli', login: 'test', name: 'test', ip: null }, { action: 'application.edit', targetKind: 'application', targetId: APP_ID, before: BEFORE, after: AFTER });
}, 300_000);
afterAll(async () => {
  await (hq as InProcessHq | undefined)?.close();
});

describe('감사 기록 masks personal values in the list', { timeout: 240_000 }, () => {
  it("the list shows the entry's phone numbers, addresses and 대표자 masked (010-****-5678, 서울특별시 강남구 ***, 홍*동); opening the one entry shows them whole and logs a view of the application", async () => {
    const list = await hq.app.inject({ method: 'GET', url: `/console/api/audit?action=application.edit`, headers: headers() });
    expect(list.statusCode, list.body).toBe(200);
    const row = list.json<Page<AuditRow>>().items.find((r) => r.targetId === APP_ID)!;
    expect(row.before).toEqual({ customer: { name: '(주)감사가림', representative: '홍*동', phone: '02-****-7890', mobile: '010-****-5678', address: '서울특별시 강남구 ***' } });
    expect(row.after).toMatchObject({ customer: { phone: '02-****-5432' }, billing: [{ address: '부산광역시 해운대구 ***' }] });
    for (const whole of ['홍길동', '3456', '1234-5678', '테헤란로', '센텀로', '9876']) expect(list.body, whole).not.toContain(whole);

    const opened = await hq.app.inject({ method: 'GET', url: `/console/api/audit/${String(row.id)}`, headers: headers() });
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json<AuditRow>()).toMatchObject({ id: row.id, before: BEFORE, after: AFTER });
    const logged = await q<{ subjects: { kind: string; id: string }[] }>(hq.database.db, sql`select subjects from hq_access_log where channel = 'GET /console/api/audit/:id'`);
    expect(logged).toEqual([{ subjects: [{ kind: 'application', id: APP_ID }] }]);

    const missing = await hq.app.inject({ method: 'GET', url: '/console/api/audit/999999999', headers: headers() });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ error: { message: string } }>().error.message).toContain('감사 기록');
    expect((await hq.app.inject({ method: 'GET', url: '/console/api/audit/abc', headers: headers() })).statusCode).toBe(400);
  });
});
