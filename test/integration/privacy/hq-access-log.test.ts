import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Core } from '../../../electron/core/core';
import { runHqCli } from '../../../electron/hosts/cli-hq';
import { createAccount } from '../../../server/console/accounts';
import { q } from '../../../server/db/open';
import { HQ_ROUTE_ACCESS } from '../../../server/privacy/routes';
import { handOutProspects, importProspectList } from '../../../server/prospects/ops';
import { CONSENT_ADMIN_PATHS, CONSENT_CONSOLE_PATHS } from '../../../shared/privacy/consent';
import { PROSPECT_PATHS } from '../../../shared/prospects/protocol';
import { canonicalAccessText, GENESIS_HASH, touchesPersonalData, type AccessEntry } from '../../../shared/privacy/access';
import { ACCESS_LOG_SYNC_PATH, EXPORT_REASON_MISSING, type AccessLogPage } from '../../../shared/privacy/hq';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../../shared/sync/protocol';
import { sampleApplication } from '../../support/fixtures';
import { routeKey, type InProcessHq } from '../hq/inprocess';
import { startHqAndDevice, type HqAndDevice } from '../../support/hq-device';

/**
 * The access log reaches HQ and the console (issue 17): device entries arrive over sync with
 * their chain checked per device; every console and admin-API call that returns or changes
 * personal data writes HQ's own chained entry; an export needs a reason; a tampered entry is
 * named by `cli hq access-log verify`. A real HQ (PGlite, in this process so the test can reach
 * under the triggers as an intruder would), a real core on a real SQLite file.
 */
let hq: InProcessHq;
let url: string;
let core: Core;
let deviceId: string;
let env: HqAndDevice | undefined;
let session: { cookie: string; csrf: string };
const PASSWORD = `privacy-${crypto.randomBytes(8).toString('hex')}`;
const sha = (t: string) => crypto.createHash('sha256').update(t, 'utf8').digest('hex');

/** Values only the seeded customer has: a route that answers with one of them showed personal data. */
const PERSONAL = { name: '(주)접속기록검사상회', representative: '남궁접속', address: '서울특별시 중구 기록로 77, 3층', phone: '02-7777-1357', mobile: '010-9753-1357' };

const consoleHeaders = () => ({ cookie: session.cookie, 'x-csrf-token': session.csrf, 'x-salesdesk-console': '1' });
const adminHeaders = () => ({ authorization: `Bearer ${hq.adminToken}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) });
const hqEntries = async () =>
  q<{ seq: number; actor: string; device: string; channel: string; action: string; subjects: { kind: string; id: string }[]; reason: string | null }>(
    hq.database.db,
    sql`select seq::int as seq, actor, device, channel, action, subjects, reason from hq_access_log order by seq`,
  );
const verifyCli = () => runHqCli(['hq', 'access-log', 'verify', '--server', url, '--admin-token', hq.adminToken], { stdin: undefined, env: {} });

beforeAll(async () => {
  ({ hq, url, core, deviceId } = env = await startHqAndDevice({ branch: '중구지사', rep: '이기록', name: 'privacy-laptop', dataDirPrefix: 'device-privacy-' }));
  const created = await hq.database.db.transaction((tx) =>
    createAccount(tx, { login: 'privacy-admin', name: '개인정보 관리자', role: 'admin' }, { kind: 'cli', login: 'test', name: 'test', ip: null }),
  );
  const login = async (password: string) => {
    const res = await hq.app.inject({ method: 'POST', url: '/console/api/login', headers: { 'x-salesdesk-console': '1' }, payload: { login: 'privacy-admin', password } });
    expect(res.statusCode, res.body).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'sd_console')!;
    session = { cookie: `${cookie.name}=${cookie.value}`, csrf: res.json<{ csrfToken: string }>().csrfToken };
  };
  await login(created.password);
  const changed = await hq.app.inject({ method: 'POST', url: '/console/api/password', headers: consoleHeaders(), payload: { current: created.password, next: PASSWORD } });
  expect(changed.statusCode, changed.body).toBe(200);
});
afterAll(() => env?.close());

describe('device access log → HQ', () => {
  it('the device entries reach HQ across a sync with the device, rep and branch, chain intact; a resend changes nothing', async () => {
    const app = await core.invoke('applications.create', sampleApplication({ customer: { ...sampleApplication().customer, ...PERSONAL } }));
    await core.invoke('applications.get', { id: app.id });
    await core.invoke('tickets.create', { applicationId: app.id, kind: 'complaint', category: 'general', channel: 'phone', description: '접속기록 검사용 민원', receivedBy: '이기록' });
    const onDevice = core.ctx.accessLog.list();
    expect(onDevice.length).toBeGreaterThanOrEqual(3);

    await core.ctx.sync.engine.sync();
    const atHq = await q<{ seq: number; hash: string; branch: string; rep: string }>(
      hq.database.db,
      sql`select l.seq, l.hash, b.name as branch, r.name as rep from device_access_log l join branches b on b.id = l.branch_id join reps r on r.id = l.rep_id where l.device_id = ${deviceId} order by l.seq`,
    );
    expect(atHq.map((r) => [r.seq, r.hash])).toEqual(core.ctx.accessLog.list().map((e) => [e.seq, e.hash]));
    expect(new Set(atHq.map((r) => `${r.branch}/${r.rep}`))).toEqual(new Set(['중구지사/이기록']));
    expect(await q(hq.database.db, sql`select * from access_chain_breaks`)).toEqual([]);

    // The same entries again (the device lost its mark): duplicates, nothing stored twice, no break.
    core.store.sqlite.prepare("DELETE FROM sync_state WHERE key = 'accessLogAcked'").run();
    const before = (await q<{ n: number }>(hq.database.db, sql`select count(*)::int as n from device_access_log`))[0]!.n;
    await core.ctx.sync.engine.sync();
    expect((await q<{ n: number }>(hq.database.db, sql`select count(*)::int as n from device_access_log`))[0]!.n).toBeGreaterThanOrEqual(before);
    const rows = await q<{ seq: number; hash: string }>(hq.database.db, sql`select seq, hash from device_access_log where device_id = ${deviceId} order by seq`);
    expect(rows.map((r) => [r.seq, r.hash])).toEqual(core.ctx.accessLog.list().map((e) => [e.seq, e.hash]));
    expect(await q(hq.database.db, sql`select * from access_chain_breaks`)).toEqual([]);
    const verify = await verifyCli();
    expect(verify.exitCode, verify.stderr).toBe(0);
  }, 120_000);

  it('a device entry that does not hold (changed content, or another entry under a number HQ holds) is kept, reported as a break and named by verify', async () => {
    const other = await hq.enrollDevice('중구지사', '이기록', 'tampered-laptop');
    const entry = (seq: number, prevHash: string, channel = 'customers.get'): AccessEntry => {
      const base = {
        seq,
        id: uuidv7(),
        at: new Date().toISOString(),
        actor: '이기록',
        device: 'tampered-laptop',
        channel,
        action: 'view' as const,
        subjects: [{ kind: 'customer' as const, id: uuidv7() }],
        reason: null,
        prevHash,
      };
      return { ...base, hash: sha(canonicalAccessText(base)) };
    };
    const first = entry(1, GENESIS_HASH);
    const second = entry(2, first.hash);
    const changed = { ...second, channel: 'applications.get' }; // content changed after hashing
    const send = (entries: AccessEntry[]) =>
      hq.app.inject({ method: 'POST', url: ACCESS_LOG_SYNC_PATH, headers: { authorization: `Bearer ${other.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) }, payload: { entries } });
    const res = await send([first, changed]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ stored: 2, duplicate: 0, lastSeq: 2, breaks: [{ seq: 2, problem: 'hash' }] });
    // Another entry 1 for the same device: the stored one stays, the conflict is reported.
    const again = await send([entry(1, GENESIS_HASH, 'applications.list')]);
    expect(again.json()).toMatchObject({ stored: 0, breaks: [{ seq: 1, problem: 'conflict' }] });
    expect((await q<{ n: number }>(hq.database.db, sql`select count(*)::int as n from device_access_log where device_id = ${other.deviceId}`))[0]!.n).toBe(2);

    const verify = await verifyCli();
    expect(verify.exitCode).toBe(1);
    expect(verify.stderr).toContain(other.deviceId);
    expect(verify.stderr).toMatch(/entry 1/);
    // The console shows the broken chain.
    const page = await hq.app.inject({ method: 'GET', url: '/console/api/access-log', headers: consoleHeaders() });
    expect(page.json<AccessLogPage>().breaks.map((b) => b.deviceId)).toContain(other.deviceId);
  });

  it('the device log at HQ is append-only: UPDATE and DELETE are refused by the database', async () => {
    const refusal = async (query: ReturnType<typeof sql>) => {
      try {
        await hq.database.db.execute(query);
        return 'allowed';
      } catch (error) {
        return String((error as { cause?: unknown }).cause ?? error);
      }
    };
    expect(await refusal(sql`update device_access_log set actor = '다른 사람'`)).toMatch(/append-only/);
    expect(await refusal(sql`delete from device_access_log`)).toMatch(/append-only/);
    expect(await refusal(sql`truncate hq_access_log`)).toMatch(/append-only/);
    expect(await refusal(sql`truncate access_chain_breaks`)).toMatch(/append-only/);
  });
});

describe('HQ access log', () => {
  it('viewing an application in the console writes an entry: HQ account, address, the application and its customer', async () => {
    const list = await hq.app.inject({ method: 'GET', url: '/console/api/applications', headers: consoleHeaders() });
    const id = list.json<{ items: { id: string }[] }>().items[0]!.id;
    const before = (await hqEntries()).length;
    const detail = await hq.app.inject({ method: 'GET', url: `/console/api/applications/${id}`, headers: consoleHeaders(), remoteAddress: '10.20.30.40' });
    expect(detail.statusCode).toBe(200);
    const added = (await hqEntries()).slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ actor: 'privacy-admin', device: 'ip:10.20.30.40', channel: 'GET /console/api/applications/:id', action: 'view', reason: null });
    expect(added[0]!.subjects.map((s) => s.kind).sort()).toEqual(['application', 'customer']);
  });

  it('an export without a reason is refused with a Korean message and leaves nothing; with a reason it is logged with it', async () => {
    const before = (await hqEntries()).length;
    for (const path of ['/console/api/access-log.csv', '/console/api/audit.csv']) {
      const refused = await hq.app.inject({ method: 'GET', url: path, headers: consoleHeaders() });
      expect(refused.statusCode, path).toBe(400);
      expect(refused.json<{ error: { message: string } }>().error.message).toBe(EXPORT_REASON_MISSING);
      const blank = await hq.app.inject({ method: 'GET', url: `${path}?reason=%20%20`, headers: consoleHeaders() });
      expect(blank.statusCode, path).toBe(400);
    }
    expect((await hqEntries()).length).toBe(before);
    const ok = await hq.app.inject({ method: 'GET', url: `/console/api/access-log.csv?reason=${encodeURIComponent('12월 월간 점검 보고')}`, headers: consoleHeaders() });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('applications.get');
    const last = (await hqEntries()).at(-1)!;
    expect(last).toMatchObject({ action: 'export', reason: '12월 월간 점검 보고', channel: 'GET /console/api/access-log.csv' });
    const audit = await hq.app.inject({ method: 'GET', url: `/console/api/audit.csv?reason=${encodeURIComponent('감사 점검')}`, headers: consoleHeaders() });
    expect(audit.statusCode, audit.body).toBe(200);
    expect((await hqEntries()).at(-1)).toMatchObject({ action: 'export', reason: '감사 점검', channel: 'GET /console/api/audit.csv' });
  });

  it('a changed HQ entry is detected: verify names the first broken link and exits 1', async () => {
    expect((await verifyCli()).stderr).not.toMatch(/HQ 접속기록/);
    const seq = (await hqEntries())[0]!.seq;
    // An intruder with database rights switches the triggers off and rewrites whose data it was.
    await hq.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update hq_access_log set subjects = '[{"kind":"application","id":"someone-else"}]'::jsonb where seq = ${seq}`);
    });
    const verify = await verifyCli();
    expect(verify.exitCode).toBe(1);
    expect(verify.stderr).toContain('HQ 접속기록');
    expect(verify.stderr).toContain(`entry ${seq}:`);
  });

  it('route walk: every console and admin route that answers with a customer personal data writes an entry; routes declared without personal data never show it', async () => {
    const appId = (await q<{ id: string }>(hq.database.db, sql`select id from records where entity = 'application' limit 1`))[0]!.id;
    const ticketId = (await q<{ id: string }>(hq.database.db, sql`select id from records where entity = 'ticket' limit 1`))[0]!.id;
    const quoteId = (await q<{ id: string }>(hq.database.db, sql`select id from records where entity = 'quote_version' limit 1`))[0]?.id ?? uuidv7();
    // The seeded customer on a prospect list (handed out, a second campaign waiting for approval) and
    // with a withdrawn marketing consent, so the list, hand-out, request and consent routes have
    // personal data to show.
    const list = await importProspectList(hq.database, { name: '접속기록 검사 명단', rows: [{ company: PERSONAL.name, contact: PERSONAL.representative, phone: '010-2468-1357' }] });
    const handed = await handOutProspects(hq.database, list.list.id, { branch: '중구지사', rep: '이기록', campaign: '검사 캠페인', count: 1 });
    const second = await handOutProspects(hq.database, list.list.id, { branch: '중구지사', rep: '이기록', campaign: '두 번째 캠페인', count: 1 });
    const handoutId = handed.status === 'handed_out' ? handed.handout.id : uuidv7();
    const requestId = second.status === 'needs_approval' ? second.request.id : uuidv7();
    const deviceApp = (await core.invoke('applications.list', {})).items[0]!.id;
    await core.invoke('consents.record', { applicationId: deviceApp, purpose: 'marketing', action: 'agree' });
    await core.invoke('consents.withdraw', { applicationId: deviceApp, purpose: 'marketing' });
    await core.ctx.sync.engine.sync();
    const ids = [appId, ticketId, quoteId, list.list.id, handoutId, requestId];
    const showedPersonal = new Set<string>();
    const declared = new Set(Object.keys(HQ_ROUTE_ACCESS));
    const walked = hq.routes.filter((r) => r.url.startsWith('/admin/') || (r.url.startsWith('/console/api/') && r.url !== '/console/api/login' && !r.url.startsWith('/console/api/control/')));
    const leaks: string[] = [];
    let shown = 0;
    for (const route of walked) {
      const key = routeKey(route.method === 'HEAD' ? 'GET' : route.method, route.url);
      expect(declared, `${key} is not declared in HQ_ROUTE_ACCESS`).toContain(key);
      if (route.url === '/console/api/logout' || route.method === 'HEAD') continue;
      for (const id of route.url.includes(':id') ? ids : [appId]) {
        const path = route.url.replace(':id', id).replace(':sha256', 'a'.repeat(64)) + (route.url.endsWith('.csv') ? '?reason=route-walk' : '');
        const before = (await hqEntries()).length;
        const res = await hq.app.inject({
          method: route.method as 'GET',
          url: path,
          headers: route.url.startsWith('/admin/') ? adminHeaders() : consoleHeaders(),
          ...(route.method === 'GET' ? {} : { payload: {} }),
        });
        expect(res.statusCode, key).toBeLessThan(500);
        const showsPersonal = Object.values(PERSONAL).some((v) => res.body.includes(v));
        if (!showsPersonal) continue;
        shown += 1;
        showedPersonal.add(key);
        const logged = (await hqEntries()).length > before;
        const declaration = HQ_ROUTE_ACCESS[key]!;
        if (!logged || !touchesPersonalData(declaration)) leaks.push(`${key} (${path})`);
      }
    }
    expect(leaks, 'routes that showed personal data without writing an access-log entry').toEqual([]);
    // The walk saw real personal data (the lists, the detail page, the ticket board).
    expect(shown).toBeGreaterThanOrEqual(3);
    // … and the privacy routes of issue 17: the consent withdrawals (admin API and console) and a prospect list's detail.
    expect([...showedPersonal]).toEqual(
      expect.arrayContaining([
        `GET ${CONSENT_ADMIN_PATHS.withdrawn}`,
        `GET /console/api${CONSENT_CONSOLE_PATHS.withdrawn}`,
        `GET /admin${PROSPECT_PATHS.list(':id')}`,
        `GET /console/api${PROSPECT_PATHS.list(':id')}`,
      ]),
    );
  }, 120_000);
});
