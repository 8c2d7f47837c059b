import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app';
import { openDatabase, q, type Database } from '../../../server/db/open';
import { createAccount } from '../../../server/console/accounts';
import { SESSION_RULES, lockSecondsAfter } from '../../../shared/console/roles';
import { ADMIN_PATHS, APP_VERSION_HEADER, PENDING_HEADER, SYNC_PATHS } from '../../../shared/sync/protocol';
import { Admin, Device, applicationFields, customerFields, newId, quoteVersionFields, request, sha256 } from './client';
import { hqDataDir } from '../../support/hq-data';

/**
 * The HQ console's API (issue 14) on a real HQ app (Fastify, embedded PGlite in a temp folder)
 * listening on loopback, driven over HTTP like the browser does: cookie, CSRF header, roles.
 */
const CONTROL_TOKEN = 'c'.repeat(43);

interface Res {
  status: number;
  json: unknown;
  headers: Headers;
  text: string;
}

/** A browser, as far as the console cares: a cookie jar and the session's CSRF token. */
class Browser {
  cookie = '';
  csrf = '';
  constructor(readonly url: string) {}

  async call(method: string, path: string, body?: unknown, options: { csrf?: string | null; client?: boolean } = {}): Promise<Res> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.client !== false) headers['x-salesdesk-console'] = '1';
    const csrf = options.csrf === undefined ? this.csrf : options.csrf;
    if (method !== 'GET' && csrf !== null) headers['x-csrf-token'] = csrf;
    const res = await fetch(new URL(path, this.url), { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const set = res.headers.get('set-cookie');
    if (set) {
      const pair = set.split(';')[0]!;
      this.cookie = pair.endsWith('=') ? '' : pair;
    }
    // Keep a byte-order mark if there is one (the CSV export starts with it).
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json, headers: res.headers, text };
  }

  async signIn(login: string, password: string): Promise<Res> {
    const res = await this.call('POST', '/console/api/login', { login, password });
    if (res.status === 200) this.csrf = (res.json as { csrfToken: string }).csrfToken;
    return res;
  }
}

const message = (r: Res) => (r.json as { error?: { message?: string } } | undefined)?.error?.message ?? '';

describe('HQ console API', () => {
  let dataDir: string;
  let database: Database;
  let app: FastifyInstance;
  let url: string;
  let adminToken: string;
  let device: Device;
  const passwords = new Map<string, string>();

  /** A signed-in browser for `login` (an account made with a one-time password, then its own). */
  async function as(login: string): Promise<Browser> {
    const b = new Browser(url);
    const res = await b.signIn(login, passwords.get(login)!);
    expect(res.status, message(res)).toBe(200);
    if ((res.json as { user: { mustChangePassword: boolean } }).user.mustChangePassword) {
      const mine = `나만의-비밀번호-${Math.random().toString(36).slice(2)}`;
      const changed = await b.call('POST', '/console/api/password', { current: passwords.get(login), next: mine });
      expect(changed.status, message(changed)).toBe(200);
      passwords.set(login, mine);
    }
    return b;
  }

  async function account(login: string, role: 'order_desk' | 'approver' | 'settlement' | 'admin', name = login): Promise<void> {
    const created = await database.db.transaction((tx) => createAccount(tx, { login, name, role }, { kind: 'cli', login: 'test', name: 'test', ip: null }));
    passwords.set(login, created.password);
  }

  /** A submitted application with a pending discounted quote, pushed by the device. */
  async function submittedApplication(): Promise<{ applicationId: string; quoteVersionId: string }> {
    const customerId = newId();
    const applicationId = newId();
    const quoteId = newId();
    const quoteVersionId = newId();
    const res = await device.push([
      device.mutation('customer', customerId, customerFields(7)),
      device.mutation('application', applicationId, applicationFields(customerId, 'draft')),
      device.mutation('quote', quoteId, { applicationId, latestVersion: 1 }),
      device.mutation('quote_version', quoteVersionId, quoteVersionFields(quoteId, 1)),
      device.mutation('application', applicationId, { status: 'quoted' }),
      device.mutation('application', applicationId, { status: 'signed' }),
      device.mutation('application', applicationId, { status: 'submitted' }),
    ]);
    expect(res.results.map((r) => r.status)).toEqual(Array(7).fill('applied'));
    return { applicationId, quoteVersionId };
  }

  beforeAll(async () => {
    dataDir = hqDataDir('salesdesk-console-');
    database = await openDatabase({ dataDir });
    adminToken = 'sda_test-admin-token-0123456789abcdef';
    app = await buildApp({ database, adminToken, logger: false, console: { controlToken: CONTROL_TOKEN, session: { idleMinutes: 30 } } });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    device = await new Admin(url, adminToken).enroll('강남지사', '영업대표 김', '노트북');
    await account('boss', 'admin', '관리자');
    await account('desk', 'order_desk', '김주문');
    await account('bm', 'approver', '이승인');
    await account('settle', 'settlement', '박정산');
  });

  afterAll(async () => {
    await (app as FastifyInstance | undefined)?.close();
    await (database as Database | undefined)?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('the session cookie is httpOnly, SameSite=Strict and scoped to /console (Secure only behind TLS); the one-time password must be changed first', async () => {
    const b = new Browser(url);
    const res = await b.signIn('desk', passwords.get('desk')!);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/console/);
    expect(cookie).not.toMatch(/Secure/i);
    const blocked = await b.call('GET', '/console/api/applications');
    expect(blocked.status).toBe(403);
    expect(message(blocked)).toContain('임시 비밀번호를 먼저 바꾸세요');
    const weak = await b.call('POST', '/console/api/password', { current: passwords.get('desk'), next: 'short' });
    expect(weak.status).toBe(400);
    expect(message(weak)).toContain(`${SESSION_RULES.passwordMinLength}자 이상`);
    const ok = await b.call('POST', '/console/api/password', { current: passwords.get('desk'), next: '새-비밀번호-0123456789' });
    expect(ok.status).toBe(200);
    passwords.set('desk', '새-비밀번호-0123456789');
    expect((await b.call('GET', '/console/api/applications')).status).toBe(200);
  });

  it('a write without the session’s CSRF token is refused (403) and changes nothing; sign-in without the console header is refused', async () => {
    const { applicationId } = await submittedApplication();
    const desk = await as('desk');
    for (const csrf of [null, 'forged-token']) {
      const res = await desk.call('POST', `/console/api/applications/${applicationId}/so-process`, undefined, { csrf });
      expect(res.status).toBe(403);
      expect(message(res)).toContain('CSRF');
    }
    const detail = await desk.call('GET', `/console/api/applications/${applicationId}`);
    expect((detail.json as { fields: { status: string } }).fields.status).toBe('submitted');
    const plainForm = await new Browser(url).call('POST', '/console/api/login', { login: 'desk', password: passwords.get('desk') }, { client: false });
    expect(plainForm.status).toBe(403);
  });

  it('each role reaches only its own work: the order desk cannot decide quotes, the approver cannot process S/O, settlement cannot manage accounts', async () => {
    const { applicationId, quoteVersionId } = await submittedApplication();
    const desk = await as('desk');
    const bm = await as('bm');
    const settle = await as('settle');
    expect((await desk.call('POST', `/console/api/quotes/${quoteVersionId}/approve`, {})).status).toBe(403);
    expect((await bm.call('POST', `/console/api/applications/${applicationId}/so-process`)).status).toBe(403);
    expect((await settle.call('POST', '/console/api/accounts', { login: 'evil', name: '악당', role: 'admin' })).status).toBe(403);
    expect((await settle.call('GET', '/console/api/audit')).status).toBe(403);
    expect((await desk.call('GET', '/console/api/devices')).status).toBe(403);
    const forbidden = await bm.call('POST', `/console/api/applications/${applicationId}/so-process`);
    expect(message(forbidden)).toContain('권한이 없습니다');
    // Nothing reached without a session at all.
    for (const path of ['/console/api/overview', '/console/api/applications', '/console/api/audit', `/console/api/applications/${applicationId}`]) {
      expect((await new Browser(url).call('GET', path)).status).toBe(401);
    }
  });

  it('S/O in the console assigns the next service number, reaches the device on pull, and is audited with the person, address and before → after', async () => {
    const { applicationId } = await submittedApplication();
    const desk = await as('desk');
    const res = await desk.call('POST', `/console/api/applications/${applicationId}/so-process`);
    expect(res.status, message(res)).toBe(200);
    const { serviceNumber } = res.json as { serviceNumber: string };
    expect(serviceNumber).toMatch(/^J\d{8}$/);
    await device.pullAll();
    expect(device.record('application', applicationId)?.fields).toMatchObject({ status: 'so_processed', serviceNumber });
    const boss = await as('boss');
    const audit = await boss.call('GET', '/console/api/audit', undefined);
    const entry = (audit.json as { items: { action: string; actorLogin: string; actorName: string; ip: string; targetId: string; before: unknown; after: unknown }[] }).items.find(
      (i) => i.action === 'application.so_process' && i.targetId === applicationId,
    );
    expect(entry).toMatchObject({ actorLogin: 'desk', actorName: '김주문', ip: '127.0.0.1', before: { status: 'submitted' }, after: { status: 'so_processed', serviceNumber } });
    // Again: the same number, nothing new.
    const again = await desk.call('POST', `/console/api/applications/${applicationId}/so-process`);
    expect(again.json).toEqual({ serviceNumber, alreadyProcessed: true });
  });

  it('the admin token of cli hq is attributed as a named token in the audit log', async () => {
    const { applicationId } = await submittedApplication();
    const res = await request(url, 'POST', ADMIN_PATHS.soProcess(applicationId), { token: adminToken, body: {} });
    expect(res.status).toBe(200);
    const rows = await q<{ actor_kind: string; actor_login: string }>(
      database.db,
      sql`select actor_kind, actor_login from audit_log where target_id = ${applicationId} and action = 'application.so_process'`,
    );
    expect(rows).toEqual([{ actor_kind: 'token', actor_login: 'admin-token' }]);
  });

  it('returning an application to the rep needs a reason, which the device receives; a move the lifecycle forbids is refused and audited as refused', async () => {
    const { applicationId } = await submittedApplication();
    const desk = await as('desk');
    const noReason = await desk.call('POST', `/console/api/applications/${applicationId}/return`, {});
    expect(noReason.status).toBe(400);
    expect(message(noReason)).toContain('사유');
    const back = await desk.call('POST', `/console/api/applications/${applicationId}/return`, { reason: '사업자등록증 사본이 흐립니다. 다시 올려 주세요.' });
    expect(back.status, message(back)).toBe(200);
    await device.pullAll();
    expect(device.record('application', applicationId)?.fields).toMatchObject({ status: 'rejected', statusReason: '사업자등록증 사본이 흐립니다. 다시 올려 주세요.' });
    const wrong = await desk.call('POST', `/console/api/applications/${applicationId}/status`, { status: 'active' });
    expect(wrong.status).toBe(409);
    const refused = await q<{ outcome: string }>(database.db, sql`select outcome from audit_log where target_id = ${applicationId} and outcome = 'refused'`);
    expect(refused.length).toBe(1);
  });

  it('turning an application down (접수 거절) is final: it needs a reason, is possible only from 제출, reaches the device with the reason, cannot be revised by the rep, and is audited', async () => {
    const { applicationId } = await submittedApplication();
    const desk = await as('desk');
    const bm = await as('bm');
    expect((await bm.call('POST', `/console/api/applications/${applicationId}/decline`, { reason: '권한 없는 사람' })).status).toBe(403);
    for (const body of [{}, { reason: '   ' }, { reason: 'x'.repeat(1001) }, { reason: '사유', extra: 1 }]) {
      const bad = await desk.call('POST', `/console/api/applications/${applicationId}/decline`, body);
      expect(bad.status, message(bad)).toBe(400);
      expect(message(bad)).toMatch(/[가-힣]/);
    }
    const detail = await desk.call('GET', `/console/api/applications/${applicationId}`);
    expect((detail.json as { moves: { to: string; needsReason: boolean }[] }).moves).toContainEqual(expect.objectContaining({ to: 'declined', needsReason: true }));
    const reason = '서비스 제공 지역이 아닙니다. 이 청약은 접수할 수 없습니다.';
    const res = await desk.call('POST', `/console/api/applications/${applicationId}/decline`, { reason });
    expect(res.status, message(res)).toBe(200);
    expect(res.json).toMatchObject({ status: 'declined', unchanged: false });
    await device.pullAll();
    expect(device.record('application', applicationId)?.fields).toMatchObject({ status: 'declined', statusReason: reason });
    // Final: no move out of it — not S/O, not back to the rep, and the device cannot revise it.
    const after = await desk.call('GET', `/console/api/applications/${applicationId}`);
    expect(after.json as { moves: unknown[]; canSoProcess: boolean }).toMatchObject({ moves: [], canSoProcess: false });
    expect((await desk.call('POST', `/console/api/applications/${applicationId}/so-process`)).status).toBe(409);
    expect((await desk.call('POST', `/console/api/applications/${applicationId}/return`, { reason: '다시' })).status).toBe(409);
    const revise = await device.push([device.mutation('application', applicationId, { status: 'draft' })]);
    expect(revise.results[0]!.status === 'rejected' || revise.results[0]!.conflicts.length > 0, JSON.stringify(revise.results[0])).toBe(true);
    await device.pullAll();
    expect(device.record('application', applicationId)?.fields).toMatchObject({ status: 'declined', statusReason: reason });
    const rows = await q<{ actor_login: string; before: unknown; after: unknown; outcome: string }>(
      database.db,
      sql`select actor_login, before, after, outcome from audit_log where target_id = ${applicationId} and action = 'application.status' and outcome = 'ok'`,
    );
    expect(rows).toEqual([{ actor_login: 'desk', before: { status: 'submitted', statusReason: null }, after: { status: 'declined', statusReason: reason }, outcome: 'ok' }]);
    // Only from 제출: once S/O processed, 접수 거절 is no longer the way (직권해지 is).
    const other = await submittedApplication();
    expect((await desk.call('POST', `/console/api/applications/${other.applicationId}/so-process`)).status).toBe(200);
    const late = await desk.call('POST', `/console/api/applications/${other.applicationId}/decline`, { reason: '늦은 거절' });
    expect(late.status).toBe(409);
    expect(message(late)).toContain('접수 거절');
  });

  it('an app older than 접수 거절 (it sends no app version) receives a turned-down application as 반려 marked final, and HQ refuses its resubmission: the older app keeps working and nothing wrong is accepted', async () => {
    const { applicationId } = await submittedApplication();
    const desk = await as('desk');
    const reason = '중복 청약입니다.';
    expect((await desk.call('POST', `/console/api/applications/${applicationId}/decline`, { reason })).status).toBe(200);
    const older = await new Admin(url, adminToken).enroll('강남지사', '영업대표 김', '예전 노트북');
    older.appVersion = null;
    await older.pullAll();
    const seen = older.record('application', applicationId)?.fields;
    expect(seen).toMatchObject({ status: 'rejected' });
    expect(seen?.statusReason).toMatch(/^\[접수 거절 — 최종 결정, 수정·재제출 불가\] 중복 청약입니다\.$/);
    const resubmit = await older.push([older.mutation('application', applicationId, { status: 'submitted' })]);
    expect(resubmit.results[0]!.status === 'rejected' || resubmit.results[0]!.conflicts.length > 0, JSON.stringify(resubmit.results[0])).toBe(true);
    // HQ's record is unchanged, and a current app still sees the real status.
    await device.pullAll();
    expect(device.record('application', applicationId)?.fields).toMatchObject({ status: 'declined', statusReason: reason });
  });

  it('the approver sees the quote against list price and approves it; refusing needs a reason; the device gets the decision', async () => {
    const { quoteVersionId } = await submittedApplication();
    const bm = await as('bm');
    const list = await bm.call('GET', '/console/api/quotes?approval=pending&sort=discount&dir=desc');
    expect((list.json as { items: { id: string }[] }).items.map((i) => i.id)).toContain(quoteVersionId);
    const detail = await bm.call('GET', `/console/api/quotes/${quoteVersionId}`);
    expect(detail.status).toBe(200);
    const refuse = await bm.call('POST', `/console/api/quotes/${quoteVersionId}/refuse`, {});
    expect(refuse.status).toBe(400);
    const approve = await bm.call('POST', `/console/api/quotes/${quoteVersionId}/approve`, { reason: '물량 조건으로 승인' });
    expect(approve.status, message(approve)).toBe(200);
    await device.pullAll();
    expect(device.record('quote_version', quoteVersionId)?.fields).toMatchObject({ approvalStatus: 'approved', approvalReason: '물량 조건으로 승인' });
  });

  it('settlement: a billing request waits in the queue until marked handled, which makes the subscription active on the device', async () => {
    const { applicationId } = await submittedApplication();
    expect((await request(url, 'POST', ADMIN_PATHS.soProcess(applicationId), { token: adminToken, body: {} })).status).toBe(200);
    await device.pullAll();
    for (const status of ['provisioning', 'acceptance', 'open']) {
      const r = await device.push([device.mutation('application', applicationId, { status })]);
      expect(r.results[0]!.status).toBe('applied');
    }
    const r = await device.push([device.mutation('application', applicationId, { status: 'billing_requested', workflow: { settlementRequestedAt: new Date().toISOString(), history: [] } })]);
    expect(r.results[0]!.status).toBe('applied');
    const settle = await as('settle');
    const pending = await settle.call('GET', '/console/api/settlements?state=pending');
    expect((pending.json as { items: { id: string }[] }).items.map((i) => i.id)).toContain(applicationId);
    const handled = await settle.call('POST', `/console/api/settlements/${applicationId}/handled`);
    expect(handled.status, message(handled)).toBe(200);
    await device.pullAll();
    expect(device.record('application', applicationId)?.fields.status).toBe('active');
    const done = await settle.call('GET', '/console/api/settlements?state=handled');
    expect((done.json as { items: { id: string }[] }).items.map((i) => i.id)).toContain(applicationId);
  });

  it('an attachment is served only for the application that names it, only once complete, and each view is audited', async () => {
    const { applicationId } = await submittedApplication();
    const bytes = Buffer.from('%PDF-1.4\n% a tiny test file\n');
    const sha = sha256(bytes);
    const attId = newId();
    const pushed = await device.push([device.mutation('application_attachment', attId, { applicationId, purpose: 'businessRegistration', sha256: sha, fileName: '사업자등록증.pdf' })]);
    expect(pushed.results[0]!.status).toBe('applied');
    const desk = await as('desk');
    const early = await desk.call('GET', `/console/api/applications/${applicationId}/files/${sha}`);
    expect(early.status).toBe(404);
    expect(message(early)).toContain('다 올라오지 않았습니다');
    expect((await device.uploadChunk(sha, 0, bytes.length, bytes)).status).toBe(200);
    const file = await desk.call('GET', `/console/api/applications/${applicationId}/files/${sha}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.text).toBe(bytes.toString());
    const other = await submittedApplication();
    expect((await desk.call('GET', `/console/api/applications/${other.applicationId}/files/${sha}`)).status).toBe(404);
    const views = await q<{ n: number }>(database.db, sql`select count(*)::int as n from audit_log where action = 'file.view' and target_id = ${applicationId}`);
    expect(views[0]!.n).toBe(1);
  });

  it("HQ keeps a submitted application's attachments: a removal made after submission (an older app, a forged push) is refused with the device's words; one the rep made before submitting, arriving later, is taken", async () => {
    const { applicationId } = await submittedApplication();
    const attach = async (appId: string, clientTime?: Date) => {
      const id = newId();
      const sha = sha256(Buffer.from(`첨부 ${id}`));
      const r = await device.push([
        device.mutation('application_attachment', id, { applicationId: appId, purpose: 'businessRegistration', sha256: sha, fileName: '사업자등록증.pdf' }, clientTime ? { clientTime } : {}),
      ]);
      expect(r.results[0]!.status).toBe('applied');
      return id;
    };
    const late = await attach(applicationId);
    const refused = await device.push([device.mutation('application_attachment', late, {}, { op: 'delete', baseVersion: 1 })]);
    expect(refused.results[0]).toMatchObject({ status: 'rejected', error: { code: 'NOT_ALLOWED', details: { reason: 'frozen', part: 'attachment', status: 'submitted' } } });
    expect(refused.results[0]!.error!.message).toContain('첨부 서류를 지울 수 없습니다');
    const kept = await q<{ deleted: boolean }>(database.db, sql`select deleted from records where entity = 'application_attachment' and id = ${late}`);
    expect(kept).toEqual([{ deleted: false }]);

    // Offline: the rep attached a file, removed it, then submitted; the removal reaches HQ after the submission.
    const draftCustomer = newId();
    const draft = newId();
    const hourAgo = new Date(Date.now() - 3_600_000);
    await device.push([
      device.mutation('customer', draftCustomer, customerFields(8), { clientTime: hourAgo }),
      device.mutation('application', draft, applicationFields(draftCustomer, 'draft'), { clientTime: hourAgo }),
    ]);
    const early = await attach(draft, hourAgo);
    const submitted = await device.push([
      device.mutation('application', draft, { status: 'quoted' }),
      device.mutation('application', draft, { status: 'signed' }),
      device.mutation('application', draft, { status: 'submitted' }),
    ]);
    expect(submitted.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const removedBefore = await device.push([device.mutation('application_attachment', early, {}, { op: 'delete', baseVersion: 1, clientTime: new Date(hourAgo.getTime() + 60_000) })]);
    expect(removedBefore.results[0]!.status).toBe('applied');
    const gone = await q<{ deleted: boolean }>(database.db, sql`select deleted from records where entity = 'application_attachment' and id = ${early}`);
    expect(gone).toEqual([{ deleted: true }]);
  });

  it('service targets: everyone reads the targets in force; only an administrator publishes them, checked with the shared schema and audited', async () => {
    const targets = {
      complaint: { simple: 60, general: 6 * 60, complex: 48 * 60 },
      fault: { software: 4 * 60, hardware: 24 * 60 },
      calendar: 'always',
      satisfactionAbovePercent: 95,
      justifiedPer10000Below: 3,
    };
    const desk = await as('desk');
    expect((await desk.call('GET', '/console/api/service-targets')).status).toBe(200);
    expect((await desk.call('POST', '/console/api/service-targets', { targets })).status).toBe(403);
    const boss = await as('boss');
    const bad = await boss.call('POST', '/console/api/service-targets', { targets: { ...targets, calendar: { weekdays: [1, 2, 3, 4, 5], start: '18:00', end: '09:00' } } });
    expect(bad.status).toBe(400);
    expect(message(bad)).toContain('근무 종료 시각(end)은 시작 시각(start)보다 늦어야 합니다');
    const ok = await boss.call('POST', '/console/api/service-targets', { targets });
    expect(ok.status, message(ok)).toBe(200);
    const now = await desk.call('GET', '/console/api/service-targets');
    expect(now.json).toMatchObject({ targets: { complaint: { general: 360 } }, publishedAt: expect.any(String) });
    const audited = await q<{ actor_login: string; outcome: string }>(database.db, sql`select actor_login, outcome from audit_log where action = 'service_targets.publish' order by id`);
    expect(audited).toEqual([{ actor_login: 'boss', outcome: 'ok' }]);
  });

  it('the audit log is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    const refusal = async (statement: Promise<unknown>) => {
      const error = await statement.then(
        () => undefined,
        (e: unknown) => e as Error & { cause?: Error },
      );
      return error?.cause?.message ?? error?.message;
    };
    expect(await refusal(database.db.execute(sql`update audit_log set note = 'tampered'`))).toMatch(/append-only \(UPDATE refused\)/);
    expect(await refusal(database.db.execute(sql`delete from audit_log`))).toMatch(/append-only \(DELETE refused\)/);
    expect(await refusal(database.db.execute(sql`truncate audit_log`))).toMatch(/append-only \(TRUNCATE refused\)/);
    const n = await q<{ n: number }>(database.db, sql`select count(*)::int as n from audit_log where note = 'tampered'`);
    expect(n[0]!.n).toBe(0);
  });

  it('the audit CSV is UTF-8 with a BOM, defuses spreadsheet formulas, and the export is itself audited', async () => {
    const boss = await as('boss');
    // A person whose name is a spreadsheet formula signs in: the name is a whole cell of the export.
    const made = await boss.call('POST', '/console/api/accounts', { login: 'formula', name: '=HYPERLINK("http://x")', role: 'order_desk' });
    expect((await new Browser(url).signIn('formula', (made.json as { password: string }).password)).status).toBe(200);
    // An export needs a reason (issue 17): without one it is refused, with one it is logged.
    expect((await boss.call('GET', '/console/api/audit.csv?q=formula')).status).toBe(400);
    const csv = await boss.call('GET', `/console/api/audit.csv?q=formula&reason=${encodeURIComponent('감사 점검')}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    expect(csv.text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv.text).not.toMatch(/(^|,)"=/m);
    expect(csv.text.split('\r\n')[0]).toContain('시각(UTC)');
    const exported = await q<{ n: number }>(database.db, sql`select count(*)::int as n from audit_log where action = 'audit.export' and actor_login = 'boss'`);
    expect(exported[0]!.n).toBeGreaterThanOrEqual(1);
  });

  it("판매 수수료: settlement reads the month's statement per branch and rep and exports it (audited); only an administrator publishes a plan, checked with the shared schema and audited", async () => {
    const { applicationId } = await submittedApplication();
    expect((await request(url, 'POST', ADMIN_PATHS.soProcess(applicationId), { token: adminToken, body: {} })).status).toBe(200);
    await device.pullAll();
    for (const status of ['provisioning', 'acceptance', 'open']) {
      const r = await device.push([device.mutation('application', applicationId, { status, ...(status === 'open' ? { workflow: { openDate: '2026-11-02', history: [] } } : {}) })]);
      expect(r.results[0]!.status).toBe('applied');
    }
    const settle = await as('settle');
    const statement = await settle.call('GET', '/console/api/commission/statement?month=2026-12&branch=강남지사');
    expect(statement.status, message(statement)).toBe(200);
    const view = statement.json as { month: string; rows: { branch: string; rep: string; subscriptions: number; withoutPlan: number }[] };
    expect(view.month).toBe('2026-12');
    // The test quote's price table has no plan: the subscription is counted as "기준 없음", never silently dropped.
    expect(view.rows).toContainEqual(expect.objectContaining({ branch: '강남지사', rep: '영업대표', withoutPlan: expect.any(Number) as number }));
    expect(view.rows.reduce((n, r) => n + r.subscriptions + r.withoutPlan, 0)).toBeGreaterThanOrEqual(1);
    const badMonth = await settle.call('GET', '/console/api/commission/statement?month=2026-13');
    expect(badMonth.status).toBe(400);
    expect(message(badMonth)).toMatch(/YYYY-MM/);

    const csv = await settle.call('GET', '/console/api/commission/statement.csv?month=2026-12');
    expect(csv.status).toBe(200);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    expect(csv.text.split('\r\n')[0]).toContain('판매자');
    const exported = await q<{ n: number }>(database.db, sql`select count(*)::int as n from audit_log where action = 'commission.export' and actor_login = 'settle'`);
    expect(exported[0]!.n).toBe(1);

    // The order desk does not see commission; settlement cannot publish plans.
    expect((await (await as('desk')).call('GET', '/console/api/commission/statement?month=2026-12')).status).toBe(403);
    const plan = JSON.parse(fs.readFileSync('test/fixtures/commission/kt-bizmeka-2026.json', 'utf8')) as Record<string, unknown>;
    expect((await settle.call('POST', '/console/api/commission/plans', { plan })).status).toBe(403);

    const boss = await as('boss');
    const bad = await boss.call('POST', '/console/api/commission/plans', { plan: { ...plan, status: 'active', rules: [] } });
    expect(bad.status).toBe(400);
    expect(message(bad)).toMatch(/규칙이 하나 이상/);
    const published = await boss.call('POST', '/console/api/commission/plans', { plan });
    expect(published.status, message(published)).toBe(200);
    const version = (published.json as { version: number }).version;
    expect(published.json).toMatchObject({ unchanged: false });
    const plans = (await settle.call('GET', '/console/api/commission/plans')).json as { source: string; planVersion: number | null; status: string }[];
    expect(plans[0]).toMatchObject({ source: 'published', planVersion: version, status: 'active' });
    expect(plans.some((p) => p.source === 'shipped')).toBe(true);
    const audited = await q<{ n: number }>(database.db, sql`select count(*)::int as n from audit_log where action = 'commission_plan.publish' and actor_login = 'boss' and outcome = 'ok'`);
    expect(audited[0]!.n).toBe(1);
  });

  it('wrong passwords back off: after the free failures every try waits longer, even with the right password; unknown logins answer the same', async () => {
    await account('victim', 'order_desk');
    const b = new Browser(url);
    const answers: number[] = [];
    for (let i = 0; i <= SESSION_RULES.freeFailures; i++) answers.push((await b.signIn('victim', `틀림-${i}`)).status);
    expect(answers.every((s) => s === 401)).toBe(true);
    const locked = await b.signIn('victim', passwords.get('victim')!);
    expect(locked.status).toBe(401);
    expect(message(locked)).toContain('잠시 잠겼습니다');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(lockSecondsAfter(SESSION_RULES.freeFailures + 2)).toBe(2 * lockSecondsAfter(SESSION_RULES.freeFailures + 1));
    // A login that does not exist is answered exactly like a known login with a wrong password.
    await account('known', 'order_desk');
    const ghost = new Browser(url);
    const unknown = await ghost.signIn('nobody-here', 'x');
    const knownWrong = await ghost.signIn('known', 'x');
    expect([unknown.status, message(unknown)]).toEqual([knownWrong.status, message(knownWrong)]);
  });

  it('an administrator makes accounts with one-time passwords, can reset and disable them, and cannot remove the last administrator', async () => {
    const boss = await as('boss');
    const made = await boss.call('POST', '/console/api/accounts', { login: 'new.person', name: '새사람', role: 'settlement' });
    expect(made.status, message(made)).toBe(200);
    const otp = (made.json as { password: string }).password;
    expect(otp).toMatch(/^[\w]{4}-[\w]{4}-[\w]{4}-[\w]{4}$/);
    const dup = await boss.call('POST', '/console/api/accounts', { login: 'new.person', name: '또', role: 'settlement' });
    expect(dup.status).toBe(409);
    const accounts = (await boss.call('GET', '/console/api/accounts')).json as { id: number; login: string }[];
    const person = accounts.find((a) => a.login === 'new.person')!;
    const signedIn = new Browser(url);
    expect((await signedIn.signIn('new.person', otp)).status).toBe(200);
    expect((await boss.call('PATCH', `/console/api/accounts/${person.id}`, { disabled: true })).status).toBe(200);
    // Disabling ends that person's sessions at once.
    expect((await signedIn.call('GET', '/console/api/session')).status).toBe(401);
    expect((await new Browser(url).signIn('new.person', otp)).status).toBe(401);
    const me = accounts.find((a) => a.login === 'boss')!;
    const self = await boss.call('PATCH', `/console/api/accounts/${me.id}`, { role: 'order_desk' });
    expect(self.status).toBe(409);
  });

  it('the devices page shows what each device reported at its last sync (app version, changes waiting); a malformed report is a 400 that applies nothing; an older app that reports nothing keeps syncing', async () => {
    const laptop = await new Admin(url, adminToken).enroll('수원지사', '영업대표 한', '보고 노트북');
    const boss = await as('boss');
    const row = async () => {
      const res = await boss.call('GET', `/console/api/devices?q=${encodeURIComponent('보고 노트북')}`);
      expect(res.status, message(res)).toBe(200);
      return (res.json as { items: { name: string; appVersion: string | null; pendingChanges: number | null; lastSeenAt: string | null }[] }).items.find((d) => d.name === '보고 노트북')!;
    };
    // Nothing reported yet (an app older than the report).
    expect(await row()).toMatchObject({ appVersion: null, pendingChanges: null });
    const customerId = newId();
    const sent = await laptop.pushRaw({ mutations: [laptop.mutation('customer', customerId, customerFields(31))] }, { headers: { [APP_VERSION_HEADER]: '1.4.2', [PENDING_HEADER]: '12' } });
    expect(sent.status, JSON.stringify(sent.json)).toBe(200);
    expect(await row()).toMatchObject({ appVersion: '1.4.2', pendingChanges: 12 });
    // The pull at the end of the sync says how many still wait.
    const pulled = await request(url, 'GET', `${SYNC_PATHS.pull}?cursor=0`, { token: laptop.token, headers: { [APP_VERSION_HEADER]: '1.4.2', [PENDING_HEADER]: '0' } });
    expect(pulled.status).toBe(200);
    expect(await row()).toMatchObject({ appVersion: '1.4.2', pendingChanges: 0 });
    // Hostile or broken reports: refused with the header named, nothing of the push applied, the row unchanged.
    const broken: Record<string, string>[] = [
      { [PENDING_HEADER]: '-1' },
      { [PENDING_HEADER]: 'lots' },
      { [PENDING_HEADER]: '99999999999' },
      { [APP_VERSION_HEADER]: '1.0; drop table devices' },
      { [APP_VERSION_HEADER]: 'v'.repeat(41) },
    ];
    for (const headers of broken) {
      const otherId = newId();
      const bad = await laptop.pushRaw({ mutations: [laptop.mutation('customer', otherId, customerFields(32))] }, { headers });
      expect(bad.status, JSON.stringify(headers)).toBe(400);
      expect(JSON.stringify(bad.json)).toMatch(/x-salesdesk-(pending|app-version)/);
      const stored = await q<{ n: number }>(database.db, sql`select count(*)::int as n from records where entity = 'customer' and id = ${otherId}`);
      expect(stored[0]!.n).toBe(0);
    }
    expect(await row()).toMatchObject({ appVersion: '1.4.2', pendingChanges: 0 });
    // An older app sends no report: it syncs, and the last report stays.
    const old = await laptop.pushRaw({ mutations: [laptop.mutation('customer', newId(), customerFields(33))] });
    expect(old.status).toBe(200);
    expect(await row()).toMatchObject({ appVersion: '1.4.2', pendingChanges: 0 });
    // Only an administrator sees devices.
    expect((await (await as('desk')).call('GET', '/console/api/devices')).status).toBe(403);
  });

  it('price tables: an upload is validated with the shared schema, previewed as a diff, published with its effective date, and reaches devices', async () => {
    const boss = await as('boss');
    const base = JSON.parse(fs.readFileSync('resources/catalogs/kt-bizmeka-2014.json', 'utf8')) as { version: string; products: { code: string }[] };
    const bad = await boss.call('POST', '/console/api/catalogs/preview', { catalog: { id: 'x' } });
    expect(bad.status).toBe(400);
    expect(message(bad)).toContain('단가표');
    const next = { ...base, version: '2027.01' };
    const preview = await boss.call('POST', '/console/api/catalogs/preview', { catalog: next, effectiveDate: '2027-01-01' });
    expect(preview.status, message(preview)).toBe(200);
    const changes = (preview.json as { diff: { changes: { path: string; before: unknown; after: unknown }[] } }).diff.changes;
    expect(changes).toEqual(
      expect.arrayContaining([{ path: 'version', kind: 'changed', before: base.version, after: '2027.01' }, expect.objectContaining({ path: 'effectiveDate', after: '2027-01-01' })]),
    );
    const published = await boss.call('POST', '/console/api/catalogs', { catalog: next, effectiveDate: '2027-01-01' });
    expect(published.status, message(published)).toBe(200);
    await device.pullAll();
    const record = [...device.records.entries()].find(([k]) => k.startsWith('catalog:'))?.[1];
    expect(record?.fields).toMatchObject({ catalog: { version: '2027.01', effectiveDate: '2027-01-01' } });
  });

  it('the supplier block and the contact list are published as HQ records every device pulls; a bad business number is refused', async () => {
    const boss = await as('boss');
    const bad = await boss.call('POST', '/console/api/supplier', { supplier: { name: '주식회사 케이티', businessNumber: '123-45-67890', representative: '대표이사', address: '경기도 성남시' } });
    expect(bad.status).toBe(400);
    const supplier = { name: '주식회사 케이티', businessNumber: '102-81-42945', representative: '대표이사', address: '경기도 성남시 분당구 불정로 90' };
    expect((await boss.call('POST', '/console/api/supplier', { supplier })).status).toBe(200);
    const contacts = [{ role: 'S/O 처리', team: '컨설팅지원담당', phone: '02-000-0000' }];
    expect((await boss.call('POST', '/console/api/contacts', { contacts })).status).toBe(200);
    await device.pullAll();
    expect(device.record('supplier', 'hq-supplier')?.fields).toMatchObject({ supplier });
    expect(device.record('contacts', 'hq-contacts')?.fields).toMatchObject({ contacts });
  });

  it('the control route for `hq users add` answers only with the control token', async () => {
    const body = { login: 'via.control', name: '제어', role: 'order_desk' };
    const none = await request(url, 'POST', '/console/api/control/users', { body, protocol: null });
    expect(none.status).toBe(401);
    const wrong = await request(url, 'POST', '/console/api/control/users', { body, protocol: null, headers: { authorization: 'Bearer wrong' } });
    expect(wrong.status).toBe(401);
    const ok = await request(url, 'POST', '/console/api/control/users', { body, protocol: null, headers: { authorization: `Bearer ${CONTROL_TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ login: 'via.control', password: expect.stringMatching(/-/) });
  });

  it('behind TLS (SALESDESK_HQ_SECURE_COOKIES=1) the session cookie is also Secure', async () => {
    const tlsApp = await buildApp({ database, adminToken, logger: false, console: { secureCookies: true } });
    const tlsUrl = await tlsApp.listen({ port: 0, host: '127.0.0.1' });
    try {
      const res = await new Browser(tlsUrl).signIn('boss', passwords.get('boss')!);
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
    } finally {
      await tlsApp.close();
    }
  });

  it('an idle session ends and says why', async () => {
    const idleApp = await buildApp({ database, adminToken, logger: false, console: { session: { idleMinutes: 0.02 } } });
    const idleUrl = await idleApp.listen({ port: 0, host: '127.0.0.1' });
    try {
      const b = new Browser(idleUrl);
      await b.signIn('boss', passwords.get('boss')!);
      const until = Date.now() + 20_000;
      let last: Res = await b.call('GET', '/console/api/session');
      expect(last.status).toBe(200);
      while (last.status === 200 && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 200));
        last = await b.call('GET', '/console/api/session');
      }
      expect(last.status).toBe(401);
      expect(message(last)).toContain('사용하지 않아 로그아웃');
    } finally {
      await idleApp.close();
    }
  });

  it('malformed and hostile input to every console route gets a 4xx with a Korean message, never a 5xx', async () => {
    const boss = await as('boss');
    const routes: [string, string][] = [
      ['GET', '/console/api/applications'],
      ['GET', '/console/api/quotes'],
      ['GET', '/console/api/settlements'],
      ['GET', '/console/api/devices'],
      ['GET', '/console/api/audit'],
      ['GET', '/console/api/overview'],
      ['POST', '/console/api/applications/%ID%/so-process'],
      ['POST', '/console/api/applications/%ID%/return'],
      ['POST', '/console/api/applications/%ID%/decline'],
      ['POST', '/console/api/applications/%ID%/status'],
      ['POST', '/console/api/quotes/%ID%/approve'],
      ['POST', '/console/api/quotes/%ID%/refuse'],
      ['POST', '/console/api/devices/%ID%/revoke'],
      ['POST', '/console/api/enrollment-codes'],
      ['POST', '/console/api/catalogs/preview'],
      ['POST', '/console/api/contacts'],
      ['POST', '/console/api/supplier'],
      ['POST', '/console/api/accounts'],
      ['PATCH', '/console/api/accounts/%ID%'],
      ['POST', '/console/api/password'],
      ['GET', '/console/api/applications/%ID%/files/%ID%'],
    ];
    const statuses: number[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom("'; drop table audit_log;--", '../../etc/passwd', '%00', 'J00000001', newId(), '\u0000\u202e')),
        fc.jsonValue({ maxDepth: 3 }),
        fc.dictionary(fc.constantFrom('q', 'offset', 'limit', 'sort', 'dir', 'status', 'kind', 'staleDays', 'from', 'to'), fc.string({ maxLength: 12 })),
        async ([method, path], id, body, query) => {
          const qs = new URLSearchParams(query).toString();
          const res = await boss.call(method, `${path.replace(/%ID%/g, encodeURIComponent(id))}${qs ? `?${qs}` : ''}`, method === 'GET' ? undefined : body);
          statuses.push(res.status);
          expect(res.status, `${method} ${path} ${res.text.slice(0, 300)}`).toBeLessThan(500);
          if (res.status >= 400) expect(message(res)).toMatch(/[가-힣]/);
        },
      ),
      { numRuns: 250 },
    );
    expect(statuses.some((s) => s >= 400)).toBe(true);
    // The session survived the barrage.
    expect((await boss.call('GET', '/console/api/session')).status).toBe(200);
  });

  it('the console page itself is sent with a strict Content-Security-Policy', async () => {
    const res = await request(url, 'GET', '/console/', { protocol: null });
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const health = await request(url, 'GET', SYNC_PATHS.health, { protocol: null });
    expect(health.status).toBe(200);
  });
});
