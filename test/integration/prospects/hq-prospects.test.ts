/**
 * Prospect lists at HQ (issue 17 item 5) on a real HQ (PGlite, in this process): an import is
 * screened and numbered; a hand-out to a named rep is recorded (who, when, campaign, count) and
 * audited; a second campaign on the same list makes no hand-out until HQ approves it; the rep's
 * device acknowledges, marks results and checks in over its own route; HQ recalls and archives.
 * The admin API is driven through `cli hq prospects …`; the console API needs `prospects.manage`.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { runHqCli } from '../../../electron/hosts/cli-hq';
import { createAccount } from '../../../server/console/accounts';
import { q } from '../../../server/db/open';
import {
  PROSPECT_PATHS,
  PROSPECT_SYNC_PATH,
  type ProspectHandoutResult,
  type ProspectImportResult,
  type ProspectListDetail,
  type ProspectListView,
  type ProspectSyncResponse,
} from '../../../shared/prospects/protocol';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../../shared/sync/protocol';
import { startInProcessHq, type InProcessHq } from '../hq/inprocess';

let hq: InProcessHq;
let url: string;
let device: { deviceId: string; token: string };

const cli = async (args: string[], stdin?: string) => {
  const r = await runHqCli(['hq', 'prospects', ...args, '--server', url, '--admin-token', hq.adminToken], { stdin, env: {} });
  return { ...r, json: (): unknown => JSON.parse(r.stdout) };
};
const ok = async <T>(args: string[], stdin?: string): Promise<T> => {
  const r = await cli(args, stdin);
  expect(r.exitCode, r.stderr).toBe(0);
  return r.json() as T;
};
const deviceSync = async (body: object) => {
  const res = await hq.app.inject({ method: 'POST', url: PROSPECT_SYNC_PATH, headers: { authorization: `Bearer ${device.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) }, payload: body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ProspectSyncResponse>();
};
const nothing = { acknowledged: [], results: [], checkedIn: [] };
const audits = async (action: string) => q<{ actor_login: string; after: Record<string, unknown> }>(hq.database.db, sql`select actor_login, after from audit_log where action = ${action} order by id`);

const ROWS = [
  { company: '가나상사', contact: '김가나', phone: '010-2000-0001' },
  { company: '다라무역', contact: '이다라', phone: '010-2000-0002' },
  { company: '마바산업', contact: '', phone: '02-2000-0003' },
  { company: '사아물산', contact: '박사아', phone: '010-2000-0004' },
  { company: '틀린번호', contact: '', phone: '12-34' },
  { company: '같은번호', contact: '', phone: '01020000001' },
];

beforeAll(async () => {
  hq = await startInProcessHq();
  url = await hq.app.listen({ port: 0, host: '127.0.0.1' });
  device = await hq.enrollDevice('강남지사', '김영업');
  await hq.enrollDevice('강남지사', '박영업');
}, 180_000);
afterAll(async () => {
  await (hq as InProcessHq | undefined)?.close();
});

describe('prospect lists at HQ', { timeout: 180_000 }, () => {
  let list: ProspectListView;

  it('an import is screened (invalid phone, duplicate, already listed, do-not-call) and numbered PL-YYYY-NNNN; nothing is kept when no row passes', async () => {
    const imported = await ok<ProspectImportResult>(['import', '--name', '12월 소상공인 명단', '--source', '제휴사 A'], JSON.stringify(ROWS));
    list = imported.list;
    const year = new Date(Date.now() + 9 * 3_600_000).getUTCFullYear();
    expect(list.number).toBe(`PL-${year}-0001`);
    expect(imported.accepted).toBe(4);
    expect(imported.rejected.map((r) => [r.line, r.reason])).toEqual([
      [5, 'invalid_phone'],
      [6, 'duplicate'],
    ]);
    expect(list).toMatchObject({ entries: 4, available: 4, archivedAt: null, handouts: [], requests: [] });
    expect(list.keepUntil).toBe(`${year + 1}${new Date(Date.now() + 9 * 3_600_000).toISOString().slice(4, 10)}`);

    // CSV: one number already in the open list above, one new; numbered next.
    const csv = '회사명,담당자,전화번호\n"차카, 주식회사",최차카,010-2000-0002\n타파상회,,010-2000-0099\n';
    const second = await ok<ProspectImportResult>(['import', '--name', 'CSV 명단'], csv);
    expect(second.list.number).toBe(`PL-${year}-0002`);
    expect(second.rejected.map((r) => [r.line, r.reason, r.phone])).toEqual([[1, 'already_listed', '010-****-0002']]);

    const none = await cli(['import', '--name', '빈 명단'], JSON.stringify([{ company: '없음', contact: '', phone: '010-2000-0001' }]));
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toMatch(/가져올 수 있는 번호가 없습니다/);
    expect((await q(hq.database.db, sql`select 1 from prospect_lists`)).length).toBe(2);
    expect((await audits('prospects.import')).map((a) => a.after.accepted)).toEqual([4, 1]);
  });

  it('a hand-out to a named rep is recorded (who, when, campaign, count) and audited; the list detail masks every number and its view is logged', async () => {
    const r = await ok<ProspectHandoutResult>(['handout', list.id, '--branch', '강남지사', '--rep', '김영업', '--campaign', '12월 소상공인', '--count', '3']);
    expect(r.status).toBe('handed_out');
    if (r.status !== 'handed_out') return;
    expect(r.handout).toMatchObject({ rep: '김영업', branch: '강남지사', campaign: '12월 소상공인', count: 3, state: 'handed_out', handedBy: '관리자 토큰 (cli hq 자동화)', listNumber: list.number });
    expect(Date.now() - Date.parse(r.handout.handedAt)).toBeLessThan(10 * 60_000);
    expect((await audits('prospects.handout')).map((a) => a.after)).toEqual([expect.objectContaining({ rep: '김영업', campaign: '12월 소상공인', count: 3 })]);

    const detail = await ok<ProspectListDetail>(['list', list.id]);
    expect(detail.available).toBe(1);
    expect(detail.rows.map((x) => x.phone)).toEqual(['010-****-0001', '010-****-0002', '02-****-0003', '010-****-0004']);
    const logged = await q<{ channel: string; subjects: { kind: string; id: string }[] }>(hq.database.db, sql`select channel, subjects from hq_access_log order by seq desc limit 1`);
    expect(logged[0]).toEqual({ channel: 'GET /admin/prospects/lists/:id', subjects: [{ kind: 'prospect_list', id: list.id }] });

    const unknownRep = await cli(['handout', list.id, '--branch', '강남지사', '--rep', '없는사람', '--campaign', '12월 소상공인', '--count', '1']);
    expect(unknownRep.exitCode).toBe(1);
    expect(unknownRep.stderr).toMatch(/없는사람/);
  });

  it("the rep's device gets the hand-out in full over its own route, acknowledges it, marks results and checks it in; results before acknowledgement are refused", async () => {
    const first = await deviceSync(nothing);
    expect(first.handouts).toHaveLength(1);
    const h = first.handouts[0]!;
    expect(h.entries.map((e) => e.phone)).toEqual(['010-2000-0001', '010-2000-0002', '02-2000-0003']);
    const at = () => new Date().toISOString();

    const early = await deviceSync({ ...nothing, results: [{ handoutId: h.id, entryId: h.entries[0]!.id, result: 'called', at: at(), note: null }] });
    expect(early.refused).toEqual([expect.objectContaining({ entryId: h.entries[0]!.id, message: expect.stringMatching(/수령 확인/) as unknown })]);

    const acked = await deviceSync({
      acknowledged: [{ handoutId: h.id, at: at() }],
      results: [
        { handoutId: h.id, entryId: h.entries[0]!.id, result: 'interested', at: at(), note: '다음 주 방문' },
        { handoutId: h.id, entryId: h.entries[1]!.id, result: 'do_not_call', at: at(), note: null },
      ],
      checkedIn: [],
    });
    expect(acked.refused).toEqual([]);
    expect(acked.handouts[0]).toMatchObject({ state: 'acknowledged' });
    expect(acked.handouts[0]!.entries.map((e) => e.result)).toEqual(['interested', 'do_not_call', null]);
    // An identical resend changes nothing and is not refused.
    expect((await deviceSync({ acknowledged: [{ handoutId: h.id, at: at() }], results: [], checkedIn: [] })).refused).toEqual([]);

    const back = await deviceSync({ ...nothing, checkedIn: [{ handoutId: h.id, at: at() }] });
    expect(back).toEqual({ refused: [], handouts: [] });
    const [view] = (await ok<ProspectListView[]>(['list'])).filter((l) => l.id === list.id);
    expect(view!.handouts[0]).toMatchObject({ state: 'checked_in', results: { interested: 1, do_not_call: 1 } });
    // A do-not-call result is screened out of every later import.
    const again = await cli(['import', '--name', '재수입'], JSON.stringify([{ company: '다라무역', contact: '', phone: '010-2000-0002' }]));
    expect(again.stderr).toMatch(/가져올 수 있는 번호가 없습니다/);
  });

  it('a second campaign on the same list makes no hand-out without HQ approval; refused stays refused; approved, it hands out what the campaign has not used', async () => {
    const asked = await ok<ProspectHandoutResult>(['handout', list.id, '--branch', '강남지사', '--rep', '박영업', '--campaign', '1월 재통화', '--count', '10']);
    expect(asked.status).toBe('needs_approval');
    if (asked.status !== 'needs_approval') return;
    expect(asked.request).toMatchObject({ campaign: '1월 재통화', status: 'pending' });
    expect((await q(hq.database.db, sql`select 1 from prospect_handouts where campaign = '1월 재통화'`)).length).toBe(0);

    const other = await ok<ProspectHandoutResult>(['handout', list.id, '--branch', '강남지사', '--rep', '박영업', '--campaign', '2월 특판', '--count', '1']);
    if (other.status !== 'needs_approval') throw new Error('a third campaign needs approval too');
    await ok(['decide', other.request.id, '--refuse', '--note', '같은 달 중복']);
    const refused = await cli(['handout', list.id, '--branch', '강남지사', '--rep', '박영업', '--campaign', '2월 특판', '--count', '1']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/거절/);

    await ok(['decide', asked.request.id, '--approve']);
    const twice = await cli(['decide', asked.request.id, '--refuse']);
    expect(twice.stderr).toMatch(/이미 승인/);
    const handed = await ok<ProspectHandoutResult>(['handout', list.id, '--branch', '강남지사', '--rep', '박영업', '--campaign', '1월 재통화', '--count', '10']);
    if (handed.status !== 'handed_out') throw new Error('approved campaign should hand out');
    // Four entries, one do-not-call: three handed out.
    expect(handed.handout.count).toBe(3);
    expect((await audits('prospects.decide')).map((a) => a.after.status)).toEqual(['refused', 'approved']);
  });

  it("archiving waits until every hand-out is back or recalled; a recalled hand-out leaves the rep's device; the archived list hands out nothing", async () => {
    const out = await cli(['archive', list.id]);
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toMatch(/박영업/);
    const [view] = (await ok<ProspectListView[]>(['list'])).filter((l) => l.id === list.id);
    const open = view!.handouts.find((x) => x.state === 'handed_out')!;
    const recalled = await ok<{ state: string }>(['recall', open.id]);
    expect(recalled.state).toBe('recalled');
    expect((await cli(['recall', open.id])).stderr).toMatch(/회수할 수 없습니다/);

    const archived = await ok<ProspectListView>(['archive', list.id]);
    expect(archived.archivedAt).not.toBeNull();
    expect(archived.handouts.map((x) => x.state)).toEqual(['archived', 'archived']);
    expect(archived.keepUntil >= new Date(Date.now() + 9 * 3_600_000 + 365 * 86_400_000).toISOString().slice(0, 10)).toBe(true);
    const late = await cli(['handout', list.id, '--branch', '강남지사', '--rep', '김영업', '--campaign', '12월 소상공인', '--count', '1']);
    expect(late.stderr).toMatch(/보관/);
  });

  it('the console API needs prospects.manage: an administrator lists, an order-desk account is refused', async () => {
    const actor = { kind: 'cli' as const, login: 'test', name: 'test', ip: null };
    const signIn = async (login: string, role: 'admin' | 'order_desk') => {
      const created = await hq.database.db.transaction((tx) => createAccount(tx, { login, name: login, role }, actor));
      const res = await hq.app.inject({ method: 'POST', url: '/console/api/login', headers: { 'x-salesdesk-console': '1' }, payload: { login, password: created.password } });
      const cookie = res.cookies.find((c) => c.name === 'sd_console')!;
      const headers = { cookie: `${cookie.name}=${cookie.value}`, 'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken, 'x-salesdesk-console': '1' };
      const next = `pw-${crypto.randomBytes(8).toString('hex')}`;
      await hq.app.inject({ method: 'POST', url: '/console/api/password', headers, payload: { current: created.password, next } });
      return headers;
    };
    const admin = await signIn('prospect-admin', 'admin');
    const desk = await signIn('prospect-desk', 'order_desk');
    const listed = await hq.app.inject({ method: 'GET', url: `/console/api${PROSPECT_PATHS.lists}`, headers: admin });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json<ProspectListView[]>().length).toBe(2);
    const refused = await hq.app.inject({ method: 'GET', url: `/console/api${PROSPECT_PATHS.lists}`, headers: desk });
    expect(refused.statusCode).toBe(403);
  });
});
